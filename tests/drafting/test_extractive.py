"""The extractive drafter quotes the best supporting sentences, with citations."""

from __future__ import annotations

import re

import pytest

from pomocbot.drafting.base import DraftRequest
from pomocbot.drafting.extractive import ExtractiveDrafter, add_marker
from pomocbot.types import Hit
from tests.conftest import FakeStemmer

pytestmark = pytest.mark.unit

_STEMMER = FakeStemmer()


def stems(text: str) -> list[str]:
    return [_STEMMER.stem(w.lower()) for w in re.findall(r"[^\W\d_]+|\d+", text) if len(w) > 2]


def hit(n: int, text: str, title: str = "", dense: float | None = 0.5) -> Hit:
    return Hit(doc_id=f"d{n}", chunk_id=f"d{n}#0", title=title, text=text, score=5.0 - n, rank=n,
               dense_score=dense)


SOURCES = [
    hit(1, "Sklep Modrzew działa od 2012 roku. Na zwrot towaru masz 14 dni od odbioru paczki. "
           "Formularz zwrotu znajdziesz w panelu klienta.", "Zwrot towaru"),
    hit(2, "Dostawa kurierem DPD kosztuje 14,99 zł. Paczkomat kosztuje 11,99 zł.", "Dostawa"),
]


def draft(question: str, sources=SOURCES, **options):
    request = DraftRequest(question=question, sources=list(sources), **options)
    return ExtractiveDrafter(stems=stems).draft(request)


def test_best_sentence_is_quoted_verbatim_with_its_marker() -> None:
    result = draft("Ile dni mam na zwrot towaru?")
    assert "Na zwrot towaru masz 14 dni od odbioru paczki [1]." in result.body
    assert result.cited[0] == 1
    assert "2012" not in result.body  # an unrelated sentence of the same chunk stays out


def test_second_source_is_cited_with_its_own_number() -> None:
    result = draft("Ile kosztuje paczkomat?")
    assert "Paczkomat kosztuje 11,99 zł [2]." in result.body
    assert result.cited == [2] or result.cited[0] == 2


def test_every_sentence_comes_from_a_source() -> None:
    result = draft("Jak zrobić zwrot towaru i ile to kosztuje?", max_sentences=4)
    source_text = " ".join(s.text for s in SOURCES)
    for sentence in re.split(r"(?<=[.!?])\s+", result.body):
        assert re.sub(r"\s*\[\d+\]", "", sentence) in source_text


@pytest.mark.parametrize("limit", [1, 2])
def test_max_sentences(limit: int) -> None:
    result = draft("zwrot towaru formularz panel dni", max_sentences=limit)
    assert len(re.findall(r"\[\d+\]", result.body)) <= limit


def test_max_words_keeps_at_least_the_best_sentence() -> None:
    result = draft("Ile dni mam na zwrot towaru?", max_words=5)
    assert result.body.count("[") == 1


def test_near_duplicates_from_overlapping_chunks_are_dropped() -> None:
    text = "Na zwrot towaru masz 14 dni od odbioru paczki."
    result = draft("ile dni na zwrot towaru", sources=[hit(1, text), hit(2, text)], max_sentences=3)
    assert result.body.count("14 dni") == 1


def test_short_or_announcing_best_sentence_brings_the_next_one() -> None:
    source = hit(1, "Czy mogę zapłacić BLIKIEM? Tak. Kod BLIK wpisujesz po wybraniu płatności w koszyku.")
    result = draft("Czy mogę zapłacić BLIKIEM?", sources=[source], max_sentences=3)
    assert "Kod BLIK wpisujesz" in result.body


def test_no_sources_or_no_usable_sentence_gives_an_empty_draft() -> None:
    assert draft("cokolwiek", sources=[]).body == ""
    assert draft("cokolwiek", sources=[hit(1, "Ok.")]).body == ""


def test_support_is_the_question_coverage_of_the_best_sentence() -> None:
    covered = draft("zwrot towaru dni")
    uncovered = draft("raty zero procent leasing")
    assert covered.support > 0.6 > uncovered.support


def test_idf_weights_rare_terms_more() -> None:
    rare_first = ExtractiveDrafter(stems=stems, idf=lambda terms: [5.0 if t.startswith("paczkomat") else 0.1
                                                                 for t in terms])
    result = rare_first.draft(DraftRequest(question="kurier czy paczkomat koszt", sources=SOURCES))
    assert result.body.startswith("Paczkomat kosztuje")


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Masz 14 dni.", "Masz 14 dni [1]."),
    ("Czy to działa?", "Czy to działa [1]?"),
    ("Wybierz opcję: ", "Wybierz opcję [1]:"),
    ("Koszt to „0 zł”.", "Koszt to „0 zł” [1]."),
    ("Bez kropki", "Bez kropki [1]"),
])
def test_add_marker(sentence: str, expected: str) -> None:
    assert add_marker(sentence, 1) == expected
