"""Schema of the pgvector knowledge store: versioned migrations, applied under pomocbot's advisory lock.

Layout (knowledge schema version 1, one row per applied version in
``pomocbot_knowledge_schema_version``; the tables sit beside the conversation
store's, so one database can hold both)::

    knowledge_store(singleton, embedder, dimension)          which embedder's vectors the tables hold
    knowledge_documents(doc_id PRIMARY KEY, content_hash, title, source, metadata jsonb, chunk_keys)
    knowledge_chunks(key PRIMARY KEY, doc_id -> knowledge_documents ON DELETE CASCADE, position,
                     content_hash, chunk json, metadata jsonb, embedding vector(dimension))

``chunk`` holds the :class:`~pomocbot.knowledge.chunker.Chunk`'s fields
(what a worker needs to rebuild its BM25 indexes); ``metadata`` is the
document's, as ``jsonb`` with a GIN index so ``metadata @> '{"tenant": ...}'``
filters in SQL. The vector column's dimension is the embedder's, fixed when
the tables are created: a store written by another embedder is refused.

The HNSW index (``vector_ip_ops``: the vectors are unit vectors, so inner
product is cosine) is created by :func:`ensure_hnsw` when the config asks
for ``index_kind="hnsw"``, not by a migration: it is a search structure, and
a ``flat`` store is searched exactly.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from pomocbot.conversation.postgres_schema import ADVISORY_LOCK_KEY

if TYPE_CHECKING:  # psycopg is an optional extra, imported lazily by the store
    import psycopg

__all__ = ["KNOWLEDGE_SCHEMA_VERSION", "ensure_hnsw", "knowledge_migrations", "migrate_knowledge"]

logger = logging.getLogger(__name__)

KNOWLEDGE_SCHEMA_VERSION = 1

_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS pomocbot_knowledge_schema_version (
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""


def knowledge_migrations(dimension: int) -> dict[int, tuple[str, ...]]:
    """Target version -> statements (additive); the vector column is typed with ``dimension``.

    >>> "vector(384)" in knowledge_migrations(384)[1][3]
    True
    """
    return {
        1: (
            "CREATE EXTENSION IF NOT EXISTS vector",
            """CREATE TABLE knowledge_store (
                singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                embedder text NOT NULL,
                dimension integer NOT NULL
            )""",
            """CREATE TABLE knowledge_documents (
                doc_id text PRIMARY KEY,
                content_hash text NOT NULL,
                title text NOT NULL,
                source text,
                metadata jsonb NOT NULL DEFAULT '{}',
                chunk_keys bigint[] NOT NULL
            )""",
            f"""CREATE TABLE knowledge_chunks (
                key bigint PRIMARY KEY,
                doc_id text NOT NULL REFERENCES knowledge_documents ON DELETE CASCADE,
                position integer NOT NULL,
                content_hash text NOT NULL,
                chunk json NOT NULL,
                metadata jsonb NOT NULL DEFAULT '{{}}',
                embedding vector({int(dimension)}) NOT NULL
            )""",
            "CREATE INDEX knowledge_chunks_doc_id ON knowledge_chunks (doc_id)",
            # jsonb_path_ops: smaller and faster than the default opclass, and @> is all we ask of it
            "CREATE INDEX knowledge_chunks_metadata ON knowledge_chunks USING gin (metadata jsonb_path_ops)",
        ),
    }


def _value(connection: psycopg.Connection, sql: str) -> Any:
    """The one value a one-row query returns."""
    row = connection.execute(sql).fetchone()
    assert row is not None  # an aggregate or to_regclass always returns a row
    return row[0]


def _version(connection: psycopg.Connection) -> int:
    if _value(connection, "SELECT to_regclass('pomocbot_knowledge_schema_version')") is None:
        return 0
    return int(_value(connection, "SELECT COALESCE(max(version), 0) FROM pomocbot_knowledge_schema_version"))


def migrate_knowledge(connection: psycopg.Connection, dimension: int) -> tuple[int, int]:
    """Bring the knowledge tables to :data:`KNOWLEDGE_SCHEMA_VERSION`; returns ``(before, after)``.

    One transaction under the advisory lock the conversation store's
    :func:`~pomocbot.conversation.postgres_schema.migrate` takes, so two
    workers starting at once create the tables once. A newer schema raises
    ``RuntimeError`` (the store turns it into its typed error).
    """
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (ADVISORY_LOCK_KEY,))
        before = _version(connection)
        if before > KNOWLEDGE_SCHEMA_VERSION:
            raise RuntimeError(f"knowledge schema version {before}, this pomocbot reads up to "
                               f"{KNOWLEDGE_SCHEMA_VERSION}; upgrade pomocbot")
        connection.execute(_VERSION_TABLE)
        migrations = knowledge_migrations(dimension)
        for target in range(before + 1, KNOWLEDGE_SCHEMA_VERSION + 1):
            for statement in migrations[target]:
                connection.execute(statement)
            connection.execute("INSERT INTO pomocbot_knowledge_schema_version (version) VALUES (%s)",
                               (target,))
    if before and before != KNOWLEDGE_SCHEMA_VERSION:
        logger.info("knowledge store: schema upgraded from %d to %d", before, KNOWLEDGE_SCHEMA_VERSION)
    return before, KNOWLEDGE_SCHEMA_VERSION


def ensure_hnsw(connection: psycopg.Connection, m: int, ef_construction: int) -> bool:
    """Create the HNSW index if it is missing; True when this call built it.

    pgvector needs ``ef_construction >= 2 * m``; the build reads
    ``maintenance_work_mem`` (the graph should fit in it, or the build slows
    down by an order of magnitude), raised here for this session only.
    """
    exists = _value(connection, "SELECT to_regclass('knowledge_chunks_hnsw')")
    if exists is not None:
        return False
    ef_construction = max(int(ef_construction), 2 * int(m))
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (ADVISORY_LOCK_KEY,))
        connection.execute("SET LOCAL maintenance_work_mem = '1GB'")
        connection.execute(
            f"CREATE INDEX IF NOT EXISTS knowledge_chunks_hnsw ON knowledge_chunks USING hnsw "
            f"(embedding vector_ip_ops) WITH (m = {int(m)}, ef_construction = {ef_construction})"
        )
    return True
