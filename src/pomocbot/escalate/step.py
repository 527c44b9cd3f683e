"""One turn's escalation: frustration, triggers, the decision and the handoff summary.

Called by :meth:`pomocbot.Assistant.reply` after the answer is drafted; every
text here is already redacted. VIP and high-value flags alone do not hand
over a conversation the bot has answered: they lower the bar (a problem with
or change to the order, an abstention or a frustration score above calm
is then enough) and raise the priority.

>>> from pomocbot.config import AssistantConfig
>>> from datetime import datetime, timezone
>>> outcome = escalate_turn("Chcę rozmawiać z konsultantem!", [], config=AssistantConfig(),
...                         now=datetime(2026, 11, 23, 10, tzinfo=timezone.utc), abstained=False,
...                         confidence=0.9, citations=[], customer=None, pii_counts={})
>>> outcome.decision.escalate, [r.code for r in outcome.decision.reasons][:1]
(True, ['explicit_request'])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from pomocbot.config import AssistantConfig
from pomocbot.conversation.base import Turn
from pomocbot.escalate.frustration import LEVELS, assess_conversation
from pomocbot.escalate.handoff import build_handoff
from pomocbot.escalate.policy import decide
from pomocbot.escalate.triggers import detect_triggers, order_issue
from pomocbot.types import Citation, EscalationDecision, FrustrationAssessment

__all__ = ["TurnEscalation", "escalate_turn"]

_MODIFIERS = frozenset({"vip", "high_value"})


@dataclass(frozen=True)
class TurnEscalation:
    frustration: FrustrationAssessment
    decision: EscalationDecision


def escalate_turn(message: str, history: Sequence[Turn], *, config: AssistantConfig, now: datetime,
                  abstained: bool, confidence: float, citations: Sequence[Citation],
                  customer: Mapping | None, pii_counts: Mapping[str, int],
                  current_turns: Sequence[Turn] = ()) -> TurnEscalation:
    """Assess frustration over the customer's messages and decide whether a human takes over."""
    esc = config.escalation
    customers = [t for t in history if t.role == "customer"]
    messages = [t.text for t in customers] + [message]
    # Tones (see pomocbot.escalate.tone) were stored with each customer turn, the current one last.
    tones = [t.metadata.get("tone") for t in customers] + [
        current_turns[0].metadata.get("tone") if current_turns else None]
    frustration = assess_conversation(messages, tones)
    reasons = detect_triggers(message, list(history), customer=customer, confidence=confidence,
                              abstained=abstained, config=esc)
    codes = {r.code for r in reasons}
    # A VIP or a big order with a problem (a problem or change in the order, any sign of frustration,
    # or no answer) goes to a person; a plain pre-sale question the bot answered does not.
    upset = frustration.level != LEVELS[0][1]  # anything above "spokojny"
    if codes and codes <= _MODIFIERS and not (abstained or upset or order_issue(message)):
        reasons = []
    decision = decide(reasons, frustration, config=esc, persona=config.persona, now=now,
                      queue_hint=[c.doc_id for c in citations] + [message])
    if decision.escalate:
        handoff = build_handoff([*history, *current_turns], decision.reasons, frustration, dict(pii_counts),
                                now=now, cited=list(citations))
        decision = decision.model_copy(update={"handoff": handoff})
    return TurnEscalation(frustration, decision)
