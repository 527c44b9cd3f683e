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

from pomocbot.codes import REASONS, FrustrationLevel, codes_where
from pomocbot.config import AssistantConfig
from pomocbot.conversation.base import Turn
from pomocbot.conversation.meta import assistant_meta, customer_meta
from pomocbot.escalate.frustration import assess_conversation
from pomocbot.escalate.handoff import build_handoff
from pomocbot.escalate.policy import decide
from pomocbot.escalate.reading import MessageReading
from pomocbot.escalate.semantic import semantic_reasons
from pomocbot.escalate.triggers import (
    FoldedMessage,
    addresses_someone,
    detect_triggers,
    is_information_question,
    names_a_person,
    order_issue,
)
from pomocbot.types import Citation, EscalationDecision, EscalationReason, FrustrationAssessment

__all__ = ["TurnEscalation", "escalate_turn"]

_MODIFIERS = codes_where(modifier=True)
_IN_QUESTIONS = codes_where(in_questions=True)


def _earlier_reasons(history: Sequence[Turn]) -> list[str]:
    """Reason codes of earlier hand-overs, stored (codes only) with the assistant turns."""
    codes: list[str] = []
    for turn in history:
        meta = assistant_meta(turn) if turn.role == "assistant" else None
        if meta is not None and meta.escalated:
            codes.extend(c for c in meta.reasons if c not in codes)
    return codes


def _label(code: str) -> str:
    return REASONS[code].label if code in REASONS else code


@dataclass(frozen=True)
class TurnEscalation:
    frustration: FrustrationAssessment
    decision: EscalationDecision


def escalate_turn(message: str | FoldedMessage, history: Sequence[Turn], *, config: AssistantConfig,
                  now: datetime, abstained: bool, confidence: float, citations: Sequence[Citation],
                  customer: Mapping | None, pii_counts: Mapping[str, int],
                  current_turns: Sequence[Turn] = (),
                  semantic: Sequence[tuple[str, float]] = (),
                  reading: MessageReading | None = None,
                  extra: Sequence[EscalationReason] = ()) -> TurnEscalation:
    """Assess frustration over the customer's messages and decide whether a human takes over.

    ``message`` is the redacted message, or its :class:`FoldedMessage` when the
    caller folded it already; ``reading`` its frustration-lexicon reading when
    the caller has it. ``semantic`` holds the reason codes the message carries
    by meaning, with probabilities (:class:`pomocbot.pipeline.Escalator`); they
    add reasons the phrase patterns missed; ``extra`` are reasons the turn found
    elsewhere (a company action that failed).
    """
    esc = config.escalation
    folded = message if isinstance(message, FoldedMessage) else FoldedMessage.of(message)
    text = folded.text
    customers = [t for t in history if t.role == "customer"]
    messages = [t.text for t in customers] + [text]
    # Tones (see pomocbot.escalate.tone) were stored with each customer turn, the current one last.
    tone = customer_meta(current_turns[0]).tone if current_turns else None
    tones = [customer_meta(t).tone for t in customers] + [tone]
    frustration = assess_conversation(messages, tones, readings=[None] * len(customers) + [reading])
    reasons = detect_triggers(folded, list(history), customer=customer, confidence=confidence,
                              abstained=abstained, config=esc)
    codes: set[str] = {r.code for r in reasons}
    # Reasons recognised by meaning (pomocbot.escalate.semantic) where no phrase pattern matched.
    if is_information_question(folded) or text.rstrip().endswith("?"):
        # "Jak usunąć konto?" names a topic, it requests nothing: in a question, meaning alone counts only
        # for a person asked for ("jest tam ktoś żywy?").
        semantic = [(code, p) for code, p in semantic if code in _IN_QUESTIONS]
    if names_a_person(folded):
        # The patterns saw "konsultant"/"człowiek" and found no request ("nie potrzebuję konsultanta").
        semantic = [(code, p) for code, p in semantic if code != "explicit_request"]
    if tone is None or tone < 0.5 or not addresses_someone(folded):
        # Abuse by meaning must also sound angry ("szkoda, to zapłacę kartą" is near insults in topic only)
        # and have a target: "paczka nie doszła" sounds angry and insults nobody.
        semantic = [(code, p) for code, p in semantic if code != "abuse"]
    for reason in extra:
        if reason.code not in codes:
            reasons.append(reason)
            codes.add(reason.code)
    for reason in semantic_reasons(semantic, codes):
        reasons.append(reason)
        codes.add(reason.code)
    # A conversation already handed over keeps its earlier reasons (queue, deadlines) in the new decision.
    for code in _earlier_reasons(history):
        if code not in codes and code not in _MODIFIERS:
            reasons.append(EscalationReason(code=code,
                                            detail=f"wcześniej w tej rozmowie: {_label(code)}",
                                            evidence=""))
            codes.add(code)
    # A VIP or a big order with a problem (a problem or change in the order, any sign of frustration,
    # or no answer) goes to a person; a plain pre-sale question the bot answered does not.
    upset = frustration.level is not FrustrationLevel.CALM
    if codes and codes <= _MODIFIERS and not (abstained or upset or order_issue(folded)):
        reasons = []
    decision = decide(reasons, frustration, config=esc, persona=config.persona, now=now,
                      queue_hint=[c.doc_id for c in citations] + [text])
    if decision.escalate:
        # Personal-data types of the whole conversation: earlier customer turns store their counts.
        types: dict[str, int] = {}
        for turn in [*customers, *current_turns]:
            for kind, count in customer_meta(turn).pii.items():
                types[kind] = types.get(kind, 0) + int(count)
        if not current_turns:
            for kind, count in pii_counts.items():
                types[kind] = types.get(kind, 0) + count
        handoff = build_handoff([*history, *current_turns], decision.reasons, frustration, types,
                                now=now, cited=list(citations))
        decision = decision.model_copy(update={"handoff": handoff})
    return TurnEscalation(frustration, decision)
