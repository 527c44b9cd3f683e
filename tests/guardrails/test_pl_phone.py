"""Phone numbers: prefixes, groupings, bare 9 digits only with a phone word, never order numbers."""

from __future__ import annotations

import pytest

from pomocbot.config import PrivacyConfig
from pomocbot.guardrails.analyzer import PolishPIIDetector
from pomocbot.guardrails.recognizers.pl_phone import PlPhoneRecognizer

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def detector() -> PolishPIIDetector:
    return PolishPIIDetector(PrivacyConfig(entities=("TELEFON",)))


def found(detector: PolishPIIDetector, text: str) -> list[str]:
    return [text[e.start:e.end] for e in detector.detect(text) if e.entity_type == "TELEFON"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # +48 / 0048 / (+48) prefixes, no context needed
        ("+48 601 234 567", ["+48 601 234 567"]),
        ("Proszę o kontakt: +48601234567.", ["+48601234567"]),
        ("0048 601 234 567", ["0048 601 234 567"]),
        ("(+48) 601-234-567", ["(+48) 601-234-567"]),
        ("(48) 22 123 45 67", ["(48) 22 123 45 67"]),
        ("+48 22 123 45 67", ["+48 22 123 45 67"]),
        # groupings without a prefix: mobile 3-3-3, landline 2-3-2-2 and (2) 3-2-2
        ("601 234 567", ["601 234 567"]),
        ("601-234-567", ["601-234-567"]),
        ("Biuro: 22 123 45 67", ["22 123 45 67"]),
        ("(22) 123-45-67", ["(22) 123-45-67"]),
        # bare 9 digits: only with a phone word, inflected, before or after
        ("tel. 601234567", ["601234567"]),
        ("mój numer telefonu to 601234567", ["601234567"]),
        ("Proszę dzwonić 601234567", ["601234567"]),
        ("komórka: 601234567", ["601234567"]),
        ("zadzwoń pod 601234567", ["601234567"]),
        ("nr tel 601234567", ["601234567"]),
        ("kom. 601234567", ["601234567"]),
        ("601234567 - proszę dzwonić po 17", ["601234567"]),
        ("601234567", []),
        ("zamówienie nr 601234567", []),
        ("Kupiłem telefon, numer zamówienia 601234567", []),
        ("numer przesyłki 601234567", []),
        # never inside a longer digit run, a NIP, an IBAN or a price
        ("601 234 5678", []),
        ("1601 234 567", []),
        ("NIP 526-025-02-74", []),
        ("61 1090 1014 0000 0712 1981 2874", []),
        ("cena 1 299,00 zł", []),
        ("PL 601-234-567", []),
        # impossible national numbers
        ("tel. 012 345 678", []),
        ("tel. 111 111 111", []),
        # a mistyped NIP is not a landline
        ("NIP 74 713 54 07", []),
    ],
)
def test_phone_in_sentences(detector: PolishPIIDetector, text: str, expected: list[str]) -> None:
    assert found(detector, text) == expected


def test_scores_by_form(detector: PolishPIIDetector) -> None:
    def score(text: str) -> list[float]:
        return [e.score for e in detector.detect(text)]

    assert score("+48 601 234 567") == [0.7]
    assert score("601 234 567") == [0.5]
    assert score("tel. 601 234 567") == [0.85]
    assert score("tel. 601234567") == [0.65]


def test_bare_digits_have_a_low_score_alone() -> None:
    assert [r.score for r in PlPhoneRecognizer().analyze("601234567", ["TELEFON"])] == [0.3]
