"""Evaluation toolkit: data formats, metrics, an A/B runner and HTML/Markdown/JSON reports.

>>> from pomocbot.eval import recall_at_k, answer_contained
>>> recall_at_k(["zwroty", "dostawa"], {"dostawa"}, k=2), answer_contained("Masz 14 dni [1].", "14 dni")
(1.0, True)

Typical use (``pomocbot eval`` on the command line does the same)::

    from pomocbot.eval import evaluate, write_report
    report = evaluate("index/", questions="examples/sklep/questions.jsonl",
                      configs={"a": None, "b": "b.yaml"}, progress=True)
    write_report(report, "report/")
"""

from __future__ import annotations

from pomocbot.eval.configs import deep_merge, index_changes, load_overrides, resolve_config
from pomocbot.eval.formats import (
    ConversationCase,
    ExpectedEscalation,
    PIICase,
    PIISpan,
    QuestionCase,
    read_conversations,
    read_jsonl,
    read_pii_cases,
    read_questions,
)
from pomocbot.eval.metrics import (
    PrecisionRecall,
    abstention_scores,
    answer_contained,
    calibration_bins,
    citation_precision,
    coverage_accuracy_curve,
    escalation_scores,
    grounding_rate,
    hit_at_k,
    match_spans,
    mrr,
    ndcg_at_k,
    normalize_answer,
    percentiles,
    pii_scores,
    precision_recall,
    reason_accuracy,
    recall_at_k,
)
from pomocbot.eval.report import render_html, render_markdown, write_report
from pomocbot.eval.results import ConfigResult, ConversationRow, EvalReport, PIIRow, QuestionRow
from pomocbot.eval.runner import evaluate

__all__ = [
    "ConfigResult",
    "ConversationCase",
    "ConversationRow",
    "EvalReport",
    "ExpectedEscalation",
    "PIICase",
    "PIIRow",
    "PIISpan",
    "PrecisionRecall",
    "QuestionCase",
    "QuestionRow",
    "abstention_scores",
    "answer_contained",
    "calibration_bins",
    "citation_precision",
    "coverage_accuracy_curve",
    "deep_merge",
    "escalation_scores",
    "evaluate",
    "grounding_rate",
    "hit_at_k",
    "index_changes",
    "load_overrides",
    "match_spans",
    "mrr",
    "ndcg_at_k",
    "normalize_answer",
    "percentiles",
    "pii_scores",
    "precision_recall",
    "read_conversations",
    "read_jsonl",
    "read_pii_cases",
    "read_questions",
    "reason_accuracy",
    "recall_at_k",
    "render_html",
    "render_markdown",
    "resolve_config",
    "write_report",
]
