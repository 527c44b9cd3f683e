"""Conversation store in PostgreSQL (psycopg 3): one state shared by every worker of a backend.

The SQLite store serves one machine; this one serves many workers behind a
load balancer, so a conversation continues on whichever worker gets the next
message. The layout and the migrations are in
:mod:`pomocbot.conversation.postgres_schema` (schema version 3, the same facts
as the SQLite store); opening a store applies what is missing, under an
advisory lock, so workers starting together do not race.

Concurrency. Each call borrows a connection from a small pool (``min_size``
opened at once, up to ``max_size``; threads beyond that wait). An append is
one transaction that first upserts the conversation row, bumping its
``turn_count``: the row lock it takes makes a second append to the same
conversation, from any thread or worker, wait until the first commits, so
``seq`` values never repeat or interleave and one append's turns stay together.

Erasure (RODO art. 17). :meth:`PostgresConversationStore.delete` deletes the
conversation row, and the foreign keys ``ON DELETE CASCADE`` delete its turns,
feedback and customer links in the same statement. PostgreSQL keeps dead row
versions in its files until (auto)vacuum reuses the space, and in its
write-ahead log and backups for their lifetime; run the database on encrypted
storage and keep backup retention within the erasure deadline.

Errors are :class:`~pomocbot.errors.ConversationStoreError`; they name the
URL with its password masked and never echo stored text.

>>> try:
...     PostgresConversationStore("postgresql://pomocbot:tajne-haslo@127.0.0.1:1/rozmowy")
... except ConversationStoreError as error:
...     print(error)
cannot connect to the conversation store 'postgresql://pomocbot:***@127.0.0.1:1/rozmowy': ...

With a server (``pip install 'pomocbot[postgres]'``)::

    with PostgresConversationStore("postgresql://pomocbot:***@db:5432/pomocbot", max_size=16) as store:
        store.append("c-1", [Turn(role="customer", text="Gdzie jest moja paczka?", at=now)])
        store.turns("c-1", last=6)
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING

from pomocbot.conversation.base import Feedback, Turn, metadata_json
from pomocbot.conversation.memory import as_utc
from pomocbot.conversation.postgres_pool import (
    Pool,
    describe_error,
    import_psycopg,
    mask_url,
    url_secrets,
)
from pomocbot.conversation.postgres_schema import SCHEMA_VERSION, migrate
from pomocbot.errors import ConversationStoreError, InvalidArgumentError

if TYPE_CHECKING:
    import psycopg

__all__ = ["SCHEMA_VERSION", "PostgresConversationStore", "mask_url"]

class PostgresConversationStore:
    """Thread- and process-safe :class:`~pomocbot.conversation.base.ConversationStore` in PostgreSQL.

    ``url`` is a libpq URL (``postgresql://user:password@host:5432/dbname?sslmode=require``) or a
    ``key=value`` string. Opening connects ``min_size`` connections and
    migrates the schema; a bad URL, an unreachable server, a refused login, a
    database whose tables belong to another program or a newer pomocbot raise
    :class:`~pomocbot.errors.ConversationStoreError` (password masked).
    ``connect_timeout`` (seconds) bounds each connection attempt and the wait
    for a free connection. :attr:`url` is the masked URL.

    >>> PostgresConversationStore("postgresql://pomocbot@localhost/rozmowy", min_size=0)
    Traceback (most recent call last):
    ...
    pomocbot.errors.InvalidArgumentError: min_size and max_size must be ints with 1 <= min_size <= max_size...
    """

    def __init__(
        self, url: str, *, min_size: int = 1, max_size: int = 8, connect_timeout: float = 10.0
    ) -> None:
        if not isinstance(url, str) or not url.strip():
            raise ConversationStoreError(
                f"the conversation store URL must be a non-empty str, got {type(url).__name__}; pass e.g. "
                "'postgresql://pomocbot:PASSWORD@db:5432/pomocbot'"
            )
        ints = all(isinstance(n, int) and not isinstance(n, bool) for n in (min_size, max_size))
        if not ints or not 1 <= min_size <= max_size:
            raise InvalidArgumentError(
                f"min_size and max_size must be ints with 1 <= min_size <= max_size, got {min_size!r} and "
                f"{max_size!r}; the defaults are 1 and 8"
            )
        self._psycopg = import_psycopg()
        self.url = mask_url(url)
        self._secret_url = url
        self._secrets = url_secrets(self._psycopg, url)
        self._connect_timeout = max(2, round(connect_timeout))  # libpq takes whole seconds, at least 2
        self._pool = Pool(self._connect, min_size=min_size, max_size=max_size,
                           wait_s=connect_timeout, name=repr(self.url), secrets=self._secrets)
        try:
            with self._pool.connection() as connection:
                migrate(connection, repr(self.url))
        except self._psycopg.Error as exc:
            self._pool.close()
            raise ConversationStoreError(
                f"cannot prepare the schema of the conversation store {self.url!r}: {self._describe(exc)}; "
                "the user needs CREATE on the database on first start"
            ) from exc
        except BaseException:
            self._pool.close()
            raise

    def _connect(self) -> psycopg.Connection:
        psycopg = self._psycopg
        try:
            connection = psycopg.connect(
                self._secret_url, autocommit=True, connect_timeout=self._connect_timeout
            )
        except psycopg.ProgrammingError as exc:
            raise ConversationStoreError(
                f"{self.url!r} is not a valid PostgreSQL URL ({self._describe(exc)}); pass "
                "'postgresql://user:password@host:5432/dbname'"
            ) from exc
        except psycopg.Error as exc:
            raise ConversationStoreError(
                f"cannot connect to the conversation store {self.url!r}: {self._describe(exc)}; check the "
                "host, port, user and password, and that PostgreSQL accepts connections"
            ) from exc
        try:
            connection.execute("SET TIME ZONE 'UTC'")
        except psycopg.Error as exc:
            connection.close()
            raise ConversationStoreError(
                f"the conversation store {self.url!r} failed: {self._describe(exc)}"
            ) from exc
        return connection

    def _describe(self, exc: Exception) -> str:
        return describe_error(exc, self._secrets)

    def _db(self, write: bool = False) -> AbstractContextManager[psycopg.Connection]:
        return self._pool.session(write)

    def turns(self, conversation_id: str, last: int | None = None) -> list[Turn]:
        """Turns of a conversation, oldest first (the ``last`` n when given); [] when unknown.

        ``at`` comes back as an aware UTC datetime (the same instant that was stored).
        """
        if last is not None and last <= 0:
            return []
        with self._db() as db:
            rows = db.execute(
                "SELECT role, text, at, metadata FROM turns WHERE conversation_id = %s "
                "ORDER BY seq DESC LIMIT %s",
                (conversation_id, last),
            ).fetchall()
        return [Turn(role=role, text=text, at=as_utc(at), metadata=metadata)
                for role, text, at, metadata in reversed(rows)]

    def append(self, conversation_id: str, turns: Sequence[Turn]) -> None:
        """Add turns at the end of a conversation (created on first use), atomically."""
        rows = []
        for turn in turns:
            metadata = metadata_json(turn)
            rows.append((turn.role, turn.text, as_utc(turn.at), metadata))
        if not rows:
            return
        customers = sorted({str(t.metadata["customer_id"]) for t in turns if t.metadata.get("customer_id")})
        with self._db(write=True) as db:
            # The upsert locks the conversation row until commit: the next append waits, then reads our count.
            count = db.execute(
                "INSERT INTO conversations AS c (conversation_id, last_at, turn_count) VALUES (%s, %s, %s) "
                "ON CONFLICT (conversation_id) DO UPDATE "
                "SET last_at = EXCLUDED.last_at, turn_count = c.turn_count + EXCLUDED.turn_count "
                "RETURNING turn_count",
                (conversation_id, rows[-1][2], len(rows)),
            ).fetchone()[0]
            start = count - len(rows)
            with db.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO turns (conversation_id, seq, role, text, at, metadata) "
                    "VALUES (%s, %s, %s, %s, %s, %s::json)",
                    [(conversation_id, start + i, *row) for i, row in enumerate(rows)],
                )
                cursor.executemany(
                    "INSERT INTO customers (customer_id, conversation_id) VALUES (%s, %s) "
                    "ON CONFLICT DO NOTHING",
                    [(customer, conversation_id) for customer in customers],
                )

    def delete(self, conversation_id: str) -> int:
        """Erase a conversation with its turns, feedback and customer links; returns the turns erased.

        ``turn_count`` is the number of stored turns (turns are only ever
        deleted with their conversation), and the cascade removes the rows.
        """
        with self._db(write=True) as db:
            row = db.execute(
                "DELETE FROM conversations WHERE conversation_id = %s RETURNING turn_count",
                (conversation_id,),
            ).fetchone()
        return row[0] if row else 0

    def delete_idle_since(self, cutoff: datetime) -> list[str]:
        """Erase conversations whose last turn is older than ``cutoff``; returns their ids (oldest first).

        One statement: a conversation that gets a turn meanwhile is re-checked
        against the new ``last_at`` and kept.
        """
        with self._db(write=True) as db:
            rows = db.execute(
                "DELETE FROM conversations WHERE last_at < %s RETURNING conversation_id, created",
                (as_utc(cutoff),),
            ).fetchall()
        return [cid for cid, _ in sorted(rows, key=lambda row: row[1])]

    def conversation_ids(self) -> list[str]:
        """Ids of the stored conversations, in order of creation."""
        with self._db() as db:
            rows = db.execute("SELECT conversation_id FROM conversations ORDER BY created").fetchall()
        return [row[0] for row in rows]

    def conversations_of(self, customer_id: str) -> list[str]:
        """The conversations whose turns carry ``customer_id`` (any channel), most recent last."""
        with self._db() as db:
            return [row[0] for row in db.execute(
                "SELECT c.conversation_id FROM customers c JOIN conversations v USING (conversation_id) "
                "WHERE c.customer_id = %s ORDER BY v.last_at, v.created", (customer_id,))]

    def add_feedback(self, conversation_id: str, feedback: Feedback) -> bool:
        """Keep ``feedback`` for a stored conversation; False (nothing kept) for an unknown one.

        The counter update locks the conversation row, so a concurrent delete
        either waits (and then finds nothing to rate) or erases this feedback
        with the conversation. Feedback does not move ``last_at``.
        """
        with self._db(write=True) as db:
            row = db.execute(
                "UPDATE conversations SET feedback_count = feedback_count + 1 WHERE conversation_id = %s "
                "RETURNING feedback_count", (conversation_id,),
            ).fetchone()
            if row is None:
                return False
            db.execute(
                "INSERT INTO feedback (conversation_id, seq, at, csat, nps, comment) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                (conversation_id, row[0] - 1, as_utc(feedback.at),
                 feedback.csat, feedback.nps, feedback.comment),
            )
        return True

    def feedback(self, conversation_id: str) -> list[Feedback]:
        """The conversation's feedback, oldest first; [] when none or unknown."""
        with self._db() as db:
            rows = db.execute(
                "SELECT at, csat, nps, comment FROM feedback WHERE conversation_id = %s ORDER BY seq",
                (conversation_id,),
            ).fetchall()
        return [Feedback(at=as_utc(at), csat=csat, nps=nps, comment=comment)
                for at, csat, nps, comment in rows]

    def all_feedback(self) -> list[tuple[str, Feedback]]:
        """``(conversation_id, feedback)`` of every stored conversation, in order of recording."""
        with self._db() as db:
            rows = db.execute(
                "SELECT conversation_id, at, csat, nps, comment FROM feedback ORDER BY recorded"
            ).fetchall()
        return [(cid, Feedback(at=as_utc(at), csat=csat, nps=nps, comment=comment))
                for cid, at, csat, nps, comment in rows]

    def close(self) -> None:
        """Close the pooled connections (lent ones when their call ends); idempotent."""
        self._pool.close()

    def __enter__(self) -> PostgresConversationStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._pool.closed else "open"
        return f"PostgresConversationStore({self.url!r}, {state})"
