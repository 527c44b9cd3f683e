"""``pomocbot gaps STORE``: the knowledge-gap report on the command line.

::

    pomocbot gaps rozmowy.sqlite                      # the SQLite conversation store
    pomocbot gaps tury.jsonl --index index/ --top 10  # a JSONL export; embedder and stemmer of an index
    pomocbot gaps rozmowy.sqlite --min-size 3 --json

:mod:`pomocbot.cli` adds the subcommand with :func:`add_gaps_arguments` and
calls :func:`run_gaps`; the work is done by :func:`pomocbot.analytics.gaps.find_gaps`.
"""

from __future__ import annotations

import argparse

from pomocbot.analytics.gaps import GapCluster, GapReport

__all__ = ["add_gaps_arguments", "gaps_table", "run_gaps"]


def add_gaps_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``pomocbot gaps``.

    >>> parser = argparse.ArgumentParser()
    >>> add_gaps_arguments(parser)
    >>> parser.parse_args(["rozmowy.sqlite", "--top", "5"]).top
    5
    """
    from pomocbot.analytics.gaps import DEFAULT_SIMILARITY

    parser.add_argument("store", help="SQLite conversation store file, or a JSONL export of turns (.jsonl)")
    parser.add_argument("--index", default=None, help="saved index whose embedder and stemmer to use")
    parser.add_argument("--min-size", type=int, default=2, help="smallest group reported (default 2)")
    parser.add_argument("--top", type=int, default=20, help="groups shown, biggest first (default 20)")
    parser.add_argument("--similarity", type=float, default=DEFAULT_SIMILARITY,
                        help=f"mean similarity that still groups, 0..1 (default {DEFAULT_SIMILARITY})")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run_gaps(args: argparse.Namespace) -> int:
    """Run ``pomocbot gaps`` for parsed ``args``; returns the exit status (0)."""
    from pomocbot.analytics.gaps import find_gaps

    options: dict = {}
    if args.index:
        from pomocbot.assistant import embedder_for_index
        from pomocbot.config import AssistantConfig
        from pomocbot.retrieval.persistence import load_index, read_manifest

        # The index's own analyzer restores diacritics from its knowledge base ("baterie" -> "baterię").
        manifest = read_manifest(args.index)
        config = AssistantConfig.model_validate(manifest["config"])
        index = load_index(args.index, embedder_for_index(manifest, config), config)
        options = {"embedder": index.embedder, "analyzer": index.analyzer}
    report = find_gaps(args.store, min_cluster_size=args.min_size, similarity=args.similarity, **options)
    shown = report.model_copy(update={"clusters": report.clusters[: max(args.top, 0)]})
    if args.json:
        print(shown.model_dump_json(indent=2))
        return 0
    from rich.console import Console

    console = Console()
    console.print(gaps_table(shown))
    console.print(f"[dim]Pytań z odpowiedzią asystenta: {report.questions}; bez odpowiedzi lub przekazanych "
                  f"konsultantowi: {report.gaps}; pominięte uprzejmości: {report.skipped}; poza grupami: "
                  f"{report.unclustered}.[/dim]", highlight=False)
    return 0


def _row(cluster: GapCluster) -> list[str]:
    from rich.markup import escape  # stored text holds redaction tokens such as "[TELEFON_1]"

    first, last = cluster.first_at.date().isoformat(), cluster.last_at.date().isoformat()
    topic = [f"[bold]{escape(', '.join(cluster.terms))}[/bold]"]
    topic += [f"• {escape(example)}" for example in cluster.examples]
    return [
        str(cluster.rank), f"{cluster.size}\n[dim]w {cluster.conversations} rozm.[/dim]", "\n".join(topic),
        f"{cluster.abstained_share:.0%}\n{cluster.escalated_share:.0%}",
        "\n".join(f"{escape(code)} ×{count}" for code, count in cluster.reasons.items()) or "-",
        first if first == last else f"{first}\n{last}",
    ]


def gaps_table(report: GapReport):  # -> rich.table.Table (rich is imported lazily)
    """A rich table of the report's groups, one row each: stems, then example questions, most central first.

    >>> gaps_table(GapReport(questions=0, gaps=0, skipped=0, unclustered=0, clusters=[], similarity=0.4,
    ...                      min_cluster_size=2, embedder="")).row_count
    0
    """
    from rich.table import Table

    table = Table(title=f"Luki w bazie wiedzy: {len(report.clusters)} grup pytań bez odpowiedzi")
    table.add_column("#", no_wrap=True)
    table.add_column("pytań", no_wrap=True)
    table.add_column("temat i przykłady", overflow="fold", ratio=1)
    table.add_column("nie wiem\nkonsultant", no_wrap=True)
    table.add_column("powody", overflow="fold")
    table.add_column("okres", no_wrap=True)
    for cluster in report.clusters:
        table.add_row(*_row(cluster))
    return table
