"""Frustration benchmark: ROC AUC on public Polish sets, abusive F1, latency.

Usage::

    python benchmarks/frustration.py [--embedder e5|use] [--data ../shared/data] [--cache /tmp/emb]
                                     [--out benchmarks/results/frustration.json]

The tone classifier (``pomocbot.escalate.tone``) is trained on our own
examples, CLARIN-Emo and the cyberbullying tweets (``tools/train_tone.py``),
so every figure on those sets is **out of fold**: the three sets are split into
5 folds (drawn per set), and for each fold the whole recipe is re-run on the
other four: ``l2`` chosen by an inner 5-fold cross-validation, the model fitted,
then scored on the held-out fold, which it never saw.

* CLARIN-Emo (``clarin-emo/sentences.jl``): ROC AUC for the ``Anger`` column
  (trained on) and the ``Negative`` column (not a label, same out-of-fold
  predictions).
* Cyberbullying (``cyberbullying/tweets.tsv``): harmful-tweet F1, out of fold;
  in each outer fold the threshold is the best-F1 cut on the training folds'
  tweets (scored by inner out-of-fold predictions), applied to the held-out
  fold; counts pooled over the folds. Also the out-of-fold AUC.
* Our own examples: out-of-fold AUC (frustrated or abusive vs calm).
* Allegro reviews (``allegro-reviews/reviews.tsv``): ROC AUC, 1-2 stars
  (positive class) against 4-5 stars, 3 stars left out. Never trained or tuned
  on; scored with the shipped model.
* Latency: p50/p95 per message of the frustration step given the embedding
  (the tone's dot product + ``score_message``), one thread, a warm-up pass
  dropped, over the CLARIN-Emo sentences.

Each figure is given three ways: the lexicon alone (``score_message(text)``),
the tone alone (its probability), and both together as the reply path computes
them (``score_message(text, tone)``). Embeddings are cached with ``--cache DIR``
(numbers only, outside the repository). Skips cleanly (exit 0) when the data
folder is absent. Nothing is copied into the repository; the results file holds
figures only.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import csv
import json
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SEED = 20240605
OUTER_SEED = SEED + 1
TARGETS = {"clarin_emo_anger_auc": 0.87, "allegro_reviews_auc": 0.92, "cyberbullying_f1": 0.55}


def best_f1_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    """The cut (``score >= cut`` is positive) with the best F1 on these scores."""
    order = np.argsort(-scores, kind="mergesort")
    ranked, hits = scores[order], labels[order].astype(float)
    tp = np.cumsum(hits)
    f1 = 2 * tp / (np.arange(1, len(scores) + 1) + hits.sum())
    last = np.r_[ranked[1:] != ranked[:-1], True]  # a cut can only fall between distinct scores
    f1 = np.where(last, f1, -1.0)
    return float(ranked[int(f1.argmax())])


def counts(scores: np.ndarray, labels: np.ndarray, cut: float) -> np.ndarray:
    predicted = scores >= cut
    return np.array([(predicted & labels).sum(), (predicted & ~labels).sum(), (~predicted & labels).sum()])


def f1_of(tp_fp_fn: np.ndarray) -> dict[str, float]:
    tp, fp, fn = (int(v) for v in tp_fp_fn)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"f1": round(2 * p * r / (p + r) if p + r else 0.0, 4), "precision": round(p, 4),
            "recall": round(r, 4)}


def combined_scores(texts: list[str], tones: np.ndarray) -> np.ndarray:
    from pomocbot.escalate.frustration import score_message

    return np.array([score_message(t, float(p)) for t, p in zip(texts, tones, strict=True)])


def out_of_fold(data: Any, lexicon: np.ndarray, *, verbose: bool = True) -> dict[str, Any]:
    """Nested cross-validation of the tone recipe: OOF tones, per-fold CBD thresholds and counts."""
    from tools import train_tone as T

    fold = T.fold_of(data.sources, seed=OUTER_SEED)
    tones = np.zeros(len(data.labels))
    cbd = data.sources == "cbd"
    positive = data.labels > 0.5
    tallies = {way: np.zeros(3, dtype=int) for way in ("lexicon", "tone", "combined")}
    folds = []
    for k in range(T.FOLDS):
        t0 = time.perf_counter()
        train_rows, held_rows = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        train = data.subset(train_rows)
        l2, inner, _ = T.choose_l2(train)  # inner OOF tones of the training rows, at the chosen l2
        w = T.fit_tone(train, l2)
        tones[held_rows] = T.probabilities(w, data.vectors[held_rows])
        entry: dict[str, Any] = {"fold": k, "l2": l2}
        if cbd.any():
            train_cbd = cbd[train_rows]
            texts_tr = [train.texts[i] for i in np.flatnonzero(train_cbd)]
            texts_held = [data.texts[i] for i in held_rows[cbd[held_rows]]]
            held_cbd = held_rows[cbd[held_rows]]
            tune = {"lexicon": lexicon[train_rows][train_cbd], "tone": inner[train_cbd],
                    "combined": combined_scores(texts_tr, inner[train_cbd])}
            test = {"lexicon": lexicon[held_cbd], "tone": tones[held_cbd],
                    "combined": combined_scores(texts_held, tones[held_cbd])}
            cuts = {}
            for way in tallies:
                cuts[way] = best_f1_threshold(tune[way], positive[train_rows][train_cbd])
                tallies[way] += counts(test[way], positive[held_cbd], cuts[way])
            entry["cbd_threshold"] = {way: round(cut, 4) for way, cut in cuts.items()}
        folds.append(entry)
        if verbose:
            print(f"  fold {k}: l2={l2}  ({time.perf_counter() - t0:.0f} s)", flush=True)
    return {"tones": tones, "folds": folds, "cbd_counts": tallies}


def read_reviews(path: Path) -> tuple[list[str], np.ndarray]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [(r["text"], float(r["rating"]))
                for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if r.get("rating")]
    return [t for t, _ in rows], np.array([rating for _, rating in rows])


def _ways(figures: dict[str, float]) -> str:
    return "  ".join(f"{way} {value:.3f}" for way, value in figures.items())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--embedder", choices=["e5", "use"], default="e5")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "frustration.json")
    ap.add_argument("--cache", type=Path, default=None, help="folder for embedding caches (outside the repo)")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"data folder {args.data} not found; skipping")
        return 0
    from tools.training_data import embed, make_embedder

    from pomocbot.escalate.frustration import TONE_CAP, TONE_WEIGHT, score_message
    from pomocbot.escalate.tone import ToneClassifier
    from tools import train_tone as T

    embedder = make_embedder(args.embedder)
    shipped = ToneClassifier.for_embedder(embedder)
    if shipped is None:
        print(f"no tone classifier shipped for {embedder.name}; train one with tools/train_tone.py")
        return 1
    results: dict[str, Any] = {
        "embedder": embedder.name, "seed": SEED, "outer_seed": OUTER_SEED,
        "python": platform.python_version(), "machine": platform.machine(),
        "command": "python benchmarks/frustration.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "tone_weight": TONE_WEIGHT, "tone_cap": TONE_CAP,
        "shipped_model": {k: shipped.meta.get(k) for k in ("examples", "l2", "sets")},
    }
    rows: list[tuple[str, str]] = []

    data = T.tone_data(embedder, args.data, cache=args.cache)
    print(f"{embedder.name}: nested {T.FOLDS}-fold cross-validation over {len(data.labels)} training rows",
          flush=True)
    lexicon = np.array([score_message(t) for t in data.texts])
    oof = out_of_fold(data, lexicon)
    tones = oof["tones"]
    combined = combined_scores(data.texts, tones)
    ways_all = {"lexicon": lexicon, "tone": tones, "combined": combined}
    results["folds"] = oof["folds"]

    def aucs(rows_mask: np.ndarray, labels: np.ndarray) -> dict[str, float]:
        return {way: round(T.roc_auc(s[rows_mask], labels), 4) for way, s in ways_all.items()}

    own = data.sources == "ours"
    results["own_examples_auc_by_way"] = aucs(own, data.labels[own])
    rows.append((f"Our examples AUC, out of fold (n={own.sum()})", _ways(results["own_examples_auc_by_way"])))

    clarin_rows = data.sources == "clarin"
    if clarin_rows.any():
        from tools.training_data import load_clarin

        clarin = load_clarin(args.data)
        for col, labels in (("Anger", clarin.anger), ("Negative", clarin.negative)):
            figures = aucs(clarin_rows, labels)
            results[f"clarin_emo_{col.lower()}_auc"] = figures["combined"]
            results[f"clarin_emo_{col.lower()}_auc_by_way"] = figures
            rows.append((f"CLARIN-Emo {col} AUC, out of fold (n={len(labels)}, pos={labels.sum()})",
                         _ways(figures)))

    cbd = data.sources == "cbd"
    if cbd.any():
        by_way = {way: {**f1_of(tally), "auc_out_of_fold": round(T.roc_auc(ways_all[way][cbd],
                                                                              data.labels[cbd]), 4)}
                  for way, tally in oof["cbd_counts"].items()}
        results["cyberbullying"] = {**by_way["combined"], "n": int(cbd.sum())}
        results["cyberbullying_by_way"] = by_way
        rows.append((f"Cyberbullying F1, out of fold (n={cbd.sum()}, pos={int(data.labels[cbd].sum())})",
                     _ways({w: v["f1"] for w, v in by_way.items()})))
        rows.append(("Cyberbullying AUC, out of fold",
                     _ways({w: v["auc_out_of_fold"] for w, v in by_way.items()})))

    reviews_path = args.data / "allegro-reviews" / "reviews.tsv"
    if reviews_path.exists():
        texts, ratings = read_reviews(reviews_path)
        t = shipped.probability(embed(embedder, texts, cache=args.cache, name="reviews"))
        kept = ratings != 3
        labels = ratings[kept] <= 2
        ways = {"lexicon": np.array([score_message(x) for x in texts]), "tone": t,
                "combined": combined_scores(texts, t)}
        figures = {way: round(T.roc_auc(s[kept], labels), 4) for way, s in ways.items()}
        results["allegro_reviews_auc"] = figures["combined"]
        results["allegro_reviews_auc_by_way"] = figures
        rows.append((f"Allegro reviews 1-2 vs 4-5 stars AUC, never trained on (n={kept.sum()}, "
                     f"pos={labels.sum()})", _ways(figures)))

    if clarin_rows.any():
        texts = [data.texts[i] for i in np.flatnonzero(clarin_rows)]
        vectors = data.vectors[clarin_rows]
        times = []
        for repeat in range(2):  # the first pass warms up and is dropped
            for text, vector in zip(texts, vectors, strict=True):
                t0 = time.perf_counter()
                score_message(text, float(shipped.probability(vector[None, :])[0]))
                if repeat:
                    times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        results["latency_ms_p50"] = round(statistics.median(times), 4)
        results["latency_ms_p95"] = round(times[int(0.95 * len(times))], 4)
        results["latency_measured"] = "tone dot product + score_message, embedding given"
        rows.append(("latency p50 / p95 per message, embedding given (ms)",
                     f"{results['latency_ms_p50']:.3f} / {results['latency_ms_p95']:.3f}"))

    results["targets"] = TARGETS
    results["met"] = {"clarin_emo_anger_auc": results.get("clarin_emo_anger_auc", 0) >= TARGETS[
        "clarin_emo_anger_auc"], "allegro_reviews_auc": results.get("allegro_reviews_auc", 0) >= TARGETS[
        "allegro_reviews_auc"], "cyberbullying_f1": results.get("cyberbullying", {}).get("f1", 0) >= TARGETS[
        "cyberbullying_f1"]}
    width = max(len(a) for a, _ in rows) if rows else 0
    print()
    for a, b in rows:
        print(f"{a:<{width}}  {b}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
