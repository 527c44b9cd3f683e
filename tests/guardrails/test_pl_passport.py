"""Passport: 2 letters + 7 digits, check digit, with or without a space, inflected context."""

from __future__ import annotations

import pytest

from pomocbot.config import PrivacyConfig
from pomocbot.guardrails.analyzer import PolishPIIDetector
from pomocbot.guardrails.recognizers.pl_passport import PlPassportRecognizer

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def detector() -> PolishPIIDetector:
    return PolishPIIDetector(PrivacyConfig(entities=("PASZPORT",)))


def found(detector: PolishPIIDetector, text: str) -> list[str]:
    return [text[e.start:e.end] for e in detector.detect(text) if e.entity_type == "PASZPORT"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # valid, no context needed
        ("EA8000000", ["EA8000000"]),
        ("Paszport nr XP1465075.", ["XP1465075"]),
        # space or dash
        ("numer paszportu: FV 5170342", ["FV 5170342"]),
        ("ZH-1667127", ["ZH-1667127"]),
        # inflected context
        ("podróżuję z paszportem ZH1667127", ["ZH1667127"]),
        ("numeru paszportu EA8000000 nie mam przy sobie", ["EA8000000"]),
        # bad check digit
        ("paszport EA7000000", []),
        ("paszport XP1465076", []),
        # wrong length, lower case, glued
        ("paszport EA800000", []),
        ("paszport EA80000000", []),
        ("ea8000000", []),
        ("XEA8000000", []),
        # labelled as a parcel
        ("numer przesyłki EA8000000", []),
    ],
)
def test_passport_in_sentences(detector: PolishPIIDetector, text: str, expected: list[str]) -> None:
    assert found(detector, text) == expected


@pytest.mark.parametrize(
    ("value", "valid"), [("EA8000000", True), ("EA 8000000", True), ("EA8000001", False)],
)
def test_validate_result(value: str, valid: bool) -> None:
    assert PlPassportRecognizer().validate_result(value) is valid
