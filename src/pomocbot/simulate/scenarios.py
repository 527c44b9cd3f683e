"""Scripted customers for ``pomocbot simulate``: a YAML (or JSON) file of conversations and what must happen.

A scenario is a customer (the backend's facts: ``id``, ``vip``, ``order_value``),
a channel, a start time and turns; each turn says something and may expect:

* ``answered`` (true: not abstained) and ``cites`` (document ids, any of which the reply must cite);
* ``mentions`` (texts the reply must contain) and ``not_mentions``;
* ``escalated`` (true/false) and ``reason`` (a reason code the handover must carry);
* ``action`` (``name`` and optionally ``parameters``: the company action the turn must call).

Instead of fixed turns, a scenario may give a ``goal`` ("chce zwrócić buty"): with an LLM configured an
LLM plays the customer for up to ``max_turns`` messages, and only the final expectations are checked.

>>> file = ScenarioFile.model_validate({"scenarios": [{"name": "zwrot", "turns": [
...     {"say": "Ile mam dni na zwrot?", "expect": {"answered": True, "cites": ["zwroty"]}}]}]})
>>> file.scenarios[0].turns[0].expect.cites
['zwroty']
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from pomocbot.codes import ReasonCode
from pomocbot.errors import DatasetError, DependencyMissingError

__all__ = ["ActionExpectation", "Expectation", "Scenario", "ScenarioFile", "ScriptedTurn", "read_scenarios"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ActionExpectation(_Strict):
    """A company action the turn must call, with (a subset of) its redacted parameters."""

    name: str
    parameters: dict[str, str] = Field(default_factory=dict)


class Expectation(_Strict):
    """What one reply must show; every field left out is not checked."""

    answered: bool | None = None
    cites: list[str] = Field(default_factory=list, description="the reply cites at least one of these ids")
    mentions: list[str] = Field(default_factory=list)
    not_mentions: list[str] = Field(default_factory=list)
    escalated: bool | None = None
    reason: ReasonCode | None = None
    action: ActionExpectation | None = None


class ScriptedTurn(_Strict):
    say: str = Field(min_length=1)
    expect: Expectation = Field(default_factory=Expectation)


class Scenario(_Strict):
    """One simulated customer: scripted ``turns``, or a ``goal`` an LLM customer pursues."""

    name: str = Field(min_length=1)
    customer: dict[str, Any] | None = None
    channel: str = "chat"
    at: datetime | None = None
    turns: list[ScriptedTurn] = Field(default_factory=list)
    goal: str | None = None
    max_turns: int = Field(4, ge=1, le=20)
    expect: Expectation = Field(default_factory=Expectation, description="for a goal: the last reply")

    @model_validator(mode="after")
    def _turns_or_goal(self) -> Scenario:
        if not self.turns and not self.goal:
            raise ValueError(f"scenario {self.name!r} needs turns or a goal")
        return self


class ScenarioFile(_Strict):
    scenarios: list[Scenario] = Field(min_length=1)


def read_scenarios(path: str | Path) -> ScenarioFile:
    """The scenarios of a ``.yaml``/``.yml`` or ``.json`` file (:class:`~pomocbot.DatasetError` if bad)."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"cannot read the scenario file {path} ({type(exc).__name__})") from exc
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError as exc:
            raise DependencyMissingError("YAML scenarios need PyYAML: pip install 'pomocbot[eval]' "
                                         "(or write the file as JSON)") from exc
        try:
            data = yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            raise DatasetError(f"{path} is not valid YAML: {exc}") from exc
    else:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{path} is not valid JSON: line {exc.lineno}, column {exc.colno}") from exc
    try:
        return ScenarioFile.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5])
        raise DatasetError(f"{path}: {problems}") from exc
