"""REGON: 9 digits (context needed) and 14 digits, both checksums."""

from __future__ import annotations

import pytest

from pomocbot.config import PrivacyConfig
from pomocbot.guardrails.analyzer import PolishPIIDetector
from pomocbot.guardrails.recognizers.pl_regon import PlRegonRecognizer

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def detector() -> PolishPIIDetector:
    return PolishPIIDetector(PrivacyConfig(entities=("REGON",)))


def found(detector: PolishPIIDetector, text: str) -> list[str]:
    return [text[e.start:e.end] for e in detector.detect(text) if e.entity_type == "REGON"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 9 digits with context, inflected
        ("REGON: 123456785", ["123456785"]),
        ("nasz numer REGON to 091390993", ["091390993"]),
        ("podaję REGON-u 603082468", ["603082468"]),
        # 14 digits: two checksums, no context needed
        ("Oddział firmy 12345678512347", ["12345678512347"]),
        ("REGON 99351819109374", ["99351819109374"]),
        # 9 bare digits are order numbers as often as not
        ("123456785", []),
        ("zamówienie nr 123456785", []),
        # bad check digits (also the 9-digit part of a 14-digit REGON)
        ("REGON: 123456786", []),
        ("REGON 12345678512348", []),
        ("REGON 12345678612347", []),
        # wrong length, longer runs
        ("REGON 12345678", []),
        ("REGON 1234567851", []),
        ("REGON 123-456-785", []),
    ],
)
def test_regon_in_sentences(detector: PolishPIIDetector, text: str, expected: list[str]) -> None:
    assert found(detector, text) == expected


@pytest.mark.parametrize(
    ("value", "result"),
    [("123456785", None), ("12345678512347", True), ("123456786", False), ("12345678512340", False)],
)
def test_validate_result(value: str, result: bool | None) -> None:
    assert PlRegonRecognizer().validate_result(value) is result
