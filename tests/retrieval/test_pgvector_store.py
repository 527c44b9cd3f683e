"""The pgvector store behind KnowledgeIndex: the same hits as FAISS, upsert and delete, filters, workers.

Needs a real server: the ``postgres_url`` fixture (conftest.py) gives each test
a fresh database on a session-wide pgserver (PostgreSQL 16 with pgvector), or
skips when there is none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pytest

from pomocbot import AssistantConfig, ConfigError, Document
from pomocbot.errors import EmbedderMismatchError, IndexStoreError, InvalidArgumentError, PomocbotError
from pomocbot.retrieval.index import KnowledgeIndex
from tests.conftest import FakeEmbedder, FakeStemmer

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed: pip install 'pomocbot[postgres]'")
pytest.importorskip("pgvector", reason="pgvector is not installed: pip install 'pomocbot[postgres]'")

from pomocbot.retrieval.pgvector_store import PgVectorStore, VectorStoreError  # noqa: E402

pytestmark = pytest.mark.unit

QUERIES = (
    "ile mam dni na zwrot towaru?",
    "ile kosztuje dostawa kurierem?",
    "jak zapłacić blikiem",
    "nie pamiętam hasła do konta",
    "faktura na firmę z NIP",
    "kiedy pracuje biuro obsługi",
)

# Two shops on one database: the filter keeps each tenant's answers to itself.
TENANT_KB = (
    Document(id="a-zwroty", title="Zwroty", metadata={"tenant": "sklep-a", "language": "pl",
                                                     "product_line": "rowery"},
             text="Rower możesz zwrócić w ciągu 30 dni. Zwrot roweru odbiera kurier."),
    Document(id="a-serwis", title="Serwis rowerów", metadata={"tenant": "sklep-a", "language": "pl",
                                                             "product_line": "rowery"},
             text="Pierwszy przegląd roweru po miesiącu jest bezpłatny w każdym salonie."),
    Document(id="a-hulajnogi", title="Zwroty hulajnóg", metadata={"tenant": "sklep-a", "language": "pl",
                                                                 "product_line": "hulajnogi"},
             text="Hulajnogę elektryczną zwrócisz w ciągu 14 dni, nieużywaną."),
    Document(id="b-zwroty", title="Zwroty", metadata={"tenant": "sklep-b", "language": "pl",
                                                     "product_line": "rowery"},
             text="Zwrot roweru przyjmujemy w ciągu 14 dni od dostawy, w oryginalnym opakowaniu."),
    Document(id="b-en", title="Returns", metadata={"tenant": "sklep-b", "language": "en"},
             text="You can return a bike within 14 days of delivery."),
)


@pytest.fixture
def open_index(postgres_url: str) -> Iterator[Callable[..., KnowledgeIndex]]:
    """Opens KnowledgeIndex objects ("workers") on the test's database; closes their pools afterwards."""
    opened: list[KnowledgeIndex] = []

    def open_(embedder: FakeEmbedder | None = None, **retrieval: object) -> KnowledgeIndex:
        config = AssistantConfig(retrieval={"vector_store": "pgvector", "vector_store_url": postgres_url,
                                            **retrieval})
        index = KnowledgeIndex.from_store(config, embedder or FakeEmbedder(), FakeStemmer())
        opened.append(index)
        return index

    yield open_
    for index in opened:
        index.store.close()


def faiss_index(**retrieval: object) -> KnowledgeIndex:
    return KnowledgeIndex(AssistantConfig(retrieval=retrieval), FakeEmbedder(), FakeStemmer())


def ranking(index: KnowledgeIndex, query: str, **kwargs: object) -> list[tuple[str, float]]:
    return [(hit.chunk_id, round(hit.score, 4)) for hit in index.search(query, k=5, **kwargs)]


def rows(url: str, sql: str) -> list[tuple]:
    with psycopg.connect(url) as connection:
        return connection.execute(sql).fetchall()


# -- the same hits as the in-process FAISS flat store -----------------------
@pytest.mark.parametrize("fusion", ["dense", "zscore", "rrf"])
def test_same_hits_as_faiss_flat(open_index, small_kb, fusion) -> None:
    faiss, pg = faiss_index(fusion=fusion), open_index(fusion=fusion)
    faiss.upsert(small_kb)
    report = pg.upsert(small_kb)
    assert report.documents_added == len(small_kb) == len(pg.store)
    for query in QUERIES:
        assert ranking(pg, query) == ranking(faiss, query), query


