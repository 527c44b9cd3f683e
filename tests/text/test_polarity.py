"""Polarity of a claim against its source: negations, brak/bez, modals, quantifiers, bounds."""

from __future__ import annotations

import pytest

from pomocbot.text.polarity import polarity_conflict

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("claim", "source"),
    [
        # the case: a reversed policy accepted as "poparte przez [2]"
        ("Zwracamy Panu koszt odesłania towaru.", "Nie zwracamy kosztu odesłania towaru."),
        ("Tak, wysyłamy paczki za granicę.", "Nie wysyłamy paczek za granicę."),
        ("Meble na wymiar można zwrócić w ciągu 14 dni.", "Mebli na wymiar nie można zwrócić."),
        ("Zwrot przez Paczkomat jest płatny.", "Zwrot przez Paczkomat jest bezpłatny."),
        ("Za wniesienie pralki trzeba dopłacić.", "Wniesienie pralki jest darmowe."),
        ("Nie trzeba drukować etykiety.", "Etykietę trzeba wydrukować i nakleić na paczkę."),
        ("Faktura jest niedostępna w panelu klienta.", "Faktura jest dostępna w panelu klienta."),
        ("W niedziele czat jest czynny.", "W niedziele i święta czat z konsultantem jest nieczynny."),
        ("Akceptujemy karty American Express.", "Nie przyjmujemy kart American Express."),
        (
            "Kod rabatowy można dodać do złożonego zamówienia.",
            "Kodu nie da się dodać do złożonego zamówienia.",
        ),
        ("Przyjmujemy zwroty wszystkich produktów.", "Przyjmujemy zwroty tylko niektórych produktów."),
        ("Termin liczymy od odbioru pierwszej paczki.", "Termin liczymy od odbioru ostatniej paczki."),
        ("Paczkę można otworzyć przed zapłatą.", "Paczkę można otworzyć po zapłacie."),
        ("Płacimy kartą tylko przy odbiorze.", "Płacimy kartą również przy odbiorze."),
        ("Dostawa jest darmowa do 200 zł.", "Dostawa jest darmowa od 200 zł."),
        ("Rabat wynosi najwyżej 10 %.", "Rabat wynosi co najmniej 10 %."),
    ],
)
def test_a_reversal_is_a_conflict(claim: str, source: str) -> None:
    assert polarity_conflict(claim, source) is not None


@pytest.mark.parametrize(
    ("claim", "source"),
    [
        (
            "Produkty na zamówienie nie podlegają zwrotowi.",
            "Nie przyjmujemy zwrotów produktów na zamówienie.",
        ),
        (
            "Przy zamówieniu za co najmniej 200 zł nie płaci Pan za dostawę.",
            "Dostawa jest bezpłatna od 200 zł.",
        ),
        ("Zwrot jest bezpłatny.", "Za zwrot nie pobieramy żadnych opłat."),
        ("Na zwrot ma Pan najpóźniej 14 dni.", "Zwrotu trzeba dokonać nie później niż 14 dni od odbioru."),
        ("Nie, nie wysyłamy paczek za granicę.", "Nie wysyłamy paczek za granicę."),
        ("Nie, paczki wysyłamy tylko w Polsce.", "Wysyłamy wyłącznie na terenie Polski."),
        ("Kodu wpisywać nie trzeba.", "Nie musisz wpisywać żadnego kodu."),
        ("Można wstrzymać zwrot, dopóki paczka nie dotrze.", "Zwrot wstrzymamy do czasu, aż paczka dotrze."),
        ("Zwrot przyjmiemy bez problemu.", "Zwrot przyjmiemy."),
        ("Od 199 zł dostawa jest darmowa.", "Dostawa kosztuje 14,99 zł, a od 199 zł jest darmowa."),
        (
            "Punkty liczymy od pierwszego zamówienia po dołączeniu, wcześniejszych zakupów nie doliczamy.",
            "Punkty naliczamy od pierwszego zamówienia po dołączeniu; zakupów sprzed dołączenia nie liczymy.",
        ),
        ("Kartą płatniczą zapłaci Pan bez żadnych opłat.", "Płatność kartą płatniczą jest bezpłatna."),
    ],
)
def test_a_faithful_paraphrase_is_no_conflict(claim: str, source: str) -> None:
    assert polarity_conflict(claim, source) is None


def test_the_conflict_names_the_words_on_both_sides() -> None:
    conflict = polarity_conflict("Zwracamy koszt odesłania.", "Nie zwracamy kosztu odesłania.")
    assert conflict is not None and conflict.kind == "negation"
    assert conflict.describe() == "„Nie zwracamy” w źródle, „Zwracamy” w odpowiedzi"


def test_the_verifier_refuses_a_reversed_policy_from_an_llm() -> None:
    from pomocbot.drafting.grounding import GroundingVerifier
    from pomocbot.types import Hit

    source = Hit(
        doc_id="zwroty",
        chunk_id="zwroty#0",
        title="Koszty zwrotu",
        rank=1,
        score=1.0,
        text="Zwrot jest możliwy w ciągu 14 dni. Nie zwracamy kosztu odesłania towaru.",
    )
    result = GroundingVerifier(None, stem=lambda w: w[:6]).verify(
        "Zwrot jest możliwy w ciągu 14 dni [1]. Zwracamy koszt odesłania towaru [1].", [source]
    )
    assert result.body == "Zwrot jest możliwy w ciągu 14 dni [1]."
    assert result.verdicts[1].reason.startswith("przeczy źródłu [1]")
