"""Parsing a model's answer: citation markers, abstention token, reasoning blocks, labels."""

from __future__ import annotations

import pytest

from pomocbot.drafting.llm_output import clean_rewrite, normalize_citations, parse_answer

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("raw", "body", "cited", "invalid"),
    [
        # the asked-for form
        ("Masz 14 dni na zwrot [1].", "Masz 14 dni na zwrot [1].", [1], []),
        ("Masz 14 dni [1][2].", "Masz 14 dni [1][2].", [1, 2], []),
        # lists and spaces inside one marker
        ("Masz 14 dni [1, 2].", "Masz 14 dni [1][2].", [1, 2], []),
        ("Masz 14 dni [ 2 ; 1 ].", "Masz 14 dni [2][1].", [2, 1], []),
        ("Masz 14 dni [1 i 3].", "Masz 14 dni [1][3].", [1, 3], []),
        ("Masz 14 dni [1-3].", "Masz 14 dni [1][2][3].", [1, 2, 3], []),
        # adjacent markers merge, repeats go
        ("Masz 14 dni [1] [2].", "Masz 14 dni [1][2].", [1, 2], []),
        ("Masz 14 dni [2][1][2].", "Masz 14 dni [2][1].", [2, 1], []),
        # "source" written out, Polish and English
        ("Masz 14 dni (źródło 1).", "Masz 14 dni [1].", [1], []),
        ("Masz 14 dni (Źródła: 1 i 2).", "Masz 14 dni [1][2].", [1, 2], []),
        ("Masz 14 dni [źródło 2].", "Masz 14 dni [2].", [2], []),
        ("Masz 14 dni (zrodlo 3).", "Masz 14 dni [3].", [3], []),
        ("Masz 14 dni [Source 1].", "Masz 14 dni [1].", [1], []),
        # spacing: glued to the word, or several spaces
        ("Masz 14 dni[1].", "Masz 14 dni [1].", [1], []),
        ("Masz 14 dni    [1] .", "Masz 14 dni [1].", [1], []),
        # marker after the full stop moves in front of it
        ("Masz 14 dni.[1]", "Masz 14 dni [1].", [1], []),
        ("Masz 14 dni. [1] Formularz jest online. [2]", "Masz 14 dni [1]. Formularz jest online [2].",
         [1, 2], []),
        ("Czy to darmowe? [3]", "Czy to darmowe [3]?", [3], []),
        # numbers outside 1..n are dropped
        ("Masz 14 dni [4].", "Masz 14 dni.", [], [4]),
        ("Masz 14 dni [0][1].", "Masz 14 dni [1].", [1], [0]),
        ("Masz 14 dni [1, 9].", "Masz 14 dni [1].", [1], [9]),
        # plain parentheses are not citations; numbers in text are untouched
        ("Kroki: (1) zaloguj się [2].", "Kroki: (1) zaloguj się [2].", [2], []),
        ("Kurier kosztuje 14,99 zł, od 199 zł gratis [2].", "Kurier kosztuje 14,99 zł, od 199 zł gratis [2].",
         [2], []),
        # no markers at all
        ("Masz 14 dni na zwrot.", "Masz 14 dni na zwrot.", [], []),
        # cited in order of first use across sentences
        ("Paczkomat [3]. Kurier [1]. Zwrot [3].", "Paczkomat [3]. Kurier [1]. Zwrot [3].", [3, 1], []),
    ],
)
def test_citation_markers(raw: str, body: str, cited: list[int], invalid: list[int]) -> None:
    parsed = parse_answer(raw, n_sources=3)
    assert (parsed.body, parsed.cited, parsed.invalid_markers) == (body, cited, invalid)
    assert not parsed.abstained


def test_normalize_citations_alone_keeps_the_stop_where_it_is() -> None:
    assert normalize_citations("Masz 14 dni. [1, 2]", 2) == ("Masz 14 dni. [1][2]", [1, 2], [])


@pytest.mark.parametrize(
    "raw",
    [
        "BRAK_ODPOWIEDZI",
        "  BRAK_ODPOWIEDZI.  ",
        "`BRAK_ODPOWIEDZI`",
        "**BRAK ODPOWIEDZI**",
        "brak_odpowiedzi",
        "Źródła tego nie opisują. BRAK_ODPOWIEDZI",
        "<think>Nie ma tego w źródłach.</think>\nBRAK_ODPOWIEDZI",
    ],
)
def test_abstention_token(raw: str) -> None:
    parsed = parse_answer(raw, n_sources=2)
    assert parsed.abstained and parsed.body == "" and parsed.cited == [] and not parsed.empty


@pytest.mark.parametrize(
    "raw",
    [
        "W razie braku odpowiedzi od kuriera prosimy o kontakt [1].",
        "Jeśli brak odpowiedzi od sklepu trwa 14 dni, reklamacja jest uznana [2].",
    ],
)
def test_natural_phrases_are_not_abstentions(raw: str) -> None:
    assert not parse_answer(raw, n_sources=2).abstained


def test_a_custom_abstention_token() -> None:
    assert parse_answer("NIE_WIEM", n_sources=1, abstain_token="NIE_WIEM").abstained
    assert not parse_answer("BRAK_ODPOWIEDZI", n_sources=1, abstain_token="NIE_WIEM").abstained


@pytest.mark.parametrize(
    ("raw", "body"),
    [
        ("<think>Źródło 1 mówi o zwrotach.</think>\nMasz 14 dni [1].", "Masz 14 dni [1]."),
        ("Odpowiedź: Masz 14 dni [1].", "Masz 14 dni [1]."),
        ("**Odpowiedź:** Masz 14 dni [1].", "Masz 14 dni [1]."),
        ("„Masz 14 dni [1].”", "Masz 14 dni [1]."),
        ("Masz 14 dni [1].\n\n\n\n- Formularz online [1].", "Masz 14 dni [1].\n\n- Formularz online [1]."),
    ],
)
def test_reasoning_labels_and_whitespace_are_cleaned(raw: str, body: str) -> None:
    assert parse_answer(raw, n_sources=1).body == body


@pytest.mark.parametrize("raw", ["", "   ", "<think>Zaczynam myśleć, ale zabrakło tokenów", "[7]"])
def test_nothing_usable_is_empty(raw: str) -> None:
    assert parse_answer(raw, n_sources=2).empty


@pytest.mark.parametrize(
    ("raw", "question"),
    [
        ("Ile kosztuje dostawa do Paczkomatu?", "Ile kosztuje dostawa do Paczkomatu?"),
        ("Pytanie: Ile kosztuje dostawa do Paczkomatu?\nWyjaśnienie: klient pyta o koszt.",
         "Ile kosztuje dostawa do Paczkomatu?"),
        ('"Ile kosztuje kurier DPD?"', "Ile kosztuje kurier DPD?"),
        ("<think>kontekst: kurier</think>\n\nIle kosztuje kurier DPD? [1]", "Ile kosztuje kurier DPD?"),
        ("", None),
        ("BRAK_ODPOWIEDZI", None),
        ("Ile " + "bardzo " * 100 + "kosztuje?", None),
    ],
)
def test_clean_rewrite(raw: str, question: str | None) -> None:
    assert clean_rewrite(raw) == question
