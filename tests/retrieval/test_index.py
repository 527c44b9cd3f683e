"""KnowledgeIndex through the Assistant: upsert, delete, incremental embedding, hybrid search."""

from __future__ import annotations

import numpy as np
import pytest

from pomocbot import (
    Assistant,
    ConfigError,
    Document,
    EmbeddingError,
    EmptyQueryError,
    Hit,
    IngestionError,
    InvalidQueryError,
    PomocbotError,
    QueryError,
)
from pomocbot.retrieval.index import KnowledgeIndex, chunk_key
from tests.conftest import FakeEmbedder

pytestmark = pytest.mark.unit

MODES = ["zscore", "rrf", "dense", "lexical"]


def changed(document: Document, **update: object) -> Document:
    """A new Document with some fields replaced (built afresh, see test_model_copy_changes_are_indexed)."""
    return Document(**{**document.model_dump(), **update})


def doc_ids(hits: list[Hit]) -> list[str]:
    return [hit.doc_id for hit in hits]


def snapshot(assistant: Assistant, queries=("zwrot towaru", "kurier DPD", "hasło")) -> tuple:
    """Everything a caller can observe of the index."""
    return (
        len(assistant),
        sorted(assistant.document_ids),
        [[(h.chunk_id, round(h.score, 6), h.text) for h in assistant.search(q, k=5)] for q in queries],
    )


# -- adding documents ------------------------------------------------------------


def test_add_reports_counts(make_assistant, small_kb, fake_embedder) -> None:
    assistant = make_assistant()
    report = assistant.add_documents(small_kb)
    assert report.documents_added == len(small_kb) == len(assistant.document_ids)
    assert report.documents_updated == report.documents_unchanged == report.chunks_removed == 0
    assert report.chunks_added == len(assistant) == report.chunks_embedded == fake_embedder.embedded_texts
    assert report.ok and not report.duplicate_ids and not report.warnings
    assert assistant.last_report is report


def test_readding_unchanged_documents_embeds_nothing(assistant, small_kb, fake_embedder) -> None:
    before = snapshot(assistant)
    fake_embedder.reset()
    report = assistant.add_documents(small_kb)
    assert fake_embedder.embedded_texts == 0
    assert report.documents_unchanged == len(small_kb)
    assert report.documents_added == report.documents_updated == report.chunks_embedded == 0
    assert snapshot(assistant) == before


def test_moving_a_file_is_not_a_change(assistant, small_kb, fake_embedder) -> None:
    moved = changed(small_kb[0], source="nowy/katalog/zwroty.md")
    report = assistant.add_documents([moved])
    assert report.documents_unchanged == 1 and fake_embedder.embedded_texts == 0


def test_changed_text_replaces_old_chunks(assistant, fake_embedder) -> None:
    assert doc_ids(assistant.search("kurier DPD", k=1)) == ["dostawa-kurier"]
    chunks_before = len(assistant)
    new = Document(id="dostawa-kurier", title="Dostawa kurierem",
                   text="Przesyłki wozi teraz kurier GLS. Dostawa kosztuje 16,99 zł.")
    report = assistant.add_documents([new])
    assert report.documents_updated == 1 and report.documents_added == 0
    assert report.chunks_removed == 1 and report.chunks_added == 1
    assert len(assistant) == chunks_before
    # the new text is found, the old text is gone
    top = assistant.search("kurier GLS", k=1)[0]
    assert top.doc_id == "dostawa-kurier" and "GLS" in top.text
    for hit in assistant.search("DPD 14,99", k=20):
        assert "DPD" not in hit.text
    hits = assistant.search("dostawa kurierem", k=20)
    assert all("GLS" in h.text for h in hits if h.doc_id == "dostawa-kurier")


def test_longer_text_changes_chunk_count(make_assistant, fake_embedder) -> None:
    assistant = make_assistant(embedder=fake_embedder)
    assistant.add_documents([Document(id="faq", text="Krótka odpowiedź o zwrotach.")])
    assert len(assistant) == 1
    long_text = "\n\n".join(f"## Pytanie {n}\nOdpowiedź numer {n} dotyczy zwrotu towaru." for n in range(5))
    report = assistant.add_documents([Document(id="faq", title="FAQ", text=long_text)])
    assert len(assistant) == 5 == report.chunks_added and report.chunks_removed == 1
    assert {h.chunk_id for h in assistant.search("odpowiedź", k=50)} == {f"faq#{n}" for n in range(5)}
    assistant.add_documents([Document(id="faq", text="Znowu krótko.")])
    assert len(assistant) == 1
    assert [h.chunk_id for h in assistant.search("odpowiedź", k=50)] == ["faq#0"]


