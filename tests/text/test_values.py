"""Checkable values of Polish text and their normalised keys (pomocbot.text.values)."""

from __future__ import annotations

import pytest

from pomocbot.text.values import NUMBER_WORDS, ValueKind, extract_values, missing_values, value_keys

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # amounts: decimal comma or dot, currency word or code, złote and grosze
        ("Kurier kosztuje 19,99 zł.", [("amount", "19.99 PLN")]),
        ("Kurier kosztuje 19.99 zł.", [("amount", "19.99 PLN")]),
        ("Kurier kosztuje 19,99 PLN.", [("amount", "19.99 PLN")]),
        ("Kurier kosztuje 19 zł 99 gr.", [("amount", "19.99 PLN")]),
        ("Cena: PLN 19,99.", [("amount", "19.99 PLN")]),
        ("Dopłata 20 zł.", [("amount", "20 PLN")]),
        ("Dopłata 20,00 zł.", [("amount", "20 PLN")]),
        ("Dopłata 100zł.", [("amount", "100 PLN")]),
        ("Dopłata dwadzieścia złotych.", [("amount", "20 PLN")]),
        ("Dopłata 19,5 złotego.", [("amount", "19.50 PLN")]),
        ("Opłata 99 gr.", [("amount", "0.99 PLN")]),
        ("Za granicę 10 € albo 10 euro.", [("amount", "10 EUR"), ("amount", "10 EUR")]),
        # thousands: space, no-break space, dot before three digits, "tys."
        ("Raty od 2 000 zł.", [("amount", "2000 PLN")]),
        ("Raty od 2\u00a0000 zł.", [("amount", "2000 PLN")]),
        ("Raty od 2.000 zł.", [("amount", "2000 PLN")]),
        ("Raty od 2 tys. zł.", [("amount", "2000 PLN")]),
        ("Raty od 1,5 tys. zł.", [("amount", "1500 PLN")]),
        # ranges of amounts
        ("Od 199 zł do 500 zł.", [("amount", "199 PLN"), ("amount", "500 PLN")]),
        ("Od 500 do 20 000 zł.", [("amount", "500 PLN"), ("amount", "20000 PLN")]),
        # percentages
        ("Rabat 30%.", [("percent", "30")]),
        ("Rabat 30 %.", [("percent", "30")]),
        ("Rabat 30 procent.", [("percent", "30")]),
        ("Rabat 30 proc. na wszystko.", [("percent", "30")]),
        ("Kod na 30-procentowy rabat.", [("percent", "30")]),
        ("Rabat trzydzieści procent.", [("percent", "30")]),
        ("Raty 0% i RRSO 0%.", [("percent", "0"), ("percent", "0")]),
        ("Prowizja 2,5%.", [("percent", "2.5")]),
    ],
)
def test_amounts_and_percentages(text: str, expected: list[tuple[str, str]]) -> None:
    assert value_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # days in every case form
        ("Masz 14 dni na zwrot.", [("duration", "14 day")]),
        ("Zwrot w 14 dniach.", [("duration", "14 day")]),
        ("Po 1 dniu od zamówienia.", [("duration", "1 day")]),
        ("Do 1 dnia od zamówienia.", [("duration", "1 day")]),
        ("Masz jeden dzień.", [("duration", "1 day")]),
        ("Masz czternaście dni na zwrot.", [("duration", "14 day")]),
        ("Przez dwóch dni nic.", [("duration", "2 day")]),
        ("Kod jest ważny 24 godziny na dobę przez 2 doby.", [("duration", "24 hour"), ("duration", "2 day")]),
        # working days are their own unit
        ("Dostawa w 3 dni robocze.", [("duration", "3 workday")]),
        ("Dostawa w 3 dni roboczych.", [("duration", "3 workday")]),
        ("Wysyłamy po 1 dniu roboczym.", [("duration", "1 workday")]),
        ("Dostawa w 1–3 dni robocze.", [("duration", "1 workday"), ("duration", "3 workday")]),
        ("Dostawa w 3 do 5 dni.", [("duration", "3 day"), ("duration", "5 day")]),
        ("Dostawa w 1 lub 2 dni.", [("duration", "1 day"), ("duration", "2 day")]),
        # weeks are counted in days
        ("Masz 2 tygodnie.", [("duration", "14 day")]),
        ("Masz dwa tygodnie.", [("duration", "14 day")]),
        ("Po 1 tygodniu.", [("duration", "7 day")]),
        ("Masz 1 tydzień.", [("duration", "7 day")]),
        ("Od 3 tygodni czekam.", [("duration", "21 day")]),
        # hours and minutes
        ("Paczka czeka 48 godzin.", [("duration", "48 hour")]),
        ("Paczka czeka 24 godziny.", [("duration", "24 hour")]),
        ("Paczka czeka 24 h.", [("duration", "24 hour")]),
        ("Paczka czeka 24h.", [("duration", "24 hour")]),
        ("Paczka czeka 48 godz.", [("duration", "48 hour")]),
        ("Paczka czeka dwadzieścia cztery godziny.", [("duration", "24 hour")]),
        ("Paczka czeka pół godziny.", [("duration", "0.5 hour")]),
        ("Kod działa 30 minut.", [("duration", "30 minute")]),
        ("Kod działa 30 min.", [("duration", "30 minute")]),
        # months and years
        ("Karta jest ważna 12 miesięcy.", [("duration", "12 month")]),
        ("Po 1 miesiącu.", [("duration", "1 month")]),
        ("Do 1 miesiąca.", [("duration", "1 month")]),
        ("Rękojmia trwa 2 lata.", [("duration", "2 year")]),
        ("Dane trzymamy 5 lat.", [("duration", "5 year")]),
        # adjectives made of a number and a unit
        ("Po upływie 14-dniowego terminu.", [("duration", "14 day")]),
        ("Obsługa 24-godzinna.", [("duration", "24 hour")]),
        ("Gwarancja 2-letnia.", [("duration", "2 year")]),
    ],
)
def test_durations(text: str, expected: list[tuple[str, str]]) -> None:
    assert value_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # dates: dots, dashes, ISO, month names; a date without a year
        ("Termin mija 3.06.2026.", [("date", "2026-06-03")]),
        ("Termin mija 03.06.2026 r.", [("date", "2026-06-03")]),
        ("Termin mija 03-06-2026.", [("date", "2026-06-03")]),
        ("Termin mija 2026-06-03.", [("date", "2026-06-03")]),
        ("Termin mija 3 czerwca 2026 r.", [("date", "2026-06-03")]),
        ("Termin mija 3 czerwca.", [("date", "--06-03")]),
        ("Zamknięte 1 maja i 11 listopada.", [("date", "--05-01"), ("date", "--11-11")]),
        ("Nieczynne 24–26 grudnia.", [("date", "--12-24"), ("date", "--12-26")]),
        ("Od 3 wrzesnia bez polskich liter.", [("date", "--09-03")]),
        # times: colon, dot on the hour, after "godz." and "o", ranges
        ("Czat działa od 8:00.", [("time", "08:00")]),
        ("Czat działa od 8.00.", [("time", "08:00")]),
        ("Wysyłka do godz. 13:00.", [("time", "13:00")]),
        ("Wysyłka do godz. 13.", [("time", "13:00")]),
        ("Spotkanie o 8.30.", [("time", "08:30")]),
        ("Infolinia pn–pt 8:00–20:00.", [("time", "08:00"), ("time", "20:00")]),
        ("Biuro pracuje w godzinach 8–20.", [("time", "08:00"), ("time", "20:00")]),
        ("Biuro pracuje 8.00–16.00.", [("time", "08:00"), ("time", "16:00")]),
    ],
)
def test_dates_and_times(text: str, expected: list[tuple[str, str]]) -> None:
    assert value_keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # plain numbers and legal references
        ("Zgodnie z art. 27 ustawy.", [("number", "27")]),
        ("Zobacz § 9 regulaminu.", [("number", "9")]),
        ("Płacisz w 10 ratach.", [("number", "10")]),
        ("Wymień 1 200 punktów.", [("number", "1200")]),
        ("Rozmiar 41 × 38 cm.", [("number", "41"), ("number", "38")]),
        ("W soboty 9–15.", [("number", "9"), ("number", "15")]),
        ("Od 2023 r. działamy.", [("number", "2023")]),
        ("Kwota 8.30 bez waluty.", [("number", "8.3")]),
        # phone numbers, postcodes and order numbers as digit strings
        ("Zadzwoń: 61 000 00 00.", [("number", "610000000")]),
        ("Zadzwoń: +48 610 000 000.", [("number", "610000000")]),
        ("Zadzwoń: 610-000-000.", [("number", "610000000")]),
        ("Zadzwoń: 610000000.", [("number", "610000000")]),
        ("Adres: Składowa 12, 61-001 Poznań.", [("number", "12"), ("number", "61001")]),
        ("Zamówienie nr 260501-1234.", [("number", "2605011234")]),
    ],
)
def test_numbers(text: str, expected: list[tuple[str, str]]) -> None:
    assert value_keys(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # identifiers and compounds: digits glued to letters or hyphenated words
        "Paczkomat 24/7 przyjmuje paczki.",
        "Włącz 2FA w ustawieniach.",
        "Kod ABC123 jest ważny.",
        "Ramka ma 4px.",
        "Wpisz 6-cyfrowy kod.",
        "Potwierdź w 3-D Secure.",
        "Numer RK/2026/01234 dostaniesz e-mailem.",
        "Napisz na iod@modrzew.example albo wejdź na sklep24.pl.",
        # citation markers and list numbers
        "Masz prawo do zwrotu [1].",
        "Tak, zgodnie z [1, 2].",
        "1. Zaloguj się na konto.",
        # number words alone are words
        "Jeden z produktów nie dotarł.",
        "Dwa razy sprawdziliśmy paczkę.",
        "Dzień dobry, w czym mogę pomóc?",
        "",
    ],
)
def test_non_values(text: str) -> None:
    assert value_keys(text) == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("19,99 zł", "19 zł 99 gr"),
        ("20 zł", "20,00 PLN"),
        ("14 dni", "czternaście dni"),
        ("2 tygodnie", "14 dni"),
        ("24 godziny", "24-godzinny"),
        ("3.06.2026", "3 czerwca 2026"),
        ("8:00", "8.00"),
        ("61 000 00 00", "+48 610 000 000"),
    ],
)
def test_spellings_meet(first: str, second: str) -> None:
    assert value_keys(first) == value_keys(second)


