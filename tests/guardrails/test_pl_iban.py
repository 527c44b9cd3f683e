"""NRB / IBAN PL: 26 digits, optional "PL", groups of 2 + 6x4, mod 97, inflected context."""

from __future__ import annotations

import pytest

from pomocbot.config import PrivacyConfig
from pomocbot.guardrails.analyzer import PolishPIIDetector
from pomocbot.guardrails.recognizers.pl_iban import PlIbanRecognizer

pytestmark = pytest.mark.unit

NRB = "61109010140000071219812874"


@pytest.fixture(scope="module")
def detector() -> PolishPIIDetector:
    return PolishPIIDetector(PrivacyConfig(entities=("NUMER_KONTA",)))


def found(detector: PolishPIIDetector, text: str) -> list[str]:
    return [text[e.start:e.end] for e in detector.detect(text) if e.entity_type == "NUMER_KONTA"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # plain, with and without "PL", no context needed
        (f"Zwrot proszę na {NRB}.", [NRB]),
        (f"PL{NRB}", [f"PL{NRB}"]),
        ("IBAN: PL 68684268465632122330792440", ["PL 68684268465632122330792440"]),
        # groups of 2 + 6x4, spaces or dashes
        ("nr konta 61 1090 1014 0000 0712 1981 2874", ["61 1090 1014 0000 0712 1981 2874"]),
        ("PL61 1090 1014 0000 0712 1981 2874", ["PL61 1090 1014 0000 0712 1981 2874"]),
        ("61-1090-1014-0000-0712-1981-2874", ["61-1090-1014-0000-0712-1981-2874"]),
        # inflected context
        (f"numer rachunku bankowego: {NRB}", [NRB]),
        (f"na moje konto {NRB}", [NRB]),
        ("konta bankowego 59268599528907866661760313 nie zmieniałem", ["59268599528907866661760313"]),
        # bad checksum
        ("nr konta 61109010140000071219812875", []),
        ("nr konta 61 1090 1014 0000 0712 1981 2875", []),
        # wrong length, longer runs
        ("nr konta 6110901014000007121981287", []),
        ("nr konta 611090101400000712198128741", []),
        (f"12 {NRB}", []),
    ],
)
def test_account_in_sentences(detector: PolishPIIDetector, text: str, expected: list[str]) -> None:
    assert found(detector, text) == expected


@pytest.mark.parametrize(
    ("value", "valid"),
    [(NRB, True), (f"PL{NRB}", True), ("PL61 1090 1014 0000 0712 1981 2874", True), (NRB[:-1] + "5", False)],
)
def test_validate_result(value: str, valid: bool) -> None:
    assert PlIbanRecognizer().validate_result(value) is valid
