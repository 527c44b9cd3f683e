"""Play scenarios against an assistant and check every expectation (``pomocbot simulate``).

>>> from pomocbot import Assistant, Document
>>> from pomocbot.simulate.scenarios import ScenarioFile
>>> assistant = Assistant()
>>> _ = assistant.add_documents([Document(id="zwroty", title="Zwroty",
...     text="Na zwrot towaru masz 14 dni od dnia odbioru paczki.")])
>>> file = ScenarioFile.model_validate({"scenarios": [{"name": "zwrot", "turns": [
...     {"say": "Ile mam dni na zwrot towaru?", "expect": {"answered": True, "cites": ["zwroty"],
...                                                       "escalated": False}}]}]})
>>> report = run_scenarios(assistant, file)
>>> report.passed, report.failures
(True, [])
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel, Field

from pomocbot.simulate.scenarios import Expectation, Scenario, ScenarioFile
from pomocbot.types import Reply

__all__ = ["CustomerLLM", "ScenarioResult", "SimulationReport", "check_reply", "run_scenarios"]

CustomerLLM = Callable[[str, Sequence[tuple[str, str]]], str]
"""``(goal, [(role, text), ...]) -> the customer's next message`` ("" when the goal is reached)."""


class ScenarioResult(BaseModel):
    name: str
    turns: int
    failures: list[str] = Field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


class SimulationReport(BaseModel):
    results: list[ScenarioResult]

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)

    @property
    def failures(self) -> list[str]:
        return [f"{r.name}: {failure}" for r in self.results for failure in r.failures]


def check_reply(reply: Reply, expect: Expectation) -> list[str]:
    """What of ``expect`` the reply does not show, in plain words ([] when everything holds)."""
    problems: list[str] = []
    cited = [c.doc_id for c in reply.citations]
    if expect.answered is not None and expect.answered == reply.abstained:
        problems.append("expected an answer, the bot abstained" if expect.answered
                        else "expected an abstention, the bot answered")
    if expect.cites and not set(expect.cites) & set(cited):
        problems.append(f"expected a citation of {' or '.join(expect.cites)}, cited {cited or 'nothing'}")
    text = reply.text.casefold()
    problems += [f"the reply does not mention {m!r}" for m in expect.mentions if m.casefold() not in text]
    problems += [f"the reply mentions {m!r}" for m in expect.not_mentions if m.casefold() in text]
    decision = reply.escalation
    escalated = bool(decision and decision.escalate)
    if expect.escalated is not None and expect.escalated != escalated:
        codes = [str(r.code) for r in decision.reasons] if decision else []
        problems.append(f"expected escalated={expect.escalated}, got {escalated} (reasons {codes})")
    if expect.reason is not None and not (escalated and decision is not None
                                          and expect.reason in {r.code for r in decision.reasons}):
        problems.append(f"expected a handover for {expect.reason.value}")
    if expect.action is not None:
        run = [a for a in reply.actions if a.name == expect.action.name]
        if not run:
            problems.append(f"expected the action {expect.action.name}, ran "
                            f"{[a.name for a in reply.actions] or 'none'}")
        else:
            wrong = {k: v for k, v in expect.action.parameters.items() if run[0].parameters.get(k) != v}
            if wrong:
                problems.append(f"action {expect.action.name}: parameters {run[0].parameters}, "
                                f"expected {wrong}")
    return problems


def run_scenarios(assistant: Any, scenarios: ScenarioFile, *,
                  customer_llm: CustomerLLM | None = None) -> SimulationReport:
    """Each scenario as its own conversation (a fresh id); goal scenarios need ``customer_llm``."""
    results = []
    for scenario in scenarios.scenarios:
        results.append(_run(assistant, scenario, customer_llm))
    return SimulationReport(results=results)


def _run(assistant: Any, scenario: Scenario, customer_llm: CustomerLLM | None) -> ScenarioResult:
    conversation_id = f"sim-{uuid.uuid4().hex[:12]}"
    failures: list[str] = []
    if scenario.turns:
        for number, turn in enumerate(scenario.turns, start=1):
            scripted = _reply(assistant, scenario, turn.say, conversation_id)
            failures += [f"turn {number}: {problem}" for problem in check_reply(scripted, turn.expect)]
        return ScenarioResult(name=scenario.name, turns=len(scenario.turns), failures=failures)
    if customer_llm is None:
        return ScenarioResult(name=scenario.name, turns=0,
                              failures=["a goal scenario needs an LLM to play the customer (--llm-url)"])
    talk: list[tuple[str, str]] = []
    reply: Reply | None = None
    for _ in range(scenario.max_turns):
        message = customer_llm(scenario.goal or "", talk).strip()
        if not message:
            break
        reply = _reply(assistant, scenario, message, conversation_id)
        talk += [("customer", message), ("assistant", reply.text)]
    if reply is None:
        return ScenarioResult(name=scenario.name, turns=0, failures=["the LLM customer said nothing"])
    failures = [f"last reply: {problem}" for problem in check_reply(reply, scenario.expect)]
    return ScenarioResult(name=scenario.name, turns=len(talk) // 2, failures=failures)


def _reply(assistant: Any, scenario: Scenario, message: str, conversation_id: str) -> Reply:
    kwargs: dict[str, Any] = {"customer": scenario.customer, "now": scenario.at}
    if scenario.channel != "chat":
        kwargs["channel"] = scenario.channel
    return assistant.reply(message, conversation_id, **kwargs)
