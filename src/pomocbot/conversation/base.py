"""Conversation state: turns and the store protocol.

Only redacted text is ever stored (the assistant redacts a message before it
reaches the store). A store is small on purpose so that Redis or PostgreSQL can
slot in behind the same five methods. A store that also keeps customer
feedback (CSAT, NPS, a redacted comment) implements :class:`FeedbackStore`'s
three methods besides; both built-in stores do, and a store without them still
works everywhere except :func:`pomocbot.conversation.feedback.record_feedback`.

>>> from datetime import datetime, timezone
>>> turn = Turn(role="customer", text="Gdzie jest moja paczka?",
...             at=datetime(2026, 11, 2, tzinfo=timezone.utc))
>>> turn.role
'customer'
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from pomocbot.errors import ConversationStoreError

__all__ = ["ConversationStore", "Feedback", "FeedbackStore", "Turn", "metadata_json"]

Role = Literal["customer", "assistant"]


class Feedback(BaseModel):
    """A customer's rating of a conversation: CSAT 1..5, NPS 0..10 and a redacted comment, each optional.

    Built and validated by :func:`pomocbot.conversation.feedback.record_feedback`;
    ``comment`` is already redacted when it reaches a store.

    >>> from datetime import datetime, timezone
    >>> Feedback(csat=5, at=datetime(2026, 11, 2, tzinfo=timezone.utc)).nps is None
    True
    """

    model_config = ConfigDict(frozen=True)

    csat: int | None = Field(None, ge=1, le=5, description="customer satisfaction, 1 (very bad) .. 5")
    nps: int | None = Field(None, ge=0, le=10, description="likelihood to recommend, 0 .. 10")
    comment: str | None = Field(None, description="the customer's words, redacted")
    at: datetime


class Turn(BaseModel):
    """One message of a conversation (redacted text).

    ``metadata`` holds what later turns need, never raw personal data: for an
    assistant turn e.g. ``{"abstained": False, "cited": ["zwroty"], "query": "..."}``.
    """

    model_config = ConfigDict(frozen=True)

    role: Role
    text: str
    at: datetime
    metadata: dict[str, Any] = Field(default_factory=dict)


@runtime_checkable
class ConversationStore(Protocol):
    """Keeps the turns of many conversations; implementations must be thread-safe."""

    def turns(self, conversation_id: str, last: int | None = None) -> list[Turn]:
        """Turns of a conversation, oldest first (the ``last`` n when given); [] when unknown."""
        ...

    def append(self, conversation_id: str, turns: Sequence[Turn]) -> None:
        """Add turns at the end of a conversation (created on first use)."""
        ...

    def delete(self, conversation_id: str) -> int:
        """Erase a conversation; returns the number of turns erased (0 when unknown)."""
        ...

    def delete_idle_since(self, cutoff: datetime) -> list[str]:
        """Erase conversations whose last turn is older than ``cutoff``; returns their ids."""
        ...

    def conversation_ids(self) -> list[str]:
        """Ids of the stored conversations."""
        ...


@runtime_checkable
class FeedbackStore(Protocol):
    """The feedback half of a store: ratings kept per conversation and erased with it.

    ``delete`` and ``delete_idle_since`` of the same store must erase a
    conversation's feedback together with its turns (RODO art. 17).
    """

    def add_feedback(self, conversation_id: str, feedback: Feedback) -> bool:
        """Keep ``feedback`` for a stored conversation; False (nothing kept) for an unknown one."""
        ...

    def feedback(self, conversation_id: str) -> list[Feedback]:
        """The conversation's feedback, oldest first; [] when none or unknown."""
        ...

    def all_feedback(self) -> list[tuple[str, Feedback]]:
        """``(conversation_id, feedback)`` of every stored conversation, in order of recording."""
        ...


def metadata_json(turn: Turn) -> str:
    """``turn.metadata`` as the compact JSON a store keeps; :class:`ConversationStoreError` if it is not JSON.

    The error names the keys, never the values: they may hold personal data.
    """
    try:
        return json.dumps(turn.metadata, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise ConversationStoreError(
            f"turn metadata must be JSON-serialisable (keys: {sorted(map(str, turn.metadata))}); "
            "store strings, numbers, lists and dicts only"
        ) from exc
