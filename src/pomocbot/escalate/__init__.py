"""Escalation to a human: triggers, business hours, policy and the handoff summary."""

from pomocbot.escalate.handoff import add_months, build_handoff
from pomocbot.escalate.hours import is_holiday, is_open, next_opening, when_phrase
from pomocbot.escalate.policy import decide, priority_for, queue_for
from pomocbot.escalate.triggers import REASON_CODES, detect_triggers, question_overlap
