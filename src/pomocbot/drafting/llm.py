"""The LLM drafter: a language model writes the answer from the numbered sources.

Any LlamaIndex LLM plugs in (``llama_index.core.llms.LLM``: OpenAI-compatible
servers, Ollama, llama.cpp, a local transformers model, see
:func:`~pomocbot.drafting.llm_factory.build_llm`). The drafter fits the prompt
into the context window (:mod:`pomocbot.drafting.budget`), calls ``llm.chat``
with a deadline and retries, and parses the answer
(:mod:`pomocbot.drafting.llm_output`): abstention token, citation markers.

Failures raise :class:`~pomocbot.errors.LLMError` (a timeout:
:class:`~pomocbot.errors.LLMTimeoutError`) after ``max_retries`` retries of
timeouts, connection errors, HTTP 429 and 5xx; the assistant then falls back
to the extractive drafter.

>>> from llama_index.core.llms import CustomLLM, CompletionResponse, LLMMetadata
>>> class Canned(CustomLLM):
...     @property
...     def metadata(self): return LLMMetadata(model_name="canned")
...     def complete(self, prompt, formatted=False, **kw):
...         return CompletionResponse(text="Masz 14 dni (źródło 1).")
...     def stream_complete(self, prompt, formatted=False, **kw): raise NotImplementedError
>>> from pomocbot.drafting.base import DraftRequest
>>> from pomocbot.types import Hit
>>> hit = Hit(doc_id="zwroty", chunk_id="zwroty#0", title="Zwroty", text="Masz 14 dni na zwrot.",
...           score=1.0, rank=1)
>>> draft = LLMDrafter(Canned()).draft(DraftRequest(question="ile dni na zwrot?", sources=[hit]))
>>> draft.body, draft.cited, draft.metadata["abstained"]
('Masz 14 dni [1].', [1], False)
"""

from __future__ import annotations

import contextvars
import logging
import random
import re
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from pomocbot.config import LLMConfig
from pomocbot.conversation.base import Turn
from pomocbot.drafting.base import Draft, DraftRequest
from pomocbot.drafting.budget import MESSAGE_OVERHEAD_TOKENS, fit_prompt, prompt_budget
from pomocbot.drafting.llm_output import clean_rewrite, parse_answer, strip_reasoning
from pomocbot.drafting.prompts import PromptSet
from pomocbot.errors import ConfigError, LLMError, LLMTimeoutError

if TYPE_CHECKING:
    from llama_index.core.llms import LLM, ChatMessage

__all__ = ["LLMDrafter", "chat_with_retries", "rewrite_follow_up"]

logger = logging.getLogger(__name__)

_MAX_BACKOFF_S = 8.0
# Names of exception classes (anywhere in the MRO) that mean "try again": httpx,
# openai, requests and ollama errors are recognised without importing them.
_CONNECTION_NAMES = frozenset({
    "APIConnectionError", "ConnectError", "ConnectionError", "NetworkError", "TransportError",
    "RemoteProtocolError", "ProtocolError", "ServiceUnavailableError",
})


class _DeadlineExceeded(TimeoutError):
    """``llm.chat`` did not return within the deadline (it keeps running in its daemon thread)."""


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 8:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _is_timeout(exc: BaseException) -> bool:
    return any(
        isinstance(error, TimeoutError) or any("Timeout" in cls.__name__ for cls in type(error).__mro__)
        for error in _causes(exc)
    )


def _status_code(exc: BaseException) -> int | None:
    for candidate in (exc, getattr(exc, "response", None)):
        status = getattr(candidate, "status_code", None)
        if isinstance(status, int):
            return status
    return None


def _is_retryable(exc: BaseException) -> bool:
    """Timeouts, dropped connections, rate limits (429) and server errors (5xx) are worth a retry."""
    for error in _causes(exc):
        if _is_timeout(error) or isinstance(error, ConnectionError):
            return True
        if any(cls.__name__ in _CONNECTION_NAMES for cls in type(error).__mro__):
            return True
        status = _status_code(error)
        if status is not None and (status == 429 or status >= 500):
            return True
    return False


