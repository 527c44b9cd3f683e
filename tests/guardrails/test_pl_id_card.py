"""Dowód osobisty: 3 letters + 6 digits, check digit, with or without a space, inflected context."""

from __future__ import annotations

import pytest

from pomocbot.config import PrivacyConfig
from pomocbot.guardrails.analyzer import PolishPIIDetector
from pomocbot.guardrails.recognizers.pl_id_card import PlIdCardRecognizer

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def detector() -> PolishPIIDetector:
    return PolishPIIDetector(PrivacyConfig(entities=("DOWOD",)))


def found(detector: PolishPIIDetector, text: str) -> list[str]:
    return [text[e.start:e.end] for e in detector.detect(text) if e.entity_type == "DOWOD"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # valid, no context needed
        ("ABA300000", ["ABA300000"]),
        ("Mój dowód: FKE776018.", ["FKE776018"]),
        # space or dash between series and number
        ("Numer dowodu: ABA 300000", ["ABA 300000"]),
        ("seria i numer UKK-359797", ["UKK-359797"]),
        # inflected context
        ("nr dowodu osobistego CCI571049", ["CCI571049"]),
        ("posługuję się dowodem ABA300000", ["ABA300000"]),
        ("numer dokumentu tożsamości ABA 300000", ["ABA 300000"]),
        # bad check digit
        ("Numer dowodu: ABA400000", []),
        ("dowód FKE776019", []),
        # wrong length, lower case, glued, amounts
        ("dowód ABA30000", []),
        ("dowód ABA3000000", []),
        ("AB300000", []),
        ("aba300000", []),
        ("XABA300000", []),
        ("kwota PLN 120000", []),
        # labelled as an order
        ("zamówienie ABA300000", []),
    ],
)
def test_id_card_in_sentences(detector: PolishPIIDetector, text: str, expected: list[str]) -> None:
    assert found(detector, text) == expected


@pytest.mark.parametrize(
    ("value", "valid"), [("ABA300000", True), ("ABA 300000", True), ("ABA300001", False)],
)
def test_validate_result(value: str, valid: bool) -> None:
    assert PlIdCardRecognizer().validate_result(value) is valid
