"""FAISS vector store with stable int64 ids, upsert and delete.

The store keeps the raw vectors (a table of ids and rows) next to the FAISS
index: they are what gets saved, they let HNSW and IVF-PQ indexes be rebuilt
after deletions, and they give exact cosine scores for any stored id.

Index kinds:

* ``flat``: exact inner-product search (``IndexFlatIP``); deletions in place.
* ``hnsw``: ``IndexHNSWFlat``; HNSW cannot delete, so deleted ids are
  filtered out of results (over-fetching) and the graph is rebuilt once they
  exceed 10% of the index.
* ``ivfpq``: ``IndexIVFPQ`` trained on the stored vectors when there are at
  least ``39 * nlist`` of them (FAISS's minimum for stable k-means); smaller
  stores search exactly, which is also faster at that size.

>>> store = FaissVectorStore(dimension=2)
>>> store.add(np.array([1, 2]), np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32))
>>> store.search(np.array([0.9, 0.1], dtype=np.float32), k=1)
(array([1]), array([0.9], dtype=float32))
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from pomocbot.config import IndexKind
from pomocbot.errors import ConfigError, IndexCorruptError

__all__ = ["FaissVectorStore"]

_TOMBSTONE_REBUILD_SHARE = 0.10
_IVF_MIN_POINTS_PER_LIST = 39


class FaissVectorStore:
    """Inner-product search over unit vectors keyed by int64 ids."""

    def __init__(self, dimension: int, kind: IndexKind | str = IndexKind.FLAT, *, hnsw_m: int = 32,
                 hnsw_ef_search: int = 128, hnsw_ef_construction: int = 80, ivf_nlist: int | None = None,
                 ivf_nprobe: int = 16, pq_m: int = 64, search_threads: int = 1) -> None:
        self.dimension = dimension
        self.kind = IndexKind(kind)
        if self.kind is IndexKind.IVFPQ and dimension % pq_m:
            raise ConfigError(f"pq_m={pq_m} must divide the embedding dimension {dimension}")
        self.hnsw_m, self.hnsw_ef_search = hnsw_m, hnsw_ef_search
        self.hnsw_ef_construction = hnsw_ef_construction
        self.ivf_nlist, self.ivf_nprobe, self.pq_m = ivf_nlist, ivf_nprobe, pq_m
        self.search_threads = search_threads
        # Rows live in buffers with spare capacity (doubled when full), so adding one document at a
        # time does not copy the whole table on every call; _ids/_vectors are views of the used rows.
        self._id_buffer = np.zeros(0, dtype=np.int64)
        self._vector_buffer = np.zeros((0, dimension), dtype=np.float32)
        self._size = 0
        self._row_of: dict[int, int] = {}
        self._index: Any = None  # a faiss index, built lazily on the next search after a change
        self._dirty = True
        self._tombstones: set[int] = set()
        self._ivf_built = False

    def __len__(self) -> int:
        return self._size

    @property
    def _ids(self) -> np.ndarray:
        return self._id_buffer[: self._size]

    @property
    def _vectors(self) -> np.ndarray:
        return self._vector_buffer[: self._size]

    def _set_rows(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        self._id_buffer = np.asarray(ids, dtype=np.int64).copy()
        self._vector_buffer = np.ascontiguousarray(vectors, dtype=np.float32).copy()
        self._size = len(self._id_buffer)

    def _append_rows(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        needed = self._size + len(ids)
        if needed > len(self._id_buffer):
            capacity = max(needed, 2 * len(self._id_buffer), 64)
            id_buffer = np.zeros(capacity, dtype=np.int64)
            vector_buffer = np.zeros((capacity, self.dimension), dtype=np.float32)
            id_buffer[: self._size] = self._ids
            vector_buffer[: self._size] = self._vectors
            self._id_buffer, self._vector_buffer = id_buffer, vector_buffer
        self._id_buffer[self._size : needed] = ids
        self._vector_buffer[self._size : needed] = vectors
        self._size = needed

    @property
    def ids(self) -> np.ndarray:
        """Stored ids in insertion order (a copy)."""
        return self._ids.copy()

    def vectors_for(self, ids: np.ndarray) -> np.ndarray:
        """Stored vectors of ``ids`` (all must be present)."""
        return self._vectors[[self._row_of[int(i)] for i in ids]]

    def __contains__(self, item: int) -> bool:
        return int(item) in self._row_of

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Insert or replace vectors by id."""
        ids = np.asarray(ids, dtype=np.int64)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.shape != (len(ids), self.dimension):
            raise ConfigError(
                f"expected vectors of shape ({len(ids)}, {self.dimension}), got {vectors.shape}"
            )
        if len(np.unique(ids)) != len(ids):
            raise ConfigError("duplicate ids in one add() call")
        existing = [int(i) for i in ids if int(i) in self._row_of]
        if existing:
            self.remove(np.array(existing, dtype=np.int64))
        start = self._size
        self._append_rows(ids, vectors)
        self._row_of.update((int(i), start + n) for n, i in enumerate(ids))
        if self.kind is IndexKind.HNSW and (existing or self._tombstones.intersection(ids.tolist())):
            # HNSW cannot delete: a replaced or re-added id would be found twice
            # or stay hidden behind its tombstone, so rebuild on the next search.
            self._dirty = True
        elif self._index is not None and not self._dirty and self._can_add_in_place():
            self._index.add_with_ids(vectors, ids)
        else:
            self._dirty = True

    def remove(self, ids: np.ndarray) -> int:
        """Delete ids that are present; return how many were deleted."""
        present = np.array([int(i) for i in np.asarray(ids).ravel() if int(i) in self._row_of],
                           dtype=np.int64)
        if not len(present):
            return 0
        keep = ~np.isin(self._ids, present)
        self._set_rows(self._ids[keep], self._vectors[keep])
        self._row_of = {int(i): n for n, i in enumerate(self._ids)}
        if self._index is not None and not self._dirty:
            if self.kind is IndexKind.HNSW:
                self._tombstones.update(int(i) for i in present)
                if len(self._tombstones) > _TOMBSTONE_REBUILD_SHARE * max(len(self._ids), 1):
                    self._dirty = True
            else:
                import faiss

                self._index.remove_ids(faiss.IDSelectorBatch(present))
        return len(present)

    def _can_add_in_place(self) -> bool:
        # An IVF-PQ store still searching exactly (too few vectors to train)
        # must be rebuilt so it can switch to IVF-PQ once it has enough.
        return self.kind is not IndexKind.IVFPQ or self._ivf_built

    def _build(self) -> None:
        import faiss

        n = len(self._ids)
        self._tombstones.clear()
        self._ivf_built = False
        inner: Any  # HNSW, IVF-PQ or flat; all wrapped in an IndexIDMap2 below
        if self.kind is IndexKind.HNSW:
            inner = faiss.IndexHNSWFlat(self.dimension, self.hnsw_m, faiss.METRIC_INNER_PRODUCT)
            inner.hnsw.efConstruction = self.hnsw_ef_construction
            inner.hnsw.efSearch = self.hnsw_ef_search
        elif self.kind is IndexKind.IVFPQ and n >= self._ivf_min_points():
            nlist = self._nlist(n)
            quantizer = faiss.IndexFlatIP(self.dimension)
            inner = faiss.IndexIVFPQ(quantizer, self.dimension, nlist, self.pq_m, 8,
                                     faiss.METRIC_INNER_PRODUCT)
            inner.train(self._vectors)
            inner.nprobe = self.ivf_nprobe
            self._ivf_built = True
        else:
            inner = faiss.IndexFlatIP(self.dimension)
        index = faiss.IndexIDMap2(inner)
        if n:
            index.add_with_ids(self._vectors, self._ids)
        self._index, self._dirty = index, False

    def _nlist(self, n: int) -> int:
        return self.ivf_nlist or max(1, min(int(4 * math.sqrt(n)), n // _IVF_MIN_POINTS_PER_LIST))

    def _ivf_min_points(self) -> int:
        return max(256, _IVF_MIN_POINTS_PER_LIST * (self.ivf_nlist or 1))

    def set_search_params(self, *, hnsw_ef_search: int, ivf_nprobe: int, search_threads: int) -> None:
        """Change the query-time knobs (``retrieval.hnsw_ef_search``, ``ivf_nprobe``, ``search_threads``).

        The built FAISS index takes the new values at once; nothing is rebuilt.
        """
        if (hnsw_ef_search, ivf_nprobe, search_threads) == (self.hnsw_ef_search, self.ivf_nprobe,
                                                             self.search_threads):
            return
        self.hnsw_ef_search, self.ivf_nprobe, self.search_threads = hnsw_ef_search, ivf_nprobe, search_threads
        if self._index is not None:
            import faiss

            inner: Any = faiss.downcast_index(self._index.index)
            if self.kind is IndexKind.HNSW:
                inner.hnsw.efSearch = hnsw_ef_search
            elif self._ivf_built:
                inner.nprobe = ivf_nprobe

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Ids and inner-product scores of the ``k`` nearest vectors, best first."""
        if not len(self._ids) or k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        if self._dirty or self._index is None:
            self._build()
        query = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
        fetch = min(k + len(self._tombstones), len(self._ids) + len(self._tombstones))
        import faiss

        # OpenMP's thread count is per calling thread: set it for this search and put it back, so a
        # backend's other threads and the caller's own FAISS work keep their setting.
        previous = faiss.omp_get_max_threads()
        if previous == self.search_threads:
            scores, ids = self._index.search(query, fetch)
        else:
            faiss.omp_set_num_threads(self.search_threads)
            try:
                scores, ids = self._index.search(query, fetch)
            finally:
                faiss.omp_set_num_threads(previous)
        ids, scores = ids[0], scores[0]
        valid = ids >= 0
        if self._tombstones:
            valid &= ~np.isin(ids, np.fromiter(self._tombstones, dtype=np.int64))
        return ids[valid][:k], scores[valid][:k]

    # -- persistence -----------------------------------------------------
    def state(self) -> tuple[np.ndarray, np.ndarray]:
        """``(ids, vectors)`` to save; the FAISS index is rebuilt from them on load."""
        return self._ids.copy(), self._vectors.copy()

    def restore(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Replace the contents with saved ``(ids, vectors)``."""
        if vectors.ndim != 2 or vectors.shape != (len(ids), self.dimension):
            raise IndexCorruptError(
                f"vectors have shape {vectors.shape}, expected ({len(ids)}, {self.dimension})"
            )
        self._set_rows(ids, vectors)
        self._row_of = {int(i): n for n, i in enumerate(self._ids)}
        if len(self._row_of) != len(self._ids):
            raise IndexCorruptError("duplicate vector ids in the saved index")
        self._index, self._dirty = None, True
