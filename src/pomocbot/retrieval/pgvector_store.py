"""Vector store in PostgreSQL with pgvector: one knowledge index shared by every worker of a backend.

:class:`PgVectorStore` answers what :class:`~pomocbot.retrieval.index.KnowledgeIndex`
asks of :class:`~pomocbot.retrieval.vector_store.FaissVectorStore` (``search``,
``vectors_for``, ``ids``, ``len``, ``in``, ``set_search_params``, ``add``,
``remove``, ``state``) and holds more: each chunk's row (key, document id,
the chunk's fields as JSON, the document's metadata as ``jsonb``, the text's
hash) and each document's row (see :mod:`pomocbot.retrieval.pgvector_schema`).
So the database, not a worker, is the truth: :meth:`PgVectorStore.write`
replaces and deletes whole documents in one transaction (a failed batch
leaves the previous state), and a worker starting later reads the chunks back
to rebuild its BM25 indexes (:mod:`pomocbot.retrieval.shared_index`).

Search is ``ORDER BY embedding <#> q LIMIT k`` (negative inner product; the
vectors are unit vectors, so it ranks by cosine), with ``WHERE metadata @> f``
for a metadata filter. ``index_kind="flat"`` scans exactly; ``"hnsw"`` builds
a pgvector HNSW index (``vector_ip_ops``, ``hnsw_m``, ``hnsw_ef_construction``)
and sets ``hnsw.ef_search`` from ``retrieval.hnsw_ef_search`` at query time.
pgvector before 0.8 filters HNSW candidates after the graph walk, so a
selective filter may leave fewer than ``k`` of them: the search then asks
again exactly (the GIN index on ``metadata`` finds the rows).

Errors are :class:`VectorStoreError` (an :class:`~pomocbot.errors.IndexStoreError`);
they name the URL with its password masked.

>>> try:
...     PgVectorStore("postgresql://pomocbot:tajne-haslo@127.0.0.1:1/wiedza", 384, "e5")
... except VectorStoreError as error:
...     print(error)
cannot connect to the vector store 'postgresql://pomocbot:***@127.0.0.1:1/wiedza': ...
"""

from __future__ import annotations

import dataclasses
import json
import weakref
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import numpy as np

from pomocbot.config.retrieval import IndexKind
from pomocbot.conversation.postgres_pool import (
    Pool,
    describe_error,
    import_psycopg,
    mask_url,
    url_secrets,
)
from pomocbot.errors import ConfigError, EmbedderMismatchError, VectorStoreError
from pomocbot.knowledge.chunker import Chunk
from pomocbot.knowledge.document import Document
from pomocbot.retrieval.filters import filter_json
from pomocbot.retrieval.pgvector_schema import ensure_hnsw, migrate_knowledge

if TYPE_CHECKING:
    import psycopg

__all__ = ["PgVectorStore", "VectorStoreError"]

_WRITE_LOCK_KEY = int.from_bytes(b"pmcbknow", "big")
"""Writers of the knowledge tables take this transaction lock: two workers' batches apply one after the
other, so their deletes and inserts of the same document never interleave (a key conflict)."""
_MAX_EF_SEARCH = 1000  # pgvector's limit