SECTIONS = {
    "Zwrot": "Masz 14 dni na zwrot towaru.",
    "Reklamacja": "Reklamację rozpatrujemy w 14 dni.",
    "Dostawa": "Kurier DPD dowozi w 2 dni.",
    "Płatność": "Płacisz BLIK-iem lub kartą.",
}


def sectioned(sections: dict[str, str]) -> Document:
    return Document(id="pomoc", title="Centrum pomocy",
                    text="\n\n".join(f"## {name}\n{body}" for name, body in sections.items()))


def test_editing_one_section_reembeds_only_its_chunk(make_assistant, fake_embedder) -> None:
    assistant = make_assistant()
    assistant.add_documents([sectioned(SECTIONS)])
    assert len(assistant) == len(SECTIONS)
    fake_embedder.reset()
    edited = dict(SECTIONS, Dostawa="Kurier InPost dowozi w 1 dzień.")
    report = assistant.add_documents([sectioned(edited)])
    assert report.documents_updated == 1
    assert report.chunks_embedded == 1
    assert fake_embedder.calls == [("passage", ["Centrum pomocy — Dostawa\nKurier InPost dowozi w 1 dzień."])]
    top = assistant.search("kurier InPost", k=1)[0]
    assert top.section == "Dostawa" and "InPost" in top.text
    # the reused vectors still belong to their own sections
    for name, body in SECTIONS.items():
        if name != "Dostawa":
            hit = assistant.search(body, k=1)[0]
            assert hit.section == name and hit.dense_score == pytest.approx(
                float(fake_embedder.embed([f"Centrum pomocy — {name}\n{body}"])[0]
                      @ fake_embedder.embed([body], kind="query")[0]), abs=1e-5)


def test_inserting_a_section_reuses_shifted_chunks(make_assistant, fake_embedder) -> None:
    assistant = make_assistant()
    assistant.add_documents([sectioned(SECTIONS)])
    fake_embedder.reset()
    # A new first section shifts every chunk id by one; their texts are unchanged.
    report = assistant.add_documents([sectioned({"Nowość": "Otworzyliśmy sklep w Gdańsku.", **SECTIONS})])
    assert report.chunks_embedded == 1 and len(assistant) == len(SECTIONS) + 1
    hit = assistant.search("Kurier DPD dowozi w 2 dni.", k=1)[0]
    assert hit.section == "Dostawa" and hit.chunk_id == "pomoc#3"


def test_metadata_only_change_updates_hits_without_embedding(assistant, small_kb, fake_embedder) -> None:
    report = assistant.add_documents([changed(small_kb[4], metadata={"kategoria": "płatności"})])
    assert report.documents_updated == 1 and report.chunks_embedded == 0
    assert assistant.search("BLIK", k=1)[0].metadata == {"kategoria": "płatności"}


def test_model_copy_changes_are_indexed(assistant, small_kb) -> None:
    original = small_kb[0]
    old_hash = original.content_hash  # computed (and cached) while the document was indexed
    edited = original.model_copy(update={"text": "Zwroty przyjmujemy przez 30 dni."})
    assert edited.content_hash != old_hash
    report = assistant.add_documents([edited])
    assert report.documents_updated == 1
    assert "30 dni" in assistant.search("zwroty 30 dni", k=1)[0].text


def test_duplicate_ids_in_one_batch_last_wins(make_assistant, fake_embedder) -> None:
    assistant = make_assistant()
    report = assistant.add_documents([
        Document(id="zwroty", text="Stara wersja: 30 dni na zwrot."),
        Document(id="kurier", text="Kurier DPD."),
        Document(id="zwroty", text="Nowa wersja: 14 dni na zwrot."),
    ])
    assert report.duplicate_ids == ["zwroty"]
    assert report.documents_added == 2 and len(assistant) == 2
    assert fake_embedder.embedded_texts == 2  # the losing version is never embedded
    texts = [h.text for h in assistant.search("zwrot", k=10)]
    assert "Nowa wersja: 14 dni na zwrot." in texts and not any("Stara" in t for t in texts)


