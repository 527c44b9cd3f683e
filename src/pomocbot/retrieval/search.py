"""Hybrid search over one knowledge index: dense, BM25 over stems and n-grams, fused, with RM3 and a prior.

:meth:`pomocbot.retrieval.index.KnowledgeIndex.search` checks the query and
calls :func:`hybrid_search`; the turn pipeline calls it through
``search_prepared`` with the query it already checked and embedded, so one
message is prepared and embedded once.

A metadata filter (``{"tenant": "sklep-a"}``, ``jsonb @>`` semantics, see
:mod:`pomocbot.retrieval.filters`) keeps the same chunks on every side: a
shared pgvector store applies it in SQL, the FAISS store's dense side scores
the matching chunks exactly (their vectors times the query: as fast as a flat
search over that many, and never short of results as an over-fetch can be),
and BM25's scores of other chunks are zeroed before the top is taken.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np

from pomocbot.config import AssistantConfig, FusionMode
from pomocbot.knowledge.chunker import Chunk
from pomocbot.retrieval.fusion import RankedList, reciprocal_rank_fusion, zscore_fusion_arrays
from pomocbot.retrieval.lexical import BM25Index, PolishAnalyzer
from pomocbot.retrieval.shared_index import filter_keys
from pomocbot.text.questions import question_type
from pomocbot.types import Hit

__all__ = ["SearchableIndex", "hybrid_search"]


class SearchableIndex(Protocol):
    """What a search reads of :class:`~pomocbot.retrieval.index.KnowledgeIndex`."""

    config: AssistantConfig
    chunks: dict[int, Chunk]
    store: Any  # FaissVectorStore or PgVectorStore (see pomocbot.retrieval.shared_index)
    shared: bool
    filtered: dict[str, np.ndarray]
    stems: BM25Index
    ngrams: BM25Index
    analyzer: PolishAnalyzer

    def query_vector(self, query: str) -> np.ndarray: ...

    def yes_no_keys(self) -> np.ndarray: ...


def hybrid_search(index: SearchableIndex, query: str, k: int, query_vector: np.ndarray | None = None,
                  filters: dict[str, Any] | None = None) -> list[Hit]:
    """Top ``k`` chunks for a prepared ``query`` (see :func:`~pomocbot.retrieval.query.prepare_query`).

    ``query_vector`` is the query's embedding when the caller has it; it is
    computed here otherwise (and only when the fusion mode reads it).
    ``filters`` (checked by the caller) keeps chunks whose metadata contains it.
    """
    rc = index.config.retrieval
    if not index.chunks:
        return []
    allowed = filter_keys(index, filters) if filters else None
    if allowed is not None and not len(allowed):
        return []  # no chunk here matches (a shared store's other chunks would be dropped as unknown)
    pool = min(max(rc.candidates, k), len(index.chunks))
    mode = rc.fusion
    lists: dict[str, RankedList] = {}
    if mode is FusionMode.LEXICAL:
        query_vector = None  # the dense scores are not part of a lexical search
    else:
        if query_vector is None:
            query_vector = index.query_vector(query)
        # the FAISS knobs are query-time settings: a config changed since the build applies now
        index.store.set_search_params(hnsw_ef_search=rc.hnsw_ef_search, ivf_nprobe=rc.ivf_nprobe,
                                      search_threads=rc.search_threads)
        ids, scores = _dense(index, query_vector, pool, filters, allowed)
        lists["dense"] = RankedList(ids, scores)
    lexical_scores: dict[str, np.ndarray] = {}
    query_terms: dict[str, list[str]] = {}
    if mode is not FusionMode.DENSE:
        query_terms = {"stems": index.analyzer.query_stems(query), "ngrams": index.analyzer.ngrams(query)}
        for name, bm25 in (("stems", index.stems), ("ngrams", index.ngrams)):
            scores = bm25.scores(query_terms[name])
            lexical_scores[name] = scores
            lists[name] = _top_positive(bm25.keys, scores, pool, allowed)

    if mode is FusionMode.RRF:
        fused = reciprocal_rank_fusion(lists, k=rc.rrf_k)[:k]
    else:
        weights = rc.weights.model_dump()
        if mode is FusionMode.DENSE:
            weights = {"dense": 1.0}
        elif mode is FusionMode.LEXICAL:
            weights["dense"] = 0.0
        keys, scores = zscore_fusion_arrays(lists, weights)
        if mode is not FusionMode.DENSE and rc.feedback.enabled and len(keys):
            _feedback_pass(index, query_terms, keys, scores, lists, lexical_scores, pool, allowed)
            keys, scores = zscore_fusion_arrays(lists, weights)
        if mode is FusionMode.ZSCORE and rc.answer_type_prior:
            keys, scores = _answer_type_prior(index, query, keys, scores, rc.answer_type_prior)
        fused = list(zip(keys[:k].tolist(), scores[:k].tolist(), strict=True))
    return _hits(index, fused, query_vector, lexical_scores, lists.get("dense"))


def _answer_type_prior(index: SearchableIndex, query: str, keys: np.ndarray, scores: np.ndarray,
                       weight: float) -> tuple[np.ndarray, np.ndarray]:
    """Favour "Tak/Nie" answers for "czy" questions and disfavour them for "jak/ile/…" ones.

    The fused scores are sums of standard scores, so ``weight`` is in
    standard deviations; +1 / -2 were chosen by cross-validation on
    allegro-faq (``benchmarks/retrieval.py``).
    """
    kind = question_type(query)
    if kind == "other":
        return keys, scores
    yes_no = index.yes_no_keys()
    if not len(yes_no):
        return keys, scores
    flags = yes_no[np.minimum(np.searchsorted(yes_no, keys), len(yes_no) - 1)] == keys
    if not flags.any():
        return keys, scores
    scores = scores.copy()
    scores[flags] += weight if kind == "yes_no" else -2.0 * weight
    order = np.lexsort((keys, -scores))
    return keys[order], scores[order]


def _feedback_pass(index: SearchableIndex, query_terms: dict[str, list[str]], fused_keys: np.ndarray,
                   fused_scores: np.ndarray, lists: dict[str, RankedList],
                   lexical_scores: dict[str, np.ndarray], pool: int, allowed: np.ndarray | None) -> None:
    """Re-run both BM25 searches with RM3-expanded queries (replaces their lists and scores in place)."""
    fc = index.config.retrieval.feedback
    top = fused_scores[: fc.documents]
    # Softmax of the fused (standardised) scores: a clear winner lends most of the terms.
    shares = np.exp(top - top.max())
    shares /= shares.sum()
    feedback = list(zip(fused_keys[: fc.documents].tolist(), shares.tolist(), strict=True))
    for name, bm25, terms, expansion in (
        ("stems", index.stems, query_terms["stems"], fc.stem_terms),
        ("ngrams", index.ngrams, query_terms["ngrams"], fc.ngram_terms),
    ):
        weights = bm25.expand(bm25.query_weights(terms), feedback, terms=expansion, weight=fc.weight)
        scores = bm25.weighted_scores(weights)
        lexical_scores[name] = scores
        lists[name] = _top_positive(bm25.keys, scores, pool, allowed)


def _dense(index: SearchableIndex, query_vector: np.ndarray, pool: int, filters: dict[str, Any] | None,
           allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """The dense side's keys and scores, best first, within ``filters`` (``allowed``: the matching keys)."""
    if index.shared:
        ids, scores = index.store.search(query_vector, pool, filters=filters)
        # keys another worker wrote since this one's last refresh have no chunk here yet
        known = np.fromiter((key in index.chunks for key in ids.tolist()), dtype=bool, count=len(ids))
        return (ids, scores) if known.all() else (ids[known], scores[known])
    if allowed is None:
        return index.store.search(query_vector, pool)
    scores = index.store.vectors_for(allowed) @ query_vector
    top = np.argsort(-scores, kind="stable")[:pool]
    return allowed[top], scores[top]


