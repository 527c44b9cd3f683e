"""The shared privacy state in Redis (redis-py): per-conversation hashes that expire with the retention.

Keys (``prefix`` is ``pomocbot``; the braces are a Redis Cluster hash tag, so
one conversation's keys share a slot)::

    pomocbot:{c-1}:vault          hash  wrapped (data key under the master key), last_used
    pomocbot:{c-1}:vault:values   hash  keyed hash of a token -> sealed (token, value)
    pomocbot:{c-1}:vault:aliases  hash  the same for pseudonyms without their mark
    pomocbot:{c-1}:state          hash  version, wrapped, sealed, tokens, last_used
    pomocbot:index:vault, pomocbot:index:state   sorted sets: conversation id by last use

With ``retention_days`` every write or use sets the conversation's keys to
expire that long after, so Redis itself erases idle conversations; the
indexes drop expired ids when they are listed or purged. Writes that must
be atomic (the first value of a token wins, the state's compare-and-set,
erasure: key first) are Lua scripts or ``MULTI`` transactions. Errors are
:class:`~pomocbot.errors.SharedStateError`, the password masked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from pomocbot.conversation.postgres_pool import mask_url
from pomocbot.errors import ConfigError, DependencyMissingError
from pomocbot.shared.backend import Entry, StateRow, VaultRows
from pomocbot.shared.errors import SharedStateError

__all__ = ["RedisPrivacyBackend"]

# KEYS: vault, values, aliases, index; ARGV: wrapped, score, ttl_ms, id, then (kind, name, sealed)...
_PUT = """
if redis.call('HGET', KEYS[1], 'wrapped') ~= ARGV[1] then return 0 end
for i = 5, #ARGV, 3 do
  local h = KEYS[2]
  if ARGV[i] == 'a' then h = KEYS[3] end
  redis.call('HSETNX', h, ARGV[i + 1], ARGV[i + 2])
end
redis.call('ZADD', KEYS[4], ARGV[2], ARGV[4])
if tonumber(ARGV[3]) > 0 then
  for j = 1, 3 do redis.call('PEXPIRE', KEYS[j], ARGV[3]) end
end
return 1
"""

# KEYS: hash, index, more keys to expire; ARGV: last_used, score, id, ttl_ms
_TOUCH = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'last_used', ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
if tonumber(ARGV[4]) > 0 then
  for i = 1, #KEYS do if i ~= 2 then redis.call('PEXPIRE', KEYS[i], ARGV[4]) end end
end
return 1
"""

# KEYS: state, index; ARGV: expected, wrapped, sealed, tokens, last_used, score, id, ttl_ms
_SAVE = """
if (redis.call('HGET', KEYS[1], 'version') or '0') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'version', tonumber(ARGV[1]) + 1, 'wrapped', ARGV[2], 'sealed', ARGV[3],
           'tokens', ARGV[4], 'last_used', ARGV[5])
redis.call('ZADD', KEYS[2], ARGV[6], ARGV[7])
if tonumber(ARGV[8]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[8]) end
return 1
"""

# KEYS: hash; ARGV: old, new
_REWRAP = """
if redis.call('HGET', KEYS[1], 'wrapped') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'wrapped', ARGV[2])
return 1
"""


def _moment(raw: bytes) -> datetime:
    return datetime.fromisoformat(raw.decode())


