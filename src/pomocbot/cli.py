"""Command line: ``pomocbot index``, ``search``, ``ask`` and ``chat``.

::

    pomocbot index examples/sklep/kb --out index/
    pomocbot index examples/sklep/kb --out index/ --ray            # embedded on a local Ray cluster
    pomocbot index kb/ --out index/ --ray head-node:6379 --ray-actors 32
    pomocbot search index/ "ile kosztuje paczkomat?" -k 5
    pomocbot search index/ "zwrot towaru" --json
    pomocbot ask index/ "Ile mam dni na zwrot?"
    pomocbot ask index/ "Ile mam dni na zwrot?" --llm-url http://localhost:8000/v1 --llm-model bielik
    pomocbot chat index/ --register ty
    pomocbot lint examples/sklep/kb
    pomocbot eval examples/sklep/questions.jsonl --index index/ --out raport/
    pomocbot gaps rozmowy.sqlite --index index/ --top 10
    pomocbot stats rozmowy.sqlite --since 2026-11-01 --out raport/
    pomocbot simulate examples/sklep/scenarios.yaml --index index/
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from pomocbot.errors import PomocbotError

__all__ = ["main"]

_CHECKPOINT_SECONDS = 30.0
"""How often a long ``pomocbot index`` writes its embedded vectors, so a crash loses little."""


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pomocbot", description="Polish customer-support assistant.")
    commands = parser.add_subparsers(dest="command", required=True)

    index = commands.add_parser("index", help="index a knowledge-base folder")
    index.add_argument("kb_dir", help="folder with .md, .txt, .html, .jsonl, .csv files")
    index.add_argument("--out", required=True, help="index directory to write (atomically)")
    index.add_argument("--index-kind", choices=["flat", "hnsw", "ivfpq"], default=None)
    index.add_argument("--chunk-tokens", type=int, default=None)
    index.add_argument("--embedder", choices=["e5", "use"], default=None,
                       help="e5: multilingual-e5-small (default, strongest in Polish); use: fast USE v3")
    index.add_argument("--no-lint", action="store_true", help="skip the check for contradicting chunks")
    index.add_argument("--ray", nargs="?", const="", default=None, metavar="ADDRESS",
                       help="embed on a Ray cluster (pip install 'pomocbot[ray]'): at ADDRESS (HOST:PORT, "
                            "auto, ray://...), or a local one on every core when no address is given")
    index.add_argument("--ray-actors", type=int, default=None, metavar="N",
                       help="embedding actors with --ray (default: one per GPU, else per CPU of the cluster)")

    search = commands.add_parser("search", help="search a saved index")
    search.add_argument("index_dir")
    search.add_argument("query")
    search.add_argument("-k", type=int, default=5, help="number of results (default 5)")
    search.add_argument("--json", action="store_true", help="print JSON instead of a table")
    search.add_argument("--fusion", choices=["zscore", "rrf", "dense", "lexical"], default=None)
    ask = commands.add_parser("ask", help="answer one question from a saved index")
    _add_answer_options(ask)
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the whole Reply as JSON")
    chat = commands.add_parser("chat", help="talk to the assistant (citations and confidence shown)")
    _add_answer_options(chat)
    lint = commands.add_parser("lint", help="find contradictions in a knowledge-base folder (exit 1 if any)")
    lint.add_argument("kb_dir", help="folder with .md, .txt, .html, .jsonl, .csv files")
    lint.add_argument("--json", action="store_true", help="print JSON instead of a table")
    from pomocbot.eval.cli import add_eval_parser

    add_eval_parser(commands)
    from pomocbot.analytics.gaps_cli import add_gaps_arguments

    add_gaps_arguments(commands.add_parser("gaps", help="group the questions the assistant could not answer"))
    from pomocbot.analytics.stats_cli import add_stats_arguments

    add_stats_arguments(commands.add_parser("stats", help="service metrics: containment, handoffs, CSAT"))
    from pomocbot.simulate.cli import add_simulate_arguments

    add_simulate_arguments(commands.add_parser(
        "simulate", help="play scripted customers against an index, check the outcomes (exit 1 on a miss)"))
    from pomocbot.serve.cli import add_serve_arguments

    add_serve_arguments(commands.add_parser(
        "serve", help="the HTTP service: N workers sharing PostgreSQL and Redis (pomocbot[serve])"))
    return parser


def _add_answer_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("index_dir")
    parser.add_argument("--register", choices=["pan", "ty", "panstwo"], default=None, help="form of address")
    parser.add_argument("--threshold", type=float, default=None, help="abstain below this confidence (0..1)")
    parser.add_argument("--llm-url", default=None, help="OpenAI-compatible server, e.g. http://localhost:8000/v1")
    parser.add_argument("--llm-model", default=None, help="model name on that server")


def _answering_assistant(args: argparse.Namespace):
    from pomocbot.assistant import Assistant
    from pomocbot.config import LLMConfig
    from pomocbot.retrieval.saved_config import saved_config_base

    overrides: dict[str, dict[str, object]] = {"persona": {}, "drafting": {}}
    if args.register:
        overrides["persona"]["register"] = args.register
    if args.threshold is not None:
        overrides["drafting"]["abstain_below"] = args.threshold
    if args.llm_url:
        # A model replaces the saved LLM setting whole (a mapping would merge into it).
        llm = LLMConfig(provider="openai_compatible", base_url=args.llm_url,
                        model=args.llm_model or "default")
        overrides["drafting"].update(drafter="llm", llm=llm)
    return Assistant.load(args.index_dir, saved_config_base(args.index_dir).merged(overrides))


def _print_reply(console, reply) -> None:
    from rich.panel import Panel

    style = "yellow" if reply.abstained else "green"
    console.print(Panel(reply.text, title=f"pewność {reply.confidence:.2f}", border_style=style))
    for citation in reply.citations:
        console.print(f"  [{citation.number}] [bold]{citation.title or citation.doc_id}[/bold] "
                      f"({citation.doc_id}): {citation.quote}", highlight=False)
    if reply.fallback:
        console.print(f"  [dim]LLM niedostępny, odpowiedź z bazy wiedzy: {reply.fallback}[/dim]")


def _ask(args: argparse.Namespace) -> int:
    from rich.console import Console

    reply = _answering_assistant(args).reply(args.question)
    if args.json:
        print(reply.model_dump_json(indent=2))
    else:
        _print_reply(Console(), reply)
    return 0


def _chat(args: argparse.Namespace) -> int:
    import uuid

    from rich.console import Console

    console = Console()
    assistant = _answering_assistant(args)
    conversation_id = f"cli-{uuid.uuid4().hex[:8]}"
    console.print("[dim]Rozmowa z asystentem. Pusta linia lub Ctrl-D kończy.[/dim]")
    while True:
        try:
            message = console.input("[bold]Ty:[/bold] ")
        except (EOFError, KeyboardInterrupt):
            break
        if not message.strip():
            break
        _print_reply(console, assistant.reply(message, conversation_id=conversation_id))
    assistant.forget(conversation_id)
    return 0


def _index(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.table import Table

    from pomocbot.assistant import Assistant
    from pomocbot.config import AssistantConfig
    from pomocbot.errors import EmbeddingError, PomocbotError
    from pomocbot.retrieval.embedding_cache import CHECKPOINT_NAME, read_checkpoint, write_checkpoint
    from pomocbot.retrieval.persistence import load_embedding_cache

    overrides: dict[str, dict[str, object]] = {"retrieval": {}, "knowledge": {}}
    if args.index_kind:
        overrides["retrieval"]["index_kind"] = args.index_kind
    if args.chunk_tokens:
        overrides["knowledge"]["chunk_tokens"] = args.chunk_tokens
        overrides["knowledge"]["chunk_overlap_tokens"] = min(40, args.chunk_tokens // 5)
    if args.embedder:
        overrides["retrieval"]["embedder"] = args.embedder
    config = AssistantConfig().merged(overrides)
    console = Console(stderr=True)
    started = time.perf_counter()
    assistant = Assistant(config)
    # Nothing is embedded twice: vectors of the index being replaced, and of an interrupted build.
    cache = assistant.index.embedding_cache
    reused = load_embedding_cache(args.out, cache) + read_checkpoint(cache, args.out)
    if reused:
        console.print(f"[dim]{reused} wektorów z poprzedniego indeksu lub przerwanej budowy[/dim]")
    last_checkpoint = [time.monotonic()]

    def advance(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)
        if time.monotonic() - last_checkpoint[0] > _CHECKPOINT_SECONDS:
            write_checkpoint(cache, args.out)
            last_checkpoint[0] = time.monotonic()

    with Progress(TextColumn("[bold]Indeksowanie"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("pozostało"), TimeRemainingColumn(), console=console,
                  transient=True) as progress:
        task = progress.add_task("embed", total=None)
        ray_stats = None
        try:
            if args.ray is None:
                assistant.add_directory(args.kb_dir, progress=advance)
            else:
                ray_stats = _index_on_ray(assistant, args, lambda done, total: progress.update(
                    task, completed=done, total=total))
        except (KeyboardInterrupt, PomocbotError) as exc:
            if args.ray is None:
                write_checkpoint(cache, args.out)
                console.print(f"[red]przerwano[/red] ({type(exc).__name__}); {len(cache)} gotowych wektorów "
                              f"zapisano w {args.out}, ponowne uruchomienie wznowi budowę")
            elif isinstance(exc, (KeyboardInterrupt, EmbeddingError)):
                # A Ray build keeps its own checkpoint: one shard per finished batch.
                console.print(f"[red]przerwano[/red] ({type(exc).__name__}); gotowe wektory są w "
                              f"{_ray_checkpoint(args.out)}, ponowne uruchomienie wznowi budowę")
            else:
                raise  # no Ray, no cluster, a bad option: nothing to resume (main prints it)
            return 130 if isinstance(exc, KeyboardInterrupt) else 1
    assistant.save(args.out)
    with contextlib.suppress(FileNotFoundError):
        (Path(args.out) / CHECKPOINT_NAME).unlink()
    if ray_stats is not None:
        shutil.rmtree(_ray_checkpoint(args.out), ignore_errors=True)
    report = assistant.last_report
    assert report is not None
    table = Table(title=f"Indeks zapisany w {args.out}", show_header=False)
    table.add_row("pliki wczytane", str(report.files_loaded))
    table.add_row("dokumenty", str(len(assistant.document_ids)))
    table.add_row("fragmenty (chunks)", str(len(assistant)))
    table.add_row("osadzone / z pamięci podręcznej", f"{report.chunks_embedded} / {report.chunks_from_cache}")
    table.add_row("błędy", str(len(report.failures)))
    table.add_row("pominięte", str(len(report.skipped)))
    if ray_stats is not None:
        table.add_row("Ray: aktorzy / wznowione z checkpointu", f"{ray_stats.actors} / {ray_stats.resumed}")
    table.add_row("czas", f"{time.perf_counter() - started:.1f} s")
    Console().print(table)
    for problem in report.failures:
        console.print(f"[red]błąd[/red] {problem.path}: {problem.reason}")
    for problem in report.skipped:
        console.print(f"[yellow]pominięto[/yellow] {problem.path}: {problem.reason}")
    for doc_id in report.duplicate_ids:
        console.print(f"[yellow]powtórzony id[/yellow] {doc_id} (wygrywa ostatni)")
    for finding in report.findings:
        action = {"masked": "zamaskowano", "removed": "usunięto", "kept": "zostawiono"}.get(finding.action,
                                                                                           finding.action)
        console.print(f"[yellow]{finding.kind}[/yellow] {finding.doc_id}: {finding.detail} ({action})")
    if not args.no_lint:
        # Indexing time is when a contradiction ("14 dni" here, "30 dni" there) is cheapest to fix.
        from pomocbot.analytics.contradictions import find_contradictions

        index = assistant.index
        found = find_contradictions(index.chunks.values(), stem=index.stemmer.stem)
        for item in found:
            console.print(f"[yellow]sprzeczność[/yellow] {item.kind} {item.left_value!r} "
                          f"({item.left.doc_id}) vs {item.right_value!r} ({item.right.doc_id}): {item.topic}")
        if found:
            console.print(f"Szczegóły: pomocbot lint {args.kb_dir}")
    return 0 if report.ok else 3


def _ray_checkpoint(out: str) -> Path:
    from pomocbot.retrieval.ray_checkpoint import checkpoint_folder

    return checkpoint_folder(out)


def _index_on_ray(assistant, args: argparse.Namespace, progress):
    """``pomocbot index --ray``: chunk texts embedded by Ray actors, then the usual build."""
    from pomocbot.retrieval.ray_build import build_with_ray

    _, stats = build_with_ray(assistant, args.kb_dir, _ray_checkpoint(args.out), address=args.ray or None,
                              actors=args.ray_actors, progress=progress)
    return stats


def _search(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from pomocbot.assistant import Assistant

    config = None
    if args.fusion:
        from pomocbot.retrieval.saved_config import saved_config_base

        config = saved_config_base(args.index_dir).merged({"retrieval": {"fusion": args.fusion}})
    assistant = Assistant.load(args.index_dir, config)
    hits = assistant.search(args.query, k=args.k)
    if args.json:
        print(json.dumps([hit.model_dump() for hit in hits], ensure_ascii=False, indent=2))
        return 0
    table = Table(title=f"Wyniki ({len(hits)})")
    for column in ("#", "dokument", "tytuł", "fragment", "wynik", "dense", "bm25"):
        table.add_column(column, overflow="fold")
    for hit in hits:
        snippet = hit.text if len(hit.text) <= 160 else hit.text[:157] + "…"
        table.add_row(str(hit.rank), hit.doc_id, hit.title, snippet, f"{hit.score:.2f}",
                      "-" if hit.dense_score is None else f"{hit.dense_score:.2f}",
                      "-" if hit.lexical_score is None else f"{hit.lexical_score:.2f}")
    Console().print(table)
    return 0


def _gaps(args: argparse.Namespace) -> int:
    from pomocbot.analytics.gaps_cli import run_gaps

    return run_gaps(args)


def _eval(args: argparse.Namespace) -> int:
    from pomocbot.eval.cli import run_eval

    return run_eval(args)


def _stats(args: argparse.Namespace) -> int:
    from pomocbot.analytics.stats_cli import run_stats

    return run_stats(args)


def _simulate(args: argparse.Namespace) -> int:
    from pomocbot.simulate.cli import run_simulate

    return run_simulate(args)


def _lint(args: argparse.Namespace) -> int:
    from pomocbot.analytics.lint import lint_command

    return lint_command(args)


def _serve(args: argparse.Namespace) -> int:
    from pomocbot.serve.cli import run_serve

    return run_serve(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``pomocbot`` command; returns the exit status."""
    args = _build_parser().parse_args(argv)
    try:
        commands = {"index": _index, "search": _search, "ask": _ask, "chat": _chat, "eval": _eval,
                    "gaps": _gaps, "lint": _lint, "simulate": _simulate,
                    "stats": _stats, "serve": _serve}
        return commands[args.command](args)
    except PomocbotError as exc:
        print(f"pomocbot: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
