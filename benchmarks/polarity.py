"""Polarity benchmark: does the grounding verifier refuse reversed policies and keep true paraphrases?

Usage::

    python benchmarks/polarity.py [--pairs data/polarity/dev.jsonl]
                                  [--cases examples/sklep/grounding_cases.jsonl]
                                  [--embedder e5|use|none] [--out benchmarks/results/polarity.json]
    # the test set, a measure only (never read for tuning):
    python benchmarks/polarity.py --pairs data/polarity/test.jsonl
                                  --out benchmarks/results/polarity_heldout.json

Two sets, both written for the project (no real customer text):

- **pairs** (``data/polarity/dev.jsonl``, or the test set ``data/polarity/test.jsonl``;
  see ``data/polarity/README.md``): a knowledge-base passage, a faithful
  paraphrase of one of its facts and a reversal that keeps most words (negation added or
  dropped, brak/bez, można/nie można, Tak/Nie, quantifiers, numbers, bounds). Written by a
  helper who did not see the checker.
- **grounding cases** (``examples/sklep/grounding_cases.jsonl``, the set of
  ``benchmarks/grounding.py``): paraphrases and unsupported sentences against chunks of
  the example shop's knowledge base.

Each sentence gets the marker ``[1]`` and is verified against its passage, three ways:

- ``polarity alone``: stems, cosine and the value check switched off
  (``min_stem_overlap=0``, no embedder), so only :mod:`pomocbot.text.polarity` (and the
  value check, shown apart) can refuse it: what the polarity check itself catches and what
  it wrongly refuses;
- ``verifier, no polarity`` and ``verifier``: the default verifier with the chosen embedder,
  with ``check_polarity`` off and on: what a customer would see.

Targets (issue 13): at least 95 % of reversals caught, at most 5 % of faithful paraphrases
refused by the polarity check.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import json
import platform
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from grounding import CASES, build_embedder, load_cases, load_hits, with_marker

PAIRS = ROOT / "data/polarity/dev.jsonl"


def load_pairs(path: Path) -> list[dict[str, str]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        missing = {"id", "kind", "source", "faithful", "reversed"} - set(row)
        if missing:
            raise SystemExit(f"{path}: {row.get('id', '?')} lacks {sorted(missing)}")
    return rows


def _hit(text: str, title: str = "Baza wiedzy") -> Any:
    from pomocbot.types import Hit

    return Hit(doc_id="kb", chunk_id="kb#0", title=title, text=text, score=1.0, rank=1)


def _verifiers(embedder: Any, stemmer: Any) -> dict[str, Any]:
    from pomocbot.config import GroundingConfig
    from pomocbot.drafting.grounding import GroundingVerifier

    return {
        "polarity alone": GroundingVerifier(None, stemmer, GroundingConfig(min_stem_overlap=0.0)),
        "verifier, no polarity": GroundingVerifier(embedder, stemmer, GroundingConfig(check_polarity=False)),
        "verifier": GroundingVerifier(embedder, stemmer, GroundingConfig()),
    }


def _refused_by(verdict: Any) -> str:
    if verdict.supported:
        return ""
    if verdict.missing_values:
        return "value"
    return "polarity" if verdict.reason.startswith("przeczy") else "other"


def run_pairs(pairs: list[dict[str, str]], verifiers: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, verifier in verifiers.items():
        faithful_refused: Counter[str] = Counter()
        reversed_refused: Counter[str] = Counter()
        per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # caught, n, faithful refused
        misses, false_refusals = [], []
        for row in pairs:
            hit = [_hit(row["source"])]
            good = verifier.verify(with_marker(row["faithful"]), hit).verdicts[0]
            bad = verifier.verify(with_marker(row["reversed"]), hit).verdicts[0]
            faithful_refused[_refused_by(good)] += 1
            reversed_refused[_refused_by(bad)] += 1
            per_kind[row["kind"]][0] += not bad.supported
            per_kind[row["kind"]][1] += 1
            per_kind[row["kind"]][2] += not good.supported
            if bad.supported:
                misses.append(row["id"])
            if not good.supported:
                false_refusals.append({"id": row["id"], "reason": good.reason})
        n = len(pairs)
        out[name] = {
            "pairs": n,
            "reversals_caught": round(sum(v for k, v in reversed_refused.items() if k) / n, 4),
            "reversals_caught_by": {k or "kept": v for k, v in sorted(reversed_refused.items())},
            "faithful_refused": round(sum(v for k, v in faithful_refused.items() if k) / n, 4),
            "faithful_refused_by_polarity": round(faithful_refused["polarity"] / n, 4),
            "faithful_refused_by": {k or "kept": v for k, v in sorted(faithful_refused.items())},
            "per_kind": {
                k: {"caught": c, "pairs": m, "faithful_refused": f}
                for k, (c, m, f) in sorted(per_kind.items())
            },
            "missed": misses,
            "false_refusals": false_refusals,
        }
    return out


def run_cases(cases: list[Any], hits: list[Any], verifiers: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, verifier in verifiers.items():
        kept: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        by_polarity = Counter[str]()
        for case, hit in zip(cases, hits, strict=True):
            verdict = verifier.verify(with_marker(case.sentence), [hit]).verdicts[0]
            group = "paraphrase" if case.supported else case.kind
            kept[group][0] += verdict.supported
            kept[group][1] += 1
            by_polarity[group] += _refused_by(verdict) == "polarity"
        out[name] = {
            group: {"kept": k, "cases": n, "refused_by_polarity": by_polarity[group]}
            for group, (k, n) in sorted(kept.items())
        }
    return out


def _pct(x: float) -> str:
    return f"{100 * x:5.1f} %"


def print_tables(pair_results: dict[str, Any] | None, case_results: dict[str, Any]) -> None:
    if pair_results:
        n = next(iter(pair_results.values()))["pairs"]
        print(f"\nPlanted reversals ({n} pairs)")
        print(f"{'rule':24} {'reversals caught':>17} {'faithful refused':>17} {'by polarity':>12}")
        for name, r in pair_results.items():
            print(
                f"{name:24} {_pct(r['reversals_caught']):>17} {_pct(r['faithful_refused']):>17} "
                f"{_pct(r['faithful_refused_by_polarity']):>12}"
            )
        alone = pair_results["polarity alone"]
        print("\nper kind, polarity alone (caught / pairs; faithful refused)")
        for kind, r in alone["per_kind"].items():
            print(f"  {kind:12} {r['caught']:3d} / {r['pairs']:3d}   {r['faithful_refused']}")
        if alone["missed"]:
            print("  missed: " + ", ".join(alone["missed"]))
    print("\nGrounding cases (examples/sklep): kept / cases")
    groups = sorted(next(iter(case_results.values())))
    print(f"{'rule':24} " + " ".join(f"{g:>16}" for g in groups))
    for name, r in case_results.items():
        print(f"{name:24} " + " ".join(f"{r[g]['kept']:>7d} / {r[g]['cases']:<6d}" for g in groups))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--embedder", choices=("e5", "use", "none"), default="e5")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/polarity.json")
    args = parser.parse_args(argv)

    from pomocbot.text.stemming import PolishStemmer

    stemmer = PolishStemmer()
    embedder = None if args.embedder == "none" else build_embedder(args.embedder)
    verifiers = _verifiers(embedder, stemmer)
    pairs = load_pairs(args.pairs) if args.pairs.exists() else []
    if not pairs:
        print(f"no pairs at {args.pairs}; the pair table is skipped")
    pair_results = run_pairs(pairs, verifiers) if pairs else None
    cases = load_cases(args.cases)
    case_results = run_cases(cases, load_hits(cases), verifiers)
    print_tables(pair_results, case_results)

    out = {
        "machine": platform.platform(),
        "python": platform.python_version(),
        "command": "python benchmarks/polarity.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "embedder": args.embedder,
        "pairs_file": str(args.pairs.relative_to(ROOT) if args.pairs.is_relative_to(ROOT) else args.pairs),
        "pairs": pair_results,
        "grounding_cases": case_results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