def _hits(index: SearchableIndex, fused: list[tuple[int, float]], query_vector: np.ndarray | None,
          lexical_scores: dict[str, np.ndarray], dense_list: RankedList | None) -> list[Hit]:
    keys = np.array([key for key, _ in fused], dtype=np.int64)
    if query_vector is None or not len(keys):
        dense: list[float | None] = [None] * len(keys)
    elif index.shared and dense_list is not None:
        dense = _shared_dense_scores(index, keys, query_vector, dense_list)
    else:
        dense = (index.store.vectors_for(keys) @ query_vector).tolist()
    indexes = {"stems": index.stems, "ngrams": index.ngrams}
    hits = []
    for rank, ((key, score), dense_score) in enumerate(zip(fused, dense, strict=True), start=1):
        chunk = index.chunks[key]
        lexical = {name: float(scores[indexes[name].position(key)])
                   for name, scores in lexical_scores.items()}
        hits.append(Hit(
            doc_id=chunk.doc_id, chunk_id=chunk.chunk_id, title=chunk.title, text=chunk.text,
            score=float(score), dense_score=dense_score, lexical_score=lexical.get("stems"),
            ngram_score=lexical.get("ngrams"), section=chunk.section, source=chunk.source, rank=rank,
            metadata=dict(chunk.metadata),
        ))
    return hits


def _shared_dense_scores(index: SearchableIndex, keys: np.ndarray, query_vector: np.ndarray,
                         dense_list: RankedList) -> list[float | None]:
    """Hits' cosines from the dense list; only keys it lacks (lexical finds) cost a round trip."""
    known = dict(zip(dense_list.keys.tolist(), np.asarray(dense_list.scores).tolist(), strict=True))
    missing = np.array([key for key in keys.tolist() if key not in known], dtype=np.int64)
    if len(missing):
        known.update(zip(missing.tolist(), (index.store.vectors_for(missing) @ query_vector).tolist(),
                         strict=True))
    return [known[key] for key in keys.tolist()]


def _top_positive(keys: np.ndarray, scores: np.ndarray, pool: int,
                  allowed: np.ndarray | None = None) -> RankedList:
    """The ``pool`` best items with a positive BM25 score, best first (0 = no term matched).

    ``allowed`` (sorted keys): the others count as unmatched (a metadata filter).
    """
    if allowed is not None:
        scores = np.where(np.isin(keys, allowed, assume_unique=True), scores, 0.0)
    positive = np.flatnonzero(scores > 0)
    if len(positive) > pool:
        positive = positive[np.argpartition(-scores[positive], pool - 1)[:pool]]
    order = positive[np.argsort(-scores[positive], kind="stable")]
    return RankedList(keys[order], scores[order].astype(np.float64), pool=pool, floor=0.0)
