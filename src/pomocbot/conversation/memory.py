"""In-process conversation store: a dict of lists behind one lock.

The default store. Turns live only as long as the process; use
:class:`~pomocbot.conversation.sqlite.SQLiteConversationStore` to keep them
across restarts.

>>> from datetime import datetime, timezone
>>> from pomocbot.conversation.base import Feedback, Turn
>>> store = MemoryConversationStore()
>>> at = datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)
>>> store.append("c-1", [Turn(role="customer", text="Gdzie jest moja paczka?", at=at)])
>>> [turn.text for turn in store.turns("c-1")]
['Gdzie jest moja paczka?']
>>> store.add_feedback("c-1", Feedback(csat=5, at=at))
True
>>> store.delete("c-1"), store.turns("c-1"), store.feedback("c-1")
(1, [], [])
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime, timezone

from pomocbot.conversation.base import Feedback, Turn

__all__ = ["MemoryConversationStore", "as_utc"]


def as_utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC datetime; a naive one is taken to be UTC already.

    Stores compare times of turns written by different callers, and Python
    refuses to compare naive with aware datetimes, so both stores normalise.

    >>> as_utc(datetime(2026, 11, 2, 9, 30)).isoformat()
    '2026-11-02T09:30:00+00:00'
    """
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


class MemoryConversationStore:
    """Thread-safe :class:`~pomocbot.conversation.base.ConversationStore` kept in memory.

    One lock guards the whole dict: every operation is a few list operations,
    so contention is negligible next to retrieval. Turns are frozen pydantic
    models, so handing out the stored objects (in fresh lists) is safe.

    >>> store = MemoryConversationStore()
    >>> store.conversation_ids()
    []
    """

    def __init__(self) -> None:
        self._turns: dict[str, list[Turn]] = {}
        self._feedback: dict[str, list[Feedback]] = {}
        self._customers: dict[str, dict[str, None]] = {}  # customer id -> its conversation ids, in order
        self._feedback_order: list[tuple[str, Feedback]] = []
        self._lock = threading.Lock()

    def turns(self, conversation_id: str, last: int | None = None) -> list[Turn]:
        """Turns of a conversation, oldest first (the ``last`` n when given); [] when unknown."""
        with self._lock:
            stored = self._turns.get(conversation_id, [])
            if last is None:
                return list(stored)
            return list(stored[-last:]) if last > 0 else []

    def append(self, conversation_id: str, turns: Sequence[Turn]) -> None:
        """Add turns at the end of a conversation (created on first use)."""
        turns = list(turns)
        if not turns:
            return
        with self._lock:
            self._turns.setdefault(conversation_id, []).extend(turns)
            for turn in turns:
                if customer := turn.metadata.get("customer_id"):
                    self._customers.setdefault(str(customer), {})[conversation_id] = None

    def delete(self, conversation_id: str) -> int:
        """Erase a conversation; returns the number of turns erased (0 when unknown)."""
        with self._lock:
            self._drop_feedback({conversation_id})
            self._drop_customers({conversation_id})
            return len(self._turns.pop(conversation_id, []))

    def delete_idle_since(self, cutoff: datetime) -> list[str]:
        """Erase conversations whose last turn is older than ``cutoff``; returns their ids."""
        with self._lock:
            cutoff = as_utc(cutoff)
            idle = [cid for cid, turns in self._turns.items() if turns and as_utc(turns[-1].at) < cutoff]
            for cid in idle:
                del self._turns[cid]
            self._drop_feedback(set(idle))
            self._drop_customers(set(idle))
            return idle

    def conversation_ids(self) -> list[str]:
        """Ids of the stored conversations, in order of creation."""
        with self._lock:
            return list(self._turns)

    def conversations_of(self, customer_id: str) -> list[str]:
        """The conversations whose turns carry ``customer_id`` (any channel), most recent last."""
        with self._lock:
            ids = [cid for cid in self._customers.get(customer_id, {}) if self._turns.get(cid)]
            return sorted(ids, key=lambda cid: as_utc(self._turns[cid][-1].at))

    def _drop_customers(self, conversation_ids: set[str]) -> None:
        for conversations in self._customers.values():
            for cid in conversation_ids & conversations.keys():
                del conversations[cid]

    def add_feedback(self, conversation_id: str, feedback: Feedback) -> bool:
        """Keep ``feedback`` for a stored conversation; False (nothing kept) for an unknown one."""
        with self._lock:
            if not self._turns.get(conversation_id):
                return False
            self._feedback.setdefault(conversation_id, []).append(feedback)
            self._feedback_order.append((conversation_id, feedback))
            return True

    def feedback(self, conversation_id: str) -> list[Feedback]:
        """The conversation's feedback, oldest first; [] when none or unknown."""
        with self._lock:
            return list(self._feedback.get(conversation_id, []))

    def all_feedback(self) -> list[tuple[str, Feedback]]:
        """``(conversation_id, feedback)`` of every stored conversation, in order of recording."""
        with self._lock:
            return list(self._feedback_order)

    def _drop_feedback(self, conversation_ids: set[str]) -> None:
        # Caller holds the lock. Feedback goes with its conversation (RODO art. 17).
        dropped = [self._feedback.pop(cid, None) is not None for cid in conversation_ids]
        if any(dropped):
            kept = [(cid, f) for cid, f in self._feedback_order if cid not in conversation_ids]
            self._feedback_order = kept

    def close(self) -> None:
        """Nothing to release; present so both stores can be closed the same way."""

    def __enter__(self) -> MemoryConversationStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
