"""Train the tone classifier shipped in ``pomocbot/escalate/data/tone_<embedder>.npz``.

Usage (from the repository root)::

    python tools/train_tone.py --embedder e5 --cache /tmp/pomocbot-emb   # writes the shipped .npz
    python tools/train_tone.py --embedder use --cache /tmp/pomocbot-emb

**Train** (all of it is training data; figures below are cross-validated):

* ``ours``: our own written examples (``data/escalation/tone_train*.jsonl``:
  chats, reviews, social posts; label 1 = frustrated or abusive);
* ``clarin``: the CLARIN-Emo developer half (``../shared/data/clarin-emo``,
  CC BY 4.0; label 1 = the ``Anger`` column);
* ``cbd``: the cyberbullying tweets (``../shared/data/cyberbullying``, KLEJ CBD,
  BSD-3-Clause; label 1 = harmful).

**Test**: none here. Allegro reviews (CC BY-SA), PolEval NER and the Allegro
FAQ are measures only and are read by ``benchmarks/frustration.py``, never by
this script; that benchmark reports every trained-on figure out of fold.

Model: one L2-regularised logistic regression over the message's query
embedding (a dot product at run time), so the three sets pull one direction
("sounds angry, negative or abusive"). Each set has the same total weight and,
within a set, the two classes have the same weight (CBD is 8.5 % harmful,
CLARIN 16 % angry), so neither the 10k tweets nor the majority class decide
the direction. ``l2`` is chosen by 5-fold cross-validation (folds drawn per
set) as the value with the best mean out-of-fold ROC AUC over the three sets.
On the same out-of-fold predictions the script reports the tone weight of the
frustration score (:data:`pomocbot.escalate.frustration.TONE_WEIGHT`): the
ratio of the coefficients of a weighted logistic regression of the label on
[lexicon evidence, logit(tone)].
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pomocbot.escalate.frustration import BIAS, SLOPE, score_message
from pomocbot.escalate.shipped import model_path
from pomocbot.escalate.tone import ToneClassifier
from tools.training_data import (
    ANGRY_LABELS,
    DEFAULT_DATA,
    embed,
    load_cbd,
    load_clarin,
    load_examples,
    make_embedder,
)

L2_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
FOLDS = 5
SEED = 20240605
SOURCES = ("ours", "clarin", "cbd")


@dataclass
class ToneData:
    """Training rows: texts, 0/1 labels, the set each came from, and their embeddings."""

    texts: list[str]
    labels: np.ndarray
    sources: np.ndarray
    vectors: np.ndarray

    def subset(self, rows: np.ndarray) -> ToneData:
        return ToneData([self.texts[i] for i in rows], self.labels[rows], self.sources[rows],
                        self.vectors[rows])


def tone_data(embedder: Any, data: Path | None, *, cache: Path | None = None) -> ToneData:
    """Our examples, plus CLARIN-Emo and CBD when ``data`` holds them."""
    own = load_examples()
    parts: list[tuple[str, list[str], np.ndarray]] = [
        ("ours", [r["text"] for r in own], np.array([r["label"] in ANGRY_LABELS for r in own]))]
    if data is not None and (data / "clarin-emo" / "sentences.jl").exists():
        clarin = load_clarin(data)
        parts.append(("clarin", clarin.texts, clarin.anger))
    if data is not None and (data / "cyberbullying" / "tweets.tsv").exists():
        parts.append(("cbd", *load_cbd(data)))
    names = {"ours": "own", "clarin": "clarin", "cbd": "cbd"}  # cache file names
    return ToneData([t for _, texts, _ in parts for t in texts],
                    np.concatenate([y for *_, y in parts]).astype(np.float64),
                    np.concatenate([[s] * len(texts) for s, texts, _ in parts]),
                    np.vstack([embed(embedder, texts, cache=cache, name=names[s]) for s, texts, _ in parts]))


def sample_weights(sources: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Every set the same total weight, and within a set both classes the same (mean weight 1)."""
    weights = np.zeros(len(labels))
    present = sorted(set(sources.tolist()))
    for source in present:
        rows = np.flatnonzero(sources == source)
        positive = labels[rows] > 0.5
        classes = [members for members in (positive, ~positive) if members.any()]
        for members in classes:
            weights[rows[members]] = 1.0 / (len(present) * len(classes) * members.sum())
    return weights * len(labels)


def fit_logistic(x: np.ndarray, y: np.ndarray, weights: np.ndarray, l2: float,
                 iterations: int = 50) -> np.ndarray:
    """Weighted L2 logistic regression by Newton's method; returns ``[bias, *weights]`` (bias unshrunk)."""
    design = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], float(l2))
    penalty[0] = 0.0
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-np.clip(design @ w, -30, 30)))
        gradient = design.T @ (weights * (p - y)) + penalty * w
        hessian = (design.T * (weights * p * (1 - p))) @ design + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def fold_of(sources: np.ndarray, folds: int = FOLDS, seed: int = SEED) -> np.ndarray:
    """A fold number per row, drawn separately within each set (each fold holds 1/folds of every set)."""
    out = np.empty(len(sources), dtype=int)
    rng = np.random.default_rng(seed)
    for source in sorted(set(sources.tolist())):
        rows = np.flatnonzero(sources == source)
        out[rows[rng.permutation(len(rows))]] = np.arange(len(rows)) % folds
    return out


def fit_tone(data: ToneData, l2: float) -> np.ndarray:
    return fit_logistic(data.vectors, data.labels, sample_weights(data.sources, data.labels), l2)


def probabilities(w: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(vectors @ w[1:] + w[0], -30, 30)))


