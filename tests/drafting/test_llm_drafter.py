"""The LLM drafter with a fake LLM: prompt, parsing, retries, deadlines, errors, follow-up rewrites."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest

from pomocbot.config import LLMConfig, PersonaConfig
from pomocbot.conversation.base import Turn
from pomocbot.drafting.base import Drafter, DraftRequest
from pomocbot.drafting.llm import LLMDrafter, chat_with_retries, rewrite_follow_up
from pomocbot.drafting.prompts import PromptSet
from pomocbot.errors import ConfigError, LLMError, LLMTimeoutError
from pomocbot.types import Hit
from tests.fakes import FakeLLM

pytestmark = pytest.mark.unit

AT = datetime(2026, 11, 2, 12, 0, tzinfo=timezone.utc)
SOURCES = [
    Hit(doc_id="zwroty", chunk_id="zwroty#0", title="Zwroty", text="Masz 14 dni na zwrot towaru.",
        score=2.0, rank=1),
    Hit(doc_id="dostawa", chunk_id="dostawa#0", title="Dostawa kurierem",
        text="Kurier DPD kosztuje 14,99 zł, od 199 zł dostawa jest darmowa.", score=1.0, rank=2),
]
FAST = LLMConfig(timeout_s=0.5, max_retries=2)


def request(**kwargs: object) -> DraftRequest:
    values: dict[str, object] = {"question": "ile dni na zwrot?", "message": "Ile mam dni na zwrot?",
                                 "sources": SOURCES}
    values.update(kwargs)
    return DraftRequest(**values)  # type: ignore[arg-type]


def drafter(llm: FakeLLM, config: LLMConfig = FAST, **options: object) -> LLMDrafter:
    return LLMDrafter(llm, config, backoff_s=0.01, **options)  # type: ignore[arg-type]


class Flaky(Exception):
    """An HTTP error as clients raise it: the status code on the exception."""

    def __init__(self, status_code: int) -> None:
        super().__init__(f"HTTP {status_code}")
        self.status_code = status_code


# --- answers


def test_is_a_drafter() -> None:
    assert isinstance(drafter(FakeLLM()), Drafter)


def test_answer_is_parsed_into_a_draft() -> None:
    llm = FakeLLM().enqueue("Może Pan/Pani zwrócić towar w ciągu 14 dni (źródło 1).")
    draft = drafter(llm).draft(request())
    assert draft.body == "Może Pan/Pani zwrócić towar w ciągu 14 dni [1]."
    assert draft.cited == [1] and draft.drafter == "llm" and draft.support == 1.0
    assert draft.metadata["abstained"] is False and draft.metadata["attempts"] == 1
    assert draft.metadata["model"] == "fake-llm" and draft.metadata["dropped_sources"] == []


def test_prompt_has_system_rules_and_numbered_sources() -> None:
    llm = FakeLLM().enqueue("Masz 14 dni [1].")
    drafter(llm).draft(request(persona=PersonaConfig(register="ty"), max_sentences=2))
    (messages,) = llm.history
    assert [m.role.value for m in messages] == ["system", "user"]
    assert "BRAK_ODPOWIEDZI" in llm.last_text("system") and "najwyżej 2 zdania" in llm.last_text("system")
    assert "Pan/Pani" not in llm.last_text("system")
    user = llm.last_text("user")
    assert "[1] Zwroty\nMasz 14 dni na zwrot towaru." in user and "[2] Dostawa kurierem" in user
    assert "Ile mam dni na zwrot?" in user


def test_history_reaches_the_prompt() -> None:
    llm = FakeLLM().enqueue("Kurier kosztuje 14,99 zł [2].")
    history = [Turn(role="customer", text="Ile kosztuje kurier?", at=AT)]
    drafter(llm).draft(request(history=history, message="A od ilu darmowy?"))
    assert "Klient: Ile kosztuje kurier?" in llm.last_text()


def test_abstention_token_gives_an_empty_body() -> None:
    draft = drafter(FakeLLM().enqueue("BRAK_ODPOWIEDZI")).draft(request())
    assert draft.body == "" and draft.cited == [] and draft.support == 0.0
    assert draft.metadata["abstained"] is True


def test_markers_outside_the_sources_are_dropped() -> None:
    draft = drafter(FakeLLM().enqueue("Masz 14 dni [1][5]. Kurier jest tani [3].")).draft(request())
    assert draft.body == "Masz 14 dni [1]. Kurier jest tani." and draft.cited == [1]
    assert draft.metadata["invalid_markers"] == [5, 3]


def test_an_answer_without_citations_has_lower_support() -> None:
    draft = drafter(FakeLLM().enqueue("Masz 14 dni na zwrot.")).draft(request())
    assert draft.cited == [] and draft.support == 0.5


def test_no_sources_abstains_without_calling_the_llm() -> None:
    llm = FakeLLM()
    draft = drafter(llm).draft(request(sources=[]))
    assert draft.body == "" and draft.metadata["abstained"] is True and llm.calls == 0


def test_markers_beyond_the_sources_kept_by_the_budget_are_dropped() -> None:
    text = "Masz 14 dni na zwrot. " * 30
    many = [SOURCES[0].model_copy(update={"rank": i, "text": text}) for i in range(1, 6)]
    llm = FakeLLM().enqueue("Masz 14 dni [1][5].")
    draft = drafter(llm, LLMConfig(context_window=1400, max_output_tokens=100)).draft(request(sources=many))
    kept = 5 - len(draft.metadata["dropped_sources"])
    assert 1 <= kept < 5 and "[5]" not in llm.last_text()
    assert draft.cited == [1] and 5 in draft.metadata["invalid_markers"]


def test_a_custom_prompt_set_is_used() -> None:
    prompts = PromptSet(abstain_token="NIE_WIEM")
    llm = FakeLLM().enqueue("NIE_WIEM")
    draft = LLMDrafter(llm, FAST, prompts).draft(request())
    assert draft.metadata["abstained"] is True and "NIE_WIEM" in llm.last_text("system")


def test_llm_without_chat_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="LlamaIndex LLM"):
        LLMDrafter(object())  # type: ignore[arg-type]


# --- failures: retries, deadlines, typed errors


@pytest.mark.parametrize(
    "failure",
    [TimeoutError("read timed out"), ConnectionResetError("reset by peer"), Flaky(503), Flaky(429)],
)
def test_retryable_failures_are_retried(failure: Exception) -> None:
    llm = FakeLLM().enqueue(failure, failure, "Masz 14 dni [1].")
    draft = drafter(llm).draft(request())
    assert draft.body == "Masz 14 dni [1]." and draft.metadata["attempts"] == 3 and llm.calls == 3


@pytest.mark.parametrize("failure", [ValueError("bad request"), Flaky(400), Flaky(401), KeyError("choices")])
def test_other_failures_raise_llm_error_at_once(failure: Exception) -> None:
    llm = FakeLLM().enqueue(failure, "never used")
    with pytest.raises(LLMError) as info:
        drafter(llm).draft(request())
    assert not isinstance(info.value, LLMTimeoutError)
    assert info.value.__cause__ is failure and llm.calls == 1


def test_retries_run_out_into_llm_error() -> None:
    llm = FakeLLM().enqueue(Flaky(500), Flaky(502), Flaky(503), "never used")
    with pytest.raises(LLMError, match="after 3 attempt"):
        drafter(llm).draft(request())
    assert llm.calls == 3 and llm.pending == 1


def test_a_timeout_after_the_retries_is_llm_timeout_error() -> None:
    llm = FakeLLM().enqueue(TimeoutError("slow"), TimeoutError("slow"), TimeoutError("slow"))
    with pytest.raises(LLMTimeoutError):
        drafter(llm).draft(request())
    assert isinstance(LLMTimeoutError("x"), TimeoutError)


def test_a_hanging_llm_is_abandoned_at_the_deadline() -> None:
    llm = FakeLLM().enqueue("za późno [1]", delay_s=3.0)
    config = LLMConfig(timeout_s=0.2, max_retries=0)
    started = time.monotonic()
    with pytest.raises(LLMTimeoutError, match=r"timeout_s=0\.2"):
        drafter(llm, config).draft(request())
    assert time.monotonic() - started < 0.6


def test_a_slow_first_attempt_is_retried() -> None:
    llm = FakeLLM().enqueue("za późno", delay_s=1.0).enqueue("Masz 14 dni [1].")
    draft = drafter(llm, LLMConfig(timeout_s=0.2, max_retries=1)).draft(request())
    assert draft.body == "Masz 14 dni [1]." and draft.metadata["attempts"] == 2


@pytest.mark.parametrize("answer", ["", "   ", "<think>długie rozważania bez końca"])
def test_an_empty_answer_raises_llm_error(answer: str) -> None:
    with pytest.raises(LLMError, match="no answer"):
        drafter(FakeLLM().enqueue(answer)).draft(request())


def test_a_prompt_that_cannot_fit_raises_llm_error() -> None:
    with pytest.raises(LLMError, match="budget"):
        drafter(FakeLLM(), LLMConfig(context_window=512, max_output_tokens=400)).draft(request())


def test_chat_with_retries_returns_text_and_attempts() -> None:
    from llama_index.core.llms import ChatMessage

    llm = FakeLLM().enqueue(ConnectionError("down"), "ok")
    assert chat_with_retries(llm, [ChatMessage(role="user", content="?")], timeout_s=1.0, max_retries=1,
                             backoff_s=0.0) == ("ok", 2)


# --- follow-up rewriting

HISTORY = [
    Turn(role="customer", text="Ile kosztuje kurier DPD?", at=AT),
    Turn(role="assistant", text="Kurier DPD kosztuje 14,99 zł [1].", at=AT),
]


def test_rewrite_follow_up_returns_the_standalone_question() -> None:
    llm = FakeLLM().enqueue("Samodzielne pytanie: Ile kosztuje dostawa do Paczkomatu InPost?")
    question = rewrite_follow_up(llm, HISTORY, "a do paczkomatu?", config=FAST)
    assert question == "Ile kosztuje dostawa do Paczkomatu InPost?"
    system, user = (m.content for m in llm.history[0])
    assert system == PromptSet().rewrite_system
    assert "Klient: Ile kosztuje kurier DPD?" in user and "Asystent: Kurier DPD kosztuje 14,99 zł." in user
    assert "a do paczkomatu?" in user


@pytest.mark.parametrize(
    "answer",
    [ConnectionError("down"), TimeoutError("slow"), ValueError("bad"), "", "BRAK_ODPOWIEDZI"],
)
def test_rewrite_follow_up_failure_returns_none_without_retry(answer: object) -> None:
    llm = FakeLLM().enqueue(answer, "never used")  # type: ignore[arg-type]
    assert rewrite_follow_up(llm, HISTORY, "a do paczkomatu?", config=FAST) is None
    assert llm.calls == 1


def test_rewrite_follow_up_of_a_hanging_llm_returns_none_at_the_deadline() -> None:
    llm = FakeLLM().enqueue("za późno", delay_s=3.0)
    started = time.monotonic()
    assert rewrite_follow_up(llm, HISTORY, "a do paczkomatu?", config=LLMConfig(timeout_s=0.2)) is None
    assert time.monotonic() - started < 0.6


def test_rewrite_follow_up_without_history_does_not_call() -> None:
    llm = FakeLLM()
    assert rewrite_follow_up(llm, [], "a do paczkomatu?") is None and llm.calls == 0


def test_rewrite_follow_up_drops_old_turns_to_fit() -> None:
    long_history = [Turn(role="customer", text="Bardzo długa wiadomość o zwrotach. " * 60, at=AT),
                    *HISTORY]
    llm = FakeLLM().enqueue("Ile kosztuje Paczkomat?")
    config = LLMConfig(context_window=600, max_output_tokens=64)
    assert rewrite_follow_up(llm, long_history, "a paczkomat?", config=config) == "Ile kosztuje Paczkomat?"
    user = llm.last_text()
    assert "Bardzo długa" not in user and "Ile kosztuje kurier DPD?" in user
