"""The latest handoff of each conversation, in a table of the conversation store's SQLite file.

One file for everything kept about conversations makes erasure, backups and
retention one thing to think about. pomocbot's
:class:`~pomocbot.conversation.sqlite.SQLiteConversationStore` owns the file
and its schema version; this table sits beside its tables, so open the
conversation store first (it refuses a new file that already holds another
program's tables). Like the store, this connection runs with
``secure_delete=ON`` and truncates the write-ahead log after an erasure, so a
deleted handoff leaves no copy in the files.

Only redacted data is stored: the :class:`~pomocbot.EscalationDecision` of a
reply, whose handoff summary pomocbot builds from redacted text (placeholders
such as ``[PESEL_1]``, entity counts, never values).

>>> import tempfile, pathlib
>>> from pomocbot import EscalationDecision, HandoffSummary
>>> decision = EscalationDecision(escalate=True, priority="P2", queue="reklamacje",
...                               handoff=HandoffSummary(intent="reklamacja", summary="Klient [OSOBA_1] ..."))
>>> with HandoffStore(pathlib.Path(tempfile.mkdtemp()) / "rozmowy.sqlite") as store:
...     store.put("c-1", 2, decision)
...     stored = store.get("c-1")
...     erased = store.delete("c-1")
>>> stored.turn, stored.decision.queue, erased
(2, 'reklamacje', 1)
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from pomocbot import ConversationStoreError, EscalationDecision

__all__ = ["HandoffStore", "StoredHandoff"]

logger = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS backend_handoffs (
    conversation_id TEXT PRIMARY KEY,
    turn INTEGER NOT NULL,
    at TEXT NOT NULL,
    decision TEXT NOT NULL
)
"""


class StoredHandoff(BaseModel):
    """A stored escalation: the conversation, the customer turn that escalated, when, and the decision."""

    model_config = ConfigDict(frozen=True)

    conversation_id: str
    turn: int
    at: datetime
    decision: EscalationDecision


class HandoffStore:
    """Thread-safe store of the latest :class:`~pomocbot.EscalationDecision` per conversation.

    SQLite errors become :class:`~pomocbot.ConversationStoreError` (the backend
    answers them with 503).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            connection = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None,
                                         timeout=5.0)
            connection.execute("PRAGMA secure_delete=ON")
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(_SCHEMA)
        except sqlite3.Error as exc:
            raise ConversationStoreError(
                f"cannot open the handoff table in {str(self.path)!r}: {exc}; "
                "pass the conversation store's file"
            ) from exc
        self._connection: sqlite3.Connection | None = connection

    def _run(self, sql: str, parameters: tuple = ()) -> sqlite3.Cursor:
        with self._lock:
            if self._connection is None:
                raise ConversationStoreError(f"the handoff store {str(self.path)!r} is closed")
            try:
                return self._connection.execute(sql, parameters)
            except sqlite3.Error as exc:
                raise ConversationStoreError(f"handoff store {str(self.path)!r} failed: {exc}") from exc

    def put(self, conversation_id: str, turn: int, decision: EscalationDecision,
            at: datetime | None = None) -> None:
        """Keep ``decision`` as the conversation's latest handoff (replacing an earlier one)."""
        moment = (at or datetime.now(timezone.utc)).astimezone(timezone.utc)
        self._run("INSERT OR REPLACE INTO backend_handoffs (conversation_id, turn, at, decision) "
                  "VALUES (?, ?, ?, ?)",
                  (conversation_id, turn, moment.isoformat(timespec="microseconds"),
                   decision.model_dump_json()))

    def get(self, conversation_id: str) -> StoredHandoff | None:
        """The latest handoff of a conversation, or None."""
        row = self._run("SELECT turn, at, decision FROM backend_handoffs WHERE conversation_id = ?",
                        (conversation_id,)).fetchone()
        if row is None:
            return None
        turn, at, decision = row
        return StoredHandoff(conversation_id=conversation_id, turn=turn, at=datetime.fromisoformat(at),
                             decision=EscalationDecision.model_validate_json(decision))

    def delete(self, conversation_id: str) -> int:
        """Erase a conversation's handoff so that no copy stays in the files; returns 0 or 1."""
        erased = self._run("DELETE FROM backend_handoffs WHERE conversation_id = ?",
                           (conversation_id,)).rowcount
        if erased:
            busy = self._run("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            if busy:
                logger.warning("handoff store: WAL checkpoint after erasure blocked by a reader")
        return erased

    def ping(self) -> None:
        """Raise :class:`~pomocbot.ConversationStoreError` when the file cannot be read."""
        self._run("SELECT count(*) FROM backend_handoffs").fetchone()

    def close(self) -> None:
        """Close the connection; idempotent."""
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def __enter__(self) -> HandoffStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
