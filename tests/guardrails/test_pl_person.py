"""Person names (OSOBA) without an NER model: full names, inflection, context, lower case, false positives."""

from __future__ import annotations

import threading

import pytest

from pomocbot.guardrails.recognizers.pl_person import PlPersonRecognizer

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def recognizer() -> PlPersonRecognizer:
    return PlPersonRecognizer()


def found(recognizer: PlPersonRecognizer, text: str, min_score: float = 0.0) -> list[str]:
    return [text[r.start:r.end] for r in recognizer.analyze(text, ["OSOBA"], None) if r.score >= min_score]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # nominative full names
        ("Zamówienie złożył Jan Kowalski w poniedziałek.", ["Jan Kowalski"]),
        ("Kontakt: Anna Nowak, tel. w stopce.", ["Anna Nowak"]),
        ("Odbierze Katarzyna Wiśniewska-Nowak.", ["Katarzyna Wiśniewska-Nowak"]),
        ("Przyjdzie Anna Maria Zielińska.", ["Anna Maria Zielińska"]),
        # inflected full names
        ("Przesyłka dla Jana Kowalskiego.", ["Jana Kowalskiego"]),
        ("Proszę przekazać Annie Nowak, że paczka czeka.", ["Annie Nowak"]),
        ("Rozmawiałam z Katarzyną Wiśniewską z działu reklamacji.", ["Katarzyną Wiśniewską"]),
        ("Wysłałem to Janowi Kowalskiemu i Pawłowi Lewandowskiemu.",
         ["Janowi Kowalskiemu", "Pawłowi Lewandowskiemu"]),
        ("Zwrot zlecił Piotr Wieczorek, a odebrał Marek Kowalczyk.", ["Piotr Wieczorek", "Marek Kowalczyk"]),
        ("Dzwonił Wojciech Mazur.", ["Wojciech Mazur"]),
        # a first name alone
        ("Wczoraj Tomek odebrał paczkę.", ["Tomek"]),
        ("Czy Kasia może odebrać zamówienie?", ["Kasia"]),
        # a surname alone, by shape or from the list
        ("Reklamację prowadzi Kowalski z magazynu.", ["Kowalski"]),
        ("Numer podała mi Lewandowska.", ["Lewandowska"]),
        # initials
        ("Podpisano: J. Kowalski", ["J. Kowalski"]),
        ("Towar przyjął K. Nowak.", ["K. Nowak"]),
        # a foreign name
        ("Paczkę nadał John Smith z Londynu.", ["John Smith"]),
        # the same surname later in another case
        ("Jan Kowalski pisał wczoraj. Przekażcie Kowalskiemu fakturę.", ["Jan Kowalski", "Kowalskiemu"]),
    ],
)
def test_names(recognizer: PlPersonRecognizer, text: str, expected: list[str]) -> None:
    assert found(recognizer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # honorifics and titles, inflected
        ("Rozmawiałem z Panią Zofią.", ["Zofią"]),
        ("Pan Mazur obiecał zwrot.", ["Mazur"]),
        ("Proszę przekazać panu Wróblowi.", ["Wróblowi"]),
        ("Kurier Zając zostawił awizo.", ["Zając"]),
        ("Zgłoszenie przyjął konsultant Krawczyk.", ["Krawczyk"]),
        ("Umówiłam się z dr Nowakiem.", ["Nowakiem"]),
        # introductions
        ("Dzień dobry, nazywam się Jan Kowalski.", ["Jan Kowalski"]),
        ("Dzień dobry, z tej strony Magda Zając.", ["Magda Zając"]),
        ("Mam na imię Ola i mam problem z paczką.", ["Ola"]),
        ("Imię i nazwisko: Barbara Krawczyk", ["Barbara Krawczyk"]),
        ("Odbiorca: Piotr Wiśniewski", ["Piotr Wiśniewski"]),
        # sign-offs at the end
        ("Proszę o szybką odpowiedź. Pozdrawiam, Anna Nowak", ["Anna Nowak"]),
        ("Czekam na zwrot pieniędzy.\nZ poważaniem\nTomasz Król", ["Tomasz Król"]),
        ("Dziękuję, Marek", ["Marek"]),
    ],
)
def test_context(recognizer: PlPersonRecognizer, text: str, expected: list[str]) -> None:
    assert found(recognizer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # lower case only with strong context or a known first name + surname shape
        ("nazywam się jan kowalski i czekam na paczkę", ["jan kowalski"]),
        ("nazywam się kowalski", ["kowalski"]),
        ("mam na imię ania", ["ania"]),
        ("z tej strony piotr nowak", ["piotr nowak"]),
        ("paczka dla jana kowalskiego", ["jana kowalskiego"]),
        ("pozdrawiam, kasia", ["kasia"]),
        # typed without Polish letters
        ("nazywam sie Pawel Wisniewski", ["Pawel Wisniewski"]),
        # lower case words that are not names
        ("marka tego produktu jest słaba", []),
        ("ala ma kota, a ola psa", []),
        ("wszyscy czekamy na przesyłkę", []),
    ],
)
def test_lower_case(recognizer: PlPersonRecognizer, text: str, expected: list[str]) -> None:
    assert found(recognizer, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # capitalised common words at the start of a sentence
        "Dzień dobry. Zamówienie nie dotarło. Paczka miała być wczoraj.",
        "Marka tego czajnika to Bosch. Kalina rośnie w ogrodzie.",
        "Róża, którą zamówiłam, zwiędła.",
        "Wioska olimpijska to nie jest miejsce na zakupy.",
        # brands and services of e-commerce
        "Wysłałem przez InPost do Paczkomatu, zapłaciłem BLIK-iem na Allegro.",
        "Kupiłem telefon Samsung w Media Markt.",
        # months, weekdays, holidays
        "Paczka przyjdzie w Poniedziałek albo w Piątek, najpóźniej w Sylwestra.",
        "Zamówiłem w Maju, a dostałem w Czerwcu.",
        # cities are places, not people
        "Mieszkam w Krakowie, paczka szła z Gdańska przez Warszawę.",
        "Wysyłka do Jarosławia trwa dwa dni.",
        # proper adjectives that look like -ski surnames
        "Poczta Polska i Bank Śląski mają przerwę.",
        "Studiuję na Uniwersytecie Jagiellońskim.",
        # a street is an address
        "Mieszkam przy ul. Mickiewicza 5.",
        # nationalities and shouting
        "Sprzedawca to Niemiec, a kurier Polak.",
        "NIE DZIAŁA MI TO ZAMÓWIENIE!!!",
        # "Życie" is not a form of Zyta
        "Życie z tym sklepem jest trudne.",
    ],
)
def test_no_false_positives(recognizer: PlPersonRecognizer, text: str) -> None:
    assert found(recognizer, text, min_score=0.5) == []


