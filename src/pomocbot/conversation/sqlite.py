"""Conversation store in one SQLite file (standard-library ``sqlite3``), survives restarts.

Layout (schema version 3, kept in ``PRAGMA user_version``)::

    conversations(conversation_id PRIMARY KEY, last_at)        index on last_at
    turns(conversation_id, seq, role, text, at, metadata)      primary key (conversation_id, seq)
    feedback(conversation_id, seq, at, csat, nps, comment)     primary key (conversation_id, seq)
    customers(customer_id, conversation_id)                    primary key (customer_id, conversation_id)

Version 1 had no ``feedback`` table, version 2 no ``customers`` (one customer's conversations). An
older file is upgraded in place, one step per version (:data:`_MIGRATIONS`, under a write lock, in one
transaction): the steps only add tables, so the turns stay as they were. A pomocbot that reads an older
version refuses an upgraded file ("upgrade pomocbot").

``at`` is ISO-8601 UTC with microseconds (fixed width, so text order is time
order); ``metadata`` is JSON. The primary key of ``turns`` is the index on
``conversation_id`` (it leads the key), so a conversation is read with one
range scan in ``seq`` order.

Erasure (RODO art. 17). :meth:`SQLiteConversationStore.delete` must leave no
copy of the text in the files, so the connection runs with
``PRAGMA secure_delete=ON`` (SQLite overwrites deleted cells and freed pages
with zeros) and, after the delete commits, checkpoints the write-ahead log with
``wal_checkpoint(TRUNCATE)``: the old page images that still hold the text in
the ``-wal`` file are cut off. What this cannot reach is below the file system
(journaling file systems, SSD wear levelling, backups); encrypt the disk for that.

Threads share one connection (``check_same_thread=False``) behind a lock:
turns are tiny, so a lock costs less than a connection per thread and keeps
``close()`` simple. WAL mode lets other processes read while this one writes.

>>> import tempfile, pathlib
>>> from datetime import datetime, timezone
>>> from pomocbot.conversation.base import Feedback, Turn
>>> folder = tempfile.mkdtemp()
>>> at = datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)
>>> with SQLiteConversationStore(pathlib.Path(folder) / "rozmowy" / "c.sqlite") as store:
...     store.append("c-1", [Turn(role="customer", text="Gdzie jest moja paczka?", at=at)])
...     [turn.text for turn in store.turns("c-1")]
['Gdzie jest moja paczka?']
>>> with SQLiteConversationStore(pathlib.Path(folder) / "rozmowy" / "c.sqlite") as store:
...     store.add_feedback("c-1", Feedback(csat=4, at=at)), [f.csat for f in store.feedback("c-1")]
(True, [4])
>>> with SQLiteConversationStore(pathlib.Path(folder) / "rozmowy" / "c.sqlite") as store:
...     store.delete("c-1"), store.all_feedback()
(1, [])
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from pomocbot.conversation.base import Feedback, Turn, metadata_json
from pomocbot.conversation.memory import as_utc
from pomocbot.errors import ConversationStoreError

__all__ = ["SCHEMA_VERSION", "SQLiteConversationStore"]

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 3

_SCHEMA = """
CREATE TABLE conversations (
    conversation_id TEXT PRIMARY KEY,
    last_at TEXT NOT NULL
);
CREATE INDEX conversations_last_at ON conversations (last_at);
CREATE TABLE turns (
    conversation_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('customer', 'assistant')),
    text TEXT NOT NULL,
    at TEXT NOT NULL,
    metadata TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (conversation_id, seq)
);
"""
"""Version 1: the tables of a new file before any migration."""

_MIGRATIONS = {
    2: """
CREATE TABLE feedback (
    conversation_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    csat INTEGER CHECK (csat BETWEEN 1 AND 5),
    nps INTEGER CHECK (nps BETWEEN 0 AND 10),
    comment TEXT,
    PRIMARY KEY (conversation_id, seq)
);
""",
    # One customer, one history: the conversations of a backend's customer id, on every channel.
    3: """
