"""Grounding benchmark: the verifier's cosine thresholds per embedder, on our own measurement set.

Usage::

    python benchmarks/grounding.py [--embedder e5|use|both] [--cases examples/sklep/grounding_cases.jsonl]
                                   [--out benchmarks/results/grounding.json]

Cases (``examples/sklep/grounding_cases.jsonl``, written for this benchmark
against chunks of ``examples/sklep/kb``): faithful paraphrases
(``supported: true``) and unsupported sentences (changed values, negated or
reversed policies, the same words making another claim, plausible
inventions). Each sentence, with the marker ``[1]``, is verified by
:class:`~pomocbot.drafting.grounding.GroundingVerifier` with the real Stempel
stemmer against the one chunk it was written against, as the knowledge base's
chunker cuts it (``chunk``: the chunk's index in its document, or a short quote
of it for the FAQ files, whose entries are documents of their own).

Grid: every ``(floor, min_dense)`` with floor 0.300–0.995 and min_dense
floor–1.00, steps of 0.005 (e5 puts nearly every pair between 0.85 and 0.99;
``min_stem_overlap`` stays at its default, 0.5): a sentence is kept when all
its values occur in the source and it is quoted
verbatim, or ``stems >= 0.5 and dense >= floor``, or ``dense >= min_dense``
(the verifier's rule, computed once per case from its verdict; the rows
reported are re-run through the verifier itself, and the script stops if the
two disagree).

Choice, per embedder, on the ``tune`` split only: the rule that keeps the most
paraphrases while keeping at most 5 % of the unsupported sentences whose values
all occur in the source (the ones the thresholds decide; a changed price is
refused by the value check whatever the thresholds, so counting those would
loosen the budget); ties go to fewer unsupported kept, then to the stricter
rule (higher min_dense, then higher floor). The ``test`` split (other source
documents, no shared chunk) is scored once with the chosen rule; its 95 %
intervals come from a bootstrap over source documents (fixed seed), since
sentences written against one document are not independent.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import json
import platform
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
KB = ROOT / "examples/sklep/kb"
CASES = ROOT / "examples/sklep/grounding_cases.jsonl"
SEED = 20260601
BOOTSTRAP = 2000
MAX_UNSUPPORTED = 0.05
MIN_STEM_OVERLAP = 0.5
FLOORS = np.round(np.arange(0.30, 0.9975, 0.005), 3)
MIN_DENSE = np.round(np.arange(0.30, 1.0025, 0.005), 3)
USE_CURRENT = (0.55, 0.75)  # the thresholds measured with USE before this benchmark existed
EMBEDDERS = ("e5", "use")
QUANTILES = [5, 25, 50, 75, 95]  # of the cosines reported per embedder


@dataclass(frozen=True)
class Case:
    line: int
    source: str
    chunk: int | str
    sentence: str
    supported: bool
    kind: str
    split: str


@dataclass(frozen=True)
class Features:
    """What the verifier measured for one case (cosine as rounded in its verdict, 4 places)."""

    overlap: float
    dense: float  # -1 when not computed (no source sentence shares a stem, or a value is missing)
    missing: bool
    verbatim: bool
    contradicts: bool  # refused by the polarity check (pomocbot.text.polarity), whatever the thresholds


def load_cases(path: Path) -> list[Case]:
    cases = []
    for line, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text.strip():
            row = json.loads(text)
            cases.append(Case(line, row["source"], row["chunk"], row["sentence"], bool(row["supported"]),
                              row["kind"], row["split"]))
    return cases


def load_hits(cases: Sequence[Case]) -> list[Any]:
    """One Hit per case: its chunk, by index in the file's only document or by a quote found in one chunk."""
    from pomocbot.knowledge.chunker import Chunker
    from pomocbot.knowledge.loaders import load_file
    from pomocbot.types import Hit

    chunker, chunks, hits = Chunker(), {}, []
    for case in cases:
        if case.source not in chunks:
            chunks[case.source] = [c for d in load_file(KB / case.source) for c in chunker.chunk(d)]
        found = chunks[case.source]
        if isinstance(case.chunk, int):
            if len({c.doc_id for c in found}) != 1:
                raise SystemExit(f"line {case.line}: {case.source} holds several documents; "
                                 "locate the chunk by a quote")
            found = found[case.chunk : case.chunk + 1]
        else:
            found = [c for c in found if case.chunk in c.text]
        if len(found) != 1:
            raise SystemExit(f"line {case.line}: chunk {case.chunk!r} of {case.source} matches "
                             f"{len(found)} chunks")
        c = found[0]
        hits.append(Hit(doc_id=c.doc_id, chunk_id=c.chunk_id, title=c.title, text=c.text, section=c.section,
                        score=1.0, rank=1))
    return hits


