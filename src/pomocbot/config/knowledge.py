"""Knowledge-base settings: reading files, chunking, what is masked or removed before indexing.

Chunking and cleaning shape the chunks in the index (index time); the
encodings tried and the file size limit only govern which files can be read.

>>> KnowledgeConfig(chunk_tokens=120).chunk_overlap_tokens
40
"""

from __future__ import annotations

from pydantic import Field, model_validator

from pomocbot.config.base import _Config, index_time

__all__ = ["KnowledgeConfig"]


class KnowledgeConfig(_Config):
    """Loading and chunking of knowledge-base files."""

    chunk_tokens: int = index_time(200, ge=16, le=8192, description="target chunk size in tiktoken tokens")
    chunk_overlap_tokens: int = index_time(40, ge=0, description="tokens of trailing sentences repeated")
    # Query time (the default): a different list reads more files, and what was read stays valid.
    encodings: tuple[str, ...] = Field(("utf-8",), min_length=1, description="tried in order")
    max_file_bytes: int = Field(50_000_000, gt=0)
    # Index time: documents added under another value would be cleaned differently from those in the index.
    redact_personal_data: bool = index_time(
        True, description="mask personal data found in documents before indexing (a person's identifiers; "
                          "contact data only next to them)")
    keep_personal_data_in: tuple[str, ...] = index_time(
        (), description="document-id patterns (fnmatch, e.g. 'zespol/*') whose personal data is kept")
    drop_unsafe_sentences: bool = index_time(
        True, description="remove sentences addressed to the assistant, asking for secrets or giving "
                          "premium-rate numbers")

    @model_validator(mode="after")
    def _overlap_below_size(self) -> KnowledgeConfig:
        if self.chunk_overlap_tokens >= self.chunk_tokens:
            raise ValueError(
                f"chunk_overlap_tokens ({self.chunk_overlap_tokens}) must be smaller than "
                f"chunk_tokens ({self.chunk_tokens})"
            )
        return self
