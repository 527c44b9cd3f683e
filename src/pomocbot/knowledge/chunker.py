"""Split documents into retrieval chunks along Polish sentence boundaries.

A chunk is a run of whole sentences of one section, at most ``chunk_tokens``
tiktoken tokens long; the next chunk repeats trailing sentences worth up to
``overlap_tokens`` so an answer spanning two chunks is found whole. Markdown
headings in the document text become the section title of the chunks below
them, and the document title plus section are carried into every chunk's
``search_text`` (what gets embedded and BM25-indexed).

>>> from pomocbot.knowledge.document import Document
>>> doc = Document(id="dostawa", title="Dostawa",
...                text="## Kurier\\nKurier DPD kosztuje 14,99 zł. Dostawa trwa 1-2 dni.")
>>> [(c.chunk_id, c.section, c.text) for c in Chunker().chunk(doc)]
[('dostawa#0', 'Kurier', 'Kurier DPD kosztuje 14,99 zł. Dostawa trwa 1-2 dni.')]
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pomocbot.knowledge.document import Document
from pomocbot.text.sentences import split_sentences

__all__ = ["Chunk", "Chunker", "count_tokens_function"]

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Chunk:
    """A piece of a document that is embedded and indexed on its own."""

    chunk_id: str
    doc_id: str
    text: str
    title: str = ""
    section: str | None = None
    source: str | None = None
    position: int = 0
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def search_text(self) -> str:
        """Title and section in front of the text: a chunk about "Zwrot" is found by its heading too."""
        head = " — ".join(part for part in (self.title, self.section) if part)
        return f"{head}\n{self.text}" if head else self.text

    @property
    def content_hash(self) -> str:
        """Hash of ``search_text``: equal hashes mean the embedding can be reused."""
        return hashlib.sha1(self.search_text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _tiktoken_encoding() -> Any:
    # tiktoken downloads encodings on first use; llama-index-core ships
    # cl100k_base in its package, so point tiktoken there to stay offline.
    import os

    import tiktoken
    from llama_index.core import utils as llama_utils

    cache = os.path.join(os.path.dirname(os.path.abspath(llama_utils.__file__)), "_static", "tiktoken_cache")
    previous = os.environ.get("TIKTOKEN_CACHE_DIR")
    os.environ["TIKTOKEN_CACHE_DIR"] = previous or cache
    try:
        return tiktoken.get_encoding("cl100k_base")
    finally:
        if previous is None:
            del os.environ["TIKTOKEN_CACHE_DIR"]


def count_tokens_function() -> Callable[[str], int]:
    """A function counting cl100k_base tokens of a string (tiktoken, offline)."""
    encoding = _tiktoken_encoding()
    return lambda text: len(encoding.encode(text, disallowed_special=()))


def _sections(text: str) -> list[tuple[str | None, str]]:
    """Split Markdown text into (heading, body) pairs; the first body may have no heading."""
    sections: list[tuple[str | None, str]] = []
    heading: str | None = None
    last = 0
    for match in _HEADING.finditer(text):
        sections.append((heading, text[last : match.start()]))
        heading, last = match.group(2).strip(), match.end()
    sections.append((heading, text[last:]))
    return [(h, body) for h, body in sections if body.strip()]


class Chunker:
    """Sentence-aware chunker with a token budget and overlap.

    ``chunk_tokens`` bounds a chunk's text (a single longer sentence is split
    at word boundaries); ``overlap_tokens`` of trailing sentences are repeated
    at the start of the next chunk of the same section.
    """

    def __init__(self, chunk_tokens: int = 200, overlap_tokens: int = 40) -> None:
        if not 0 <= overlap_tokens < chunk_tokens:
            from pomocbot.errors import ConfigError

            raise ConfigError(
                f"overlap_tokens ({overlap_tokens}) must be in [0, chunk_tokens={chunk_tokens})"
            )
        self.chunk_tokens = chunk_tokens
        self.overlap_tokens = overlap_tokens
        self._count = count_tokens_function()

    def chunk(self, document: Document) -> list[Chunk]:
        """Chunks of ``document`` in reading order, ids ``"<doc id>#<n>"``."""
        title = document.title
        chunks: list[Chunk] = []
        for section, body in _sections(document.text):
            if section and not title:
                # A Markdown file's first heading is its title, not a section.
                title, section = section, None
            for text in self._pack(body):
                chunks.append(
                    Chunk(
                        chunk_id=f"{document.id}#{len(chunks)}",
                        doc_id=document.id,
                        text=text,
                        title=title,
                        section=section if section != title else None,
                        source=document.source,
                        position=len(chunks),
                        metadata=document.metadata,
                    )
                )
        return chunks

    def _pieces(self, body: str) -> list[tuple[str, int]]:
        """Sentences with token counts; over-long sentences cut at word boundaries.

        Counts are of the sentence with a leading space, as it appears inside
        a chunk: cl100k pre-tokenises on spaces, so the sum of these counts
        bounds the count of the joined text.
        """
        pieces = []
        for sentence in split_sentences(body):
            tokens = self._count(" " + sentence)
            if tokens <= self.chunk_tokens:
                pieces.append((sentence, tokens))
                continue
            # Rare (lists without full stops, pasted tables): cut at word
            # boundaries, counting the exact joined text.
            current: list[str] = []
            for word in sentence.split():
                if current and self._count(" ".join([*current, word])) > self.chunk_tokens:
                    text = " ".join(current)
                    pieces.append((text, self._count(" " + text)))
                    current = []
                current.append(word)
            if current:
                text = " ".join(current)
                pieces.append((text, self._count(" " + text)))
        return pieces

    def _pack(self, body: str) -> list[str]:
        pieces = self._pieces(body)
        texts: list[str] = []
        start = 0
        while start < len(pieces):
            end, used = start, 0
            while end < len(pieces) and (end == start or used + pieces[end][1] <= self.chunk_tokens):
                used += pieces[end][1]
                end += 1
            texts.append(" ".join(text for text, _ in pieces[start:end]))
            if end >= len(pieces):
                break
            # Step back over trailing sentences that fit in the overlap budget
            # and still leave room for the next new sentence, so a chunk never
            # consists of repeated sentences only.
            room = self.chunk_tokens - pieces[end][1]
            next_start, overlap = end, 0
            while (next_start - 1 > start
                   and overlap + pieces[next_start - 1][1] <= min(self.overlap_tokens, room)):
                next_start -= 1
                overlap += pieces[next_start][1]
            start = next_start
        return texts
