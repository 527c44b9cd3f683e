"""Evaluation data sets: JSONL formats (one JSON object a line) and their readers.

Three formats, each a frozen pydantic model; unknown fields are kept (a
``note`` or a source column does not break reading) and blank lines skipped.

**Questions** (``examples/sklep/questions.jsonl``), one :class:`QuestionCase` a line::

    {"id": "a001", "question": "ile kosztuje wysylka do paczkomatu",
     "gold": ["dostawa/paczkomat"], "answer": "11,99 zł"}
    {"id": "a901", "question": "czy szukacie ludzi do pracy?", "gold": []}

``gold``: ids of the documents that answer it; ``answer``: the expected value,
a string or a list of acceptable strings (optional); ``should_abstain``: the
assistant must say "nie wiem". When ``should_abstain`` is absent it is true
exactly when ``gold`` is empty (an unanswerable question by design).

**Conversations** (``examples/sklep/conversations.jsonl``), one :class:`ConversationCase`::

    {"id": "k001", "turns": ["ile kosztuje kurier?", "dzięki!"], "at": "2026-11-23T10:15:00+01:00",
     "customer": {"order_value": 150, "vip": false},
     "expected": {"escalate": false, "reasons": [], "priority": "P4", "queue": "dostawa"}}

``turns``: the customer's messages, oldest first (message ``i`` is sent at
``at + 2 min * i``); ``expected.turn`` (optional): the 0-based message by
which the bot must have escalated.

**PII cases**, one :class:`PIICase`::

    {"id": "p001", "text": "Mój PESEL to 02070803628.",
     "entities": [{"type": "PESEL", "start": 13, "end": 24}]}

``start``/``end`` are character offsets (Python ``str`` indices, end
exclusive); the reader checks they lie inside the text.

>>> import json, tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "q.jsonl")
>>> _ = open(path, "w", encoding="utf-8").write(json.dumps(
...     {"id": "q1", "question": "Ile mam dni na zwrot?", "gold": ["zwroty"], "answer": "14 dni"}) + "\\n")
>>> [(q.id, q.answers, q.should_abstain) for q in read_questions(path)]
[('q1', ['14 dni'], False)]
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pomocbot.errors import DatasetError

__all__ = [
    "ConversationCase",
    "ExpectedEscalation",
    "PIICase",
    "PIISpan",
    "QuestionCase",
    "read_conversations",
    "read_jsonl",
    "read_pii_cases",
    "read_questions",
]

Model = TypeVar("Model", bound=BaseModel)


class _Case(BaseModel):
    model_config = ConfigDict(frozen=True, extra="allow")


class QuestionCase(_Case):
    """One question with its gold documents and expected answer.

    >>> QuestionCase(id="a901", question="Czy szukacie ludzi do pracy?", gold=[]).should_abstain
    True
    >>> QuestionCase(id="a1", question="Ile za kuriera?", gold=["dpd"], answer=["14,99 zł", "14.99"]).answers
    ['14,99 zł', '14.99']
    """

    id: str = Field(min_length=1)
    question: str = Field(min_length=1)
    gold: list[str] = Field(default_factory=list, description="ids of the documents that answer it")
    answer: str | list[str] | None = Field(None, description="expected value(s); any one may appear")
    should_abstain: bool = Field(False, description="absent: true when gold is empty")

    @model_validator(mode="before")
    @classmethod
    def _infer_abstention(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("should_abstain") is None:
            data = {**data, "should_abstain": not data.get("gold")}
        return data

    @property
    def answers(self) -> list[str]:
        """The acceptable answers as a list (empty when none is given)."""
        if self.answer is None:
            return []
        return [self.answer] if isinstance(self.answer, str) else list(self.answer)


class ExpectedEscalation(_Case):
    """What the escalation policy should decide over a conversation."""

    escalate: bool
    reasons: list[str] = Field(default_factory=list, description="reason codes, e.g. 'complaint'")
    priority: str | None = Field(None, pattern="^P[1-4]$")
    queue: str | None = None
    turn: int | None = Field(None, ge=0, description="0-based message by which it must have escalated")


class ConversationCase(_Case):
    """A multi-turn conversation (customer messages only) with the expected escalation.

    >>> case = ConversationCase(id="k1", turns=["Chcę rozmawiać z człowiekiem!"],
    ...                         at="2026-11-24T11:00:00+01:00", expected={"escalate": True})
    >>> case.at.hour, case.expected.escalate
    (11, True)
    """

    id: str = Field(min_length=1)
    turns: list[str] = Field(min_length=1)
    at: datetime
    customer: dict[str, Any] = Field(default_factory=dict)
    expected: ExpectedEscalation

    @field_validator("turns")
    @classmethod
    def _non_empty_turns(cls, turns: list[str]) -> list[str]:
        for i, turn in enumerate(turns):
            if not turn.strip():
                raise ValueError(f"turn {i} is empty")
        return turns


class PIISpan(_Case):
    """A piece of personal data in a PII case: its type and character offsets (end exclusive)."""

    type: str = Field(min_length=1, description="an entity type, e.g. 'PESEL', 'OSOBA'")
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> PIISpan:
        if self.end <= self.start:
            raise ValueError(f"span end ({self.end}) must be greater than start ({self.start})")
        return self


class PIICase(_Case):
    """A text with its gold personal-data spans.

    >>> case = PIICase(id="p1", text="PESEL 02070803628", entities=[{"type": "PESEL", "start": 6, "end": 17}])
    >>> case.text[case.entities[0].start:case.entities[0].end]
    '02070803628'
    """

    id: str = Field(min_length=1)
    text: str
    entities: list[PIISpan] = Field(default_factory=list)

    @model_validator(mode="after")
    def _spans_inside(self) -> PIICase:
        for i, span in enumerate(self.entities):
            if span.end > len(self.text):
                raise ValueError(f"entity {i} ({span.type}) ends at {span.end}, after the text "
                                 f"({len(self.text)} characters)")
        return self


def _describe(exc: ValidationError) -> str:
    """Field and problem of each validation error, without the input values (they may be PII)."""
    parts = []
    for error in exc.errors(include_input=False, include_url=False):
        where = ".".join(str(p) for p in error["loc"]) or "record"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


def read_jsonl(path: str | Path, model: type[Model]) -> list[Model]:
    """Read ``path`` as one ``model`` a line; raises :class:`~pomocbot.DatasetError` with file and line.

    Ids must be unique within the file (a repeated id would be scored twice).

    >>> read_jsonl("/nonexistent/q.jsonl", QuestionCase)
    Traceback (most recent call last):
    ...
    pomocbot.errors.DatasetError: /nonexistent/q.jsonl: no such file; pass the path of a JSONL file
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DatasetError(f"{path}: no such file; pass the path of a JSONL file", path=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8",
                           path=str(path)) from exc
    except OSError as exc:
        raise DatasetError(f"{path}: cannot be read ({type(exc).__name__})", path=str(path)) from exc
    records: list[Model] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{path}, line {number}: not valid JSON ({exc.msg} at column {exc.colno})",
                               path=str(path), line=number) from exc
        if not isinstance(raw, dict):
            raise DatasetError(f"{path}, line {number}: expected a JSON object, got {type(raw).__name__}",
                               path=str(path), line=number)
        try:
            record = model.model_validate(raw)
        except ValidationError as exc:
            raise DatasetError(f"{path}, line {number}: {_describe(exc)} (format: {model.__name__})",
                               path=str(path), line=number) from exc
        record_id = getattr(record, "id", None)
        if isinstance(record_id, str):
            if record_id in seen:
                raise DatasetError(f"{path}, line {number}: id {record_id!r} already used on line "
                                   f"{seen[record_id]}; ids must be unique", path=str(path), line=number)
            seen[record_id] = number
        records.append(record)
    return records


def read_questions(path: str | Path) -> list[QuestionCase]:
    """Questions with gold documents and answers (see the module docstring for the format)."""
    return read_jsonl(path, QuestionCase)


def read_conversations(path: str | Path) -> list[ConversationCase]:
    """Conversations with expected escalations (see the module docstring for the format)."""
    return read_jsonl(path, ConversationCase)


def read_pii_cases(path: str | Path) -> list[PIICase]:
    """Texts with gold personal-data spans (see the module docstring for the format)."""
    return read_jsonl(path, PIICase)


def as_cases(items: Sequence[Any] | str | Path | None, model: type[Model]) -> list[Model]:
    """A path, a list of dicts or a list of models, as a list of ``model`` (``None``: empty)."""
    if items is None:
        return []
    if isinstance(items, (str, Path)):
        return read_jsonl(items, model)
    cases: list[Model] = []
    for i, item in enumerate(items):
        if isinstance(item, model):
            cases.append(item)
            continue
        try:
            cases.append(model.model_validate(item))
        except ValidationError as exc:
            raise DatasetError(f"item {i + 1}: {_describe(exc)} (format: {model.__name__})",
                               line=i + 1) from exc
    return cases
