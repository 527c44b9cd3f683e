"""Presidio, our Polish recognizers and an NLP engine that loads no model.

:func:`build_registry` registers pomocbot's recognizers (and nothing of
Presidio's predefined pack); :class:`LightNlpEngine` tokenises with one
regular expression and gives lower-cased tokens as lemmas, so Presidio's
context enhancement works without a spaCy model; :class:`PolishPIIDetector`
is the :class:`~pomocbot.guardrails.base.PIIDetector` built on them.

>>> detector = PolishPIIDetector()
>>> text = "Mój PESEL to 02070803628, tel. 601234567, zamówienie nr 123456789."
>>> [(e.entity_type, text[e.start:e.end]) for e in detector.detect(text)]
[('PESEL', '02070803628'), ('TELEFON', '601234567')]

Why ``detect`` does not call ``AnalyzerEngine.analyze``: on a 100-word
message Presidio's bookkeeping (a clock, a debug log and an explanation
object per pattern and match, a deep copy of every result before context
enhancement, duplicate removal over all results) costs more than the regular
expressions. ``detect`` applies the same rules to the same recognizer
objects: each ``PatternRecognizer``'s patterns with its ``validate_result``
and ``invalidate_result``, other recognizers' ``analyze``, the
``enhance_using_context`` hook, then :class:`ContextEnhancer` (Presidio's
lemma context rule) on artifacts of :class:`LightNlpEngine`, made only for
the words around candidates. Two steps are its own: recognizers are skipped
when the message has no digit group long enough for their type, and a value
labelled as another identifier or as an order is dropped.
``PolishPIIDetector.analyzer`` is the full :class:`AnalyzerEngine` over the
same registry, for callers who want Presidio's API;
``tests/guardrails/test_analyzer.py`` checks that both agree and
``benchmarks/pii.py`` times both.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, ClassVar

import regex
from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

from pomocbot.config import PrivacyConfig
from pomocbot.errors import ConfigError, InvalidQueryError
from pomocbot.guardrails.base import ENTITY_TYPES
from pomocbot.guardrails.recognizers.pl_address import PlAddressRecognizer
from pomocbot.guardrails.recognizers.pl_birth_date import PlBirthDateRecognizer
from pomocbot.guardrails.recognizers.pl_card import PlPaymentCardRecognizer
from pomocbot.guardrails.recognizers.pl_email import PlEmailRecognizer
from pomocbot.guardrails.recognizers.pl_iban import PlIbanRecognizer
from pomocbot.guardrails.recognizers.pl_id_card import PlIdCardRecognizer
from pomocbot.guardrails.recognizers.pl_ip import PlIpRecognizer
from pomocbot.guardrails.recognizers.pl_nip import PlNipRecognizer
from pomocbot.guardrails.recognizers.pl_organization import PlOrganizationRecognizer
from pomocbot.guardrails.recognizers.pl_passport import PlPassportRecognizer
from pomocbot.guardrails.recognizers.pl_person import PlPersonRecognizer
from pomocbot.guardrails.recognizers.pl_pesel import PeselRecognizer
from pomocbot.guardrails.recognizers.pl_phone import PlPhoneRecognizer
from pomocbot.guardrails.recognizers.pl_place import PlPlaceRecognizer
from pomocbot.guardrails.recognizers.pl_postal_code import PlPostalCodeRecognizer
from pomocbot.guardrails.recognizers.pl_regon import PlRegonRecognizer
from pomocbot.text.stopwords import POLISH_STOPWORDS
from pomocbot.types import PIIEntity

__all__ = [
    "ORDER_CUES",
    "ContextEnhancer",
    "LightNlpEngine",
    "PolishPIIDetector",
    "build_analyzer",
    "build_registry",
]

LANGUAGE = "pl"

# Words that label a number as an order, parcel, offer or invoice number
# (substrings of lower-cased words: "zamówienia", "przesyłki", "paczce").
ORDER_CUES: tuple[str, ...] = (
    "zamówi", "zamowi", "przesył", "przesyl", "paczk", "paczce", "faktur", "transakc", "śledz", "sledz",
    "przewoz", "ofert", "aukcj", "reklamac", "zwrotu", "paragon", "tracking", "referenc", "sygnatur",
)
# A number labelled as another identifier or as an order is not this one. When
# the nearest label in the same sentence, among the 2 words before a value,
# names another identifier type ("NIP 74 713 54 07" is a mistyped NIP, not a
# landline) or, for a short unbroken code, an order or parcel ("nr zamówienia:
# 123456789", "paczka 02070803628"), the value is dropped; its own context word
# nearer keeps it ("zamówienie, mój PESEL ..."). Labels are the words that name
# a type, not its looser context ("konto" is in every other shop question).
_ID_LABELS: dict[str, tuple[str, ...]] = {
    "PESEL": ("pesel",), "NIP": ("nip",), "REGON": ("regon",), "DOWOD": ("dowod", "dowód", "osobist"),
    "PASZPORT": ("paszport",), "NUMER_KONTA": ("iban", "nrb"), "KARTA": ("kart",),
    "TELEFON": ("telefon", "komórk", "komork", "dzwon", "zadzwo"),
}
# Types whose short unbroken codes ("123456789", "02070803628", "ABC123456") order
# and parcel numbers look like; grouped or prefixed forms ("+48 601 234 567",
# "PL5260250274"), 13+ digits and card numbers are not dropped for an order cue.
_ORDER_LIKE = frozenset({"PESEL", "NIP", "REGON", "DOWOD", "PASZPORT", "TELEFON"})
_LABEL_WINDOW = 2
# Stands between two windows of tokenised text (see LightNlpEngine.process_windows).
_BARRIER = "\x00"
_SENTENCE_END = frozenset({".", "?", "!", ";", _BARRIER})

# The fewest digits each type's values hold in one group (digits joined by
# single spaces, dashes or an area code's ")"): "+48 601 234 567" holds 11,
# "3 czerwca 1985" 4. Recognizers of a type are skipped when the message has
# no group that long; most messages have only short numbers ("2 dni",
# "1 299,00 zł"), so most recognizers never scan them.
_MIN_DIGITS: dict[str, int] = {
    "PESEL": 11, "NIP": 10, "REGON": 9, "NUMER_KONTA": 26, "KARTA": 13, "TELEFON": 9, "DOWOD": 6,
    "PASZPORT": 7, "KOD_POCZTOWY": 5, "DATA_URODZENIA": 4,
}
_DIGIT_GROUP = re.compile(r"\d(?:(?:[ -]|\) ?)?\d)*")


def build_registry() -> RecognizerRegistry:
    """pomocbot's Polish recognizers, one of each, registered explicitly; none of Presidio's.

    >>> sorted(build_registry().get_supported_entities(["pl"])) == sorted(ENTITY_TYPES)
    True
    """
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    for recognizer in (
        PeselRecognizer(),
        PlNipRecognizer(),
        PlRegonRecognizer(),
        PlIdCardRecognizer(),
        PlPassportRecognizer(),
        PlIbanRecognizer(),
        PlPaymentCardRecognizer(),
        PlPhoneRecognizer(),
        PlEmailRecognizer(),
        PlPostalCodeRecognizer(),
        PlAddressRecognizer(),
        PlIpRecognizer(),
        PlBirthDateRecognizer(),
        PlPersonRecognizer(),
        PlPlaceRecognizer(),
        PlOrganizationRecognizer(),
    ):
        registry.add_recognizer(recognizer)
    return registry


class _LightArtifacts(NlpArtifacts):
    """:class:`NlpArtifacts` filled in one pass: tokens are plain strings, keywords computed alongside."""

    def __init__(self, tokens: list[str], starts: list[int], lemmas: list[str], keywords: list[str],
                 nlp_engine: NlpEngine) -> None:
        # NlpArtifacts.__init__ is not called: it would recompute the keywords word by word.
        self.entities = []
        self.tokens = tokens  # type: ignore[assignment]
        self.tokens_indices = starts
        self.lemmas = lemmas
        self.keywords = keywords
        self.nlp_engine = nlp_engine
        self.scores = []

    def to_json(self) -> str:
        return json.dumps({"tokens": self.tokens, "tokens_indices": self.tokens_indices,
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
        return self.process_windows(text, [(0, len(text))], before=0, after=0)

    def process_windows(self, text: str, spans: Iterable[tuple[int, int]], before: int = 60,
                        after: int = 30) -> NlpArtifacts:
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
        abbreviations, stopwords = self.ABBREVIATIONS, self.stopwords
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
                lemmas[i] = _BARRIER
        keywords = [lemma for lemma in lemmas
                    if lemma not in stopwords and (len(lemma) > 1 or lemma.isalnum())]
        return _LightArtifacts(tokens, starts, lemmas, keywords, self)

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
    with its own groups).
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
            supportive = self._find_supportive_word_in_context(words, recognizer.context,
                                                               self.context_matching_mode)
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


def _context_enhancer() -> ContextEnhancer:
    # Presidio's defaults (+0.35, at least 0.4 with context, 5 words before),
    # plus 3 words after: "601234567 - proszę dzwonić po 17".
    return ContextEnhancer(context_similarity_factor=0.35, min_score_with_context_similarity=0.4,
                           context_prefix_count=5, context_suffix_count=3)


def build_analyzer(registry: RecognizerRegistry | None = None,
                   nlp_engine: NlpEngine | None = None) -> AnalyzerEngine:
    """A Presidio :class:`AnalyzerEngine` for Polish that loads and downloads no model.

    >>> engine = build_analyzer()
    >>> [r.entity_type for r in engine.analyze("PESEL 02070803628", language="pl")]
    ['PESEL']
    """
    nlp_engine = nlp_engine or LightNlpEngine()
    return AnalyzerEngine(registry=registry or build_registry(), nlp_engine=nlp_engine,
                          supported_languages=[LANGUAGE], context_aware_enhancer=_context_enhancer())


class PolishPIIDetector:
    """Finds Polish personal data: IDs with checksums, contacts, addresses, dates of birth, names.

    ``config.entities`` limits the types (None: all of
    :data:`~pomocbot.guardrails.base.ENTITY_TYPES`); detections scoring below
    ``config.min_score`` are dropped. The result is sorted by start and has
    no overlaps: a span that contains another wins over it ("Kraków, ul.
    Długa 5" over the place "Kraków"); of two partly overlapping spans the
    higher score (then the longer) wins and the other keeps only the part
    outside it, so no character found to be personal is left out.

    A value labelled, within 2 words before it in its sentence, as another
    identifier ("NIP 74 713 54 07" is not a landline) or, for a short
    unbroken code, as an order or parcel ("nr zamówienia: 123456789",
    "paczka 02070803628") is dropped, unless the type's own context word is
    nearer ("zamówienie, mój PESEL ...").

    Weak forms need context by design: 9 bare digits (phone), 10 (NIP) or 9
    (REGON), postal codes without a city, dates of birth. Checksum-validated
    distinctive forms score 1.0 without context.

    Built once (under a millisecond once Presidio is imported); ``detect``
    keeps no state between calls and is thread-safe.

    >>> detector = PolishPIIDetector(PrivacyConfig(entities=("EMAIL",)))
    >>> [(e.entity_type, e.start, e.end, e.score) for e in detector.detect("Pisz: ala@wp.pl")]
    [('EMAIL', 6, 15, 1.0)]
    """

    def __init__(self, config: PrivacyConfig | None = None) -> None:
        self.config = config or PrivacyConfig()
        unknown = sorted(set(self.config.entities or ()) - set(ENTITY_TYPES))
        if unknown:
            raise ConfigError(f"privacy.entities has unknown entity types {unknown}; "
                              f"allowed: {', '.join(ENTITY_TYPES)}")
        self.nlp_engine = LightNlpEngine()
        self.registry = build_registry()
        self.analyzer = build_analyzer(self.registry, self.nlp_engine)
        self._enhancer = self.analyzer.context_aware_enhancer
        wanted = set(self.config.entities) if self.config.entities is not None else set(ENTITY_TYPES)
        self._wanted = frozenset(wanted)
        self.entities = sorted(wanted)
        self.recognizers: list[EntityRecognizer] = [
            r for r in self.registry.recognizers if wanted.intersection(r.supported_entities)
        ]
        self._context: dict[str, list[str]] = {r.id: [w.lower() for w in r.context] for r in self.recognizers}
        self._min_digits: list[int] = [
            min((_MIN_DIGITS.get(entity, 0) for entity in r.supported_entities), default=0)
            for r in self.recognizers
        ]

    def detect(self, text: str) -> list[PIIEntity]:
        """Personal data in ``text``: types, exact character offsets, scores; sorted, no overlaps."""
        if not isinstance(text, str):
            raise InvalidQueryError(f"detect() takes a str, not {type(text).__name__}")
        if not self.recognizers or not text.strip():
            return []
        # Recognizers get no NLP artifacts: ours need none, and most messages
        # have no candidate at all. Only the words around candidates are
        # tokenised, and only when a candidate's score depends on them.
        raw: list[RecognizerResult] = []
        by_id: dict[str, EntityRecognizer] = {}
        digits = _longest_digit_group(text)
        for recognizer, min_digits in zip(self.recognizers, self._min_digits, strict=False):
            if digits < min_digits:
                continue
            if type(recognizer).analyze is PatternRecognizer.analyze:
                found = _analyze_patterns(recognizer, text)  # type: ignore[arg-type]
            else:
                found = recognizer.analyze(text, self.entities, None)  # type: ignore[arg-type]
            if not found:
                continue
            by_id[recognizer.id] = recognizer
            for result in found:
                if result.recognition_metadata is None:
                    result.recognition_metadata = {}
                metadata = result.recognition_metadata
                metadata.setdefault(RecognizerResult.RECOGNIZER_NAME_KEY, recognizer.name)  # type: ignore[has-type]
                metadata.setdefault(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY, recognizer.id)
            raw.extend(found)
        if not raw:
            return []
        artifacts = None
        needy = [(r.start, r.end) for r in raw if self._needs_words(r, text, by_id)]
        if needy:
            artifacts = self.nlp_engine.process_windows(text, needy)
            results: list[RecognizerResult] = []
            for recognizer in by_id.values():
                own = [r for r in raw if r.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY]
                       == recognizer.id]
                others = [r for r in raw if r.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY]
                          != recognizer.id]
                results.extend(recognizer.enhance_using_context(text, own, others, artifacts, None))
            raw = self._enhancer.enhance_using_context(text, results, artifacts, list(by_id.values()))
        min_score = self.config.min_score
        kept = [r for r in raw
                if r.score >= min_score and r.score > 0 and r.entity_type in self._wanted
                and not (artifacts is not None and self._labelled_otherwise(r, text, artifacts))]
        return [
            PIIEntity(entity_type=r.entity_type, start=r.start, end=r.end, score=round(min(r.score, 1.0), 4),
                      recognizer=r.recognition_metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, ""))
            for r in _resolve_overlaps(kept, text)
        ]

    def _needs_words(self, result: RecognizerResult, text: str, by_id: dict[str, EntityRecognizer]) -> bool:
        """Whether the words around ``result`` can change it: context, a label, a custom hook."""
        recognizer = by_id[result.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY]]
        if result.score < 1.0 and recognizer.context:
            return True
        if type(recognizer).enhance_using_context is not EntityRecognizer.enhance_using_context:
            return True
        return result.entity_type in _ID_LABELS

    def _labelled_otherwise(self, result: RecognizerResult, text: str, artifacts: NlpArtifacts) -> bool:
        """True when the nearest label before the value names another identifier or an order.

        Looks at up to 2 words before the value in its sentence (see ``_ID_LABELS``).
        """
        kind = result.entity_type
        if kind not in _ID_LABELS:
            return False
        value = text[result.start:result.end]
        code_like = kind in _ORDER_LIKE and len(value) <= 12 and (
            value.isdigit() or (kind in ("DOWOD", "PASZPORT") and value.isalnum()))
        own = self._context.get(result.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY], [])
        others = [word for other, words in _ID_LABELS.items() if other != kind for word in words]
        lemmas, tokens = artifacts.lemmas, artifacts.tokens
        i = bisect_left(artifacts.tokens_indices, result.start) - 1
        seen = 0
        while i >= 0 and seen < _LABEL_WINDOW:
            lemma = lemmas[i]
            if lemma in _SENTENCE_END and not (lemma == "." and i > 0 and _abbreviation(str(tokens[i - 1]))):
                return False
            i -= 1
            if lemma in self.nlp_engine.stopwords or not any(c.isalnum() for c in lemma):
                continue
            seen += 1
            if any(word in lemma for word in own):
                return False
            if code_like and any(cue in lemma for cue in ORDER_CUES):
                return True
            if any(word in lemma for word in others):
                return True
        return False



def _analyze_patterns(recognizer: PatternRecognizer, text: str) -> list[RecognizerResult]:
    """What ``PatternRecognizer.analyze`` returns, less its bookkeeping.

    The same rule: every match of every pattern scores the pattern's score;
    ``validate_result`` True makes it 1.0, False 0; ``invalidate_result``
    True makes it 0; zero scores are dropped, then contained duplicates.
    Left out: the per-pattern clock and debug log, the regex timeout (our
    patterns have bounded repetition) and the explanation object per match;
    together they cost more than the regular expressions on a 100-word
    message.
    """
    results: list[RecognizerResult] = []
    entity = recognizer.supported_entities[0]
    name: str = recognizer.name  # type: ignore[has-type]
    metadata = {RecognizerResult.RECOGNIZER_NAME_KEY: name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id}
    flags = recognizer.global_regex_flags
    patterns: list[Pattern] = recognizer.patterns  # type: ignore[has-type]
    for pattern in patterns:
        compiled: Any = pattern.compiled_regex
        if compiled is None or pattern.compiled_with_flags != flags:
            # cached on the pattern, as PatternRecognizer.analyze does
            compiled = regex.compile(pattern.regex, flags=flags)
            pattern.compiled_regex, pattern.compiled_with_flags = compiled, flags  # type: ignore[assignment]
        for match in compiled.finditer(text):
            start, end = match.span()
            if start == end:
                continue
            value = text[start:end]
            score = pattern.score
            valid = recognizer.validate_result(value)
            if valid is not None:
                score = EntityRecognizer.MAX_SCORE if valid else EntityRecognizer.MIN_SCORE
            if recognizer.invalidate_result(value):
                score = EntityRecognizer.MIN_SCORE
            if score > EntityRecognizer.MIN_SCORE:
                results.append(RecognizerResult(entity, start, end, score, None,  # type: ignore[arg-type]
                                                dict(metadata)))
    return EntityRecognizer.remove_duplicates(results) if len(results) > 1 else results


def _abbreviation(token: str) -> bool:
    """Whether a "." after ``token`` ends an abbreviation ("nr.", "tel.", "ul.") rather than a sentence."""
    return token.lower() in LightNlpEngine.ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _longest_digit_group(text: str) -> int:
    """Digits in the longest group of ``text`` (see ``_MIN_DIGITS``).

    >>> _longest_digit_group("tel. (22) 123-45-67, 1 299,00 zł")
    9
    """
    return max((sum(c.isdigit() for c in m.group()) for m in _DIGIT_GROUP.finditer(text)), default=0)


def _resolve_overlaps(results: list[RecognizerResult], text: str) -> list[RecognizerResult]:
    """Non-overlapping results sorted by start (see :class:`PolishPIIDetector` for the rules)."""
    # Containment first: the container wins; equal spans keep the higher score.
    by_span = sorted(results, key=lambda r: (r.start, -(r.end - r.start), -r.score))
    outer: list[RecognizerResult] = []
    for result in by_span:
        if any(o.start <= result.start and result.end <= o.end for o in outer):
            continue
        outer.append(result)
    if len(outer) < 2:
        return outer
    # Partial overlaps: the higher score (then longer) keeps its span, the other is trimmed.
    accepted: list[RecognizerResult] = []
    for result in sorted(outer, key=lambda r: (-r.score, -(r.end - r.start), r.start)):
        start, end = _longest_uncovered(result.start, result.end, accepted)
        if (start, end) != (result.start, result.end):
            while start < end and not text[start].isalnum():
                start += 1
            while end > start and not text[end - 1].isalnum():
                end -= 1
            if end - start < 2:
                continue
            result = RecognizerResult(result.entity_type, start, end, result.score,
                                      result.analysis_explanation, result.recognition_metadata)
        accepted.append(result)
    return sorted(accepted, key=lambda r: r.start)


def _longest_uncovered(start: int, end: int, spans: list[RecognizerResult]) -> tuple[int, int]:
    """The longest part of ``[start, end)`` that none of ``spans`` covers ((0, 0) when none)."""
    pieces = [(start, end)]
    for span in spans:
        pieces = [piece for a, b in pieces
                  for piece in ((a, min(b, span.start)), (max(a, span.end), b)) if piece[0] < piece[1]]
    return max(pieces, key=lambda p: p[1] - p[0], default=(0, 0))