@pytest.mark.parametrize("bad", ["tekst dokumentu", {"id": "x", "text": "y"}, None, 42])
def test_non_document_in_batch_raises_and_changes_nothing(assistant, small_kb, bad) -> None:
    before = snapshot(assistant)
    new = Document(id="nowy", text="Nowy dokument o gwarancji.")
    with pytest.raises(IngestionError, match=type(bad).__name__) as info:
        assistant.add_documents([new, bad])
    assert isinstance(info.value, PomocbotError)
    assert snapshot(assistant) == before
    assert "nowy" not in assistant.document_ids


def test_empty_document_is_skipped_with_warning(make_assistant) -> None:
    assistant = make_assistant()
    report = assistant.add_documents([Document(id="pusty", text="   \n\n  "),
                                      Document(id="ok", text="Zwrot.")])
    assert report.documents_added == 1 and assistant.document_ids == ["ok"]
    assert any("pusty" in warning for warning in report.warnings)


def test_add_accepts_any_iterable(make_assistant, small_kb) -> None:
    assistant = make_assistant()
    assistant.add_documents(doc for doc in small_kb)
    assert len(assistant.document_ids) == len(small_kb)
    assert assistant.add_documents([]).documents_added == 0


def test_progress_reports_embedded_chunks(make_assistant, small_kb) -> None:
    assistant = make_assistant(embed_batch_size=4)
    calls: list[tuple[int, int]] = []
    assistant.add_documents(small_kb, progress=lambda done, total: calls.append((done, total)))
    total = len(assistant)
    assert calls == [(min(n, total), total) for n in range(4, total + 4, 4)]


# -- embedder failures ------------------------------------------------------------


class RaisingEmbedder(FakeEmbedder):
    """Works for the first ``ok_calls`` calls, then raises like a crashed third-party model."""

    def __init__(self, ok_calls: int, error: Exception) -> None:
        super().__init__()
        self.ok_calls, self.error = ok_calls, error

    def embed(self, texts, *, kind="passage"):
        if len(self.calls) >= self.ok_calls:
            self.calls.append((kind, list(texts)))
            raise self.error
        return super().embed(texts, kind=kind)


class BadShapeEmbedder(FakeEmbedder):
    def __init__(self, result: np.ndarray) -> None:
        super().__init__(dimension=result.shape[-1] if result.ndim == 2 else 64)
        self.result = result
        self.armed = False

    def embed(self, texts, *, kind="passage"):
        if self.armed:
            return self.result
        return super().embed(texts, kind=kind)


@pytest.mark.parametrize(
    "error",
    [EmbeddingError("model crashed"), RuntimeError("CUDA out of memory"), MemoryError()],
    ids=["embedding-error", "runtime-error", "memory-error"],
)
def test_embedder_failure_leaves_index_unchanged(small_kb, fake_stemmer, error: Exception) -> None:
    from pomocbot import AssistantConfig

    embedder = RaisingEmbedder(ok_calls=10**6, error=error)
    assistant = Assistant(AssistantConfig(retrieval={"embed_batch_size": 2}), embedder=embedder,
                          stemmer=fake_stemmer)
    assistant.add_documents(small_kb[:5])
    before = snapshot(assistant)
    # Fail on the second batch of an update that replaces, adds and re-embeds.
    embedder.ok_calls = len(embedder.calls) + 1
    batch = [changed(small_kb[0], text="Zwroty przyjmujemy przez 30 dni."), *small_kb[5:]]
    with pytest.raises(type(error)):
        assistant.add_documents(batch)
    embedder.ok_calls = 10**6
    assert snapshot(assistant) == before
    # and the index still works for the next, successful call
    assistant.add_documents(batch)
    assert "30 dni" in assistant.search("zwroty 30 dni", k=1)[0].text


