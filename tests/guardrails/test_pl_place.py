"""Place names (MIEJSCE): towns in their cases, multi-word names, regions, countries, ambiguous words."""

from __future__ import annotations

import pytest

from pomocbot.guardrails.recognizers.pl_place import PLACE_FORMS, PlPlaceRecognizer, place_forms

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def recognizer() -> PlPlaceRecognizer:
    return PlPlaceRecognizer()


def found(recognizer: PlPlaceRecognizer, text: str, min_score: float = 0.0) -> list[str]:
    return [text[r.start:r.end] for r in recognizer.analyze(text, ["MIEJSCE"], None) if r.score >= min_score]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # locative, genitive, accusative after prepositions
        ("Mieszkam w Krakowie.", ["Krakowie"]),
        ("Paczka jedzie z Gdańska.", ["Gdańska"]),
        ("Wysyłka do Warszawy trwa dzień.", ["Warszawy"]),
        ("Jadę pod Poznań.", ["Poznań"]),
        ("Jestem z Łodzi, pracuję w Łodzi.", ["Łodzi", "Łodzi"]),
        ("Sklep w Katowicach i w Gliwicach.", ["Katowicach", "Gliwicach"]),
        ("Odbiór w Bydgoszczy.", ["Bydgoszczy"]),
        ("Mieszkam w Białymstoku, a brat w Sosnowcu.", ["Białymstoku", "Sosnowcu"]),
        ("Kurier z Rzeszowa i z Tychów.", ["Rzeszowa", "Tychów"]),
        # multi-word and hyphenated names
        ("Wysyłka do Zielonej Góry.", ["Zielonej Góry"]),
        ("Oddział w Nowym Sączu.", ["Nowym Sączu"]),
        ("Magazyn w Bielsku-Białej.", ["Bielsku-Białej"]),
        ("Punkt odbioru w Gorzowie Wielkopolskim.", ["Gorzowie Wielkopolskim"]),
        ("Dostawa do Jastrzębia-Zdroju.", ["Jastrzębia-Zdroju"]),
        # a town without a preposition
        ("Kraków jest piękny, ale Wrocław też.", ["Kraków", "Wrocław"]),
        # regions and voivodeships
        ("Mieszkam na Śląsku, rodzina na Mazurach.", ["Śląsku", "Mazurach"]),
        ("Województwo mazowieckie, powiat wadowicki.", ["Województwo mazowieckie", "powiat wadowicki"]),
        # foreign capitals
        ("Paczka z Berlina dotarła do Paryża.", ["Berlina", "Paryża"]),
        # lower case after a preposition
        ("mieszkam w krakowie", ["krakowie"]),
    ],
)
def test_places(recognizer: PlPlaceRecognizer, text: str, expected: list[str]) -> None:
    assert found(recognizer, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # common words that are also town names need a capital and a preposition
        "Paczka leży koło domu.",
        "Była tam góra paczek i brzeg stołu.",
        "W tych sprawach piszę na świecie.",
        "Piła do drewna, marki Bosch.",
        # a person, not a place
        "Zamówił Jan Kowalski.",
        # lower case without a preposition
        "kraków",
    ],
)
def test_not_places(recognizer: PlPlaceRecognizer, text: str) -> None:
    assert found(recognizer, text) == []


def test_ambiguous_town_with_preposition(recognizer: PlPlaceRecognizer) -> None:
    assert found(recognizer, "Mieszkam w Kole, a pracuję w Pile.") == ["Kole", "Pile"]


def test_countries_score_low(recognizer: PlPlaceRecognizer) -> None:
    results = recognizer.analyze("Czy wysyłacie do Niemiec i do Krakowa?", ["MIEJSCE"], None)
    scores = {r.start: r.score for r in results}
    assert len(results) == 2 and min(scores.values()) == PlPlaceRecognizer.SCORE_COUNTRY
    assert max(scores.values()) == PlPlaceRecognizer.SCORE_AFTER_PREPOSITION


def test_extra_places() -> None:
    recognizer = PlPlaceRecognizer(extra_places=["Pcim"])
    assert found(recognizer, "Mieszkam w Pcimiu.") == ["Pcimiu"]


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("Kraków", {"Krakowa", "Krakowie", "Krakowem"}),
        ("Warszawa", {"Warszawy", "Warszawie", "Warszawę", "Warszawą"}),
        ("Gdańsk", {"Gdańska", "Gdańsku"}),
        ("Poznań", {"Poznania", "Poznaniu"}),
        ("Katowice", {"Katowic", "Katowicach"}),
        ("Opole", {"Opola", "Opolu"}),
        ("Zielona Góra", {"Zielonej Góry", "Zielonej Górze"}),
    ],
)
def test_generated_forms(name: str, forms: set[str]) -> None:
    assert forms <= place_forms(name)


def test_gazetteer_size() -> None:
    towns = {base for base, kind in PLACE_FORMS.values() if kind == "town"}
    assert len(towns) >= 300
