"""The shared privacy state in PostgreSQL (psycopg 3), next to the conversation store or in its own database.

Layout (privacy schema version 1, in ``pomocbot_privacy_schema_version``)::

    pomocbot_vault_keys(conversation_id PRIMARY KEY, created, wrapped, last_used)
    pomocbot_vault_entries(conversation_id, name, alias, sealed)   primary key (conversation_id, name)
    pomocbot_redaction_states(conversation_id PRIMARY KEY, created, version, wrapped, sealed, tokens,
                              last_used)

``wrapped`` is a data key encrypted by the master key, ``sealed`` a value or
a state encrypted by the data key, ``name`` a keyed hash of a token: no
column holds personal data in clear. Entries reference their key ``ON DELETE
CASCADE``, so erasing deletes the key and its values in one statement.

The migrations use their own version table under the conversation store's
advisory lock (:data:`~pomocbot.conversation.postgres_schema.ADVISORY_LOCK_KEY`),
so workers starting together on a fresh database create the tables once.
Connections come from :class:`~pomocbot.conversation.postgres_pool.Pool`;
errors are :class:`~pomocbot.errors.SharedStateError`, the password masked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pomocbot.conversation.postgres_pool import (
    Pool,
    describe_error,
    import_psycopg,
    mask_url,
    url_secrets,
)
from pomocbot.conversation.postgres_schema import ADVISORY_LOCK_KEY
from pomocbot.shared.backend import Entry, StateRow, VaultRows
from pomocbot.shared.errors import SharedStateError

if TYPE_CHECKING:
    import psycopg

__all__ = ["PRIVACY_MIGRATIONS", "PRIVACY_SCHEMA_VERSION", "PostgresPrivacyBackend"]

PRIVACY_SCHEMA_VERSION = 1

PRIVACY_MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE pomocbot_vault_keys (
            conversation_id text PRIMARY KEY,
            created bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
            wrapped bytea NOT NULL,
            last_used timestamptz NOT NULL
        )""",
        "CREATE INDEX pomocbot_vault_keys_last_used ON pomocbot_vault_keys (last_used)",
        """CREATE TABLE pomocbot_vault_entries (
            conversation_id text NOT NULL REFERENCES pomocbot_vault_keys ON DELETE CASCADE,
            name bytea NOT NULL,
            alias boolean NOT NULL,
            sealed bytea NOT NULL,
            PRIMARY KEY (conversation_id, name)
        )""",
        """CREATE TABLE pomocbot_redaction_states (
            conversation_id text PRIMARY KEY,
            created bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
            version bigint NOT NULL,
            wrapped bytea NOT NULL,
            sealed bytea NOT NULL,
            tokens integer NOT NULL,
            last_used timestamptz NOT NULL
        )""",
        "CREATE INDEX pomocbot_redaction_states_last_used ON pomocbot_redaction_states (last_used)",
    ),
}
"""Target version -> the statements that bring the privacy tables there from the version before."""

_VERSION_TABLE = """CREATE TABLE IF NOT EXISTS pomocbot_privacy_schema_version (
    version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"""


def _first(row: tuple[Any, ...] | None) -> Any:
    return row[0] if row else None


def migrate_privacy(connection: psycopg.Connection, where: str) -> tuple[int, int]:
    """Bring the privacy tables to :data:`PRIVACY_SCHEMA_VERSION`; returns ``(before, after)``."""
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (ADVISORY_LOCK_KEY,))
        connection.execute(_VERSION_TABLE)
        before = _first(connection.execute(
            "SELECT COALESCE(max(version), 0) FROM pomocbot_privacy_schema_version").fetchone())
        if before > PRIVACY_SCHEMA_VERSION:
            raise SharedStateError(f"the privacy store {where} has schema version {before}, this pomocbot "
                                   f"reads up to {PRIVACY_SCHEMA_VERSION}; upgrade pomocbot")
        for target in range(before + 1, PRIVACY_SCHEMA_VERSION + 1):
            for statement in PRIVACY_MIGRATIONS[target]:
                connection.execute(statement)
            connection.execute("INSERT INTO pomocbot_privacy_schema_version (version) VALUES (%s)", (target,))
    return before, PRIVACY_SCHEMA_VERSION


