"""Token budget: sources from the end go first, then old turns, then the last source's text."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pomocbot.conversation.base import Turn
from pomocbot.drafting.base import DraftRequest
from pomocbot.drafting.budget import MESSAGE_OVERHEAD_TOKENS, fit_prompt, prompt_budget
from pomocbot.drafting.prompts import PromptSet
from pomocbot.errors import ConfigError, LLMError
from pomocbot.knowledge.chunker import count_tokens_function
from pomocbot.types import Hit

pytestmark = pytest.mark.unit

AT = datetime(2026, 11, 2, 12, 0, tzinfo=timezone.utc)
COUNT = count_tokens_function()
PROMPTS = PromptSet()


def hits(n: int, repeat: int = 10) -> list[Hit]:
    return [Hit(doc_id=f"d{i}", chunk_id=f"d{i}#0", title=f"Temat {i}", text=f"Fakt numer {i}. " * repeat,
                score=1.0 / i, rank=i) for i in range(1, n + 1)]


def turns(n: int) -> list[Turn]:
    return [Turn(role="customer" if i % 2 == 0 else "assistant", text=f"Wiadomość numer {i} w rozmowie.",
                 at=AT) for i in range(n)]


def needed(request: DraftRequest) -> int:
    """Tokens of the whole prompt, nothing left out."""
    return fit_prompt(PROMPTS, request, budget=10**6).tokens


def test_everything_fits_in_a_large_budget() -> None:
    request = DraftRequest(question="pytanie?", sources=hits(5), history=turns(4))
    fitted = fit_prompt(PROMPTS, request, budget=10**6)
    assert len(fitted.sources) == 5 and len(fitted.history) == 4
    assert fitted.dropped_sources == [] and fitted.dropped_turns == 0 and fitted.truncated_sources == []
    assert fitted.tokens == COUNT(fitted.system) + COUNT(fitted.user) + 2 * MESSAGE_OVERHEAD_TOKENS


def test_the_last_sources_are_dropped_first() -> None:
    request = DraftRequest(question="pytanie?", sources=hits(5), history=turns(4))
    fitted = fit_prompt(PROMPTS, request, budget=needed(request) - 1)
    assert [h.doc_id for h in fitted.sources] == ["d1", "d2", "d3", "d4"]
    assert fitted.dropped_sources == [5] and len(fitted.history) == 4
    assert "[5] Temat 5" not in fitted.user and "[4] Temat 4" in fitted.user


def test_history_is_trimmed_oldest_first_once_one_source_is_left() -> None:
    request = DraftRequest(question="pytanie?", sources=hits(3), history=turns(4))
    one_source = DraftRequest(question="pytanie?", sources=hits(1), history=turns(4))
    fitted = fit_prompt(PROMPTS, request, budget=needed(one_source) - 1)
    assert fitted.dropped_sources == [2, 3]
    assert fitted.dropped_turns >= 1 and fitted.history == turns(4)[fitted.dropped_turns :]
    assert "Wiadomość numer 3" in fitted.user and "Wiadomość numer 0" not in fitted.user
    assert fitted.truncated_sources == []


def test_the_remaining_source_text_is_truncated_last() -> None:
    request = DraftRequest(question="pytanie?", sources=hits(3, repeat=60), history=turns(2))
    bare = DraftRequest(question="pytanie?", sources=hits(1, repeat=60))
    budget = needed(bare) - 100
    fitted = fit_prompt(PROMPTS, request, budget=budget)
    assert fitted.dropped_sources == [2, 3] and fitted.dropped_turns == 2
    assert fitted.truncated_sources == [1]
    (source,) = fitted.sources
    assert source.text.endswith(" […]") and source.text.startswith("Fakt numer 1.")
    assert budget - 30 <= fitted.tokens <= budget  # cut at the last word that fits
    assert request.sources[0].text.count("Fakt") == 60  # the request's hits are untouched


def test_metadata_records_what_was_left_out() -> None:
    request = DraftRequest(question="pytanie?", sources=hits(5))
    fitted = fit_prompt(PROMPTS, request, budget=needed(request) - 1)
    assert fitted.metadata() == {"prompt_tokens": fitted.tokens, "prompt_budget": needed(request) - 1,
                                 "dropped_sources": [5], "dropped_turns": 0, "truncated_sources": []}


def test_a_budget_below_the_system_prompt_raises_llm_error() -> None:
    request = DraftRequest(question="pytanie?", sources=hits(2))
    with pytest.raises(LLMError, match="budget is 100"):
        fit_prompt(PROMPTS, request, budget=100)


def test_the_message_is_preferred_to_the_search_question() -> None:
    request = DraftRequest(question="zwrot towar dni", message="Ile mam dni na zwrot?", sources=hits(1))
    user = fit_prompt(PROMPTS, request, budget=10**6).user
    assert "Ile mam dni na zwrot?" in user and "zwrot towar dni" not in user


@pytest.mark.parametrize(
    ("window", "output", "margin", "expected"),
    [(4096, 350, 0.1, 3371), (4096, 350, 0.0, 3746), (8192, 1000, 0.25, 5394)],
)
def test_prompt_budget(window: int, output: int, margin: float, expected: int) -> None:
    assert prompt_budget(window, output, margin) == expected


@pytest.mark.parametrize("margin", [-0.1, 1.0])
def test_prompt_budget_rejects_bad_margin(margin: float) -> None:
    with pytest.raises(ConfigError):
        prompt_budget(4096, 350, margin)
