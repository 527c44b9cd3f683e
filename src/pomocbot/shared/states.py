"""A :class:`~pomocbot.guardrails.redaction_store.RedactionStateStore` on a shared backend, encrypted.

Each conversation's state (its secret, keyed hashes, tokens, counters) is
serialised (:func:`~pomocbot.guardrails.redaction_store.dump_state`) and
sealed with a data key of its own, kept wrapped beside it; a save is a
compare-and-set on the version loaded.

>>> from pomocbot.guardrails.redaction_state import ConversationState
>>> from pomocbot.shared.crypto import KeyRing, generate_key
>>> from pomocbot.shared.memory_backend import MemoryBackend
>>> store = SharedStateStore(MemoryBackend(), KeyRing(generate_key()))
>>> first, second = store.load("c-1"), store.load("c-1")
>>> first.state = second.state = ConversationState(b"s" * 32)
>>> store.save("c-1", first)
>>> store.save("c-1", second)  # loaded before the first save: refused, nothing lost
Traceback (most recent call last):
...
pomocbot.errors.StateConflictError: the redaction state of conversation 'c-1' was saved by another ...
"""

from __future__ import annotations

from datetime import datetime

from pomocbot.guardrails.redaction_store import StoredState, aware, dump_state, load_state
from pomocbot.guardrails.vault import _now
from pomocbot.shared.backend import PrivacyBackend
from pomocbot.shared.crypto import DataKey, KeyRing
from pomocbot.shared.errors import StateConflictError

__all__ = ["SharedStateStore"]


class SharedStateStore:
    """Redaction states of every worker that opens the same ``backend`` with the same master ``keys``."""

    def __init__(self, backend: PrivacyBackend, keys: KeyRing) -> None:
        self.backend = backend
        self._keys = keys

    def load(self, conversation_id: str) -> StoredState:
        row = self.backend.state_load(conversation_id)
        if row is None:
            return StoredState(None)
        key = self._keys.unwrap(row.wrapped)
        return StoredState(load_state(key.open(row.sealed), row.last_used), row.version, (key, row.wrapped))

    def save(self, conversation_id: str, stored: StoredState) -> None:
        if stored.state is None:
            return
        if isinstance(stored.handle, tuple):
            key, wrapped = stored.handle
            if self._keys.count > 1:  # rotating: wrap the key under the newest master key as it goes by
                wrapped = self._keys.rewrap(wrapped)
        else:
            key, wrapped = self._keys.new_data_key()
        assert isinstance(key, DataKey)
        sealed = key.seal(dump_state(stored.state))
        if not self.backend.state_save(conversation_id, stored.version, wrapped, sealed,
                                       len(stored.state.tokens), _now()):
            raise StateConflictError(
                f"the redaction state of conversation {conversation_id!r} was saved by another worker "
                "between this turn's load and save; hold the conversation's lock across workers "
                "(conversation.lock_url)")
        stored.version += 1
        stored.handle = (key, wrapped)

    def touch(self, conversation_id: str) -> None:
        self.backend.state_touch(conversation_id, _now())

    def placeholders(self, conversation_id: str) -> int:
        return self.backend.state_tokens(conversation_id)

    def conversation_ids(self) -> list[str]:
        return self.backend.state_ids()

    def forget(self, conversation_id: str) -> int:
        return self.backend.state_forget(conversation_id)

    def purge_idle_since(self, cutoff: datetime) -> list[str]:
        return self.backend.state_purge(aware(cutoff))

    def __repr__(self) -> str:
        return f"SharedStateStore({self.backend.url!r})"