def out_of_fold(data: ToneData, l2: float, folds: int = FOLDS, seed: int = SEED) -> np.ndarray:
    """Out-of-fold tone probabilities of every row (each fold's model never saw that fold)."""
    fold = fold_of(data.sources, folds, seed)
    p = np.zeros(len(data.labels))
    for k in range(folds):
        held = fold == k
        p[held] = probabilities(fit_tone(data.subset(np.flatnonzero(~held)), l2), data.vectors[held])
    return p


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Mann-Whitney AUC, ties counted half."""
    scores, labels = np.asarray(scores, dtype=np.float64), np.asarray(labels) > 0.5
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_scores)) + 1]
    ends = np.r_[starts[1:], len(scores)]
    for s, e in zip(starts, ends, strict=True):
        ranks[order[s:e]] = (s + e + 1) / 2
    pos = labels.sum()
    neg = len(labels) - pos
    return float((ranks[labels].sum() - pos * (pos + 1) / 2) / (pos * neg))


def per_source_auc(scores: np.ndarray, data: ToneData) -> dict[str, float]:
    return {s: round(roc_auc(scores[data.sources == s], data.labels[data.sources == s]), 4)
            for s in SOURCES if (data.sources == s).any()}


def choose_l2(data: ToneData, grid: Sequence[float] = L2_GRID, *, verbose: bool = False,
              seed: int = SEED) -> tuple[float, np.ndarray, dict[str, Any]]:
    """The ``l2`` of ``grid`` with the best mean out-of-fold AUC over the sets, its OOF tones and a table."""
    table: dict[str, Any] = {}
    best: tuple[float, float, np.ndarray] | None = None
    for l2 in grid:
        p = out_of_fold(data, l2, seed=seed)
        aucs = per_source_auc(p, data)
        mean = float(np.mean(list(aucs.values())))
        table[str(l2)] = {**aucs, "mean": round(mean, 4)}
        if verbose:
            print(f"  l2={l2:<5} out-of-fold AUC " + "  ".join(f"{k} {v:.3f}" for k, v in aucs.items())
                  + f"  mean {mean:.4f}", flush=True)
        if best is None or mean > best[0]:
            best = (mean, l2, p)
    assert best is not None
    return best[1], best[2], table


def lexicon_evidence(texts: Sequence[str]) -> np.ndarray:
    """The lexicon's evidence of each text (``score_message`` without a tone, un-squashed)."""
    s = np.clip(np.array([score_message(t) for t in texts]), 1e-12, 1 - 1e-12)
    return BIAS + np.log(s / (1 - s)) / SLOPE


def tone_weight(evidence: np.ndarray, tone: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> float:
    """Evidence per unit of tone log-odds: coefficient ratio of label ~ [evidence, logit(tone)]."""
    p = np.clip(tone, 1e-6, 1 - 1e-6)
    w = fit_logistic(np.column_stack([evidence, np.log(p / (1 - p))]), labels, weights, 1e-6)
    return float(w[2] / w[1])


def train(data: ToneData, embedder_name: str, *, l2: float | None = None, verbose: bool = False
          ) -> tuple[ToneClassifier, dict[str, Any]]:
    """The shipped classifier (``l2`` by cross-validation unless given) and the cross-validated report."""
    report: dict[str, Any] = {}
    if l2 is None:
        l2, oof, report["l2_cv"] = choose_l2(data, verbose=verbose)
    else:
        oof = out_of_fold(data, l2)
    report["oof_auc"] = per_source_auc(oof, data)
    report["tone_weight_oof"] = round(tone_weight(lexicon_evidence(data.texts), oof, data.labels,
                                                  sample_weights(data.sources, data.labels)), 3)
    w = fit_tone(data, l2)
    sizes = {s: {"n": int((data.sources == s).sum()), "positive": int(data.labels[data.sources == s].sum())}
             for s in SOURCES if (data.sources == s).any()}
    meta = {"examples": len(data.labels), "angry": int(data.labels.sum()), "l2": l2, "sets": sizes,
            "labels": {"ours": "frustrated or abusive", "clarin": "Anger", "cbd": "harmful (target 1)"},
            "weighting": "each set the same total weight, classes balanced within a set",
            "cv": {"folds": FOLDS, "seed": SEED, **report}, "attribution": "ATTRIBUTION.md"}
    return ToneClassifier(w[1:], float(w[0]), embedder_name, data.vectors.shape[1], meta), report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train the tone classifier (see the module docstring).")
    parser.add_argument("--embedder", choices=["e5", "use"], default="e5")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--own-only", action="store_true", help="train on our own examples alone")
    parser.add_argument("--cache", type=Path, default=None, help="embedding cache folder (outside the repo)")
    parser.add_argument("--l2", type=float, default=None, help="fix l2 instead of choosing it by CV")
    parser.add_argument("--out", default=None, help="where to write the .npz (default: the shipped file)")
    args = parser.parse_args(argv)
    embedder = make_embedder(args.embedder)
    data = tone_data(embedder, None if args.own_only else args.data, cache=args.cache)
    print(f"{embedder.name}: {len(data.labels)} examples "
          + ", ".join(f"{s} {int((data.sources == s).sum())}" for s in SOURCES), flush=True)
    model, report = train(data, embedder.name, l2=args.l2, verbose=True)
    print(f"l2 = {model.meta['l2']}; out-of-fold AUC {report['oof_auc']}; "
          f"tone weight on out-of-fold predictions {report['tone_weight_oof']}")
    out = args.out or model_path("tone", embedder.name)
    model.save(out)
    print(f"wrote {out}")
    print(json.dumps(model.meta, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
