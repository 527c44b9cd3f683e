"""All the triggers of one message: phrase rules in severity order, then conversation and customer rules.

Each phrase module's rules give at most one reason for their code: the first
rule of a code that matches. Codes come out in the severity order of
:class:`pomocbot.codes.ReasonCode` (``frustration`` is added later, by
:func:`pomocbot.escalate.policy.decide`).

>>> from pomocbot.config import EscalationConfig
>>> [(r.code, r.evidence) for r in detect_triggers("Oddam sprawę do sądu, dajcie kierownika!", [],
...                                                config=EscalationConfig())]
[('legal_threat', 'sadu'), ('explicit_request', 'dajcie kierownika')]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pomocbot.codes import ReasonCode
from pomocbot.config import EscalationConfig
from pomocbot.conversation.base import Turn
from pomocbot.escalate.triggers import (
    abuse,
    complaint,
    data_protection,
    explicit_request,
    legal_threat,
    sensitive,
)
from pomocbot.escalate.triggers.conversation import abstention_reason, loop_reason
from pomocbot.escalate.triggers.customer import customer_reasons
from pomocbot.escalate.triggers.rules import Rule
from pomocbot.escalate.triggers.text import FoldedMessage, Message
from pomocbot.types import EscalationReason

__all__ = ["PHRASE_RULES", "REASON_CODES", "detect_triggers"]

REASON_CODES: tuple[str, ...] = tuple(code.value for code in ReasonCode)
"""Every reason code, most severe first (the values of :class:`pomocbot.codes.ReasonCode`)."""

PHRASE_RULES: tuple[Rule, ...] = (
    *sensitive.RULES, *legal_threat.RULES, *abuse.RULES, *explicit_request.RULES,
    *complaint.RULES, *data_protection.RULES,
)
"""The message's phrase rules, grouped by code in severity order; within a code, in the order tried."""


def detect_triggers(
    message: Message,
    history: Sequence[Turn],
    *,
    customer: Mapping[str, Any] | None = None,
    confidence: float | None = None,
    abstained: bool | None = None,
    config: EscalationConfig,
) -> list[EscalationReason]:
    """Reasons to hand the conversation to a human, most severe first ([] when none).

    ``message`` is the current (redacted) customer message, as text or already
    folded (:class:`FoldedMessage`), ``history`` the earlier turns (assistant
    turns carry ``metadata["abstained"]``), ``customer`` optional metadata
    (``order_value`` in PLN, ``vip``), ``confidence``/``abstained`` the bot's
    answer to ``message`` when known.

    >>> from datetime import datetime, timezone
    >>> at = datetime(2026, 11, 2, 9, tzinfo=timezone.utc)
    >>> history = [Turn(role="customer", text="Gdzie moja paczka?", at=at),
    ...            Turn(role="assistant", text="Nie wiem.", at=at, metadata={"abstained": True})]
    >>> [r.code for r in detect_triggers("A kiedy przyjdzie?", history, abstained=True,
    ...                                  customer={"vip": True}, config=EscalationConfig())]
    ['repeated_abstention', 'vip']
    """
    folded = FoldedMessage.of(message)
    reasons: list[EscalationReason] = []
    found: set[ReasonCode] = set()
    for rule in PHRASE_RULES:
        if rule.code not in found and (reason := rule.reason(folded)) is not None:
            reasons.append(reason)
            found.add(rule.code)
    for reason in (abstention_reason(history, abstained, config), loop_reason(folded, history)):
        if reason is not None:
            reasons.append(reason)
    reasons.extend(customer_reasons(customer or {}, confidence, abstained, config))
    return reasons