def with_marker(sentence: str) -> str:
    """ "Zwrot jest darmowy." -> "Zwrot jest darmowy [1]." """
    return re.sub(r"\s*([.!?…]*)$", r" [1]\1", sentence.strip(), count=1)


def build_embedder(name: str) -> Any:
    if name == "e5":
        from pomocbot.retrieval.e5 import E5Embedder

        return E5Embedder(threads=1, build_threads=2)
    from pomocbot.retrieval.embedders import UniversalSentenceEncoder

    return UniversalSentenceEncoder(threads=2)


def verdicts(embedder: Any, stemmer: Any, cases: Sequence[Case], hits: Sequence[Any], floor: float | None,
             min_dense: float | None) -> list[Any]:
    from pomocbot.config import GroundingConfig
    from pomocbot.drafting.grounding import GroundingVerifier

    config = GroundingConfig(min_stem_overlap=MIN_STEM_OVERLAP, dense_floor=floor,
                             min_dense_similarity=min_dense)
    verifier = GroundingVerifier(embedder, stemmer, config)
    return [verifier.verify(with_marker(case.sentence), [hit]).verdicts[0]
            for case, hit in zip(cases, hits, strict=True)]


def features(found: Sequence[Any]) -> list[Features]:
    return [Features(v.stem_overlap, -1.0 if v.dense_similarity is None else v.dense_similarity,
                     bool(v.missing_values), v.reason.startswith("cytat z"), v.reason.startswith("przeczy"))
            for v in found]


class Grid:
    """Every case's verdict under every (floor, min_dense) of the grid, as boolean arrays."""

    def __init__(self, feats: Sequence[Features]) -> None:
        self.overlap = np.array([f.overlap for f in feats])
        self.dense = np.array([f.dense for f in feats])
        self.missing = np.array([f.missing for f in feats])
        self.verbatim = np.array([f.verbatim for f in feats])
        # Refused whatever the thresholds: a value not in the source, or a reversed polarity.
        self.missing |= np.array([f.contradicts for f in feats])

    def kept(self, floor: float, min_dense: float) -> np.ndarray:
        # Same float comparisons as the verifier, on the verdict's rounded cosine.
        by_stems = (self.overlap >= MIN_STEM_OVERLAP) & (self.dense >= floor)
        return ~self.missing & (self.verbatim | by_stems | (self.dense >= min_dense))

    def stems_only(self, threshold: float = MIN_STEM_OVERLAP) -> np.ndarray:
        return ~self.missing & (self.verbatim | (self.overlap >= threshold))


class Groups:
    """Masks of one split: paraphrases, unsupported sentences, and those of them the thresholds decide."""

    def __init__(self, cases: Sequence[Case], grid: Grid, split: str) -> None:
        supported = np.array([c.supported for c in cases])
        self.split = np.array([c.split == split for c in cases])
        self.paraphrases = self.split & supported
        self.unsupported = self.split & ~supported
        self.content = self.unsupported & ~grid.missing  # all values in the source: the thresholds decide

    def shares(self, kept: np.ndarray) -> dict[str, float | int]:
        def share(m: np.ndarray) -> float:
            return float(kept[m].mean()) if m.any() else 0.0

        return {"paraphrases_kept": share(self.paraphrases), "unsupported_kept": share(self.unsupported),
                "content_unsupported_kept": share(self.content), "n_paraphrases": int(self.paraphrases.sum()),
                "n_unsupported": int(self.unsupported.sum()),
                "n_content_unsupported": int(self.content.sum())}


def choose(grid: Grid, tune: Groups, budget: float = MAX_UNSUPPORTED) -> tuple[float, float] | None:
    """The most paraphrases kept with at most ``budget`` of the tune split's content-decided unsupported."""
    content, paraphrases = tune.content, tune.paraphrases
    best, best_key = None, None
    for floor in FLOORS:
        for min_dense in MIN_DENSE[floor <= MIN_DENSE]:
            kept = grid.kept(float(floor), float(min_dense))
            bad = float(kept[content].mean())
            if bad > budget + 1e-9:
                continue
            key = (float(kept[paraphrases].mean()), -bad, float(min_dense), float(floor))
            if best_key is None or key > best_key:
                best, best_key = (float(floor), float(min_dense)), key
    return best


