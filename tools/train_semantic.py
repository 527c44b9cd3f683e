"""Train the semantic triggers shipped in ``pomocbot/escalate/data/triggers_<embedder>.npz``.

Usage (from the repository root)::

    python tools/train_semantic.py --embedder e5
    python tools/train_semantic.py --embedder use

**Train**: our trigger tables ``data/escalation/triggers_train_requests.jsonl``
and ``data/escalation/triggers_train_codes.jsonl`` (one reason code or none per
message; the rows without a code are the look-alikes), plus our own tone
examples (``data/escalation/tone_train*.jsonl``) as negatives, except
that an abusive *chat* message is an ``abuse`` positive (insults in a customer
chat are aimed at the staff; elsewhere at someone else). No public data set.

**Dev** (never read here): ``data/escalation/triggers_dev_codes.jsonl`` and
``triggers_dev_requests.jsonl``, scored by ``benchmarks/escalation.py``. They
were written blind and their first runs are recorded there, but their misses
were read afterwards to widen the trigger patterns, so they are not test sets.

One weighted logistic regression per code of
:data:`pomocbot.escalate.semantic.SEMANTIC_CODES` over the message's query
embedding; each positive counts :data:`POSITIVE_COPIES` extra times (27 examples
of a code against ~4,000 others). Each code's threshold comes from 5-fold
cross-validation: the lowest cut that lets through at most
:data:`MAX_NULL_RATE` of the other messages and :data:`MAX_LOOKALIKE_RATE` of the
look-alikes ("jak zostać konsultantem?"), never below :data:`MIN_PROBABILITY`.
``l2`` is chosen from :data:`L2_GRID` by the same cross-validation: the best mean
recall over the codes at their capped thresholds.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pomocbot.escalate.semantic import SEMANTIC_CODES, SemanticTriggers
from pomocbot.escalate.shipped import model_path
from tools.train_tone import fit_logistic
from tools.training_data import ROOT, embed, load_examples, make_embedder

MAX_NULL_RATE = 0.01
"""Largest cross-validated share of other messages a code's threshold may let through."""
MAX_LOOKALIKE_RATE = 0.05
"""... and of the tables' calm look-alikes."""
MIN_PROBABILITY = 0.3
"""No threshold below this: with 27 examples of a code the caps alone allowed 0.14, and "Ile mam czasu na
odstąpienie od umowy?" then read as a sensitive situation."""
POSITIVE_COPIES = 5
"""Each positive is counted this many extra times: 27 examples of a code against ~4,000 others."""
L2_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
DEFAULT_L2 = 1.0
"""The penalty of the USE model (chosen before the grid existed)."""
TRAIN_TABLES = ("triggers_train_requests.jsonl", "triggers_train_codes.jsonl")
"""The trigger tables trained on, in ``data/escalation``."""