@pytest.mark.parametrize(
    "result",
    [np.zeros((1, 64), dtype=np.float32), np.zeros((100, 32), dtype=np.float32), np.full((2, 64), np.nan)],
    ids=["too-few-rows", "wrong-dimension", "nan"],
)
def test_bad_embeddings_raise_embedding_error(small_kb, fake_stemmer, result: np.ndarray) -> None:
    embedder = BadShapeEmbedder(np.zeros((1, 64), dtype=np.float32))
    assistant = Assistant(embedder=embedder, stemmer=fake_stemmer)
    assistant.add_documents(small_kb[:3])
    before = snapshot(assistant)
    embedder.result, embedder.armed = result, True
    with pytest.raises(EmbeddingError, match="fake-hash"):
        assistant.add_documents([Document(id="a", text="Pierwszy."), Document(id="b", text="Drugi.")])
    embedder.armed = False
    assert snapshot(assistant) == before


def index_state(index: KnowledgeIndex) -> tuple:
    """Everything an index holds, in its internal order (dict and store order decide ties)."""
    ids = index.store.ids
    return (
        list(index.chunks.items()),
        {doc_id: vars(entry) for doc_id, entry in index.documents.items()},
        ids.tolist(),
        index.store.vectors_for(ids).tolist(),
        [(dict(vocab), {key: ids.tolist() for key, ids in terms.items()})
         for vocab, terms in (index.stems.term_ids(), index.ngrams.term_ids())],
        list(index.analyzer._surface_counts.items()),
    )


EDITS = [
    Document(id="zwroty", title="Zwroty", text="Zwroty przyjmujemy przez 30 dni. Formularz jest w koncie."),
    Document(id="nowy", title="Gwarancja", text="Gwarancja producenta trwa 24 miesiące."),
    Document(id="blik", title="Płatność BLIK", text="BLIK działa do 10 000 zł. Kod ważny 2 minuty."),
]


def test_one_batch_builds_the_same_index_as_one_document_at_a_time(small_kb, fake_stemmer) -> None:
    from pomocbot import AssistantConfig

    config = AssistantConfig(retrieval={"embed_batch_size": 3})
    batched = KnowledgeIndex(config, FakeEmbedder(), fake_stemmer)
    single = KnowledgeIndex(config, FakeEmbedder(), fake_stemmer)
    batched.upsert(small_kb)
    for document in small_kb:
        single.upsert([document])
    assert index_state(batched) == index_state(single)
    # replacing, adding and keeping documents in one batch
    batched.upsert([*EDITS, small_kb[2]])
    for document in [*EDITS, small_kb[2]]:
        single.upsert([document])
    assert index_state(batched) == index_state(single)
    assert batched.remove(["zwroty", "nowy", "brak"]).chunks_removed == 2
    single.remove(["zwroty"]), single.remove(["nowy"])
    assert index_state(batched) == index_state(single)


def test_embedder_failure_mid_build_leaves_every_part_unchanged(small_kb, fake_stemmer) -> None:
    from pomocbot import AssistantConfig

    embedder = RaisingEmbedder(ok_calls=10**6, error=EmbeddingError("model crashed"))
    index = KnowledgeIndex(AssistantConfig(retrieval={"embed_batch_size": 2}), embedder, fake_stemmer)
    index.upsert(small_kb[:4])
    before = index_state(index)
    embedder.ok_calls = len(embedder.calls) + 2  # the third batch fails
    calls: list[tuple[int, int]] = []
    with pytest.raises(EmbeddingError):
        index.upsert([*EDITS, *small_kb[4:]], progress=lambda done, total: calls.append((done, total)))
    assert index_state(index) == before
    # 7 chunks to embed ("blik" comes twice, the last wins); progress is reported up to the failure
    assert calls == [(2, 7), (4, 7)]


