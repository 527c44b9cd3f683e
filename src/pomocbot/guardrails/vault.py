"""The vault: original personal data per conversation, so a reply can give it back.

Off by default (``PrivacyConfig.vault = False``): then nothing personal is kept
anywhere — the redacted text is all that exists after a turn. When on, the
:class:`~pomocbot.guardrails.redaction.Redactor` puts each replaced value here
under the token that took its place (``"[EMAIL_1]"`` or a pseudonym), and
:meth:`Vault.restore` puts it back into the text shown to the customer — at
the very end of a turn, never into anything stored, logged or sent to an LLM.

This vault lives in process memory only (do not persist it: it refuses to be
pickled). Several workers share :class:`pomocbot.shared.SharedVault` instead:
the same methods over PostgreSQL or Redis, each value encrypted under its
conversation's data key, which is wrapped by a key the deployment keeps
outside the store (``POMOCBOT_VAULT_KEY``); erasure deletes the data key.
Here, erasure drops every reference to the values; CPython cannot overwrite
the string objects themselves, so their memory is reused rather than zeroed.

>>> vault = Vault()
>>> vault.put("c-1", "[EMAIL_1]", "jan.kowalski@example.com")
>>> vault.restore("Wyślemy kod na [EMAIL_1].", "c-1")
'Wyślemy kod na jan.kowalski@example.com.'
>>> vault.restore("Wyślemy kod na [EMAIL_1].", "c-2")  # another conversation sees nothing
'Wyślemy kod na [EMAIL_1].'
>>> vault.forget("c-1"), vault.restore("[EMAIL_1]", "c-1")
(1, '[EMAIL_1]')
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from pomocbot.errors import InvalidArgumentError
from pomocbot.guardrails.base import checked_conversation_id, checked_moment
from pomocbot.guardrails.pseudonyms import unmarked

__all__ = ["Vault"]


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _utc(moment: datetime) -> datetime:
    moment = checked_moment(moment)
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        return moment.replace(tzinfo=timezone.utc)
    try:
        return moment.astimezone(timezone.utc)
    except OverflowError:  # hours from year 1 or 9999 in its own zone: the nearest UTC moment
        return (datetime.min if moment.year == 1 else datetime.max).replace(tzinfo=timezone.utc)


@dataclass
class _Entry:
    values: dict[str, str] = field(default_factory=dict)  # token -> original value
    aliases: dict[str, str] = field(default_factory=dict)  # a pseudonym without its mark -> original value
    last_used: datetime = field(default_factory=_now)
    pattern: re.Pattern[str] | None = None  # all tokens, longest first; rebuilt after a put


class Vault:
    """Thread-safe in-memory map ``conversation -> token -> original value``.

    ``retention_days`` (usually ``ConversationConfig.retention_days``) is used
    by :meth:`purge_expired`: conversations not used for longer are dropped.
    A token keeps the first value put under it (the redactor maps one value to
    one token, so a second put is the same person in another inflected form).

    >>> vault = Vault(retention_days=30)
    >>> vault.put("c-1", "[TELEFON_1]", "600 100 200")
    >>> vault.size("c-1"), vault.conversation_ids()
    (1, ['c-1'])
    >>> from datetime import timedelta
    >>> vault.purge_expired(now=vault.last_used("c-1") + timedelta(days=31))
    ['c-1']
    """

    def __init__(self, retention_days: float | None = None) -> None:
        self.retention_days = retention_days
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def put(self, conversation_id: str, token: str, value: str, *, at: datetime | None = None) -> None:
        """Keep ``value`` under ``token`` for one conversation (the first value of a token wins)."""
        conversation_id = checked_conversation_id(conversation_id)
        if not isinstance(token, str) or not isinstance(value, str):
            raise InvalidArgumentError(f"the token and the value must be str, not {type(token).__name__} "
                                       f"and {type(value).__name__}")
        with self._lock:
            entry = self._entries.setdefault(conversation_id, _Entry())
            entry.last_used = _utc(at) if at else _now()
            if token not in entry.values:
                entry.values[token] = value
                entry.pattern = None
            # A pseudonym's mark may be dropped on the way (an LLM rewording "… (fikcyjny)"): the bare
            # fake value still stands for the customer's own and is restored too.
            bare = unmarked(token)
            if bare != token and len(bare) >= 5 and bare not in entry.values and bare not in entry.aliases:
                entry.aliases[bare] = value
                entry.pattern = None

    def get(self, conversation_id: str, token: str) -> str | None:
        """The value kept under ``token``, or None."""
        conversation_id = checked_conversation_id(conversation_id)
        with self._lock:
            entry = self._entries.get(conversation_id)
            return entry.values.get(token) if entry else None

    def restore(self, text: str, conversation_id: str | None) -> str:
        """``text`` with this conversation's tokens replaced by the original values.

        For the text shown to the customer only: never store, log or send the
        result anywhere else. Tokens of other conversations and unknown tokens
        stay as they are.
        """
        if not isinstance(text, str):
            raise InvalidArgumentError(f"the text to restore must be a str, not {type(text).__name__}")
        if not checked_conversation_id(conversation_id):
            return text
        with self._lock:
            entry = self._entries.get(conversation_id)
            if entry is None or not entry.values:
                return text
            entry.last_used = _now()
            if entry.pattern is None:
                tokens = sorted({**entry.aliases, **entry.values}, key=len, reverse=True)
                entry.pattern = re.compile("|".join(re.escape(token) for token in tokens))
            pattern, values = entry.pattern, {**entry.aliases, **entry.values}
        return pattern.sub(lambda match: values[match.group(0)], text)

    def size(self, conversation_id: str) -> int:
        """Number of values kept for a conversation."""
        conversation_id = checked_conversation_id(conversation_id)
        with self._lock:
            entry = self._entries.get(conversation_id)
            return len(entry.values) if entry else 0

    def last_used(self, conversation_id: str) -> datetime | None:
        """When the conversation's values were last put or restored (UTC), or None."""
        conversation_id = checked_conversation_id(conversation_id)
        with self._lock:
            entry = self._entries.get(conversation_id)
            return entry.last_used if entry else None

    def conversation_ids(self) -> list[str]:
        """Conversations with values in the vault."""
        with self._lock:
            return list(self._entries)

    def forget(self, conversation_id: str) -> int:
        """Erase a conversation's values; returns how many were erased (0 when unknown)."""
        conversation_id = checked_conversation_id(conversation_id)
        with self._lock:
            entry = self._entries.pop(conversation_id, None)
        if entry is None:
            return 0
        erased = len(entry.values)
        entry.values.clear()
        entry.aliases.clear()
        entry.pattern = None
        return erased

    def purge_idle_since(self, cutoff: datetime) -> list[str]:
        """Erase conversations not used since ``cutoff``; returns their ids."""
        cutoff = _utc(cutoff)
        with self._lock:
            idle = [cid for cid, entry in self._entries.items() if entry.last_used < cutoff]
        for cid in idle:
            self.forget(cid)
        return idle

    def purge_expired(self, now: datetime | None = None) -> list[str]:
        """Erase conversations idle longer than ``retention_days`` (nothing when it is None)."""
        if self.retention_days is None:
            return []
        try:
            cutoff = _utc(now or _now()) - timedelta(days=self.retention_days)
        except OverflowError:  # ``now`` within the retention of year 1: nothing can be older
            return []
        return self.purge_idle_since(cutoff)

    def __len__(self) -> int:
        """Number of values kept over all conversations."""
        with self._lock:
            return sum(len(entry.values) for entry in self._entries.values())

    def __repr__(self) -> str:
        # Counts only: the values are personal data.
        with self._lock:
            conversations = len(self._entries)
        return f"Vault(conversations={conversations}, values={len(self)})"

    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("a Vault holds personal data in memory only and cannot be pickled; "
                        "a persistent vault must be encrypted (not provided)")
