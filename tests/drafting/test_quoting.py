"""Quoted sentences read on their own (#13): no dangling "też", "Wtedy", "Poniżej", or a "Tak," that
answers the page's question instead of the customer's."""

from __future__ import annotations

import pytest

from pomocbot.drafting.base import DraftRequest
from pomocbot.drafting.extractive import ExtractiveDrafter
from pomocbot.drafting.quoting import answers_the_question, context_need, standalone
from pomocbot.types import Hit

pytestmark = pytest.mark.unit


def _stems(text: str) -> list[str]:
    return [w.strip(".,?!:;„”").lower()[:5] for w in text.split() if len(w.strip(".,?!:;„”")) > 2]


def _draft(question: str, *texts: tuple[str, str], **limits: int) -> str:
    hits = [Hit(doc_id=f"d{i}", chunk_id=f"d{i}#0", title=title, text=text, rank=i + 1, score=2.0 - i / 10)
            for i, (title, text) in enumerate(texts)]
    return ExtractiveDrafter(stems=_stems).draft(DraftRequest(question=question, sources=hits, **limits)).body


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Możesz też zalogować się linkiem z e-maila.", "Możesz zalogować się linkiem z e-maila."),
    ("Ponadto zwrot jest bezpłatny.", "Zwrot jest bezpłatny."),
    ("Poza tym przyjmujemy płatności BLIK-iem.", "Przyjmujemy płatności BLIK-iem."),
    ("Wysyłamy również w soboty.", "Wysyłamy w soboty."),
    # the particle joins two parts of the sentence itself: kept
    ("Płacisz kartą, a także BLIK-iem.", "Płacisz kartą, a także BLIK-iem."),
    ("Zwrot jest bezpłatny, jak również wymiana.", "Zwrot jest bezpłatny, jak również wymiana."),
])
def test_additive_particles_go_when_their_antecedent_is_not_quoted(sentence: str, expected: str) -> None:
    assert standalone(sentence, previous_quoted=False) == expected
    assert standalone(sentence, previous_quoted=True) == sentence


@pytest.mark.parametrize(("sentence", "need"), [
    ("Wtedy kliknij „Wyślij link ponownie”.", "previous"),
    ("W takim przypadku zwrot trwa dłużej.", "previous"),
    ("Dane, jak wyżej, wpisz w formularzu.", "previous"),
    ("Poniżej znajdziesz listę punktów.", "next"),
    ("Masz dwie możliwości:", "next"),
    ("Zwrot jest bezpłatny.", None),
])
def test_what_a_sentence_needs(sentence: str, need: str | None) -> None:
    assert context_need(sentence) == need


def test_a_sentence_that_leans_back_brings_its_antecedent() -> None:
    body = _draft("jak kliknąć wyślij link ponownie aktywacja konta",
                  ("Aktywacja konta", "Jeśli link aktywacyjny wygasł, zaloguj się na konto. "
                                      "Wtedy kliknij przycisk wyślij link ponownie w oknie aktywacji konta."))
    assert body.startswith("Jeśli link aktywacyjny wygasł")


def test_a_dangling_companion_is_left_out_rather_than_quoted_alone() -> None:
    # the list "Poniżej" announces is not in the chunk: the sentence would point at nothing
    body = _draft("ile kosztuje dostawa kurierem",
                  ("Dostawa", "Dostawa kurierem kosztuje 14,99 zł. "
                              "Poniżej znajdziesz pełny cennik dostawy kurierem."))
    assert "Poniżej" not in body and "14,99 zł" in body


@pytest.mark.parametrize("question", [
    "czy nie mogę zwrócić butów bez paragonu?",   # the opposite question
    "jak zwrócić buty bez paragonu?",             # not a yes/no question
])
def test_tak_is_dropped_when_it_would_answer_another_question(question: str) -> None:
    page = ("Czy mogę zwrócić buty bez paragonu?",
            "Tak, buty zwrócisz bez paragonu, wystarczy numer zamówienia.")
    assert _draft(question, page).startswith("Buty zwrócisz bez paragonu")


def test_tak_stays_for_the_pages_own_question() -> None:
    page = ("Czy mogę zwrócić buty bez paragonu?",
            "Tak, buty zwrócisz bez paragonu, wystarczy numer zamówienia.")
    assert _draft("czy mogę oddać buty bez paragonu?", page).startswith("Tak, buty zwrócisz")


def test_answers_the_question_needs_a_question_title() -> None:
    assert not answers_the_question("czy mogę zwrócić buty?", _stems("mogę zwrócić buty"), "Zwroty", _stems)
