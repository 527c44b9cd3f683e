"""A knowledge index over a shared vector store: choosing the store, loading and refreshing from it, filters.

With ``retrieval.vector_store="pgvector"`` the database holds the vectors,
chunks and documents of one knowledge base for every worker; each worker keeps
its own chunk table and BM25 indexes, rebuilt from the database when it opens
the index (:func:`load_from_store`) and brought up to date by
:func:`refresh_from_store` (documents another worker added, changed or
removed since). Writes go to the database first, in one transaction per batch
(see :meth:`~pomocbot.retrieval.pgvector_store.PgVectorStore.write`), so a
failed batch changes neither the database nor the worker.

``index`` is a :class:`~pomocbot.retrieval.index.KnowledgeIndex` throughout (typed ``Any``: that
module imports this one).

Why BM25 stays per worker: it is a few milliseconds of numpy over arrays
the worker holds, with our Polish analyzer (Stempel stems, folded n-grams);
PostgreSQL ships no Polish text-search configuration, and a round trip per
lexical search would cost more than the search.

>>> from pomocbot.config import AssistantConfig
>>> type(make_store(AssistantConfig(), 8, "fake")).__name__
'FaissVectorStore'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from pomocbot.config import AssistantConfig
from pomocbot.config.retrieval import VectorStoreKind
from pomocbot.retrieval.document_entry import DocumentEntry
from pomocbot.retrieval.filters import contains, filter_json
from pomocbot.retrieval.vector_store import FaissVectorStore

if TYPE_CHECKING:
    from pomocbot.knowledge.chunker import Chunk
    from pomocbot.knowledge.document import Document
    from pomocbot.retrieval.pgvector_store import PgVectorStore

__all__ = ["cache_deleted", "filter_keys", "load_from_store", "make_store", "refresh_from_store",
           "write_shared"]


def make_store(config: AssistantConfig, dimension: int, embedder: str) -> FaissVectorStore | PgVectorStore:
    """The vector store ``config.retrieval`` asks for, built with its index and search settings."""
    rc = config.retrieval
    if rc.vector_store is VectorStoreKind.PGVECTOR:
        from pomocbot.retrieval.pgvector_store import PgVectorStore

        return PgVectorStore(rc.vector_store_url or "", dimension, embedder, kind=rc.index_kind,
                             hnsw_m=rc.hnsw_m, hnsw_ef_search=rc.hnsw_ef_search,
                             hnsw_ef_construction=rc.hnsw_ef_construction)
    return FaissVectorStore(
        dimension, rc.index_kind, hnsw_m=rc.hnsw_m, hnsw_ef_search=rc.hnsw_ef_search,
        hnsw_ef_construction=rc.hnsw_ef_construction, ivf_nlist=rc.ivf_nlist, ivf_nprobe=rc.ivf_nprobe,
        pq_m=rc.pq_m, search_threads=rc.search_threads,
    )


def load_from_store(index: Any) -> int:
    """Fill an empty ``index`` with the store's documents and chunks (BM25 rebuilt); the chunks read.

    An index on the in-process FAISS store has nothing to read: 0.
    """
    if not index.shared:
        return 0

    store: Any = index.store
    documents = store.documents()
    count = 0
    for key, chunk in store.chunks():
        index.restore_chunk(key, chunk)
        count += 1
    for doc_id, (content_hash, title, source, keys) in documents.items():
        # a document written between the two reads has no chunks here yet: the next refresh adds it
        if all(key in index.chunks for key in keys):
            index.documents[doc_id] = DocumentEntry(content_hash, title, source, keys)
    _drop_orphans(index)
    return count


def refresh_from_store(index: Any) -> tuple[int, int]:
    """Take what other workers wrote since: returns ``(documents reloaded, documents dropped)``.

    One read of the documents' hashes; only documents whose hash differs
    from this worker's are read again. (0, 0) on the in-process FAISS store.
    """
    if not index.shared:
        return 0, 0

    store: Any = index.store
    stored = store.documents()
    dropped = [doc_id for doc_id, entry in index.documents.items()
               if doc_id not in stored or stored[doc_id][0] != entry.content_hash]
    for doc_id in dropped:
        index._forget_document(doc_id)
    fresh = [doc_id for doc_id, row in stored.items() if doc_id not in index.documents]
    if fresh:
        for key, chunk in store.chunks(fresh):
            index.restore_chunk(key, chunk)
        for doc_id in fresh:
            content_hash, title, source, keys = stored[doc_id]
            if all(key in index.chunks for key in keys):
                index.documents[doc_id] = DocumentEntry(content_hash, title, source, keys)
    _drop_orphans(index)
    return len(fresh), len([d for d in dropped if d not in stored])


def _drop_orphans(index: Any) -> None:
    """Chunks read without their document row (a write raced the read) leave until the next refresh."""
    owned = {key for entry in index.documents.values() for key in entry.chunk_keys}
    for key in [key for key in index.chunks if key not in owned]:
        index._forget_chunk(key)


def write_shared(index: Any, planned: Sequence[tuple[Document, list[Chunk]]],
                 keys: Sequence[Sequence[int]], vectors: np.ndarray,
                 delete: Sequence[str] = ()) -> tuple[np.ndarray, np.ndarray] | None:
    """Commit a batch to a shared store before the index changes (one transaction; on error nothing is
    written); returns the keys and vectors it deleted. None (nothing done) on the in-process store."""
    if not index.shared or not (planned or delete):
        return None
    store: Any = index.store
    return store.write([(document, chunks, doc_keys) for (document, chunks), doc_keys
                        in zip(planned, keys, strict=True)], vectors, delete)


def cache_deleted(index: Any, gone: list[tuple[int, str]],
                  deleted: tuple[np.ndarray, np.ndarray]) -> None:
    """Keep in the embedding cache the vectors a shared store's delete returned, for texts no longer live."""
    rows = {int(key): row for row, key in enumerate(deleted[0])}
    found = [(digest, rows[key]) for key, digest in gone if key in rows]
    if found:
        index.embedding_cache.put_many([digest for digest, _ in found], deleted[1][[row for _, row in found]])


def filter_keys(index: Any, filters: dict[str, Any]) -> np.ndarray:
    """Sorted keys of the chunks whose metadata contains ``filters``, cached until the index changes."""
    name = filter_json(filters)
    keys = index.filtered.get(name)
    if keys is None:
        keys = np.array(sorted(key for key, chunk in index.chunks.items()
                               if contains(chunk.metadata, filters)), dtype=np.int64)
        if len(index.filtered) >= 64:  # a few tenants and product lines; not one entry per query forever
            index.filtered.clear()
        index.filtered[name] = keys
    return keys
