"""``pomocbot eval``: evaluate a saved index on questions (and conversations, PII cases), write a report.

::

    pomocbot eval examples/sklep/questions.jsonl --index index/ --out report/
    pomocbot eval questions.jsonl --index index/ --config a.yaml --config b.yaml --kb examples/sklep/kb \\
        --conversations examples/sklep/conversations.jsonl --pii examples/sklep/pii_cases.jsonl --out report/

Each ``--config`` file holds partial overrides of the index's saved config and
is named after its file stem; without one the saved config runs as
``default``. Exit status 0, or 2 on a pomocbot error (bad data, bad config,
missing index), printed by :func:`pomocbot.cli.main`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

__all__ = ["add_eval_parser", "run_eval"]


def add_eval_parser(commands: Any) -> argparse.ArgumentParser:
    """Add the ``eval`` subcommand to ``commands`` (an argparse subparsers object)."""
    parser = commands.add_parser("eval", help="evaluate an index on questions and write a report")
    parser.add_argument("data", help="questions JSONL: id, question, gold, answer, should_abstain")
    parser.add_argument("--index", required=True, help="saved index directory (pomocbot index ... --out)")
    parser.add_argument("--config", action="append", default=[], metavar="FILE",
                        help="YAML/JSON overrides of the saved config; repeat to compare (A/B)")
    parser.add_argument("--kb", default=None, help="knowledge-base folder, to re-index configs that need it")
    parser.add_argument("--conversations", default=None, help="conversations JSONL (escalation)")
    parser.add_argument("--pii", default=None, help="PII cases JSONL: id, text, entities[type,start,end]")
    parser.add_argument("--out", required=True, help="report directory (report.json, .md, .html)")
    parser.add_argument("--limit", type=int, default=None, help="evaluate only the first N questions")
    parser.add_argument("--no-plots", action="store_true", help="skip the plots (no matplotlib needed)")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    return parser


def _names(paths: list[str]) -> dict[str, str | None]:
    if not paths:
        return {"default": None}
    names: dict[str, str | None] = {}
    for path in paths:
        stem = Path(path).stem or "config"
        name, n = stem, 2
        while name in names:
            name, n = f"{stem}-{n}", n + 1
        names[name] = path
    return names


def run_eval(args: argparse.Namespace) -> int:
    """Run the evaluation described by parsed ``args``, write the report and print the summary."""
    from rich.console import Console
    from rich.table import Table

    from pomocbot.eval.formats import read_questions
    from pomocbot.eval.report import fmt, summary_keys, write_report
    from pomocbot.eval.runner import evaluate

    questions = read_questions(args.data)
    if args.limit is not None:
        questions = questions[: max(args.limit, 0)]
    report = evaluate(args.index, questions=questions, conversations=args.conversations, pii_cases=args.pii,
                      configs=_names(args.config), kb_dir=args.kb, progress=not args.quiet)
    report.data["questions"]["source"] = str(args.data)
    paths = write_report(report, args.out, plots=not args.no_plots)
    table = Table(title=f"Ewaluacja: {len(questions)} pytań")
    table.add_column("miara")
    for name in report.configs:
        table.add_column(name, justify="right")
    for key in summary_keys(report):
        table.add_row(key, *(fmt(result.summary.get(key)) for result in report.configs.values()))
    console = Console()
    console.print(table)
    console.print(f"Raport: {paths['html']} (także {paths['markdown'].name}, {paths['json'].name})",
                  highlight=False)
    return 0
