"""The knowledge index: documents, chunks, vectors and BM25, with upsert and delete.

:class:`KnowledgeIndex` owns everything retrieval needs and keeps it
consistent: adding a document chunks it, embeds only chunk texts it has never
embedded (a text still in the index lends its stored vector, one that left it
waits in the :class:`~pomocbot.retrieval.embedding_cache.EmbeddingCache`), and
replaces the document's previous chunks in FAISS and in both BM25 indexes. A
document whose content hash is unchanged costs one hash comparison. Embedding
happens before anything is modified, so an embedder failure leaves the index as
it was (so does a chunk key collision, checked first), while the vectors of the
batches that did finish stay in the cache for the next try.

Building is bound by the embedder: each chunk's text is tokenised once for
both BM25 indexes and the diacritic map (:meth:`PolishAnalyzer.analyze`), and
the FAISS store gets one call per upsert, not one per document. Analysis is
not overlapped with embedding in a thread: it costs ~5% of the embedding time
with the USE embedder, which drops and retakes the GIL around every numpy
call; a busy Python thread beside it makes each retake wait, and measured
overlap saved at most those 5% on an idle machine and lost ~20% on a busy one.

Chunk keys for FAISS are the first 63 bits of BLAKE2b of the chunk id, so they
are stable across processes and saves.

A shared store (``vector_store="pgvector"``) is written first, in one transaction, and the index
opens with its documents (:mod:`pomocbot.retrieval.shared_index`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from numbers import Integral

import numpy as np

from pomocbot.config import AssistantConfig
from pomocbot.errors import IngestionError, InvalidArgumentError
from pomocbot.knowledge.chunker import Chunk, Chunker
from pomocbot.knowledge.document import Document
from pomocbot.retrieval import shared_index
from pomocbot.retrieval.document_entry import DocumentEntry
from pomocbot.retrieval.embedders import Embedder, check_embeddings
from pomocbot.retrieval.embedding_cache import EmbeddingCache
from pomocbot.retrieval.filters import check_filters
from pomocbot.retrieval.lexical import BM25Index, PolishAnalyzer, TextTerms
from pomocbot.retrieval.query import check_k, prepare_query
from pomocbot.retrieval.query_cache import QueryVectorCache
from pomocbot.retrieval.search import hybrid_search
from pomocbot.text.questions import starts_with_yes_no
from pomocbot.text.stemming import PolishStemmer
from pomocbot.types import Hit, IngestionReport

__all__ = ["DocumentEntry", "KnowledgeIndex", "chunk_key"]

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]


def chunk_key(chunk_id: str) -> int:
    """Stable non-negative int64 key of a chunk id.

    >>> chunk_key("zwroty#0") == chunk_key("zwroty#0")
    True
    """
    digest = hashlib.blake2b(chunk_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") & 0x7FFF_FFFF_FFFF_FFFF


def _check_parts(config: object, embedder: object, stemmer: object) -> None:
    """A wrong part fails here, named, not at the first search with an AttributeError deep inside."""
    if not isinstance(config, AssistantConfig):
        raise InvalidArgumentError(f"config must be an AssistantConfig, not {type(config).__name__}")
    dimension = getattr(embedder, "dimension", None)
    if (not callable(getattr(embedder, "embed", None)) or isinstance(dimension, bool)
            or not isinstance(dimension, Integral) or dimension < 1):
        raise InvalidArgumentError(f"embedder must be an Embedder (embed() and a positive int dimension), "
                                   f"not {type(embedder).__name__}")
    if stemmer is not None and not callable(getattr(stemmer, "stem", None)):
        raise InvalidArgumentError(f"stemmer must have a stem() method, not {type(stemmer).__name__}")


class KnowledgeIndex:
    """Hybrid (dense + BM25) index of knowledge-base chunks."""

    def __init__(self, config: AssistantConfig, embedder: Embedder,
                 stemmer: PolishStemmer | None = None) -> None:
        _check_parts(config, embedder, stemmer)
        self.config = config
        self.embedder = embedder
        rc = config.retrieval
        self.chunker = Chunker(config.knowledge.chunk_tokens, config.knowledge.chunk_overlap_tokens)
        self.stemmer = stemmer or PolishStemmer(rc.stemmer_table)
        self.analyzer = PolishAnalyzer(self.stemmer.stem, rc.ngram_size)
        self.store = shared_index.make_store(config, embedder.dimension, embedder.name)
        self.shared: bool = getattr(self.store, "shared", False) is True  # pgvector: written first
        self.stems = BM25Index(rc.bm25_k1, rc.bm25_b)
        self.ngrams = BM25Index(rc.bm25_k1, rc.bm25_b)
        self.documents: dict[str, DocumentEntry] = {}
        self.chunks: dict[int, Chunk] = {}
        self.embedding_cache = EmbeddingCache(embedder.name, embedder.dimension, rc.embedding_cache_size)
        self._keys_by_hash: dict[str, set[int]] = {}  # chunk text hash -> live chunk keys with that text
        self._yes_no_keys: set[int] = set()  # chunks that open with "Tak"/"Nie" (the answer-type prior)
        self._yes_no_sorted: np.ndarray | None = None  # the same as an array, rebuilt after a change
        self._query_vectors = QueryVectorCache(embedder)
        self.filtered: dict[str, np.ndarray] = {}  # filter JSON -> matching keys (cleared on any change)
        shared_index.load_from_store(self)  # a shared store's documents and chunks; none for FAISS

    @classmethod
    def from_store(cls, config: AssistantConfig, embedder: Embedder,
                   stemmer: PolishStemmer | None = None) -> KnowledgeIndex:
        """Open the shared index of ``config.retrieval.vector_store_url`` (documents read, BM25 rebuilt)."""
        if config.retrieval.vector_store.value != "pgvector":
            raise InvalidArgumentError("from_store() needs retrieval.vector_store='pgvector' and its URL")
        return cls(config, embedder, stemmer)

    def refresh(self) -> tuple[int, int]:
        """Take other workers' writes to a shared store: ``(documents reloaded, dropped)``."""
        return shared_index.refresh_from_store(self)

    def __len__(self) -> int:
        """Number of chunks."""
        return len(self.chunks)

    # -- writing ---------------------------------------------------------
    def upsert(self, documents: Iterable[Document], *, progress: ProgressCallback | None = None,
               report: IngestionReport | None = None) -> IngestionReport:
        """Add new documents, replace changed ones, skip unchanged ones."""
        if progress is not None and not callable(progress):
            raise InvalidArgumentError(f"progress must be a callable progress(done, total) or None, not "
                                       f"{type(progress).__name__}")
        report = report or IngestionReport()
        batch: dict[str, Document] = {}
        for document in documents:
            if not isinstance(document, Document):
                raise IngestionError(f"expected pomocbot.Document, got {type(document).__name__}")
            if document.id in batch:
                report.duplicate_ids.append(document.id)
            batch[document.id] = document

        planned: list[tuple[Document, list[Chunk]]] = []
        for document in batch.values():
            entry = self.documents.get(document.id)
            if entry is not None and entry.content_hash == document.content_hash:
                report.documents_unchanged += 1
                continue
            chunks = self.chunker.chunk(document)
            if not chunks:
                report.warnings.append(f"document {document.id!r} has no text; skipped")
                continue
            planned.append((document, chunks))

        keys = self._chunk_keys(planned)
        vectors = self._embed_new_chunks(planned, progress, report)
        terms = [self.analyzer.analyze(chunk.search_text) for _, chunks in planned for chunk in chunks]

        # A shared store commits the batch (or fails and nothing changes); this worker's tables follow.
        deleted = shared_index.write_shared(self, planned, keys, vectors)
        # Nothing below can fail on the embedder or the texts: the index changes from here on.
        removed: list[tuple[int, str]] = []
        row = 0
        for (document, chunks), doc_keys in zip(planned, keys, strict=True):
            existed = document.id in self.documents
            if existed:
                removed += self._forget_document(document.id)
            self._insert(document, chunks, doc_keys, terms[row : row + len(chunks)])
            row += len(chunks)
            if existed:
                report.documents_updated += 1
            else:
                report.documents_added += 1
        report.chunks_removed += len(removed)
        report.chunks_added += row
        # One FAISS store call each for the whole batch: the store copies its
        # vector table on every call, so a call per document made a build quadratic.
        if removed:
            self._remove_vectors(removed, deleted)
        if planned and not self.shared:
            self.store.add(np.array([key for doc_keys in keys for key in doc_keys], dtype=np.int64), vectors)
            for _, chunks in planned:  # live again: the store holds them now
                for chunk in chunks:
                    self.embedding_cache.discard(chunk.content_hash)
        return report

    def _remove_vectors(self, removed: list[tuple[int, str]],
                        deleted: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        """Drop removed chunks' vectors (``deleted``: a shared write did); gone texts go to the cache."""
        keys = np.array([key for key, _ in removed], dtype=np.int64)
        gone = [(key, digest) for key, digest in removed if digest not in self._keys_by_hash]
        if deleted is not None:
            shared_index.cache_deleted(self, gone, deleted)
            return
        if gone:
            vectors = self.store.vectors_for(np.array([key for key, _ in gone], dtype=np.int64))
            self.embedding_cache.put_many([digest for _, digest in gone], vectors)
        self.store.remove(keys)

    def _chunk_keys(self, planned: Sequence[tuple[Document, list[Chunk]]]) -> list[list[int]]:
        """Keys of the planned chunks per document; a key collision raises before anything changes."""
        replaced = {document.id for document, _ in planned}
        owners: dict[int, str] = {}
        keys = []
        for _, chunks in planned:
            doc_keys = []
            for chunk in chunks:
                key = chunk_key(chunk.chunk_id)
                owner = owners.get(key)
                if owner is None and key in self.chunks and self.chunks[key].doc_id not in replaced:
                    owner = self.chunks[key].chunk_id
                if owner is not None and owner != chunk.chunk_id:
                    raise IngestionError(f"chunk key collision between {owner!r} and {chunk.chunk_id!r}")
                owners[key] = chunk.chunk_id
                doc_keys.append(key)
            keys.append(doc_keys)
        return keys

    def _embed_new_chunks(self, planned: Sequence[tuple[Document, list[Chunk]]],
                          progress: ProgressCallback | None, report: IngestionReport) -> np.ndarray:
        """Vectors of all planned chunks in order, embedding only texts neither the index nor the cache has.

        Each finished batch goes into the embedding cache before the next one
        starts, so an interrupted call loses at most one batch of work.
        """
        chunks = [chunk for _, doc_chunks in planned for chunk in doc_chunks]
        vectors = np.zeros((len(chunks), self.embedder.dimension), dtype=np.float32)
        live_rows: list[int] = []
        live_keys: list[int] = []
        pending: dict[str, list[int]] = {}  # text hash -> rows still to embed (a text once per call)
        texts: dict[str, str] = {}
        for row, chunk in enumerate(chunks):
            digest = chunk.content_hash
            stored = self._keys_by_hash.get(digest)
            if stored:
                live_rows.append(row)
                live_keys.append(next(iter(stored)))
                continue
            cached = self.embedding_cache.get(digest)
            if cached is not None:
                vectors[row] = cached
                report.chunks_from_cache += 1
            else:
                pending.setdefault(digest, []).append(row)
                texts[digest] = chunk.search_text
        if live_keys:
            vectors[live_rows] = self.store.vectors_for(np.array(live_keys, dtype=np.int64))
        digests = list(pending)
        batch_size = self.config.retrieval.embed_batch_size
        for start in range(0, len(digests), batch_size):
            batch = digests[start : start + batch_size]
            embedded = check_embeddings(
                np.asarray(self.embedder.embed([texts[d] for d in batch], kind="passage")), len(batch),
                self.embedder.dimension, self.embedder.name,
            )
            self.embedding_cache.put_many(batch, embedded)
            for digest, vector in zip(batch, embedded, strict=True):
                vectors[pending[digest]] = vector
            if progress:
                progress(start + len(batch), len(digests))
        report.chunks_embedded += len(digests)
        return vectors

    def _insert(self, document: Document, chunks: list[Chunk], keys: list[int],
                terms: Sequence[TextTerms]) -> None:
        """Index a document's chunks lexically; their vectors go to the store in one call per upsert."""
        self.filtered.clear()
        for chunk, key, chunk_terms in zip(chunks, keys, terms, strict=True):
            self.chunks[key] = chunk
            self._keys_by_hash.setdefault(chunk.content_hash, set()).add(key)
            if starts_with_yes_no(chunk.text):
                self._yes_no_keys.add(key)
                self._yes_no_sorted = None
            self.stems.set(key, chunk_terms.stems)
            self.ngrams.set(key, chunk_terms.ngrams)
            self.analyzer.observe_words(chunk_terms.words)
        self.documents[document.id] = DocumentEntry(document.content_hash, document.title, document.source,
                                                    keys)

    def restore_chunk(self, key: int, chunk: Chunk) -> None:
        """Put back a saved chunk (its vector goes to the store separately): used by loading."""
        self.filtered.clear()
        self.chunks[key] = chunk
        self._keys_by_hash.setdefault(chunk.content_hash, set()).add(key)
        if starts_with_yes_no(chunk.text):
            self._yes_no_keys.add(key)
            self._yes_no_sorted = None
        self.stems.set(key, self.analyzer.stems(chunk.search_text))
        self.ngrams.set(key, self.analyzer.ngrams(chunk.search_text))
        self.analyzer.observe(chunk.search_text)

    def cached_vectors(self) -> tuple[list[str], np.ndarray]:
        """Every vector this index can reuse without embedding: live chunks' and the cache's, by text hash."""
        digests, cached = self.embedding_cache.state()
        live = list(self._keys_by_hash.items())
        vectors = self.store.vectors_for(np.array([next(iter(keys)) for _, keys in live], dtype=np.int64)) \
            if live else np.zeros((0, self.embedder.dimension), dtype=np.float32)
        return ([d.decode("ascii") for d in digests] + [digest for digest, _ in live],
                np.concatenate([cached, vectors]) if len(cached) else vectors)

    def _forget_document(self, doc_id: str) -> list[tuple[int, str]]:
        """Drop a document from everything but the vector store; return its chunk keys and text hashes."""
        return [self._forget_chunk(key) for key in self.documents.pop(doc_id).chunk_keys]

    def _forget_chunk(self, key: int) -> tuple[int, str]:
        """Drop one chunk from the chunk table and both BM25 indexes; its key and text hash."""
        chunk = self.chunks.pop(key)
        digest = chunk.content_hash
        holders = self._keys_by_hash.get(digest)
        if holders is not None:
            holders.discard(key)
            if not holders:
                del self._keys_by_hash[digest]
        self._yes_no_keys.discard(key)
        self._yes_no_sorted = None
        self.filtered.clear()
        self.stems.discard(key)
        self.ngrams.discard(key)
        self.analyzer.observe(chunk.search_text, sign=-1)
        return key, digest

    def remove(self, doc_ids: Iterable[str]) -> IngestionReport:
        """Delete documents by id; unknown ids are listed in the report's warnings."""
        if isinstance(doc_ids, str):
            doc_ids = [doc_ids]
        if not isinstance(doc_ids, Iterable) or isinstance(doc_ids, (bytes, bytearray, Mapping)):
            raise InvalidArgumentError(f"remove_documents() takes document ids (str), not a "
                                       f"{type(doc_ids).__name__}")
        doc_ids = list(doc_ids)  # checked before anything is removed
        wrong = [d for d in doc_ids if not isinstance(d, str)]
        if wrong:
            raise InvalidArgumentError(f"a document id must be a str, not {type(wrong[0]).__name__}")
        report = IngestionReport()
        removed: list[tuple[int, str]] = []
        present = [doc_id for doc_id in dict.fromkeys(doc_ids) if doc_id in self.documents]
        deleted = shared_index.write_shared(self, [], [], np.zeros((0, self.embedder.dimension)), present)
        for doc_id in doc_ids:
            if doc_id in self.documents:
                removed += self._forget_document(doc_id)
                report.documents_removed += 1
            else:
                report.warnings.append(f"no document with id {doc_id!r}")
        if removed:
            self._remove_vectors(removed, deleted)
        report.chunks_removed = len(removed)
        return report

    # -- reading ---------------------------------------------------------
    def stem_idf(self, stems: Sequence[str]) -> list[float]:
        """Idf of stem terms in the knowledge base (unseen stems get the highest value)."""
        return self.stems.idf(stems)

    def known_stems(self, stems: Sequence[str]) -> list[bool]:
        """Whether each stem occurs anywhere in the knowledge base."""
        return self.stems.known(stems)

    def query_vector(self, query: str) -> np.ndarray:
        """The embedding of ``query`` (kind "query"), from a small cache of recent queries."""
        return self._query_vectors.get(query)

    def clear_query_cache(self) -> None:
        """Forget the cached query embeddings (benchmarks timing a cold search call this)."""
        self._query_vectors.clear()

    def yes_no_keys(self) -> np.ndarray:
        """Keys of the chunks that open with "Tak"/"Nie", sorted (rebuilt after a change)."""
        if self._yes_no_sorted is None:
            self._yes_no_sorted = np.fromiter(sorted(self._yes_no_keys), dtype=np.int64)
        return self._yes_no_sorted

    def search(self, query: str, k: int = 5, *, query_vector: np.ndarray | None = None,
               filters: Mapping[str, object] | None = None) -> list[Hit]:
        """Top ``k`` chunks for ``query`` (see :meth:`pomocbot.Assistant.search`).

        ``query_vector``, when given, is the embedding of the prepared query
        (the caller embedded it already; see :meth:`query_vector`).
        ``filters`` keeps chunks whose document metadata contains it
        (``{"tenant": "sklep-a", "language": "pl"}``, as ``jsonb @>``), on
        both the dense side (in SQL with pgvector) and the BM25 side.
        """
        k = check_k(k)
        query = prepare_query(query, self.config.retrieval.max_query_chars)
        return hybrid_search(self, query, k, query_vector, check_filters(filters))

    def search_prepared(self, query: str, k: int, *, query_vector: np.ndarray | None = None,
                        filters: Mapping[str, object] | None = None) -> list[Hit]:
        """:meth:`search` for a query already checked and cut by ``prepare_query`` (no second pass)."""
        return hybrid_search(self, query, check_k(k), query_vector, check_filters(filters))
