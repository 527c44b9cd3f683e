"""The report directory: JSON with every figure, Markdown, and a self-contained HTML page with plots."""

from __future__ import annotations

import base64
import json
import re
import sys

import pytest

from pomocbot import DependencyMissingError
from pomocbot.eval import evaluate, write_report
from pomocbot.eval.report import fmt
from tests.eval.conftest import QUESTIONS

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def written(shop, conversations, pii_path, tmp_path_factory):
    report = evaluate(shop, questions=QUESTIONS, conversations=conversations, pii_cases=pii_path,
                      configs={"a": None, "b": {"drafting": {"abstain_below": 0.9}}})
    out = tmp_path_factory.mktemp("raport")
    paths = write_report(report, out)
    return report, paths


def test_three_files_are_written(written) -> None:
    _, paths = written
    assert {p.name for p in paths.values()} == {"report.json", "report.md", "report.html"}
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert set(data["configs"]) == {"a", "b"} and data["timings"]["report"] >= 0
    assert len(data["configs"]["a"]["questions"]) == len(QUESTIONS)


def test_html_embeds_every_plot_as_png(written) -> None:
    _, paths = written
    page = paths["html"].read_text(encoding="utf-8")
    for name in ("recall_at_k", "calibration", "escalation", "latency"):
        match = re.search(rf'<img id="plot-{name}" alt="[^"]+" '
                          r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
        assert match, name
        assert base64.b64decode(match.group(1)).startswith(b"\x89PNG")
    assert "http://" not in page and "https://" not in page and "<script" not in page  # self-contained, inert


def test_html_summary_numbers_match_report_json(written) -> None:
    _, paths = written
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    page = paths["html"].read_text(encoding="utf-8")
    table = re.search(r'<table id="summary">(.*?)</table>', page, re.S).group(1)
    header = re.findall(r"<th>(.*?)</th>", table)
    assert header == ["miara", "a", "b"]
    rows = {cells[0]: cells[1:] for cells in (re.findall(r"<td[^>]*>(.*?)</td>", row)
                                               for row in re.findall(r"<tr>(.*?)</tr>", table)) if cells}
    keys = set(data["configs"]["a"]["summary"]) | set(data["configs"]["b"]["summary"])
    assert set(rows) == keys
    for key in keys:
        for column, name in enumerate(("a", "b")):
            assert rows[key][column] == fmt(data["configs"][name]["summary"].get(key)), key
    assert rows["recall@5"][0] == f"{data['configs']['a']['summary']['recall@5']:.3f}"


def test_text_from_the_data_is_escaped(written) -> None:
    report, paths = written
    page = paths["html"].read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    if any(row.id == "q7" for result in report.configs.values() for row in result.failures):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_markdown_has_the_summary_and_failures(written) -> None:
    report, paths = written
    text = paths["markdown"].read_text(encoding="utf-8")
    assert "| miara | a | b |" in text
    assert f"| recall@1 | {fmt(report.configs['a'].summary['recall@1'])} |" in text
    assert "Błędne odpowiedzi" in text


def test_without_matplotlib_plots_fail_clearly_and_can_be_skipped(written, tmp_path, monkeypatch) -> None:
    report, _ = written
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    with pytest.raises(DependencyMissingError, match=r"pomocbot\[eval\]"):
        write_report(report, tmp_path / "r1")
    assert not (tmp_path / "r1").exists()
    paths = write_report(report, tmp_path / "r2", plots=False)
    assert "<img" not in paths["html"].read_text(encoding="utf-8")