def _fit(vectors: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    weights = np.where(y == 1, 1.0 + POSITIVE_COPIES, 1.0)
    return fit_logistic(vectors, y, weights, l2)


def _cut(scores: np.ndarray, rate: float) -> float:
    """The lowest threshold that lets through at most ``rate`` of ``scores``."""
    ranked = np.sort(scores)[::-1]
    allowed = int(rate * len(ranked))
    return float(ranked[allowed]) + 1e-6 if len(ranked) > allowed else 0.0


def threshold(vectors: np.ndarray, y: np.ndarray, lookalike: np.ndarray, l2: float, folds: int = 5,
              seed: int = 0) -> tuple[float, float]:
    """The cut meeting both negative-rate caps on out-of-fold predictions, and the recall there."""
    order = np.random.default_rng(seed).permutation(len(y))
    p = np.zeros(len(y))
    for fold in range(folds):
        test = order[fold::folds]
        train = np.setdiff1d(order, test)
        w = _fit(vectors[train], y[train], l2)
        p[test] = 1 / (1 + np.exp(-(vectors[test] @ w[1:] + w[0])))
    cut = max(_cut(p[y == 0], MAX_NULL_RATE), _cut(p[lookalike & (y == 0)], MAX_LOOKALIKE_RATE),
              MIN_PROBABILITY)
    return cut, float((p[y == 1] >= cut).mean())


def train_semantic_triggers(texts: Sequence[str], codes: Sequence[str | None], embedder: Any, *,
                            lookalike: Sequence[bool] | None = None, l2: float = DEFAULT_L2,
                            vectors: np.ndarray | None = None) -> SemanticTriggers:
    """Fit one model per code of :data:`SEMANTIC_CODES`.

    ``codes[i]`` is the code of ``texts[i]`` or None; ``lookalike[i]`` marks
    the calm messages written to resemble a trigger (see :data:`MAX_LOOKALIKE_RATE`).
    ``vectors`` may hold the texts' query embeddings already.
    """
    if vectors is None:
        vectors = np.asarray(embedder.embed(list(texts), kind="query"), dtype=np.float64)
    similar = np.zeros(len(texts), dtype=bool) if lookalike is None else np.asarray(lookalike, dtype=bool)
    weights, bias, cuts = [], [], []
    trained_on = [*TRAIN_TABLES, "tone_train*.jsonl (negatives; abusive chats as abuse)"]
    meta: dict[str, Any] = {"examples": len(texts), "max_null_rate": MAX_NULL_RATE,
                            "max_lookalike_rate": MAX_LOOKALIKE_RATE, "min_probability": MIN_PROBABILITY,
                            "l2": l2, "positive_copies": POSITIVE_COPIES, "trained_on": trained_on}
    for code in SEMANTIC_CODES:
        y = np.array([c == code for c in codes], dtype=np.float64)
        cut, recall = threshold(vectors, y, similar, l2)
        w = _fit(vectors, y, l2)
        weights.append(w[1:])
        bias.append(w[0])
        cuts.append(cut)
        meta[code] = {"positives": int(y.sum()), "threshold": round(cut, 4), "cv_recall": round(recall, 3)}
    return SemanticTriggers(SEMANTIC_CODES, np.vstack(weights), np.array(bias), np.array(cuts), embedder.name,
                            vectors.shape[1], meta)


def choose_l2(vectors: np.ndarray, codes: Sequence[str | None], lookalike: Sequence[bool],
              grid: Sequence[float] = L2_GRID) -> tuple[float, dict[str, float]]:
    """The ``l2`` with the best mean cross-validated recall over the codes (at their capped thresholds)."""
    similar = np.asarray(lookalike, dtype=bool)
    table = {}
    for l2 in grid:
        recalls = [threshold(vectors, np.array([c == code for c in codes], dtype=np.float64), similar, l2)[1]
                   for code in SEMANTIC_CODES]
        table[str(l2)] = round(float(np.mean(recalls)), 4)
        print(f"  l2={l2:<4} mean cross-validated recall {table[str(l2)]:.3f}  "
              + " ".join(f"{c} {r:.2f}" for c, r in zip(SEMANTIC_CODES, recalls, strict=True)), flush=True)
    best = max(grid, key=lambda l2: table[str(l2)])
    return best, table


def training_examples(root: Path = ROOT) -> tuple[list[str], list[str | None], list[bool]]:
    """Our trigger tables and the tone examples (as negatives), from a checkout at ``root``.

    Returns texts, codes and which texts are look-alikes (the tables' calm rows).
    """
    texts: list[str] = []
    codes: list[str | None] = []
    lookalike: list[bool] = []
    folder = root / "data" / "escalation"
    for name in TRAIN_TABLES:
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                code = row["expected"] if "expected" in row else (
                    "explicit_request" if row["explicit_request"] else None)
                texts.append(row["text"])
                codes.append(code)
                lookalike.append(code is None)
    seen = set(texts)
    for row in load_examples(folder=folder):
        if row["text"] not in seen:
            texts.append(row["text"])
            # Insults in a customer chat are abuse of staff; elsewhere they are aimed at someone else.
            codes.append("abuse" if row["label"] == "abusive" and row["source"] == "chat" else None)
            lookalike.append(False)
    return texts, codes, lookalike


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train the semantic triggers on our trigger tables.")
    parser.add_argument("--embedder", choices=["e5", "use"], default="e5")
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout holding data/escalation/")
    parser.add_argument("--l2", type=float, default=None, help="fix l2 instead of choosing it by CV")
    parser.add_argument("--cache", type=Path, default=None, help="embedding cache folder (outside the repo)")
    parser.add_argument("--out", default=None, help="where to write the .npz (default: the shipped file)")
    args = parser.parse_args(argv)
    embedder = make_embedder(args.embedder)
    texts, codes, lookalike = training_examples(args.root)
    vectors = embed(embedder, texts, cache=args.cache, name="semantic")
    l2, table = (args.l2, {}) if args.l2 is not None else choose_l2(vectors, codes, lookalike)
    model = train_semantic_triggers(texts, codes, embedder, lookalike=lookalike, l2=l2, vectors=vectors)
    if table:
        model.meta["l2_cv_mean_recall"] = table
    out = args.out or model_path("triggers", embedder.name)
    model.save(out)
    print(f"wrote {out} (l2 = {l2})")
    print(json.dumps(model.meta, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
