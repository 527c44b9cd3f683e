"""Request and response models of the HTTP API (the service and ``examples/backend`` share them).

Replies carry what a backend needs to route a conversation: the text for the
channel, citations, confidence, the redacted message and the escalation with
its handoff summary. Nothing here holds a raw personal value except
``text``, the reply shown to its own customer.

>>> MessageIn(text="Gdzie jest moja paczka?").channel
'chat'
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from pomocbot import Citation, HandoffSummary, Reply

__all__ = ["ConversationId", "ConversationOut", "Customer", "ErasureOut", "EscalationOut", "FrustrationOut",
           "HandoffOut", "HealthOut", "MessageIn", "ReasonOut", "ReplyOut", "TurnOut", "escalation_out",
           "reply_out"]

# Opaque ids only: an e-mail or phone number as a conversation id would put personal data in URLs and logs.
ConversationId = Annotated[str, PathParam(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$",
                                          description="an opaque id (letters, digits, . _ : -)")]


# -- request and response models --------------------------------------------------------------
class Customer(BaseModel):
    """What the shop knows about the customer; drives the high-value and VIP escalation rules."""

    model_config = ConfigDict(extra="forbid")

    order_value: float | None = Field(None, ge=0, le=10_000_000, description="PLN")
    vip: bool = False
    id: str | None = Field(None, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$", description=(
        "the logged-in customer's opaque id, set by the backend from its session (never from the chat): "
        "company actions show order data only to this customer, and it links their conversations"))


class MessageIn(BaseModel):
    """One customer message. Longer texts than pomocbot searches (2000 characters) are cut by it."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=20_000)
    customer: Customer = Field(default_factory=Customer)
    channel: Literal["chat", "email", "sms", "messenger", "whatsapp", "voice"] = "chat"


class ReasonOut(BaseModel):
    code: str
    detail: str


class EscalationOut(BaseModel):
    escalate: bool
    priority: str
    queue: str
    reasons: list[ReasonOut]
    customer_message: str
    handoff: HandoffSummary | None


class FrustrationOut(BaseModel):
    score: float
    level: str = Field(description="calm, impatient, upset or furious")
    level_label: str = Field(description="the level in Polish, for the consultant's screen")
    trend: str = Field(description="rising, falling or stable")
    trend_label: str


class ReplyOut(BaseModel):
    """The reply to show the customer, and what the backend needs to route the conversation."""

    conversation_id: str
    turn: int
    text: str
    answer: str
    citations: list[Citation]
    abstained: bool
    confidence: float
    redacted_message: str
    pii_types: dict[str, int] = Field(description="personal-data types found in the message, with counts")
    frustration: FrustrationOut | None
    escalation: EscalationOut | None


class HandoffOut(BaseModel):
    conversation_id: str
    turn: int
    at: datetime
    escalation: EscalationOut


class TurnOut(BaseModel):
    role: str
    text: str
    at: datetime


class ConversationOut(BaseModel):
    conversation_id: str
    turns: list[TurnOut]


class ErasureOut(BaseModel):
    conversation_id: str
    erased: dict[str, int]


class HealthOut(BaseModel):
    status: str
    documents: int
    chunks: int
    embedder: str


def escalation_out(decision: Any) -> EscalationOut:
    return EscalationOut(escalate=decision.escalate, priority=decision.priority, queue=decision.queue,
                         reasons=[ReasonOut(code=r.code, detail=r.detail) for r in decision.reasons],
                         customer_message=decision.customer_message, handoff=decision.handoff)


def reply_out(conversation_id: str, reply: Reply) -> ReplyOut:
    counts: dict[str, int] = {}
    for entity in reply.pii:
        counts[entity.entity_type] = counts.get(entity.entity_type, 0) + 1
    frustration = reply.frustration
    return ReplyOut(
        conversation_id=conversation_id, turn=reply.turn, text=reply.text, answer=reply.answer,
        citations=reply.citations, abstained=reply.abstained, confidence=reply.confidence,
        redacted_message=reply.redacted_message, pii_types=counts,
        frustration=FrustrationOut(score=frustration.score, level=frustration.level.value,
                                   level_label=frustration.level.label, trend=frustration.trend.value,
                                   trend_label=frustration.trend.label)
        if frustration else None,
        escalation=escalation_out(reply.escalation) if reply.escalation else None,
    )
