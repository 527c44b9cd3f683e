"""``pomocbot stats STORE``: service metrics on the command line.

::

    pomocbot stats rozmowy.sqlite                                   # table: overall and per channel
    pomocbot stats rozmowy.sqlite --since 2026-11-01 --until 2026-11-30 --out raport/
    pomocbot stats tury.jsonl --json                                # a JSONL export; metrics as JSON

:mod:`pomocbot.cli` adds the subcommand with :func:`add_stats_arguments` and
calls :func:`run_stats`; the work is done by
:func:`pomocbot.analytics.service.service_metrics` and
:func:`pomocbot.analytics.service_report.write_service_report`.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pomocbot.analytics.service_models import ServiceMetrics

__all__ = ["add_stats_arguments", "run_stats", "stats_table"]


def _when(text: str) -> date | datetime:
    """A date (``2026-11-01``) or an ISO date and time (``2026-11-01T08:00``, with or without an offset)."""
    try:
        return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is no date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM[+01:00]") from None


def add_stats_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``pomocbot stats``.

    >>> parser = argparse.ArgumentParser()
    >>> add_stats_arguments(parser)
    >>> args = parser.parse_args(["rozmowy.sqlite", "--since", "2026-11-01", "--json"])
    >>> args.since, args.json, args.out
    (datetime.date(2026, 11, 1), True, None)
    """
    parser.add_argument("store", help="SQLite conversation store file, or a JSONL export of turns (.jsonl)")
    parser.add_argument("--since", type=_when, default=None,
                        help="first day (YYYY-MM-DD) or moment of conversations counted, in --timezone")
    parser.add_argument("--until", type=_when, default=None,
                        help="last day counted (YYYY-MM-DD, inclusive) or the moment before which to stop")
    parser.add_argument("--timezone", default="Europe/Warsaw",
                        help="zone of days, weeks and of --since/--until (default Europe/Warsaw)")
    parser.add_argument("--out", default=None, help="folder to write report.json and report.html to")
    parser.add_argument("--no-plots", action="store_true", help="report without plots (tables only)")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")


def _moment(value: date | datetime | None, zone: ZoneInfo, *, end: bool = False) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        # a day given as --until is counted whole: stop at the next midnight
        value = datetime.combine(value + timedelta(days=1) if end else value, time())
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


def run_stats(args: argparse.Namespace) -> int:
    """Run ``pomocbot stats`` for parsed ``args``; returns the exit status (0)."""
    from pomocbot.analytics.service import _zone, service_metrics

    zone = _zone(args.timezone)
    metrics = service_metrics(args.store, since=_moment(args.since, zone),
                              until=_moment(args.until, zone, end=True), timezone=args.timezone)
    paths = {}
    if args.out:
        from pomocbot.analytics.service_report import write_service_report

        paths = write_service_report(metrics, args.out, plots=False if args.no_plots else None)
    if args.json:
        print(metrics.model_dump_json(indent=2))
        return 0
    from rich.console import Console

    console = Console()
    console.print(stats_table(metrics))
    if not metrics.feedback_available:
        console.print("[dim]Źródło nie zawiera ocen klientów (CSAT, NPS).[/dim]")
    for kind, path in paths.items():
        console.print(f"[dim]{kind}: {path}[/dim]", highlight=False)
    return 0


def stats_table(metrics: ServiceMetrics):  # -> rich.table.Table (rich is imported lazily)
    """A rich table: one row per headline figure, a column for all conversations and one per channel.

    >>> from pomocbot.analytics.service_models import ServiceSummary
    >>> table = stats_table(ServiceMetrics(overall=ServiceSummary(), timezone="Europe/Warsaw"))
    >>> [column.header for column in table.columns]
    ['miara', 'razem']
    """
    from rich.table import Table

    from pomocbot.analytics.service_report import service_rows

    groups = {"razem": metrics.overall, **metrics.by_channel}
    table = Table(title=f"Obsługa klienta: {metrics.overall.conversations} rozmów")
    table.add_column("miara")
    for name in groups:
        table.add_column(name, justify="right")
    values = [dict(service_rows(summary)) for summary in groups.values()]
    for label, _ in service_rows(metrics.overall):
        table.add_row(label, *(row[label] for row in values))
    return table
