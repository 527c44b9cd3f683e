"""Sentence-aware chunking with a token budget and overlap (pomocbot.knowledge.chunker)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pomocbot.errors import ConfigError
from pomocbot.knowledge import Chunk, Chunker, Document, load_directory
from pomocbot.knowledge.chunker import count_tokens_function
from pomocbot.text import split_sentences
from pomocbot.text.sentences import NON_FINAL_ABBREVIATIONS

pytestmark = pytest.mark.unit

KB = Path(__file__).parents[2] / "examples/sklep/kb"

# Short sentences about returns, 11-19 tokens each, so a chunk holds several.
RETURNS = [
    "Zwrot jest darmowy w Paczkomacie.",
    "Masz na niego 14 dni od odbioru.",
    "Zgłoś go w zakładce „Moje zamówienia”.",
    "Pieniądze oddamy tą samą metodą.",
    "Na kartę trwa to do 5 dni.",
    "Przelew wraca na Twoje konto.",
    "Zwrotu nie przyjmiemy dla mebli na wymiar.",
    "Dołącz wszystkie elementy zestawu.",
    "Kurier DPD odbierze paczkę za 14,99 zł.",
    "Etykietę wyślemy Ci e-mailem.",
    "Paczkę nadasz w dowolnym automacie.",
    "Status zwrotu zobaczysz w koncie.",
]

# Sentences with abbreviations that must never end a chunk.
ABBREVIATIONS = [
    "Punkt odbioru jest przy ul. Składowej 12 w Poznaniu.",
    "Zapłacisz np. BLIK-iem, kartą albo przelewem.",
    "Zamówienia opłacone do godz. 13:00 wysyłamy tego samego dnia.",
    "Zgodnie z art. 15 RODO masz prawo dostępu do danych.",
    "Reklamacje rozpatruje dr Nowak z działu jakości.",
    "Umowę podpisał J. Kowalski w imieniu sklepu.",
    "Przysługuje Ci tzw. rękojmia za wady przez 2 lata.",
    "Podaj nr zamówienia, np. 12345, w tytule przelewu.",
    "Punkt jest czynny pn–pt, tj. od poniedziałku do piątku.",
    "Płacisz m.in. kartą, BLIK-iem i przelewem.",
    "Paczka waży ok. 5 kg i mieści się w skrytce.",
    "Odbiór przy al. Jerozolimskich 5 działa w godz. 9:00–18:00.",
]


@pytest.fixture(scope="module")
def count() -> Callable[[str], int]:
    return count_tokens_function()


def _sentences_of(chunk: Chunk) -> list[str]:
    return split_sentences(chunk.text)


@pytest.mark.parametrize(
    ("chunk_tokens", "overlap_tokens"),
    [
        # overlap as large as or larger than the chunk
        (10, 10),
        (10, 20),
        # negative overlap
        (10, -1),
        # empty chunks
        (0, 0),
    ],
)
def test_bad_sizes_are_config_errors(chunk_tokens: int, overlap_tokens: int) -> None:
    with pytest.raises(ConfigError, match=r"overlap_tokens \(-?\d+\) must be in \[0, chunk_tokens="):
        Chunker(chunk_tokens=chunk_tokens, overlap_tokens=overlap_tokens)


def test_chunk_ids_positions_and_carried_fields() -> None:
    doc = Document(
        id="zwroty/zwrot",
        title="Zwrot towaru",
        text=" ".join(RETURNS),
        source="kb/zwroty/zwrot.md",
        metadata={"kategoria": "zwroty"},
    )
    chunks = Chunker(chunk_tokens=40, overlap_tokens=0).chunk(doc)
    assert len(chunks) > 2
    assert [c.chunk_id for c in chunks] == [f"zwroty/zwrot#{i}" for i in range(len(chunks))]
    assert [c.position for c in chunks] == list(range(len(chunks)))
    for chunk in chunks:
        assert (chunk.doc_id, chunk.title, chunk.section) == ("zwroty/zwrot", "Zwrot towaru", None)
        assert chunk.source == "kb/zwroty/zwrot.md"
        assert chunk.metadata == {"kategoria": "zwroty"}
        assert chunk.search_text == f"Zwrot towaru\n{chunk.text}"


@pytest.mark.parametrize("text", ["", "   \n\n ", "## Tylko nagłówek\n\n### Drugi"])
def test_document_without_body_gives_no_chunks(text: str) -> None:
    assert Chunker().chunk(Document(id="pusty", text=text, title="Pusty")) == []


@pytest.mark.parametrize(
    ("chunk_tokens", "overlap_tokens"), [(30, 0), (30, 15), (40, 0), (40, 20), (60, 0), (60, 30), (100, 50)]
)
def test_budget_respected(count: Callable[[str], int], chunk_tokens: int, overlap_tokens: int) -> None:
    assert max(count(s) for s in RETURNS) <= chunk_tokens
    doc = Document(id="zwroty", text=" ".join(RETURNS))
    chunks = Chunker(chunk_tokens, overlap_tokens).chunk(doc)
    assert len(chunks) > 1
    for chunk in chunks:
        assert count(chunk.text) <= chunk_tokens


def test_budget_respected_when_sentences_start_with_numbers(count: Callable[[str], int]) -> None:
    doc = Document(
        id="d", text="Dostawa jest darmowa. 14 dni na zwrot. 2 dni trwa dostawa. 3 raty bez odsetek."
    )
    chunks = Chunker(chunk_tokens=28, overlap_tokens=0).chunk(doc)
    assert all(count(s) <= 28 for s in split_sentences(doc.text))
    assert all(count(c.text) <= 28 for c in chunks), [count(c.text) for c in chunks]


def test_budget_respected_for_pieces_of_an_over_long_sentence(count: Callable[[str], int]) -> None:
    doc = Document(id="d", text="słowo " * 300)
    chunks = Chunker(chunk_tokens=50, overlap_tokens=0).chunk(doc)
    assert all(count(c.text) <= 50 for c in chunks), [count(c.text) for c in chunks]


def test_default_budget_respected_on_example_knowledge_base(count: Callable[[str], int]) -> None:
    documents, _ = load_directory(KB)
    chunker = Chunker()
    over = [
        (chunk.chunk_id, count(chunk.text))
        for doc in documents
        for chunk in chunker.chunk(doc)
        if count(chunk.text) > chunker.chunk_tokens and len(split_sentences(chunk.text)) > 1
    ]
    assert over == []


@pytest.mark.parametrize(("chunk_tokens", "overlap_tokens"), [(40, 0), (60, 0), (100, 0)])
def test_no_overlap_partitions_the_sentences(chunk_tokens: int, overlap_tokens: int) -> None:
    doc = Document(id="zwroty", text=" ".join(RETURNS))
    chunks = Chunker(chunk_tokens, overlap_tokens).chunk(doc)
    assert len(chunks) > 1
    assert [s for c in chunks for s in _sentences_of(c)] == RETURNS
    for before, after in pairwise(chunks):
        assert set(_sentences_of(before)).isdisjoint(_sentences_of(after))


@pytest.mark.parametrize(("chunk_tokens", "overlap_tokens"), [(30, 15), (40, 20), (60, 30), (100, 50)])
def test_overlap_repeats_trailing_sentences(count: Callable[[str], int], chunk_tokens: int,
                                            overlap_tokens: int) -> None:
    doc = Document(id="zwroty", text=" ".join(RETURNS))
    chunks = Chunker(chunk_tokens, overlap_tokens).chunk(doc)
    assert len(chunks) > 2
    windows = [_sentences_of(c) for c in chunks]
    overlaps = []
    for before, after in pairwise(windows):
        # the next chunk repeats the longest run of the previous chunk's trailing sentences that
        # fits in overlap_tokens, but never the whole previous chunk (it must move forward)
        expected = 0
        while expected + 1 < len(before) and sum(map(count, before[-(expected + 1):])) <= overlap_tokens:
            expected += 1
        assert after[:expected] == before[len(before) - expected:]
        assert after[expected] not in before
        overlaps.append(expected)
    assert any(overlaps)
    # nothing is lost: the windows cover every sentence in order
    seen: list[str] = []
    for window in windows:
        seen.extend(s for s in window if s not in seen)
    assert seen == RETURNS


def test_every_chunk_adds_new_text() -> None:
    sentences = [
        "Zwrot jest darmowy w Paczkomacie.",
        "Masz na niego 14 dni od odbioru.",
        "Zwrotu nie przyjmiemy dla mebli na wymiar, zestawów kuchennych i mebli robionych na zamówienie.",
    ]
    chunks = Chunker(chunk_tokens=30, overlap_tokens=15).chunk(Document(id="d", text=" ".join(sentences)))
    for before, after in pairwise(chunks):
        assert not set(_sentences_of(after)) <= set(_sentences_of(before)), (before.text, after.text)


def test_overlap_does_not_cross_sections() -> None:
    text = "## Kurier\n" + " ".join(RETURNS[:4]) + "\n## Paczkomat\n" + " ".join(RETURNS[4:])
    chunks = Chunker(chunk_tokens=40, overlap_tokens=20).chunk(Document(id="d", title="Dostawa", text=text))
    for chunk in chunks:
        expected = set(RETURNS[:4]) if chunk.section == "Kurier" else set(RETURNS[4:])
        assert set(_sentences_of(chunk)) <= expected
    assert {c.section for c in chunks} == {"Kurier", "Paczkomat"}


MARKDOWN = """Wstęp bez nagłówka.

