"""Schema of the escalation scenario suite and phrasing table (fast, no model).

The files are read by ``benchmarks/escalation.py``; these checks keep them
well-formed: unique ids, known reason codes, priorities and queues, enough
conversations, every reason code and both classes covered.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONVERSATIONS = ROOT / "examples/sklep/conversations.jsonl"
PHRASINGS = ROOT / "data/escalation/triggers_train_requests.jsonl"

REASON_CODES = {"explicit_request", "legal_threat", "complaint", "data_protection", "sensitive", "abuse",
                "repeated_abstention", "loop", "high_value", "vip", "frustration"}
PRIORITIES = {"P1", "P2", "P3", "P4"}
QUEUES = {"reklamacje", "płatności", "dostawa", "konto", "RODO", "ogólne"}
RANK = {"P1": 1, "P2": 2, "P3": 3, "P4": 4}


def _load(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as handle:
        for n, line in enumerate(handle, 1):
            assert line.strip(), f"{path.name}:{n} is blank"
            rows.append(json.loads(line))
    return rows


@pytest.fixture(scope="module")
def conversations() -> list[dict]:
    return _load(CONVERSATIONS)


@pytest.fixture(scope="module")
def phrasings() -> list[dict]:
    return _load(PHRASINGS)


def test_conversation_records_are_well_formed(conversations):
    assert len(conversations) >= 90
    ids = [c["id"] for c in conversations]
    assert len(ids) == len(set(ids)), "conversation ids must be unique"
    for c in conversations:
        assert set(c) == {"id", "customer", "turns", "at", "expected", "note"}, c["id"]
        value = c["customer"].get("order_value")
        assert isinstance(value, (int, float)) and value >= 0
        assert isinstance(c["customer"].get("vip"), bool)
        assert c["turns"] and all(isinstance(t, str) and t.strip() for t in c["turns"]), c["id"]
        at = datetime.fromisoformat(c["at"])
        assert at.tzinfo is not None, f"{c['id']}: 'at' needs a UTC offset"
        assert c["note"].strip(), c["id"]


def test_expected_decisions_use_known_codes(conversations):
    for c in conversations:
        e = c["expected"]
        assert isinstance(e["escalate"], bool), c["id"]
        assert set(e["reasons"]) <= REASON_CODES, (c["id"], e["reasons"])
        assert len(e["reasons"]) == len(set(e["reasons"])), c["id"]
        assert e["priority"] in PRIORITIES, c["id"]
        assert e["queue"] in QUEUES, c["id"]
        if e["escalate"]:
            assert e["reasons"], f"{c['id']}: a must-escalate conversation needs a reason"
            assert 0 <= e["turn"] < len(c["turns"]), c["id"]
        else:
            assert e["reasons"] == [] and "turn" not in e, c["id"]


def test_priorities_follow_the_policy(conversations):
    # P1 sensitive; P2 legal threat / abuse (or furious frustration); P3 request, complaint, RODO, value
    for c in conversations:
        e = c["expected"]
        if not e["escalate"]:
            continue
        reasons = set(e["reasons"])
        if "sensitive" in reasons:
            assert e["priority"] == "P1", c["id"]
        elif reasons & {"legal_threat", "abuse"}:
            assert e["priority"] == "P2", c["id"]
        elif reasons & {"explicit_request", "complaint", "data_protection", "high_value", "vip"}:
            assert e["priority"] == "P3", c["id"]
        elif "frustration" in reasons:
            assert e["priority"] in {"P2", "P3"}, c["id"]
        else:
            assert e["priority"] == "P4", c["id"]
        if "data_protection" in reasons:
            assert e["queue"] == "RODO", c["id"]
        elif reasons & {"complaint", "legal_threat"}:
            assert e["queue"] == "reklamacje", c["id"]


def test_every_reason_code_and_both_classes_are_covered(conversations):
    covered = {code for c in conversations for code in c["expected"]["reasons"]}
    assert covered == REASON_CODES, REASON_CODES - covered
    must = [c for c in conversations if c["expected"]["escalate"]]
    calm = [c for c in conversations if not c["expected"]["escalate"]]
    assert len(calm) >= 30 and len(must) >= 45
    assert {c["expected"]["priority"] for c in must} == PRIORITIES
    assert {c["expected"]["queue"] for c in must} == QUEUES
    assert any(len(c["turns"]) >= 3 for c in must) and any(len(c["turns"]) >= 3 for c in calm)


def test_outside_hours_and_holidays_are_present(conversations):
    days = {c["at"][:10] for c in conversations}
    assert {"2026-11-11", "2026-12-25", "2026-04-06"} <= days
    assert any(datetime.fromisoformat(c["at"]).weekday() == 6 for c in conversations)  # a Sunday
    assert any(datetime.fromisoformat(c["at"]).hour >= 20 for c in conversations)  # after hours


def test_phrasing_table_is_well_formed(phrasings):
    texts = [p["text"] for p in phrasings]
    assert len(texts) == len(set(texts)), "phrasings must be unique"
    for p in phrasings:
        assert set(p) == {"text", "explicit_request"}
        assert isinstance(p["text"], str) and p["text"].strip()
        assert isinstance(p["explicit_request"], bool)
    assert sum(p["explicit_request"] for p in phrasings) >= 60
    assert sum(not p["explicit_request"] for p in phrasings) >= 25
