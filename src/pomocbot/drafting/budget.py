"""Fit the drafter's prompt into the model's context window (tiktoken token counts).

The prompt (system + user message) must leave ``max_output_tokens`` of the
``context_window`` for the answer. When it is too long, the least useful parts
go first, in this order:

1. sources from the end of the list (the worst ranked), down to one;
2. conversation turns, oldest first;
3. the text of the remaining source, cut at a word boundary and marked ``[…]``.

Tokens are counted with tiktoken's ``cl100k_base`` (offline, as the chunker
does). The model's own tokenizer may need more tokens for the same Polish text
(older 32k-vocabulary models need up to a third more), so the budget keeps a
``margin`` share free; each chat message also costs a few tokens of framing.

>>> from pomocbot.drafting.base import DraftRequest
>>> from pomocbot.drafting.prompts import PromptSet
>>> from pomocbot.types import Hit
>>> hits = [Hit(doc_id=f"d{i}", chunk_id=f"d{i}#0", title=f"Temat {i}", text="Masz 14 dni na zwrot. " * 10,
...             score=1.0, rank=i) for i in range(1, 6)]
>>> fitted = fit_prompt(PromptSet(), DraftRequest(question="ile dni na zwrot?", sources=hits), budget=1200)
>>> len(fitted.sources), fitted.dropped_sources, fitted.tokens <= 1200
(2, [3, 4, 5], True)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pomocbot.conversation.base import Turn
from pomocbot.drafting.base import DraftRequest
from pomocbot.drafting.prompts import PromptSet
from pomocbot.errors import LLMError
from pomocbot.types import Hit

__all__ = ["MESSAGE_OVERHEAD_TOKENS", "FittedPrompt", "fit_prompt", "prompt_budget"]

#: Tokens of chat framing per message (role markers, separators): OpenAI's
#: cookbook counts 3-4 for its models; chat templates of open models use up to ~8.
MESSAGE_OVERHEAD_TOKENS = 8

_TRUNCATION_MARK = " […]"
_WORD_END = re.compile(r"\S+")


@dataclass(frozen=True)
class FittedPrompt:
    """The prompt that fits, and what was left out to make it fit.

    ``sources`` are the sources shown, numbered from 1 like ``request.sources``
    (a truncated one carries its shortened text); ``dropped_sources`` and
    ``truncated_sources`` are 1-based numbers into ``request.sources``.
    """

    system: str
    user: str
    sources: list[Hit]
    history: list[Turn]
    tokens: int
    budget: int
    dropped_sources: list[int] = field(default_factory=list)
    dropped_turns: int = 0
    truncated_sources: list[int] = field(default_factory=list)

    def metadata(self) -> dict[str, Any]:
        """What a draft's metadata records about the prompt (no customer text).

        >>> FittedPrompt(system="", user="", sources=[], history=[], tokens=10, budget=20).metadata()
        {'prompt_tokens': 10, 'prompt_budget': 20, 'dropped_sources': [], 'dropped_turns': 0, \
'truncated_sources': []}
        """
        return {
            "prompt_tokens": self.tokens,
            "prompt_budget": self.budget,
            "dropped_sources": list(self.dropped_sources),
            "dropped_turns": self.dropped_turns,
            "truncated_sources": list(self.truncated_sources),
        }


def prompt_budget(context_window: int, max_output_tokens: int, margin: float = 0.1) -> int:
    """Tokens the prompt may use: what the answer leaves of the window, less a ``margin`` share.

    >>> prompt_budget(4096, 350), prompt_budget(4096, 350, margin=0.0)
    (3371, 3746)
    """
    if not 0 <= margin < 1:
        from pomocbot.errors import ConfigError

        raise ConfigError(f"margin must be in [0, 1), got {margin}")
    return int((context_window - max_output_tokens) * (1 - margin))


def _default_counter() -> Callable[[str], int]:
    from pomocbot.knowledge.chunker import count_tokens_function

    return count_tokens_function()


def fit_prompt(
    prompts: PromptSet,
    request: DraftRequest,
    budget: int,
    *,
    count: Callable[[str], int] | None = None,
) -> FittedPrompt:
    """Render the system and user prompts of ``request`` within ``budget`` tokens.

    Raises :class:`~pomocbot.errors.LLMError` when even the system prompt, the
    question and one word of one source do not fit.
    """
    count = count or _default_counter()
    system = prompts.system_prompt(
        request.persona,
        max_sentences=request.max_sentences,
        max_words=request.max_words,
        answer_language=request.answer_language,
    )
    message = request.message.strip() or request.question
    fixed = count(system) + 2 * MESSAGE_OVERHEAD_TOKENS

    def measure(sources: Sequence[Hit], history: Sequence[Turn]) -> tuple[str, int]:
        user = prompts.user_prompt(sources, history, message)
        return user, fixed + count(user)

    sources = list(request.sources)
    history = list(request.history)
    user, tokens = measure(sources, history)
    dropped_sources: list[int] = []
    while tokens > budget and len(sources) > 1:
        dropped_sources.insert(0, len(sources))
        sources.pop()
        user, tokens = measure(sources, history)
    dropped_turns = 0
    while tokens > budget and history:
        history.pop(0)
        dropped_turns += 1
        user, tokens = measure(sources, history)
    truncated: list[int] = []
    if tokens > budget and sources:
        sources[-1], user, tokens = _truncate_last(sources, history, measure, budget)
        truncated.append(len(sources))
    if tokens > budget:
        raise LLMError(
            f"the prompt needs {tokens} tokens with one source cut to a word, but the budget is {budget} "
            f"(context_window - max_output_tokens, less the margin); raise LLMConfig.context_window, "
            f"lower max_output_tokens or shorten the prompts"
        )
    return FittedPrompt(
        system=system, user=user, sources=sources, history=history, tokens=tokens, budget=budget,
        dropped_sources=dropped_sources, dropped_turns=dropped_turns, truncated_sources=truncated,
    )


def _truncate_last(
    sources: list[Hit],
    history: list[Turn],
    measure: Callable[[Sequence[Hit], Sequence[Turn]], tuple[str, int]],
    budget: int,
) -> tuple[Hit, str, int]:
    """The last source cut to the longest word prefix that fits (binary search over word ends)."""
    hit = sources[-1]
    ends = [match.end() for match in _WORD_END.finditer(hit.text)]

    def attempt(words: int) -> tuple[Hit, str, int]:
        text = hit.text[: ends[words - 1]] + _TRUNCATION_MARK if words else _TRUNCATION_MARK.strip()
        shorter = hit.model_copy(update={"text": text})
        user, tokens = measure([*sources[:-1], shorter], history)
        return shorter, user, tokens

    low, high = 0, len(ends)  # invariant: `low` words fit (or low == 0), `high` words do not
    best = attempt(0)
    while high - low > 1:
        middle = (low + high) // 2
        candidate = attempt(middle)
        if candidate[2] <= budget:
            low, best = middle, candidate
        else:
            high = middle
    return best
