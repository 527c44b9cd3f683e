"""Service-metrics benchmark: time ``service_metrics`` and the report on seeded SQLite stores.

Usage::

    python benchmarks/service.py [--sizes 2000 10000] [--repeats 5] [--out benchmarks/results/service.json]

Each store is written by ``tools/seed_store.py`` (fixed seed, fictional
conversations, the assistant not run) into a temporary folder. Timed, one
thread, the first (warm-up) run dropped: reading the SQLite file and computing
every figure (``service_metrics(path)``), the same from an open store, and
writing ``report.json`` + ``report.html`` with plots (matplotlib) and without.
Target: a few seconds for 2,000 conversations. The results file holds timings
and the headline figures of the seeded store, nothing else.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tools.seed_store import SEED, seed_store

from pomocbot.analytics.service import service_metrics
from pomocbot.analytics.service_report import write_service_report
from pomocbot.conversation import SQLiteConversationStore

TARGET_S = 5.0  # for 2,000 conversations, metrics and report together


def timed(run: Callable[[], object], repeats: int) -> list[float]:
    run()  # warm-up: imports, page cache, matplotlib's font cache
    seconds = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - started)
    return seconds


def spread(seconds: list[float]) -> str:
    sd = statistics.stdev(seconds) if len(seconds) > 1 else 0.0
    return f"{statistics.fmean(seconds):7.3f} ± {sd:.3f}"


def measure(path: Path, report_dir: Path, repeats: int) -> dict[str, list[float]]:
    """Seconds of each step, warm-up dropped."""
    metrics = service_metrics(path)
    with SQLiteConversationStore(path) as store:
        return {
            "service_metrics(path)": timed(lambda: service_metrics(path), repeats),
            "service_metrics(open store)": timed(lambda: service_metrics(store), repeats),
            "report, plots": timed(lambda: write_service_report(metrics, report_dir, plots=True), repeats),
            "report, tables only": timed(lambda: write_service_report(metrics, report_dir, plots=False),
                                         repeats),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "service.json"))
    args = parser.parse_args(argv)
    results: dict = {"seed": SEED, "repeats": args.repeats, "python": platform.python_version(),
                     "machine": platform.machine(), "target_s": TARGET_S, "stores": {}}
    print(f"{'conversations':>13} {'turns':>6} {'step':<28} {'seconds (mean ± sd)':>20}")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = Path(folder) / f"seed-{size}.sqlite"
            started = time.perf_counter()
            counts = seed_store(path, conversations=size)
            seeding = time.perf_counter() - started
            metrics = service_metrics(path)
            report_dir = Path(folder) / f"report-{size}"
            steps = measure(path, report_dir, args.repeats)
            total = statistics.fmean(steps["service_metrics(path)"]) + statistics.fmean(
                steps["report, plots"])
            for step, seconds in steps.items():
                print(f"{size:>13} {counts['turns']:>6} {step:<28} {spread(seconds):>20}")
            print(f"{size:>13} {counts['turns']:>6} {'metrics + report (plots)':<28} {total:>13.3f}"
                  + (f"   target < {TARGET_S:g} s: {'met' if total < TARGET_S else 'MISSED'}"
                     if size == 2000 else ""))
            overall = metrics.overall
            results["stores"][str(size)] = {
                "counts": counts, "seeding_s": round(seeding, 3),
                "timings_s": {step: {"mean": round(statistics.fmean(s), 4),
                                     "sd": round(statistics.stdev(s), 4) if len(s) > 1 else 0.0}
                              for step, s in steps.items()},
                "metrics_and_report_s": round(total, 3),
                "html_bytes": (report_dir / "report.html").stat().st_size,
                "figures": {"containment": overall.contained.rate, "handoff": overall.handoffs.rate,
                            "abstention": overall.abstentions.rate, "fcr": overall.fcr.rate,
                            "csat_mean": overall.csat.mean, "nps": overall.nps.score,
                            "channels": len(metrics.by_channel), "days": len(metrics.daily)},
            }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
