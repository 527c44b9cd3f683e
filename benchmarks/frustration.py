"""Frustration benchmark: ROC AUC on public Polish sets, abusive F1, latency.

Usage::

    python benchmarks/frustration.py [--data ../shared/data] [--out benchmarks/results/frustration.json]

* CLARIN-Emo (``clarin-emo/sentences.jl``): ROC AUC of ``score_message`` for
  the ``Anger`` and the ``Negative`` columns, every sentence.
* Allegro reviews (``allegro-reviews/reviews.tsv``): ROC AUC, 1-2 stars
  (positive class) against 4-5 stars; 3 stars left out.
* Cyberbullying (``cyberbullying/tweets.tsv``): abusive-message F1. The
  threshold is chosen on one half (seeded shuffle) and F1 is reported on the
  other half only.
* Latency: p50/p95 of ``score_message`` per message over the CLARIN-Emo
  sentences, one thread, a warm-up pass dropped.

Each figure is given three ways: the lexicon alone (``score_message(text)``),
the tone classifier alone (its probability), and both together — what
``Assistant.reply`` uses (``score_message(text, tone)``). The tone classifier
was trained only on our own examples (``escalate/data``), never on these sets;
nothing here is fitted to them except the cyberbullying threshold, on the
other half. Embedding the ~23k texts with USE takes a few minutes; ``--cache
DIR`` keeps the embeddings (numbers only) outside the repository for re-runs.
Skips cleanly (exit 0) when the data folder is absent. Nothing is copied into the
repository; the results file holds figures only.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SEED = 20240605


def roc_auc(scores: list[float], labels: list[bool]) -> float:
    """Mann-Whitney AUC with ties counted half (rank-average formula)."""
    order = sorted(range(len(scores)), key=scores.__getitem__)
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    pos = sum(labels)
    neg = len(labels) - pos
    rank_sum = sum(r for r, y in zip(ranks, labels, strict=True) if y)
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


def f1_at(scores: list[float], labels: list[bool], threshold: float) -> tuple[float, float, float]:
    tp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= threshold and y)
    fp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= threshold and not y)
    fn = sum(1 for s, y in zip(scores, labels, strict=True) if s < threshold and y)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def _ways(figures: dict[str, float]) -> str:
    return "  ".join(f"{way} {value:.3f}" for way, value in figures.items())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "frustration.json")
    ap.add_argument("--cache", type=Path, default=None, help="folder for embedding caches (outside the repo)")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"data folder {args.data} not found; skipping")
        return 0
    sys.path.insert(0, str(ROOT / "src"))
    from pomocbot.escalate.frustration import score_message
    from pomocbot.escalate.tone import ToneClassifier
    from pomocbot.retrieval.embedders import UniversalSentenceEncoder

    embedder = UniversalSentenceEncoder()
    classifier = ToneClassifier.for_embedder(embedder)

    def tones(name: str, texts: list[str]) -> list[float]:
        cached = args.cache / f"{name}.npy" if args.cache else None
        if cached is not None and cached.exists():
            vectors = np.load(cached)
        else:
            vectors = np.vstack([embedder.embed(texts[i:i + 64], kind="query")
                                 for i in range(0, len(texts), 64)])
            if cached is not None:
                cached.parent.mkdir(parents=True, exist_ok=True)
                np.save(cached, vectors)
        return [float(p) for p in classifier.probability(vectors)]

    def three_ways(texts: list[str], name: str) -> dict[str, list[float]]:
        t = tones(name, texts)
        return {"lexicon": [score_message(x) for x in texts], "tone": t,
                "combined": [score_message(x, p) for x, p in zip(texts, t, strict=True)]}

    results: dict[str, object] = {
        "seed": SEED,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    rows: list[tuple[str, str]] = []

    clarin = args.data / "clarin-emo" / "sentences.jl"
    if clarin.exists():
        records = [json.loads(line) for line in clarin.open(encoding="utf-8") if line.strip()]
        texts = [r["text"] for r in records]
        ways = three_ways(texts, "clarin")
        for col in ("Anger", "Negative"):
            labels = [bool(r[col]) for r in records]
            aucs = {way: round(roc_auc(scores, labels), 4) for way, scores in ways.items()}
            results[f"clarin_emo_{col.lower()}_auc"] = aucs["combined"]
            results[f"clarin_emo_{col.lower()}_auc_by_way"] = aucs
            rows.append((f"CLARIN-Emo {col} AUC (n={len(labels)}, pos={sum(labels)})", _ways(aucs)))
        # latency: warm-up pass above dropped; time each sentence again
        times = []
        for t in texts:
            t0 = time.perf_counter()
            score_message(t)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        results["latency_ms_p50"] = round(statistics.median(times), 4)
        results["latency_ms_p95"] = round(times[int(0.95 * len(times))], 4)
        results["latency_mean_chars"] = round(statistics.mean(len(t) for t in texts), 1)
        rows.append(
            (
                "latency p50 / p95 per message (ms)",
                f"{results['latency_ms_p50']:.3f} / {results['latency_ms_p95']:.3f}",
            )
        )

    reviews = args.data / "allegro-reviews" / "reviews.tsv"
    if reviews.exists():
        with reviews.open(encoding="utf-8", newline="") as fh:
            data = [
                (r["text"], float(r["rating"]))
                for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
                if r.get("rating")
            ]
        ways = three_ways([t for t, _ in data], "reviews")
        kept = [i for i, (_, rating) in enumerate(data) if rating != 3]
        labels = [data[i][1] <= 2 for i in kept]
        aucs = {way: round(roc_auc([scores[i] for i in kept], labels), 4) for way, scores in ways.items()}
        results["allegro_reviews_auc"] = aucs["combined"]
        results["allegro_reviews_auc_by_way"] = aucs
        rows.append((f"Allegro reviews 1-2 vs 4-5 stars AUC (n={len(labels)}, pos={sum(labels)})",
                     _ways(aucs)))

    tweets = args.data / "cyberbullying" / "tweets.tsv"
    if tweets.exists():
        with tweets.open(encoding="utf-8", newline="") as fh:
            data = [
                (r["sentence"], r["target"].strip() == "1")
                for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
                if r.get("target")
            ]
        ways = three_ways([t for t, _ in data], "tweets")
        order = list(range(len(data)))
        random.Random(SEED).shuffle(order)
        half = len(order) // 2
        tune, test = order[:half], order[half:]
        by_way = {}
        for way, scores in ways.items():
            tune_scores = [scores[i] for i in tune]
            tune_labels = [data[i][1] for i in tune]
            best = max(sorted(set(tune_scores)), key=lambda th: f1_at(tune_scores, tune_labels, th)[0])
            test_scores = [scores[i] for i in test]
            test_labels = [data[i][1] for i in test]
            f1, p, r = f1_at(test_scores, test_labels, best)
            by_way[way] = {"threshold_from_tuning_half": round(best, 4), "f1_test_half": round(f1, 4),
                           "precision": round(p, 4), "recall": round(r, 4), "n_test": len(test),
                           "auc_test_half": round(roc_auc(test_scores, test_labels), 4)}
        results["cyberbullying"] = by_way["combined"]
        results["cyberbullying_by_way"] = by_way
        rows.append((f"Cyberbullying F1 on the held-out half (n={len(test)})",
                     _ways({w: v["f1_test_half"] for w, v in by_way.items()})))

    results["targets"] = {"clarin_emo_anger_auc": 0.85, "allegro_reviews_auc": 0.90, "cyberbullying_f1": 0.50}
    width = max(len(a) for a, _ in rows) if rows else 0
    for a, b in rows:
        print(f"{a:<{width}}  {b}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
