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

import re
from bisect import bisect_left, bisect_right
from typing import Any

import regex
from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

from pomocbot.config import PrivacyConfig
from pomocbot.errors import ConfigError, InvalidQueryError
from pomocbot.guardrails.base import ENTITY_TYPES
from pomocbot.guardrails.nlp import BARRIER as _BARRIER
from pomocbot.guardrails.nlp import LANGUAGE, ContextEnhancer, LightNlpEngine, context_enhancer
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
from pomocbot.guardrails.recognizers.pl_person_model import PlPersonModelRecognizer
from pomocbot.guardrails.recognizers.pl_pesel import PeselRecognizer
from pomocbot.guardrails.recognizers.pl_phone import PlPhoneRecognizer
from pomocbot.guardrails.recognizers.pl_place import PlPlaceRecognizer
from pomocbot.guardrails.recognizers.pl_postal_code import PlPostalCodeRecognizer
from pomocbot.guardrails.recognizers.pl_regon import PlRegonRecognizer
from pomocbot.types import PIIEntity

__all__ = [
    "ORDER_CUES",
    "ContextEnhancer",
    "LightNlpEngine",
    "PolishPIIDetector",
    "build_analyzer",
    "build_registry",
]


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
_SENTENCE_END = frozenset({".", "?", "!", ";", _BARRIER})

# The fewest digits each type's values hold in one group (digits joined by
# single spaces, dashes or an area code's ")"): "+48 601 234 567" holds 11,
# "3 czerwca 1985" 4; an account or card pasted over two lines is one group, and a
# foreign IBAN holds as few as 10 in a row ("NL91 ABNA 0417 1643 00"). Recognizers of
# a type are skipped when the message has no group that long; most messages have only short numbers ("2 dni",
# "1 299,00 zł"), so most recognizers never scan them.
_MIN_DIGITS: dict[str, int] = {
    "PESEL": 11, "NIP": 10, "REGON": 9, "NUMER_KONTA": 10, "KARTA": 13, "TELEFON": 9, "DOWOD": 6,
    "PASZPORT": 7, "KOD_POCZTOWY": 5, "DATA_URODZENIA": 4,
}
_DIGIT_GROUP = re.compile(r"\d(?:(?:[ ./-]| ?\n ?|\) ?)?\d)*")


_DASH_IN_NUMBER = re.compile("(?<=\\d)[\u2010-\u2015\u2212](?=\\d)")
_UNICODE_SPACES = {ord(c): " " for c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                   "\u2009\u200a\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufeff\t"}


def build_registry(person: str = "model") -> RecognizerRegistry:
    """pomocbot's Polish recognizers, one of each, registered explicitly; none of Presidio's.

    ``person`` picks the person-name recognizer: ``"model"`` (the learned tagger,
    :class:`~pomocbot.guardrails.recognizers.pl_person_model.PlPersonModelRecognizer`)
    or ``"rules"`` (:class:`~pomocbot.guardrails.recognizers.pl_person.PlPersonRecognizer`).

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
        PlPersonModelRecognizer() if person == "model" else PlPersonRecognizer(),
        PlPlaceRecognizer(),
        PlOrganizationRecognizer(),
    ):
        registry.add_recognizer(recognizer)
    return registry


def build_analyzer(registry: RecognizerRegistry | None = None,
                   nlp_engine: NlpEngine | None = None) -> AnalyzerEngine:
    """A Presidio :class:`AnalyzerEngine` for Polish that loads and downloads no model.

    >>> engine = build_analyzer()
    >>> [r.entity_type for r in engine.analyze("PESEL 02070803628", language="pl")]
    ['PESEL']
    """
    nlp_engine = nlp_engine or LightNlpEngine()
    return AnalyzerEngine(registry=registry or build_registry(), nlp_engine=nlp_engine,
                          supported_languages=[LANGUAGE], context_aware_enhancer=context_enhancer())


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
        self.registry = build_registry(self.config.person_recognizer)
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
        # Copy-pasted numbers carry non-breaking and thin spaces ("601\u00a0234\u00a0567"); one space each
        # (same length, so every offset still points into the original text).
        text = text.translate(_UNICODE_SPACES)
        # Word processors turn "601-234-567" into "601–234–567": a dash between digits is a hyphen.
        text = _DASH_IN_NUMBER.sub("-", text)
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
        # Digits run together or split by dots or slashes ("123/456/789") read as an order or parcel code.
        bare = value.replace(".", "").replace("/", "")
        code_like = kind in _ORDER_LIKE and len(value) <= 12 and (
            bare.isdigit() or (kind in ("DOWOD", "PASZPORT") and value.isalnum()))
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
    # Containment first: the container wins; equal spans keep the higher score. Sorted by start, a
    # result lies inside an earlier one exactly when it ends before the furthest end so far.
    by_span = sorted(results, key=lambda r: (r.start, -(r.end - r.start), -r.score))
    outer: list[RecognizerResult] = []
    furthest = -1
    for result in by_span:
        if result.end <= furthest:
            continue
        outer.append(result)
        furthest = result.end
    if len(outer) < 2:
        return outer
    # Partial overlaps: the higher score (then longer) keeps its span, the other is trimmed. Accepted
    # spans never overlap, so sorted by start their ends are sorted too and the few that can touch a
    # result are found by bisection (linear in the results, not quadratic, on long inputs).
    accepted: list[RecognizerResult] = []
    ends: list[int] = []
    for result in sorted(outer, key=lambda r: (-r.score, -(r.end - r.start), r.start)):
        first = bisect_right(ends, result.start)
        last = first
        while last < len(accepted) and accepted[last].start < result.end:
            last += 1
        start, end = _longest_uncovered(result.start, result.end, accepted[first:last])
        if (start, end) != (result.start, result.end):
            while start < end and not text[start].isalnum():
                start += 1
            while end > start and not text[end - 1].isalnum():
                end -= 1
            if end - start < 2:
                continue
            result = RecognizerResult(result.entity_type, start, end, result.score,
                                      result.analysis_explanation, result.recognition_metadata)
        at = bisect_right(ends, result.start)
        accepted.insert(at, result)
        ends.insert(at, result.end)
    return accepted


def _longest_uncovered(start: int, end: int, spans: list[RecognizerResult]) -> tuple[int, int]:
    """The longest part of ``[start, end)`` that none of ``spans`` covers ((0, 0) when none)."""
    pieces = [(start, end)]
    for span in spans:
        pieces = [piece for a, b in pieces
                  for piece in ((a, min(b, span.start)), (max(a, span.end), b)) if piece[0] < piece[1]]
    return max(pieces, key=lambda p: p[1] - p[0], default=(0, 0))
