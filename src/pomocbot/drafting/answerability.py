"""The signals of :mod:`pomocbot.drafting.confidence`, computed for one answer.

Everything here reads what retrieval and the extractive drafter already
produced (hit scores, the index's idf, the drafter's cached sentence
analysis), so scoring an answer costs no embedding and well under a
millisecond.

>>> from pomocbot.types import Hit
>>> hits = [Hit(doc_id="d", chunk_id="d#0", title="Dostawa", text="Wysyłamy do Niemiec i Czech.", score=2.0,
...             dense_score=0.81, rank=1),
...         Hit(doc_id="z", chunk_id="z#0", title="Zwroty", text="Zwrot w 14 dni.", score=0.5,
...             dense_score=0.78, rank=2),
...         Hit(doc_id="b", chunk_id="b#0", title="BLIK", text="Płać BLIK-iem.", score=0.1, dense_score=0.74,
...             rank=3)]
>>> top = TopChunk(stems=frozenset({"wysyłać", "niemcy", "czechy", "dostawa"}), value_kinds=frozenset(),
...                opens_yes_no=False)
>>> s = answerability_signals("czy wysyłacie do norwegii?", hits, ["wysyłać", "norwegia"], top,
...                           idf=lambda terms: [1.0 if t == "wysyłać" else 3.0 for t in terms],
...                           best_stem_coverage=0.25, best_ngram_coverage=0.3, grounded=1.0)
>>> s.hit_coverage, s.idf_coverage, s.missing_idf, round(s.dense_margin, 2), round(s.dense_spread, 2)
(0.5, 0.25, 1.0, 0.03, 0.05)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from pomocbot.drafting.confidence import ConfidenceSignals
from pomocbot.text.questions import expected_value_kinds, question_type
from pomocbot.types import Hit

__all__ = ["TopChunk", "answerability_signals"]

_MAX_MARGIN = 5.0
_MAX_FUSED = 10.0
_MIN_HITS_TO_COMPARE = 3
"""With fewer hits (a knowledge base of one or two chunks) the signals that compare the top hit with the
others (fused standard scores, margins, agreement) mean nothing: they are left unknown (NaN), and the
model reads them as their training mean."""


@dataclass(frozen=True)
class TopChunk:
    """What the drafter knows of the best retrieved chunk: its stems (with the heading), the kinds of value
    its sentences state, and whether it opens with "Tak"/"Nie"."""

    stems: frozenset[str]
    value_kinds: frozenset[str]
    opens_yes_no: bool


def answerability_signals(question: str, hits: Sequence[Hit], question_stems: Sequence[str], top: TopChunk, *,
                          idf: Callable[[Sequence[str]], list[float]], best_stem_coverage: float,
                          best_ngram_coverage: float, grounded: float, message: str = "",
                          known: Callable[[Sequence[str]], list[bool]] | None = None) -> ConfidenceSignals:
    """Signals of an answer drawn from ``hits`` (best first) to ``question``."""
    first = hits[0]
    terms = list(dict.fromkeys(question_stems))
    present = [term in top.stems for term in terms]
    weights = [max(w, 0.0) for w in idf(terms)] if terms else []
    in_base = known(terms) if known and terms else [True] * len(terms)
    total = sum(weights)
    ceiling = max((w for w, k in zip(weights, in_base, strict=True) if k), default=0.0)
    missing = [w for w, here, k in zip(weights, present, in_base, strict=True) if not here and k]
    dense = [hit.dense_score for hit in hits if hit.dense_score is not None]
    top_dense = float(first.dense_score) if first.dense_score is not None else 0.0
    others = dense[1:] if first.dense_score is not None else dense
    margin = first.score - hits[1].score if len(hits) > 1 else _MAX_MARGIN
    asked = message or question
    expected = expected_value_kinds(asked)
    idf_coverage = sum(w for w, here in zip(weights, present, strict=True) if here) / total if total else 0.0
    signals = ConfidenceSignals(
        stem_coverage=float(best_stem_coverage),
        ngram_coverage=float(best_ngram_coverage),
        hit_coverage=sum(present) / len(terms) if terms else 0.0,
        dense=top_dense,
        margin=float(min(max(margin, 0.0), _MAX_MARGIN)),
        grounded=float(grounded),
        idf_coverage=idf_coverage,
        missing_idf=max(missing, default=0.0) / ceiling if ceiling > 0 else 0.0,
        value_missing=1.0 if expected and not expected & top.value_kinds else 0.0,
        yes_no_match=1.0 if question_type(asked) == "yes_no" and top.opens_yes_no else 0.0,
        dense_margin=top_dense - max(others) if others else 0.0,
        dense_spread=top_dense - sum(others) / len(others) if others else 0.0,
        fused_support=float(min(max(first.score, 0.0), _MAX_FUSED)) * idf_coverage,
        lexical_agreement=_share_of_best(first.lexical_score, [hit.lexical_score for hit in hits]),
        ngram_agreement=_share_of_best(first.ngram_score, [hit.ngram_score for hit in hits]),
        unknown_terms=(len(terms) - sum(in_base)) / len(terms) if terms else 0.0,
    )
    if len(hits) < _MIN_HITS_TO_COMPARE:
        unknown = dict.fromkeys(("margin", "dense_margin", "dense_spread", "fused_support",
                                 "lexical_agreement", "ngram_agreement"), float("nan"))
        signals = replace(signals, **unknown)
    return signals


def _share_of_best(value: float | None, values: Sequence[float | None]) -> float:
    best = max((v for v in values if v is not None), default=0.0)
    return float(value) / best if value is not None and best > 0 else 0.0
