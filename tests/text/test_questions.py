"""Question types: yes/no ("czy") vs. a fact ("jak", "ile", …)."""

from __future__ import annotations

import pytest

from pomocbot.text.questions import question_type, starts_with_yes_no

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("question", "kind"), [
    # yes/no with "czy", after greetings and openers
    ("Czy mogę zwrócić buty?", "yes_no"),
    ("czy moge zwrocic buty", "yes_no"),
    ("Dzień dobry, czy wysyłacie za granicę?", "yes_no"),
    ("A czy do paczkomatu też?", "yes_no"),
    ("Mam pytanie, czy faktura przyjdzie mailem?", "yes_no"),
    ("Zamówiłem wczoraj kurtkę. Czy mogę jeszcze zmienić adres?", "yes_no"),
    # questions for a fact
    ("Jak złożyć reklamację?", "wh"),
    ("Ile kosztuje dostawa kurierem?", "wh"),
    ("Gdzie znajdę fakturę?", "wh"),
    ("Kiedy dostanę zwrot pieniędzy?", "wh"),
    ("Dlaczego płatność się nie udała?", "wh"),
    ("Jakie są formy płatności?", "wh"),
    ("W jakim terminie rozpatrujecie reklamacje?", "wh"),
    ("Do kiedy mogę oddać towar?", "wh"),
    ("Za ile jest przesyłka gabarytowa?", "wh"),
    ("Po co mi konto w sklepie?", "wh"),
    ("Którędy najszybciej zwrócić paczkę?", "wh"),
    ("Dzień dobry, ile dni ma zwrot?", "wh"),
    # neither: colloquial yes/no, statements, empty
    ("Mogę zapłacić BLIKIEM?", "other"),
    ("Paczka nie doszła", "other"),
    ("", "other"),
    ("???", "other"),
])
def test_question_type(question: str, kind: str) -> None:
    assert question_type(question) == kind


@pytest.mark.parametrize(("text", "expected"), [
    ("Tak, możesz.", True),
    ("Nie. Produkty na wymiar nie podlegają zwrotowi.", True),
    ("„Tak” – odpowiedź brzmi tak.", True),
    ("Takie produkty wysyłamy kurierem.", False),
    ("Niestety nie.", False),
    ("Zwrot jest bezpłatny.", False),
])
def test_starts_with_yes_no(text: str, expected: bool) -> None:
    assert starts_with_yes_no(text) is expected
