"""Semantic triggers: reasons to hand over, recognised by meaning when no pattern matched.

The phrase tables of :mod:`pomocbot.escalate.triggers` are precise but cannot
list every wording: "Nie będę tego tłumaczyć maszynie" asks for a person
without a single listed word. :class:`SemanticTriggers` holds one logistic
regression per reason code over the message embedding (USE by default). It is
trained only on phrasing tables we wrote (``examples/sklep/escalation_phrasings.jsonl``,
``examples/sklep/escalation_heldout.jsonl``) plus the calm and frustrated
examples of the tone classifier as negatives. Each code's threshold is set by
5-fold cross-validation on that data so that at most :data:`MAX_NULL_RATE` of
the messages that are not that code pass it, and at most
:data:`MAX_LOOKALIKE_RATE` of the tables' look-alikes ("jak zostać
konsultantem?"), the negatives that matter; never below :data:`MIN_PROBABILITY`. The second blind table
(``escalation_heldout2.jsonl``) is never used for training or thresholds.

It only *adds* reasons the patterns missed, with a detail that says they were
recognised by meaning; the evidence is empty (there is no matched phrase).

Retrain (after editing the tables, or for another embedder)::

    python -m pomocbot.escalate.semantic

>>> import numpy as np
>>> model = SemanticTriggers(("abuse",), np.array([[4.0, 0.0]]), np.array([-2.0]), np.array([0.5]),
...                          embedder="toy", dimension=2)
>>> model.detect(np.array([1.0, 0.0]))
[('abuse', 0.881)]
>>> model.detect(np.array([0.0, 1.0]))
[]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from pomocbot.drafting.confidence import newton_logistic
from pomocbot.escalate.shipped import load_for_embedder, model_path
from pomocbot.types import EscalationReason

__all__ = [
    "MAX_LOOKALIKE_RATE",
    "MAX_NULL_RATE",
    "MIN_PROBABILITY",
    "SEMANTIC_CODES",
    "SemanticTriggers",
    "semantic_reasons",
    "train_semantic_triggers",
    "training_examples",
]

SEMANTIC_CODES = ("explicit_request", "legal_threat", "complaint", "data_protection", "sensitive", "abuse")
"""Codes with enough written examples to learn; conversation rules (loops, abstentions) stay rules."""
MAX_NULL_RATE = 0.01
"""Largest cross-validated share of other messages a code's threshold may let through."""
MAX_LOOKALIKE_RATE = 0.05
"""... and of the tables' calm look-alikes."""
MIN_PROBABILITY = 0.3
"""No threshold below this: with 27 examples of a code the caps alone allowed 0.14, and "Ile mam czasu na
odstąpienie od umowy?" then read as a sensitive situation."""
_L2 = 1.0
_POSITIVE_COPIES = 5
"""Each positive is counted this many extra times: 27 examples of a code against ~4,000 others."""


@dataclass(frozen=True)
class SemanticTriggers:
    """Per code ``i``: ``P = sigmoid(embedding @ weights[i] + bias[i])``, cut at ``thresholds[i]``."""

    codes: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray
    thresholds: np.ndarray
    embedder: str
    dimension: int
    meta: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        logits = self.weights @ np.asarray(vector, dtype=np.float64) + self.bias
        return dict(zip(self.codes, (1 / (1 + np.exp(-np.clip(logits, -30, 30)))).tolist(), strict=True))

    def detect(self, vector: np.ndarray) -> list[tuple[str, float]]:
        """Codes whose probability reaches their threshold, with the probability (3 decimals)."""
        found = []
        for (code, p), cut in zip(self.probabilities(vector).items(), self.thresholds, strict=True):
            if p >= cut:
                found.append((code, round(p, 3)))
        return found

    def save(self, path: str | Path) -> None:
        np.savez(path, codes=np.array(self.codes), weights=self.weights.astype(np.float32),
                 bias=self.bias, thresholds=self.thresholds, embedder=np.str_(self.embedder),
                 meta=np.str_(json.dumps(self.meta, ensure_ascii=False)))

    @classmethod
    def load(cls, path: str | Path) -> SemanticTriggers:
        with np.load(path, allow_pickle=False) as data:
            weights = data["weights"].astype(np.float64)
            return cls(tuple(str(c) for c in data["codes"]), weights, data["bias"].astype(np.float64),
                       data["thresholds"].astype(np.float64), str(data["embedder"]), weights.shape[1],
                       json.loads(str(data["meta"])))

    @classmethod
    def for_embedder(cls, embedder: Any) -> SemanticTriggers | None:
        """The shipped model when it was trained for ``embedder`` (same name and dimension), else None."""
        return load_for_embedder("triggers", embedder, cls.load)


_DETAILS = {
    "explicit_request": "klient chce rozmawiać z człowiekiem",
    "legal_threat": "klient zapowiada kroki prawne lub urzędowe",
    "complaint": "reklamacja lub spór wymagający decyzji",
    "data_protection": "żądanie dotyczące danych osobowych (RODO)",
    # Meaning alone cannot tell grief from danger: treat as urgent, the message offers 112 / 116 123.
    "sensitive": "trudna sytuacja klienta — sprawdzić, czy nie grozi mu niebezpieczeństwo, pilne",
    "abuse": "obraźliwe słowa lub groźby wobec obsługi",
}


