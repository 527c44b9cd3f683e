"""Tone classifier: how angry a message sounds, from its sentence embedding.

The lexicon (:mod:`pomocbot.escalate.lexicon`) sees words; it misses anger
said without them ("no to pięknie, znowu czekam") and cannot weigh a whole
sentence. :class:`ToneClassifier` is a logistic regression over the
assistant's sentence embedding (USE multilingual by default) giving the
probability that a message is frustrated or abusive.

It is trained **only on examples we wrote ourselves**
(``escalate/data/frustration_examples*.jsonl``: customer chats, product and
shop reviews, social posts and everyday sentences, calm vs frustrated vs
abusive), never on the
benchmark data sets, which are kept for measuring. The shipped weights belong
to one embedder: :meth:`ToneClassifier.for_embedder` returns ``None`` for any
other, and the frustration score then rests on the lexicon alone.

Retrain (e.g. after adding examples, or for another embedder)::

    python -m pomocbot.escalate.tone --out src/pomocbot/escalate/data/tone_use_multilingual_v3.npz

>>> import numpy as np
>>> model = ToneClassifier(np.array([2.0, 0.0]), -1.0, embedder="toy", dimension=2)
>>> [round(float(p), 3) for p in model.probability(np.array([[1.0, 0.0], [0.0, 1.0]]))]
[0.731, 0.269]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatch
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from pomocbot.drafting.confidence import newton_logistic
from pomocbot.escalate.shipped import load_for_embedder, model_path

__all__ = ["EXAMPLES_GLOB", "ToneClassifier", "load_examples", "train_tone_classifier"]

EXAMPLES_GLOB = "frustration_examples*.jsonl"
"""Our own labelled examples, in the package's ``escalate/data`` folder (chats; reviews; social posts)."""
_ANGRY_LABELS = frozenset({"frustrated", "abusive"})


@dataclass(frozen=True)
class ToneClassifier:
    """``P(frustrated or abusive | embedding) = sigmoid(embedding @ weights + bias)``."""

    weights: np.ndarray
    bias: float
    embedder: str
    dimension: int
    meta: dict[str, Any] = field(default_factory=dict)

    def probability(self, vectors: np.ndarray) -> np.ndarray:
        """Probabilities for a ``(n, dimension)`` array of (normalised) embeddings."""
        logits = np.asarray(vectors, dtype=np.float64) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))

    def save(self, path: str | Path) -> None:
        np.savez(path, weights=self.weights.astype(np.float32), bias=np.float64(self.bias),
                 embedder=np.str_(self.embedder), meta=np.str_(json.dumps(self.meta, ensure_ascii=False)))

    @classmethod
    def load(cls, path: str | Path) -> ToneClassifier:
        with np.load(path, allow_pickle=False) as data:
            weights = data["weights"].astype(np.float64)
            return cls(weights, float(data["bias"]), str(data["embedder"]), len(weights),
                       json.loads(str(data["meta"])))

    @classmethod
    def for_embedder(cls, embedder: Any) -> ToneClassifier | None:
        """The shipped classifier if it was trained for ``embedder`` (same name and dimension), else None."""
        return load_for_embedder("tone", embedder, cls.load)


def load_examples(path: str | Path | None = None) -> list[dict[str, str]]:
    """Our labelled examples: ``{"text", "label": "calm"|"frustrated"|"abusive", "source"}`` per line.

    Without ``path``, every shipped ``frustration_examples*.jsonl`` file, in name order.
    """
    if path is not None:
        texts = [Path(path).read_text(encoding="utf-8")]
    else:
        folder = resources.files("pomocbot.escalate") / "data"
        names = sorted(entry.name for entry in folder.iterdir() if fnmatch(entry.name, EXAMPLES_GLOB))
        texts = [(folder / name).read_text(encoding="utf-8") for name in names]
    return [json.loads(line) for text in texts for line in text.splitlines() if line.strip()]


def train_tone_classifier(texts: Sequence[str], labels: Sequence[str], embedder: Any, *,
                          l2: float = 1.0) -> ToneClassifier:
    """Fit the classifier on ``texts`` labelled calm / frustrated / abusive.

    ``l2`` is the ridge penalty on the weights; 1.0 was chosen by 5-fold
    cross-validation on our examples (``python -m pomocbot.escalate.tone --cv``).
    """
    vectors = np.asarray(embedder.embed(list(texts), kind="query"), dtype=np.float64)
    y = np.array([label in _ANGRY_LABELS for label in labels], dtype=np.float64)
    w = newton_logistic(np.hstack([np.ones((len(vectors), 1)), vectors]), y, l2, 50)
    return ToneClassifier(w[1:], float(w[0]), embedder.name, vectors.shape[1],
                          {"examples": len(texts), "angry": int(y.sum()), "l2": l2})


def cross_validate(texts: Sequence[str], labels: Sequence[str], embedder: Any, *, l2: float,
                   folds: int = 5, seed: int = 0) -> float:
    """Mean held-out accuracy at 0.5 over ``folds`` random folds (a sanity check of ``l2``)."""
    vectors = np.asarray(embedder.embed(list(texts), kind="query"), dtype=np.float64)
    y = np.array([label in _ANGRY_LABELS for label in labels], dtype=np.float64)
    order = np.random.default_rng(seed).permutation(len(y))
    accuracies = []
    for fold in range(folds):
        test = order[fold::folds]
        train = np.setdiff1d(order, test)
        w = newton_logistic(np.hstack([np.ones((len(train), 1)), vectors[train]]), y[train], l2, 50)
        p = 1 / (1 + np.exp(-(vectors[test] @ w[1:] + w[0])))
        accuracies.append(float(((p > 0.5) == (y[test] > 0.5)).mean()))
    return float(np.mean(accuracies))


def main(argv: Sequence[str] | None = None) -> int:  # pragma: no cover - a maintenance command
    parser = argparse.ArgumentParser(description="Train the tone classifier on our own examples.")
    parser.add_argument("--examples", default=None, help="JSONL of examples (default: the shipped ones)")
    parser.add_argument("--out", default=None, help="where to write the .npz")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--cv", action="store_true", help="print 5-fold accuracy for a few l2 values")
    args = parser.parse_args(argv)
    from pomocbot.retrieval.embedders import UniversalSentenceEncoder

    embedder = UniversalSentenceEncoder()
    rows = load_examples(args.examples)
    texts, labels = [r["text"] for r in rows], [r["label"] for r in rows]
    if args.cv:
        for l2 in (0.1, 0.3, 1.0, 3.0, 10.0):
            print(f"l2={l2:<5} 5-fold accuracy {cross_validate(texts, labels, embedder, l2=l2):.3f}")
    model = train_tone_classifier(texts, labels, embedder, l2=args.l2)
    out = args.out or model_path("tone", embedder.name)
    model.save(out)
    print(f"wrote {out}: {model.meta}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
