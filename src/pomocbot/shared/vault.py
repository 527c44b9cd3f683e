"""A :class:`~pomocbot.guardrails.vault.Vault` whose values live in a shared store, encrypted.

Same API and semantics as the in-memory vault, so a reply restored on one
worker gives back what another worker's redactor put. Nothing reaches the
store in clear: a value and its token are sealed together with the
conversation's data key (:mod:`pomocbot.shared.crypto`), and looked up by a
keyed hash of the token. :meth:`SharedVault.forget` deletes the data key
first, then the sealed values.

>>> from pomocbot.shared.crypto import KeyRing, generate_key
>>> from pomocbot.shared.memory_backend import MemoryBackend
>>> backend = MemoryBackend()
>>> vault = SharedVault(backend, KeyRing(generate_key()), retention_days=30)
>>> vault.put("c-1", "[EMAIL_1]", "jan.kowalski@example.com")
>>> vault.restore("Wyślemy kod na [EMAIL_1].", "c-1")
'Wyślemy kod na jan.kowalski@example.com.'
>>> b"kowalski" in repr(backend.dump()).encode()
False
>>> vault.forget("c-1"), vault.restore("[EMAIL_1]", "c-1")
(1, '[EMAIL_1]')
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime

from pomocbot.errors import InvalidArgumentError, InvalidConversationIdError
from pomocbot.guardrails.base import checked_conversation_id
from pomocbot.guardrails.pseudonyms import unmarked
from pomocbot.guardrails.vault import Vault, _now, _utc
from pomocbot.shared.backend import Entry, PrivacyBackend
from pomocbot.shared.crypto import DataKey, KeyRing

__all__ = ["SharedVault"]


class SharedVault(Vault):
    """The vault of every worker that opens the same ``backend`` with the same master ``keys``.

    Built by :func:`pomocbot.shared.open_shared_privacy`. Each call is a round
    trip to the store (nothing is cached, so an erasure on one worker holds on
    all at once). A stored key that none of ``keys`` opens raises
    :class:`~pomocbot.errors.VaultKeyError`.
    """

    def __init__(self, backend: PrivacyBackend, keys: KeyRing, retention_days: float | None = None) -> None:
        super().__init__(retention_days)
        self.backend = backend
        self._keys = keys

    def put(self, conversation_id: str, token: str, value: str, *, at: datetime | None = None) -> None:
        """Keep ``value`` under ``token`` for one conversation (the first value of a token wins)."""
        conversation_id = _cid(conversation_id)
        if not isinstance(token, str) or not isinstance(value, str):
            raise InvalidArgumentError(f"the token and the value must be str, not {type(token).__name__} "
                                       f"and {type(value).__name__}")
        bare = unmarked(token)

        def seal(wrapped: bytes) -> Sequence[Entry]:
            key = self._keys.unwrap(wrapped)
            entries = [_entry(key, token, value, alias=False)]
            # as in Vault: the bare fake value (an LLM dropped the pseudonym's mark) is restored too
            if bare != token and len(bare) >= 5:
                entries.append(_entry(key, bare, value, alias=True))
            return entries

        _, new_wrapped = self._keys.new_data_key()
        self.backend.vault_put(conversation_id, new_wrapped, _utc(at) if at else _now(), seal)

    def _opened(self, conversation_id: str, touch: bool) -> tuple[dict[str, str], dict[str, str]]:
        """The conversation's values and aliases (token -> original), decrypted for this call only."""
        rows = self.backend.vault_read(conversation_id, _now() if touch else None)
        values: dict[str, str] = {}
        aliases: dict[str, str] = {}
        if rows is not None:
            key = self._keys.unwrap(rows.wrapped)
            for entry in rows.entries:
                token, value = json.loads(key.open(entry.sealed))
                (aliases if entry.alias else values)[token] = value
        return values, aliases

    def get(self, conversation_id: str, token: str) -> str | None:
        """The value kept under ``token``, or None."""
        values, _ = self._opened(_cid(conversation_id), touch=False)
        return values.get(token)

    def restore(self, text: str, conversation_id: str | None) -> str:
        """``text`` with this conversation's tokens replaced by the original values (see :class:`Vault`)."""
        if not isinstance(text, str):
            raise InvalidArgumentError(f"the text to restore must be a str, not {type(text).__name__}")
        if not checked_conversation_id(conversation_id):
            return text
        values, aliases = self._opened(_cid(conversation_id), touch=True)
        if not values:
            return text
        values = {**aliases, **values}
        pattern = re.compile("|".join(re.escape(token) for token in sorted(values, key=len, reverse=True)))
        return pattern.sub(lambda match: values[match.group(0)], text)

    def size(self, conversation_id: str) -> int:
        """Number of values kept for a conversation."""
        return self.backend.vault_size(_cid(conversation_id))

    def last_used(self, conversation_id: str) -> datetime | None:
        """When the conversation's values were last put or restored (UTC), or None."""
        return self.backend.vault_last_used(_cid(conversation_id))

    def conversation_ids(self) -> list[str]:
        """Conversations with values in the vault."""
        return self.backend.vault_ids()

    def forget(self, conversation_id: str) -> int:
        """Erase a conversation's data key, then its values; returns how many values were erased."""
        return self.backend.vault_forget(_cid(conversation_id))

    def purge_idle_since(self, cutoff: datetime) -> list[str]:
        """Erase conversations not used since ``cutoff``; returns their ids."""
        return self.backend.vault_purge(_utc(cutoff))

    def __len__(self) -> int:
        """Number of values kept over all conversations."""
        return self.backend.vault_total()

    def __repr__(self) -> str:
        return f"SharedVault({self.backend.url!r})"  # no counts: each would be a round trip

    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("a SharedVault holds connections to its store and cannot be pickled; open it again "
                        "with pomocbot.shared.open_shared_privacy(url, key=...)")


def _cid(conversation_id: object) -> str:
    """A conversation id a store can key: a str (None has no place in a shared store)."""
    checked = checked_conversation_id(conversation_id)
    if checked is None:
        raise InvalidConversationIdError("a shared vault keeps values per conversation: pass a conversation "
                                         "id, not None")
    return checked


def _entry(key: DataKey, token: str, value: str, *, alias: bool) -> Entry:
    plain = json.dumps([token, value], ensure_ascii=False).encode()
    return Entry(key.name("alias" if alias else "value", token), alias, key.seal(plain))
