"""NIP: check digit, dashes in both groupings, "PL" prefix, bare digits only in context."""

from __future__ import annotations

import pytest

from pomocbot.config import PrivacyConfig
from pomocbot.guardrails.analyzer import PolishPIIDetector
from pomocbot.guardrails.recognizers.pl_nip import PlNipRecognizer

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def detector() -> PolishPIIDetector:
    return PolishPIIDetector(PrivacyConfig(entities=("NIP",)))


def found(detector: PolishPIIDetector, text: str) -> list[str]:
    return [text[e.start:e.end] for e in detector.detect(text) if e.entity_type == "NIP"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # dashes and spaces: 3-3-2-2 and 3-2-2-3, no context needed
        ("Faktura na 526-025-02-74.", ["526-025-02-74"]),
        ("Dane firmy: 526-02-50-274", ["526-02-50-274"]),
        ("NIP 526 025 02 74", ["526 025 02 74"]),
        # "PL" prefix (NIP-UE), with or without a space
        ("PL5260250274", ["PL5260250274"]),
        ("VAT UE: PL 526-025-02-74", ["PL 526-025-02-74"]),
        ("pl5260250274", ["pl5260250274"]),
        # bare 10 digits: only with context, inflected
        ("NIP: 5260250274", ["5260250274"]),
        ("Proszę o fakturę na mój NIP 1234563218", ["1234563218"]),
        ("numer NIP-u 4322601813", ["4322601813"]),
        ("nip firmy 4759083011", ["4759083011"]),
        ("numer identyfikacji podatkowej 5456131869", ["5456131869"]),
        ("5260250274", []),
        ("Zamówienie 5260250274 nie dotarło", []),
        # bad check digit (also a check of 10, never issued), tax office 000
        ("NIP 526-025-02-75", []),
        ("NIP: 5260250275", []),
        ("NIP 123-456-78-90", []),
        ("NIP 000-000-00-00", []),
        # wrong length, longer runs, mixed separators
        ("NIP 526-025-02-7", []),
        ("NIP 526-025-02-745", []),
        ("NIP 526-025 02-74", []),
        ("konto 12 526-025-02-74", []),
    ],
)
def test_nip_in_sentences(detector: PolishPIIDetector, text: str, expected: list[str]) -> None:
    assert found(detector, text) == expected


@pytest.mark.parametrize(
    ("value", "result"),
    [
        ("5260250274", None),  # bare: the check passes, context decides
        ("526-025-02-74", True),
        ("PL5260250274", True),
        ("5260250275", False),
        ("0000000000", False),
    ],
)
def test_validate_result(value: str, result: bool | None) -> None:
    assert PlNipRecognizer().validate_result(value) is result


def test_scores(detector: PolishPIIDetector) -> None:
    assert [e.score for e in detector.detect("526-025-02-74")] == [1.0]
    assert [e.score for e in detector.detect("NIP 5260250274")] == [0.75]