def semantic_reasons(found: Sequence[tuple[str, float]], known: set[str]) -> list[EscalationReason]:
    """Reasons for the codes ``found`` by meaning that the patterns (``known``) did not already give.

    >>> [r.detail for r in semantic_reasons([("abuse", 0.9)], set())]
    ['obraźliwe słowa lub groźby wobec obsługi (rozpoznane po sensie wypowiedzi, p=0.90)']
    """
    return [EscalationReason(code=code, evidence="",
                             detail=f"{_DETAILS[code]} (rozpoznane po sensie wypowiedzi, p={p:.2f})")
            for code, p in found if code not in known]


def _fit(vectors: np.ndarray, y: np.ndarray) -> np.ndarray:
    positives = np.flatnonzero(y == 1)
    x = np.vstack([vectors, *[vectors[positives]] * _POSITIVE_COPIES])
    labels = np.concatenate([y, *[y[positives]] * _POSITIVE_COPIES])
    return newton_logistic(np.hstack([np.ones((len(x), 1)), x]), labels, _L2, 50)


def _cut(scores: np.ndarray, rate: float) -> float:
    """The lowest threshold that lets through at most ``rate`` of ``scores``."""
    ranked = np.sort(scores)[::-1]
    allowed = int(rate * len(ranked))
    return float(ranked[allowed]) + 1e-6 if len(ranked) > allowed else 0.0


def _threshold(vectors: np.ndarray, y: np.ndarray, lookalike: np.ndarray, folds: int = 5,
               seed: int = 0) -> tuple[float, float]:
    """The cut meeting both negative-rate caps on out-of-fold predictions, and the recall there."""
    order = np.random.default_rng(seed).permutation(len(y))
    p = np.zeros(len(y))
    for fold in range(folds):
        test = order[fold::folds]
        train = np.setdiff1d(order, test)
        w = _fit(vectors[train], y[train])
        p[test] = 1 / (1 + np.exp(-(vectors[test] @ w[1:] + w[0])))
    cut = max(_cut(p[y == 0], MAX_NULL_RATE), _cut(p[lookalike & (y == 0)], MAX_LOOKALIKE_RATE),
              MIN_PROBABILITY)
    return cut, float((p[y == 1] >= cut).mean())


def train_semantic_triggers(texts: Sequence[str], codes: Sequence[str | None], embedder: Any, *,
                            lookalike: Sequence[bool] | None = None) -> SemanticTriggers:
    """Fit one model per code of :data:`SEMANTIC_CODES`.

    ``codes[i]`` is the code of ``texts[i]`` or None; ``lookalike[i]`` marks
    the calm messages written to resemble a trigger (see :data:`MAX_LOOKALIKE_RATE`).
    """
    vectors = np.asarray(embedder.embed(list(texts), kind="query"), dtype=np.float64)
    similar = np.zeros(len(texts), dtype=bool) if lookalike is None else np.asarray(lookalike, dtype=bool)
    weights, bias, cuts = [], [], []
    meta: dict[str, Any] = {"examples": len(texts), "max_null_rate": MAX_NULL_RATE}
    for code in SEMANTIC_CODES:
        y = np.array([c == code for c in codes], dtype=np.float64)
        cut, recall = _threshold(vectors, y, similar)
        w = _fit(vectors, y)
        weights.append(w[1:])
        bias.append(w[0])
        cuts.append(cut)
        meta[code] = {"positives": int(y.sum()), "threshold": round(cut, 4), "cv_recall": round(recall, 3)}
    return SemanticTriggers(SEMANTIC_CODES, np.vstack(weights), np.array(bias), np.array(cuts), embedder.name,
                            vectors.shape[1], meta)


def training_examples(root: Path) -> tuple[list[str], list[str | None], list[bool]]:
    """Our phrasing tables and the tone examples (as negatives), from a checkout at ``root``.

    Returns texts, codes and which texts are look-alikes (the tables' calm rows).
    """
    from pomocbot.escalate.tone import load_examples

    texts: list[str] = []
    codes: list[str | None] = []
    lookalike: list[bool] = []
    sklep = root / "examples" / "sklep"
    for name in ("escalation_phrasings.jsonl", "escalation_heldout.jsonl"):
        for line in (sklep / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                code = row["expected"] if "expected" in row else (
                    "explicit_request" if row["explicit_request"] else None)
                texts.append(row["text"])
                codes.append(code)
                lookalike.append(code is None)
    seen = set(texts)
    for row in load_examples():
        if row["text"] not in seen:
            texts.append(row["text"])
            # Insults in a customer chat are abuse of staff; elsewhere they are aimed at someone else.
            codes.append("abuse" if row["label"] == "abusive" and row["source"] == "chat" else None)
            lookalike.append(False)
    return texts, codes, lookalike


def main(argv: Sequence[str] | None = None) -> int:  # pragma: no cover - a maintenance command
    parser = argparse.ArgumentParser(description="Train the semantic triggers on our phrasing tables.")
    parser.add_argument("--root", default=str(Path(__file__).resolve().parents[3]), help="repository root")
    parser.add_argument("--out", default=None, help="where to write the .npz")
    args = parser.parse_args(argv)
    from pomocbot.retrieval.embedders import UniversalSentenceEncoder

    embedder = UniversalSentenceEncoder()
    texts, codes, lookalike = training_examples(Path(args.root))
    model = train_semantic_triggers(texts, codes, embedder, lookalike=lookalike)
    out = args.out or model_path("triggers", embedder.name)
    model.save(out)
    print(f"wrote {out}")
    print(json.dumps(model.meta, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
