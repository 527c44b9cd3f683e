"""The tuning notebook (examples/prompt_tuning.ipynb) runs top to bottom and shows what it promises.

Executed with nbclient on the session's shop index (``POMOCBOT_INDEX``) and a
small ``POMOCBOT_NOTEBOOK_LIMIT``, so it never rots; the committed file must
stay free of outputs.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "examples" / "prompt_tuning.ipynb"
CONFIG_NAMES = ("A-pan", "B-ty")


def test_the_committed_notebook_has_no_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(not cell.outputs and cell.execution_count is None for cell in code)


def _texts(cell) -> str:
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        for kind in ("text/plain", "text/html", "text/markdown"):
            parts.append(str(output.get("data", {}).get(kind, "")))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def work_dir(tmp_path_factory) -> Path:
    """The kernel's temporary directory: the notebook's report lands here, not in the repository."""
    return tmp_path_factory.mktemp("notebook")


@pytest.fixture(scope="module")
def executed(shop_index_dir: Path, work_dir: Path, monkeypatch_module):
    # The kernel inherits this process's environment (see test_the_kernel_runs_in_this_environment).
    monkeypatch_module.setenv("POMOCBOT_INDEX", str(shop_index_dir))
    monkeypatch_module.setenv("POMOCBOT_NOTEBOOK_LIMIT", "15")
    monkeypatch_module.setenv("TMPDIR", str(work_dir))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT)}})
    client.execute()
    return notebook


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_the_kernel_runs_in_this_environment() -> None:
    from jupyter_client.manager import KernelManager

    # The kernelspec says "python"; jupyter_client runs it as sys.executable, this virtual environment.
    command = KernelManager(kernel_name="python3").format_kernel_cmd()
    assert Path(command[0]).resolve() == Path(sys.executable).resolve(), command


def test_the_notebook_compares_both_settings(executed) -> None:
    code = [cell for cell in executed.cells if cell.cell_type == "code"]
    assert all(cell.execution_count is not None for cell in code)
    assert not [o for cell in code for o in cell.outputs if o.output_type == "error"]
    everything = "\n".join(_texts(cell) for cell in code)
    assert "questions: 15 of 304" in everything
    # The summary table: one column per setting, recall and abstention rows.
    table = next(_texts(cell) for cell in code if "recall@1" in _texts(cell))
    assert all(name in table for name in CONFIG_NAMES)
    assert re.search(r"abstention_recall\s+[\d.]+\s+[\d.]+", table)


def test_the_plots_are_shown_inline(executed) -> None:
    images = [o for cell in executed.cells if cell.cell_type == "code" for o in cell.outputs
              if "image/png" in o.get("data", {})]
    assert len(images) >= 4  # the threshold sweep and the report's recall, calibration, latency plots


def test_replies_are_shown_side_by_side_in_both_registers(executed) -> None:
    html = [str(o.get("data", {}).get("text/html", "")) for cell in executed.cells if cell.cell_type == "code"
            for o in cell.outputs]
    tables = [page for page in html if "<th>question</th>" in page]
    assert len(tables) == 1
    table = tables[0]
    assert all(f"<th>{name}</th>" in table for name in CONFIG_NAMES)
    assert table.count("<tr><td") == 3
    assert "Dzień dobry" in table and "Cześć" in table  # pan vs ty greeting


def test_the_report_is_written_outside_the_repository(executed, work_dir: Path) -> None:
    text = "\n".join(_texts(cell) for cell in executed.cells if cell.cell_type == "code")
    match = re.search(r"^html: (.+report\.html)$", text, re.MULTILINE)
    assert match, text[-2000:]
    html_path = Path(match.group(1))
    assert html_path.is_file() and work_dir.resolve() in html_path.resolve().parents
    page = html_path.read_text(encoding="utf-8")
    assert all(f"Konfiguracja {name}" in page for name in CONFIG_NAMES) and 'id="plot-recall_at_k"' in page
    report = json.loads((html_path.parent / "report.json").read_text(encoding="utf-8"))
    assert set(report["configs"]) == set(CONFIG_NAMES)
    assert report["configs"]["B-ty"]["overrides"]["persona.register"] == "ty"
