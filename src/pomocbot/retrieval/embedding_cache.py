"""Embeddings kept by (embedder, chunk text hash), so no chunk text is embedded twice.

With multilingual-e5 a chunk costs tens of milliseconds to embed, so the
index never embeds a text it has embedded before:

* chunks still in the index lend their vectors from the vector store (an
  edited document re-embeds only its changed chunks; a document whose text
  moved to another id costs nothing);
* vectors of chunks that left the index (a document removed, a re-chunked
  base, a changed config) wait in an :class:`EmbeddingCache`, least recently
  used first out, and are saved with the index;
* every batch the embedder finishes goes into the cache at once, so a build
  interrupted by an error, Ctrl-C or a crash resumes where it stopped
  (:func:`write_checkpoint` / :func:`read_checkpoint` carry the cache across
  processes; ``pomocbot index`` does this).

The key is the SHA-1 of the exact embedded text (:attr:`Chunk.content_hash
<pomocbot.knowledge.chunker.Chunk.content_hash>`); a cache belongs to one
embedder (name and dimension) and is ignored by any other.

>>> import numpy as np
>>> cache = EmbeddingCache("toy", 2, capacity=2)
>>> cache.put("a" * 40, np.array([1.0, 0.0], dtype=np.float32))
>>> cache.get("a" * 40).tolist(), cache.get("b" * 40)
([1.0, 0.0], None)
"""

from __future__ import annotations

import contextlib
import os
import threading
import uuid
from collections import OrderedDict
from pathlib import Path

import numpy as np

from pomocbot.errors import IndexCorruptError

__all__ = ["CHECKPOINT_NAME", "EmbeddingCache", "read_checkpoint", "write_checkpoint"]

CHECKPOINT_NAME = "embedding-cache.partial.npz"
"""File name of a build's checkpoint inside the index directory (removed after a successful save)."""


class EmbeddingCache:
    """A bounded LRU map from chunk-text hash to unit vector for one embedder (thread-safe)."""

    def __init__(self, embedder: str, dimension: int, capacity: int = 100_000) -> None:
        self.embedder = embedder
        self.dimension = dimension
        self.capacity = capacity
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._vectors)

    def __contains__(self, digest: object) -> bool:
        return digest in self._vectors

    def get(self, digest: str) -> np.ndarray | None:
        """The vector of a text hash, or None (a hit counts as a use)."""
        with self._lock:
            vector = self._vectors.get(digest)
            if vector is not None:
                self._vectors.move_to_end(digest)
            return vector

    def put(self, digest: str, vector: np.ndarray) -> None:
        """Remember a vector; the least recently used ones go beyond ``capacity``."""
        if self.capacity <= 0:
            return
        with self._lock:
            self._vectors[digest] = np.asarray(vector, dtype=np.float32).reshape(self.dimension)
            self._vectors.move_to_end(digest)
            while len(self._vectors) > self.capacity:
                self._vectors.popitem(last=False)

    def put_many(self, digests: list[str], vectors: np.ndarray) -> None:
        for digest, vector in zip(digests, vectors, strict=True):
            self.put(digest, vector)

    def discard(self, digest: str) -> None:
        with self._lock:
            self._vectors.pop(digest, None)

    def state(self) -> tuple[np.ndarray, np.ndarray]:
        """``(digests, vectors)`` arrays, oldest first, for saving."""
        with self._lock:
            digests = np.array(list(self._vectors), dtype="S40")
            if not self._vectors:
                return digests, np.zeros((0, self.dimension), dtype=np.float32)
            return digests, np.stack(list(self._vectors.values()))

    def restore(self, digests: np.ndarray, vectors: np.ndarray) -> None:
        """Add saved entries (kept in their order, newest last)."""
        fits = vectors.ndim == 2 and len(digests) == len(vectors) and (not len(vectors)
                                                                       or vectors.shape[1] == self.dimension)
        if not fits:
            raise IndexCorruptError(f"embedding cache of {len(digests)} keys and vectors of shape "
                                    f"{vectors.shape} does not fit embedder {self.embedder!r} "
                                    f"({self.dimension})")
        for digest, vector in zip(digests, vectors, strict=True):
            self.put(digest.decode("ascii") if isinstance(digest, bytes) else str(digest), vector)


def write_checkpoint(cache: EmbeddingCache, folder: str | Path) -> Path:
    """Atomically write the cache to ``folder/CHECKPOINT_NAME`` (a temporary file, then a rename)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / CHECKPOINT_NAME
    temporary = folder / f".{CHECKPOINT_NAME}.{uuid.uuid4().hex[:8]}"
    digests, vectors = cache.state()
    try:
        with open(temporary, "wb") as handle:
            np.savez(handle, digests=digests, vectors=vectors, embedder=np.str_(cache.embedder))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    return target


def read_checkpoint(cache: EmbeddingCache, folder: str | Path) -> int:
    """Add a checkpoint's vectors to ``cache`` when it was written for the same embedder; return how many.

    A missing, foreign or unreadable checkpoint adds nothing (it only saves time).
    """
    path = Path(folder) / CHECKPOINT_NAME
    if not path.is_file():
        return 0
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["embedder"]) != cache.embedder:
                return 0
            before = len(cache)
            cache.restore(data["digests"], data["vectors"].astype(np.float32))
            return len(cache) - before
    except (OSError, ValueError, KeyError, IndexCorruptError):
        return 0
