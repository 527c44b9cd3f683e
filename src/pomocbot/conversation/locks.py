"""Per-conversation locks: two turns of one conversation never run at once, in one process or across many.

A double click, two tabs or a retry can send two messages of one conversation
at the same moment; each turn must see the turns before it and get its own
number. In one process :class:`LocalLocks` does it (striped ``threading``
locks, so memory stays bounded). With several workers :class:`RedisLocks`
does it with redis-py's lock (``SET NX PX`` with a token, released by a Lua
script only by its owner). Both also take the local lock first, so threads of
one worker queue on it instead of polling Redis.

A Redis lock expires (``timeout_s``) so a worker that dies mid-turn does not
block its conversation for ever; a turn that runs longer has its lock renewed
every third of that time by a background thread. Taking the lock raises
:class:`~pomocbot.errors.ConversationBusyError` after ``wait_s`` and
:class:`~pomocbot.errors.ConversationLockError` when Redis is unreachable:
either way before the turn starts, so nothing is half done.

>>> locks = LocalLocks()
>>> with locks.hold("c-1"):
...     pass
>>> build_locks(None).__class__.__name__
'LocalLocks'
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol, runtime_checkable

from pomocbot.errors import ConfigError, ConversationBusyError, ConversationLockError, DependencyMissingError

__all__ = ["ConversationLocks", "LocalLocks", "RedisLocks", "build_locks"]

logger = logging.getLogger(__name__)
_STRIPES = 64


@runtime_checkable
class ConversationLocks(Protocol):
    """What :class:`~pomocbot.Assistant` needs: ``with locks.hold(conversation_id): ...``."""

    def hold(self, conversation_id: str) -> Any: ...

    def ping(self) -> None: ...

    def close(self) -> None: ...


class LocalLocks:
    """Striped in-process locks: one of ``stripes`` ``threading.Lock`` per conversation (by hash)."""

    def __init__(self, stripes: int = _STRIPES) -> None:
        self._stripes = tuple(threading.Lock() for _ in range(stripes))

    def lock_for(self, conversation_id: str) -> threading.Lock:
        return self._stripes[hash(conversation_id) % len(self._stripes)]

    @contextmanager
    def hold(self, conversation_id: str) -> Iterator[None]:
        with self.lock_for(conversation_id):
            yield

    def ping(self) -> None:
        """Nothing to reach: always ready."""

    def close(self) -> None:
        """Nothing to close."""

    def __repr__(self) -> str:
        return f"LocalLocks(stripes={len(self._stripes)})"


def _mask(url: str) -> str:
    from pomocbot.conversation.postgres_pool import mask_url

    return mask_url(url)


class RedisLocks:
    """Locks in Redis shared by every worker that uses the same ``url`` (``redis://`` or ``rediss://``).

    ``timeout_s``: how long a lock outlives a worker that died holding it.
    ``wait_s``: how long a turn waits for another worker's turn of the same
    conversation. ``client`` replaces the connection made from ``url`` (tests).
    """

    def __init__(self, url: str, *, timeout_s: float = 10.0, wait_s: float = 15.0,
                 prefix: str = "pomocbot:lock:", client: Any | None = None) -> None:
        if timeout_s <= 0 or wait_s < 0:
            raise ConfigError(f"lock timeout_s must be > 0 and wait_s >= 0, got {timeout_s} and {wait_s}")
        try:
            import redis
        except ImportError as exc:
            raise DependencyMissingError(
                "RedisLocks needs redis-py; install it with: pip install 'pomocbot[redis]'") from exc
        self._redis = redis
        self.url, self.timeout_s, self.wait_s, self.prefix = _mask(url), timeout_s, wait_s, prefix
        try:
            # Reconnects on its own after a dropped connection (the retry covers one killed socket).
            self.client = client or redis.Redis.from_url(
                url, socket_timeout=5.0, socket_connect_timeout=5.0, health_check_interval=30,
                retry_on_timeout=True)
        except ValueError as exc:
            raise ConfigError(f"not a Redis URL: {self.url} ({exc})") from None
        self._local = LocalLocks()
        self._held: dict[int, Any] = {}  # id(lock) -> redis lock, renewed by the renewer thread
        self._held_lock = threading.Lock()
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None
        self.lost = 0  # locks found expired or taken over when renewed or released

    def ping(self) -> None:
        """Raises :class:`~pomocbot.errors.ConversationLockError` when Redis does not answer."""
        try:
            self.client.ping()
        except self._redis.RedisError as exc:
            raise ConversationLockError(
                f"Redis at {self.url} is unreachable ({type(exc).__name__})") from None

    @contextmanager
    def hold(self, conversation_id: str) -> Iterator[None]:
        with self._local.hold(conversation_id):
            lock = self.client.lock(self.prefix + conversation_id, timeout=self.timeout_s,
                                    blocking_timeout=self.wait_s, sleep=0.02, thread_local=False)
            try:
                taken = lock.acquire()
            except self._redis.RedisError as exc:
                raise ConversationLockError(
                    f"cannot lock the conversation in Redis at {self.url} ({type(exc).__name__}); "
                    "the message was not processed") from None
            if not taken:
                raise ConversationBusyError(
                    f"another worker has held this conversation for over {self.wait_s:g} s; retry later")
            self._track(lock)
            try:
                yield
            finally:
                self._untrack(lock)
                self._release(lock)

    def _release(self, lock: Any) -> None:
        try:
            lock.release()
        except self._redis.exceptions.LockNotOwnedError:
            self.lost += 1
            logger.warning("a conversation lock expired before its turn ended (lock timeout %.0f s)",
                           self.timeout_s)
        except self._redis.RedisError as exc:
            # The turn is done and stored; the lock expires on its own within timeout_s.
            logger.warning("cannot release a conversation lock (%s); it expires in %.0f s",
                           type(exc).__name__, self.timeout_s)

    def _track(self, lock: Any) -> None:
        with self._held_lock:
            self._held[id(lock)] = lock
            if self._renewer is None:
                self._renewer = threading.Thread(target=self._renew_forever, name="pomocbot-lock-renewer",
                                                 daemon=True)
                self._renewer.start()

    def _untrack(self, lock: Any) -> None:
        with self._held_lock:
            self._held.pop(id(lock), None)

    def _renew_forever(self) -> None:
        while not self._stop.wait(self.timeout_s / 3):
            with self._held_lock:
                held = list(self._held.values())
            for lock in held:
                try:
                    lock.reacquire()
                except self._redis.exceptions.LockNotOwnedError:
                    self.lost += 1
                    self._untrack(lock)
                    logger.warning("a conversation lock was lost while its turn ran")
                except self._redis.RedisError:
                    pass  # Redis is down for a moment: the next round tries again

    def close(self) -> None:
        self._stop.set()
        self.client.close()

    def __repr__(self) -> str:
        return f"RedisLocks({self.url!r}, timeout_s={self.timeout_s:g}, wait_s={self.wait_s:g})"


def build_locks(url: str | None, *, timeout_s: float = 10.0, wait_s: float = 15.0) -> ConversationLocks:
    """:class:`LocalLocks` without a URL, :class:`RedisLocks` for ``redis://``, ``rediss://`` or ``unix://``."""
    if url is None:
        return LocalLocks()
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(f"conversation.lock_url must be a redis:// URL, not {_mask(url)!r}")
    return RedisLocks(url, timeout_s=timeout_s, wait_s=wait_s)