def test_chunk_key_collision_raises_before_anything_changes(small_kb, fake_stemmer, monkeypatch) -> None:
    from pomocbot import AssistantConfig
    from pomocbot.retrieval import index as index_module

    index = KnowledgeIndex(AssistantConfig(), FakeEmbedder(), fake_stemmer)
    index.upsert([*small_kb[:3], sectioned(SECTIONS)])
    before = index_state(index)
    colliding = {"nowy#0": chunk_key("pomoc#3"), "drugi#0": chunk_key("trzeci#0")}
    monkeypatch.setattr(index_module, "chunk_key", lambda cid: colliding.get(cid) or chunk_key(cid))
    # with a chunk already in the index
    with pytest.raises(IngestionError, match="'pomoc#3' and 'nowy#0'"):
        index.upsert([Document(id="nowy", text="Nowy dokument.")])
    # within one batch
    with pytest.raises(IngestionError, match="'drugi#0' and 'trzeci#0'"):
        index.upsert([Document(id="drugi", text="Drugi."), Document(id="trzeci", text="Trzeci.")])
    assert index_state(index) == before
    # a document replaced in the same batch gives up its keys ("pomoc" shrinks to one chunk)
    index.upsert([Document(id="pomoc", text="Jedna sekcja."), Document(id="nowy", text="Nowy.")])
    assert index.chunks[chunk_key("pomoc#3")].chunk_id == "nowy#0"


# -- removing documents -------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_removed_document_is_never_returned(make_assistant, small_kb, mode: str) -> None:
    assistant = make_assistant(fusion=mode)
    assistant.add_documents(small_kb)
    assert "zwroty" in doc_ids(assistant.search("zwrot towaru 14 dni", k=3))
    report = assistant.remove_documents(["zwroty"])
    assert report.documents_removed == 1 and report.chunks_removed == 1 and not report.warnings
    assert "zwroty" not in assistant.document_ids
    for query in ("zwrot towaru 14 dni", "Formularz zwrotu", "zwroty", "Moje zamówienia"):
        assert "zwroty" not in doc_ids(assistant.search(query, k=100))


def test_remove_unknown_id_warns(assistant) -> None:
    before = len(assistant)
    report = assistant.remove_documents(["nie-ma-takiego", "blik"])
    assert report.documents_removed == 1
    assert len(report.warnings) == 1 and "nie-ma-takiego" in report.warnings[0]
    assert len(assistant) == before - 1


def test_remove_accepts_a_single_id_string(assistant) -> None:
    # A bare string is one id, not an iterable of one-letter ids.
    report = assistant.remove_documents("blik")
    assert report.documents_removed == 1 and not report.warnings


def test_remove_then_readd(assistant, small_kb, fake_embedder) -> None:
    assistant.remove_documents(["paczkomat"])
    report = assistant.add_documents([small_kb[2]])
    assert fake_embedder.embedded_texts == 0  # its vector waited in the embedding cache
    assert report.chunks_from_cache == 1 and report.chunks_embedded == 0
    assert doc_ids(assistant.search("paczkomat InPost", k=1)) == ["paczkomat"]


def test_remove_then_readd_without_a_cache(make_assistant, small_kb, fake_embedder) -> None:
    assistant = make_assistant(embedding_cache_size=0)
    assistant.add_documents(small_kb)
    fake_embedder.reset()
    assistant.remove_documents(["paczkomat"])
    assistant.add_documents([small_kb[2]])
    assert fake_embedder.embedded_texts == 1  # its vector was deleted with it
    assert doc_ids(assistant.search("paczkomat InPost", k=1)) == ["paczkomat"]


def test_remove_everything_then_search(assistant, small_kb) -> None:
    assistant.remove_documents([doc.id for doc in small_kb])
    assert len(assistant) == 0 and assistant.document_ids == []
    assert assistant.search("zwrot", k=5) == []
    assistant.add_documents(small_kb[:1])
    assert doc_ids(assistant.search("zwrot", k=5)) == ["zwroty"]


@pytest.mark.parametrize("index_kind", ["flat", "hnsw", "ivfpq"])
def test_update_and_remove_with_every_index_kind(make_assistant, small_kb, index_kind: str) -> None:
    assistant = make_assistant(index_kind=index_kind, pq_m=8)
    assistant.add_documents(small_kb)
    assistant.search("kurier", k=3)  # build the FAISS index before changing it
    assistant.add_documents([Document(id="dostawa-kurier", title="Dostawa kurierem",
                                      text="Kurier GLS dowozi paczki w 24 godziny.")])
    assistant.remove_documents(["paczkomat"])
    hits = assistant.search("kurier GLS", k=3)
    assert hits[0].doc_id == "dostawa-kurier" and "GLS" in hits[0].text
    assert hits[0].dense_score == pytest.approx(max(h.dense_score for h in hits))
    assert "paczkomat" not in doc_ids(assistant.search("paczkomat InPost", k=50))


