"""A Presidio NLP engine that loads no model, and Presidio's context rule on top of it.

Presidio's ``SpacyNlpEngine`` tries to download a spaCy model when it loads,
and ``spacy.blank("pl")`` gives empty lemmas, so context words ("mój PESEL",
"numer dowodu") would never raise a score. :class:`LightNlpEngine` tokenises
with one regular expression and gives lower-cased tokens as lemmas, with a
few abbreviations expanded ("tel." -> "telefon"). It keeps no vocabulary, so
a long-running server does not accumulate the phone numbers it has seen (as
spaCy's string store would). :class:`ContextEnhancer` is Presidio's lemma
context rule on those artifacts, matching context words as substrings so
inflected forms count ("PESEL-u", "peselem").
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, ClassVar

from presidio_analyzer import (
    EntityRecognizer,
    RecognizerResult,
)
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

from pomocbot.text.stopwords import POLISH_STOPWORDS

__all__ = ["BARRIER", "LANGUAGE", "ContextEnhancer", "LightNlpEngine", "context_enhancer"]

LANGUAGE = "pl"
# Stands between two windows of tokenised text (see LightNlpEngine.process_windows).
BARRIER = "\x00"


class _LightArtifacts(NlpArtifacts):
    """:class:`NlpArtifacts` whose tokens are plain strings, not a spaCy ``Doc``; built by its constructor.

    Presidio's context code only iterates the tokens and takes their lengths,
    so strings serve; ``to_json`` is the one method that needs ``token.text``.
    """

    def to_json(self) -> str:
        return json.dumps({"tokens": list(self.tokens), "tokens_indices": self.tokens_indices,
                           "lemmas": self.lemmas, "keywords": self.keywords, "entities": [], "scores": []})


class LightNlpEngine(NlpEngine):
    """Presidio NLP engine without a model: regex tokens, lower-cased tokens as lemmas.

    Presidio's context enhancement compares context words with the lemmas of
    the words around a match; Polish inflection is handled by matching
    context words as substrings ("pesel" in "peselu"), so lower-casing is
    enough. Common abbreviations become the word they stand for ("tel." ->
    "telefon", "ur." -> "urodzony"), so that the short form can be a context
    word without "tel" matching "hotel".

    Why not ``SpacyNlpEngine`` with ``spacy.blank("pl")``: ``load()`` would
    try to download a model, a blank pipeline gives empty lemmas (context
    enhancement then never fires), and every token string a spaCy tokenizer
    sees stays in the shared ``StringStore`` for the life of the process: in
    a chat server, every phone number and PESEL it ever saw. Tokens here are
    plain strings; nothing outlives the call. Tokens are kept as strings, not
    a spaCy ``Doc``: Presidio's context code only iterates them.

    >>> artifacts = LightNlpEngine().process_text("Mój nr tel. to 601-234-567", "pl")
    >>> artifacts.lemmas, artifacts.keywords
    (['mój', 'numer', 'telefon', '.', 'to', '601-234-567'], ['numer', 'telefon', '601-234-567'])
    """

    _TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
    ABBREVIATIONS: ClassVar[dict[str, str]] = {
        "tel": "telefon", "kom": "komórka", "nr": "numer", "ur": "urodzony", "ul": "ulica",
        "al": "aleja", "os": "osiedle", "zam": "zamówienie",
    }

    def __init__(self, languages: Sequence[str] = (LANGUAGE,),
                 stopwords: Iterable[str] = POLISH_STOPWORDS) -> None:
        self.languages = list(languages)
        self.stopwords = frozenset(w.lower() for w in stopwords)
        self._loaded = False

    def load(self) -> None:
        self._loaded = True

    def is_loaded(self) -> bool:
        return self._loaded

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        return self.process_windows(text, [(0, len(text))], before=0, after=0, language=language)

    def process_windows(self, text: str, spans: Iterable[tuple[int, int]], before: int = 60,
                        after: int = 30, language: str = LANGUAGE) -> NlpArtifacts:
        """Artifacts for the words around ``spans`` only (``before``/``after`` characters, whole words).

        Context needs a few words around each candidate, not the whole
        message: this keeps the cost per candidate, not per message. Between
        two windows stands one keyword that matches nothing ("\\x00"), so
        the words of one window never count as neighbours of another's.

        >>> text = "Zamówienie 123. " + "Bla " * 100 + "Mój PESEL: 02070803628"
        >>> start = text.index("0207")
        >>> LightNlpEngine().process_windows(text, [(start, start + 11)], before=11, after=5).lemmas
        ['mój', 'pesel', ':', '02070803628']
        """
        windows: list[list[int]] = []
        for start, end in sorted(spans):
            start, end = max(0, start - before), min(len(text), end + after)
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            while end < len(text) and not text[end].isspace():
                end += 1
            if windows and start <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], end)
            else:
                windows.append([start, end])
        tokens: list[str] = []
        starts: list[int] = []
        abbreviations = self.ABBREVIATIONS
        for start, end in windows:
            if tokens:
                tokens.append("")
                starts.append(start)
            matches = list(self._TOKEN.finditer(text, start, end))
            tokens += [m.group() for m in matches]
            starts += [m.start() for m in matches]
        lemmas = [abbreviations.get(lower, lower) for lower in (t.lower() for t in tokens)]
        for i, token in enumerate(tokens):
            if not token:
                lemmas[i] = BARRIER
        # Keywords (non-stop-word, non-punctuation lemmas) are Presidio's to compute, from our
        # is_stopword and is_punct.
        return _LightArtifacts(entities=[], tokens=tokens, tokens_indices=starts,  # type: ignore[arg-type]
                               lemmas=lemmas, nlp_engine=self, language=language)

    def process_batch(self, texts: Iterable[str], language: str, batch_size: int = 1,
                      n_process: int = 1, **kwargs: Any) -> Iterator[tuple[str, NlpArtifacts]]:
        for text in texts:
            yield text, self.process_text(text, language)

    def is_stopword(self, word: str, language: str) -> bool:
        return word.lower() in self.stopwords

    def is_punct(self, word: str, language: str) -> bool:
        return len(word) == 1 and not word.isalnum()

    def get_supported_entities(self) -> list[str]:
        return []

    def get_supported_languages(self) -> list[str]:
        return list(self.languages)


class ContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's lemma context rule, without its per-call deep copy of every result.

    As in :class:`LemmaContextAwareEnhancer`: when a context word of the
    result's recognizer is a substring of one of the ``context_prefix_count``
    keywords (non-stop-word lemmas) before the match or the
    ``context_suffix_count`` after it, the score rises by
    ``context_similarity_factor`` to at least
    ``min_score_with_context_similarity``. Differences: results are updated
    in place (they are fresh from the recognizers), results already at 1.0
    are skipped, and the words after are counted from the end of the match,
    not from its first token (so "601 234 567" does not use up the window
    with its own groups). Context words are matched by our own
    :func:`_supportive_word` (Presidio's default "substring" mode), so the
    rule does not change with the Presidio release: 2.2.355 has no
    ``context_matching_mode`` and compares case-sensitively.
    """

    def enhance_using_context(self, text: str, raw_results: list[RecognizerResult],
                              nlp_artifacts: NlpArtifacts, recognizers: list[EntityRecognizer],
                              context: list[str] | None = None) -> list[RecognizerResult]:
        by_id = {recognizer.id: recognizer for recognizer in recognizers}
        extra = [word.lower() for word in context or ()]
        if nlp_artifacts is None:
            return raw_results
        keywords = set(nlp_artifacts.keywords)
        lemmas, starts = nlp_artifacts.lemmas, nlp_artifacts.tokens_indices
        for result in raw_results:
            metadata = result.recognition_metadata or {}
            recognizer = by_id.get(metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY, ""))
            if (recognizer is None or not recognizer.context or result.score >= self.MAX_SCORE
                    or metadata.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY)):
                continue
            words = _window(lemmas, starts, keywords, result.start, result.end,
                            self.context_prefix_count, self.context_suffix_count) + extra
            supportive = _supportive_word(words, recognizer.context)
            if supportive:
                result.score = min(max(result.score + self.context_similarity_factor,
                                       self.min_score_with_context_similarity), self.MAX_SCORE)
                if result.analysis_explanation is not None:
                    result.analysis_explanation.set_supportive_context_word(supportive)
                    result.analysis_explanation.set_improved_score(result.score)
        return raw_results


