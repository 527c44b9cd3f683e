"""The embeddings of the last queries: a reply embeds its message once for retrieval and the tone classifier.

>>> class Ones:
...     name, dimension = "ones", 2
...     def embed(self, texts, *, kind="passage"):
...         return np.ones((len(texts), 2), dtype=np.float32)
>>> cache = QueryVectorCache(Ones())
>>> cache.get("ile kosztuje dostawa?") is cache.get("ile kosztuje dostawa?")
True
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from pomocbot.retrieval.embedders import Embedder, check_embeddings

__all__ = ["QUERY_CACHE_SIZE", "QueryVectorCache"]

QUERY_CACHE_SIZE = 256
"""Query embeddings kept (about 0.5 MB with 512 dimensions)."""


class QueryVectorCache:
    """Least-recently-used query embeddings (kind "query"), safe to share between threads."""

    def __init__(self, embedder: Embedder, size: int = QUERY_CACHE_SIZE) -> None:
        self.embedder = embedder
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, query: str) -> np.ndarray:
        """The embedding of ``query``, embedded on a miss (outside the lock: other threads go on)."""
        with self._lock:
            vector = self._vectors.get(query)
            if vector is not None:
                self._vectors.move_to_end(query)
                return vector
        vector = check_embeddings(np.asarray(self.embedder.embed([query], kind="query")), 1,
                                  self.embedder.dimension, getattr(self.embedder, "name", "embedder"))[0]
        with self._lock:
            self._vectors[query] = vector
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
        return vector

    def clear(self) -> None:
        with self._lock:
            self._vectors.clear()
