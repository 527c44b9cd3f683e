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

Why ``detect`` does not call ``AnalyzerEngine.analyze``: Presidio's bookkeeping
costs more than our regular expressions, and going through it made ``detect``
about 1.5 times slower. ``detect`` runs the same recognizer objects by the same
rules in :class:`~pomocbot.guardrails.fast_path.FastAnalyzer`, the one place
that re-implements Presidio; :meth:`PolishPIIDetector.detect_via_analyzer` is the
same pass through ``AnalyzerEngine.analyze`` (``PolishPIIDetector.analyzer``),
and ``tests/guardrails/test_presidio_compat.py`` checks that both agree and that
the installed Presidio has the API we rely on. Our own steps around it:
recognizers are skipped when the message has no digit group long enough for
their type, a value labelled as another identifier or as an order is dropped
(:mod:`~pomocbot.guardrails.id_labels`), and overlaps are resolved
(:mod:`~pomocbot.guardrails.overlaps`).
"""

from __future__ import annotations

import re

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

from pomocbot.config import PrivacyConfig
from pomocbot.errors import ConfigError, InvalidQueryError
from pomocbot.guardrails.base import ENTITY_TYPES
from pomocbot.guardrails.fast_path import FastAnalyzer
from pomocbot.guardrails.id_labels import ID_LABELS, ORDER_CUES, labelled_otherwise
from pomocbot.guardrails.nlp import LANGUAGE, ContextEnhancer, LightNlpEngine, context_enhancer
from pomocbot.guardrails.overlaps import resolve_overlaps
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
        wanted = set(self.config.entities) if self.config.entities is not None else set(ENTITY_TYPES)
        self._wanted = frozenset(wanted)
        self.entities = sorted(wanted)
        self.recognizers: list[EntityRecognizer] = [
            r for r in self.registry.recognizers if wanted.intersection(r.supported_entities)
        ]
        self._fast = FastAnalyzer(self.recognizers, self.nlp_engine, self.analyzer.context_aware_enhancer)
        self._context: dict[str, list[str]] = {r.id: [w.lower() for w in r.context] for r in self.recognizers}
        self._min_digits: list[int] = [
            min((_MIN_DIGITS.get(entity, 0) for entity in r.supported_entities), default=0)
            for r in self.recognizers
        ]

    def detect(self, text: str) -> list[PIIEntity]:
        """Personal data in ``text``: types, exact character offsets, scores; sorted, no overlaps."""
        text = _prepare(text)
        if not self.recognizers or not text.strip():
            return []
        digits = _longest_digit_group(text)
        recognizers = [r for r, least in zip(self.recognizers, self._min_digits, strict=True)
                       if digits >= least]
        raw, artifacts = self._fast.analyze(text, recognizers, self.entities, self._needs_words)
        return self._finish(raw, text, artifacts)

    def detect_via_analyzer(self, text: str) -> list[PIIEntity]:
        """What :meth:`detect` returns, through Presidio's public ``AnalyzerEngine.analyze``.

        The reference ``detect`` is tested against; slower (NLP artifacts for
        the whole text, Presidio's bookkeeping per pattern and match). One
        known difference: ``detect`` reads context only within 60 characters
        before and 30 after a value, so a context word further away (still
        among the 5 keywords before or 3 after) raises the score here only.

        >>> detector = PolishPIIDetector()
        >>> text = "Mój PESEL to 02070803628, zamówienie nr 123456789."
        >>> detector.detect_via_analyzer(text) == detector.detect(text)
        True
        """
        text = _prepare(text)
        if not self.recognizers or not text.strip():
            return []
        digits = _longest_digit_group(text)
        entities = sorted({e for r, least in zip(self.recognizers, self._min_digits, strict=True)
                           if digits >= least for e in r.supported_entities} & self._wanted)
        if not entities:
            return []
        artifacts = self.nlp_engine.process_text(text, LANGUAGE)
        raw = self.analyzer.analyze(text, LANGUAGE, entities=entities, nlp_artifacts=artifacts,
                                    score_threshold=self.config.min_score)
        return self._finish(raw, text, artifacts)

    def _finish(self, raw: list[RecognizerResult], text: str,
                artifacts: NlpArtifacts | None) -> list[PIIEntity]:
        """Scores above ``min_score``, wanted types, not labelled otherwise; overlaps resolved."""
        min_score = self.config.min_score
        kept = [r for r in raw
                if r.score >= min_score and r.score > 0 and r.entity_type in self._wanted
                and not (artifacts is not None and labelled_otherwise(
                    r, text, artifacts, self._context.get(r.recognition_metadata[_ID], []),
                    self.nlp_engine.stopwords))]
        return [
            PIIEntity(entity_type=r.entity_type, start=r.start, end=r.end, score=round(min(r.score, 1.0), 4),
                      recognizer=r.recognition_metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, ""))
            for r in resolve_overlaps(kept, text)
        ]

    @staticmethod
    def _needs_words(result: RecognizerResult, recognizer: EntityRecognizer) -> bool:
        """Whether the words around ``result`` can change it: context, a label, a custom hook."""
        if result.score < 1.0 and recognizer.context:
            return True
        if type(recognizer).enhance_using_context is not EntityRecognizer.enhance_using_context:
            return True
        return result.entity_type in ID_LABELS


_ID = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY


def _prepare(text: str) -> str:
    """``text`` with the characters copy-paste brings normalised; same length, so offsets hold.

    >>> _prepare("601\u00a0234\u2013567")
    '601 234-567'
    """
    if not isinstance(text, str):
        raise InvalidQueryError(f"detect() takes a str, not {type(text).__name__}")
    # Copy-pasted numbers carry non-breaking and thin spaces ("601\u00a0234\u00a0567"); one space each.
    text = text.translate(_UNICODE_SPACES)
    # Word processors turn "601-234-567" into "601–234–567": a dash between digits is a hyphen.
    return _DASH_IN_NUMBER.sub("-", text)


def _longest_digit_group(text: str) -> int:
    """Digits in the longest group of ``text`` (see ``_MIN_DIGITS``).

    >>> _longest_digit_group("tel. (22) 123-45-67, 1 299,00 zł")
    9
    """
    return max((sum(c.isdigit() for c in m.group()) for m in _DIGIT_GROUP.finditer(text)), default=0)
