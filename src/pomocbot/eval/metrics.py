"""Evaluation metrics: small pure functions over ids, flags and spans.

Ranking metrics are document level with binary relevance: ``ranking`` is a
list of document ids, best first (duplicates, e.g. two chunks of one
document, count once, at their first position: see :func:`unique`). They
agree with ranx's ``recall@k``, ``hit_rate@k``, ``mrr@k`` and ``ndcg@k`` on
the deduplicated ranking (a ranx run cannot repeat a document), checked in
``tests/eval/test_metrics_ranx.py``.
Ratios with an empty denominator are ``None`` (shown as "–" in reports),
never a made-up 0 or 1.

>>> ranking = ["dostawa", "zwroty", "paczkomat"]
>>> (recall_at_k(ranking, {"paczkomat"}, 3), mrr(ranking, {"paczkomat"}),
...  round(ndcg_at_k(ranking, {"paczkomat"}, 3), 3))
(1.0, 0.3333333333333333, 0.5)
>>> (answer_contained("Kosztuje 11,99 zł [1].", ["11,99 zł"]),
...  answer_contained("Kosztuje 111,99 zl", ["11,99 zł"]))
(True, False)
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass

import numpy as np

from pomocbot.text.normalize import fold_diacritics

__all__ = [
    "PrecisionRecall",
    "Span",
    "abstention_scores",
    "answer_contained",
    "calibration_bins",
    "citation_precision",
    "coverage_accuracy_curve",
    "escalation_scores",
    "grounding_rate",
    "hit_at_k",
    "match_spans",
    "mrr",
    "ndcg_at_k",
    "normalize_answer",
    "percentiles",
    "pii_scores",
    "precision_recall",
    "reason_accuracy",
    "recall_at_k",
    "unique",
]

Span = tuple[str, int, int]
"""A personal-data span: (entity type, start, end), end exclusive."""


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


@dataclass(frozen=True)
class PrecisionRecall:
    """Counts and the ratios derived from them (``None`` where a denominator is 0).

    >>> precision_recall(tp=3, fp=1, fn=2).as_dict()
    {'tp': 3, 'fp': 1, 'fn': 2, 'precision': 0.75, 'recall': 0.6, 'f1': 0.6667}
    """

    tp: int
    fp: int
    fn: int
    precision: float | None
    recall: float | None
    f1: float | None

    def as_dict(self, digits: int = 4) -> dict[str, float | int | None]:
        """Counts and rounded ratios, for JSON."""
        return {k: (round(v, digits) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def precision_recall(tp: int, fp: int, fn: int) -> PrecisionRecall:
    """Precision tp/(tp+fp), recall tp/(tp+fn) and their harmonic mean F1."""
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = None
    if precision is not None and recall is not None:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PrecisionRecall(tp, fp, fn, precision, recall, f1)


# -- ranking --------------------------------------------------------------
def unique(ids: Iterable[str]) -> list[str]:
    """``ids`` without repeats, first occurrence kept (chunks -> documents).

    >>> unique(["a", "b", "a", "c"])
    ['a', 'b', 'c']
    """
    return list(dict.fromkeys(ids))


def recall_at_k(ranking: Sequence[str], gold: Collection[str], k: int) -> float | None:
    """Share of the gold documents among the first ``k`` (``None`` without gold)."""
    if not gold:
        return None
    return len(set(gold) & set(unique(ranking)[:k])) / len(set(gold))


def hit_at_k(ranking: Sequence[str], gold: Collection[str], k: int) -> float | None:
    """1.0 when any gold document is among the first ``k`` (success@k), else 0.0; ``None`` without gold."""
    if not gold:
        return None
    return float(bool(set(gold) & set(unique(ranking)[:k])))


def mrr(ranking: Sequence[str], gold: Collection[str], k: int = 10) -> float | None:
    """Reciprocal rank of the first gold document within ``k`` (0 when none), ``None`` without gold."""
    if not gold:
        return None
    return next((1 / rank for rank, doc in enumerate(unique(ranking)[:k], start=1) if doc in gold), 0.0)


def ndcg_at_k(ranking: Sequence[str], gold: Collection[str], k: int = 10) -> float | None:
    """Normalised discounted cumulative gain with binary gains (Järvelin & Kekäläinen, 2002).

    DCG = sum over gold documents at rank r <= k of 1/log2(r + 1); the ideal
    DCG puts all gold documents first. ``None`` without gold. Gold is a set,
    so every gold document gains 1: on graded judgments this is ranx's
    ``ndcg@k`` of the judgments made binary (grade >= 1), not of the grades
    (ranx's gain is the grade).

    >>> round(ndcg_at_k(["x", "a", "b"], {"a", "b"}, 3), 4)
    0.6934
    """
    if not gold:
        return None
    dcg = sum(1 / math.log2(rank + 1) for rank, doc in enumerate(unique(ranking)[:k], start=1) if doc in gold)
    ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(len(set(gold)), k) + 1))
    return dcg / ideal


# -- answers ----------------------------------------------------------------
_MARKER = re.compile(r"\[\d+\]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_DECIMAL = re.compile(r"(?<=\d)[.,](?=\d)")
_TOKEN = re.compile(r"\w+|[^\w\s]")


def normalize_answer(text: str) -> list[str]:
    """Tokens of ``text`` compared by :func:`answer_contained`.

    Case and Polish diacritics are folded ("Zł" = "zl"), citation markers
    ``[1]`` dropped, every dash is "-", a decimal point is a comma ("14.99" =
    "14,99") and whitespace (incl. no-break spaces) is ignored.

    >>> normalize_answer("3–5 dni roboczych [2], 14.99 ZŁ")
    ['3', '-', '5', 'dni', 'roboczych', ',', '14', ',', '99', 'zl']
    """
    text = fold_diacritics(_MARKER.sub(" ", text).casefold())
    text = _DECIMAL.sub(",", _DASHES.sub("-", text))
    return _TOKEN.findall(text)


def answer_contained(answer: str, golds: str | Iterable[str]) -> bool:
    """True when one of ``golds`` occurs in ``answer`` as a whole run of tokens.

    Tokens as :func:`normalize_answer` makes them.

    Token boundaries matter: "14 dni" is not in "114 dni".

    >>> answer_contained("Na zwrot masz 14 dni.", "14 DNI"), answer_contained("Masz 114 dni", "14 dni")
    (True, False)
    """
    tokens = normalize_answer(answer)
    for gold in [golds] if isinstance(golds, str) else golds:
        wanted = normalize_answer(gold)
        n = len(wanted)
        if n and any(tokens[i:i + n] == wanted for i in range(len(tokens) - n + 1)):
            return True
    return False


def abstention_scores(abstained: Sequence[bool], should_abstain: Sequence[bool]) -> PrecisionRecall:
    """Abstention as the positive class: precision = abstentions that were due, recall = due ones made.

    >>> abstention_scores([True, True, False, False], [True, False, True, False]).as_dict()
    {'tp': 1, 'fp': 1, 'fn': 1, 'precision': 0.5, 'recall': 0.5, 'f1': 0.5}
    """
    return _binary(abstained, should_abstain)


def citation_precision(cited: Sequence[Sequence[str]], gold: Sequence[Collection[str]]) -> float | None:
    """Share of all citations (micro average over questions) that cite a gold document.

    Questions without gold are skipped (any citation there is judged by
    abstention, not here).

    >>> citation_precision([["a", "b"], ["c"], []], [{"a"}, {"c"}, {"d"}])
    0.6666666666666666
    """
    right = total = 0
    for docs, golds in zip(cited, gold, strict=True):
        if golds:
            right += sum(doc in golds for doc in docs)
            total += len(docs)
    return _ratio(right, total)


def grounding_rate(supported: Iterable[bool]) -> float | None:
    """Share of verified answer sentences that the grounding verifier found supported.

    >>> grounding_rate([True, True, False, True])
    0.75
    """
    flags = list(supported)
    return _ratio(sum(flags), len(flags))


def coverage_accuracy_curve(confidences: Sequence[float], correct: Sequence[bool],
                            thresholds: Sequence[float] | None = None) -> list[dict[str, float | None]]:
    """Selective answering: for each threshold t, answer when confidence >= t.

    ``coverage`` is the share of questions answered, ``accuracy`` the share
    of answered ones that are correct (``None`` when none is answered).
    Thresholds default to 0, 0.05, ..., 1.

    >>> coverage_accuracy_curve([0.9, 0.6, 0.2], [True, False, False], [0.0, 0.5, 0.8])
    [{'threshold': 0.0, 'coverage': 1.0, 'accuracy': 0.3333}, {'threshold': 0.5, 'coverage': 0.6667, \
'accuracy': 0.5}, {'threshold': 0.8, 'coverage': 0.3333, 'accuracy': 1.0}]
    """
    if thresholds is None:
        thresholds = [round(0.05 * i, 2) for i in range(21)]
    scores, right = _paired(confidences, correct)
    curve = []
    for t in thresholds:
        answered = scores >= t
        kept = int(answered.sum())
        coverage, accuracy = _ratio(kept, len(scores)), _ratio(int(right[answered].sum()), kept)
        curve.append({"threshold": t, "coverage": None if coverage is None else round(coverage, 4),
                      "accuracy": None if accuracy is None else round(accuracy, 4)})
    return curve


def calibration_bins(confidences: Sequence[float], correct: Sequence[bool],
                     bins: int = 10) -> list[dict[str, float | int]]:
    """Reliability table: per confidence bin [lo, hi), the count, mean confidence and accuracy.

    Empty bins are left out; 1.0 falls in the last bin.

    >>> calibration_bins([0.05, 0.15, 0.95, 1.0], [False, True, True, True], bins=2)
    [{'lo': 0.0, 'hi': 0.5, 'n': 2, 'confidence': 0.1, 'accuracy': 0.5}, \
{'lo': 0.5, 'hi': 1.0, 'n': 2, 'confidence': 0.975, 'accuracy': 1.0}]
    """
    scores, right = _paired(confidences, correct)
    table = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins  # not np.linspace: 3 / 10 is 0.3, 0.1 * 3 is not
        members = ((scores >= lo) & (scores < hi)) | ((b == bins - 1) & (scores >= hi))
        if members.any():
            table.append({"lo": round(lo, 4), "hi": round(hi, 4), "n": int(members.sum()),
                          "confidence": round(float(scores[members].mean()), 4),
                          "accuracy": round(float(right[members].mean()), 4)})
    return table


def _paired(confidences: Sequence[float], correct: Sequence[bool]) -> tuple[np.ndarray, np.ndarray]:
    """Confidences as floats and correctness flags as booleans, of the same length."""
    if len(confidences) != len(correct):
        raise ValueError(f"{len(confidences)} confidences but {len(correct)} correctness flags")
    return np.asarray(confidences, dtype=np.float64), np.asarray(correct, dtype=bool)


# -- personal data ------------------------------------------------------------
def match_spans(gold: Sequence[Span], predicted: Sequence[Span],
                rule: str = "overlap") -> list[tuple[int, int]]:
    """Pairs ``(gold index, predicted index)`` of matched spans, each span used at most once.

    Rules: ``"exact"``: same type, start and end; ``"overlap"`` (default):
    same type and at least one character in common. Detectors and annotators
    often disagree by a title or a trailing dot ("Pan Jan Nowak" vs "Jan
    Nowak"), which should not count as both a miss and a false alarm.
    Pairs are taken greedily by the largest overlap first, so one long
    prediction covering two gold names matches only one of them.

    >>> match_spans([("OSOBA", 0, 10), ("PESEL", 20, 31)], [("OSOBA", 4, 10), ("PESEL", 20, 30)])
    [(0, 0), (1, 1)]
    >>> match_spans([("OSOBA", 0, 10)], [("OSOBA", 4, 10)], rule="exact")
    []
    """
    if rule not in ("overlap", "exact"):
        raise ValueError(f"unknown span rule {rule!r}; use 'overlap' or 'exact'")
    candidates = []
    for i, (gtype, gstart, gend) in enumerate(gold):
        for j, (ptype, pstart, pend) in enumerate(predicted):
            if gtype != ptype:
                continue
            if rule == "exact":
                if (gstart, gend) == (pstart, pend):
                    candidates.append((gend - gstart, i, j))
            elif (common := min(gend, pend) - max(gstart, pstart)) > 0:
                candidates.append((common, i, j))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def pii_scores(gold: Sequence[Sequence[Span]], predicted: Sequence[Sequence[Span]],
               rule: str = "overlap") -> dict[str, PrecisionRecall]:
    """Precision, recall and F1 per entity type over many texts, plus ``"ALL"`` (micro average).

    A predicted span matched (see :func:`match_spans`) to a gold span is a
    true positive of its type; an unmatched prediction a false positive; an
    unmatched gold span a false negative.

    >>> scores = pii_scores([[("PESEL", 0, 11), ("OSOBA", 20, 30)]],
    ...                     [[("PESEL", 0, 11), ("TELEFON", 40, 49)]])
    >>> scores["PESEL"].f1, scores["OSOBA"].recall, scores["TELEFON"].precision, scores["ALL"].as_dict()["f1"]
    (1.0, 0.0, 0.0, 0.5)
    """
    counts: dict[str, list[int]] = {}
    for gold_spans, predicted_spans in zip(gold, predicted, strict=True):
        pairs = match_spans(gold_spans, predicted_spans, rule)
        matched_gold = {i for i, _ in pairs}
        matched_pred = {j for _, j in pairs}
        for i, (kind, _, _) in enumerate(gold_spans):
            counts.setdefault(kind, [0, 0, 0])[0 if i in matched_gold else 2] += 1
        for j, (kind, _, _) in enumerate(predicted_spans):
            if j not in matched_pred:
                counts.setdefault(kind, [0, 0, 0])[1] += 1
    scores = {kind: precision_recall(*c) for kind, c in sorted(counts.items())}
    total = [sum(c[n] for c in counts.values()) for n in range(3)]
    scores["ALL"] = precision_recall(*total)
    return scores


# -- escalation -------------------------------------------------------------
def _binary(predicted: Sequence[bool], expected: Sequence[bool]) -> PrecisionRecall:
    pairs = list(zip(predicted, expected, strict=True))
    return precision_recall(tp=sum(p and e for p, e in pairs), fp=sum(p and not e for p, e in pairs),
                            fn=sum(e and not p for p, e in pairs))


def escalation_scores(escalated: Sequence[bool], expected: Sequence[bool]) -> PrecisionRecall:
    """Escalation precision (handed-over conversations that had to be) and recall (must-escalate ones caught).

    >>> escalation_scores([True, True, False, True], [True, False, False, True]).as_dict()["precision"]
    0.6667
    """
    return _binary(escalated, expected)


def reason_accuracy(expected: Sequence[Collection[str]],
                    predicted: Sequence[Collection[str]]) -> float | None:
    """Share of conversations whose expected reason codes are all among the predicted ones.

    Pass only the must-escalate conversations (others expect no reason).

    >>> reason_accuracy([{"complaint"}, {"legal_threat", "complaint"}],
    ...                 [{"complaint", "frustration"}, {"complaint"}])
    0.5
    """
    pairs = list(zip(expected, predicted, strict=True))
    return _ratio(sum(set(e) <= set(p) for e, p in pairs), len(pairs))


# -- latency ----------------------------------------------------------------
def percentiles(samples: Sequence[float], qs: Sequence[float] = (50, 90, 99)) -> dict[str, float | None]:
    """Percentiles ``p50``, ``p90``, ``p99`` by linear interpolation between order statistics.

    ``numpy.percentile`` with ``method="linear"`` (its default; type 7 of
    Hyndman & Fan 1996): position (n - 1) * q / 100 in the sorted samples,
    rounded to 6 digits. ``None`` for no samples.

    >>> percentiles([10.0, 20.0, 30.0, 40.0, 1000.0])
    {'p50': 30.0, 'p90': 616.0, 'p99': 961.6}
    """
    values = np.asarray(samples, dtype=np.float64)
    if not values.size:
        return {f"p{q:g}": None for q in qs}
    found = np.percentile(values, list(qs), method="linear")
    return {f"p{q:g}": round(float(value), 6) for q, value in zip(qs, found, strict=True)}
