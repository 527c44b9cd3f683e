"""What each stored turn carries besides its text: typed, never raw personal data.

A store keeps ``Turn.metadata`` as a plain mapping (JSON in SQLite); every
module that reads it goes through these models, so the keys are written and
read in one place. Unknown keys (a newer version's) are ignored on reading.

>>> from datetime import datetime, timezone
>>> at = datetime(2026, 11, 2, tzinfo=timezone.utc)
>>> turn = Turn(role="customer", text="Gdzie paczka?", at=at,
...             metadata=CustomerTurnMeta(turn=0, query="Gdzie paczka?", pii={"TELEFON": 1}).as_metadata())
>>> customer_meta(turn).pii, customer_meta(turn).tone
({'TELEFON': 1}, None)
>>> assistant_meta(Turn(role="assistant", text="Nie wiem.", at=at, metadata={"abstained": True})).abstained
True
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from pomocbot.conversation.base import Turn

__all__ = ["AssistantTurnMeta", "CustomerTurnMeta", "assistant_meta", "customer_meta"]


class _Meta(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    def as_metadata(self) -> dict[str, Any]:
        """The mapping a store keeps (unset optional values left out)."""
        return self.model_dump(mode="json", exclude_none=True)


_MetaT = TypeVar("_MetaT", bound=_Meta)


class CustomerTurnMeta(_Meta):
    """A customer message: its number, what was searched, personal-data counts and its tone.

    ``pii`` holds types and counts only (the handoff lists what the whole
    conversation contained); ``tone`` is the tone classifier's probability
    that the message sounds frustrated (a number, never text).
    """

    turn: int | None = Field(None, ge=0, description="0-based number of the customer message")
    query: str | None = Field(None, description="what was searched (a follow-up carries earlier terms)")
    pii: dict[str, int] = Field(default_factory=dict)
    tone: float | None = None
    channel: str | None = Field(None, description="chat, email, sms, messenger, whatsapp or voice")
    customer_id: str | None = Field(None, description="the backend's opaque customer id (one history)")


class AssistantTurnMeta(_Meta):
    """The bot's answer: whether it abstained, how sure it was, what it cited, whether it handed over.

    ``answer`` is the answer without greeting and sign-off; ``reasons`` and
    ``queue`` are set when the turn handed the conversation over (codes only,
    for the knowledge-gap analytics and later turns).
    """

    abstained: bool = False
    confidence: float | None = None
    answer: str | None = None
    cited: list[str] = Field(default_factory=list)
    escalated: bool = False
    reasons: list[str] = Field(default_factory=list)
    queue: str | None = None
    channel: str | None = None
    awaiting_action: str | None = Field(None, description="the action whose parameters the reply asked for")
    actions: list[dict[str, Any]] = Field(
        default_factory=list, description="actions run this turn: name, ok, error kind, redacted result")
    escalation: dict[str, Any] | None = Field(None, description=(
        "the EscalationDecision of a turn that handed over, with its handoff summary (redacted), so any "
        "worker can show it to the consultant and erasure takes it with the conversation"))


def customer_meta(turn: Turn) -> CustomerTurnMeta:
    """The typed metadata of a customer turn (defaults where a key is missing or malformed)."""
    return _read(CustomerTurnMeta, turn.metadata)


def assistant_meta(turn: Turn) -> AssistantTurnMeta:
    """The typed metadata of an assistant turn (defaults where a key is missing or malformed)."""
    return _read(AssistantTurnMeta, turn.metadata)


def _read(model: type[_MetaT], metadata: dict[str, Any]) -> _MetaT:
    try:
        return model.model_validate(metadata)
    except ValueError:
        # a store written by hand or by an older version: keep what validates, default the rest
        good = {}
        for key, value in metadata.items():
            try:
                model.model_validate({key: value})
            except ValueError:
                continue
            good[key] = value
        return model.model_validate(good)
