"""The :class:`Document` model and content hashes.

>>> doc = Document(id="zwroty", text="Masz 14 dni na zwrot.", title="Zwroty")
>>> doc.content_hash == Document(id="zwroty", text="Masz 14 dni na zwrot.", title="Zwroty").content_hash
True
>>> Document(id=" ", text="x")
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Document
id
  Value error, document id must be a non-empty string without surrounding whitespace ...
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["Document"]


class Document(BaseModel):
    """One knowledge-base document: a help-centre page, a policy, one FAQ entry.

    ``text`` may use Markdown headings (``## Zwrot pieniędzy``): the chunker
    turns them into section titles carried into every chunk of the section.
    ``id`` is the stable key for upsert and delete; loaders use the file path
    relative to the knowledge-base folder without extension (``dostawa/kurier``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    text: str
    title: str = ""
    source: str | None = Field(None, description="file path or URL the document came from")
    metadata: dict[str, Any] = Field(default_factory=dict)

    @field_validator("title", mode="before")
    @classmethod
    def _no_title_is_empty(cls, value: object) -> object:
        return "" if value is None else value  # loaders and callers often have None for "no title"

    @field_validator("id")
    @classmethod
    def _id_is_clean(cls, value: str) -> str:
        if not value or value != value.strip() or "\n" in value:
            raise ValueError("document id must be a non-empty string without surrounding whitespace")
        return value

    @property
    def content_hash(self) -> str:
        """SHA-256 of everything that changes the index: text, title and metadata.

        ``source`` is left out so moving a file does not force re-embedding.
        Computed on each access (microseconds): a cached value would be copied
        by ``model_copy(update=...)`` and an edited copy would look unchanged.
        """
        payload = json.dumps(
            [self.text, self.title, self.metadata], ensure_ascii=False, sort_keys=True, default=str
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()
