"""Postal codes NN-NNN with a city after them, or in context."""

from __future__ import annotations

import pytest

from pomocbot.config import PrivacyConfig
from pomocbot.guardrails.analyzer import PolishPIIDetector

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def detector() -> PolishPIIDetector:
    return PolishPIIDetector(PrivacyConfig(entities=("KOD_POCZTOWY",)))


def found(detector: PolishPIIDetector, text: str) -> list[str]:
    return [text[e.start:e.end] for e in detector.detect(text) if e.entity_type == "KOD_POCZTOWY"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # with the city: the span takes the city in (multi-word and hyphenated names)
        ("Wysyłka na 31-042 Kraków.", ["31-042 Kraków"]),
        ("00-950 Warszawa", ["00-950 Warszawa"]),
        ("65-001 Zielona Góra", ["65-001 Zielona Góra"]),
        ("43-300 Bielsko-Biała", ["43-300 Bielsko-Biała"]),
        ("05-100 Nowy Dwór Mazowiecki", ["05-100 Nowy Dwór Mazowiecki"]),
        # the city ends where city-like words end
        ("31-042 Kraków Allegro Smart", ["31-042 Kraków"]),
        # without a city: only in context, inflected
        ("kod pocztowy 31-042", ["31-042"]),
        ("mój adres to ul. Długa 5, 31-042", ["31-042"]),
        ("kodu pocztowego 31-042 nie pamiętam", ["31-042"]),
        # not postal codes
        ("od 10-100 sztuk", []),
        ("31-042", []),
        ("03-06-1985", []),
        ("12-345-678 Kraków", []),
        ("31-0420 Kraków", []),
    ],
)
def test_postal_code_in_sentences(detector: PolishPIIDetector, text: str, expected: list[str]) -> None:
    assert found(detector, text) == expected