## Kurier DPD
Kurier DPD kosztuje 14,99 zł. Dostawa trwa 1-2 dni.

## Paczkomat ##
Paczkomat InPost kosztuje 11,99 zł.

### Jak odebrać
Wpisz kod odbioru.
"""


def test_sections_from_markdown_headings() -> None:
    chunks = Chunker().chunk(Document(id="dostawa", title="Dostawa", text=MARKDOWN))
    assert [(c.chunk_id, c.section, c.text) for c in chunks] == [
        ("dostawa#0", None, "Wstęp bez nagłówka."),
        ("dostawa#1", "Kurier DPD", "Kurier DPD kosztuje 14,99 zł. Dostawa trwa 1-2 dni."),
        ("dostawa#2", "Paczkomat", "Paczkomat InPost kosztuje 11,99 zł."),
        ("dostawa#3", "Jak odebrać", "Wpisz kod odbioru."),
    ]
    assert chunks[0].search_text == "Dostawa\nWstęp bez nagłówka."
    assert chunks[1].search_text == (
        "Dostawa — Kurier DPD\nKurier DPD kosztuje 14,99 zł. Dostawa trwa 1-2 dni."
    )
    assert all("#" not in c.text for c in chunks)


def test_first_heading_is_title_when_document_has_none() -> None:
    text = "# Dostawa\nWybierz formę dostawy.\n## Kurier\nKurier kosztuje 14,99 zł."
    chunks = Chunker().chunk(Document(id="dostawa", text=text))
    assert [(c.title, c.section) for c in chunks] == [("Dostawa", None), ("Dostawa", "Kurier")]
    assert chunks[1].search_text == "Dostawa — Kurier\nKurier kosztuje 14,99 zł."


def test_heading_equal_to_title_is_not_a_section() -> None:
    text = "# Odbiór osobisty\nOdbierzesz paczkę w Poznaniu.\n## Godziny\nPn–pt 9–18."
    chunks = Chunker().chunk(Document(id="odbior", title="Odbiór osobisty", text=text))
    assert [(c.title, c.section) for c in chunks] == [
        ("Odbiór osobisty", None),
        ("Odbiór osobisty", "Godziny"),
    ]


@pytest.mark.parametrize(
    ("title", "section", "expected"),
    [
        ("Zwroty", "Koszt", "Zwroty — Koszt\nTekst."),
        ("Zwroty", None, "Zwroty\nTekst."),
        ("", "Koszt", "Koszt\nTekst."),
        ("", None, "Tekst."),
    ],
)
def test_search_text(title: str, section: str | None, expected: str) -> None:
    chunk = Chunk(chunk_id="d#0", doc_id="d", text="Tekst.", title=title, section=section)
    assert chunk.search_text == expected


def test_chunk_content_hash_follows_search_text() -> None:
    base = Chunk(chunk_id="d#0", doc_id="d", text="Tekst.", title="Zwroty", section="Koszt")
    assert base.content_hash == Chunk(chunk_id="x#5", doc_id="x", text="Tekst.", title="Zwroty",
                                      section="Koszt", source="inny.md", position=5).content_hash
    assert base.content_hash != Chunk(chunk_id="d#0", doc_id="d", text="Tekst.", title="Zwroty",
                                      section="Czas").content_hash


def test_over_long_sentence_split_at_word_boundaries() -> None:
    words = [f"produkt{i}" for i in range(200)]
    sentence = "Zwracasz " + " ".join(words) + "."
    chunks = Chunker(chunk_tokens=50, overlap_tokens=0).chunk(Document(id="d", text=sentence))
    assert len(chunks) > 2
    original = sentence.split()
    # every chunk is a run of whole words and together they give the sentence back
    assert [w for c in chunks for w in c.text.split()] == original
    for chunk in chunks:
        assert set(chunk.text.split()) <= set(original)


def test_single_word_longer_than_budget_is_kept_whole(count: Callable[[str], int]) -> None:
    word = "Konstantynopolitańczykowianeczka"
    assert count(word) > 5
    chunks = Chunker(chunk_tokens=5, overlap_tokens=0).chunk(Document(id="d", text=f"{word} {word}"))
    assert [c.text for c in chunks] == [word, word]


@pytest.mark.parametrize(("chunk_tokens", "overlap_tokens"), [(35, 0), (35, 15), (50, 0), (50, 25), (80, 20)])
def test_abbreviations_never_end_a_chunk(count: Callable[[str], int], chunk_tokens: int,
                                         overlap_tokens: int) -> None:
    assert max(count(s) for s in ABBREVIATIONS) <= chunk_tokens
    chunks = Chunker(chunk_tokens, overlap_tokens).chunk(Document(id="d", text=" ".join(ABBREVIATIONS)))
    assert len(chunks) > 2
    for chunk in chunks:
        last_word = chunk.text.split()[-1].rstrip(".").lower()
        assert last_word not in NON_FINAL_ABBREVIATIONS, chunk.text
        assert not (len(last_word) == 1 and last_word.isalpha()), chunk.text
        # every chunk is made of whole sentences of the document
        assert set(_sentences_of(chunk)) <= set(ABBREVIATIONS), chunk.text


_WORDS = ["Zwrot", "paczki", "kosztuje", "14,99", "zł", "ul.", "Składowa", "np.", "BLIK", "godz.", "13:00",
          "dr", "Nowak", "reklamacja", "1.05.2026", "Paczkomat", "w", "ciągu", "dni", "żółć"]
_sentence = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=25).map(lambda ws: " ".join(ws) + ".")


@settings(max_examples=60, deadline=None)
@given(st.lists(_sentence, min_size=1, max_size=15), st.sampled_from([(20, 0), (40, 0), (40, 10), (80, 30)]))
def test_chunks_lose_no_words(sentences: list[str], sizes: tuple[int, int]) -> None:
    text = " ".join(sentences)
    chunks = Chunker(*sizes).chunk(Document(id="d", text=text))
    if sizes[1] == 0:
        # no overlap: the chunks are the text's words, in order, each exactly once
        assert [w for c in chunks for w in c.text.split()] == text.split()
    else:
        joined = " ".join(c.text for c in chunks).split()
        assert set(joined) == set(text.split())
    assert [c.position for c in chunks] == list(range(len(chunks)))
