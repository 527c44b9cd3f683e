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
from pomocbot.escalate.semantic import semantic_reasons
from pomocbot.escalate.triggers import (
    addresses_someone,
    detect_triggers,
    is_information_question,
    names_a_person,
    order_issue,
)
from pomocbot.types import Citation, EscalationDecision, EscalationReason, FrustrationAssessment

__all__ = ["TurnEscalation", "escalate_turn"]

_MODIFIERS = frozenset({"vip", "high_value"})
_IN_QUESTIONS = frozenset({"explicit_request"})


_EARLIER = {"complaint": "reklamacja", "data_protection": "żądanie RODO",
            "legal_threat": "groźba drogi prawnej", "sensitive": "trudna sytuacja klienta",
            "abuse": "obraźliwe słowa", "explicit_request": "prośba o człowieka",
            "repeated_abstention": "brak odpowiedzi asystenta", "unanswered": "pytanie spoza bazy wiedzy",
            "loop": "powtórzone pytanie",
            "low_confidence": "niepewna odpowiedź", "frustration": "frustracja"}


def _earlier_reasons(history: Sequence[Turn]) -> list[str]:
    """Reason codes of earlier hand-overs, stored (codes only) with the assistant turns."""
    codes: list[str] = []
    for turn in history:
        if turn.role == "assistant" and turn.metadata.get("escalated"):
            codes.extend(c for c in turn.metadata.get("reasons") or [] if c not in codes)
    return codes


@dataclass(frozen=True)
class TurnEscalation:
    frustration: FrustrationAssessment
    decision: EscalationDecision


def escalate_turn(message: str, history: Sequence[Turn], *, config: AssistantConfig, now: datetime,
                  abstained: bool, confidence: float, citations: Sequence[Citation],
                  customer: Mapping | None, pii_counts: Mapping[str, int],
                  current_turns: Sequence[Turn] = (),
                  semantic: Sequence[tuple[str, float]] = ()) -> TurnEscalation:
    """Assess frustration over the customer's messages and decide whether a human takes over.

    ``semantic`` holds the reason codes the message carries by meaning, with
    probabilities (:meth:`pomocbot.Assistant.semantic_codes_of`); they add
    reasons the phrase patterns missed.
    """
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
    # Reasons recognised by meaning (pomocbot.escalate.semantic) where no phrase pattern matched.
    if is_information_question(message) or message.rstrip().endswith("?"):
        # "Jak usunąć konto?" names a topic, it requests nothing: in a question, meaning alone counts only
        # for a person asked for ("jest tam ktoś żywy?").
        semantic = [(code, p) for code, p in semantic if code in _IN_QUESTIONS]
    if names_a_person(message):
        # The patterns saw "konsultant"/"człowiek" and found no request ("nie potrzebuję konsultanta").
        semantic = [(code, p) for code, p in semantic if code != "explicit_request"]
    tone = current_turns[0].metadata.get("tone") if current_turns else None
    if tone is None or tone < 0.5 or not addresses_someone(message):
        # Abuse by meaning must also sound angry ("szkoda, to zapłacę kartą" is near insults in topic only)
        # and have a target: "paczka nie doszła" sounds angry and insults nobody.
        semantic = [(code, p) for code, p in semantic if code != "abuse"]
    for reason in semantic_reasons(semantic, codes):
        reasons.append(reason)
        codes.add(reason.code)
    # A conversation already handed over keeps its earlier reasons (queue, deadlines) in the new decision.
    for code in _earlier_reasons(history):
        if code not in codes and code not in _MODIFIERS:
            reasons.append(EscalationReason(code=code,
                                            detail=f"wcześniej w tej rozmowie: {_EARLIER.get(code, code)}",
                                            evidence=""))
            codes.add(code)
    # A VIP or a big order with a problem (a problem or change in the order, any sign of frustration,
    # or no answer) goes to a person; a plain pre-sale question the bot answered does not.
    upset = frustration.level != LEVELS[0][1]  # anything above "spokojny"
    if codes and codes <= _MODIFIERS and not (abstained or upset or order_issue(message)):
        reasons = []
    decision = decide(reasons, frustration, config=esc, persona=config.persona, now=now,
                      queue_hint=[c.doc_id for c in citations] + [message])
    if decision.escalate:
        # Personal-data types of the whole conversation: earlier customer turns store their counts.
        types: dict[str, int] = {}
        for turn in [*customers, *current_turns]:
            for kind, count in (turn.metadata.get("pii") or {}).items():
                types[kind] = types.get(kind, 0) + int(count)
        if not current_turns:
            for kind, count in pii_counts.items():
                types[kind] = types.get(kind, 0) + count
        handoff = build_handoff([*history, *current_turns], decision.reasons, frustration, types,
                                now=now, cited=list(citations))
        decision = decision.model_copy(update={"handoff": handoff})
    return TurnEscalation(frustration, decision)
