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
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np

from pomocbot.text.normalize import fold_diacritics
from pomocbot.text.stopwords import is_stopword
from pomocbot.text.tokenize import char_ngrams, lexical_terms, stem_term, word_ngrams, word_tokens

__all__ = ["BM25Index", "PolishAnalyzer", "TextTerms"]

# Words whose terms :meth:`PolishAnalyzer.analyze` remembers. A 20k-chunk
# corpus has ~80k distinct words (~30 MB of cached terms); past the bound the
# memo starts afresh rather than growing without limit.
_WORD_MEMO_SIZE = 200_000


class TextTerms(NamedTuple):
    """Everything indexing needs from one text, from a single pass over its words."""

    stems: list[str]
    ngrams: list[str]
    words: list[str]  # lower-cased, stop words included: what :meth:`PolishAnalyzer.observe_words` counts


class PolishAnalyzer:
    """Stem and n-gram terms of Polish text, with corpus-based diacritic restoration."""

    def __init__(self, stem: Callable[[str], str], ngram_size: int = 4) -> None:
        self._stem = stem
        self.ngram_size = ngram_size
        self._surface_counts: Counter[str] = Counter()
        self._restore: dict[str, str] | None = {}
        # lower-cased word -> (stem term, its n-grams), or None for a stop word
        self._word_memo: dict[str, tuple[str, tuple[str, ...]] | None] = {}

    # The restoration map follows the knowledge base's vocabulary.
    def observe(self, text: str, sign: int = 1) -> None:
        """Count (``sign=1``) or uncount (``-1``) the words of an indexed text."""
        self.observe_words([token.lower() for token in word_tokens(text)], sign)

    def observe_words(self, words: Sequence[str], sign: int = 1) -> None:
        """:meth:`observe` for the lower-cased words of a text (:attr:`TextTerms.words`)."""
        counts = self._surface_counts
        if sign == 1:
            # Counts are kept positive, so adding can never bring one to zero;
            # Counter.update counts in C and inserts new words in the same order.
            counts.update(words)
        else:
            for word in words:
                counts[word] += sign
                if counts[word] <= 0:
                    del counts[word]
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

    def analyze(self, text: str) -> TextTerms:
        """Stem terms, n-gram terms and surface words of an indexed text in one pass.

        Equal to ``(stems(text), ngrams(text), lower-cased word_tokens(text))``,
        but the text is tokenised once and each distinct word is stop-word
        checked, stemmed, folded and cut into n-grams once per analyzer: a
        knowledge base repeats its vocabulary, so indexing then costs about a
        dictionary lookup per word. Reads no index state, so it may run ahead
        of (or beside) the embedding of the same texts.

        >>> terms = PolishAnalyzer(stem=lambda w: w.rstrip("u")).analyze("Zwrotu, który?")
        >>> terms.stems, terms.ngrams, terms.words
        (['zwrot'], ['_zwr', 'zwro', 'wrot', 'rotu', 'otu_'], ['zwrotu', 'który'])
        """
        words = [token.lower() for token in word_tokens(text)]
        memo = self._word_memo
        if len(memo) > _WORD_MEMO_SIZE:
            memo.clear()
        stems: list[str] = []
        grams: list[str] = []
        for word in words:
            try:
                terms = memo[word]
            except KeyError:
                terms = memo[word] = None if is_stopword(word) else (
                    stem_term(word, self._stem), tuple(word_ngrams(word, self.ngram_size)))
            if terms is not None:
                stems.append(terms[0])
                grams.extend(terms[1])
        return TextTerms(stems, grams, words)

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
        self._model: Any = None  # bm25s.BM25, built lazily
        self._keys = np.zeros(0, dtype=np.int64)
        self._position: dict[int, int] = {}
        self._idf_cache: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self._terms)

    def set(self, key: int, terms: Sequence[str]) -> None:
        """Index (or re-index) the terms of one item."""
        vocab = self._vocab
        # Once a knowledge base is partly indexed most terms are known: look
        # them all up in C first and number only the new ones, in order.
        ids = list(map(vocab.get, terms))
        if None in ids:
            for n, term in enumerate(terms):
                if ids[n] is None:
                    ids[n] = vocab.setdefault(term, len(vocab))
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
        # Items that are all empty have an average length of 0, and bm25s computes 0/0 for them (a
        # RuntimeWarning): no item has a term then, so no score is ever read from that division.
        with np.errstate(invalid="ignore", divide="ignore"):
            model.index(bm25s.tokenization.Tokenized(ids=corpus, vocab=vocab), show_progress=False,
                        create_empty_token=False)
        self._model = model
        self._idf_cache = None

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

    # -- relevance feedback (RM3) ----------------------------------------
    def query_weights(self, terms: Sequence[str]) -> dict[int, float]:
        """Term id -> count of the known ``terms`` (unknown terms cannot match anything)."""
        weights: dict[int, float] = {}
        for term in terms:
            term_id = self._vocab.get(term)
            if term_id is not None:
                weights[term_id] = weights.get(term_id, 0.0) + 1.0
        return weights

    def expand(self, query: dict[int, float], feedback: Sequence[tuple[int, float]], *,
               terms: int, weight: float) -> dict[int, float]:
        """RM3 query expansion from feedback items (Abdul-Jaleel et al. 2004, "UMass at TREC 2004").

        ``feedback`` holds ``(key, weight)`` of the items the first pass ranked
        best (weights sum to 1). A term's relevance is the feedback-weighted
        mean of its relative frequency in those items, times its idf (so the
        function words every answer shares count little); the ``terms`` best
        ones, normalised to sum 1, are mixed into the normalised query:
        ``(1 - weight) * q + weight * e``. The query's own terms stay dominant
        while the vocabulary of the likely answers ("zwrot" -> "odstąpienie",
        "formularz") reaches answers that word it differently.
        """
        if not query:
            # Nothing of the query is in this index: expanding would only echo the other retrievers.
            return {}
        if self._model is None:
            self._build()
        if terms <= 0 or weight <= 0:
            return dict(query)
        id_arrays, share_arrays = [], []
        for key, item_weight in feedback:
            ids = self._terms.get(key)
            if ids is not None and len(ids):
                id_arrays.append(ids)
                share_arrays.append(np.full(len(ids), item_weight / len(ids)))
        if not id_arrays:
            return dict(query)
        # Vectorised: relevance of each distinct term = sum of its items' shares, times idf.
        unique, inverse = np.unique(np.concatenate(id_arrays), return_inverse=True)
        relevance = np.bincount(inverse, weights=np.concatenate(share_arrays)) * self._idf[unique]
        order = np.lexsort((-unique, -relevance))[:terms]  # best first; ties: the higher term id
        order = order[relevance[order] > 0]
        total_query = sum(query.values())
        expanded = {term_id: (1 - weight) * count / total_query for term_id, count in query.items()}
        chosen_total = float(relevance[order].sum())
        if chosen_total > 0:
            for term_id, value in zip(unique[order].tolist(), relevance[order].tolist(), strict=True):
                expanded[term_id] = expanded.get(term_id, 0.0) + weight * value / chosen_total
        return expanded

    def idf(self, terms: Sequence[str]) -> list[float]:
        """Lucene idf of each term; a term the index has never seen gets the highest idf (df = 0)."""
        if not self._terms:
            return [0.0] * len(terms)
        if self._model is None:
            self._build()
        idf, vocab = self._idf, self._vocab
        unseen = float(np.log1p((len(self._keys) + 0.5) / 0.5))
        return [float(idf[vocab[t]]) if t in vocab and vocab[t] < len(idf) else unseen for t in terms]

    def known(self, terms: Sequence[str]) -> list[bool]:
        """Whether each term occurs in at least one indexed item."""
        if not self._terms:
            return [False] * len(terms)
        unseen = float(np.log1p((len(self._terms) + 0.5) / 0.5))
        return [value < unseen - 1e-9 for value in self.idf(terms)]

    @property
    def _idf(self) -> np.ndarray:
        """Lucene idf per term id, from the document frequencies in the bm25s score matrix."""
        if self._idf_cache is None:
            indptr = self._model.scores["indptr"]
            df = np.diff(indptr).astype(np.float64)
            n = float(len(self._keys))
            self._idf_cache = np.log1p((n - df + 0.5) / (df + 0.5))
        return self._idf_cache

    def weighted_scores(self, weights: dict[int, float]) -> np.ndarray:
        """BM25 score of every item (aligned with :attr:`keys`) for a weighted query ``{term id: weight}``."""
        if not self._terms:
            return np.zeros(0, dtype=np.float32)
        if self._model is None:
            self._build()
        matrix = self._model.scores
        indptr, indices, data = matrix["indptr"], matrix["indices"], matrix["data"]
        terms = np.fromiter(weights.keys(), dtype=np.int64, count=len(weights))
        factors = np.fromiter(weights.values(), dtype=np.float64, count=len(weights))
        valid = (terms + 1 < len(indptr)) & (factors != 0)
        terms, factors = terms[valid], factors[valid]
        if not len(terms):
            return np.zeros(len(self._keys), dtype=np.float32)
        # Gather every posting of the weighted terms at once (CSC slices indptr[t]:indptr[t+1]).
        starts, lengths = indptr[terms], indptr[terms + 1] - indptr[terms]
        total = int(lengths.sum())
        positions = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
        values = data[positions] * np.repeat(factors, lengths)
        return np.bincount(indices[positions], weights=values, minlength=len(self._keys)).astype(np.float32)

    def term_ids(self) -> tuple[dict[str, int], dict[int, np.ndarray]]:
        """Vocabulary and per-item term ids (for saving)."""
        return self._vocab, self._terms

    def restore(self, vocab: dict[str, int], terms: dict[int, np.ndarray]) -> None:
        self._vocab, self._terms, self._model = dict(vocab), dict(terms), None
