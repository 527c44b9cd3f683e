"""Payment cards: Luhn, issuer prefixes and lengths, groups of digits, never inside an IBAN."""

from __future__ import annotations

import pytest

from pomocbot.config import PrivacyConfig
from pomocbot.guardrails.analyzer import PolishPIIDetector
from pomocbot.guardrails.recognizers.pl_card import PlPaymentCardRecognizer

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def detector() -> PolishPIIDetector:
    return PolishPIIDetector(PrivacyConfig(entities=("KARTA", "NUMER_KONTA")))


def found(detector: PolishPIIDetector, text: str) -> list[tuple[str, str]]:
    return [(e.entity_type, text[e.start:e.end]) for e in detector.detect(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Visa, Mastercard (5 and 2 series), Amex, Maestro; no context needed
        ("4111111111111111", [("KARTA", "4111111111111111")]),
        ("karta 5555555555554444", [("KARTA", "5555555555554444")]),
        ("Mastercard 2223003122003222", [("KARTA", "2223003122003222")]),
        ("Amex 378282246310005", [("KARTA", "378282246310005")]),
        ("Maestro 6759649826438453", [("KARTA", "6759649826438453")]),
        ("Visa 4222222222222", [("KARTA", "4222222222222")]),
        # groups: spaces, dashes, Amex 4-6-5
        ("Płaciłem kartą 4111 1111 1111 1111.", [("KARTA", "4111 1111 1111 1111")]),
        ("numer karty 4012-8888-8888-1881", [("KARTA", "4012-8888-8888-1881")]),
        ("z karty 3782 822463 10005", [("KARTA", "3782 822463 10005")]),
        # inflected context
        ("numeru karty kredytowej 5555 5555 5555 4444 nie podam", [("KARTA", "5555 5555 5555 4444")]),
        # bad Luhn digit
        ("karta 4111111111111112", []),
        ("karta 4111 1111 1111 1112", []),
        # Luhn right, but an unknown issuer or a length the issuer does not use (Visa 15, Amex 14)
        ("karta 9111111111111110", []),
        ("karta 411111111111116", []),
        ("karta 37828224631003", []),
        # mixed groups, glued to other digits
        ("karta 4111 1111-1111 1111", []),
        ("12 4111 1111 1111 1111", []),
        # an IBAN holds card-like groups: only the account is reported
        ("konto PL61 1090 1014 0000 0712 1981 2874", [("NUMER_KONTA", "PL61 1090 1014 0000 0712 1981 2874")]),
        ("61 1090 1014 0000 0712 1981 2874", [("NUMER_KONTA", "61 1090 1014 0000 0712 1981 2874")]),
        ("61109010140000071219812874", [("NUMER_KONTA", "61109010140000071219812874")]),
        # a Diners-like 14 digits labelled as a REGON; alone they are a card
        ("REGON 36000000000008", []),
        ("karta 36000000000008", [("KARTA", "36000000000008")]),
    ],
)
def test_card_in_sentences(detector: PolishPIIDetector, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(detector, text) == expected


@pytest.mark.parametrize(
    ("value", "valid"),
    [("4111111111111111", True), ("4111-1111-1111-1111", True), ("4111111111111112", False),
     ("61109010140000071219812874", False), ("0000000000000000", False)],
)
def test_validate_result(value: str, valid: bool) -> None:
    assert PlPaymentCardRecognizer().validate_result(value) is valid


def test_no_card_inside_any_iban() -> None:
    recognizer = PlPaymentCardRecognizer()
    detector = PolishPIIDetector(PrivacyConfig(entities=("KARTA",)))
    for account in ("61 1090 1014 0000 0712 1981 2874", "PL61 1090 1014 0000 0712 1981 2874",
                    "61-1090-1014-0000-0712-1981-2874", "61109010140000071219812874"):
        assert recognizer.analyze(account, ["KARTA"]) == []
        assert detector.detect(f"nr konta {account}") == []