def bootstrap(kept: np.ndarray, cases: Sequence[Case], groups: Groups,
              seed: int = SEED) -> dict[str, list[float]]:
    """95 % intervals of the shares, resampling the split's source documents with replacement."""
    rng = np.random.default_rng(seed)
    documents = sorted({c.source for c, m in zip(cases, groups.split, strict=True) if m})
    rows = [np.array([i for i, c in enumerate(cases) if groups.split[i] and c.source == d])
            for d in documents]
    samples: dict[str, list[float]] = {"paraphrases_kept": [], "content_unsupported_kept": []}
    for _ in range(BOOTSTRAP):
        picked = np.concatenate([rows[i] for i in rng.integers(0, len(documents), len(documents))])
        for key, mask in (("paraphrases_kept", groups.paraphrases),
                          ("content_unsupported_kept", groups.content)):
            chosen = picked[mask[picked]]
            samples[key].append(float(kept[chosen].mean()) if len(chosen) else 0.0)
    return {k: [float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5))] for k, v in samples.items()}


def tradeoff(grid: Grid, tune: Groups) -> list[dict[str, float]]:
    """The best rule of the grid on the tune split for a few budgets of unsupported sentences."""
    rows = []
    for budget in (0.0, 0.025, 0.05, 0.10, 0.20):
        rule = choose(grid, tune, budget)
        if rule is not None:
            s = tune.shares(grid.kept(*rule))
            rows.append({"budget": budget, "floor": rule[0], "min_dense": rule[1],
                         "paraphrases_kept": s["paraphrases_kept"],
                         "content_unsupported_kept": s["content_unsupported_kept"]})
    return rows


def by_kind(kept: np.ndarray, cases: Sequence[Case], mask: np.ndarray) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, case in enumerate(cases):
        if mask[i]:
            row = out.setdefault(case.kind, [0, 0])
            row[0] += int(kept[i])
            row[1] += 1
    return dict(sorted(out.items()))


def _pct(x: float) -> str:
    return f"{100 * x:5.1f} %"


def run_embedder(name: str, stemmer: Any, cases: list[Case], hits: list[Any]) -> dict[str, Any]:
    embedder = build_embedder(name)
    embedder.embed(["rozgrzewka"], kind="passage")
    t0 = time.perf_counter()
    # Features once, with thresholds that change nothing the verdict records (the cosine is always computed
    # for an open sentence; the thresholds only decide the flag).
    grid = Grid(features(verdicts(embedder, stemmer, cases, hits, 0.0, 1.0)))
    seconds = time.perf_counter() - t0
    tune, test = Groups(cases, grid, "tune"), Groups(cases, grid, "test")
    chosen = choose(grid, tune)
    if chosen is None:
        raise SystemExit(f"{name}: no rule of the grid meets the budget on the tune split")
    rules = {"chosen": chosen, "use_current": USE_CURRENT}
    figures: dict[str, Any] = {}
    for label, (floor, min_dense) in rules.items():
        predicted = grid.kept(floor, min_dense)
        found = verdicts(embedder, stemmer, cases, hits, floor, min_dense)
        actual = np.array([v.supported for v in found])
        mismatches = [cases[i].line for i in np.flatnonzero(predicted != actual)]
        if mismatches:
            raise SystemExit(f"{name} {label}: the grid disagrees with the verifier on lines {mismatches}")
        figures[label] = {
            "floor": floor, "min_dense": min_dense,
            "tune": tune.shares(actual), "test": test.shares(actual),
            "test_interval_95": bootstrap(actual, cases, test),
            "test_by_kind": by_kind(actual, cases, test.split),
        }
    chosen_kept = grid.kept(*chosen)
    stems = grid.stems_only()
    figures["stems_only"] = {"tune": tune.shares(stems), "test": test.shares(stems)}
    supported = np.array([c.supported for c in cases])
    dense = grid.dense
    return {
        "embedder": embedder.name, "seconds_first_pass": round(seconds, 2), "rules": figures,
        "tradeoff_tune": tradeoff(grid, tune),
        "dense_quantiles": {
            "paraphrases": np.percentile(dense[supported & (dense > -1)], QUANTILES).round(3).tolist(),
            "content_unsupported": np.percentile(dense[~supported & ~grid.missing & (dense > -1)],
                                                 QUANTILES).round(3).tolist(),
        },
        # lines of the cases file the chosen rule gets wrong, to read
        "chosen_keeps_unsupported": [c.line for c, k in zip(cases, chosen_kept, strict=True)
                                     if k and not c.supported],
        "chosen_drops_paraphrases": [c.line for c, k in zip(cases, chosen_kept, strict=True)
                                     if not k and c.supported],
    }


