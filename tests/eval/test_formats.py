"""Evaluation data readers: the shop's files as they are, typed errors with file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pomocbot import DatasetError, PomocbotError
from pomocbot.eval import read_conversations, read_pii_cases, read_questions

pytestmark = pytest.mark.unit

SHOP = Path(__file__).resolve().parents[2] / "examples" / "sklep"


def test_reads_the_shop_questions_as_they_are() -> None:
    questions = read_questions(SHOP / "questions.jsonl")
    assert len(questions) == 304
    unanswerable = [q for q in questions if q.should_abstain]
    assert len(unanswerable) == 36 and all(not q.gold for q in unanswerable)  # inferred from empty gold
    assert questions[0].answers == ["11,99 zł"] and questions[0].gold == ["dostawa/paczkomat"]


def test_reads_the_shop_conversations_as_they_are() -> None:
    conversations = read_conversations(SHOP / "conversations.jsonl")
    assert len(conversations) == 121
    first = conversations[0]
    assert first.at.utcoffset() is not None and first.customer["order_value"] == 150
    assert first.expected.escalate is False and first.expected.queue == "dostawa"
    assert sum(c.expected.escalate for c in conversations) == 76
    assert first.note  # unknown fields are kept


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("lines", "line", "message"),
    [
        # broken JSON on line 2
        (['{"id": "q1", "question": "a", "gold": []}', '{"id": "q2", "question": '], 2, "not valid JSON"),
        # a missing field on line 1 (after a blank line the count still follows the file)
        (['', '{"id": "q1", "gold": []}'], 2, "question"),
        # not an object
        (['["q1", "pytanie"]'], 1, "expected a JSON object"),
        # repeated id
        (['{"id": "q1", "question": "a"}', '{"id": "q1", "question": "b"}'], 2, "already used on line 1"),
        # wrong type
        (['{"id": "q1", "question": "a", "gold": "dostawa"}'], 1, "gold"),
    ],
)
def test_bad_question_files_name_file_and_line(tmp_path, lines, line, message) -> None:
    path = _write(tmp_path, lines)
    with pytest.raises(DatasetError, match=message) as caught:
        read_questions(path)
    assert caught.value.line == line and caught.value.path == str(path)
    assert f"line {line}" in str(caught.value) and str(path) in str(caught.value)
    assert isinstance(caught.value, PomocbotError) and isinstance(caught.value, ValueError)


def test_missing_file_is_a_dataset_error(tmp_path) -> None:
    with pytest.raises(DatasetError, match="no such file"):
        read_conversations(tmp_path / "brak.jsonl")


def test_pii_offsets_outside_the_text_are_refused_without_echoing_it(tmp_path) -> None:
    secret = "PESEL 02070803628"
    path = _write(tmp_path, [json.dumps({"id": "p1", "text": secret,
                                          "entities": [{"type": "PESEL", "start": 6, "end": 40}]})])
    with pytest.raises(DatasetError, match="after the text") as caught:
        read_pii_cases(path)
    assert "02070803628" not in str(caught.value)


def test_conversation_with_empty_turn_is_refused(tmp_path) -> None:
    path = _write(tmp_path, [json.dumps({"id": "k1", "turns": ["ok", " "], "at": "2026-11-23T10:15:00+01:00",
                                         "expected": {"escalate": False}})])
    with pytest.raises(DatasetError, match="turn 1 is empty"):
        read_conversations(path)


# -- the example PII cases: offsets and checksums ------------------------------------------------

def _pesel_ok(value: str) -> bool:
    digits = [int(c) for c in value]
    total = sum(w * d for w, d in zip((1, 3, 7, 9) * 3, digits[:10], strict=False))
    return len(digits) == 11 and (10 - total % 10) % 10 == digits[10]


def _nip_ok(value: str) -> bool:
    digits = [int(c) for c in value.replace("-", "")]
    total = sum(w * d for w, d in zip((6, 5, 7, 2, 3, 4, 5, 6, 7), digits, strict=False))
    return len(digits) == 10 and total % 11 == digits[9]


def _regon_ok(value: str) -> bool:
    digits = [int(c) for c in value]
    total = sum(w * d for w, d in zip((8, 9, 2, 3, 4, 5, 6, 7), digits, strict=False))
    return len(digits) == 9 and total % 11 % 10 == digits[8]


def _iban_ok(value: str) -> bool:
    digits = value.replace(" ", "").removeprefix("PL")
    return len(digits) == 26 and int(digits[2:] + "2521" + digits[:2]) % 97 == 1


def _luhn_ok(value: str) -> bool:
    digits = [int(c) for c in value.replace(" ", "")][::-1]
    return sum(d if i % 2 == 0 else (2 * d - 9 if 2 * d > 9 else 2 * d)
               for i, d in enumerate(digits)) % 10 == 0


def _weighted_ok(value: str, weights: tuple[int, ...]) -> bool:
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in value]
    return len(values) == len(weights) and sum(w * v for w, v in zip(weights, values, strict=True)) % 10 == 0


CHECKS = {
    "PESEL": _pesel_ok,
    "NIP": _nip_ok,
    "REGON": _regon_ok,
    "NUMER_KONTA": _iban_ok,
    "KARTA": _luhn_ok,
    "DOWOD": lambda v: _weighted_ok(v, (7, 3, 1, 9, 7, 3, 1, 7, 3)),
    "PASZPORT": lambda v: _weighted_ok(v, (7, 3, 9, 1, 7, 3, 1, 7, 3)),
}


def test_example_pii_cases_have_valid_offsets_and_checksums() -> None:
    from pomocbot.guardrails.base import ENTITY_TYPES

    cases = read_pii_cases(SHOP / "pii_cases.jsonl")
    assert len(cases) >= 30
    assert any(not c.entities for c in cases)  # texts without personal data too
    kinds = {span.type for c in cases for span in c.entities}
    assert kinds <= set(ENTITY_TYPES) and set(CHECKS) <= kinds
    for case in cases:
        previous_end = 0
        for span in sorted(case.entities, key=lambda s: s.start):
            value = case.text[span.start:span.end]
            assert value == value.strip() and value, (case.id, span)
            assert span.start >= previous_end, f"{case.id}: overlapping spans"
            previous_end = span.end
            if span.type in CHECKS:
                assert CHECKS[span.type](value), f"{case.id}: {span.type} fails its checksum"