def _window(lemmas: list[str], starts: list[int], keywords: set[str], start: int, end: int,
            before: int, after: int) -> list[str]:
    """Up to ``before`` keyword lemmas before ``start`` and ``after`` from ``end`` on, nearest first."""
    words: list[str] = []
    i = bisect_left(starts, start) - 1
    while i >= 0 and len(words) < before:
        if lemmas[i] in keywords:
            words.append(lemmas[i])
        i -= 1
    j = bisect_left(starts, end)
    found = 0
    while j < len(lemmas) and found < after:
        if lemmas[j] in keywords:
            words.append(lemmas[j])
            found += 1
        j += 1
    return words


def _supportive_word(words: list[str], context: list[str]) -> str:
    """The first of a recognizer's ``context`` words inside one of ``words``, or "" (Presidio's rule).

    >>> _supportive_word(["numer", "peselu"], ["PESEL", "numer"])
    'PESEL'
    """
    for candidate in context:
        lower = candidate.lower()
        if any(lower in word for word in words):
            return candidate
    return ""


def context_enhancer() -> ContextEnhancer:
    # Presidio's defaults (+0.35, at least 0.4 with context, 5 words before),
    # plus 3 words after: "601234567 - proszę dzwonić po 17".
    return ContextEnhancer(context_similarity_factor=0.35, min_score_with_context_similarity=0.4,
                           context_prefix_count=5, context_suffix_count=3)