def print_tables(results: dict[str, dict[str, Any]]) -> None:
    print("\nShare kept (tune -> test; unsupported = those whose values all occur in the source, "
          "in brackets: all unsupported)")
    print(f"  {'embedder':<26} {'rule':<30} {'paraphrases tune':>16} {'test':>8} "
          f"{'unsupported tune':>17} {'test':>18}")
    for result in results.values():
        rules = result["rules"]
        for label, text in (("chosen", "chosen: floor {f}, alone {m}"),
                            ("use_current", "USE's: floor {f}, alone {m}"),
                            ("stems_only", "stems >= 0.5, no embedder")):
            r = rules[label]
            title = text.format(f=r.get("floor"), m=r.get("min_dense"))
            tu, te = r["tune"], r["test"]
            print(f"  {result['embedder']:<26} {title:<30} {_pct(tu['paraphrases_kept']):>16} "
                  f"{_pct(te['paraphrases_kept']):>8} {_pct(tu['content_unsupported_kept']):>17} "
                  f"{_pct(te['content_unsupported_kept']):>8} ({_pct(te['unsupported_kept'])})")
    for result in results.values():
        chosen = result["rules"]["chosen"]
        lo_p, hi_p = chosen["test_interval_95"]["paraphrases_kept"]
        lo_u, hi_u = chosen["test_interval_95"]["content_unsupported_kept"]
        print(f"\n{result['embedder']}: chosen rule on test, 95 % interval (bootstrap over documents): "
              f"paraphrases {_pct(lo_p)}–{_pct(hi_p)}, unsupported {_pct(lo_u)}–{_pct(hi_u)}")
        print("  test, kept / n by kind: "
              + ", ".join(f"{k} {a}/{n}" for k, (a, n) in chosen["test_by_kind"].items()))
        print("  trade-off on tune (budget of unsupported -> paraphrases kept): " + ", ".join(
            f"{_pct(t['budget']).strip()} -> {_pct(t['paraphrases_kept']).strip()} "
            f"(floor {t['floor']}, alone {t['min_dense']})" for t in result["tradeoff_tune"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--embedder", choices=(*EMBEDDERS, "both"), default="both")
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/grounding.json")
    args = parser.parse_args(argv)

    from pomocbot.text.stemming import PolishStemmer

    cases = load_cases(args.cases)
    splits = {c.split for c in cases}
    if splits != {"tune", "test"}:
        raise SystemExit(f"cases need a tune and a test split, found {sorted(splits)}")
    shared = {c.source for c in cases if c.split == "tune"} & {c.source for c in cases if c.split == "test"}
    if shared:
        raise SystemExit(f"documents in both splits: {sorted(shared)}")
    hits = load_hits(cases)
    stemmer = PolishStemmer()
    names = EMBEDDERS if args.embedder == "both" else (args.embedder,)
    print(f"{len(cases)} cases: " + ", ".join(
        f"{split} {sum(c.split == split and c.supported for c in cases)} paraphrases / "
        f"{sum(c.split == split and not c.supported for c in cases)} unsupported "
        f"({len({c.source for c in cases if c.split == split})} documents)" for split in ("tune", "test")))
    results = {name: run_embedder(name, stemmer, cases, hits) for name in names}
    print_tables(results)

    out = {
        "machine": platform.platform(), "python": platform.python_version(),
        "command": "python benchmarks/grounding.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "cases": str(args.cases.relative_to(ROOT) if args.cases.is_relative_to(ROOT) else args.cases),
        "selection": {"split": "tune", "max_content_unsupported_kept": MAX_UNSUPPORTED,
                      "min_stem_overlap": MIN_STEM_OVERLAP, "floors": [float(FLOORS[0]), float(FLOORS[-1])],
                      "min_dense": "floor..1.00", "step": 0.005,
                      "ties": "fewer unsupported kept, then higher min_dense, then higher floor"},
        "seed": SEED, "bootstrap": BOOTSTRAP,
        "embedders": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
