"""A :class:`~pomocbot.shared.backend.PrivacyBackend` in process memory: the reference for the servers' ones.

For tests and examples: it holds exactly the bytes a server would (sealed
entries, wrapped keys), so :meth:`MemoryBackend.dump` shows what a database
would hold.

>>> MemoryBackend().vault_ids()
[]
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime

from pomocbot.shared.backend import Entry, StateRow, VaultRows

__all__ = ["MemoryBackend"]


class MemoryBackend:
    """Dicts under one lock; conversations in order of creation."""

    url = "memory://"

    def __init__(self) -> None:
        self._vault: dict[str, tuple[bytes, datetime, dict[bytes, Entry]]] = {}
        self._states: dict[str, StateRow] = {}
        self._tokens: dict[str, int] = {}
        self._lock = threading.Lock()

    def vault_put(self, conversation_id: str, new_wrapped: bytes, at: datetime,
                  seal: Callable[[bytes], Sequence[Entry]]) -> None:
        with self._lock:
            wrapped, _, entries = self._vault.get(conversation_id, (new_wrapped, at, {}))
            for entry in seal(wrapped):
                entries.setdefault(entry.name, entry)
            self._vault[conversation_id] = (wrapped, at, entries)

    def vault_read(self, conversation_id: str, touch: datetime | None) -> VaultRows | None:
        with self._lock:
            found = self._vault.get(conversation_id)
            if found is None:
                return None
            if touch is not None:
                found = self._vault[conversation_id] = (found[0], touch, found[2])
            return VaultRows(found[0], found[1], list(found[2].values()))

    def vault_size(self, conversation_id: str) -> int:
        with self._lock:
            found = self._vault.get(conversation_id)
            return sum(not e.alias for e in found[2].values()) if found else 0

    def vault_last_used(self, conversation_id: str) -> datetime | None:
        with self._lock:
            found = self._vault.get(conversation_id)
            return found[1] if found else None

    def vault_ids(self) -> list[str]:
        with self._lock:
            return list(self._vault)

    def vault_total(self) -> int:
        return sum(self.vault_size(cid) for cid in self.vault_ids())

    def vault_forget(self, conversation_id: str) -> int:
        erased = self.vault_size(conversation_id)
        with self._lock:
            self._vault.pop(conversation_id, None)
        return erased

    def vault_purge(self, cutoff: datetime) -> list[str]:
        with self._lock:
            idle = [cid for cid, (_, last, _) in self._vault.items() if last < cutoff]
            for cid in idle:
                del self._vault[cid]
        return idle

    def state_load(self, conversation_id: str) -> StateRow | None:
        with self._lock:
            return self._states.get(conversation_id)

    def state_save(self, conversation_id: str, expected: int, wrapped: bytes, sealed: bytes, tokens: int,
                   at: datetime) -> bool:
        with self._lock:
            row = self._states.get(conversation_id)
            if (row.version if row else 0) != expected:
                return False
            self._states[conversation_id] = StateRow(expected + 1, wrapped, sealed, at)
            self._tokens[conversation_id] = tokens
            return True

    def state_touch(self, conversation_id: str, at: datetime) -> None:
        with self._lock:
            row = self._states.get(conversation_id)
            if row is not None:
                self._states[conversation_id] = StateRow(row.version, row.wrapped, row.sealed, at)

    def state_tokens(self, conversation_id: str) -> int:
        with self._lock:
            return self._tokens.get(conversation_id, 0)

    def state_ids(self) -> list[str]:
        with self._lock:
            return list(self._states)

    def state_forget(self, conversation_id: str) -> int:
        with self._lock:
            self._states.pop(conversation_id, None)
            return self._tokens.pop(conversation_id, 0)

    def state_purge(self, cutoff: datetime) -> list[str]:
        with self._lock:
            idle = [cid for cid, row in self._states.items() if row.last_used < cutoff]
        for cid in idle:
            self.state_forget(cid)
        return idle

    def rewrap(self, part: str, conversation_id: str, old: bytes, new: bytes) -> bool:
        with self._lock:
            if part == "vault" and self._vault.get(conversation_id, (None,))[0] == old:
                self._vault[conversation_id] = (new, *self._vault[conversation_id][1:])
                return True
            row = self._states.get(conversation_id)
            if part == "state" and row is not None and row.wrapped == old:
                self._states[conversation_id] = StateRow(row.version, new, row.sealed, row.last_used)
                return True
            return False

    def dump(self) -> list[object]:
        """Everything held, as a server would hold it (for checks that no value is in clear)."""
        with self._lock:
            return [*self._vault.items(), *self._states.items()]

    def close(self) -> None:
        """Nothing to close."""