def test_ivfpq_pq_m_must_divide_embedding_dimension(fake_embedder, fake_stemmer) -> None:
    from pomocbot import AssistantConfig

    with pytest.raises(ConfigError, match="pq_m"):
        Assistant(AssistantConfig(retrieval={"index_kind": "ivfpq", "pq_m": 7}), embedder=fake_embedder,
                  stemmer=fake_stemmer)


# -- search results -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kurier DPD", "dostawa-kurier"),
        ("platnosc blikiem", "blik"),
        ("faktura na firme", "faktura"),
        ("zapomnialem hasla", "haslo"),
        ("reklamacja ile czekam na odpowiedz", "reklamacja"),
    ],
)
@pytest.mark.parametrize("mode", MODES)
def test_every_fusion_mode_finds_the_document(make_assistant, small_kb, mode: str, query: str,
                                              expected: str) -> None:
    assistant = make_assistant(fusion=mode)
    assistant.add_documents(small_kb)
    assert doc_ids(assistant.search(query, k=3))[0] == expected


def test_hit_fields(assistant, small_kb) -> None:
    hits = assistant.search("Ile kosztuje Paczkomat?", k=3)
    top = hits[0]
    assert isinstance(top, Hit)
    assert top.doc_id == "paczkomat" and top.chunk_id == "paczkomat#0"
    assert top.title == "Paczkomat InPost" and top.text == small_kb[2].text
    assert [h.rank for h in hits] == [1, 2, 3]
    assert top.lexical_score > 0 and top.ngram_score > 0 and -1 <= top.dense_score <= 1
    with pytest.raises(ValueError, match="frozen"):
        top.score = 0.0


def test_component_scores_are_consistent(assistant, fake_embedder) -> None:
    query = "zwrot pieniędzy za towar"
    hits = assistant.search(query, k=len(assistant))
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert len({h.chunk_id for h in hits}) == len(hits) == len(assistant)
    query_vector = fake_embedder.embed([query], kind="query")[0]
    for hit in hits:
        # dense_score is the cosine of query and chunk embeddings
        chunk_text = f"{hit.title}\n{hit.text}"
        assert hit.dense_score == pytest.approx(float(fake_embedder.embed([chunk_text])[0] @ query_vector),
                                                abs=1e-5)
        assert hit.lexical_score >= 0 and hit.ngram_score >= 0
    # a hit that matches no query word has no lexical score and ranks below every lexical match
    matched = [h for h in hits if h.lexical_score > 0]
    unmatched = [h for h in hits if h.lexical_score == 0 and h.ngram_score == 0]
    assert matched and unmatched
    assert min(h.rank for h in matched) == 1


def test_dense_mode_ranks_by_cosine(make_assistant, small_kb, fake_embedder) -> None:
    assistant = make_assistant(fusion="dense")
    assistant.add_documents(small_kb)
    hits = assistant.search("reklamacja wadliwego towaru", k=5)
    dense = [h.dense_score for h in hits]
    assert dense == sorted(dense, reverse=True)
    assert all(h.lexical_score is None and h.ngram_score is None for h in hits)


def test_lexical_mode_does_not_embed_the_query(make_assistant, small_kb, fake_embedder) -> None:
    assistant = make_assistant(fusion="lexical")
    assistant.add_documents(small_kb)
    fake_embedder.reset()
    hits = assistant.search("faktura VAT", k=5)
    assert fake_embedder.calls == []
    assert hits[0].doc_id == "faktura"
    assert all(h.dense_score is None and (h.lexical_score > 0 or h.ngram_score > 0) for h in hits)
    # nothing lexical in common: nothing found
    assert assistant.search("xyzzy qwerty", k=5) == []


def test_rrf_scores_are_reciprocal_ranks(make_assistant, small_kb) -> None:
    assistant = make_assistant(fusion="rrf", rrf_k=60)
    assistant.add_documents(small_kb)
    hits = assistant.search("paczkomat", k=5)
    assert hits[0].doc_id == "paczkomat"
    assert hits[0].score == pytest.approx(3 / 61)  # first in dense, stems and n-grams
    assert all(0 < h.score <= 3 / 61 for h in hits)


