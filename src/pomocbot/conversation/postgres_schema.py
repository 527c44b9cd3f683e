"""Schema of the PostgreSQL conversation store: versioned migrations, applied under an advisory lock.

Layout (schema version 3, one row per applied version in ``pomocbot_schema_version``)::

    conversations(conversation_id PRIMARY KEY, created, last_at, turn_count, feedback_count)
    turns(conversation_id, seq, role, text, at, metadata)        primary key (conversation_id, seq)
    feedback(conversation_id, seq, recorded, at, csat, nps, comment)  primary key (conversation_id, seq)
    customers(customer_id, conversation_id)                      primary key (customer_id, conversation_id)

The versions match :mod:`pomocbot.conversation.sqlite` (1: conversations and
turns, 2: feedback, 3: customers), so both stores hold the same facts. What
PostgreSQL adds: ``created`` (an identity, the order of creation that SQLite
takes from ``rowid``), the counters ``turn_count`` and ``feedback_count`` (the
next ``seq``, bumped under the conversation's row lock, so concurrent appends
never share a ``seq``) and foreign keys ``ON DELETE CASCADE``: deleting a
``conversations`` row deletes its turns, feedback and customer links in the
same statement, so no caller can forget one.

:func:`migrate` runs in one transaction under ``pg_advisory_xact_lock``:
two workers starting at once on a fresh database create it once, the second
waits and finds nothing left to do. The steps only add, so an upgrade keeps
the stored turns.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from pomocbot.errors import ConversationStoreError

__all__ = ["ADVISORY_LOCK_KEY", "MIGRATIONS", "SCHEMA_VERSION", "migrate", "schema_version"]

if TYPE_CHECKING:  # psycopg is an optional extra: imported by the store, lazily
    import psycopg

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 3

ADVISORY_LOCK_KEY = int.from_bytes(b"pomocbot", "big")
"""The bigint every pomocbot worker locks while it migrates: the bytes of ``pomocbot``, easy to spot in
``pg_locks`` (``classid``/``objid`` are its two halves)."""

_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS pomocbot_schema_version (
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""

MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE conversations (
            conversation_id text PRIMARY KEY,
            created bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
            last_at timestamptz NOT NULL,
            turn_count integer NOT NULL DEFAULT 0,
            feedback_count integer NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX conversations_last_at ON conversations (last_at)",
        """CREATE TABLE turns (
            conversation_id text NOT NULL REFERENCES conversations ON DELETE CASCADE,
            seq integer NOT NULL,
            role text NOT NULL CHECK (role IN ('customer', 'assistant')),
            text text NOT NULL,
            at timestamptz NOT NULL,
            metadata json NOT NULL DEFAULT '{}',
            PRIMARY KEY (conversation_id, seq)
        )""",
    ),
    2: (
        """CREATE TABLE feedback (
            conversation_id text NOT NULL REFERENCES conversations ON DELETE CASCADE,
            seq integer NOT NULL,
            recorded bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
            at timestamptz NOT NULL,
            csat integer CHECK (csat BETWEEN 1 AND 5),
            nps integer CHECK (nps BETWEEN 0 AND 10),
            comment text,
            PRIMARY KEY (conversation_id, seq)
        )""",
    ),
    # One customer, one history: the conversations of a backend's customer id, on every channel.
    3: (
        """CREATE TABLE customers (
            customer_id text NOT NULL,
            conversation_id text NOT NULL REFERENCES conversations ON DELETE CASCADE,
            PRIMARY KEY (customer_id, conversation_id)
        )""",
        # the cascade from conversations looks rows up by conversation_id
        "CREATE INDEX customers_conversation_id ON customers (conversation_id)",
    ),
}
"""Target version -> the statements that bring a database from the version before it there (additive)."""

# ``metadata`` is ``json``, not ``jsonb``: it keeps the text as written (key order included), like SQLite.


def schema_version(connection: psycopg.Connection) -> int:
    """The highest applied version; 0 for a database without pomocbot's tables."""
    if connection.execute("SELECT to_regclass('pomocbot_schema_version')").fetchone()[0] is None:
        return 0
    return connection.execute("SELECT COALESCE(max(version), 0) FROM pomocbot_schema_version").fetchone()[0]


def migrate(connection: psycopg.Connection, where: str) -> tuple[int, int]:
    """Bring the database of ``connection`` to :data:`SCHEMA_VERSION`; returns ``(before, after)``.

    ``where`` (the masked URL) names the database in errors. A database whose
    ``conversations`` or ``turns`` belong to another program, or that a newer
    pomocbot wrote, is refused with :class:`~pomocbot.errors.ConversationStoreError`.
    Applying it again is a no-op.
    """
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (ADVISORY_LOCK_KEY,))
        before = schema_version(connection)
        if before == 0:
            taken = [
                name for name in ("conversations", "turns", "feedback", "customers")
                if connection.execute("SELECT to_regclass(%s)", (name,)).fetchone()[0] is not None
            ]
            if taken:
                raise ConversationStoreError(
                    f"the database {where} has tables {taken} of another program; pass a new database, or "
                    "a schema of its own (options=-csearch_path=... in the URL)"
                )
        if before > SCHEMA_VERSION:
            raise ConversationStoreError(
                f"the conversation store {where} has schema version {before}, this pomocbot reads up to "
                f"{SCHEMA_VERSION}; upgrade pomocbot"
            )
        connection.execute(_VERSION_TABLE)
        for target in range(before + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[target]:
                connection.execute(statement)
            connection.execute("INSERT INTO pomocbot_schema_version (version) VALUES (%s)", (target,))
    if before and before != SCHEMA_VERSION:
        logger.info("conversation store: schema upgraded from %d to %d", before, SCHEMA_VERSION)
    return before, SCHEMA_VERSION