CREATE TABLE customers (
    customer_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    PRIMARY KEY (customer_id, conversation_id)
);
""",
}
"""Target version -> the statements that bring a file from the version before it there (additive only)."""


def _run_script(connection: sqlite3.Connection, script: str) -> None:
    # Statement by statement: executescript() would commit the open transaction.
    for statement in script.split(";"):
        if statement.strip():
            connection.execute(statement)


def _iso(moment: datetime) -> str:
    return as_utc(moment).isoformat(timespec="microseconds")


def _feedback(at: str, csat: int | None, nps: int | None, comment: str | None) -> Feedback:
    return Feedback(at=datetime.fromisoformat(at), csat=csat, nps=nps, comment=comment)


class SQLiteConversationStore:
    """Thread-safe :class:`~pomocbot.conversation.base.ConversationStore` in an SQLite file.

    ``path`` is created with its parent folders. An unusable path (a folder, a
    file that is not SQLite, a store written by a newer pomocbot) raises
    :class:`~pomocbot.errors.ConversationStoreError`. Close the store (or use it
    as a context manager) so the write-ahead log is folded back into the file.

    >>> SQLiteConversationStore("/dev/null/nie/tutaj.sqlite")
    Traceback (most recent call last):
    ...
    pomocbot.errors.ConversationStoreError: cannot create the folder of the conversation store ...
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path).expanduser()
        self._lock = threading.RLock()
        self._connection: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConversationStoreError(
                f"cannot create the folder of the conversation store {str(self.path)!r}: {exc.strerror}; "
                "pass a path in a writable folder"
            ) from exc
        if self.path.is_dir():
            raise ConversationStoreError(
                f"the conversation store path {str(self.path)!r} is a folder; pass a file path such as "
                f"{str(self.path / 'conversations.sqlite')!r}"
            )
        try:
            connection = sqlite3.connect(
                self.path, check_same_thread=False, isolation_level=None, timeout=5.0
            )
        except sqlite3.Error as exc:
            raise ConversationStoreError(
                f"cannot open the conversation store {str(self.path)!r}: {exc}; pass a writable file path"
            ) from exc
        try:
            self._configure(connection)
        except sqlite3.Error as exc:
            connection.close()
            raise ConversationStoreError(
                f"{str(self.path)!r} is not a usable conversation store ({exc}); "
                "pass a new file path or delete the file"
            ) from exc
        except ConversationStoreError:
            connection.close()
            raise
        self._connection = connection

    def _configure(self, connection: sqlite3.Connection) -> None:
        # secure_delete first: it must be on for every later write of this connection.
        connection.execute("PRAGMA secure_delete=ON")
        mode = connection.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            logger.warning("conversation store: journal mode %s instead of WAL", mode)
        # NORMAL is durable across application crashes in WAL mode (only a power
        # cut can lose the last commits), and much faster than FULL.
        connection.execute("PRAGMA synchronous=NORMAL")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:
            # Under a write lock, so two processes opening a new or old file create or upgrade it once.
            connection.execute("BEGIN IMMEDIATE")
            try:
                version = connection.execute("PRAGMA user_version").fetchone()[0]
                start = version
                if version == 0:
                    if connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                        raise ConversationStoreError(
                            f"{str(self.path)!r} is an SQLite file of another program; "
                            "pass a new file path for the conversation store"
                        )
                    _run_script(connection, _SCHEMA)
                    version = 1
                for target in range(version + 1, SCHEMA_VERSION + 1):
                    _run_script(connection, _MIGRATIONS[target])
                    version = target
                if version != start:
                    connection.execute(f"PRAGMA user_version={version}")
                    if start:
                        logger.info("conversation store: schema upgraded from %d to %d", start, version)
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        if version > SCHEMA_VERSION:
            raise ConversationStoreError(
                f"the conversation store {str(self.path)!r} has schema version {version}, this pomocbot "
                f"reads up to {SCHEMA_VERSION}; upgrade pomocbot"
            )

    @contextmanager
    def _db(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        """The connection under the lock, in a transaction when ``write``; errors become ours."""
        with self._lock:
            if self._connection is None:
                raise ConversationStoreError(
                    f"the conversation store {str(self.path)!r} is closed; open a new one"
                )
            connection = self._connection
            try:
                if write:
                    connection.execute("BEGIN IMMEDIATE")
                yield connection
                if write:
                    connection.execute("COMMIT")
            except BaseException as exc:
                if write and connection.in_transaction:
                    connection.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise ConversationStoreError(
                        f"conversation store {str(self.path)!r} failed: {exc}"
                    ) from exc
                raise

    def turns(self, conversation_id: str, last: int | None = None) -> list[Turn]:
        """Turns of a conversation, oldest first (the ``last`` n when given); [] when unknown.

        ``at`` comes back as an aware UTC datetime (the same instant that was stored).
        """
        if last is not None and last <= 0:
            return []
        with self._db() as db:
            rows = db.execute(
                "SELECT role, text, at, metadata FROM turns WHERE conversation_id = ? "
                "ORDER BY seq DESC LIMIT ?",
                (conversation_id, -1 if last is None else last),
            ).fetchall()
        return [
            Turn(role=role, text=text, at=datetime.fromisoformat(at), metadata=json.loads(metadata))
            for role, text, at, metadata in reversed(rows)
        ]

    def append(self, conversation_id: str, turns: Sequence[Turn]) -> None:
        """Add turns at the end of a conversation (created on first use)."""
        rows = []
        for turn in turns:
            metadata = metadata_json(turn)
            rows.append((turn.role, turn.text, _iso(turn.at), metadata))
        if not rows:
            return
        with self._db(write=True) as db:
            start = db.execute(
                "SELECT COALESCE(MAX(seq), -1) + 1 FROM turns WHERE conversation_id = ?", (conversation_id,)
            ).fetchone()[0]
            db.executemany(
                "INSERT INTO turns (conversation_id, seq, role, text, at, metadata) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(conversation_id, start + i, *row) for i, row in enumerate(rows)],
            )
            db.execute(
                "INSERT INTO conversations (conversation_id, last_at) VALUES (?, ?) "
                "ON CONFLICT (conversation_id) DO UPDATE SET last_at = excluded.last_at",
                (conversation_id, rows[-1][2]),
            )
            customers = {str(t.metadata["customer_id"]) for t in turns if t.metadata.get("customer_id")}
            db.executemany("INSERT OR IGNORE INTO customers (customer_id, conversation_id) VALUES (?, ?)",
                           [(customer, conversation_id) for customer in sorted(customers)])

    def delete(self, conversation_id: str) -> int:
        """Erase a conversation so that its text is gone from the files; returns the turns erased."""
        with self._db(write=True) as db:
            erased = db.execute("DELETE FROM turns WHERE conversation_id = ?", (conversation_id,)).rowcount
            db.execute("DELETE FROM feedback WHERE conversation_id = ?", (conversation_id,))
            db.execute("DELETE FROM customers WHERE conversation_id = ?", (conversation_id,))
            db.execute("DELETE FROM conversations WHERE conversation_id = ?", (conversation_id,))
        if erased:
            self._truncate_wal()
        return erased

    def delete_idle_since(self, cutoff: datetime) -> list[str]:
        """Erase conversations whose last turn is older than ``cutoff``; returns their ids."""
        with self._db(write=True) as db:
            idle = [
                row[0]
                for row in db.execute(
                    "SELECT conversation_id FROM conversations WHERE last_at < ? ORDER BY rowid",
                    (_iso(cutoff),),
                )
            ]
            db.executemany("DELETE FROM turns WHERE conversation_id = ?", [(cid,) for cid in idle])
            db.executemany("DELETE FROM feedback WHERE conversation_id = ?", [(cid,) for cid in idle])
            db.executemany("DELETE FROM customers WHERE conversation_id = ?", [(cid,) for cid in idle])
            db.executemany("DELETE FROM conversations WHERE conversation_id = ?", [(cid,) for cid in idle])
        if idle:
            self._truncate_wal()
        return idle

    def conversation_ids(self) -> list[str]:
        """Ids of the stored conversations, in order of creation."""
        with self._db() as db:
            return [row[0] for row in db.execute("SELECT conversation_id FROM conversations ORDER BY rowid")]

    def conversations_of(self, customer_id: str) -> list[str]:
        """The conversations whose turns carry ``customer_id`` (any channel), most recent last."""
        with self._db() as db:
            return [row[0] for row in db.execute(
                "SELECT c.conversation_id FROM customers c JOIN conversations v USING (conversation_id) "
                "WHERE c.customer_id = ? ORDER BY v.last_at", (customer_id,))]

    def add_feedback(self, conversation_id: str, feedback: Feedback) -> bool:
        """Keep ``feedback`` for a stored conversation; False (nothing kept) for an unknown one.

        The check and the insert are one statement, so a conversation erased
        meanwhile by another thread or process never gets orphaned feedback.
        Feedback does not move ``last_at``: retention counts from the last turn.
        """
        with self._db(write=True) as db:
            added = db.execute(
                "INSERT INTO feedback (conversation_id, seq, at, csat, nps, comment) "
                "SELECT ?, (SELECT COALESCE(MAX(seq), -1) + 1 FROM feedback WHERE conversation_id = ?), "
                "?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM conversations WHERE conversation_id = ?)",
                (conversation_id, conversation_id, _iso(feedback.at), feedback.csat, feedback.nps,
                 feedback.comment, conversation_id),
            ).rowcount
        return added == 1

    def feedback(self, conversation_id: str) -> list[Feedback]:
        """The conversation's feedback, oldest first; [] when none or unknown."""
        with self._db() as db:
            rows = db.execute(
                "SELECT at, csat, nps, comment FROM feedback WHERE conversation_id = ? ORDER BY seq",
                (conversation_id,),
            ).fetchall()
        return [_feedback(*row) for row in rows]

    def all_feedback(self) -> list[tuple[str, Feedback]]:
        """``(conversation_id, feedback)`` of every stored conversation, in order of recording."""
        with self._db() as db:
            rows = db.execute(
                "SELECT conversation_id, at, csat, nps, comment FROM feedback ORDER BY rowid"
            ).fetchall()
        return [(cid, _feedback(*row)) for cid, *row in rows]

    def _truncate_wal(self) -> None:
        # Copy the zeroed pages into the main file and cut the WAL to 0 bytes, so
        # no older page image with the erased text stays on disk.
        with self._db() as db:
            busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            # Another process is reading; its next checkpoint (or ours on close) finishes the job.
            logger.warning("conversation store: WAL checkpoint after erasure blocked by a reader")

    def close(self) -> None:
        """Checkpoint the WAL into the file and close the connection; idempotent."""
        with self._lock:
            if self._connection is None:
                return
            try:
                self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:  # pragma: no cover - closing must not fail on a busy reader
                logger.warning("conversation store: final WAL checkpoint failed", exc_info=True)
            finally:
                self._connection.close()
                self._connection = None

    def __enter__(self) -> SQLiteConversationStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._connection is None else "open"
        return f"SQLiteConversationStore({str(self.path)!r}, {state})"