@pytest.mark.parametrize("mode", MODES)
def test_k_larger_than_index(make_assistant, small_kb, mode: str) -> None:
    assistant = make_assistant(fusion=mode)
    assistant.add_documents(small_kb)
    hits = assistant.search("zwrot towaru kurierem", k=1000)
    assert 0 < len(hits) <= len(assistant)
    assert len({h.chunk_id for h in hits}) == len(hits)
    if mode != "lexical":
        assert len(hits) == len(assistant)


def test_candidates_smaller_than_k(make_assistant, small_kb) -> None:
    assistant = make_assistant(candidates=2)
    assistant.add_documents(small_kb)
    assert len(assistant.search("zwrot", k=6)) == 6


def test_empty_index_returns_nothing(make_assistant) -> None:
    assistant = make_assistant()
    assert len(assistant) == 0
    assert assistant.search("gdzie jest moja paczka", k=5) == []
    with pytest.raises(EmptyQueryError):  # still validated
        assistant.search("  ", k=5)


# -- bad queries ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "k", "error"),
    [
        # empty or whitespace
        ("", 5, EmptyQueryError),
        ("   \n\t", 5, EmptyQueryError),
        # not a string
        (None, 5, InvalidQueryError),
        (5, 5, InvalidQueryError),
        (b"jak zwrocic towar", 5, InvalidQueryError),
        (["zwrot"], 5, InvalidQueryError),
        # bad k
        ("zwrot", 0, QueryError),
        ("zwrot", -1, QueryError),
        ("zwrot", True, QueryError),
        ("zwrot", "3", QueryError),
        ("zwrot", 2.5, QueryError),
    ],
)
def test_bad_input(assistant, query, k, error) -> None:
    with pytest.raises(error) as info:
        assistant.search(query, k=k)
    assert isinstance(info.value, PomocbotError)


def test_megabyte_query_is_truncated(assistant, fake_embedder) -> None:
    query = "Dzień dobry, chciałabym zwrócić towar, bo jest wadliwy. " * 18_000  # ~1 MB
    hits = assistant.search(query, k=3)
    assert hits and hits[0].doc_id in {"zwroty", "reklamacja"}
    (kind, texts), = fake_embedder.calls
    assert kind == "query" and len(texts[0]) <= assistant.config.retrieval.max_query_chars


def test_query_of_only_stop_words_uses_the_dense_side(assistant) -> None:
    hits = assistant.search("czy jak to jest", k=3)
    assert len(hits) == 3
    assert all(h.lexical_score == 0 and h.ngram_score == 0 for h in hits)


# -- KnowledgeIndex directly ----------------------------------------------------------------


def test_chunk_keys_are_stable_non_negative_int64() -> None:
    keys = {chunk_key(f"doc-{n}#{m}") for n in range(200) for m in range(5)}
    assert len(keys) == 1000
    assert all(0 <= key < 2**63 for key in keys)
    assert chunk_key("zwroty#0") == chunk_key("zwroty#0") != chunk_key("zwroty#1")


def test_knowledge_index_direct_use(fake_embedder, fake_stemmer, small_kb) -> None:
    from pomocbot import AssistantConfig

    index = KnowledgeIndex(AssistantConfig(), fake_embedder, fake_stemmer)
    index.upsert(small_kb)
    assert len(index) == len(index.store) == len(index.stems) == len(index.ngrams) == len(small_kb)
    index.remove(["zwroty", "haslo"])
    assert len(index) == len(index.store) == len(index.stems) == len(index.ngrams) == len(small_kb) - 2
    assert set(index.documents) == {doc.id for doc in small_kb} - {"zwroty", "haslo"}


def test_query_vectors_are_cached_and_can_be_cleared(assistant, fake_embedder) -> None:
    def queries() -> int:
        return sum(len(texts) for kind, texts in fake_embedder.calls if kind == "query")

    fake_embedder.reset()
    first = assistant.search("ile kosztuje dostawa do paczkomatu?", k=3)
    again = assistant.search("ile kosztuje dostawa do paczkomatu?", k=3)
    assert queries() == 1  # the second search reused the vector
    assert [h.chunk_id for h in first] == [h.chunk_id for h in again]
    assistant.index.clear_query_cache()
    assistant.search("ile kosztuje dostawa do paczkomatu?", k=3)
    assert queries() == 2
