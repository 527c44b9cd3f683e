"""Escalation to a human: frustration, triggers, business hours, policy and the handoff summary."""

from pomocbot.escalate.frustration import (
    assess_conversation,
    assess_message,
    frustration_level,
    score_message,
)
from pomocbot.escalate.handoff import add_months, build_handoff
from pomocbot.escalate.hours import is_holiday, is_open, next_opening, when_phrase
from pomocbot.escalate.policy import decide, priority_for, queue_for
from pomocbot.escalate.step import TurnEscalation, escalate_turn
from pomocbot.escalate.tone import ToneClassifier
from pomocbot.escalate.triggers import REASON_CODES, detect_triggers, order_issue, question_overlap

__all__ = [
    "REASON_CODES",
    "ToneClassifier",
    "TurnEscalation",
    "add_months",
    "assess_conversation",
    "assess_message",
    "build_handoff",
    "decide",
    "detect_triggers",
    "escalate_turn",
    "frustration_level",
    "is_holiday",
    "is_open",
    "next_opening",
    "order_issue",
    "priority_for",
    "question_overlap",
    "queue_for",
    "score_message",
    "when_phrase",
]
