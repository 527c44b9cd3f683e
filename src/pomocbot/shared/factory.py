"""Open the shared privacy state from one URL: the vault and the redaction-state store of every worker.

>>> privacy = open_shared_privacy("memory://", key=generate_key(), retention_days=30)
>>> privacy.vault.put("c-1", "[TELEFON_1]", "600 100 200")
>>> privacy.vault.restore("Oddzwonimy na [TELEFON_1].", "c-1")
'Oddzwonimy na 600 100 200.'
>>> open_shared_privacy("mysql://db/pomocbot", key=generate_key())
Traceback (most recent call last):
...
pomocbot.errors.ConfigError: the shared privacy store URL must start with postgresql://, ...
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pomocbot.conversation.postgres_pool import mask_url
from pomocbot.errors import ConfigError
from pomocbot.shared.backend import PrivacyBackend
from pomocbot.shared.crypto import KeyRing, generate_key
from pomocbot.shared.states import SharedStateStore
from pomocbot.shared.vault import SharedVault

__all__ = ["SharedPrivacy", "generate_key", "open_shared_privacy"]

_POSTGRES = ("postgresql://", "postgres://")
_REDIS = ("redis://", "rediss://", "unix://")


@dataclass(frozen=True)
class SharedPrivacy:
    """What :func:`open_shared_privacy` opens: pass ``vault`` and ``states`` to the
    :class:`~pomocbot.guardrails.redaction.Redactor` (``vault=..., state_store=...``)."""

    vault: SharedVault
    states: SharedStateStore
    backend: PrivacyBackend

    def forget(self, conversation_id: str) -> tuple[int, int]:
        """Erase a conversation's values and redaction state; returns ``(values, tokens)`` erased."""
        return self.vault.forget(conversation_id), self.states.forget(conversation_id)

    def rotate_keys(self) -> int:
        """Wrap every stored data key under the newest master key (the first of ``"NEW,OLD"``).

        Run it once after deploying ``"NEW,OLD"`` on every worker; then ``OLD``
        can be dropped. Returns the keys rewrapped; a conversation erased or
        saved meanwhile is skipped (a save wraps under the new key already).
        """
        keys = self.vault._keys
        done = 0
        for cid in self.backend.vault_ids():
            rows = self.backend.vault_read(cid, None)
            if rows is not None:
                done += self.backend.rewrap("vault", cid, rows.wrapped, keys.rewrap(rows.wrapped))
        for cid in self.backend.state_ids():
            row = self.backend.state_load(cid)
            if row is not None:
                done += self.backend.rewrap("state", cid, row.wrapped, keys.rewrap(row.wrapped))
        return done

    def close(self) -> None:
        self.backend.close()

    def __enter__(self) -> SharedPrivacy:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_shared_privacy(url: str, *, key: str | bytes | Sequence[str | bytes] | None = None,
                        retention_days: float | None = None, prefix: str = "pomocbot",
                        **options: Any) -> SharedPrivacy:
    """The shared vault and redaction-state store at ``url``, encrypted under the master ``key``.

    ``url``: ``postgresql://user:password@host:5432/db`` (psycopg 3; ``options``:
    ``min_size``, ``max_size``, ``connect_timeout``), ``redis://host:6379/0``
    (redis-py; keys under ``prefix``, expiring ``retention_days`` after their
    last use; ``options``: ``client``) or ``memory://`` (one process, for tests).
    ``key``: one Fernet key, ``"NEW,OLD"`` while rotating, or None to read
    ``POMOCBOT_VAULT_KEY``; checked before anything connects
    (:class:`~pomocbot.errors.VaultKeyError`). ``retention_days`` is the
    vault's :meth:`~pomocbot.guardrails.vault.Vault.purge_expired` horizon.
    """
    keys = KeyRing(key)
    if not isinstance(url, str):
        raise ConfigError(f"the shared privacy store URL must be a str, not {type(url).__name__}")
    backend: PrivacyBackend
    if url.startswith(_POSTGRES):
        from pomocbot.shared.postgres_store import PostgresPrivacyBackend

        backend = PostgresPrivacyBackend(url, **options)
    elif url.startswith(_REDIS):
        from pomocbot.shared.redis_store import RedisPrivacyBackend

        backend = RedisPrivacyBackend(url, retention_days=retention_days, prefix=prefix, **options)
    elif url == "memory://":
        from pomocbot.shared.memory_backend import MemoryBackend

        backend = MemoryBackend()
    else:
        raise ConfigError(f"the shared privacy store URL must start with postgresql://, redis://, rediss:// "
                          f"or unix:// (or be memory://), not {mask_url(url)!r}")
    return SharedPrivacy(SharedVault(backend, keys, retention_days), SharedStateStore(backend, keys), backend)
