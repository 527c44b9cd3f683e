"""What a knowledge index remembers of a document: its own module so the index and the shared-store
loader (:mod:`pomocbot.retrieval.shared_index`) both build entries without importing each other.

>>> DocumentEntry("3f9a", "Zwroty", None, [7, 8]).chunk_keys
[7, 8]
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["DocumentEntry"]


@dataclass
class DocumentEntry:
    """What the index remembers of a document (its text lives in its chunks)."""

    content_hash: str
    title: str
    source: str | None
    chunk_keys: list[int] = field(default_factory=list)
