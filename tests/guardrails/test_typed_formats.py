"""Personal data in the forms people really type: copy-paste spaces, dots, slashes, date-part PESELs."""

from __future__ import annotations

import pytest

from pomocbot.config import PrivacyConfig
from pomocbot.guardrails.analyzer import PolishPIIDetector


@pytest.fixture(scope="module")
def detector() -> PolishPIIDetector:
    return PolishPIIDetector(PrivacyConfig(person_recognizer="rules"))


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("Mój numer to 601\u00a0234\u00a0567, proszę dzwonić.", "TELEFON", "601\u00a0234\u00a0567"),  # copy-paste
    ("Mój numer to 601\u202f234\u202f567.", "TELEFON", "601\u202f234\u202f567"),  # narrow no-break space
    ("Proszę o telefon: 601 23 45 67.", "TELEFON", "601 23 45 67"),
    ("Dzwońcie na 601.234.567 po 16.", "TELEFON", "601.234.567"),
    ("Telefon stacjonarny 22 555-12-34.", "TELEFON", "22 555-12-34"),
    ("Mój numer: 601/234/567.", "TELEFON", "601/234/567"),
    ("PESEL 02-07-08-03628, proszę sprawdzić.", "PESEL", "02-07-08-03628"),
    ("pesel: 0207 0803 628", "PESEL", "0207 0803 628"),
    ("PESEL 02.07.08.03628", "PESEL", "02.07.08.03628"),
    ("mój pesel02070803628 jest w umowie", "PESEL", "02070803628"),
    ("PESEL:02070803628", "PESEL", "02070803628"),
])
def test_typed_forms_are_found_with_exact_offsets(detector, text: str, kind: str, value: str) -> None:
    found = [(e.entity_type, text[e.start:e.end]) for e in detector.detect(text)]
    assert (kind, value) in found


@pytest.mark.parametrize("text", [
    "Zamówienie 123/456/789 nie doszło.",       # an order number with slashes
    "Zamówienie nr 601.234.567 czeka w paczkomacie.",
    "Faktura z dnia 12.03.2024 r.",
    "Kwota 1.234.567 zł brutto.",
    "Wersja aplikacji 2.10.3.",
    "PESEL 02.07.08.03627",                     # wrong check digit
])
def test_near_misses_are_left_alone(detector, text: str) -> None:
    assert [e.entity_type for e in detector.detect(text) if e.entity_type in ("TELEFON", "PESEL")] == []


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("Pisz: jan.kowalski at wp.pl", "EMAIL", "jan.kowalski at wp.pl"),
    ("mail jan.kowalski (at) wp.pl", "EMAIL", "jan.kowalski (at) wp.pl"),
    ("adres: jan [at] poczta [dot] onet [dot] pl", "EMAIL", "jan [at] poczta [dot] onet [dot] pl"),
    ("jan.kowalski małpa wp kropka pl", "EMAIL", "jan.kowalski małpa wp kropka pl"),
    ("Karta 4111.1111.1111.1111 została obciążona.", "KARTA", "4111.1111.1111.1111"),
])
def test_spelled_out_addresses_and_dotted_cards(detector, text: str, kind: str, value: str) -> None:
    assert (kind, value) in [(e.entity_type, text[e.start:e.end]) for e in detector.detect(text)]


@pytest.mark.parametrize("text", ["Spotkamy się at home.", "Jestem at work, napiszę później."])
def test_english_at_is_not_an_address(detector, text: str) -> None:
    assert [e for e in detector.detect(text) if e.entity_type == "EMAIL"] == []
