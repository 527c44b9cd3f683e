"""PESEL: every century, check digit, real dates, spaces and dashes, inflected context, order numbers."""

from __future__ import annotations

import pytest

from pomocbot.config import PrivacyConfig
from pomocbot.guardrails.analyzer import PolishPIIDetector
from pomocbot.guardrails.recognizers.pl_pesel import PeselRecognizer

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def detector() -> PolishPIIDetector:
    return PolishPIIDetector(PrivacyConfig(entities=("PESEL",)))


def found(detector: PolishPIIDetector, text: str) -> list[str]:
    return [text[e.start:e.end] for e in detector.detect(text) if e.entity_type == "PESEL"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # valid, no context needed
        ("Mój PESEL to 02070803628.", ["02070803628"]),
        ("02070803628", ["02070803628"]),
        ("Dane: 85060312344, proszę o kontakt", ["85060312344"]),
        # every century: 1800-1899 (+80), 2000 (+20), 2100 (+40), 2200 (+60)
        ("PESEL 00810112342", ["00810112342"]),
        ("PESEL 99923112347", ["99923112347"]),
        ("PESEL 00222912349", ["00222912349"]),
        ("PESEL 05411512342", ["05411512342"]),
        ("PESEL 99723112341", ["99723112341"]),
        # spaces and dashes
        ("PESEL: 020708 03628", ["020708 03628"]),
        ("PESEL: 020708-03628", ["020708-03628"]),
        ("(02070803628)", ["02070803628"]),
        # inflected context
        ("Nie pamiętam mojego PESEL-u, chyba 02070803628", ["02070803628"]),
        ("numeru PESEL 02070803628 nie chcę podawać", ["02070803628"]),
        ("z peselem 02070803628", ["02070803628"]),
        # the type's own word nearer than an order word
        ("W zamówieniu podałem PESEL 02070803628", ["02070803628"]),
        # bad check digit
        ("Mój PESEL to 02070803629", []),
        ("PESEL 85060312345", []),
        # impossible dates with a right check digit: 31 June, 29 Feb 1900, month 13, day 0
        ("PESEL 85063112347", []),
        ("PESEL 00022912343", []),
        ("PESEL 85130112340", []),
        ("PESEL 85000112344", []),
        # wrong length, longer digit runs
        ("PESEL 0207080362", []),
        ("PESEL 020708036281", []),
        ("konto 12 02070803628", []),
        ("nr 02070803628-12", []),
        ("kwota 02070803628,50 zł", []),
        ("X02070803628", []),
        # labelled as an order, a parcel or an offer
        ("Numer zamówienia: 02070803628", []),
        ("paczka 02070803628 nie doszła", []),
        ("nr oferty 02070803628", []),
        # ... but an order word in another sentence does not count
        ("Mam pytanie o zamówienie. 02070803628", ["02070803628"]),
    ],
)
def test_pesel_in_sentences(detector: PolishPIIDetector, text: str, expected: list[str]) -> None:
    assert found(detector, text) == expected


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("02070803628", True),
        ("44051401458", True),
        ("02070803627", False),
        ("0207080362", False),
        ("00000000000", False),
        ("85063112347", False),
    ],
)
def test_validate_result(value: str, valid: bool) -> None:
    assert PeselRecognizer().validate_result(value) is valid


def test_offsets_and_score_are_exact(detector: PolishPIIDetector) -> None:
    (entity,) = detector.detect("Mój PESEL to 02070803628.")
    assert (entity.start, entity.end, entity.score, entity.recognizer) == (13, 24, 1.0, "PeselRecognizer")


def test_presidio_predefined_recognizers_still_load() -> None:
    # Presidio finds predefined recognizers by class name: ours must not shadow PlPeselRecognizer.
    from presidio_analyzer import RecognizerRegistry
    from presidio_analyzer.nlp_engine import NoOpNlpEngine

    registry = RecognizerRegistry(supported_languages=["pl"])
    engine = NoOpNlpEngine([{"lang_code": "pl", "model_name": "none"}])
    registry.load_predefined_recognizers(languages=["pl"], nlp_engine=engine)
    names = {type(r).__module__ + "." + type(r).__name__ for r in registry.recognizers}
    assert any(name.startswith("presidio_analyzer.") and name.endswith("PlPeselRecognizer") for name in names)
