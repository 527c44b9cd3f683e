"""The generated PII format suite: every type x the separators people type x inflected Polish contexts.

Cases come from ``pii_format_cases`` (fixed seeds). Recall: the share of
planted values whose every letter and digit a detection of an acceptable type
covers (target 0.99). Near misses (broken checksums, orders, invoices, prices,
dates, product codes, shouting): the share flagged at all (target 0.5 %).
``benchmarks/pii_formats.py`` runs the same generator larger and per type.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from pomocbot.config import PrivacyConfig
from pomocbot.guardrails.analyzer import PolishPIIDetector
from tests.guardrails.pii_format_cases import KINDS, NEAR_KINDS, Case, covered, flagged, near_misses, planted

PLANTED_PER_TYPE = 250
NEAR_PER_KIND = 150
RECALL_TARGET = 0.99
FP_TARGET = 0.005
# Per type a little below the overall target, so one type cannot quietly fall apart.
RECALL_PER_TYPE = 0.97


@pytest.fixture(scope="module")
def detector() -> PolishPIIDetector:
    return PolishPIIDetector()  # the default pack: the person tagger, every type


@pytest.fixture(scope="module")
def detectors(detector: PolishPIIDetector) -> dict[str, PolishPIIDetector]:
    return {"model": detector, "rules": PolishPIIDetector(PrivacyConfig(person_recognizer="rules"))}


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return planted(random.Random(20241113), PLANTED_PER_TYPE)


@pytest.fixture(scope="module")
def misses() -> list[Case]:
    return near_misses(random.Random(20241114), NEAR_PER_KIND)


def test_generator_is_deterministic_and_spans_are_right() -> None:
    first, second = planted(random.Random(5), 20), planted(random.Random(5), 20)
    assert first == second
    assert all(c.text[c.start : c.end] == c.value and c.value.strip() == c.value for c in first)
    assert {c.kind for c in first} == set(KINDS)
    assert {c.kind for c in near_misses(random.Random(5), 3)} == set(NEAR_KINDS)


def test_every_type_has_many_forms_and_contexts(cases: list[Case]) -> None:
    forms = Counter(c.kind for c in {(c.kind, c.form): c for c in cases}.values())
    contexts = Counter(c.kind for c in {(c.kind, c.text.replace(c.value, "{v}")): c for c in cases}.values())
    assert all(forms[kind] >= 2 for kind in KINDS), forms
    assert all(contexts[kind] >= 8 for kind in KINDS), contexts


@pytest.mark.slow
def test_recall_on_planted_values(detector: PolishPIIDetector, cases: list[Case]) -> None:
    missed = [c for c in cases if not covered(c, detector.detect(c.text))]
    per_type = Counter(c.kind for c in cases)
    missed_per_type = Counter(c.kind for c in missed)
    recall = 1 - len(missed) / len(cases)
    examples = [(c.kind, c.form, c.text) for c in missed[:10]]
    assert recall >= RECALL_TARGET, (recall, examples)
    low = {
        k: round(1 - missed_per_type[k] / n, 3)
        for k, n in per_type.items()
        if 1 - missed_per_type[k] / n < RECALL_PER_TYPE
    }
    assert not low, (low, examples)


@pytest.mark.slow
def test_near_misses_are_rarely_flagged(detector: PolishPIIDetector, misses: list[Case]) -> None:
    wrong = [c for c in misses if flagged(c, detector.detect(c.text))]
    rate = len(wrong) / len(misses)
    assert rate <= FP_TARGET, (rate, [(c.kind, c.text) for c in wrong[:10]])


# -- regressions, one per fix -------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        # an IBAN over a line break; foreign IBANs with and without spaces
        (
            "Nr konta: PL61 1090 1014\n0000 0712 1981 2874, dziękuję",
            "NUMER_KONTA",
            "PL61 1090 1014\n0000 0712 1981 2874",
        ),
        ("na konto 61 1090 1014 \n0000 0712 1981 2874", "NUMER_KONTA", "61 1090 1014 \n0000 0712 1981 2874"),
        ("Zwrot na DE89 3704 0044 0532 0130 00 EUR", "NUMER_KONTA", "DE89 3704 0044 0532 0130 00"),
        ("konto w Niemczech: DE89370400440532013000", "NUMER_KONTA", "DE89370400440532013000"),
        ("mój rachunek GB29 NWBK 6016 1331 9268 19", "NUMER_KONTA", "GB29 NWBK 6016 1331 9268 19"),
        ("przelew na AT61 1904 3002 3457 3201", "NUMER_KONTA", "AT61 1904 3002 3457 3201"),
        ("czeskie konto CZ65 0800 0000 1920 0014 5399", "NUMER_KONTA", "CZ65 0800 0000 1920 0014 5399"),
        ("IBAN FR14 2004 1010 0505 0001 3M02 606", "NUMER_KONTA", "FR14 2004 1010 0505 0001 3M02 606"),
        ("holenderskie NL91ABNA0417164300", "NUMER_KONTA", "NL91ABNA0417164300"),
        ("konto ES91 2100 0418 4502 0005 1332", "NUMER_KONTA", "ES91 2100 0418 4502 0005 1332"),
        ("konto IT60 X054 2811 1010 0000 0123 456", "NUMER_KONTA", "IT60 X054 2811 1010 0000 0123 456"),
        ("na rachunek SK31 1200 0000 1987 4263 7541", "NUMER_KONTA", "SK31 1200 0000 1987 4263 7541"),
        ("litewskie konto LT12 1000 0111 0100 1000", "NUMER_KONTA", "LT12 1000 0111 0100 1000"),
        # a card over a line break, an en-dash from a word processor, NIP with dots, REGON by spaces
        ("numer karty 4111 1111\n1111 1111", "KARTA", "4111 1111\n1111 1111"),
        ("proszę dzwonić pod 601–234–567", "TELEFON", "601–234–567"),
        ("PESEL 02–07–08–03628", "PESEL", "02–07–08–03628"),
        ("Faktura na NIP 526.025.02.74 proszę.", "NIP", "526.025.02.74"),
        ("nasz REGON to 123 456 785", "REGON", "123 456 785"),
        ("REGON 123456785 12347", "REGON", "123456785 12347"),
    ],
)
def test_fixed_forms_are_found(detector: PolishPIIDetector, text: str, kind: str, value: str) -> None:
    assert (kind, value) in [(e.entity_type, text[e.start : e.end]) for e in detector.detect(text)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Proszę wysłać na Długiej 5/7 w Warszawie.", "Długiej 5/7 w Warszawie"),
        ("mieszkam przy Polnej 12 m. 4", "Polnej 12 m. 4"),
        ("adres: Kwiatowa 3a/2, 00-950 Warszawa", "Kwiatowa 3a/2, 00-950 Warszawa"),
        ("Mieszkam na os. Piastów 5", "os. Piastów 5"),
        ("wyślijcie na Słowackiego 14 lok. 3", "Słowackiego 14 lok. 3"),
        ("dostawa na Jana Pawła II 120, dziękuję", "Jana Pawła II 120"),
        ("mój adres to Leśna 7", "Leśna 7"),
        ("mieszkam przy Polnej 12 w bloku z lat 70.", "Polnej 12"),
    ],
)
def test_addresses_without_a_street_word(detector: PolishPIIDetector, text: str, value: str) -> None:
    assert ("ADRES", value) in [(e.entity_type, text[e.start : e.end]) for e in detector.detect(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Zamówiłem na Black Friday 2024 i nic.",
        "Dostawa na Smart Week 2024, dobrze?",
        "przy zamówieniu 3 szt. rabat",
        "w Allegro 5 dni czekam na dostawę",
        "wysyłka na Allegro 5 dni",
        "kupiłem iPhone 15 i Galaxy S23, dostawa na 15 maja",
        "Pralka Bosch 7 kg – czy zdążycie z dostawą?",
        "adres się zgadza, ale przy kwocie 300 zł nie ma darmowej dostawy",
        "Długa 5",
    ],
)
def test_not_addresses(detector: PolishPIIDetector, text: str) -> None:
    assert [e for e in detector.detect(text) if e.entity_type == "ADRES"] == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ANNA NOWAK", "ANNA NOWAK"),
        ("Dzień dobry, PANI ANNA NOWAK-KOWALSKA prosi o zwrot", "ANNA NOWAK-KOWALSKA"),
        ("Odbiorca: PAN KRZYSZTOF MAZUR", "KRZYSZTOF MAZUR"),
        ("DZIEŃ DOBRY, NAZYWAM SIĘ MAREK WÓJCIK I CZEKAM NA ZWROT", "MAREK WÓJCIK"),
        ("nazywam się jan kowalski", "jan kowalski"),
        ("dzień dobry, z tej strony jan kowalski", "jan kowalski"),
        ("Paczka nie doszła.\nPozdrawiam,\njan kowalski", "jan kowalski"),
        ("z poważaniem\njan mazur", "jan mazur"),
        ("mam na imię zofia", "zofia"),
    ],
)
@pytest.mark.parametrize("person", ["model", "rules"])
def test_names_in_capitals_and_lower_case(detectors, text: str, value: str, person: str) -> None:
    detector = detectors[person]
    assert ("OSOBA", value) in [(e.entity_type, text[e.start : e.end]) for e in detector.detect(text)]


@pytest.mark.parametrize(
    "text",
    [
        "TO JEST SKANDAL",
        "GDZIE MOJA PACZKA",
        "PILNE",
        "ZWROT TOWARU",
        "NIE DZIAŁA",
        "PILNE!!! GDZIE MOJA PACZKA? ZAMÓWIENIE 12345",
        "ZAMAWIAŁEM PRALKĘ, PROSZĘ O ZWROT PIENIĘDZY",
        "DLACZEGO NIKT NIE ODPISUJE",
        "czy 3-D Secure działa?",
        "kupiłem Xiaomi 13T Pro i nie działa",
    ],
)
@pytest.mark.parametrize("person", ["model", "rules"])
def test_shouting_is_no_name(detectors, text: str, person: str) -> None:
    assert [e for e in detectors[person].detect(text) if e.entity_type == "OSOBA"] == []


@pytest.mark.parametrize(
    "text",
    [
        "SKU 4006381333931 – brak na stanie",  # an EAN-13 passes Luhn too
        "kod produktu 5901234123457",
        "wersja aplikacji 17.9.5.228",
        "mam Androida 12.3.7.122",
        "Numer konta bankowego DE89 3704 0044 0532 0130 01",  # broken check digits
        "nr rachunku: 43 0105 0949\n4335 3829 7637 6947",  # a broken account's second line is no card
    ],
)
def test_fixed_near_misses(detector: PolishPIIDetector, text: str) -> None:
    assert detector.detect(text) == []