def test_hnsw_takes_ef_search_at_query_time_and_finds_the_same(open_index, small_kb) -> None:
    flat, hnsw = open_index(), open_index(index_kind="hnsw", hnsw_m=8, hnsw_ef_construction=32)
    flat.upsert(small_kb)
    hnsw.refresh()
    hnsw.config = hnsw.config.merged({"retrieval": {"hnsw_ef_search": 40}})
    for query in QUERIES:
        assert ranking(hnsw, query) == ranking(flat, query), query
    assert hnsw.store.hnsw_ef_search == 40
    assert rows(hnsw.store._secret_url, "SELECT indexname FROM pg_indexes WHERE tablename = "
                                        "'knowledge_chunks' AND indexdef LIKE '%hnsw%'")


# -- upsert and delete by document -------------------------------------------
def test_upsert_replaces_a_changed_document(open_index, small_kb, postgres_url) -> None:
    index = open_index()
    index.upsert(small_kb)
    changed = Document(id="zwroty", title="Zwroty",
                       text="Na zwrot towaru masz teraz 30 dni. Zwrot jest bezpłatny przez Paczkomat.")
    report = index.upsert([changed])
    assert (report.documents_updated, report.documents_unchanged) == (1, 0)
    texts = [row[0] for row in rows(postgres_url, "SELECT chunk->>'text' FROM knowledge_chunks "
                                                  "WHERE doc_id = 'zwroty'")]
    assert texts == [changed.text]
    assert index.search("ile dni na zwrot?", k=1)[0].text == changed.text
    assert index.upsert([changed]).documents_unchanged == 1  # one hash comparison, no write


def test_remove_deletes_the_documents_rows(open_index, small_kb, postgres_url) -> None:
    index = open_index()
    index.upsert(small_kb)
    report = index.remove(["zwroty", "blik", "nie-ma-takiego"])
    assert report.documents_removed == 2 and report.warnings == ["no document with id 'nie-ma-takiego'"]
    stored = {row[0] for row in rows(postgres_url, "SELECT doc_id FROM knowledge_chunks")}
    assert stored == {doc.id for doc in small_kb} - {"zwroty", "blik"}
    assert rows(postgres_url, "SELECT count(*) FROM knowledge_documents") == [(len(small_kb) - 2,)]
    assert all(hit.doc_id not in {"zwroty", "blik"} for hit in index.search("zwrot BLIK", k=10))


def test_a_failed_batch_leaves_the_previous_state(open_index, small_kb, postgres_url) -> None:
    index = open_index()
    index.upsert(small_kb)
    before = {query: ranking(index, query) for query in QUERIES}
    stored = rows(postgres_url, "SELECT key, chunk::text FROM knowledge_chunks ORDER BY key")
    batch = [Document(id="nowy", title="Nowy", text="Nowy dokument o ratach 0%."),
             Document(id="zwroty", title="Zwroty", text="Zwrot w 30 dni."),
             # PostgreSQL's jsonb has no \u0000: this row fails the batch's COPY
             Document(id="zly", title="Zły", text="Tekst.", metadata={"uwaga": "a\x00b"})]
    with pytest.raises(VectorStoreError):
        index.upsert(batch)
    assert rows(postgres_url, "SELECT key, chunk::text FROM knowledge_chunks ORDER BY key") == stored
    assert set(index.documents) == {doc.id for doc in small_kb}
    assert {query: ranking(index, query) for query in QUERIES} == before


# -- filtered search ----------------------------------------------------------
@pytest.mark.parametrize("filters, expected", [
    ({"tenant": "sklep-a"}, {"a-zwroty", "a-serwis", "a-hulajnogi"}),
    ({"tenant": "sklep-a", "product_line": "rowery"}, {"a-zwroty", "a-serwis"}),
    ({"tenant": "sklep-b", "language": "pl", "product_line": "rowery"}, {"b-zwroty"}),
    ({"tenant": "sklep-c"}, set()),
])
@pytest.mark.parametrize("kind", ["flat", "hnsw"])
def test_filtered_search_by_tenant_and_product_line(open_index, filters, expected, kind) -> None:
    pg, faiss = open_index(index_kind=kind, hnsw_m=8, hnsw_ef_construction=32), faiss_index()
    pg.upsert(TENANT_KB)
    faiss.upsert(TENANT_KB)
    for query in ("jak zwrócić rower?", "zwrot hulajnogi", "return a bike"):
        hits = pg.search(query, k=10, filters=filters)
        assert {hit.doc_id for hit in hits} <= expected
        assert all(hit.metadata["tenant"] == filters["tenant"] for hit in hits)
        assert ranking(pg, query, filters=filters) == ranking(faiss, query, filters=filters)
    if expected:
        assert {hit.doc_id for hit in pg.search("zwrot roweru", k=10, filters=filters,
                                                query_vector=None)} & expected


