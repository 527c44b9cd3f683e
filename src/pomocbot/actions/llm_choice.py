"""Choosing an action with an LLM's function calling, when one is configured and the patterns found none.

The company's actions become LlamaIndex tools (name, Polish description, the
parameters model as the schema); the model is asked which one the (redacted)
message needs. The tools are never executed by the LLM: pomocbot reads the
chosen name and arguments and runs the action itself, with its authorisation,
timeout and redaction. An argument is kept only when the customer's message
contains it, so a model cannot invent an order number.

``tests/test_actions_in_turns.py`` shows it with a stand-in model.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from pomocbot.actions.matching import ActionMatch
from pomocbot.actions.registry import ActionRegistry

__all__ = ["choose_with_llm", "is_function_calling"]

logger = logging.getLogger(__name__)

_INSTRUCTION = ("Jesteś asystentem sklepu. Jeśli wiadomość klienta wymaga sprawdzenia danych w systemie "
                "firmy, wywołaj właściwe narzędzie z parametrami z wiadomości; w przeciwnym razie nie "
                "wywołuj żadnego. Wiadomość klienta:\n")


def is_function_calling(llm: Any) -> bool:
    """Whether ``llm`` can pick tools (a LlamaIndex function-calling model)."""
    metadata = getattr(llm, "metadata", None)
    return callable(getattr(llm, "chat_with_tools", None)) and bool(
        getattr(metadata, "is_function_calling_model", True))


def _in_message(value: Any, message: str) -> bool:
    text = str(value).strip()
    if not text:
        return False
    if text.lower() in message.lower():
        return True
    digits = re.sub(r"\D", "", text)  # "ZM-2026-001201" from the "001201" the customer wrote
    return len(digits) >= 4 and any(digits.endswith(run) for run in re.findall(r"\d{4,}", message))


def choose_with_llm(llm: Any, registry: ActionRegistry, message: str) -> ActionMatch | None:
    """The action and arguments ``llm`` picks for the redacted ``message``, or None (also on any failure)."""
    from llama_index.core.tools import FunctionTool

    actions = list(registry)
    if not actions:
        return None

    def never_run(**kwargs: Any) -> None:  # the LLM only chooses; pomocbot runs the action
        return None

    tools = [FunctionTool.from_defaults(fn=never_run, name=a.name, description=a.description,
                                        fn_schema=a.parameters) for a in actions]
    try:
        response = llm.chat_with_tools(tools, user_msg=_INSTRUCTION + message,
                                       allow_parallel_tool_calls=False)
        calls = llm.get_tool_calls_from_response(response, error_on_no_tool_call=False)
    except Exception as exc:
        logger.warning("LLM tool choice failed (%s); no action chosen", type(exc).__name__)
        return None
    call = next((c for c in calls or [] if c.tool_name in registry), None)
    if call is None:
        return None
    action = registry.get(call.tool_name)
    fields = action.parameters.model_fields
    params = {name: str(value) for name, value in (call.tool_kwargs or {}).items()
              if name in fields and _in_message(value, message)}
    missing = tuple(name for name, info in fields.items() if info.is_required() and name not in params)
    return ActionMatch(action=action, score=0.8, by="llm", calls=(params,), missing=missing)
