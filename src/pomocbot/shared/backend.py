"""What :class:`~pomocbot.shared.vault.SharedVault` and :class:`~pomocbot.shared.states.SharedStateStore`
need from a server: rows of opaque bytes per conversation.

Everything a backend sees is already encrypted (:mod:`pomocbot.shared.crypto`)
or is no personal data: conversation ids, timestamps, counts, versions and
16-byte keyed hashes that name a conversation's entries. Two backends:
:mod:`pomocbot.shared.postgres_store` and :mod:`pomocbot.shared.redis_store`.

Per conversation a backend keeps two independent parts, each with its own
wrapped data key, so erasing one never makes the other unreadable:

* the *vault*: a wrapped key, ``last_used``, and entries ``name -> sealed``,
  split into values and aliases (a pseudonym without its mark); the first
  entry under a name wins;
* the *state*: one sealed redaction state with its wrapped key, a
  ``version`` (compare-and-set) and the number of tokens.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

__all__ = ["Entry", "PrivacyBackend", "StateRow", "VaultRows"]


@dataclass(frozen=True)
class Entry:
    """One sealed vault entry: ``name`` (keyed hash of its token), an alias or a value."""

    name: bytes
    alias: bool
    sealed: bytes


@dataclass(frozen=True)
class VaultRows:
    wrapped: bytes
    last_used: datetime
    entries: list[Entry]


@dataclass(frozen=True)
class StateRow:
    version: int
    wrapped: bytes
    sealed: bytes
    last_used: datetime


class PrivacyBackend(Protocol):
    """Storage for the shared vault and redaction states; every method is one atomic step on the server."""

    url: str  # masked: no password

    def vault_put(self, conversation_id: str, new_wrapped: bytes, at: datetime,
                  seal: Callable[[bytes], Sequence[Entry]]) -> None:
        """Keep the conversation's wrapped key (``new_wrapped`` when it has none), set ``last_used``, then
        add the entries ``seal(wrapped key)`` returns, each only where its name is not taken."""

    def vault_read(self, conversation_id: str, touch: datetime | None) -> VaultRows | None:
        """The key and every entry (``last_used`` set to ``touch`` when given); None when unknown."""

    def vault_size(self, conversation_id: str) -> int: ...

    def vault_last_used(self, conversation_id: str) -> datetime | None: ...

    def vault_ids(self) -> list[str]: ...

    def vault_total(self) -> int: ...

    def vault_forget(self, conversation_id: str) -> int:
        """Delete the key first, then the entries; returns the values (not aliases) deleted."""

    def vault_purge(self, cutoff: datetime) -> list[str]:
        """Forget the conversations whose vault was last used before ``cutoff``; returns their ids."""

    def state_load(self, conversation_id: str) -> StateRow | None: ...

    def state_save(self, conversation_id: str, expected: int, wrapped: bytes, sealed: bytes, tokens: int,
                   at: datetime) -> bool:
        """Write version ``expected + 1`` if the stored version is ``expected`` (0: none); else False."""

    def state_touch(self, conversation_id: str, at: datetime) -> None: ...

    def state_tokens(self, conversation_id: str) -> int: ...

    def state_ids(self) -> list[str]: ...

    def state_forget(self, conversation_id: str) -> int:
        """Delete the state (its key with it); returns its number of tokens (0 when unknown)."""

    def state_purge(self, cutoff: datetime) -> list[str]: ...

    def rewrap(self, part: str, conversation_id: str, old: bytes, new: bytes) -> bool:
        """Replace the wrapped key of ``part`` ("vault" or "state") if it is still ``old``; else False."""

    def close(self) -> None: ...
