"""Analytics over stored (redacted) conversations and the knowledge base.

Knowledge gaps (:mod:`pomocbot.analytics.gaps`): the questions the assistant
abstained on or escalated, grouped and ranked, so the knowledge base grows
where customers need it.

Contradictions (:mod:`pomocbot.analytics.contradictions`): sentences of the
knowledge base on one topic that state different prices, deadlines, numbers
or yes/no answers.

>>> from pomocbot.analytics import find_gaps, GapReport
>>> from pomocbot.analytics import find_contradictions, Contradiction
"""

from pomocbot.analytics.contradictions import ClaimSource, Contradiction, find_contradictions
from pomocbot.analytics.gaps import (
    DEFAULT_SIMILARITY,
    GapCluster,
    GapQuestion,
    GapReport,
    average_linkage,
    find_gaps,
    find_gaps_in,
    gap_questions,
)
from pomocbot.analytics.service import service_metrics
from pomocbot.analytics.service_models import ServiceMetrics, ServiceSummary
from pomocbot.analytics.service_report import write_service_report
from pomocbot.analytics.turns import export_turns, iter_turns, read_turns

__all__ = [
    "DEFAULT_SIMILARITY",
    "ClaimSource",
    "Contradiction",
    "GapCluster",
    "GapQuestion",
    "GapReport",
    "ServiceMetrics",
    "ServiceSummary",
    "average_linkage",
    "export_turns",
    "find_contradictions",
    "find_gaps",
    "find_gaps_in",
    "gap_questions",
    "iter_turns",
    "read_turns",
    "service_metrics",
    "write_service_report",
]
