"""Envelope encryption of the shared privacy state: master keys wrap one random data key per conversation.

The deployment holds the master key (an argument, or ``POMOCBOT_VAULT_KEY``
read when a store is opened, never at import); the store holds only what it
encrypts. Each conversation gets a fresh Fernet data key, kept in the store
*wrapped* (encrypted) by the master key; the conversation's values and its
redaction state are encrypted with that data key. Erasing a conversation
deletes its data key first: a copy of the encrypted values (a replica, a
dump) is then useless even to a holder of the master key (crypto-shredding).

Rotation: ``"NEW,OLD"`` (comma-separated) — the first key wraps new data
keys, every key unwraps (``cryptography``'s ``MultiFernet``). Drop the old key
once :meth:`KeyRing.rewrap` has run over the stored keys, or once the
retention period has passed.

Fernet is AES-128-CBC with HMAC-SHA256 (encrypt-then-MAC): a wrong key or a
changed byte is detected, never decrypted into garbage.

>>> ring = KeyRing(generate_key())
>>> data_key, wrapped = ring.new_data_key()
>>> sealed = data_key.seal(b"600 100 200")
>>> ring.unwrap(wrapped).open(sealed)
b'600 100 200'
>>> b"600" in sealed + wrapped
False
>>> KeyRing(generate_key()).unwrap(wrapped)
Traceback (most recent call last):
...
pomocbot.errors.VaultKeyError: a stored data key decrypts with none of the 1 master key(s) given...
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping, Sequence
from typing import Any

from pomocbot.errors import DependencyMissingError
from pomocbot.shared.errors import VaultKeyError

__all__ = ["ENV_VAR", "DataKey", "KeyRing", "generate_key"]

ENV_VAR = "POMOCBOT_VAULT_KEY"


def _fernet() -> Any:
    try:
        import cryptography.fernet
    except ImportError as exc:
        raise DependencyMissingError(
            "the shared vault needs cryptography; install it with: pip install 'pomocbot[redis]' "
            "(or 'pomocbot[postgres]')"
        ) from exc
    return cryptography.fernet


def generate_key() -> str:
    """A new random master key (32 bytes, url-safe base64) for ``POMOCBOT_VAULT_KEY``.

    >>> len(generate_key())
    44
    """
    return _fernet().Fernet.generate_key().decode("ascii")


class DataKey:
    """One conversation's data key: seals its values and state, and names them by keyed hash."""

    def __init__(self, raw: bytes) -> None:
        fernet = _fernet()
        self._fernet = fernet.Fernet(raw)
        self._invalid = fernet.InvalidToken
        # a separate key for lookup names, so a name never reveals the token (or the value) it stands for
        self._name_key = hashlib.sha256(b"pomocbot-name\x00" + raw).digest()

    def seal(self, plain: bytes) -> bytes:
        return self._fernet.encrypt(plain)

    def open(self, sealed: bytes) -> bytes:
        try:
            return self._fernet.decrypt(bytes(sealed))
        except self._invalid:
            raise VaultKeyError("a stored value does not decrypt with its conversation's data key: the "
                                "store was altered or mixed up between deployments") from None

    def name(self, *parts: str) -> bytes:
        """A 16-byte keyed hash of ``parts``: a stable lookup key that is useless without the data key."""
        return hmac.new(self._name_key, "\x1f".join(parts).encode(), hashlib.sha256).digest()[:16]


class KeyRing:
    """The master keys: ``key`` (one key, ``"NEW,OLD"`` or a sequence), else ``env[POMOCBOT_VAULT_KEY]``.

    A missing or malformed key raises :class:`~pomocbot.errors.VaultKeyError`
    (naming its position, never its text).

    >>> KeyRing(None, env={})
    Traceback (most recent call last):
    ...
    pomocbot.errors.VaultKeyError: no vault master key: pass key=... or set POMOCBOT_VAULT_KEY...
    >>> KeyRing("kot")
    Traceback (most recent call last):
    ...
    pomocbot.errors.VaultKeyError: vault master key 1 of 1 is not a Fernet key ...
    """

    def __init__(self, key: str | bytes | Sequence[str | bytes] | None = None, *,
                 env: Mapping[str, str] | None = None) -> None:
        if key is None:
            key = (os.environ if env is None else env).get(ENV_VAR)
        if isinstance(key, bytes):
            key = key.decode("ascii", errors="replace")
        parts = key.split(",") if isinstance(key, str) else list(key or ())
        texts = [p.decode("ascii", errors="replace") if isinstance(p, bytes) else p for p in parts]
        keys = [text.strip() for text in texts if isinstance(text, str) and text.strip()]
        if not keys or len(keys) != len(parts):
            raise VaultKeyError(
                f"no vault master key: pass key=... or set {ENV_VAR} to one or more comma-separated keys "
                "(new first); make one with: python -c 'from pomocbot.shared import generate_key; "
                "print(generate_key())'"
            )
        fernet = _fernet()
        ferns = []
        for number, text in enumerate(keys, 1):
            try:
                ferns.append(fernet.Fernet(text.encode("ascii")))
            except (ValueError, UnicodeEncodeError):
                raise VaultKeyError(
                    f"vault master key {number} of {len(keys)} is not a Fernet key (32 bytes in url-safe "
                    "base64, 44 characters); generate one with pomocbot.shared.generate_key()"
                ) from None
        self._ring = fernet.MultiFernet(ferns)
        self._invalid = fernet.InvalidToken
        self.count = len(ferns)

    def new_data_key(self) -> tuple[DataKey, bytes]:
        """A fresh random data key and its wrapped form (what the store keeps)."""
        raw = _fernet().Fernet.generate_key()
        return DataKey(raw), self._ring.encrypt(raw)

    def unwrap(self, wrapped: bytes) -> DataKey:
        """The data key inside ``wrapped``; :class:`VaultKeyError` when no master key opens it."""
        try:
            return DataKey(self._ring.decrypt(bytes(wrapped)))
        except self._invalid:
            raise VaultKeyError(
                f"a stored data key decrypts with none of the {self.count} master key(s) given: a wrong "
                f"{ENV_VAR}, or an old key dropped before rotation finished (pass 'NEW,OLD')"
            ) from None

    def rewrap(self, wrapped: bytes) -> bytes:
        """``wrapped`` re-encrypted under the first (newest) master key, for key rotation."""
        try:
            return self._ring.rotate(bytes(wrapped))
        except self._invalid:
            raise VaultKeyError(f"a stored data key decrypts with none of the {self.count} master key(s) "
                                "given; it cannot be rotated") from None

    def __repr__(self) -> str:
        return f"KeyRing(keys={self.count})"  # never the keys
