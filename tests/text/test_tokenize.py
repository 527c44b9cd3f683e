"""Word tokens, lexical terms and character n-grams (pomocbot.text.tokenize)."""

from __future__ import annotations

import pytest

from pomocbot.text import PolishStemmer, char_ngrams, is_stopword, lexical_terms, word_tokens


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # numbers keep their decimal comma or dot
        ("Kurier kosztuje 14,99 zł", ["Kurier", "kosztuje", "14,99", "zł"]),
        ("Cena 19.99 PLN", ["Cena", "19.99", "PLN"]),
        # dates stay one token
        ("Zamknięte 1.05.2026 r.", ["Zamknięte", "1.05.2026", "r"]),
        # a colon splits hours from minutes
        ("do godz. 13:00", ["do", "godz", "13", "00"]),
        # hyphenated words are joined so both spellings meet
        ("Napisz e-mail", ["Napisz", "email"]),
        ("Bielsko-Biała", ["BielskoBiała"]),
        ("Wyślemy SMS-y", ["Wyślemy", "SMSy"]),
        # a hyphen between numbers is a range, not a word joiner
        ("1-2 dni", ["1", "2", "dni"]),
        # Polish letters kept, punctuation dropped
        ("Żółć? Łódź! „Zwrot”…", ["Żółć", "Łódź", "Zwrot"]),
        # digits and letters glued together are separate tokens; underscores are not words
        ("kod ABC123 pole_nazwa", ["kod", "ABC", "123", "pole", "nazwa"]),
        ("", []),
        ("... ?! —", []),
    ],
)
def test_word_tokens(text: str, expected: list[str]) -> None:
    assert word_tokens(text) == expected


class _FakeStemmer:
    """Deterministic stand-in for Stempel: strips a final "u"/"y", records what it was asked."""

    def __init__(self, stems: dict[str, str] | None = None) -> None:
        self.stems = stems or {}
        self.calls: list[str] = []

    def __call__(self, word: str) -> str:
        self.calls.append(word)
        return self.stems.get(word, word.rstrip("uy"))


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # stop words dropped, with and without diacritics, any case
        ("Która paczka?", ["paczka"]),
        ("ktora paczka?", ["paczka"]),
        ("KTÓRA paczka?", ["paczka"]),
        ("Gdzie jest mój zwrot?", ["zwrot"]),
        ("gdzie jest moj zwrot", ["zwrot"]),
        # customer filler words
        ("Dzień dobry, proszę o fakturę. Pozdrawiam", ["fakture"]),
        ("dzien dobry, prosze o fakture", ["fakture"]),
        # numbers kept as they are
        ("Zapłaciłem 14,99 zł 1.05.2026", ["zaplacilem", "14,99", "zl", "1.05.2026"]),
        # only stop words
        ("czy to jest to?", []),
        ("", []),
    ],
)
def test_lexical_terms_with_fake_stemmer(text: str, expected: list[str]) -> None:
    assert lexical_terms(text, stem=_FakeStemmer()) == expected


@pytest.mark.unit
def test_lexical_terms_stems_lower_case_words_then_folds() -> None:
    stem = _FakeStemmer({"zwrócić": "zwrócić", "paczkomatu": "paczkomat"})
    assert lexical_terms("Chcę ZWRÓCIĆ towar z Paczkomatu 14,99", stem=stem) == [
        "zwrocic", "towar", "paczkomat", "14,99"
    ]
    # the stemmer sees lower-cased words with diacritics; numbers and stop words ("chcę") never reach it
    assert stem.calls == ["zwrócić", "towar", "paczkomatu"]


@pytest.mark.unit
@pytest.mark.parametrize(
    "word",
    [
        # with and without diacritics, any case
        "która", "ktora", "Który", "ktory", "jest", "się", "sie", "może", "moze",
        # customer filler
        "proszę", "prosze", "dzień", "dzien",
    ],
)
def test_stopwords_with_and_without_diacritics(word: str) -> None:
    assert is_stopword(word)


@pytest.mark.unit
@pytest.mark.parametrize("text", ["Czy mogę zwrócić?", "czy moge zwrocic?"])
def test_moge_is_filler(text: str) -> None:
    assert lexical_terms(text, stem=_FakeStemmer()) == ["zwrocic"]


@pytest.mark.unit
@pytest.mark.parametrize("word", ["zwrot", "paczkomat", "reklamacja", "faktura", "kurier", "blik"])
def test_content_words_are_not_stopwords(word: str) -> None:
    assert not is_stopword(word)


@pytest.fixture(scope="module")
def stemmer(polish_stemmer: PolishStemmer) -> PolishStemmer:
    return polish_stemmer  # the session-wide table from conftest.py


@pytest.mark.integration
@pytest.mark.parametrize(
    ("one", "other"),
    [
        # inflected forms meet on one term
        ("zwrot", "zwrotu"),
        ("Zwrot", "ZWROTEM"),
        ("reklamacja", "reklamacji"),
        ("reklamację", "reklamacje"),
        ("faktura", "faktury"),
        ("paczkomat", "paczkomatu"),
        ("kurier", "kurierem"),
        ("płatności", "płatność"),
    ],
)
def test_forms_give_the_same_term_with_real_stemmer(stemmer: PolishStemmer, one: str, other: str) -> None:
    terms = lexical_terms(one, stemmer.stem)
    assert len(terms) == 1
    assert terms == lexical_terms(other, stemmer.stem)


@pytest.mark.integration
def test_lexical_terms_with_real_stemmer(stemmer: PolishStemmer) -> None:
    assert lexical_terms("Gdzie jest mój zwrot? Chcę zwrotu za reklamację!", stemmer.stem) == [
        "zwrot", "zwrot", "reklamacja"
    ]
    # terms are folded to ASCII after stemming
    assert all(term.isascii() for term in lexical_terms("Płatność kartą za przesyłkę", stemmer.stem))


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "n", "expected"),
    [
        # padded 4-grams of one word
        ("Zwrot", 4, ["_zwr", "zwro", "wrot", "rot_"]),
        # folded and lower-cased
        ("ŻÓŁW", 4, ["_zol", "zolw", "olw_"]),
        ("żółw", 4, ["_zol", "zolw", "olw_"]),
        # hyphen removed before n-grams
        ("e-mail", 4, ["_ema", "emai", "mail", "ail_"]),
        # a short word gives its whole padded form
        ("ul", 4, ["_ul_"]),
        ("Zwrot", 10, ["_zwrot_"]),
        # stop words dropped (with or without diacritics)
        ("Która ktora ma kot", 4, ["_kot", "kot_"]),
        # other n
        ("Zwrot", 3, ["_zw", "zwr", "wro", "rot", "ot_"]),
        # numbers
        ("14,99", 4, ["_14,", "14,9", "4,99", ",99_"]),
        ("", 4, []),
    ],
)
def test_char_ngrams(text: str, n: int, expected: list[str]) -> None:
    assert char_ngrams(text, n=n) == expected


@pytest.mark.unit
def test_char_ngrams_match_with_and_without_diacritics() -> None:
    assert char_ngrams("Zwrócić reklamację") == char_ngrams("zwrocic reklamacje")
