"""E-mail addresses."""

from __future__ import annotations

import pytest

from pomocbot.config import PrivacyConfig
from pomocbot.guardrails.analyzer import PolishPIIDetector

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def detector() -> PolishPIIDetector:
    return PolishPIIDetector(PrivacyConfig(entities=("EMAIL",)))


def found(detector: PolishPIIDetector, text: str) -> list[str]:
    return [text[e.start:e.end] for e in detector.detect(text) if e.entity_type == "EMAIL"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mój e-mail: jan.kowalski@wp.pl.", ["jan.kowalski@wp.pl"]),
        ("piszcie na anna_nowak+sklep@gmail.com", ["anna_nowak+sklep@gmail.com"]),
        ("adres mailowy: ZOFIA.Mazur1985@poczta.onet.pl, dziękuję", ["ZOFIA.Mazur1985@poczta.onet.pl"]),
        ("kontakt@firma.com.pl", ["kontakt@firma.com.pl"]),
        ("łukasz.żółć@o2.pl", ["łukasz.żółć@o2.pl"]),
        ("(ewa@interia.pl)", ["ewa@interia.pl"]),
        # not addresses
        ("napisz @ nas", []),
        ("jan@localhost", []),
        ("jan.kowalski@wp", []),
        ("cena 10@20 zł", []),
        (".jan@@wp.pl", []),
    ],
)
def test_email_in_sentences(detector: PolishPIIDetector, text: str, expected: list[str]) -> None:
    assert found(detector, text) == expected