class PgVectorStore:
    """Inner-product search over unit vectors in PostgreSQL (pgvector), with the documents' rows.

    Opening connects, creates or upgrades the tables (under an advisory lock)
    and checks the stored embedder: a store written with another embedder's
    vectors raises :class:`~pomocbot.errors.EmbedderMismatchError`.
    """

    shared = True
    """The database is the commit point: :class:`KnowledgeIndex` writes whole documents through
    :meth:`write` before it changes its own tables."""

    def __init__(self, url: str, dimension: int, embedder: str, *, kind: IndexKind | str = IndexKind.FLAT,
                 hnsw_m: int = 32, hnsw_ef_search: int = 128, hnsw_ef_construction: int = 80,
                 min_size: int = 1, max_size: int = 8, connect_timeout: float = 10.0) -> None:
        if not isinstance(url, str) or not url.strip():
            raise VectorStoreError(f"the vector store URL must be a non-empty str, got {type(url).__name__}; "
                                   "pass e.g. 'postgresql://pomocbot:PASSWORD@db:5432/pomocbot'")
        self.kind = IndexKind(kind)
        if self.kind is IndexKind.IVFPQ:
            raise ConfigError("index_kind 'ivfpq' is FAISS's; the pgvector store takes 'flat' or 'hnsw'")
        self.dimension, self.embedder = dimension, embedder
        self.hnsw_m, self.hnsw_ef_construction, self.hnsw_ef_search = hnsw_m, hnsw_ef_construction, \
            hnsw_ef_search
        self._psycopg = import_psycopg()
        self.url = mask_url(url)
        self._secret_url = url
        self._secrets = url_secrets(self._psycopg, url)
        self._connect_timeout = max(2, round(connect_timeout))  # libpq takes whole seconds, at least 2
        self._ef: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()  # per connection
        self._prepare()  # the extension must exist before a pooled connection registers its type
        self._pool = Pool(self._connect, min_size=min_size, max_size=max_size, wait_s=connect_timeout,
                          name=repr(self.url), what="vector store", error=VectorStoreError,
                          secrets=self._secrets)

    # -- connections -----------------------------------------------------
    def _raw_connect(self) -> psycopg.Connection:
        psycopg = self._psycopg
        try:
            return psycopg.connect(self._secret_url, autocommit=True, connect_timeout=self._connect_timeout)
        except psycopg.ProgrammingError as exc:
            raise VectorStoreError(f"{self.url!r} is not a valid PostgreSQL URL ({self._describe(exc)}); "
                                   "pass 'postgresql://user:password@host:5432/dbname'") from exc
        except psycopg.Error as exc:
            raise VectorStoreError(
                f"cannot connect to the vector store {self.url!r}: {self._describe(exc)}; check the host, "
                "port, user and password, and that PostgreSQL accepts connections") from exc

    def _connect(self) -> psycopg.Connection:
        from pgvector.psycopg import register_vector

        connection = self._raw_connect()
        try:
            register_vector(connection)
            if self.kind is IndexKind.FLAT:  # exact even where another worker built the HNSW index
                connection.execute("SET enable_indexscan = off")
        except self._psycopg.Error as exc:
            connection.close()
            raise VectorStoreError(f"the vector store {self.url!r} failed: {self._describe(exc)}") from exc
        return connection

    def _prepare(self) -> None:
        try:
            import pgvector.psycopg  # noqa: F401  (the install hint, before any connection)
        except ImportError as exc:
            from pomocbot.errors import DependencyMissingError

            raise DependencyMissingError("the pgvector store needs the pgvector package; install it with: "
                                         "pip install 'pomocbot[postgres]'") from exc
        with self._raw_connect() as connection:
            try:
                migrate_knowledge(connection, self.dimension)
                connection.execute("INSERT INTO knowledge_store (embedder, dimension) VALUES (%s, %s) "
                                   "ON CONFLICT DO NOTHING", (self.embedder, self.dimension))
                stored: Any = connection.execute("SELECT embedder, dimension FROM knowledge_store").fetchone()
                if self.kind is IndexKind.HNSW:
                    ensure_hnsw(connection, self.hnsw_m, self.hnsw_ef_construction)
            except (self._psycopg.Error, RuntimeError) as exc:
                raise VectorStoreError(
                    f"cannot prepare the tables of the vector store {self.url!r}: {self._describe(exc)}; "
                    "the user needs CREATE on the database (and the vector extension) on first start"
                ) from exc
        if tuple(stored) != (self.embedder, self.dimension):
            raise EmbedderMismatchError(
                f"the vector store {self.url!r} holds vectors of {stored[0]!r} ({stored[1]} dimensions), "
                f"not of {self.embedder!r} ({self.dimension}); use that embedder or another database")

    def _describe(self, exc: Exception) -> str:
        return describe_error(exc, self._secrets)

    def _db(self, write: bool = False) -> AbstractContextManager[psycopg.Connection]:
        return self._pool.session(write)

    def close(self) -> None:
        """Close the pooled connections; idempotent."""
        self._pool.close()

    def __enter__(self) -> PgVectorStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what FaissVectorStore offers --------------------------------------
    def __len__(self) -> int:
        with self._db() as db:
            row: Any = db.execute("SELECT count(*) FROM knowledge_chunks").fetchone()
            return int(row[0])

    def __contains__(self, item: int) -> bool:
        with self._db() as db:
            return db.execute("SELECT 1 FROM knowledge_chunks WHERE key = %s", (int(item),)).fetchone() \
                is not None

    @property
    def ids(self) -> np.ndarray:
        """Stored keys, ascending."""
        with self._db() as db:
            rows = db.execute("SELECT key FROM knowledge_chunks ORDER BY key").fetchall()
        return np.array([row[0] for row in rows], dtype=np.int64)

    def vectors_for(self, ids: np.ndarray) -> np.ndarray:
        """Stored vectors of ``ids``, in their order (all must be present)."""
        keys = [int(i) for i in np.asarray(ids).ravel()]
        if not keys:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._db() as db:
            found = dict(db.execute("SELECT key, embedding FROM knowledge_chunks WHERE key = ANY(%s)",
                                    (keys,), binary=True).fetchall())
        missing = [key for key in keys if key not in found]
        if missing:
            raise VectorStoreError(f"the vector store {self.url!r} has no chunk key {missing[0]} (another "
                                   "worker removed it); refresh the index")
        return _stack([found[key] for key in keys], self.dimension)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Replace the vectors of stored chunks (a chunk's row comes with its document: :meth:`write`)."""
        ids = np.asarray(ids, dtype=np.int64)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.shape != (len(ids), self.dimension):
            raise ConfigError(f"expected vectors of shape ({len(ids)}, {self.dimension}), "
                              f"got {vectors.shape}")
        with self._db(write=True) as db:
            for key, vector in zip(ids.tolist(), vectors, strict=True):
                if db.execute("UPDATE knowledge_chunks SET embedding = %s WHERE key = %s",
                              (vector, key)).rowcount == 0:
                    raise VectorStoreError(f"the vector store {self.url!r} has no chunk key {key}; write its "
                                           "document first (PgVectorStore.write)")

    def remove(self, ids: np.ndarray) -> int:
        """Delete chunks by key; return how many were deleted."""
        keys = [int(i) for i in np.asarray(ids).ravel()]
        with self._db(write=True) as db:
            return db.execute("DELETE FROM knowledge_chunks WHERE key = ANY(%s)", (keys,)).rowcount

    def set_search_params(self, *, hnsw_ef_search: int, ivf_nprobe: int = 16,
                          search_threads: int = 1) -> None:
        """Take ``retrieval.hnsw_ef_search`` (``SET hnsw.ef_search`` on each connection's next search)."""
        self.hnsw_ef_search = hnsw_ef_search

    def search(self, query: np.ndarray, k: int, *,
               filters: dict[str, Any] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Keys and inner-product scores of the ``k`` nearest chunks (matching ``filters``), best first."""
        if k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        vector = np.ascontiguousarray(query, dtype=np.float32).ravel()
        where, params = ("WHERE metadata @> %s::jsonb", [filter_json(filters)]) if filters else ("", [])
        sql = (f"SELECT key, -(embedding <#> %s) FROM knowledge_chunks {where} "
               "ORDER BY embedding <#> %s LIMIT %s")
        with self._db() as db:
            if self.kind is IndexKind.HNSW:
                ef = min(_MAX_EF_SEARCH, max(self.hnsw_ef_search, k))
                if self._ef.get(db) != ef:
                    db.execute(f"SET hnsw.ef_search = {int(ef)}")
                    self._ef[db] = ef
            rows = db.execute(sql, (vector, *params, vector, k)).fetchall()
            if filters and self.kind is IndexKind.HNSW and len(rows) < k:
                # the graph walk kept ef_search candidates before filtering: ask exactly (GIN, then sort)
                with db.transaction():
                    db.execute("SET LOCAL enable_indexscan = off")
                    rows = db.execute(sql, (vector, *params, vector, k)).fetchall()
        return (np.array([row[0] for row in rows], dtype=np.int64),
                np.array([row[1] for row in rows], dtype=np.float32))

    def state(self) -> tuple[np.ndarray, np.ndarray]:
        """``(keys, vectors)`` of every stored chunk: a snapshot, e.g. to save a FAISS copy."""
        with self._db() as db:
            rows = db.execute("SELECT key, embedding FROM knowledge_chunks ORDER BY key",
                              binary=True).fetchall()
        return np.array([row[0] for row in rows], dtype=np.int64), _stack([row[1] for row in rows],
                                                                          self.dimension)

    def restore(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Refused: a shared store is not loaded from one worker's files."""
        raise VectorStoreError(f"the vector store {self.url!r} is shared; it is not loaded from a saved "
                               "index (open it with KnowledgeIndex.from_store, or load with "
                               "vector_store='faiss')")

    # -- documents ---------------------------------------------------------
    def write(self, upserts: Sequence[tuple[Document, Sequence[Chunk], Sequence[int]]], vectors: np.ndarray,
              delete: Sequence[str] = ()) -> tuple[np.ndarray, np.ndarray]:
        """Replace the documents of ``upserts`` and delete those of ``delete``, in one transaction.

        ``vectors`` are the upserted chunks' rows in order. Returns the keys
        and vectors of the chunks deleted (what the index's embedding cache may
        keep). On any error nothing is written.
        """
        from psycopg.types.json import Json, Jsonb

        doc_ids = [document.id for document, _, _ in upserts] + list(delete)
        with self._db(write=True) as db:
            db.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK_KEY,))
            gone = db.execute("DELETE FROM knowledge_chunks WHERE doc_id = ANY(%s) RETURNING key, embedding",
                              (doc_ids,), binary=True).fetchall()
            db.execute("DELETE FROM knowledge_documents WHERE doc_id = ANY(%s)", (doc_ids,))
            with db.cursor() as cursor:
                with cursor.copy("COPY knowledge_documents (doc_id, content_hash, title, source, metadata, "
                                 "chunk_keys) FROM STDIN") as copy:
                    for document, _, keys in upserts:
                        copy.write_row((document.id, document.content_hash, document.title, document.source,
                                        _json(document.metadata), list(keys)))
                # Binary: a vector as text is 384 floats printed and parsed (half of a write's time)
                with cursor.copy("COPY knowledge_chunks (key, doc_id, position, content_hash, chunk, "
                                 "metadata, embedding) FROM STDIN (FORMAT BINARY)") as copy:
                    copy.set_types(["int8", "text", "int4", "text", "json", "jsonb", "vector"])
                    rows = np.ascontiguousarray(vectors, dtype=np.float32)
                    row = 0
                    for _document, chunks, keys in upserts:
                        for chunk, key in zip(chunks, keys, strict=True):
                            copy.write_row((key, chunk.doc_id, chunk.position, chunk.content_hash,
                                            Json(dataclasses.asdict(chunk), dumps=_json),
                                            Jsonb(chunk.metadata, dumps=_json), rows[row]))
                            row += 1
        return np.array([key for key, _ in gone], dtype=np.int64), _stack([v for _, v in gone],
                                                                          self.dimension)

    def documents(self) -> dict[str, tuple[str, str, str | None, list[int]]]:
        """Every document: id -> (content hash, title, source, chunk keys)."""
        with self._db() as db:
            rows = db.execute("SELECT doc_id, content_hash, title, source, chunk_keys "
                              "FROM knowledge_documents").fetchall()
        return {row[0]: (row[1], row[2], row[3], list(row[4])) for row in rows}

    def chunks(self, doc_ids: Sequence[str] | None = None) -> Iterator[tuple[int, Chunk]]:
        """``(key, chunk)`` of every chunk (of ``doc_ids`` when given), streamed in key order."""
        where, params = ("WHERE doc_id = ANY(%s)", (list(doc_ids),)) if doc_ids is not None else ("", ())
        with self._db() as db, db.cursor(name="pomocbot_chunks") as cursor:  # server-side: not all at once
            cursor.itersize = 5000
            with db.transaction():  # a named cursor lives in a transaction
                cursor.execute(f"SELECT key, chunk FROM knowledge_chunks {where} ORDER BY key", params)
                for key, fields in cursor:
                    yield int(key), Chunk(**fields)

    def build_hnsw(self) -> bool:
        """Create the HNSW index now (after a bulk load: faster than row by row); False if it exists."""
        with self._db() as db:
            return ensure_hnsw(db, self.hnsw_m, self.hnsw_ef_construction)


def _stack(vectors: Sequence[Any], dimension: int) -> np.ndarray:
    """pgvector's ``Vector`` values as one float32 matrix."""
    if not vectors:
        return np.zeros((0, dimension), dtype=np.float32)
    return np.stack([vector.to_numpy() for vector in vectors]).astype(np.float32, copy=False)


def _json(value: Any) -> str:
    # default=str as Document.content_hash does: a date in metadata is stored as its text
    return json.dumps(value, ensure_ascii=False, default=str)