def test_a_filter_must_be_a_mapping(open_index) -> None:
    index = open_index()
    index.upsert(TENANT_KB)
    with pytest.raises(InvalidArgumentError, match="filters must be a mapping"):
        index.search("zwrot", filters="tenant=sklep-a")  # type: ignore[arg-type]


# -- a second worker ------------------------------------------------------------
def test_a_second_worker_sees_the_first_ones_documents(open_index, small_kb) -> None:
    first = open_index()
    first.upsert(small_kb)
    second = open_index()  # opened after the writes: reads chunks and rebuilds BM25
    assert set(second.documents) == set(first.documents) and len(second) == len(first)
    for query in QUERIES:
        got, want = second.search(query, k=5), first.search(query, k=5)
        assert [(h.chunk_id, h.score, h.lexical_score, h.ngram_score) for h in got] == \
            [(h.chunk_id, h.score, h.lexical_score, h.ngram_score) for h in want]

    first.upsert([Document(id="raty", title="Raty 0%", text="Raty 0% na zakupy od 500 zł przez bank.")])
    first.remove(["godziny"])
    assert second.refresh() == (1, 1)
    assert second.search("czy są raty zero procent?", k=1)[0].doc_id == "raty"
    assert "godziny" not in {hit.doc_id for hit in second.search("godziny pracy biura", k=10)}
    assert second.refresh() == (0, 0)


def test_a_stale_worker_drops_dense_hits_it_has_no_chunk_for(open_index, small_kb) -> None:
    first, second = open_index(), open_index()
    first.upsert(small_kb)  # the second worker has not refreshed: its chunk table is empty
    assert second.search("zwrot towaru", k=5) == []
    second.refresh()
    assert second.search("zwrot towaru", k=1)[0].doc_id == "zwroty"


def test_an_assistant_on_the_shared_store(postgres_url, small_kb) -> None:
    from pomocbot import Assistant

    config = AssistantConfig(retrieval={"vector_store": "pgvector", "vector_store_url": postgres_url})
    writer = Assistant(config, embedder=FakeEmbedder(), stemmer=FakeStemmer())
    writer.add_documents(small_kb)
    reader = Assistant(config, embedder=FakeEmbedder(), stemmer=FakeStemmer())
    assert reader.search("zwrot towaru", k=1)[0].doc_id == "zwroty"
    writer.index.store.close()
    reader.index.store.close()


# -- errors -----------------------------------------------------------------------
def test_a_bad_url_is_a_typed_error_with_the_password_masked() -> None:
    url = "postgresql://pomocbot:tajne-haslo@127.0.0.1:1/wiedza"
    config = AssistantConfig(retrieval={"vector_store": "pgvector", "vector_store_url": url})
    with pytest.raises(VectorStoreError) as caught:
        KnowledgeIndex.from_store(config, FakeEmbedder(), FakeStemmer())
    assert isinstance(caught.value, IndexStoreError) and isinstance(caught.value, PomocbotError)
    assert "tajne-haslo" not in str(caught.value) and "pomocbot:***@127.0.0.1:1/wiedza" in str(caught.value)
    assert "tajne-haslo" not in repr(config)
    with pytest.raises(VectorStoreError, match="not a valid PostgreSQL URL"):
        PgVectorStore("postgresql://pomocbot:tajne-haslo@db/wiedza?nie_ma=1", 64, "fake-hash")


def test_pgvector_needs_a_url_and_from_store_a_shared_store() -> None:
    with pytest.raises(ConfigError, match="vector_store_url"):
        AssistantConfig(retrieval={"vector_store": "pgvector"})
    with pytest.raises(InvalidArgumentError, match="from_store"):
        KnowledgeIndex.from_store(AssistantConfig(), FakeEmbedder(), FakeStemmer())


def test_another_embedders_store_is_refused(open_index, small_kb) -> None:
    open_index().upsert(small_kb)
    with pytest.raises(EmbedderMismatchError, match="fake-hash"):
        open_index(FakeEmbedder(dimension=32, name="inny"))


def test_store_level_interface(postgres_url, small_kb, open_index) -> None:
    index = open_index()
    index.upsert(small_kb)
    store = index.store
    keys = store.ids
    assert len(keys) == len(store) == len(small_kb) and int(keys[0]) in store and -1 not in store
    ids, vectors = store.state()
    assert np.array_equal(ids, keys) and vectors.shape == (len(small_kb), 64)
    np.testing.assert_allclose(store.vectors_for(keys[:2]), vectors[:2])
    with pytest.raises(VectorStoreError, match="no chunk key"):
        store.vectors_for(np.array([-1]))
    with pytest.raises(VectorStoreError, match="shared"):
        store.restore(ids, vectors)
