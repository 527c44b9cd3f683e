"""The :class:`Document` model and content hashes.

>>> doc = Document(id="zwroty", text="Masz 14 dni na zwrot.", title="Zwroty")
>>> doc.content_hash == Document(id="zwroty", text="Masz 14 dni na zwrot.", title="Zwroty").content_hash
True
>>> Document(id=" ", text="x")
Traceback (most recent call last):
...
pomocbot.errors.InvalidDocumentError: invalid document: id: Value error, document id must be a non-empty \
string without surrounding whitespace
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pomocbot.errors import InvalidDocumentError

__all__ = ["Document"]


def _explain(error: ValidationError) -> str:
    parts = [f"{'.'.join(str(x) for x in e['loc']) or 'document'}: {e['msg']}" for e in error.errors()]
    return "invalid document: " + "; ".join(parts)


class Document(BaseModel):
    """One knowledge-base document: a help-centre page, a policy, one FAQ entry.

    ``text`` may use Markdown headings (``## Zwrot pieniędzy``): the chunker
    turns them into section titles carried into every chunk of the section.
    ``id`` is the stable key for upsert and delete; loaders use the file path
    relative to the knowledge-base folder without extension (``dostawa/kurier``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    def __init__(self, **data: Any) -> None:
        # A bad field is an InvalidDocumentError (a PomocbotError and a ValueError), not pydantic's error.
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise InvalidDocumentError(_explain(error)) from error

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        try:
            return super().model_validate(obj, *args, **kwargs)
        except ValidationError as error:
            raise InvalidDocumentError(_explain(error)) from error

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
