"""Filling a :class:`KnowledgeIndex` from the parsed files of a saved one, every value type-checked.

:func:`pomocbot.retrieval.persistence.load_index` has verified the files'
checksums, so they are as written; a file edited by hand may still hold a value
of the wrong type, and that makes the index corrupt rather than half-loaded.

>>> chunk_key(7)
7
>>> chunk_key(True)
Traceback (most recent call last):
...
pomocbot.errors.IndexCorruptError: chunk key True is not an integer
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from pomocbot.errors import IndexCorruptError
from pomocbot.knowledge.chunker import Chunk
from pomocbot.retrieval.index import DocumentEntry, KnowledgeIndex

__all__ = ["chunk_key", "restore_index"]

_CHUNK_FIELDS = {"chunk_id": (str,), "doc_id": (str,), "text": (str,), "title": (str,),
                 "section": (str, type(None)), "source": (str, type(None)), "position": (int,),
                 "metadata": (dict,)}


def chunk_key(value: object) -> int:
    """A chunk key as saved: an int (JSON) or a numpy integer, never a float, text or bool."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise IndexCorruptError(f"chunk key {value!r} is not an integer")
    return int(value)


def restore_index(index: KnowledgeIndex, folder: Path, ids: np.ndarray, vectors: np.ndarray,
                  records: list[Any], documents: Any, cache: tuple[np.ndarray, np.ndarray] | None) -> None:
    """Fill ``index`` from the parsed files, checking every value's type (a hand-edited file is corrupt)."""
    if (ids.ndim != 1 or not np.issubdtype(ids.dtype, np.integer)
            or not np.issubdtype(vectors.dtype, np.number)):
        raise IndexCorruptError(f"{folder}: ids ({ids.dtype}, shape {ids.shape}) or vectors "
                                f"({vectors.dtype}) have the wrong type")
    index.store.restore(ids, vectors)
    for record in records:
        if not isinstance(record, dict) or "key" not in record or set(record) - {"key", *_CHUNK_FIELDS}:
            raise IndexCorruptError(f"{folder}: a line of chunks.jsonl is not a chunk")
        fields = {name: value for name, value in record.items() if name != "key"}
        wrong = [name for name, value in fields.items() if not isinstance(value, _CHUNK_FIELDS[name])
                 or (name == "position" and isinstance(value, bool))]
        if wrong:
            raise IndexCorruptError(f"{folder}: a chunk's {', '.join(wrong)} has the wrong type")
        index.restore_chunk(chunk_key(record["key"]), Chunk(**fields))
    if cache is not None:
        index.embedding_cache.restore(*cache)
    if not isinstance(documents, dict):
        raise IndexCorruptError(f"{folder}: documents.json is not an object")
    for doc_id, entry in documents.items():
        if (not isinstance(entry, dict) or not isinstance(entry.get("content_hash"), str)
                or not isinstance(entry.get("title"), str)
                or not isinstance(entry.get("source"), (str, type(None)))
                or not isinstance(entry.get("chunk_keys"), list)):
            raise IndexCorruptError(f"{folder}: documents.json has a malformed entry for {doc_id!r}")
        index.documents[doc_id] = DocumentEntry(entry["content_hash"], entry["title"], entry["source"],
                                                [chunk_key(k) for k in entry["chunk_keys"]])
    expected = set(index.chunks)
    if (set(int(i) for i in ids) != expected
            or {k for e in index.documents.values() for k in e.chunk_keys} != expected):
        raise IndexCorruptError(f"{folder}: chunks, vectors and documents do not agree")
