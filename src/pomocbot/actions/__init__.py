"""Live customer data through the company's own actions (order status, return label, complaint status).

A turn that asks "gdzie jest moja paczka?" is matched to a registered action
(:meth:`ActionRegistry.match`), missing parameters are asked for
(:func:`ask_for`), the action runs with timeout, retries and an owner check
(:func:`run_action`), and the reply is drafted from the redacted result with
every number taken from it (:func:`draft_reply`, :func:`numbers_from_result_only`).
"""

from pomocbot.actions.base import Action, ResultRenderer
from pomocbot.actions.drafting import (
    ask_for,
    draft_replies,
    draft_reply,
    numbers_from_result_only,
    order_status_text,
    polish_date,
)
from pomocbot.actions.http import HttpAction
from pomocbot.actions.matching import ActionMatch, Embed, continue_action
from pomocbot.actions.params import ParameterKind, find_values, resolve_parameters
from pomocbot.actions.registry import ActionRegistry
from pomocbot.actions.running import FAILURES, ActionOutcome, run_action
from pomocbot.actions.turn import ActionReply, act

__all__ = [
    "FAILURES",
    "Action",
    "ActionMatch",
    "ActionOutcome",
    "ActionRegistry",
    "ActionReply",
    "Embed",
    "HttpAction",
    "ParameterKind",
    "ResultRenderer",
    "act",
    "ask_for",
    "continue_action",
    "draft_replies",
    "draft_reply",
    "find_values",
    "numbers_from_result_only",
    "order_status_text",
    "polish_date",
    "resolve_parameters",
    "run_action",
]
