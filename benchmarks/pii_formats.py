"""PII format benchmark: recall per type and form, false positives per near-miss kind, on generated cases.

Usage::

    python benchmarks/pii_formats.py [--per-type 2000] [--near-per-kind 1000] [--seed 20241113]
                                     [--person model|rules] [--out benchmarks/results/pii_formats.json]

The cases come from ``tests/guardrails/pii_format_cases.py``, the generator
``tests/guardrails/test_pii_format_suite.py`` asserts on at a smaller size:
valid values of every type (check digits by python-stdnum) written with the
separators people type (spaces, non-breaking, thin and narrow no-break
spaces, dashes, en-dashes, dots, slashes, none, a line break, a glued label)
inside inflected Polish sentences. **Recall**: the share of planted values
whose every letter and digit a detection of an acceptable type covers.
**False positives**: the share of near misses (broken checksums, orders,
tracking and invoice numbers, prices, dates, times, quantities, product codes,
versions, shouting, product names after "na"/"przy") that any detection
overlaps. Also the mean time of one ``detect`` call (warm-up dropped).

Needs no data set; the results file holds figures only.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.guardrails.pii_format_cases import (
    KINDS,
    NEAR_KINDS,
    covered,
    flagged,
    near_misses,
    planted,
)

SEED = 20241113
RECALL_TARGET = 0.99
FP_TARGET = 0.005


def evaluate(detector, per_type: int, near_per_kind: int, seed: int) -> dict:
    """Recall per type and form, false-positive rate per near-miss kind, time per call."""
    cases = planted(random.Random(seed), per_type)
    misses = near_misses(random.Random(seed + 1), near_per_kind)
    for case in cases[:200]:  # warm-up: caches of the tagger's word features, compiled patterns
        detector.detect(case.text)
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_form: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    elapsed = 0.0
    for case in cases:
        start = time.perf_counter()
        entities = detector.detect(case.text)
        elapsed += time.perf_counter() - start
        hit = covered(case, entities)
        for table, key in ((found, case.kind), (by_form, f"{case.kind}/{case.form}")):
            table[key][0] += hit
            table[key][1] += 1
    wrong: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case in misses:
        start = time.perf_counter()
        entities = detector.detect(case.text)
        elapsed += time.perf_counter() - start
        wrong[case.kind][0] += flagged(case, entities)
        wrong[case.kind][1] += 1
    planted_total = sum(n for _, n in found.values())
    near_total = sum(n for _, n in wrong.values())
    return {
        "recall": {kind: round(found[kind][0] / found[kind][1], 4) for kind in KINDS},
        "planted": {kind: found[kind][1] for kind in KINDS},
        "recall_overall": round(sum(h for h, _ in found.values()) / planted_total, 4),
        "recall_by_form_below_1": {key: round(h / n, 4) for key, (h, n) in sorted(by_form.items()) if h < n},
        "fp_rate": {kind: round(wrong[kind][0] / wrong[kind][1], 4) for kind in NEAR_KINDS},
        "near_misses": {kind: wrong[kind][1] for kind in NEAR_KINDS},
        "fp_rate_overall": round(sum(f for f, _ in wrong.values()) / near_total, 4),
        "ms_per_detect": round(elapsed / (planted_total + near_total) * 1000, 4),
    }


def print_table(figures: dict) -> None:
    print(f"{'type':16s} {'recall':>8s} {'n':>6s}")
    for kind in KINDS:
        print(f"{kind:16s} {figures['recall'][kind]:8.4f} {figures['planted'][kind]:6d}")
    target = "ok" if figures["recall_overall"] >= RECALL_TARGET else "MISSED"
    print(f"{'all':16s} {figures['recall_overall']:8.4f}   (target {RECALL_TARGET}: {target})")
    print(f"\n{'near miss':16s} {'FP rate':>8s} {'n':>6s}")
    for kind in NEAR_KINDS:
        print(f"{kind:16s} {figures['fp_rate'][kind]:8.4f} {figures['near_misses'][kind]:6d}")
    target = "ok" if figures["fp_rate_overall"] <= FP_TARGET else "MISSED"
    print(f"{'all':16s} {figures['fp_rate_overall']:8.4f}   (target {FP_TARGET}: {target})")
    if figures["recall_by_form_below_1"]:
        print(
            "\nforms below 1.0:", ", ".join(f"{k} {v}" for k, v in figures["recall_by_form_below_1"].items())
        )
    print(f"\n{figures['ms_per_detect']:.3f} ms per detect() call")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results/pii_formats.json"))
    parser.add_argument("--per-type", type=int, default=2000, help="planted values per type")
    parser.add_argument("--near-per-kind", type=int, default=1000, help="near misses per kind")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--person", choices=("model", "rules"), default="model", help="person recognizer")
    args = parser.parse_args(argv)

    from pomocbot.config import PrivacyConfig
    from pomocbot.guardrails.analyzer import PolishPIIDetector

    detector = PolishPIIDetector(PrivacyConfig(person_recognizer=args.person))
    figures = evaluate(detector, args.per_type, args.near_per_kind, args.seed)
    print_table(figures)
    results = {
        "machine": platform.platform(),
        "python": platform.python_version(),
        "command": "python benchmarks/pii_formats.py " + " ".join(argv or sys.argv[1:]),
        "seed": args.seed,
        "person_recognizer": args.person,
        **figures,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nwritten {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
