"""Polish stemming with Stempel (pomocbot.text.stemming).

Tests marked ``integration`` load the real PoliMorf table (~3 s, once per
process: the loaded table is shared). The unit tests swap the table loader for a
fake function so they run without it.
"""

from __future__ import annotations

import pytest

from pomocbot.errors import ConfigError, PomocbotError
from pomocbot.text import PolishStemmer
from pomocbot.text import stemming as stemming_module


@pytest.fixture(scope="module")
def stemmer(polish_stemmer: PolishStemmer) -> PolishStemmer:
    return polish_stemmer  # the session-wide table from conftest.py


@pytest.mark.integration
@pytest.mark.parametrize(
    ("word", "stem"),
    [
        # returns
        ("zwrotu", "zwrot"),
        ("zwrotem", "zwrot"),
        ("zwroty", "zwrot"),
        ("zwrot", "zwrot"),
        # parcel lockers
        ("paczkomatu", "paczkomat"),
        ("paczkomaty", "paczkomat"),
        ("paczkomat", "paczkomat"),
        # complaints: genitive and accusative with ę
        ("reklamacji", "reklamacja"),
        ("reklamację", "reklamacja"),
        ("reklamacja", "reklamacja"),
        # invoices and couriers
        ("faktury", "faktura"),
        ("kurierem", "kurier"),
        ("kurier", "kurier"),
        ("dostawy", "dostawa"),
    ],
)
def test_polimorf_stems(stemmer: PolishStemmer, word: str, stem: str) -> None:
    assert stemmer.stem(word) == stem


@pytest.mark.integration
@pytest.mark.parametrize(
    "word",
    [
        # shorter than three letters: never sent to the table
        "",
        "a",
        "ul",
        "zł",
        "ab",
        # not purely alphabetic: numbers, amounts, dates, hyphens, digits inside
        "19,99",
        "1.05.2026",
        "13:00",
        "e-mail",
        "a1b",
        "sms-y",
    ],
)
def test_short_and_non_alphabetic_words_unchanged(stemmer: PolishStemmer, word: str) -> None:
    assert stemmer.stem(word) == word


@pytest.mark.integration
def test_stemmers_share_one_table_and_agree(stemmer: PolishStemmer) -> None:
    other = PolishStemmer()
    assert [other.stem(w) for w in ("zwrotu", "faktury")] == [stemmer.stem(w) for w in ("zwrotu", "faktury")]


@pytest.mark.integration
def test_original_table_stems() -> None:
    original = PolishStemmer(table="original")
    assert original.table == "original"
    assert original.stem("paczkomatu") == "paczkomat"
    assert original.stem("reklamacji") == "reklamacja"


@pytest.mark.unit
@pytest.mark.parametrize("table", ["Polimorf", "hunspell", "", "morfeusz"])
def test_unknown_table_is_config_error(table: str) -> None:
    with pytest.raises(ConfigError, match="polimorf, original") as info:
        PolishStemmer(table=table)
    assert repr(table) in str(info.value)
    assert isinstance(info.value, PomocbotError)
    assert isinstance(info.value, ValueError)


class _FakeTable:
    """Stands in for a loaded Stempel table: maps words through ``stems``, records calls."""

    def __init__(self, stems: dict[str, str | None]) -> None:
        self.stems = stems
        self.calls: list[str] = []

    def __call__(self, word: str) -> str | None:
        self.calls.append(word)
        return self.stems.get(word, word)


@pytest.fixture
def fake_table(monkeypatch: pytest.MonkeyPatch) -> _FakeTable:
    table = _FakeTable({"zwrotu": "zwrot", "nas": "n", "xyz": "", "wam": None})
    monkeypatch.setattr(stemming_module, "_load_table", lambda name: table)
    return table


@pytest.mark.unit
@pytest.mark.parametrize(
    ("word", "expected"),
    [
        # the table's stem is used
        ("zwrotu", "zwrot"),
        # a stem shorter than two letters, empty or missing: keep the word
        ("nas", "nas"),
        ("xyz", "xyz"),
        ("wam", "wam"),
    ],
)
def test_stem_guards_against_degenerate_stems(fake_table: _FakeTable, word: str, expected: str) -> None:
    assert PolishStemmer().stem(word) == expected


@pytest.mark.unit
def test_stems_are_memoised_per_instance(fake_table: _FakeTable) -> None:
    stemmer = PolishStemmer()
    assert [stemmer.stem("zwrotu") for _ in range(3)] == ["zwrot"] * 3
    assert fake_table.calls == ["zwrotu"]


@pytest.mark.unit
def test_short_and_non_alphabetic_words_never_reach_the_table(fake_table: _FakeTable) -> None:
    stemmer = PolishStemmer()
    for word in ("ul", "19,99", "e-mail", "a1b"):
        stemmer.stem(word)
    assert fake_table.calls == []
