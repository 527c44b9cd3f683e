"""Result models of an evaluation run and the summaries computed from their rows.

Rows hold what one configuration did on one item (question, conversation,
PII case); :func:`summarize_questions` and its siblings turn rows into the
figures of :class:`ConfigResult` with the pure functions of
:mod:`pomocbot.eval.metrics`. PII rows keep types and offsets only, never the
matched text.

>>> row = QuestionRow(id="q1", question="Ile mam dni na zwrot?", gold=["zwroty"], ranked=["zwroty"],
...                   answer="Masz 14 dni [1].", cited=["zwroty"], confidence=0.9, contained=True,
...                   correct=True)
>>> summarize_questions([row], k_values=(1, 5))["recall@1"]
1.0
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field

from pomocbot.eval import metrics

__all__ = [
    "ConfigResult",
    "ConversationRow",
    "EvalReport",
    "PIIRow",
    "QuestionRow",
    "summarize_conversations",
    "summarize_pii",
    "summarize_questions",
]


class QuestionRow(BaseModel):
    """One question answered by one configuration.

    ``question``, ``answer`` and ``expected`` are shown redacted (placeholders
    such as "[PESEL_1]") when the configuration's privacy guard is on; the
    figures were computed on the texts as they were. ``ranked``: distinct
    document ids retrieved for the searched (redacted) query, best first;
    ``answer``: the answer body the assistant gave, or would have given when
    it ``abstained`` (see :func:`pomocbot.eval.evaluate`);
    ``contained``: an expected answer occurs in it (``None`` without one);
    ``correct``: abstained on a should-abstain question, or answered an
    answerable one with the expected value (or, without one, citing a gold
    document first). ``failures`` name what went wrong, in plain words.
    """

    id: str
    question: str
    gold: list[str] = Field(default_factory=list)
    expected: list[str] = Field(default_factory=list, description="acceptable answers")
    should_abstain: bool = False
    ranked: list[str] = Field(default_factory=list)
    answer: str = ""
    abstained: bool = False
    confidence: float = 0.0
    cited: list[str] = Field(default_factory=list)
    contained: bool | None = None
    correct: bool = False
    supported_sentences: int = 0
    verified_sentences: int = 0
    latency_ms: float = 0.0
    search_ms: float = 0.0
    failures: list[str] = Field(default_factory=list)


class ConversationRow(BaseModel):
    """One conversation played turn by turn: what the escalation policy decided."""

    id: str
    turns: int
    expected_escalate: bool
    expected_reasons: list[str] = Field(default_factory=list)
    expected_priority: str | None = None
    expected_queue: str | None = None
    expected_turn: int | None = None
    escalated: bool = False
    first_turn: int | None = None
    reasons: list[str] = Field(default_factory=list)
    priority: str | None = None
    queue: str | None = None
    latency_ms: list[float] = Field(default_factory=list, description="per message")
    failures: list[str] = Field(default_factory=list)


class PIIRow(BaseModel):
    """One PII case: gold and detected spans as ``[type, start, end]`` (no values)."""

    id: str
    gold: list[tuple[str, int, int]] = Field(default_factory=list)
    predicted: list[tuple[str, int, int]] = Field(default_factory=list)
    missed: list[tuple[str, int, int]] = Field(default_factory=list)
    false_alarms: list[tuple[str, int, int]] = Field(default_factory=list)
    latency_ms: float = 0.0


class ConfigResult(BaseModel):
    """Everything measured for one configuration: summary figures, curves and rows."""

    name: str
    overrides: dict[str, Any] = Field(default_factory=dict, description="what differs from the base config")
    config: dict[str, Any] = Field(default_factory=dict, description="the full configuration (JSON mode)")
    rebuilt_index: bool = False
    summary: dict[str, Any] = Field(default_factory=dict)
    pii_per_type: dict[str, dict[str, Any]] = Field(default_factory=dict)
    curves: dict[str, list[dict[str, Any]]] = Field(default_factory=dict)
    questions: list[QuestionRow] = Field(default_factory=list)
    conversations: list[ConversationRow] = Field(default_factory=list)
    pii: list[PIIRow] = Field(default_factory=list)

    @property
    def failures(self) -> list[QuestionRow]:
        """Questions with at least one failure reason."""
        return [row for row in self.questions if row.failures]


class EvalReport(BaseModel):
    """The result of :func:`pomocbot.eval.evaluate`: one :class:`ConfigResult` per configuration.

    ``timings`` are seconds: ``answering`` (the replies alone), ``total``
    (the whole evaluation) and, once written, ``report``.
    """

    created: str
    version: str
    data: dict[str, Any] = Field(default_factory=dict, description="sources and item counts")
    k_values: list[int] = Field(default_factory=lambda: [1, 3, 5, 10])
    configs: dict[str, ConfigResult] = Field(default_factory=dict)
    timings: dict[str, float] = Field(default_factory=dict)


def _mean(values: Sequence[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return round(statistics.fmean(kept), 4) if kept else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def summarize_questions(rows: Sequence[QuestionRow],
                        k_values: Sequence[int] = (1, 3, 5, 10)) -> dict[str, Any]:
    """Retrieval, answer, abstention and latency figures over question rows."""
    if not rows:
        return {}
    answerable = [r for r in rows if r.gold]
    figures: dict[str, Any] = {"questions": len(rows), "answerable": sum(not r.should_abstain for r in rows),
                               "should_abstain": sum(r.should_abstain for r in rows)}
    for k in k_values:
        figures[f"recall@{k}"] = _mean([metrics.recall_at_k(r.ranked, r.gold, k) for r in answerable])
    top = max(k_values)
    figures[f"mrr@{top}"] = _mean([metrics.mrr(r.ranked, r.gold, top) for r in answerable])
    figures[f"ndcg@{top}"] = _mean([metrics.ndcg_at_k(r.ranked, r.gold, top) for r in answerable])
    with_value = [r for r in rows if r.contained is not None and not r.should_abstain]
    answered_with_value = [r for r in with_value if not r.abstained]
    figures["containment"] = _mean([float(bool(r.contained) and not r.abstained) for r in with_value])
    figures["containment_answered"] = _mean([float(bool(r.contained)) for r in answered_with_value])
    abst = metrics.abstention_scores([r.abstained for r in rows], [r.should_abstain for r in rows])
    figures["abstained"] = sum(r.abstained for r in rows)
    figures["abstention_precision"] = _round(abst.precision)
    figures["abstention_recall"] = _round(abst.recall)
    figures["false_abstention_rate"] = _mean([float(r.abstained) for r in rows if not r.should_abstain])
    answered = [r for r in rows if not r.abstained]
    figures["citation_precision"] = _round(metrics.citation_precision([r.cited for r in answered],
                                                                      [r.gold for r in answered]))
    supported = sum(r.supported_sentences for r in answered)
    verified = sum(r.verified_sentences for r in answered)
    figures["grounding_rate"] = _round(metrics.grounding_rate([True] * supported
                                                              + [False] * (verified - supported)))
    figures["accuracy"] = _mean([float(r.correct) for r in rows])
    figures["mean_confidence"] = _mean([r.confidence for r in rows])
    for name, value in metrics.percentiles([r.latency_ms for r in rows]).items():
        figures[f"latency_{name}_ms"] = None if value is None else round(value, 2)
    figures["failed_questions"] = sum(bool(r.failures) for r in rows)
    return figures


def question_curves(rows: Sequence[QuestionRow], k_max: int = 10) -> dict[str, list[dict[str, Any]]]:
    """recall@k for k = 1..k_max, coverage vs accuracy as the threshold varies, and calibration bins.

    For the threshold sweep a question counts as answered when its
    confidence reaches the threshold; it is then right when its answer was
    (``correct`` computed as if answered) and wrong for a should-abstain one.
    """
    answerable = [r for r in rows if r.gold]
    recall = [{"k": k, "recall": _mean([metrics.recall_at_k(r.ranked, r.gold, k) for r in answerable])}
              for k in range(1, k_max + 1)] if answerable else []
    right = [_answer_right(r) for r in rows]
    confidences = [r.confidence for r in rows]
    return {"recall_at_k": recall,
            "coverage_accuracy": metrics.coverage_accuracy_curve(confidences, right) if rows else [],
            "calibration": metrics.calibration_bins(confidences, right) if rows else []}


def _answer_right(row: QuestionRow) -> bool:
    """Whether the answer (given or withheld) would be right if given."""
    if row.should_abstain:
        return False
    if row.contained is not None:
        return row.contained
    return bool(row.cited) and row.cited[0] in row.gold


def summarize_conversations(rows: Sequence[ConversationRow]) -> dict[str, Any]:
    """Escalation precision/recall, reason, priority and queue accuracy, on-time rate."""
    if not rows:
        return {}
    scores = metrics.escalation_scores([r.escalated for r in rows], [r.expected_escalate for r in rows])
    must = [r for r in rows if r.expected_escalate]
    caught = [r for r in must if r.escalated]
    on_time = [r for r in caught if r.expected_turn is None or (r.first_turn or 0) <= r.expected_turn]
    with_priority = [r for r in caught if r.expected_priority]
    with_queue = [r for r in caught if r.expected_queue]
    latency = [ms for r in rows for ms in r.latency_ms]
    figures: dict[str, Any] = {
        "conversations": len(rows), "must_escalate": len(must),
        "escalation_precision": _round(scores.precision), "escalation_recall": _round(scores.recall),
        "escalation_f1": _round(scores.f1),
        "false_escalation_rate": _mean([float(r.escalated) for r in rows if not r.expected_escalate]),
        "reason_accuracy": _round(metrics.reason_accuracy([r.expected_reasons for r in must],
                                                          [r.reasons for r in must])),
        "priority_accuracy": _mean([float(r.priority == r.expected_priority) for r in with_priority]),
        "queue_accuracy": _mean([float(r.queue == r.expected_queue) for r in with_queue]),
        "on_time_rate": _round(len(on_time) / len(must)) if must else None,
    }
    for name, value in metrics.percentiles(latency).items():
        figures[f"turn_latency_{name}_ms"] = None if value is None else round(value, 2)
    return figures


def summarize_pii(rows: Sequence[PIIRow],
                  rule: str = "overlap") -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Overall PII figures and precision/recall/F1 per entity type.

    ``rule``: see :func:`metrics.match_spans`.
    """
    if not rows:
        return {}, {}
    scores = metrics.pii_scores([r.gold for r in rows], [r.predicted for r in rows], rule)
    total = scores["ALL"]
    figures = {"pii_cases": len(rows), "pii_precision": _round(total.precision),
               "pii_recall": _round(total.recall), "pii_f1": _round(total.f1), "pii_span_rule": rule}
    for name, value in metrics.percentiles([r.latency_ms for r in rows]).items():
        figures[f"pii_latency_{name}_ms"] = None if value is None else round(value, 2)
    return figures, {kind: s.as_dict() for kind, s in scores.items()}
