"""Checkpoint of a Ray index build: numpy shards of vectors keyed by chunk-text hash.

A Ray build (:mod:`pomocbot.retrieval.ray_build`) writes every batch its
actors return as one shard, ``shard-<time>-<id>.npz`` holding the text hashes,
the vectors and the embedder's name. A shard is written to a temporary file and
renamed, so a build killed mid-write (an actor lost, Ctrl-C, a node gone) leaves
only whole shards, and a rerun embeds only the texts no shard holds. One file
per batch needs no lock: several drivers, or several nodes on shared storage,
can write into one folder.

>>> import numpy as np, tempfile
>>> folder = tempfile.mkdtemp()
>>> shards = ShardCheckpoint(folder, "toy", 2)
>>> _ = shards.write(["a" * 40], np.array([[1.0, 0.0]], dtype=np.float32))
>>> {digest: vector.tolist() for digest, vector in shards.read().items()}
{'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa': [1.0, 0.0]}
>>> ShardCheckpoint(folder, "other", 2).read()  # another embedder's vectors are never reused
{}
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
import uuid
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from pomocbot.errors import IndexStoreError

__all__ = ["ShardCheckpoint", "checkpoint_folder"]

SHARD_GLOB = "shard-*.npz"


def checkpoint_folder(out: str | Path) -> Path:
    """The checkpoint folder beside an index directory: ``<out>.ray-checkpoint``.

    Beside, not inside: saving the index replaces ``out`` whole (atomically).

    >>> checkpoint_folder("index/").name
    'index.ray-checkpoint'
    """
    out = Path(out)
    return out.with_name(out.name + ".ray-checkpoint")


class ShardCheckpoint:
    """Vectors of one embedder (name and dimension), one ``.npz`` shard per finished batch."""

    def __init__(self, folder: str | Path, embedder: str, dimension: int) -> None:
        self.folder = Path(folder)
        self.embedder = embedder
        self.dimension = dimension

    def write(self, digests: Sequence[str], vectors: np.ndarray) -> Path:
        """Write one shard atomically (a temporary file, fsync, then a rename); return its path."""
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.shape != (len(digests), self.dimension):
            raise IndexStoreError(f"a checkpoint shard of {len(digests)} hashes got vectors of shape "
                                  f"{vectors.shape}, expected ({len(digests)}, {self.dimension})")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IndexStoreError(f"cannot create the checkpoint folder {self.folder}: {exc}") from exc
        name = f"shard-{time.time_ns()}-{uuid.uuid4().hex[:8]}.npz"
        target, temporary = self.folder / name, self.folder / f".{name}.tmp"
        try:
            with open(temporary, "wb") as handle:
                np.savez(handle, digests=np.array(list(digests), dtype="S40"), vectors=vectors,
                         embedder=np.str_(self.embedder))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except OSError as exc:
            raise IndexStoreError(f"cannot write a checkpoint shard in {self.folder}: {exc}") from exc
        finally:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
        return target

    def read(self) -> dict[str, np.ndarray]:
        """Every vector of this embedder's shards by text hash; foreign or unreadable shards add nothing.

        A checkpoint only saves time, so a damaged shard means its texts are embedded again.
        """
        vectors: dict[str, np.ndarray] = {}
        for path in sorted(self.folder.glob(SHARD_GLOB)) if self.folder.is_dir() else []:
            try:
                with open(path, "rb") as handle, np.load(handle, allow_pickle=False) as data:
                    if str(data["embedder"]) != self.embedder:
                        continue
                    rows = data["vectors"].astype(np.float32)
                    digests = data["digests"]
            except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):  # a damaged shard
                continue
            if rows.ndim != 2 or rows.shape != (len(digests), self.dimension):
                continue
            for digest, row in zip(digests, rows, strict=True):
                vectors[digest.decode("ascii")] = row
        return vectors

    def remove(self) -> None:
        """Delete the folder (after the index was saved: its vectors now live in the index)."""
        shutil.rmtree(self.folder, ignore_errors=True)
