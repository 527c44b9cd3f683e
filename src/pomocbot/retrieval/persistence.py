"""Crash-safe saving and validated loading of a :class:`KnowledgeIndex`.

Layout of an index directory::

    index/
      CURRENT                  name of the live version, e.g. "v-20261122T101500-3f9a1c2b"
      v-20261122T101500-.../
        manifest.json          format version, embedder name and dimension, config, counts, file hashes
        documents.json         document id -> content hash, title, source, chunk keys
        chunks.jsonl           one chunk per line (text, title, section, metadata)
        ids.npy, vectors.npy   FAISS keys and unit vectors (the FAISS index is rebuilt from them)
        cache_digests.npy,     the embedding cache: vectors of chunk texts no longer in the index,
        cache_vectors.npy      by text hash (format 2; see pomocbot.retrieval.embedding_cache)

A save writes a new version into a temporary directory, fsyncs every file
and the directory, renames it to its final name, then atomically replaces
``CURRENT`` (write + fsync + ``os.replace``) and only then deletes older
versions. A crash or exception at any point leaves ``CURRENT`` naming a
complete version, so the previous index stays loadable. BM25 term lists are
derived data and are recomputed on load; every value loaded is type-checked
as it fills the index (:mod:`pomocbot.retrieval.index_restore`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from pomocbot.config import AssistantConfig
from pomocbot.errors import (
    EmbedderMismatchError,
    IndexCorruptError,
    IndexNotFoundError,
    IndexStoreError,
    IndexVersionError,
    InvalidArgumentError,
)
from pomocbot.knowledge.chunker import Chunk
from pomocbot.retrieval.embedders import Embedder
from pomocbot.retrieval.embedding_cache import CHECKPOINT_NAME, EmbeddingCache
from pomocbot.retrieval.index import KnowledgeIndex
from pomocbot.retrieval.index_restore import restore_index

__all__ = ["FORMAT_VERSION", "load_embedding_cache", "load_index", "read_manifest", "save_index"]

FORMAT_NAME = "pomocbot-index"
FORMAT_VERSION = 2
"""2 added the embedding cache files; version 1 indexes load without a cache."""
_CURRENT = "CURRENT"
_LOCK = ".lock"
_FILES = ("documents.json", "chunks.jsonl", "ids.npy", "vectors.npy", "cache_digests.npy",
          "cache_vectors.npy")


def _index_path(path: object) -> Path:
    """``path`` as a Path: a str or an ``os.PathLike`` of str, without NUL characters."""
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidArgumentError(
            f"an index path must be a str or a pathlib.Path, not {type(path).__name__}")
    try:
        root = Path(path)
    except TypeError as exc:  # an os.PathLike giving bytes
        raise InvalidArgumentError(f"an index path must be a str or a pathlib.Path ({exc})") from exc
    if "\x00" in str(root):
        raise InvalidArgumentError("an index path cannot contain a NUL character")
    return root


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    # Directory fsync makes renames durable; not available on Windows.
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_version(index: KnowledgeIndex, folder: Path) -> None:
    documents = {
        doc_id: {"content_hash": e.content_hash, "title": e.title, "source": e.source,
                 "chunk_keys": e.chunk_keys}
        for doc_id, e in index.documents.items()
    }
    (folder / "documents.json").write_text(json.dumps(documents, ensure_ascii=False), encoding="utf-8")
    with open(folder / "chunks.jsonl", "w", encoding="utf-8") as out:
        for key, chunk in index.chunks.items():
            record = {"key": key, "chunk_id": chunk.chunk_id, "doc_id": chunk.doc_id, "text": chunk.text,
                      "title": chunk.title, "section": chunk.section, "source": chunk.source,
                      "position": chunk.position, "metadata": chunk.metadata}
            out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    ids, vectors = index.store.state()
    np.save(folder / "ids.npy", ids, allow_pickle=False)
    np.save(folder / "vectors.npy", vectors, allow_pickle=False)
    digests, cached = index.embedding_cache.state()
    np.save(folder / "cache_digests.npy", digests, allow_pickle=False)
    np.save(folder / "cache_vectors.npy", cached, allow_pickle=False)
    manifest = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "created_at": datetime.now(timezone.utc).isoformat(),
        "embedder": {"name": index.embedder.name, "dimension": index.embedder.dimension},
        # Secrets never reach the disk: the LLM's API key is given again at load (or by api_key_env), and
        # so are the servers' URLs (they carry passwords; the deployment's config names them).
        "config": index.config.model_dump(mode="json", exclude={
            "drafting": {"llm": {"api_key"}}, "conversation": {"postgres_url", "lock_url"},
            "retrieval": {"vector_store_url"}}),
        "counts": {"documents": len(index.documents), "chunks": len(index.chunks),
                   "cached_vectors": len(digests)},
        "files": {name: _sha256(folder / name) for name in _FILES},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2),
                                          encoding="utf-8")
    for name in (*_FILES, "manifest.json"):
        _fsync_file(folder / name)
    _fsync_dir(folder)


def save_index(index: KnowledgeIndex, path: str | Path, *, lock_timeout_s: float = 600.0) -> Path:
    """Atomically write ``index`` to the directory ``path``; return the version directory.

    Writers in several processes take turns (a file lock, ``.lock``, held for the whole save), and the
    cleanup afterwards never removes the version ``CURRENT`` names, the one before it, or anything younger
    than :data:`CLEANUP_GRACE_S`: a reader that read ``CURRENT`` a moment ago is still loading it.
    """
    from filelock import FileLock, Timeout

    root = _index_path(path)
    try:
        if root.exists() and not root.is_dir():
            raise IndexStoreError(f"{root} exists and is not a directory")
        # An interrupted build leaves only its embedding checkpoint: that directory may become the index.
        foreign = (any(p.name not in (CHECKPOINT_NAME, _LOCK) for p in root.iterdir()) if root.is_dir()
                   else False)
        if foreign and not (root / _CURRENT).exists():
            raise IndexStoreError(
                f"{root} is a non-empty directory that is not a pomocbot index; choose another path"
            )
        root.mkdir(parents=True, exist_ok=True)
        with FileLock(str(root / _LOCK), timeout=lock_timeout_s):
            final = _save_locked(index, root)
            _clean_up(root, keep=final.name)
    except Timeout as exc:
        raise IndexStoreError(f"another process has been saving {root} for {lock_timeout_s:.0f} s") from exc
    except IndexStoreError:
        raise
    except OSError as exc:  # a name too long, no permission, a file where a folder should be
        raise IndexStoreError(f"cannot save the index to {root}: {exc.strerror or exc}") from exc
    return final


def _save_locked(index: KnowledgeIndex, root: Path) -> Path:
    token = uuid.uuid4().hex[:8]
    temporary = root / f".tmp-{token}"
    final = root / f"v-{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S%f')}-{token}"
    pointer = root / f".{_CURRENT}.{token}"
    try:
        temporary.mkdir()
        _write_version(index, temporary)
        os.rename(temporary, final)
        _fsync_dir(root)
        pointer.write_text(final.name + "\n", encoding="utf-8")
        _fsync_file(pointer)
        os.replace(pointer, root / _CURRENT)  # the commit point
        _fsync_dir(root)
    except BaseException as exc:
        for leftover in (temporary, final):
            shutil.rmtree(leftover, ignore_errors=True)
        with contextlib.suppress(OSError):
            pointer.unlink()
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise IndexStoreError(f"saving the index to {root} failed: {exc}") from exc
    return final


#: Versions and temporaries younger than this many seconds are never removed (readers may be loading them).
CLEANUP_GRACE_S = 120.0


def _clean_up(root: Path, keep: str) -> None:
    """Best effort: remove older versions and crashed writers' temporaries, never what a reader may need."""
    now = time.time()
    versions = sorted(p.name for p in root.iterdir() if p.name.startswith("v-"))
    current = (root / _CURRENT).read_text(encoding="utf-8").strip() if (root / _CURRENT).exists() else keep
    protected = {keep, current}
    if current in versions and versions.index(current) > 0:
        protected.add(versions[versions.index(current) - 1])  # the one a slow reader may have just read
    for old in root.iterdir():
        if old.name in protected or not (old.name.startswith("v-") or old.name.startswith(".tmp-")):
            continue
        try:
            young = now - old.stat().st_mtime < CLEANUP_GRACE_S
        except OSError:
            continue
        if not young:
            shutil.rmtree(old, ignore_errors=True)


