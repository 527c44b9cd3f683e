"""Conversation state: turns and the store protocol.

Only redacted text is ever stored (the assistant redacts a message before it
reaches the store). A store is small on purpose so that Redis or PostgreSQL can
slot in behind the same five methods.

>>> from datetime import datetime, timezone
>>> turn = Turn(role="customer", text="Gdzie jest moja paczka?",
...             at=datetime(2026, 11, 2, tzinfo=timezone.utc))
>>> turn.role
'customer'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ConversationStore", "Turn"]

Role = Literal["customer", "assistant"]


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