def test_value_keeps_its_spelling_and_span() -> None:
    text = "Kurier kosztuje 14,99 zł."
    (value,) = extract_values(text)
    assert value.kind is ValueKind.AMOUNT and value.kind == "amount"
    assert value.text == "14,99 zł" == text[value.start : value.end]
    assert value.atoms == ("14.99",)


@pytest.mark.parametrize(
    ("claimed", "source", "missing"),
    [
        # a changed price, deadline or percentage is missing
        ("Kurier kosztuje 29,99 zł.", "Kurier kosztuje 19,99 zł.", ["29,99 zł"]),
        ("Masz 30 dni na zwrot.", "Masz 14 dni na zwrot.", ["30 dni"]),
        ("Rabat 20%.", "Rabat 30%.", ["20%"]),
        ("Dostawa w 2–5 dni.", "Dostawa w 1–2 dni.", ["2–5 dni"]),
        ("Masz 14 dni.", "Masz 14 dni roboczych.", ["14 dni"]),
        ("Zadzwoń: 61 000 00 01.", "Zadzwoń: 61 000 00 00.", ["61 000 00 01"]),
        # other spellings of the same value are present
        ("Kurier kosztuje 19.99 PLN.", "Kurier kosztuje 19,99 zł.", []),
        ("Masz dwa tygodnie.", "Masz 14 dni.", []),
        ("Do 3 dni roboczych.", "W 1–3 dni robocze.", []),
        # a date without a year matches that day of the source's year
        ("Do 17 czerwca.", "Termin mija 17.06.2026.", []),
        ("Do 17.06.2026.", "Termin mija 17 czerwca.", ["17.06.2026"]),
        # a bare number matches the same number in any value; a full hour a bare number
        ("Kurier za 19,99.", "Kurier kosztuje 19,99 zł.", []),
        ("Czekasz 14.", "Masz 14 dni.", []),
        ("W soboty 9:00–15:00.", "W soboty 9–15.", []),
        ("Kurier za 29,99.", "Kurier kosztuje 19,99 zł.", ["29,99"]),
        # no values, nothing missing
        ("Masz prawo do zwrotu.", "Masz 14 dni.", []),
    ],
)
def test_missing_values(claimed: str, source: str, missing: list[str]) -> None:
    assert [v.text for v in missing_values(extract_values(claimed), extract_values(source))] == missing


def test_number_words_table_covers_one_to_nineteen_and_tens() -> None:
    values = set(NUMBER_WORDS.values())
    assert {*range(1, 20), *range(20, 100, 10), 100} <= {int(v) for v in values if v == int(v)}
    assert NUMBER_WORDS["czternascie"] == 14  # keys are folded