def _version_dir(root: Path) -> Path:
    try:
        if not root.is_dir():
            raise IndexNotFoundError(f"no index at {root}: the directory does not exist")
        current = root / _CURRENT
        if not current.is_file():
            raise IndexNotFoundError(
                f"{root} is not a pomocbot index (no {_CURRENT} file); build one with save()"
            )
        name = current.read_text(encoding="utf-8").strip()
        folder = root / name
        if not _plain_name(name) or not folder.is_dir():
            raise IndexCorruptError(f"{current} names {name!r}, which is not a version directory of {root}")
    except IndexStoreError:
        raise  # IndexNotFoundError is an OSError too
    except UnicodeDecodeError as exc:
        raise IndexCorruptError(
            f"{root / _CURRENT} is not text (byte {exc.start}); save the index again") from exc
    except OSError as exc:  # a name too long, no permission
        raise IndexStoreError(f"cannot read the index at {root}: {exc.strerror or exc}") from exc
    return folder


def _plain_name(name: object) -> bool:
    """Whether ``name`` is one file or directory inside the index (no path, never outside it)."""
    return (isinstance(name, str) and bool(name) and name not in (".", "..")
            and not any(c in name for c in "/\\\x00"))


def read_manifest(path: str | Path) -> dict[str, Any]:
    """The manifest of the index at ``path`` (validated format and version)."""
    folder = _version_dir(_index_path(path))
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexCorruptError(f"{folder}: manifest.json is missing") from exc
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError; nesting too deep
        raise IndexCorruptError(f"{folder}: manifest.json is not valid JSON ({exc})") from exc
    except OSError as exc:
        raise IndexCorruptError(f"{folder}: manifest.json cannot be read ({exc.strerror or exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise IndexCorruptError(f"{folder}: manifest.json is not a pomocbot index manifest")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION or version < 1:
        raise IndexVersionError(
            f"index format version {version!r} is not supported by this pomocbot "
            f"(reads 1..{FORMAT_VERSION}); upgrade pomocbot or rebuild the index"
        )
    manifest["_folder"] = str(folder)
    return manifest


def load_index(path: str | Path, embedder: Embedder, config: AssistantConfig | None = None) -> KnowledgeIndex:
    """Load and validate the index at ``path`` for use with ``embedder``."""
    if config is not None and not isinstance(config, AssistantConfig):
        raise InvalidArgumentError(f"config must be an AssistantConfig or None, not {type(config).__name__}")
    if not callable(getattr(embedder, "embed", None)) or not hasattr(embedder, "dimension"):
        raise InvalidArgumentError(f"embedder must be an Embedder (embed() and dimension), not "
                                   f"{type(embedder).__name__}")
    manifest = read_manifest(path)
    folder = Path(manifest["_folder"])
    saved, files = manifest.get("embedder", {}), manifest.get("files", {})
    if not isinstance(saved, dict) or not isinstance(files, dict):
        raise IndexCorruptError(f"{folder}: manifest.json has no 'embedder' or 'files' object")
    if saved.get("name") != embedder.name or saved.get("dimension") != embedder.dimension:
        raise EmbedderMismatchError(
            f"the index at {path} was built with embedder {saved.get('name')!r} "
            f"({saved.get('dimension')} dims); got {embedder.name!r} ({embedder.dimension} dims). "
            "Load it with the same embedder or rebuild it."
        )
    for name, expected in files.items():
        if not _plain_name(name) or not isinstance(expected, str):
            raise IndexCorruptError(f"{folder}: manifest.json lists {name!r}, not a file of the index")
        file = folder / name
        if not file.is_file():
            raise IndexCorruptError(f"{folder}: {name} is missing")
        try:
            actual = _sha256(file)
        except OSError as exc:
            raise IndexCorruptError(f"{folder}: {name} cannot be read ({exc.strerror or exc})") from exc
        if actual != expected:
            raise IndexCorruptError(f"{folder}: {name} does not match its checksum (truncated or modified)")
    try:
        config = config or AssistantConfig.model_validate(manifest["config"])
        index = KnowledgeIndex(config, embedder)
        documents = json.loads((folder / "documents.json").read_text(encoding="utf-8"))
        ids = np.load(folder / "ids.npy", allow_pickle=False)
        vectors = np.load(folder / "vectors.npy", allow_pickle=False)
        with open(folder / "chunks.jsonl", encoding="utf-8") as lines:
            records = [json.loads(line) for line in lines if line.strip()]
        cache = None
        if (folder / "cache_digests.npy").is_file():
            cache = (np.load(folder / "cache_digests.npy", allow_pickle=False),
                     np.load(folder / "cache_vectors.npy", allow_pickle=False))
        restore_index(index, folder, ids, vectors, records, documents, cache)
    except IndexStoreError:
        raise
    except Exception as exc:  # malformed files, whatever the parser says (checksums match: written so)
        raise IndexCorruptError(f"{folder}: cannot read the index files ({type(exc).__name__}: "
                                f"{str(exc)[:300]})") from exc
    return index


def load_embedding_cache(path: str | Path, cache: EmbeddingCache) -> int:
    """Add every vector of the saved index at ``path`` (its chunks and its cache) to ``cache``.

    Used to rebuild an index with another configuration (chunking, index
    kind) without embedding any text twice. Nothing is added when there is no
    index at ``path``, it belongs to another embedder, or it cannot be read;
    returns the number of vectors added.
    """
    try:
        manifest = read_manifest(path)
    except IndexStoreError:
        return 0
    saved = manifest.get("embedder", {})
    if (not isinstance(saved, dict) or saved.get("name") != cache.embedder
            or saved.get("dimension") != cache.dimension):
        return 0
    folder = Path(manifest["_folder"])
    before = len(cache)
    try:
        if (folder / "cache_digests.npy").is_file():
            cache.restore(np.load(folder / "cache_digests.npy", allow_pickle=False),
                          np.load(folder / "cache_vectors.npy", allow_pickle=False))
        ids = np.load(folder / "ids.npy", allow_pickle=False)
        vectors = np.load(folder / "vectors.npy", allow_pickle=False)
        rows = {int(key): row for row, key in enumerate(ids)}
        with open(folder / "chunks.jsonl", encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    record = json.loads(line)
                    row = rows.get(int(record.pop("key")))
                    if row is not None:
                        cache.put(Chunk(**record).content_hash, vectors[row])
    except (OSError, ValueError, TypeError, KeyError, IndexStoreError):
        pass  # a cache only saves time; a damaged one is not an error
    return len(cache) - before