def _call_with_deadline(call: Callable[[], Any], deadline_s: float) -> Any:
    """Run ``call`` in a daemon thread and wait at most ``deadline_s`` seconds.

    Clients enforce their own timeouts, but not every LLM has one (an
    in-process model, a server trickling bytes); the customer's reply must not
    hang on it. A call past the deadline is abandoned, not killed.
    """
    outcome: dict[str, Any] = {}
    done = threading.Event()
    context = contextvars.copy_context()  # keeps llama-index instrumentation spans

    def run() -> None:
        try:
            outcome["value"] = context.run(call)
        except BaseException as exc:  # re-raised in the caller's thread
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="pomocbot-llm-call", daemon=True).start()
    if not done.wait(deadline_s):
        raise _DeadlineExceeded(f"no answer within {deadline_s:.1f} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def chat_with_retries(
    llm: LLM,
    messages: Sequence[ChatMessage],
    *,
    timeout_s: float,
    max_retries: int = 0,
    backoff_s: float = 0.5,
) -> tuple[str, int]:
    """``llm.chat(messages)`` with a deadline and retries; returns (text, attempts).

    Each attempt may take ``timeout_s`` (plus a tenth for the client's own
    timeout to fire first). Retryable failures wait ``backoff_s * 2**attempt``
    (at most 8 s, with up to 25 % jitter so clients do not retry in step).
    Raises :class:`LLMTimeoutError` when the last failure was a timeout,
    :class:`LLMError` otherwise.

    >>> from llama_index.core.llms import ChatMessage, MockLLM
    >>> chat_with_retries(MockLLM(max_tokens=2), [ChatMessage(role="user", content="Ile dni?")], timeout_s=5)
    ('text text', 1)
    """
    deadline_s = timeout_s * 1.1 + 0.05
    for attempt in range(max_retries + 1):
        try:
            response = _call_with_deadline(lambda: llm.chat(list(messages)), deadline_s)
            return response.message.content or "", attempt + 1
        except LLMError:
            raise
        except Exception as exc:
            timeout = _is_timeout(exc)
            if attempt < max_retries and (timeout or _is_retryable(exc)):
                delay = min(_MAX_BACKOFF_S, backoff_s * 2**attempt) * (1 + 0.25 * random.random())
                logger.warning("LLM call failed (%s), retry %d of %d in %.2f s",
                               type(exc).__name__, attempt + 1, max_retries, delay)
                time.sleep(delay)
                continue
            detail = f"{type(exc).__name__}: {str(exc)[:200]}".rstrip(": ")
            if timeout:
                raise LLMTimeoutError(
                    f"the LLM did not answer within timeout_s={timeout_s} after {attempt + 1} attempt(s) "
                    f"({detail}); raise LLMConfig.timeout_s or check the server"
                ) from exc
            raise LLMError(f"the LLM call failed after {attempt + 1} attempt(s): {detail}") from exc
    raise AssertionError("unreachable")  # pragma: no cover


def _model_name(llm: Any) -> str:
    try:
        return str(llm.metadata.model_name)
    except Exception:  # metadata of a custom LLM may itself fail; it is only for the record
        return type(llm).__name__


def _messages(system: str, user: str) -> list[ChatMessage]:
    from llama_index.core.llms import ChatMessage, MessageRole

    return [
        ChatMessage(role=MessageRole.SYSTEM, content=system),
        ChatMessage(role=MessageRole.USER, content=user),
    ]