class PostgresPrivacyBackend:
    """:class:`~pomocbot.shared.backend.PrivacyBackend` on ``url`` (``postgresql://user:pw@host/db``)."""

    def __init__(self, url: str, *, min_size: int = 1, max_size: int = 8,
                 connect_timeout: float = 10.0) -> None:
        self._psycopg = import_psycopg()
        self.url = mask_url(url)
        self._secret_url = url
        self._secrets = url_secrets(self._psycopg, url)
        self._connect_timeout = max(2, round(connect_timeout))  # libpq takes whole seconds, at least 2
        self._pool = Pool(self._connect, min_size=min_size, max_size=max_size, wait_s=connect_timeout,
                          name=repr(self.url), what="privacy store", error=SharedStateError,
                          secrets=self._secrets)
        try:
            with self._db() as connection:
                migrate_privacy(connection, repr(self.url))
        except BaseException:
            self._pool.close()
            raise

    def _connect(self) -> psycopg.Connection:
        try:
            connection = self._psycopg.connect(self._secret_url, autocommit=True,
                                               connect_timeout=self._connect_timeout)
            connection.execute("SET TIME ZONE 'UTC'")
        except self._psycopg.Error as exc:
            raise SharedStateError(f"cannot connect to the privacy store {self.url!r}: "
                                   f"{self._describe(exc)}; check the host, port, user and password") from exc
        return connection

    def _describe(self, exc: Exception) -> str:
        return describe_error(exc, self._secrets)

    def _db(self, write: bool = False) -> AbstractContextManager[psycopg.Connection]:
        return self._pool.session(write)

    # -- vault ------------------------------------------------------------
    def vault_put(self, conversation_id: str, new_wrapped: bytes, at: datetime,
                  seal: Callable[[bytes], Sequence[Entry]]) -> None:
        with self._db(write=True) as db:
            # The upsert locks the key row until commit: an erasure waits, and never leaves values keyless.
            wrapped = _first(db.execute(
                "INSERT INTO pomocbot_vault_keys (conversation_id, wrapped, last_used) VALUES (%s, %s, %s) "
                "ON CONFLICT (conversation_id) DO UPDATE SET last_used = EXCLUDED.last_used "
                "RETURNING wrapped",
                (conversation_id, new_wrapped, at)).fetchone())
            with db.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO pomocbot_vault_entries (conversation_id, name, alias, sealed) "
                    "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                    [(conversation_id, e.name, e.alias, e.sealed) for e in seal(bytes(wrapped))])

    def vault_read(self, conversation_id: str, touch: datetime | None) -> VaultRows | None:
        with self._db(write=touch is not None) as db:
            if touch is None:
                key = db.execute("SELECT wrapped, last_used FROM pomocbot_vault_keys "
                                 "WHERE conversation_id = %s", (conversation_id,)).fetchone()
            else:
                key = db.execute("UPDATE pomocbot_vault_keys SET last_used = %s WHERE conversation_id = %s "
                                 "RETURNING wrapped, last_used", (touch, conversation_id)).fetchone()
            if key is None:
                return None
            rows = db.execute("SELECT name, alias, sealed FROM pomocbot_vault_entries "
                              "WHERE conversation_id = %s", (conversation_id,)).fetchall()
        return VaultRows(bytes(key[0]), key[1], [Entry(bytes(n), a, bytes(s)) for n, a, s in rows])

    def _one(self, sql: str, params: tuple[object, ...] = ()) -> Any:
        with self._db() as db:
            row = db.execute(sql, params).fetchone()
        return row[0] if row else None

    def vault_size(self, conversation_id: str) -> int:
        return int(self._one("SELECT count(*) FROM pomocbot_vault_entries WHERE conversation_id = %s "
                             "AND NOT alias", (conversation_id,)) or 0)

    def vault_last_used(self, conversation_id: str) -> datetime | None:
        return self._one("SELECT last_used FROM pomocbot_vault_keys WHERE conversation_id = %s",
                         (conversation_id,))

    def vault_ids(self) -> list[str]:
        with self._db() as db:
            rows = db.execute("SELECT conversation_id FROM pomocbot_vault_keys ORDER BY created")
            return [row[0] for row in rows]

    def vault_total(self) -> int:
        return int(self._one("SELECT count(*) FROM pomocbot_vault_entries WHERE NOT alias") or 0)

    def vault_forget(self, conversation_id: str) -> int:
        with self._db(write=True) as db:
            erased = _first(db.execute(
                "SELECT count(*) FROM pomocbot_vault_entries WHERE conversation_id = %s AND NOT alias",
                (conversation_id,)).fetchone())
            # the key row goes, and its entries with it (ON DELETE CASCADE), in one statement
            db.execute("DELETE FROM pomocbot_vault_keys WHERE conversation_id = %s", (conversation_id,))
        return int(erased)

    def vault_purge(self, cutoff: datetime) -> list[str]:
        with self._db(write=True) as db:
            rows = db.execute("DELETE FROM pomocbot_vault_keys WHERE last_used < %s "
                              "RETURNING conversation_id, created", (cutoff,)).fetchall()
        return [cid for cid, _ in sorted(rows, key=lambda row: row[1])]

    # -- redaction states ---------------------------------------------------
    def state_load(self, conversation_id: str) -> StateRow | None:
        with self._db() as db:
            row = db.execute("SELECT version, wrapped, sealed, last_used FROM pomocbot_redaction_states "
                             "WHERE conversation_id = %s", (conversation_id,)).fetchone()
        return StateRow(row[0], bytes(row[1]), bytes(row[2]), row[3]) if row else None

    def state_save(self, conversation_id: str, expected: int, wrapped: bytes, sealed: bytes, tokens: int,
                   at: datetime) -> bool:
        with self._db() as db:
            if expected == 0:
                cursor = db.execute(
                    "INSERT INTO pomocbot_redaction_states (conversation_id, version, wrapped, sealed, "
                    "tokens, last_used) VALUES (%s, 1, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                    (conversation_id, wrapped, sealed, tokens, at))
            else:
                cursor = db.execute(
                    "UPDATE pomocbot_redaction_states SET version = version + 1, wrapped = %s, sealed = %s, "
                    "tokens = %s, last_used = %s WHERE conversation_id = %s AND version = %s",
                    (wrapped, sealed, tokens, at, conversation_id, expected))
            return cursor.rowcount == 1

    def state_touch(self, conversation_id: str, at: datetime) -> None:
        with self._db() as db:
            db.execute("UPDATE pomocbot_redaction_states SET last_used = %s WHERE conversation_id = %s",
                       (at, conversation_id))

    def state_tokens(self, conversation_id: str) -> int:
        return int(self._one("SELECT tokens FROM pomocbot_redaction_states WHERE conversation_id = %s",
                             (conversation_id,)) or 0)

    def state_ids(self) -> list[str]:
        with self._db() as db:
            return [r[0] for r in db.execute(
                "SELECT conversation_id FROM pomocbot_redaction_states ORDER BY last_used, created")]

    def state_forget(self, conversation_id: str) -> int:
        return int(self._one("DELETE FROM pomocbot_redaction_states WHERE conversation_id = %s "
                             "RETURNING tokens", (conversation_id,)) or 0)

    def state_purge(self, cutoff: datetime) -> list[str]:
        with self._db() as db:
            rows = db.execute("DELETE FROM pomocbot_redaction_states WHERE last_used < %s "
                              "RETURNING conversation_id, last_used, created", (cutoff,)).fetchall()
        return [row[0] for row in sorted(rows, key=lambda row: (row[1], row[2]))]

    def rewrap(self, part: str, conversation_id: str, old: bytes, new: bytes) -> bool:
        table = {"vault": "pomocbot_vault_keys", "state": "pomocbot_redaction_states"}[part]
        with self._db() as db:
            cursor = db.execute(f"UPDATE {table} SET wrapped = %s "  # table: one of two names above
                                "WHERE conversation_id = %s AND wrapped = %s", (new, conversation_id, old))
            return cursor.rowcount == 1

    def close(self) -> None:
        """Close the pooled connections; idempotent."""
        self._pool.close()

    def __repr__(self) -> str:
        return f"PostgresPrivacyBackend({self.url!r})"
