"""Turns of stored conversations for offline analytics: a store, an SQLite file or a JSONL export.

The data team gets conversations either as the SQLite file of
``ConversationConfig(store="sqlite")`` or as a JSONL export (one turn per
line, :func:`export_turns`), so analyses run away from the live service.
Stored text is already redacted.

>>> import tempfile, pathlib
>>> from datetime import datetime, timezone
>>> at = datetime(2026, 11, 2, tzinfo=timezone.utc)
>>> turn = Turn(role="customer", text="Czy grawerujecie zegarki?", at=at)
>>> out = pathlib.Path(tempfile.mkdtemp()) / "tury.jsonl"
>>> export_turns([("c-1", turn)], out)
1
>>> [(cid, t.text) for cid, t in read_turns(out)]
[('c-1', 'Czy grawerujecie zegarki?')]
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Union

from pomocbot.conversation.base import ConversationStore, Turn
from pomocbot.errors import ConversationStoreError

__all__ = ["Source", "export_turns", "iter_turns", "read_turns"]

Source = Union[ConversationStore, str, "os.PathLike[str]", Iterable[tuple[str, Turn]]]
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")


def read_turns(path: str | os.PathLike[str]) -> Iterator[tuple[str, Turn]]:
    """``(conversation_id, turn)`` pairs of an SQLite conversation store or a JSONL export.

    A ``.jsonl`` / ``.ndjson`` / ``.json`` file holds one turn per line, as
    :func:`export_turns` writes it: ``{"conversation_id", "role", "text",
    "at", "metadata"}``; any other path is opened as the SQLite store of
    ``ConversationConfig(store="sqlite")``. A missing file or a bad line
    raises :class:`~pomocbot.errors.ConversationStoreError` (by line number,
    never quoting the text).

    >>> next(read_turns("brak.sqlite"))
    Traceback (most recent call last):
    ...
    pomocbot.errors.ConversationStoreError: no conversation store at 'brak.sqlite'; ...
    """
    path = Path(path)
    if not path.is_file():
        raise ConversationStoreError(f"no conversation store at {str(path)!r}; pass an SQLite conversation "
                                     "file or a JSONL export of turns")
    if path.suffix.lower() in _JSONL_SUFFIXES:
        with open(path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    yield str(record.pop("conversation_id")), Turn.model_validate(record)
                except (ValueError, KeyError, TypeError, AttributeError) as exc:
                    raise ConversationStoreError(
                        f"{path}: line {number} is not a turn ({type(exc).__name__}); each line needs "
                        "conversation_id, role, text, at and optional metadata") from exc
        return
    from pomocbot.conversation.sqlite import SQLiteConversationStore

    with SQLiteConversationStore(path) as store:
        yield from _store_turns(store)


def _store_turns(store: ConversationStore) -> Iterator[tuple[str, Turn]]:
    for conversation_id in store.conversation_ids():
        for turn in store.turns(conversation_id):
            yield conversation_id, turn


def iter_turns(source: Source) -> Iterator[tuple[str, Turn]]:
    """``(conversation_id, turn)`` pairs of a store, a path (see :func:`read_turns`) or an iterable of pairs.

    >>> from pomocbot.conversation import MemoryConversationStore
    >>> list(iter_turns(MemoryConversationStore()))
    []
    """
    if isinstance(source, (str, os.PathLike)):
        return read_turns(source)
    if isinstance(source, ConversationStore):
        return _store_turns(source)
    return iter(source)


def export_turns(source: Source, path: str | os.PathLike[str]) -> int:
    """Write every turn of ``source`` to a JSONL file (for offline analysis); returns the count."""
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for conversation_id, turn in iter_turns(source):
            record = {"conversation_id": conversation_id, **turn.model_dump(mode="json")}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count
