"""Organisation names (ORGANIZACJA): legal forms, institution heads, acronyms, services left alone."""

from __future__ import annotations

import pytest

from pomocbot.guardrails.recognizers.pl_organization import PlOrganizationRecognizer

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def recognizer() -> PlOrganizationRecognizer:
    return PlOrganizationRecognizer()


def found(recognizer: PlOrganizationRecognizer, text: str) -> list[str]:
    return [text[r.start:r.end] for r in recognizer.analyze(text, ["ORGANIZACJA"], None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # legal forms after a capitalised or quoted name
        ("Pracuję w Kowalski i Syn sp. z o.o. od roku.", ["Kowalski i Syn sp. z o.o."]),
        ("Faktura dla ABC Handel S.A.", ["ABC Handel S.A."]),
        ("Dostawca: „Żuk” sp.j.", ["„Żuk” sp.j."]),
        ("Zamawiam dla Müller GmbH.", ["Müller GmbH"]),
        ("Firma Nowak Sp. z o.o. płaci przelewem.", ["Firma Nowak Sp. z o.o."]),
        ("Budex spółka z ograniczoną odpowiedzialnością", ["Budex spółka z ograniczoną odpowiedzialnością"]),
        # institution heads in their cases, with adjectives before
        ("Fundacja Dzieciom Na Ratunek pomaga.", ["Fundacja Dzieciom Na Ratunek"]),
        ("Jestem członkiem Stowarzyszenia Przyjaciół Ziemi.", ["Stowarzyszenia Przyjaciół Ziemi"]),
        ("Studiuję na Uniwersytecie Jagiellońskim.", ["Uniwersytecie Jagiellońskim"]),
        ("Mam konto w Banku Spółdzielczym.", ["Banku Spółdzielczym"]),
        ("Pismo z Narodowego Funduszu Zdrowia.", ["Narodowego Funduszu Zdrowia"]),
        ("Uczę w Szkole Podstawowej nr 5.", ["Szkole Podstawowej nr 5"]),
        ("Pismo z Urzędu Skarbowego w Pucku.", ["Urzędu Skarbowego w Pucku"]),
        # quoted names after "firma", "spółka"
        ("Pracuję w firmie „Promyk” od lat.", ["„Promyk”"]),
        # public institutions and acronyms
        ("Dostałem pismo z ZUS i z NFZ.", ["ZUS", "NFZ"]),
        ("Złożyłem skargę do UOKiK.", ["UOKiK"]),
    ],
)
def test_organizations(recognizer: PlOrganizationRecognizer, text: str, expected: list[str]) -> None:
    assert found(recognizer, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # carriers, payment services and marketplaces are not personal data: left in the text
        "Paczka przyszła przez InPost do Paczkomatu.",
        "Wysłałem Pocztą Polską, a zwrot kurierem DPD albo DHL.",
        "Zapłaciłem BLIK-iem przez PayU na Allegro.",
        # shops and brands the question is about
        "Czy macie telefony Samsung i Apple?",
        # acronyms that are not organisations
        "Podaj PESEL, NIP i kod PIN, faktura VAT w PDF przez SMS.",
        "Telewizor LED, sprzęt RTV i AGD.",
        # a shouted message has no acronyms
        "NIE DZIAŁA MI TO W OGÓLE, ODDAJCIE PIENIĄDZE!!!",
        # a head noun without a name after it
        "Bank. Potem poszedłem do urzędu.",
        "Wpłaciłem w banku.",
    ],
)
def test_not_organizations(recognizer: PlOrganizationRecognizer, text: str) -> None:
    assert found(recognizer, text) == []


def test_services_can_be_reported(recognizer: PlOrganizationRecognizer) -> None:
    everything = PlOrganizationRecognizer(ignore=())
    text = "Paczka przyszła przez InPost."
    assert found(recognizer, text) == []
    assert found(everything, text) == ["InPost"]


def test_shop_name_can_be_ignored(recognizer: PlOrganizationRecognizer) -> None:
    assert found(recognizer, "Kupiłem w SKLEPEX.") == ["SKLEPEX"]
    assert found(PlOrganizationRecognizer(ignore={"Sklepex"}), "Kupiłem w SKLEPEX.") == []


def test_scores_rank_evidence(recognizer: PlOrganizationRecognizer) -> None:
    text = "Kowalski sp. z o.o., Fundacja Pomocy Zwierzętom i ZUS."
    scores = [r.score for r in recognizer.analyze(text, ["ORGANIZACJA"], None)]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]
