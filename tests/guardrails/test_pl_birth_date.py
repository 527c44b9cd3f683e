"""Dates of birth: only in context, in numeric and written formats, real dates only."""

from __future__ import annotations

import pytest

from pomocbot.config import PrivacyConfig
from pomocbot.guardrails.analyzer import PolishPIIDetector

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def detector() -> PolishPIIDetector:
    return PolishPIIDetector(PrivacyConfig(entities=("DATA_URODZENIA",)))


def found(detector: PolishPIIDetector, text: str) -> list[str]:
    return [text[e.start:e.end] for e in detector.detect(text) if e.entity_type == "DATA_URODZENIA"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # formats
        ("Data urodzenia: 3.06.1985", ["3.06.1985"]),
        ("data urodzenia 03-06-1985", ["03-06-1985"]),
        ("data urodzenia: 1985-06-03", ["1985-06-03"]),
        ("data urodzenia 03/06/1985", ["03/06/1985"]),
        ("Urodziłam się 3 czerwca 1985 r. w Gdańsku", ["3 czerwca 1985 r."]),
        ("urodzony 3 VI 1985", ["3 VI 1985"]),
        ("ur. 12 marca 1990", ["12 marca 1990"]),
        ("ur 12.03.1990r.", ["12.03.1990r."]),
        # inflected context
        ("Urodziłem się 29.02.2000", ["29.02.2000"]),
        ("moja data urodzin to 1.01.1970", ["1.01.1970"]),
        ("jestem urodzona 15 lutego 1992", ["15 lutego 1992"]),
        # dates without a birth word are order and delivery dates
        ("Zamówiłem 03.06.2024", []),
        ("dostawa do 12 lipca 2024", []),
        ("3.06.1985", []),
        # impossible dates, the future, before 1900
        ("data urodzenia: 31.02.1985", []),
        ("data urodzenia: 29.02.1999", []),
        ("data urodzenia: 1.13.1985", []),
        ("data urodzenia: 1.01.2999", []),
        ("data urodzenia: 1.01.1850", []),
        # not dates
        ("data urodzenia: 3.06.85", []),
        ("urodzony 12.03.1990.5", []),
    ],
)
def test_birth_date_in_sentences(detector: PolishPIIDetector, text: str, expected: list[str]) -> None:
    assert found(detector, text) == expected
