"""The Assistant front object, and retrieval quality on the example shop's knowledge base."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from pomocbot import (
    Assistant,
    AssistantConfig,
    ConfigError,
    Document,
    FusionMode,
    IndexKind,
)
from tests.conftest import FakeEmbedder

SHOP = Path(__file__).resolve().parent.parent / "examples" / "sklep"


def top_docs(assistant: Assistant, question: str, n: int) -> list[str]:
    """The first ``n`` distinct documents among the hits, best first."""
    docs: list[str] = []
    for hit in assistant.search(question, k=4 * n):
        if hit.doc_id not in docs:
            docs.append(hit.doc_id)
    return docs[:n]


# -- the front object with fakes (unit) ----------------------------------------------------


@pytest.mark.unit
def test_default_config_is_offline_and_lazy() -> None:
    assistant = Assistant()  # builds the multilingual-e5 embedder but loads nothing yet
    assert assistant.config == AssistantConfig()
    assert assistant.config.retrieval.fusion is FusionMode.ZSCORE
    assert assistant.config.retrieval.index_kind is IndexKind.FLAT
    assert assistant.embedder.name == "multilingual-e5-small-q4"
    assert len(assistant) == 0 and assistant.document_ids == []
    assert assistant.last_report is None


@pytest.mark.unit
def test_repr_and_len(assistant, small_kb) -> None:
    assert len(assistant) == len(small_kb)  # one chunk per short document
    n = len(small_kb)
    assert repr(assistant) == f"Assistant(documents={n}, chunks={n}, embedder='fake-hash')"
    assert sorted(assistant.document_ids) == sorted(doc.id for doc in small_kb)


@pytest.mark.unit
def test_huggingface_without_model_path_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="embedder_model_path"):
        Assistant(AssistantConfig(retrieval={"embedder": "huggingface"}))


@pytest.mark.unit
def test_config_strings_become_enums() -> None:
    config = AssistantConfig(retrieval={"fusion": "rrf", "index_kind": "hnsw", "embedder": "use"})
    assert config.retrieval.fusion is FusionMode.RRF and config.retrieval.index_kind is IndexKind.HNSW
    with pytest.raises(ValueError):
        AssistantConfig(retrieval={"fusion": "best"})
    with pytest.raises(ValueError):
        AssistantConfig(retrieval={"unknown_option": 1})


@pytest.fixture
def kb_folder(tmp_path: Path) -> Path:
    (tmp_path / "dostawa").mkdir()
    (tmp_path / "zwroty.md").write_text("# Zwroty\n\nMasz 14 dni na zwrot towaru.\n", encoding="utf-8")
    (tmp_path / "dostawa" / "kurier.txt").write_text("Kurier\n\nKurier DPD kosztuje 14,99 zł.\n",
                                                     encoding="utf-8")
    (tmp_path / "faq.jsonl").write_text(
        json.dumps({"id": "faq-blik", "question": "Czy mogę płacić BLIK-iem?", "answer": "Tak, BLIK działa."},
                   ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "zepsuty.md").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "pusty.txt").write_text("", encoding="utf-8")
    return tmp_path


@pytest.mark.unit
def test_add_directory_reports_failures_and_goes_on(make_assistant, kb_folder, fake_embedder) -> None:
    assistant = make_assistant()
    report = assistant.add_directory(kb_folder)
    assert sorted(assistant.document_ids) == ["dostawa/kurier", "faq-blik", "zwroty"]
    assert report.documents_added == 3 and not report.ok
    assert sorted(Path(problem.path).name for problem in report.failures) == ["pusty.txt", "zepsuty.md"]
    assert assistant.last_report is report
    assert top_docs(assistant, "kurier DPD", 1) == ["dostawa/kurier"]
    # indexing the same folder again costs nothing
    fake_embedder.reset()
    again = assistant.add_directory(kb_folder)
    assert again.documents_unchanged == 3 and fake_embedder.embedded_texts == 0


@pytest.mark.unit
def test_save_and_load_through_the_front_object(assistant, tmp_path, fake_embedder, monkeypatch) -> None:
    import pomocbot.retrieval.index
    from tests.conftest import FakeStemmer

    monkeypatch.setattr(pomocbot.retrieval.index, "PolishStemmer", FakeStemmer)  # see test_persistence
    assistant.save(tmp_path / "index")
    loaded = Assistant.load(tmp_path / "index", embedder=fake_embedder)
    assert repr(loaded) == repr(assistant)
    assert [h.chunk_id for h in loaded.search("zwrot towaru", k=3)] == \
        [h.chunk_id for h in assistant.search("zwrot towaru", k=3)]


@pytest.mark.unit
def test_concurrent_searches_and_updates(assistant, small_kb) -> None:
    errors: list[BaseException] = []

    def searcher() -> None:
        try:
            for _ in range(30):
                hits = assistant.search("zwrot towaru", k=3)
                assert hits and len({h.chunk_id for h in hits}) == len(hits)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def writer() -> None:
        try:
            for n in range(15):
                assistant.add_documents([Document(id="nowosci", text=f"Nowość numer {n}: zwrot w 30 dni.")])
                assistant.remove_documents(["nowosci"])
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=searcher) for _ in range(3)] + [threading.Thread(target=writer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sorted(assistant.document_ids) == sorted(doc.id for doc in small_kb)


# -- the example shop with the real embedder and stemmer (integration) ----------------------


@pytest.fixture(scope="module")
def shop(use_embedder, polish_stemmer) -> Assistant:
    return Assistant.from_directory(SHOP / "kb", embedder=use_embedder)


@pytest.fixture(scope="module")
def answerable() -> list[dict]:
    lines = (SHOP / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [q for q in map(json.loads, filter(str.strip, lines)) if q["gold"]]


@pytest.mark.integration
def test_example_knowledge_base_loads_cleanly(shop) -> None:
    report = shop.last_report
    assert report.ok, report.failures
    assert not report.skipped
    assert len(shop.document_ids) >= 40
    assert report.documents_added == len(shop.document_ids)
    assert report.chunks_embedded == len(shop) >= len(shop.document_ids)


@pytest.mark.integration
def test_gold_documents_exist(shop, answerable) -> None:
    ids = set(shop.document_ids)
    missing = {doc for q in answerable for doc in q["gold"] if doc not in ids}
    assert not missing


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # with Polish letters
        ("Jak zwrócić towar?", {"zwroty/jak-zwrocic-towar"}),
        ("Zapomniałem hasła", {"konto/reset-hasla", "faq-konto-zmiana-hasla"}),
        ("Chcę fakturę VAT na firmę", {"faktury/faktura-vat"}),
        # without Polish letters
        ("jak zwrocic towar", {"zwroty/jak-zwrocic-towar"}),
        ("ile kosztuje paczkomat", {"dostawa/paczkomat", "faq-ile-kosztuje-dostawa"}),
        ("zapomnialem hasla do konta", {"konto/reset-hasla", "faq-konto-zmiana-hasla"}),
        ("jak zaplacic blikiem", {"platnosci/blik"}),
        ("jak sie wypisac z newslettera", {"prywatnosc/newsletter-wypisanie"}),
        # colloquial
        ("reklamacja ile czekam na odpowiedz", {"reklamacje/termin-rozpatrzenia"}),
        ("usuncie moje dane", {"prywatnosc/prawa-rodo", "prywatnosc/wniosek-rodo"}),
        ("paczka przyszla zgnieciona", {"reklamacje/uszkodzona-przesylka"}),
        ("gdzie jest moja paczka", {"dostawa/sledzenie-przesylki", "faq-gdzie-jest-moja-paczka"}),
        ("czy mozna placic przy odbiorze", {"platnosci/pobranie", "faq-platnosc-przy-odbiorze"}),
    ],
)
def test_questions_find_their_document_in_top_3(shop, question: str, expected: set[str]) -> None:
    assert expected & set(top_docs(shop, question, 3)), top_docs(shop, question, 3)


@pytest.mark.integration
def test_hits_on_the_example_point_to_real_files(shop) -> None:
    hits = shop.search("ile kosztuje kurier DPD", k=5)
    assert [h.rank for h in hits] == [1, 2, 3, 4, 5]
    for hit in hits:
        assert hit.doc_id in shop.document_ids and hit.text and hit.title
        assert -1.0 <= hit.dense_score <= 1.0
        assert hit.source
        path = hit.source.rsplit(":", 1)[0] if hit.source.endswith(tuple("0123456789")) else hit.source
        assert (SHOP / "kb" / path).is_file()  # FAQ entries add ":<line>"


@pytest.mark.integration
@pytest.mark.slow
def test_recall_at_5_on_example_questions(shop, answerable) -> None:
    # Doc-level recall@5: a question counts when one of its gold documents is
    # among the first five distinct documents retrieved.
    found = [bool(set(q["gold"]) & set(top_docs(shop, q["question"], 5))) for q in answerable]
    recall = sum(found) / len(found)
    assert len(answerable) >= 200
    assert recall >= 0.85, f"recall@5 = {recall:.3f}"


@pytest.mark.integration
def test_example_index_round_trip(shop, tmp_path, use_embedder) -> None:
    shop.save(tmp_path / "sklep")
    loaded = Assistant.load(tmp_path / "sklep", embedder=use_embedder)
    for question in ("jak zwrocic towar", "faktura na firme", "ile kosztuje paczkomat"):
        before = [(h.chunk_id, round(h.score, 5)) for h in shop.search(question, k=5)]
        assert [(h.chunk_id, round(h.score, 5)) for h in loaded.search(question, k=5)] == before


@pytest.mark.integration
def test_loading_example_index_with_fake_embedder_is_refused(shop, tmp_path) -> None:
    from pomocbot import EmbedderMismatchError

    shop.save(tmp_path / "sklep")
    with pytest.raises(EmbedderMismatchError, match="use-multilingual-v3"):
        Assistant.load(tmp_path / "sklep", embedder=FakeEmbedder())
