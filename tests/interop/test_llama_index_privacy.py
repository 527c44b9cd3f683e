"""PomocbotQueryEngine: a customer's query is redacted before LlamaIndex sees it (search, LLM, tracing)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest
from llama_index.core.bridge.pydantic import Field
from llama_index.core.callbacks import CallbackManager, LlamaDebugHandler
from llama_index.core.instrumentation import get_dispatcher
from llama_index.core.instrumentation.event_handlers import BaseEventHandler
from llama_index.core.instrumentation.span_handlers import BaseSpanHandler
from llama_index.core.query_engine import RetrieverQueryEngine
from llama_index.core.schema import QueryBundle

from pomocbot import Assistant, ConfigError, InvalidQueryError
from pomocbot.interop import PomocbotQueryEngine, PomocbotRetriever
from tests.fakes import FakeLLM
from tests.interop.conftest import SearchSpy

pytestmark = pytest.mark.unit

README = Path(__file__).resolve().parents[2] / "README.md"
PESEL = "02070803628"
PHONE = "601 234 567"
EMAIL = "jan.kowalski@wp.pl"
QUESTION = (f"Nazywam się Jan Kowalski, PESEL {PESEL}, tel. {PHONE}, mail {EMAIL}. "
            "Ile mam dni na zwrot towaru?")


def leaks(text: str) -> list[str]:
    """The raw values found in ``text`` (the phone in any grouping)."""
    found = [value for value in (PESEL, EMAIL, "Kowalski") if value in text]
    if re.search(r"601\D{0,3}234\D{0,3}567", text):
        found.append(PHONE)
    return found


def prompts(llm: FakeLLM) -> str:
    return "\n".join(message.content or "" for call in llm.history for message in call)


# -- the LLM and the search get the redacted text -------------------------------------------------
def test_the_llm_prompt_holds_no_personal_data(assistant: Assistant, spy: SearchSpy) -> None:
    llm = FakeLLM().enqueue("Masz 14 dni na zwrot [1].")
    response = PomocbotQueryEngine(assistant, llm=llm, k=3).query(QUESTION)
    sent = prompts(llm)
    assert leaks(sent) == []
    assert "PESEL [PESEL_1], tel. [TELEFON_1], mail [EMAIL_1]. Ile mam dni na zwrot towaru?" in sent
    assert spy.queries and all(leaks(q) == [] for q in spy.queries)
    assert str(response) == "Masz 14 dni na zwrot [1]."
    assert "zwroty" in {n.node.ref_doc_id for n in response.source_nodes}


def test_the_retriever_alone_leaves_the_prompt_raw(assistant: Assistant) -> None:
    # Why the query engine exists: a RetrieverQueryEngine puts the query it was given into the prompt.
    llm = FakeLLM().enqueue("Masz 14 dni.")
    RetrieverQueryEngine.from_args(PomocbotRetriever(assistant, k=2), llm=llm).query(QUESTION)
    assert PESEL in prompts(llm)


def test_async_query(assistant: Assistant) -> None:
    llm = FakeLLM().enqueue("Masz 14 dni na zwrot [1].")
    response = asyncio.run(PomocbotQueryEngine(assistant, llm=llm, k=2).aquery(QUESTION))
    assert leaks(prompts(llm)) == [] and len(response.source_nodes) == 2


def test_a_query_bundle_is_redacted_too(assistant: Assistant) -> None:
    engine = PomocbotQueryEngine(assistant, llm=FakeLLM())
    bundle = engine.redacted(QueryBundle(QUESTION, custom_embedding_strs=[f"PESEL {PESEL}"],
                                         embedding=[0.1, 0.2]))
    assert leaks(bundle.query_str) == [] and bundle.custom_embedding_strs == ["PESEL [PESEL_1]"]
    assert bundle.embedding is None  # computed from the raw text: not passed on
    with pytest.raises(InvalidQueryError, match="QueryBundle"):
        engine.query(42)  # type: ignore[arg-type]


# -- nor do LlamaIndex's callbacks and instrumentation --------------------------------------------
class EventRecorder(BaseEventHandler):
    """Every instrumentation event, as text."""

    seen: list[str] = Field(default_factory=list)

    @classmethod
    def class_name(cls) -> str:
        return "EventRecorder"

    def handle(self, event: Any, **kwargs: Any) -> None:
        self.seen.append(repr(event))


class SpanRecorder(BaseSpanHandler[Any]):
    """The arguments of every instrumented call, as text (what a tracer records as a span's input)."""

    seen: list[str] = Field(default_factory=list)

    @classmethod
    def class_name(cls) -> str:
        return "SpanRecorder"

    def new_span(self, id_: str, bound_args: Any, instance: Any = None, parent_span_id: str | None = None,
                 tags: dict[str, Any] | None = None, **kwargs: Any) -> None:
        self.seen.append(repr(bound_args.arguments))

    def prepare_to_exit_span(self, id_: str, bound_args: Any, instance: Any = None, result: Any = None,
                             **kwargs: Any) -> None:
        return None

    def prepare_to_drop_span(self, id_: str, bound_args: Any, instance: Any = None,
                             err: BaseException | None = None, **kwargs: Any) -> None:
        return None


def test_callbacks_events_and_spans_see_only_the_redacted_text(assistant: Assistant) -> None:
    root = get_dispatcher()
    events, spans = EventRecorder(), SpanRecorder()
    root.add_event_handler(events)
    root.add_span_handler(spans)
    debug = LlamaDebugHandler()
    try:
        engine = PomocbotQueryEngine(assistant, llm=FakeLLM().enqueue("Masz 14 dni na zwrot [1]."), k=2,
                                     callback_manager=CallbackManager([debug]))
        engine.query(QUESTION)
    finally:
        root.event_handlers.remove(events)
        root.span_handlers.remove(spans)
    for seen in (events.seen, spans.seen):
        assert any("[PESEL_1]" in text for text in seen)
        assert leaks("\n".join(seen)) == []
    payloads = [repr(event.payload) for event in debug.get_events()]
    assert payloads and leaks("\n".join(payloads)) == []


# -- the README's snippet --------------------------------------------------------------------------
def test_the_readme_snippet_redacts(assistant: Assistant) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    (snippet,) = [block for block in blocks if "pomocbot.interop" in block]
    assert "PomocbotQueryEngine" in snippet
    my_llm = FakeLLM().enqueue("Paczka jest w drodze.")
    namespace: dict[str, Any] = {"assistant": assistant, "my_llm": my_llm}
    exec(compile(snippet, str(README), "exec"), namespace)
    sent = prompts(my_llm)
    assert leaks(sent) == [] and "02070803628" not in sent
    assert "Mój PESEL to [PESEL_1], tel. [TELEFON_1]. Gdzie jest paczka?" in sent  # as the comment says
    assert str(namespace["response"]) == "Paczka jest w drodze."


# -- your own engine; bad set-ups ------------------------------------------------------------------
def test_redacts_in_front_of_your_own_engine(assistant: Assistant) -> None:
    llm = FakeLLM().enqueue("Masz 14 dni.")
    retriever = PomocbotRetriever(assistant.index, k=1, redact_query=False)
    inner = RetrieverQueryEngine.from_args(retriever, llm=llm)
    engine = PomocbotQueryEngine(assistant, engine=inner)
    assert engine.engine is inner and repr(engine) == "PomocbotQueryEngine(engine=RetrieverQueryEngine)"
    engine.query(QUESTION)
    assert leaks(prompts(llm)) == []


def test_an_index_needs_a_redactor(assistant: Assistant) -> None:
    with pytest.raises(ConfigError, match="redact="):
        PomocbotQueryEngine(assistant.index, llm=FakeLLM())
    llm = FakeLLM().enqueue("Masz 14 dni.")
    PomocbotQueryEngine(assistant.index, llm=llm, redact=lambda q: assistant.redact(q).text).query(QUESTION)
    assert leaks(prompts(llm)) == []


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"engine": "not an engine"}, "query engine"),
    ({"engine": RetrieverQueryEngine.from_args, "llm": FakeLLM()}, "engine= and also llm"),
    ({"engine": RetrieverQueryEngine.from_args, "response_mode": "compact"}, "also response_mode"),
])
def test_bad_engine_arguments_are_config_errors(assistant: Assistant, kwargs: dict[str, Any],
                                               match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        PomocbotQueryEngine(assistant, **kwargs)
