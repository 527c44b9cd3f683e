"""``pomocbot lint KB_DIR``: contradictions of a knowledge-base folder, before it is indexed.

Loads the folder with the ordinary loaders, runs
:func:`~pomocbot.analytics.contradictions.find_contradictions` (lexical, no
embedder) and prints a table, or JSON with ``--json``. Exit status 1 when a
contradiction is found, 0 when none (files that fail to load are reported on
stderr and do not change the status).

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
    if as_json:
        print(json.dumps([item.model_dump() for item in found], ensure_ascii=False, indent=2))
    else:
        _print_table(found, kb_dir)
    return 1 if found else 0


def lint_command(args: argparse.Namespace) -> int:
    """The ``lint`` subcommand of :func:`pomocbot.cli.main`."""
    return run_lint(args.kb_dir, as_json=args.json)
