"""``pomocbot lint KB_DIR``: contradictions and unsafe text of a knowledge-base folder, before it is indexed.

Loads the folder with the ordinary loaders, runs
:func:`~pomocbot.analytics.contradictions.find_contradictions` (lexical, no
embedder) and :func:`~pomocbot.knowledge.safety.document_findings` (personal
data, text addressed to the assistant, requests for secrets, premium numbers:
what indexing masks or removes) and prints tables, or JSON with ``--json``
(one list: contradictions, then findings with ``"finding": true``). Exit
status 1 when anything is found, 0 when nothing (files that fail to load are
reported on stderr and do not change the status).

>>> import tempfile, pathlib
>>> kb = pathlib.Path(tempfile.mkdtemp())
>>> _ = (kb / "zwroty.md").write_text("# Zwroty\\n\\nMasz 14 dni na zwrot towaru.", encoding="utf-8")
>>> run_lint(kb, as_json=True)
[]
0
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pomocbot.analytics.contradictions import Contradiction, find_contradictions

__all__ = ["lint_command", "run_lint"]


def _print_table(found: list[Contradiction], kb_dir: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not found:
        console.print(f"[green]Brak sprzeczności w {kb_dir}.[/green]")
        return
    table = Table(title=f"Sprzeczności w bazie wiedzy ({len(found)})", show_lines=True)
    for column in ("rodzaj", "temat", "wartość", "dokument i zdanie", "wynik"):
        table.add_column(column, overflow="fold")
    for item in found:
        table.add_row(item.kind, item.topic, f"{item.left_value}\n{item.right_value}",
                      f"[bold]{item.left.doc_id}[/bold]: {item.left.sentence}\n"
                      f"[bold]{item.right.doc_id}[/bold]: {item.right.sentence}", f"{item.score:.2f}")
    console.print(table)


def run_lint(kb_dir: str | Path, *, as_json: bool = False) -> int:
    """Print the contradictions of the folder ``kb_dir``; 1 when there are any, else 0."""
    from pomocbot.knowledge.loaders import load_directory

    kb_dir = Path(kb_dir)
    documents, report = load_directory(kb_dir)
    for problem in report.failures:
        print(f"pomocbot lint: {problem.path}: {problem.reason}", file=sys.stderr)
    found = find_contradictions(documents)
    findings = _findings(documents)
    if as_json:
        rows = [item.model_dump() for item in found] + [{**f.model_dump(), "finding": True} for f in findings]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        _print_table(found, kb_dir)
        _print_findings(findings)
    return 1 if found or findings else 0


def _findings(documents) -> list:
    from pomocbot.knowledge.safety import document_findings

    try:
        from pomocbot.config import AssistantConfig
        from pomocbot.guardrails.analyzer import PolishPIIDetector

        detector = PolishPIIDetector(AssistantConfig().privacy)
    except Exception:
        detector = None
    return [f for document in documents for f in document_findings(document, detector)]


def _print_findings(findings: list) -> None:
    from rich.console import Console
    from rich.table import Table

    if not findings:
        return
    table = Table(title=f"Do poprawienia przed indeksowaniem ({len(findings)})", show_lines=True)
    for column in ("dokument", "co", "przy indeksowaniu"):
        table.add_column(column, overflow="fold")
    for f in findings:
        action = {"masked": "zamaskowane", "removed": "usunięte"}.get(f.action, f.action)
        table.add_row(f.doc_id, f.detail, action)
    Console().print(table)


def lint_command(args: argparse.Namespace) -> int:
    """The ``lint`` subcommand of :func:`pomocbot.cli.main`."""
    return run_lint(args.kb_dir, as_json=args.json)
