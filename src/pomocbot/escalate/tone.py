"""Tone classifier: how angry a message sounds, from its sentence embedding.

The lexicon (:mod:`pomocbot.escalate.lexicon`) sees words; it misses anger
said without them ("no to pięknie, znowu czekam") and cannot weigh a whole
sentence. :class:`ToneClassifier` is a logistic regression over the
assistant's query embedding of the message giving the probability that it
sounds frustrated or abusive: one dot product per message.

The shipped weights (``escalate/data/tone_<embedder>.npz``, one file per
embedder) were trained by ``tools/train_tone.py`` on examples we wrote
ourselves (``data/escalation/tone_train*.jsonl`` of the repository: customer chats,
product and shop reviews, social posts and everyday sentences) together with
the CLARIN-Emo sentences (CC BY 4.0, the ``Anger`` label) and the PolEval 2019
cyberbullying tweets (CBD, BSD-3-Clause, harmful or not); see
``escalate/data/ATTRIBUTION.md``. The file's ``meta`` records the sets, their
sizes, the penalty chosen by cross-validation and the out-of-fold figures.
The weights belong to one embedder: :meth:`ToneClassifier.for_embedder`
returns ``None`` for any other, and the frustration score then rests on the
lexicon alone.

>>> import numpy as np
>>> model = ToneClassifier(np.array([2.0, 0.0]), -1.0, embedder="toy", dimension=2)
>>> [round(float(p), 3) for p in model.probability(np.array([[1.0, 0.0], [0.0, 1.0]]))]
[0.731, 0.269]
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from pomocbot.escalate.shipped import load_for_embedder

__all__ = ["ToneClassifier"]


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
