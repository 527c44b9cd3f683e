"""Connections for :class:`~pomocbot.conversation.postgres.PostgresConversationStore`: a small pool, masking.

``psycopg_pool`` is not a dependency: a thread-safe pool of psycopg 3
connections is a few lines (the most recently returned connection is reused
first; a broken one is thrown away). Passwords never reach an error message.

>>> mask_url("postgresql://pomocbot:tajne@db:5432/sklep")
'postgresql://pomocbot:***@db:5432/sklep'
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from pomocbot.errors import ConversationStoreError, DependencyMissingError, PomocbotError

if TYPE_CHECKING:
    import psycopg

__all__ = ["QUOTED", "Pool", "describe_error", "import_psycopg", "mask_url", "scrub", "secrets_of",
           "url_secrets"]

_URL_PASSWORD = re.compile(r"(://[^:/?#@\s]*:)\S*(?=@)")
_KEYWORD_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&']*)", re.IGNORECASE)
QUOTED = re.compile(r'"[^"]*"')


def mask_url(url: str) -> str:
    """``url`` (a ``postgresql://`` URL or a ``key=value`` string) with any password replaced by ``***``.

    >>> mask_url("postgresql://pomocbot:tajne@db:5432/rozmowy?sslmode=require")
    'postgresql://pomocbot:***@db:5432/rozmowy?sslmode=require'
    >>> mask_url("host=db dbname=rozmowy password='ta jne'")
    'host=db dbname=rozmowy password=***'

    A password that shows up a second time (pasted into another parameter) is masked there too.
    """
    return scrub(_KEYWORD_PASSWORD.sub(r"\1***", _URL_PASSWORD.sub(r"\1***", url)), secrets_of(url))


def secrets_of(url: str) -> set[str]:
    """The passwords written in ``url`` (userinfo and ``password=``), found without parsing it."""
    found = {m.group(0)[len(m.group(1)):] for m in _URL_PASSWORD.finditer(url)}
    return found | {m.group(2).strip("'") for m in _KEYWORD_PASSWORD.finditer(url)}


def scrub(text: str, secrets: set[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        if len(secret) >= 3:  # shorter ones would mask letters of host names, not secrets
            text = text.replace(secret, "***")
    return text


def url_secrets(psycopg: Any, url: str) -> set[str]:
    """The passwords of ``url``: those written in it, and libpq's reading (which decodes %-escapes)."""
    found = secrets_of(url)
    try:
        password = psycopg.conninfo.conninfo_to_dict(url).get("password")
    except Exception:  # a URL libpq cannot parse: secrets_of found what can be found
        password = None
    if password:
        found.add(str(password))
    return found


def describe_error(exc: Exception, secrets: set[str]) -> str:
    """What went wrong without a password or stored values (quoted parts of server messages may hold them)."""
    diag = getattr(exc, "diag", None)
    lines = str(exc).strip().splitlines()
    text = getattr(diag, "message_primary", None) or (lines[0] if lines else type(exc).__name__)
    text = mask_url(scrub(text, secrets))
    if getattr(exc, "sqlstate", None):  # a server error: its quotes may hold stored values
        text = QUOTED.sub('"…"', text)
        where = [f"{kind} {value}" for kind, value in
                 (("table", getattr(diag, "table_name", None)),
                  ("constraint", getattr(diag, "constraint_name", None))) if value]
        text = f"{text} (SQLSTATE {getattr(exc, 'sqlstate', '')}{', ' if where else ''}{', '.join(where)})"
    return text


def import_psycopg() -> Any:
    try:
        import psycopg
    except ImportError as exc:
        raise DependencyMissingError(
            "PostgresConversationStore needs psycopg 3; install it with: pip install 'pomocbot[postgres]'"
        ) from exc
    return psycopg


class Pool:
    """A few connections lent to one thread at a time (psycopg connections are not shared mid-query).

    Idle connections are reused last-in first-out, so the warm ones serve; a
    connection that comes back broken or inside a transaction is closed and
    later replaced. ``psycopg_pool`` would add health checks and resizing,
    which a store of short statements does not need.
    """

    def __init__(self, connect: Callable[[], psycopg.Connection], *, min_size: int, max_size: int,
                 wait_s: float, name: str, what: str = "conversation store",
                 error: type[PomocbotError] = ConversationStoreError,
                 secrets: set[str] | None = None) -> None:
        # what/error/secrets: each store (conversations, knowledge, privacy) words and types its errors
        self._what, self._error, self._secrets = what, error, secrets or set()
        self._connect = connect
        self._max_size = max_size
        self._wait_s = wait_s
        self._name = name
        self._idle: list[psycopg.Connection] = []
        self._size = 0  # connections open: idle and lent
        self._ready = threading.Condition()
        self.closed = False
        try:
            for _ in range(min_size):
                self._idle.append(connect())
                self._size += 1
        except BaseException:
            self.close()
            raise

    @contextmanager
    def session(self, write: bool = False) -> Iterator[psycopg.Connection]:
        """A pooled connection, in a transaction when ``write``; psycopg's errors become the store's."""
        psycopg = import_psycopg()
        with self.connection() as connection:
            try:
                if write:
                    with connection.transaction():
                        yield connection
                else:
                    yield connection
            except psycopg.Error as exc:
                raise self._error(
                    f"{self._what} {self._name} failed: {describe_error(exc, self._secrets)}") from exc

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection]:
        connection = self._take()
        try:
            yield connection
        finally:
            self._give(connection)

    def _take(self) -> psycopg.Connection:
        deadline = time.monotonic() + self._wait_s
        with self._ready:
            while True:
                if self.closed:
                    raise self._error(f"the {self._what} {self._name} is closed; open a new one")
                while self._idle:
                    connection = self._idle.pop()
                    if not connection.closed:
                        return connection
                    self._size -= 1
                if self._size < self._max_size:
                    self._size += 1
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    raise self._error(
                        f"all {self._max_size} connections to the {self._what} {self._name} stayed "
                        f"busy for {self._wait_s:g} s; pass a larger max_size or lighten the load"
                    )
                self._ready.wait(left)
        try:
            return self._connect()
        except BaseException:
            with self._ready:
                self._size -= 1
                self._ready.notify()
            raise

    def _give(self, connection: psycopg.Connection) -> None:
        reusable = (not connection.closed and not connection.broken
                    and connection.info.transaction_status.name == "IDLE")
        with self._ready:
            if reusable and not self.closed:
                self._idle.append(connection)
            else:
                self._size -= 1
            self._ready.notify()
        if not reusable or self.closed:
            connection.close()

    def close(self) -> None:
        """Close the idle connections now and lent ones when they come back; idempotent."""
        with self._ready:
            self.closed = True
            idle, self._idle = self._idle, []
            self._size -= len(idle)
            self._ready.notify_all()
        for connection in idle:
            connection.close()
