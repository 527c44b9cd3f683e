"""Diacritic folding and whitespace normalisation (pomocbot.text.normalize)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pomocbot.text import fold_diacritics, normalize_whitespace
from pomocbot.text.normalize import normalize_unicode

pytestmark = pytest.mark.unit

POLISH_LETTERS = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"


@pytest.mark.parametrize(
    ("letter", "expected"),
    [
        # lower case
        ("ą", "a"), ("ć", "c"), ("ę", "e"), ("ł", "l"), ("ń", "n"),
        ("ó", "o"), ("ś", "s"), ("ź", "z"), ("ż", "z"),
        # capitals
        ("Ą", "A"), ("Ć", "C"), ("Ę", "E"), ("Ł", "L"), ("Ń", "N"),
        ("Ó", "O"), ("Ś", "S"), ("Ź", "Z"), ("Ż", "Z"),
    ],
)
def test_fold_polish_letter(letter: str, expected: str) -> None:
    assert fold_diacritics(letter) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Polish words and sentences typed with diacritics
        ("zażółć gęślą jaźń", "zazolc gesla jazn"),
        ("ZAŻÓŁĆ GĘŚLĄ JAŹŃ", "ZAZOLC GESLA JAZN"),
        ("Łódź, ul. Piotrkowska", "Lodz, ul. Piotrkowska"),
        ("Która godzina? Żółć!", "Ktora godzina? Zolc!"),
        ("Zwrot 14,99 zł w ciągu 14 dni.", "Zwrot 14,99 zl w ciagu 14 dni."),
        # other Latin accents in product names and foreign addresses
        ("Café", "Cafe"),
        ("Müller", "Muller"),
        ("crème brûlée", "creme brulee"),
        ("Škoda Octavia", "Skoda Octavia"),
        ("naïve señor", "naive senor"),
        ("Ångström", "Angstrom"),
        # mixed Polish and foreign letters in one string
        ("Żółty fotel Müller", "Zolty fotel Muller"),
        # decomposed input: base letter + combining mark
        ("a\u0328", "a"),
        ("z\u0307olw", "zolw"),
        ("e\u0301", "e"),
        # already ASCII: untouched
        ("Paczkomat InPost 11,99 zl", "Paczkomat InPost 11,99 zl"),
        ("", ""),
    ],
)
def test_fold_diacritics(text: str, expected: str) -> None:
    assert fold_diacritics(text) == expected


def test_normalize_unicode_composes_letter_with_ogonek() -> None:
    assert normalize_unicode("a\u0328") == "ą"
    assert normalize_unicode("Z\u0307o\u0301łw") == "Żółw"


@given(st.text(alphabet=POLISH_LETTERS + "abcxyz ABC.,!?0123456789", max_size=60))
def test_folded_polish_text_is_ascii_of_same_length(text: str) -> None:
    folded = fold_diacritics(text)
    assert folded.isascii()
    assert len(folded) == len(text)
    assert fold_diacritics(folded) == folded


@given(st.text(max_size=60))
def test_fold_diacritics_is_idempotent(text: str) -> None:
    once = fold_diacritics(text)
    assert fold_diacritics(once) == once
    assert not any(unicodedata.combining(ch) for ch in once if "\u0300" <= ch <= "\u036f")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # leading, trailing and repeated spaces
        ("  Dzień   dobry  ", "Dzień dobry"),
        # tabs and line breaks
        ("Dzień\tdobry\n\nJak mogę pomóc?\r\n", "Dzień dobry Jak mogę pomóc?"),
        # no-break spaces in amounts ("1 000 zł") and after one-letter words ("w domu")
        ("1\u00a0000\u00a0zł", "1 000 zł"),
        ("w\u00a0domu", "w domu"),
        # other Unicode spaces: em space, thin space, narrow no-break space
        ("a\u2003b\u2009c\u202fd", "a b c d"),
        # only whitespace
        (" \n\t\u00a0 ", ""),
        ("", ""),
    ],
)
def test_normalize_whitespace(text: str, expected: str) -> None:
    assert normalize_whitespace(text) == expected


@given(st.text(max_size=80))
def test_normalize_whitespace_keeps_words_and_is_idempotent(text: str) -> None:
    result = normalize_whitespace(text)
    assert result.split() == text.split()
    assert result == result.strip()
    assert "  " not in result
    assert normalize_whitespace(result) == result