class RedisPrivacyBackend:
    """:class:`~pomocbot.shared.backend.PrivacyBackend` on ``url`` (``redis://``, ``rediss://``, ``unix://``)."""

    def __init__(self, url: str, *, retention_days: float | None = None, prefix: str = "pomocbot",
                 client: Any = None) -> None:
        try:
            import redis
        except ImportError as exc:
            raise DependencyMissingError("the Redis privacy store needs redis-py; install it with: "
                                         "pip install 'pomocbot[redis]'") from exc
        self._redis = redis
        self.url = mask_url(url)
        try:
            self.client: Any = client or redis.Redis.from_url(url, socket_timeout=10,
                                                              socket_connect_timeout=10)
        except ValueError as exc:
            raise ConfigError(f"not a Redis URL: {self.url!r} ({mask_url(str(exc))})") from None
        self.prefix = prefix
        self._ttl_ms = round(retention_days * 86_400_000) if retention_days else 0
        self._put = self.client.register_script(_PUT)
        self._touch = self.client.register_script(_TOUCH)
        self._save = self.client.register_script(_SAVE)
        self._rewrap = self.client.register_script(_REWRAP)
        with self._errors():
            self.client.ping()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except self._redis.RedisError as exc:
            raise SharedStateError(f"privacy store {self.url!r} failed: {type(exc).__name__}: "
                                   f"{mask_url(str(exc))}; check that Redis is reachable") from None

    def _keys(self, conversation_id: str) -> tuple[str, str, str, str]:
        base = f"{self.prefix}:{{{conversation_id}}}"
        return f"{base}:vault", f"{base}:vault:values", f"{base}:vault:aliases", f"{base}:state"

    def _index(self, part: str) -> str:
        return f"{self.prefix}:index:{part}"

    # -- vault ------------------------------------------------------------
    def vault_put(self, conversation_id: str, new_wrapped: bytes, at: datetime,
                  seal: Callable[[bytes], Sequence[Entry]]) -> None:
        vault, values, aliases, _ = self._keys(conversation_id)
        for _attempt in range(2):  # an erasure between the two steps: start again with a fresh key
            with self._errors():
                pipe = self.client.pipeline(transaction=True)
                pipe.hsetnx(vault, "wrapped", new_wrapped)
                pipe.hset(vault, "last_used", at.isoformat())
                pipe.hget(vault, "wrapped")
                wrapped = pipe.execute()[-1]
            args: list[Any] = [wrapped, at.timestamp(), self._ttl_ms, conversation_id]
            for entry in seal(wrapped):
                args += ["a" if entry.alias else "v", entry.name, entry.sealed]
            with self._errors():
                if self._put(keys=[vault, values, aliases, self._index("vault")], args=args):
                    return
        raise SharedStateError(f"privacy store {self.url!r}: the conversation was erased twice while a value "
                               "was put; nothing was kept")

    def vault_read(self, conversation_id: str, touch: datetime | None) -> VaultRows | None:
        vault, values, aliases, _ = self._keys(conversation_id)
        with self._errors():
            if touch is not None:
                self._touch(keys=[vault, self._index("vault"), values, aliases],
                            args=[touch.isoformat(), touch.timestamp(), conversation_id, self._ttl_ms])
            pipe = self.client.pipeline(transaction=True)
            pipe.hmget(vault, "wrapped", "last_used")
            pipe.hgetall(values)
            pipe.hgetall(aliases)
            (wrapped, last_used), found, bare = pipe.execute()
        if wrapped is None:
            return None
        entries = [Entry(n, False, s) for n, s in found.items()]
        entries += [Entry(n, True, s) for n, s in bare.items()]
        return VaultRows(wrapped, _moment(last_used), entries)

    def vault_size(self, conversation_id: str) -> int:
        with self._errors():
            return int(self.client.hlen(self._keys(conversation_id)[1]))

    def vault_last_used(self, conversation_id: str) -> datetime | None:
        with self._errors():
            raw = self.client.hget(self._keys(conversation_id)[0], "last_used")
        return _moment(raw) if raw else None

    def _live(self, part: str, slot: int) -> list[str]:
        """Ids in an index whose keys still exist (expired ones leave the index here)."""
        with self._errors():
            ids = [raw.decode() for raw in self.client.zrange(self._index(part), 0, -1)]
            pipe = self.client.pipeline(transaction=False)
            for cid in ids:
                pipe.exists(self._keys(cid)[slot])
            alive = pipe.execute() if ids else []
            gone = [cid for cid, exists in zip(ids, alive, strict=True) if not exists]
            if gone:
                self.client.zrem(self._index(part), *gone)
        return [cid for cid, exists in zip(ids, alive, strict=True) if exists]

    def vault_ids(self) -> list[str]:
        return self._live("vault", 0)

    def vault_total(self) -> int:
        ids = self.vault_ids()
        with self._errors():
            pipe = self.client.pipeline(transaction=False)
            for cid in ids:
                pipe.hlen(self._keys(cid)[1])
            return sum(pipe.execute()) if ids else 0

    def vault_forget(self, conversation_id: str) -> int:
        vault, values, aliases, _ = self._keys(conversation_id)
        with self._errors():
            pipe = self.client.pipeline(transaction=True)
            pipe.hlen(values)
            pipe.delete(vault)  # the data key first: whatever survives of the rest cannot be read
            pipe.delete(values, aliases)
            pipe.zrem(self._index("vault"), conversation_id)
            return int(pipe.execute()[0])

    def _idle(self, part: str, cutoff: datetime) -> list[str]:
        with self._errors():
            return [raw.decode() for raw in
                    self.client.zrangebyscore(self._index(part), "-inf", f"({cutoff.timestamp()}")]

    def vault_purge(self, cutoff: datetime) -> list[str]:
        idle = self._idle("vault", cutoff)
        for cid in idle:
            self.vault_forget(cid)
        return idle

    # -- redaction states ---------------------------------------------------
    def state_load(self, conversation_id: str) -> StateRow | None:
        with self._errors():
            version, wrapped, sealed, last_used = self.client.hmget(
                self._keys(conversation_id)[3], "version", "wrapped", "sealed", "last_used")
        if version is None:
            return None
        return StateRow(int(version), wrapped, sealed, _moment(last_used))

    def state_save(self, conversation_id: str, expected: int, wrapped: bytes, sealed: bytes, tokens: int,
                   at: datetime) -> bool:
        with self._errors():
            return bool(self._save(
                keys=[self._keys(conversation_id)[3], self._index("state")],
                args=[expected, wrapped, sealed, tokens, at.isoformat(), at.timestamp(), conversation_id,
                      self._ttl_ms]))

    def state_touch(self, conversation_id: str, at: datetime) -> None:
        with self._errors():
            self._touch(keys=[self._keys(conversation_id)[3], self._index("state")],
                        args=[at.isoformat(), at.timestamp(), conversation_id, self._ttl_ms])

    def state_tokens(self, conversation_id: str) -> int:
        with self._errors():
            raw = self.client.hget(self._keys(conversation_id)[3], "tokens")
        return int(raw) if raw else 0

    def state_ids(self) -> list[str]:
        return self._live("state", 3)

    def state_forget(self, conversation_id: str) -> int:
        with self._errors():
            pipe = self.client.pipeline(transaction=True)
            pipe.hget(self._keys(conversation_id)[3], "tokens")
            pipe.delete(self._keys(conversation_id)[3])
            pipe.zrem(self._index("state"), conversation_id)
            raw = pipe.execute()[0]
        return int(raw) if raw else 0

    def state_purge(self, cutoff: datetime) -> list[str]:
        idle = self._idle("state", cutoff)
        for cid in idle:
            self.state_forget(cid)
        return idle

    def rewrap(self, part: str, conversation_id: str, old: bytes, new: bytes) -> bool:
        name = self._keys(conversation_id)[0 if part == "vault" else 3]
        with self._errors():
            return bool(self._rewrap(keys=[name], args=[old, new]))

    def close(self) -> None:
        """Close the client's connections; idempotent."""
        self.client.close()

    def __repr__(self) -> str:
        return f"RedisPrivacyBackend({self.url!r})"
