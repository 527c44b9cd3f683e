"""Quoted "ty" sentences in a formal persona's register (#13), by grammar (Morfeusz)."""

from __future__ import annotations

import pytest

from pomocbot.config import Register
from pomocbot.drafting.register import to_register

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("sentence", "pan", "panstwo"), [
    ("Masz 14 dni na zwrot.", "Ma Pan/Pani 14 dni na zwrot.", "Mają Państwo 14 dni na zwrot."),
    ("Link znajdziesz w e-mailu.", "Link znajdzie Pan/Pani w e-mailu.", "Link znajdą Państwo w e-mailu."),
    ("Nie musisz drukować etykiety.", "Nie musi Pan/Pani drukować etykiety.",
     "Nie muszą Państwo drukować etykiety."),
    ("Napisz do nas na czacie.", "Proszę napisać do nas na czacie.", "Prosimy napisać do nas na czacie."),
    ("Zaloguj się i kliknij przycisk.", "Proszę zalogować się i kliknąć przycisk.",
     "Prosimy zalogować się i kliknąć przycisk."),
    ("Jeśli zamówiłeś zły rozmiar, wymień go.", "Jeśli zamówił(a) Pan/Pani zły rozmiar, proszę wymienić go.",
     "Jeśli zamówili Państwo zły rozmiar, prosimy wymienić go."),
    ("Wyślemy Ci kod na Twój e-mail.", "Wyślemy Panu/Pani kod na Pana/Pani e-mail.",
     "Wyślemy Państwu kod na Państwa e-mail."),
    ("Skontaktujemy się z tobą.", "Skontaktujemy się z Panem/Panią.", "Skontaktujemy się z Państwem."),
    ("Dla ciebie mamy rabat.", "Dla Pana/Pani mamy rabat.", "Dla Państwa mamy rabat."),
    ("Jeśli jesteś w sklepie, zobaczysz zamówienia.",
     "Jeśli jest Pan/Pani w sklepie, zobaczy Pan/Pani zamówienia.",
     "Jeśli są Państwo w sklepie, zobaczą Państwo zamówienia."),
])
def test_ty_forms_take_the_register(sentence: str, pan: str, panstwo: str) -> None:
    assert to_register(sentence, Register.PAN) == pan
    assert to_register(sentence, Register.PANSTWO) == panstwo
    assert to_register(sentence, Register.TY) == sentence


@pytest.mark.parametrize("sentence", [
    "Montaż szafy lub łóżka zamawia się w koszyku.",   # "lub" is also the imperative of "lubić"
    "Ci klienci mają rabat.",                          # "ci" the demonstrative
    "Zwrot jest bezpłatny.",
])
def test_words_that_only_look_like_ty_forms_stay(sentence: str) -> None:
    assert to_register(sentence, Register.PAN) == sentence


def test_a_buttons_label_is_named_not_addressed() -> None:
    assert to_register("Kliknij „Wyślij link ponownie”.", Register.PAN) == \
        "Proszę kliknąć „Wyślij link ponownie”."
    assert to_register("Wybierz Zwróć przy zamówieniu.", Register.PAN) == \
        "Proszę wybrać Zwróć przy zamówieniu."


def test_an_infinitive_that_is_also_an_imperative_stays() -> None:
    # "pobrać" is also the imperative of "pobracić"
    converted = to_register("Zapytaj, gdzie pobrać fakturę.", Register.PAN)
    assert converted == "Proszę zapytać, gdzie pobrać fakturę."
