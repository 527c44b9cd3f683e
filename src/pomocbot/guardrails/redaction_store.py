"""Where a :class:`~pomocbot.guardrails.redaction.Redactor` keeps its per-conversation state across workers.

Without a store the redactor keeps each :class:`ConversationState` in its own
memory (one worker). With several workers behind a load balancer, "[OSOBA_1]"
must mean the same person on each of them, so the state lives in a
:class:`RedactionStateStore`: every turn loads it, and saves it back when a
new token was given out. A save is a compare-and-set on the version loaded:
when another worker saved in between, the save raises
:class:`~pomocbot.errors.StateConflictError` and the redactor redoes
the turn's tokens on the fresh state, so no token is ever silently lost.

:func:`dump_state` / :func:`load_state` are the serialised form (JSON of the
secret, keyed hashes, tokens, counters); a shared store encrypts it
(:mod:`pomocbot.shared`). :class:`MemoryStateStore` keeps it in process
memory, with the same semantics as the shared stores (for tests and one worker).

>>> state = ConversationState(b"s" * 32)
>>> state.tokens[state.digest("EMAIL", "ala@poczta.pl")] = "[EMAIL_1]"
>>> state.counters["EMAIL"] = 1
>>> load_state(dump_state(state)).tokens == state.tokens
True
>>> store = MemoryStateStore()
>>> stored = store.load("c-1")
>>> stored.state is None, stored.version
(True, 0)
>>> stored.state = state
>>> store.save("c-1", stored)
>>> stored.version, store.placeholders("c-1"), store.forget("c-1"), store.conversation_ids()
(1, 1, 1, [])
"""

from __future__ import annotations

import base64
import json
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Protocol, runtime_checkable

from pomocbot.guardrails.base import checked_moment
from pomocbot.guardrails.redaction_state import ConversationState
from pomocbot.shared.errors import StateConflictError

__all__ = ["MemoryStateStore", "RedactionStateStore", "StoredState", "dump_state", "load_state", "signature"]

_FORMAT = 1


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def dump_state(state: ConversationState) -> bytes:
    """``state`` as JSON bytes (everything but ``last_used``, which stores keep beside it in clear)."""
    return json.dumps({
        "format": _FORMAT,
        "secret": _b64(state.secret),
        "tokens": [[_b64(digest), token] for digest, token in state.tokens.items()],
        "counters": dict(state.counters),
        "issued": sorted(_b64(digest) for digest in state.issued),
        "forms": sorted(state.forms),
    }, ensure_ascii=False, separators=(",", ":")).encode()


def load_state(data: bytes, last_used: datetime | None = None) -> ConversationState:
    """The :class:`ConversationState` that :func:`dump_state` wrote."""
    raw = json.loads(data)
    state = ConversationState(base64.b64decode(raw["secret"]))
    state.tokens = {base64.b64decode(digest): token for digest, token in raw["tokens"]}
    state.counters = Counter(raw["counters"])
    state.issued = {base64.b64decode(digest) for digest in raw["issued"]}
    state.forms = set(raw["forms"])
    if last_used is not None:
        state.last_used = last_used
    return state


def signature(state: ConversationState) -> tuple[int, ...]:
    """Changes whenever a turn adds to ``state`` (a turn only ever adds): whether it must be saved."""
    return len(state.tokens), len(state.issued), len(state.forms), sum(state.counters.values())


@dataclass
class StoredState:
    """A conversation's state as loaded: ``state`` (None when there is none yet) at ``version`` (0: new).

    ``handle`` is the store's own (e.g. the conversation's data key), kept for the save.
    """

    state: ConversationState | None
    version: int = 0
    handle: object = None


@runtime_checkable
class RedactionStateStore(Protocol):
    """Per-conversation redaction state shared by workers; :meth:`save` is a compare-and-set."""

    def load(self, conversation_id: str) -> StoredState: ...

    def save(self, conversation_id: str, stored: StoredState) -> None:
        """Write ``stored.state`` if the stored version is still ``stored.version``, then bump it;
        else raise :class:`~pomocbot.errors.StateConflictError` and write nothing."""

    def touch(self, conversation_id: str) -> None:
        """Mark a stored conversation used now (an unchanged turn; it is not idle)."""

    def placeholders(self, conversation_id: str) -> int: ...

    def conversation_ids(self) -> list[str]: ...

    def forget(self, conversation_id: str) -> int: ...

    def purge_idle_since(self, cutoff: datetime) -> list[str]: ...


def _now() -> datetime:
    return datetime.now(timezone.utc)


def aware(cutoff: datetime) -> datetime:
    cutoff = checked_moment(cutoff, "cutoff")
    return cutoff.replace(tzinfo=timezone.utc) if cutoff.tzinfo is None else cutoff


class MemoryStateStore:
    """A :class:`RedactionStateStore` in this process's memory: serialised copies, versioned, thread-safe.

    Each load returns a fresh copy, as a shared store would. ``max_conversations``
    bounds it (least recently used dropped first).
    """

    def __init__(self, max_conversations: int = 100_000) -> None:
        self.max_conversations = max_conversations
        # id -> (version, serialised state, tokens, last used)
        self._rows: OrderedDict[str, tuple[int, bytes, int, datetime]] = OrderedDict()
        self._lock = threading.Lock()

    def load(self, conversation_id: str) -> StoredState:
        with self._lock:
            row = self._rows.get(conversation_id)
        if row is None:
            return StoredState(None)
        return StoredState(load_state(row[1], row[3]), row[0])

    def save(self, conversation_id: str, stored: StoredState) -> None:
        if stored.state is None:
            return
        data = dump_state(stored.state)
        with self._lock:
            row = self._rows.get(conversation_id)
            if (row[0] if row else 0) != stored.version:
                raise StateConflictError("the redaction state of a conversation was saved by another worker "
                                         "meanwhile; redo the turn (hold the conversation's lock)")
            stored.version += 1
            self._rows[conversation_id] = (stored.version, data, len(stored.state.tokens), _now())
            self._rows.move_to_end(conversation_id)
            while len(self._rows) > self.max_conversations:
                self._rows.popitem(last=False)

    def touch(self, conversation_id: str) -> None:
        with self._lock:
            row = self._rows.get(conversation_id)
            if row is not None:
                self._rows[conversation_id] = (*row[:3], _now())
                self._rows.move_to_end(conversation_id)

    def placeholders(self, conversation_id: str) -> int:
        with self._lock:
            row = self._rows.get(conversation_id)
        return row[2] if row else 0

    def conversation_ids(self) -> list[str]:
        with self._lock:
            return list(self._rows)

    def forget(self, conversation_id: str) -> int:
        with self._lock:
            row = self._rows.pop(conversation_id, None)
        return row[2] if row else 0

    def purge_idle_since(self, cutoff: datetime) -> list[str]:
        cutoff = aware(cutoff)
        with self._lock:
            idle = [cid for cid, row in self._rows.items() if row[3] < cutoff]
            for cid in idle:
                del self._rows[cid]
        return idle

    def __repr__(self) -> str:
        return f"MemoryStateStore(conversations={len(self._rows)})"
