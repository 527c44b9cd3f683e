"""PomocbotRetriever: pomocbot's search as a LlamaIndex retriever, with the query redacted first."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest
from llama_index.core.llms import MockLLM
from llama_index.core.query_engine import RetrieverQueryEngine
from llama_index.core.schema import QueryBundle, TextNode

from pomocbot import Assistant, ConfigError, EmptyQueryError
from pomocbot.interop import PomocbotRetriever, hit_to_node
from tests.interop.conftest import SearchSpy

PESEL = "02070803628"
PII_QUESTION = f"Nazywam się Jan Kowalski, mój PESEL to {PESEL}. Ile mam dni na zwrot towaru?"


# -- nodes mirror hits (fake embedder, small knowledge base) ---------------------------------


@pytest.mark.unit
def test_nodes_carry_the_hits(assistant: Assistant) -> None:
    question = "Ile kosztuje wysyłka do paczkomatu?"
    hits = assistant.search(question, k=3)
    nodes = PomocbotRetriever(assistant, k=3).retrieve(question)
    assert [n.node.node_id for n in nodes] == [h.chunk_id for h in hits]
    assert [n.score for n in nodes] == pytest.approx([h.score for h in hits])
    top = nodes[0].node
    assert isinstance(top, TextNode)
    assert top.ref_doc_id == "paczkomat" and top.metadata["doc_id"] == "paczkomat"
    assert top.metadata["title"] == "Paczkomat InPost" and "11,99 zł" in top.text
    assert set(top.metadata) == {"doc_id", "title", "url", "heading", "rank"}


@pytest.mark.unit
def test_k_limits_the_nodes(assistant: Assistant) -> None:
    assert len(PomocbotRetriever(assistant, k=2).retrieve("zwrot towaru")) == 2


@pytest.mark.unit
def test_llm_sees_title_and_heading_not_ids(assistant: Assistant) -> None:
    node = PomocbotRetriever(assistant, k=1).retrieve("reset hasła")[0].node
    shown = node.get_content(metadata_mode="llm")
    assert "Reset hasła" in shown and "doc_id" not in shown


@pytest.mark.unit
def test_url_prefers_document_url_over_file(assistant: Assistant) -> None:
    hit = assistant.search("faktura VAT", k=1)[0]
    with_url = hit.model_copy(update={"metadata": {"url": "https://modrzew.example/faktura"},
                                      "source": "kb/faktura.md"})
    assert hit_to_node(with_url).node.metadata["url"] == "https://modrzew.example/faktura"
    assert hit_to_node(with_url.model_copy(update={"metadata": {}})).node.metadata["url"] == "kb/faktura.md"


@pytest.mark.unit
def test_async_retrieve(assistant: Assistant) -> None:
    nodes = asyncio.run(PomocbotRetriever(assistant, k=1).aretrieve("płatność BLIK"))
    assert nodes[0].node.ref_doc_id == "blik"


@pytest.mark.unit
def test_works_on_the_index_with_an_explicit_redactor(assistant: Assistant) -> None:
    retriever = PomocbotRetriever(assistant.index, k=1, redact=lambda q: assistant.redact(q).text)
    assert retriever.retrieve(PII_QUESTION)[0].node.ref_doc_id == "zwroty"


# -- the query is redacted before the search ------------------------------------------------


@pytest.mark.unit
def test_personal_data_is_redacted_before_search(assistant: Assistant, spy: SearchSpy) -> None:
    nodes = PomocbotRetriever(assistant, k=2).retrieve(PII_QUESTION)
    (searched,) = spy.queries
    assert PESEL not in searched and "Kowalski" not in searched
    assert "[PESEL_1]" in searched and "zwrot towaru" in searched
    assert nodes[0].node.ref_doc_id == "zwroty"


@pytest.mark.unit
def test_redaction_can_be_switched_off(assistant: Assistant, spy: SearchSpy) -> None:
    PomocbotRetriever(assistant, k=1, redact_query=False).retrieve(PII_QUESTION)
    assert spy.queries == [PII_QUESTION]


@pytest.mark.unit
def test_query_engine_searches_redacted_text(assistant: Assistant, spy: SearchSpy) -> None:
    engine = RetrieverQueryEngine.from_args(PomocbotRetriever(assistant, k=2), llm=MockLLM())
    engine.query(PII_QUESTION)
    assert spy.queries and all(PESEL not in q for q in spy.queries)


# -- bad input -------------------------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize("source", [object(), "examples/sklep/kb", None])
def test_source_without_search_is_a_config_error(source) -> None:
    with pytest.raises(ConfigError, match="search"):
        PomocbotRetriever(source)


@pytest.mark.unit
def test_index_without_redactor_is_a_config_error(assistant: Assistant) -> None:
    with pytest.raises(ConfigError, match="redact_query=False"):
        PomocbotRetriever(assistant.index)
    assert PomocbotRetriever(assistant.index, redact_query=False).k == 5


@pytest.mark.unit
@pytest.mark.parametrize("k", [0, -1, 2.5, True, "3"])
def test_bad_k_is_a_config_error(assistant: Assistant, k) -> None:
    with pytest.raises(ConfigError, match="k must be"):
        PomocbotRetriever(assistant, k=k)


@pytest.mark.unit
@pytest.mark.parametrize("query", ["", "   \n"])
def test_empty_query_raises_our_error(assistant: Assistant, query: str) -> None:
    with pytest.raises(EmptyQueryError):
        PomocbotRetriever(assistant, redact_query=False).retrieve(QueryBundle(query))


@pytest.mark.unit
def test_import_pomocbot_does_not_load_llama_index() -> None:
    code = "import sys, pomocbot; sys.exit(any(m.startswith('llama_index') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# -- the example shop with the real embedder and stemmer (integration) ----------------------


@pytest.fixture(scope="module")
def shop(shop_index_dir, use_embedder) -> Assistant:
    return Assistant.load(shop_index_dir, embedder=use_embedder)


@pytest.mark.integration
def test_shop_question_returns_withdrawal_nodes(shop: Assistant) -> None:
    nodes = PomocbotRetriever(shop, k=5).retrieve("Ile mam czasu na odstąpienie od umowy?")
    assert len(nodes) == 5
    withdrawal = {"faq-ile-mam-czasu-na-zwrot", "zwroty/prawo-odstapienia"}
    assert {n.node.ref_doc_id for n in nodes[:2]} <= withdrawal
    assert [n.score for n in nodes] == sorted((n.score for n in nodes), reverse=True)
    assert any(n.node.metadata["heading"] == "Ile masz czasu" for n in nodes)
    assert all("examples/sklep/kb/" in n.node.metadata["url"] for n in nodes)  # the source file


@pytest.mark.integration
def test_query_engine_on_the_shop_uses_our_nodes(shop: Assistant) -> None:
    retriever = PomocbotRetriever(shop, k=3)
    question = "Jak zapłacić BLIKiem?"
    expected = [n.node.node_id for n in retriever.retrieve(question)]
    response = RetrieverQueryEngine.from_args(retriever, llm=MockLLM()).query(question)
    assert [n.node.node_id for n in response.source_nodes] == expected
    assert any("platnosci/" in n.node.ref_doc_id for n in response.source_nodes)
    assert str(response)  # MockLLM echoes the prompt: the synthesis ran offline
