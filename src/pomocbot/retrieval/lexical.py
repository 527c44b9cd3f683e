"""Polish lexical retrieval: BM25 (bm25s) over stems and over character n-grams.

:class:`PolishAnalyzer` turns text into two kinds of terms (see
:mod:`pomocbot.text.tokenize`): Stempel stems folded to ASCII, and character
n-grams of folded words. Before stemming a query word that never occurs in the
knowledge base, its diacritics are restored from the knowledge base's own
vocabulary ("zwrocic" -> "zwrócić" when the base says "zwrócić"), because
Stempel only knows correctly written Polish.

:class:`BM25Index` wraps one bm25s model. bm25s has no incremental update, so
the model is rebuilt from the stored term ids on the first search after a
change (tens of milliseconds per thousand chunks).

>>> analyzer = PolishAnalyzer(stem=lambda w: {"zwrotu": "zwrot", "zwrócić": "zwrócić"}.get(w, w))
>>> analyzer.observe("Jak zwrócić towar? Formularz zwrotu.")
>>> analyzer.query_stems("jak zwrocic zwrotu")
['zwrocic', 'zwrot']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Callable

import numpy as np

from pomocbot.text.normalize import fold_diacritics
from pomocbot.text.tokenize import char_ngrams, lexical_terms, word_tokens

__all__ = ["BM25Index", "PolishAnalyzer"]


class PolishAnalyzer:
    """Stem and n-gram terms of Polish text, with corpus-based diacritic restoration."""

    def __init__(self, stem: Callable[[str], str], ngram_size: int = 4) -> None:
        self._stem = stem
        self.ngram_size = ngram_size
        self._surface_counts: Counter[str] = Counter()
        self._restore: dict[str, str] | None = {}

    # The restoration map follows the knowledge base's vocabulary.
    def observe(self, text: str, sign: int = 1) -> None:
        """Count (``sign=1``) or uncount (``-1``) the words of an indexed text."""
        for token in word_tokens(text):
            word = token.lower()
            self._surface_counts[word] += sign
            if self._surface_counts[word] <= 0:
                del self._surface_counts[word]
        self._restore = None

    def _restoration(self) -> dict[str, str]:
        if self._restore is None:
            best: dict[str, str] = {}
            for word, count in self._surface_counts.items():
                folded = fold_diacritics(word)
                if folded != word and count > self._surface_counts.get(best.get(folded, ""), 0):
                    best[folded] = word
            self._restore = best
        return self._restore

    def stems(self, text: str) -> list[str]:
        """Stem terms of an indexed text."""
        return lexical_terms(text, self._stem)

    def query_stems(self, text: str) -> list[str]:
        """Stem terms of a query, restoring diacritics the customer left out."""
        restore = self._restoration()
        counts = self._surface_counts

        def stem(word: str) -> str:
            if word not in counts and word in restore:
                word = restore[word]
            return self._stem(word)

        return lexical_terms(text, stem)

    def ngrams(self, text: str) -> list[str]:
        """Character n-gram terms (same for indexed texts and queries)."""
        return char_ngrams(text, self.ngram_size)



class BM25Index:
    """BM25 over term lists keyed by int ids; rebuilt lazily after changes."""

    def __init__(self, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self._vocab: dict[str, int] = {}
        self._terms: dict[int, np.ndarray] = {}
        self._model = None
        self._keys = np.zeros(0, dtype=np.int64)
        self._position: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._terms)

    def set(self, key: int, terms: Sequence[str]) -> None:
        """Index (or re-index) the terms of one item."""
        vocab = self._vocab
        ids = [vocab.setdefault(term, len(vocab)) for term in terms]
        self._terms[key] = np.asarray(ids, dtype=np.int32)
        self._model = None

    def discard(self, key: int) -> None:
        if self._terms.pop(key, None) is not None:
            self._model = None

    def _build(self) -> None:
        import bm25s

        self._keys = np.fromiter(self._terms.keys(), dtype=np.int64, count=len(self._terms))
        self._position = {key: n for n, key in enumerate(self._terms)}
        model = bm25s.BM25(k1=self.k1, b=self.b)
        # Empty documents get no term; bm25s needs a non-empty vocabulary.
        corpus = [ids.tolist() for ids in self._terms.values()]
        vocab = dict(self._vocab) if self._vocab else {"": 0}
        model.index(bm25s.tokenization.Tokenized(ids=corpus, vocab=vocab), show_progress=False,
                    create_empty_token=False)
        self._model = model

    @property
    def keys(self) -> np.ndarray:
        """Item keys in the order of :meth:`scores`."""
        if not self._terms:
            return np.zeros(0, dtype=np.int64)
        if self._model is None:
            self._build()
        return self._keys

    def position(self, key: int) -> int:
        """Position of ``key`` in :attr:`keys` and :meth:`scores`."""
        if self._model is None:
            self._build()
        return self._position[key]

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        """BM25 score of every item (aligned with :attr:`keys`) for query ``terms``."""
        if not self._terms:
            return np.zeros(0, dtype=np.float32)
        if self._model is None:
            self._build()
        ids = [self._vocab[t] for t in terms if t in self._vocab]
        if not ids:
            return np.zeros(len(self._keys), dtype=np.float32)
        return self._model.get_scores_from_ids(ids)

    def term_ids(self) -> tuple[dict[str, int], dict[int, np.ndarray]]:
        """Vocabulary and per-item term ids (for saving)."""
        return self._vocab, self._terms

    def restore(self, vocab: dict[str, int], terms: dict[int, np.ndarray]) -> None:
        self._vocab, self._terms, self._model = dict(vocab), dict(terms), None
