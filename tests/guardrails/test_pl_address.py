"""Street addresses: ul./al./os./pl. and the full words, name, house number, flat."""

from __future__ import annotations

import pytest

from pomocbot.config import PrivacyConfig
from pomocbot.guardrails.analyzer import PolishPIIDetector

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def detector() -> PolishPIIDetector:
    return PolishPIIDetector(PrivacyConfig(entities=("ADRES",)))


def found(detector: PolishPIIDetector, text: str) -> list[str]:
    return [text[e.start:e.end] for e in detector.detect(text) if e.entity_type == "ADRES"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # abbreviations, numbers with letters and flats
        ("Mieszkam przy ul. Długiej 5.", ["ul. Długiej 5"]),
        ("ul. Długa 5/3", ["ul. Długa 5/3"]),
        ("al. Jana Pawła II 12a", ["al. Jana Pawła II 12a"]),
        ("os. Tysiąclecia 12 m. 5", ["os. Tysiąclecia 12 m. 5"]),
        ("pl. Grunwaldzki 2/14", ["pl. Grunwaldzki 2/14"]),
        ("ul. 3 Maja 15, lok. 2", ["ul. 3 Maja 15, lok. 2"]),
        ("ul. gen. Józefa Bema 4", ["ul. gen. Józefa Bema 4"]),
        ("ul. Marii Skłodowskiej-Curie 3A/12", ["ul. Marii Skłodowskiej-Curie 3A/12"]),
        ("ul.Długa 5", ["ul.Długa 5"]),
        # lower-case names after an abbreviation
        ("adres: ul. długa 5", ["ul. długa 5"]),
        # full words, inflected
        ("ulica Kwiatowa 7", ["ulica Kwiatowa 7"]),
        ("mieszkam na ulicy Lipowej 12/3", ["ulicy Lipowej 12/3"]),
        ("Aleja Róż 10", ["Aleja Róż 10"]),
        ("na osiedlu Kabaty 3", ["osiedlu Kabaty 3"]),
        ("plac Wolności 1", ["plac Wolności 1"]),
        # the city before the street
        ("Proszę wysłać na Kraków, ul. Długa 5/3.", ["Kraków, ul. Długa 5/3"]),
        ("Zielona Góra, ul. Polna 1", ["Zielona Góra, ul. Polna 1"]),
        # not addresses: no house number, no street word, a domain
        ("ulica była zamknięta", []),
        ("ul. Długa", []),
        ("na ulicy stał 1 kurier", []),
        ("sklep.pl. Odpowiedź w 5 dni", []),
        ("Długa 5", []),
    ],
)
def test_address_in_sentences(detector: PolishPIIDetector, text: str, expected: list[str]) -> None:
    assert found(detector, text) == expected