class LLMDrafter:
    """A :class:`~pomocbot.drafting.base.Drafter` that asks a LlamaIndex LLM.

    ``config`` gives the context window, the answer's token budget, the
    timeout and the retries (the LLM's own temperature and output limit are
    used: :func:`~pomocbot.drafting.llm_factory.build_llm` sets them from the
    same config). ``prompts`` replaces the Polish prompts. ``token_margin`` is
    the share of the prompt budget kept free because the model's tokenizer may
    count more tokens than tiktoken's cl100k.

    ``Draft.support`` is 1.0 for an answer citing a source, 0.5 for an answer
    without a valid citation and 0.0 for an abstention; the grounding verifier
    then checks each sentence. ``Draft.metadata`` records ``abstained``,
    ``attempts``, ``latency_s``, ``model``, ``invalid_markers`` and what the
    budget left out (``dropped_sources``, ``dropped_turns``,
    ``truncated_sources``, ``prompt_tokens``).

    >>> from llama_index.core.llms import MockLLM
    >>> drafter = LLMDrafter(MockLLM(), LLMConfig(context_window=8192, max_output_tokens=500))
    >>> drafter.budget  # prompt tokens: (8192 - 500) less the 10 % margin
    6922
    """

    name = "llm"

    def __init__(
        self,
        llm: LLM,
        config: LLMConfig | None = None,
        prompts: PromptSet | None = None,
        *,
        token_margin: float = 0.1,
        backoff_s: float = 0.5,
    ) -> None:
        if not callable(getattr(llm, "chat", None)):
            raise ConfigError(
                f"llm must be a LlamaIndex LLM with a chat() method, got {type(llm).__name__}; "
                "build one with pomocbot.drafting.llm_factory.build_llm(LLMConfig(...))"
            )
        self.llm = llm
        self.config = config or LLMConfig()
        self.prompts = prompts or PromptSet()
        self.backoff_s = backoff_s
        self.budget = prompt_budget(self.config.context_window, self.config.max_output_tokens, token_margin)
        from pomocbot.knowledge.chunker import count_tokens_function

        self._count = count_tokens_function()

    @classmethod
    def from_config(cls, config: LLMConfig, prompts: PromptSet | None = None, **options: Any) -> LLMDrafter:
        """Build the LLM from ``config`` (see :func:`~pomocbot.drafting.llm_factory.build_llm`)."""
        from pomocbot.drafting.llm_factory import build_llm

        return cls(build_llm(config), config, prompts, **options)

    def draft(self, request: DraftRequest) -> Draft:
        """Ask the LLM; raises :class:`LLMError` / :class:`LLMTimeoutError` when it fails."""
        if not request.sources:
            return Draft(body="", cited=[], drafter=self.name, support=0.0,
                         metadata={"abstained": True, "reason": "no sources"})
        fitted = fit_prompt(self.prompts, request, self.budget, count=self._count)
        started = time.monotonic()
        text, attempts = chat_with_retries(
            self.llm, _messages(fitted.system, fitted.user), timeout_s=self.config.timeout_s,
            max_retries=self.config.max_retries, backoff_s=self.backoff_s,
        )
        parsed = parse_answer(text, len(fitted.sources), self.prompts.abstain_token)
        metadata = {
            **fitted.metadata(),
            "abstained": parsed.abstained,
            "attempts": attempts,
            "latency_s": round(time.monotonic() - started, 3),
            "model": _model_name(self.llm),
            "invalid_markers": parsed.invalid_markers,
        }
        if parsed.empty:
            raise LLMError(
                f"the LLM returned no answer ({len(text)} characters, nothing left after removing reasoning "
                "and markers); check max_output_tokens and the model"
            )
        support = 0.0 if parsed.abstained else 1.0 if parsed.cited else 0.5
        return Draft(
            body=parsed.body, cited=parsed.cited, drafter=self.name, support=support, metadata=metadata
        )


    def check_answerable(self, request: DraftRequest, sources: int = 3) -> bool | None:
        """Ask the LLM whether the best ``sources`` answer the question (True / False).

        None when it cannot tell: the call failed, or the reply is neither of
        the prompt's two words (the caller then keeps its own decision).
        """
        if not request.sources:
            return False
        system, user = self.prompts.answerable_prompts(request.sources[:sources],
                                                       request.message or request.question)
        try:
            text, _ = chat_with_retries(self.llm, _messages(system, user), timeout_s=self.config.timeout_s,
                                        max_retries=self.config.max_retries, backoff_s=self.backoff_s)
        except LLMError as exc:
            logger.warning("LLM answerability check failed (%s); keeping the model's decision",
                           type(exc).__name__)
            return None
        words = re.findall(r"[^\W\d_]+", strip_reasoning(text).upper())
        yes, no = self.prompts.answerable_yes.upper(), self.prompts.answerable_no.upper()
        first = next((w for w in words if w in (yes, no)), None)
        return None if first is None else first == yes


def rewrite_follow_up(
    llm: LLM,
    history: Sequence[Turn],
    message: str,
    *,
    config: LLMConfig | None = None,
    prompts: PromptSet | None = None,
) -> str | None:
    """Rewrite a follow-up ``message`` into a standalone Polish question, or ``None``.

    Uses the turns of ``history`` (oldest first, redacted) that fit the
    context window, newest kept. One attempt within ``config.timeout_s``, no
    retries: a follow-up must not delay the reply, and on any failure (an
    error, a timeout, an empty or overlong answer, an abstention) the caller
    searches with its own follow-up handling instead.

    >>> rewrite_follow_up(object(), [], "a do paczkomatu?") is None  # nothing to rewrite against
    True
    """
    if not history or not message.strip():
        return None
    config = config or LLMConfig()
    prompts = prompts or PromptSet()
    try:
        from pomocbot.knowledge.chunker import count_tokens_function

        count = count_tokens_function()
        budget = prompt_budget(config.context_window, config.max_output_tokens)
        fixed = count(prompts.rewrite_system) + 2 * MESSAGE_OVERHEAD_TOKENS
        turns = list(history)
        user = prompts.rewrite_prompt(turns, message)
        while turns and fixed + count(user) > budget:
            turns.pop(0)
            user = prompts.rewrite_prompt(turns, message)
        if not turns:
            return None
        text, _ = chat_with_retries(llm, _messages(prompts.rewrite_system, user), timeout_s=config.timeout_s)
        return clean_rewrite(text, prompts.abstain_token)
    except Exception as exc:  # any failure: the caller falls back to its own follow-up handling
        logger.warning("follow-up rewrite failed (%s); using the message as it is", type(exc).__name__)
        return None
