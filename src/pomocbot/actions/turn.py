"""One turn's action step: ask for what is missing, or run the action (once per order) and draft the reply.

>>> from pydantic import BaseModel
>>> from pomocbot.actions.registry import ActionRegistry
>>> class Status(BaseModel):
...     order_number: str
...     status: str
...     customer_id: str
>>> registry = ActionRegistry()
>>> @registry.action(description="Status zamówienia", intent="order_status", source="system zamówień")
... def order_status(order_number: str) -> Status | None:
...     return Status(order_number=order_number, status="wysłane", customer_id="K-1")
>>> act(registry.match("Gdzie jest moja paczka?"), customer={"id": "K-1"}, persona="ty").text
'Podaj numer zamówienia — znajdziesz go w e-mailu z potwierdzeniem zamówienia.'
>>> reply = act(registry.match("Status zamówienia 1201"), customer={"id": "K-1"}, persona="pan")
>>> reply.citations, reply.records[0].parameters
(('system zamówień',), {'order_number': '1201'})
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pomocbot.actions.drafting import ask_for, draft_replies
from pomocbot.actions.matching import ActionMatch
from pomocbot.actions.running import ActionOutcome, _customer_id, run_action
from pomocbot.codes import ReasonCode
from pomocbot.types import ActionRecord

__all__ = ["ActionReply", "act"]


@dataclass(frozen=True)
class ActionReply:
    """What the action step gives a turn: the text, what it cites, and the outcomes behind it.

    ``asked`` is true when the text is a question for a missing parameter
    (nothing was run); ``citations`` are the sources to cite ("system zamówień").
    """

    text: str
    citations: tuple[str, ...] = ()
    outcomes: tuple[ActionOutcome, ...] = ()
    asked: bool = False

    @property
    def records(self) -> list[ActionRecord]:
        """One redacted :class:`~pomocbot.types.ActionRecord` per call."""
        return [outcome.record for outcome in self.outcomes]

    @property
    def needs_escalation(self) -> bool:
        return any(outcome.needs_escalation for outcome in self.outcomes)

    @property
    def reason_code(self) -> ReasonCode | None:
        return ReasonCode.ACTION_FAILED if self.needs_escalation else None


def act(match: ActionMatch, *, customer: Mapping[str, Any] | None, persona: Any,
        lookup: Callable[[str], str | None] | None = None,
        redact: Callable[[str], str] | None = None) -> ActionReply:
    """Ask, refuse or answer for ``match`` (see :func:`~pomocbot.actions.running.run_action` for the options).

    Without a customer id, an action that reveals customer data asks the
    customer to log in before asking for any number.
    """
    action = match.action
    if action.reveals_customer_data and _customer_id(customer) is None:
        outcome = run_action(action, match.params, customer=customer)
        text, labels = draft_replies([outcome], persona)
        return ActionReply(text=text, outcomes=(outcome,))
    question = ask_for(match, persona)
    if question is not None:
        return ActionReply(text=question, asked=True)
    outcomes = tuple(run_action(action, params, customer=customer, lookup=lookup, redact=redact)
                     for params in match.calls)
    text, labels = draft_replies(outcomes, persona)
    return ActionReply(text=text, citations=tuple(labels), outcomes=outcomes)