def test_scores_rank_evidence(recognizer: PlPersonRecognizer) -> None:
    text = "Jan Kowalski i Kasia. Pisał też Scheiblerowi."
    scores = {text[r.start:r.end]: r.score for r in recognizer.analyze(text, ["OSOBA"], None)}
    assert scores["Jan Kowalski"] > scores["Kasia"] > scores["Scheiblerowi"]


def test_other_entities_asked(recognizer: PlPersonRecognizer) -> None:
    assert recognizer.analyze("Jan Kowalski", ["PESEL"], None) == []


def test_presidio_interface(recognizer: PlPersonRecognizer) -> None:
    assert recognizer.supported_entities == ["OSOBA"]
    assert recognizer.supported_language == "pl"
    result = recognizer.analyze("Dzwonił Jan Kowalski.", ["OSOBA"], None)[0]
    assert (result.entity_type, result.start, result.end) == ("OSOBA", 8, 20)


def test_threads_do_not_share_state(recognizer: PlPersonRecognizer) -> None:
    texts = ["Przesyłka dla Jana Kowalskiego.", "Rozmawiałam z Katarzyną Wiśniewską.", "Nic tu nie ma."]
    expected = {t: found(recognizer, t) for t in texts}
    errors: list[str] = []

    def work(text: str) -> None:
        for _ in range(300):
            if found(recognizer, text) != expected[text]:
                errors.append(text)

    threads = [threading.Thread(target=work, args=(t,)) for t in texts * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
