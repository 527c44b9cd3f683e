"""``pomocbot simulate``: scripted customers, expectations checked, an exit status for a company's CI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pomocbot.cli import main
from pomocbot.errors import DatasetError
from pomocbot.simulate import ScenarioFile, check_reply, read_scenarios, run_scenarios
from pomocbot.simulate.scenarios import Expectation
from pomocbot.types import ActionRecord, Citation, EscalationDecision, EscalationReason, Reply
from tests.conftest import EXAMPLES_DIR

WEDNESDAY = "2026-11-25T10:00:00+01:00"


def test_the_shipped_scenarios_parse() -> None:
    scenarios = read_scenarios(EXAMPLES_DIR / "scenarios.yaml")
    assert len(scenarios.scenarios) >= 10
    assert {t.expect.reason for s in scenarios.scenarios for t in s.turns if t.expect.reason} >= {
        "explicit_request", "complaint", "sensitive", "legal_threat", "data_protection"}


@pytest.mark.parametrize(("text", "problem"), [
    ("scenarios: [", "not valid YAML"),
    ("scenarios: []", "scenarios"),
    ("scenarios: [{name: x}]", "needs turns or a goal"),
    ("scenarios: [{name: x, turns: [{say: hej, expect: {escalate: true}}]}]", "escalate"),
    ("scenarios: [{name: x, turns: [{say: hej, expect: {reason: zly_kod}}]}]", "reason"),
])
def test_a_bad_file_is_a_dataset_error_naming_the_field(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DatasetError, match=problem):
        read_scenarios(path)


def test_check_reply_names_every_unmet_expectation() -> None:
    reply = Reply(text="Przekazuję rozmowę konsultantowi.", abstained=True,
                  citations=[Citation(number=1, doc_id="kontakt", chunk_id="kontakt#0", title="", quote="")],
                  escalation=EscalationDecision(escalate=True, reasons=[EscalationReason(code="loop")]),
                  actions=[ActionRecord(name="order_status", parameters={"order_number": "ZM-1"})])
    expect = Expectation(answered=True, cites=["zwroty"], mentions=["14 dni"], not_mentions=["konsultant"],
                         escalated=False, reason="complaint",
                         action={"name": "order_status", "parameters": {"order_number": "ZM-2"}})
    problems = check_reply(reply, expect)
    assert len(problems) == 7
    assert check_reply(reply, Expectation(escalated=True, reason="loop", cites=["kontakt"],
                                          action={"name": "order_status"})) == []


def test_scenarios_run_against_an_assistant(assistant) -> None:
    file = ScenarioFile.model_validate({"scenarios": [
        {"name": "zwrot", "at": WEDNESDAY, "turns": [
            {"say": "Ile mam dni na zwrot towaru?", "expect": {"answered": True, "cites": ["zwroty"]}},
            {"say": "Chcę rozmawiać z człowiekiem!",
             "expect": {"escalated": True, "reason": "explicit_request"}},
        ]},
        {"name": "źle oczekiwane", "at": WEDNESDAY, "turns": [
            {"say": "Ile kosztuje Paczkomat?", "expect": {"escalated": True}}]},
        {"name": "cel bez LLM", "goal": "chcę zwrócić buty"},
    ]})
    report = run_scenarios(assistant, file)
    assert [r.passed for r in report.results] == [True, False, False]
    assert "needs an LLM" in report.results[2].failures[0]


def test_an_llm_customer_plays_a_goal(assistant) -> None:
    said: list[str] = []

    def customer(goal: str, talk) -> str:
        said.append(goal)
        return "" if talk else "Chcę rozmawiać z konsultantem."

    file = ScenarioFile.model_validate({"scenarios": [{"name": "cel", "goal": "rozmowa z człowiekiem",
                                                       "at": WEDNESDAY,
                                                       "expect": {"escalated": True}}]})
    report = run_scenarios(assistant, file, customer_llm=customer)
    assert report.passed and said == ["rozmowa z człowiekiem"] * 2


@pytest.mark.integration
def test_the_command_exits_0_when_all_hold_and_1_otherwise(shop_index_dir: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"scenarios": [{"name": "człowiek", "at": WEDNESDAY, "turns": [
        {"say": "Chcę rozmawiać z człowiekiem",
         "expect": {"escalated": True, "reason": "explicit_request"}}]}]}),
        encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"scenarios": [{"name": "człowiek", "at": WEDNESDAY, "turns": [
        {"say": "Chcę rozmawiać z człowiekiem", "expect": {"escalated": False}}]}]}), encoding="utf-8")
    assert main(["simulate", str(good), "--index", str(shop_index_dir)]) == 0
    capsys.readouterr()
    assert main(["simulate", str(bad), "--index", str(shop_index_dir), "--json"]) == 1
    printed = json.loads(capsys.readouterr().out)
    assert printed["passed"] is False and "escalated=False" in printed["results"][0]["failures"][0]
