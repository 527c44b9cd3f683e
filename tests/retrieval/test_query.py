"""Query validation and truncation (prepare_query, check_k)."""

from __future__ import annotations

import logging

import pytest

from pomocbot.errors import EmptyQueryError, InvalidQueryError, PomocbotError, QueryError
from pomocbot.retrieval.query import check_k, prepare_query

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # stripped
        ("  Gdzie jest moja paczka?  ", "Gdzie jest moja paczka?"),
        ("\tzwrot\n", "zwrot"),
        # Polish letters and punctuation kept as they are
        ("Ile kosztuje Paczkomat? 11,99 zł!", "Ile kosztuje Paczkomat? 11,99 zł!"),
        # short enough: untouched inner whitespace
        ("jak   zwrócić", "jak   zwrócić"),
    ],
)
def test_prepare_query_keeps_short_queries(query: str, expected: str) -> None:
    assert prepare_query(query, max_chars=2000) == expected


@pytest.mark.parametrize(
    ("query", "max_chars", "expected"),
    [
        # cut at the last space before the limit
        ("zwrot towaru po terminie", 16, "zwrot towaru po"),
        ("zwrot towaru po terminie", 18, "zwrot towaru po"),
        # a limit that falls exactly on a word end keeps that word
        ("zwrot towaru po terminie", 15, "zwrot towaru po"),
        # one long word: no space in the second half, cut hard
        ("a" * 50, 20, "a" * 20),
        ("krótko " + "x" * 40, 20, "krótko " + "x" * 13),
    ],
)
def test_prepare_query_truncates_at_word_boundary(query: str, max_chars: int, expected: str) -> None:
    result = prepare_query(query, max_chars=max_chars)
    assert result == expected
    assert len(result) <= max_chars


def test_truncation_logs_lengths_only(caplog: pytest.LogCaptureFixture) -> None:
    secret = "Mój PESEL to 02070803628 " * 200
    with caplog.at_level(logging.INFO, logger="pomocbot.retrieval.query"):
        prepare_query(secret, max_chars=100)
    assert "truncated" in caplog.text
    assert "02070803628" not in caplog.text and "PESEL" not in caplog.text


def test_megabyte_query_is_cut_quickly() -> None:
    query = "Dzień dobry, gdzie jest moja paczka? " * 30_000  # ~1 MB
    result = prepare_query(query, max_chars=2000)
    assert 1000 < len(result) <= 2000
    assert query.startswith(result)


@pytest.mark.parametrize("query", ["", " ", "   \n\t ", "\u3000", "\u00a0\u2003"])
def test_empty_queries(query: str) -> None:
    with pytest.raises(EmptyQueryError, match="empty"):
        prepare_query(query, max_chars=2000)


@pytest.mark.parametrize("query", [None, 5, 3.5, b"jak zwrocic", ["zwrot"], {"q": "zwrot"}])
def test_non_string_queries(query: object) -> None:
    with pytest.raises(InvalidQueryError, match=type(query).__name__) as info:
        prepare_query(query, max_chars=2000)
    # Callers may catch our base class or the builtin they expect.
    assert isinstance(info.value, QueryError) and isinstance(info.value, TypeError)
    assert isinstance(info.value, PomocbotError)


@pytest.mark.parametrize("k", [1, 5, 10_000])
def test_check_k_accepts_positive_ints(k: int) -> None:
    assert check_k(k) == k


@pytest.mark.parametrize("k", [0, -1, True, False, "3", 2.0, None])
def test_check_k_rejects(k: object) -> None:
    with pytest.raises(QueryError, match="positive integer") as info:
        check_k(k)
    assert isinstance(info.value, ValueError)
