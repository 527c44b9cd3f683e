"""``pomocbot eval`` end to end: a real index of part of the shop, its questions file as it is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pomocbot.cli import main
from tests.eval.conftest import SHOP

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    kb = tmp_path_factory.mktemp("kb")
    (kb / "dostawa").mkdir()
    for path in sorted((SHOP / "kb" / "dostawa").glob("*.md")):  # the questions a001-a010 ask about delivery
        (kb / "dostawa" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path_factory.mktemp("index") / "idx"
    assert main(["index", str(kb), "--out", str(out)]) == 0
    return out


def test_eval_writes_the_report(index_dir: Path, tmp_path: Path, capsys) -> None:
    (tmp_path / "strict.yaml").write_text("drafting:\n  abstain_below: 0.95\n", encoding="utf-8")
    out = tmp_path / "raport"
    status = main(["eval", str(SHOP / "questions.jsonl"), "--index", str(index_dir), "--limit", "8",
                   "--config", str(tmp_path / "strict.yaml"), "--config", str(tmp_path / "strict.yaml"),
                   "--pii", str(SHOP / "pii_cases.jsonl"), "--out", str(out), "--quiet"])
    assert status == 0
    printed = capsys.readouterr().out
    assert "recall@5" in printed and "report.html" in printed
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert list(data["configs"]) == ["strict", "strict-2"]  # named after the files, made unique
    strict = data["configs"]["strict"]
    assert strict["summary"]["questions"] == 8 and strict["summary"]["pii_cases"] == 30
    assert strict["overrides"] == {"drafting.abstain_below": 0.95}
    assert data["data"]["questions"]["source"].endswith("questions.jsonl")
    assert (out / "report.html").read_text(encoding="utf-8").count('<img id="plot-') >= 3


def test_eval_of_the_saved_config_alone(index_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "raport"
    assert main(["eval", str(SHOP / "questions.jsonl"), "--index", str(index_dir), "--limit", "3",
                 "--out", str(out), "--no-plots", "--quiet"]) == 0
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert list(data["configs"]) == ["default"] and data["configs"]["default"]["overrides"] == {}
    assert data["configs"]["default"]["summary"]["recall@10"] > 0


def test_bad_data_and_index_time_changes_exit_2(index_dir: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "zle.jsonl"
    bad.write_text('{"id": "q1", "question": "ok"}\n{"id": "q2"\n', encoding="utf-8")
    assert main(["eval", str(bad), "--index", str(index_dir), "--out", str(tmp_path / "r"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "DatasetError" in err and "line 2" in err
    (tmp_path / "chunks.yaml").write_text("knowledge:\n  chunk_tokens: 120\n", encoding="utf-8")
    assert main(["eval", str(SHOP / "questions.jsonl"), "--index", str(index_dir), "--limit", "2",
                 "--config", str(tmp_path / "chunks.yaml"), "--out", str(tmp_path / "r"), "--quiet"]) == 2
    assert "--kb" in capsys.readouterr().err
