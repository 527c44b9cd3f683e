"""Semantic triggers: reasons to hand over, recognised by meaning when no pattern matched.

The phrase tables of :mod:`pomocbot.escalate.triggers` are precise but cannot
list every wording: "Nie będę tego tłumaczyć maszynie" asks for a person
without a single listed word. :class:`SemanticTriggers` holds one logistic
regression per reason code over the message's query embedding, each with its
own threshold. The shipped models (``escalate/data/triggers_<embedder>.npz``)
were trained by ``tools/train_semantic.py`` only on trigger tables we wrote
(``data/escalation/triggers_train_requests.jsonl``, ``triggers_train_codes.jsonl``
of the repository) plus our tone examples as negatives; each threshold was set by 5-fold
cross-validation so that at most 1 % of the messages that are not that code,
and at most 5 % of the tables' look-alikes ("jak zostać konsultantem?"), pass
it, never below 0.3 (the file's ``meta`` keeps the caps, the penalty and the
cross-validated recall). The dev tables (``triggers_dev_codes.jsonl``,
``triggers_dev_requests.jsonl``) are never used for training or thresholds.

It only *adds* reasons the patterns missed, with a detail that says they were
recognised by meaning; the evidence is empty (there is no matched phrase).

>>> import numpy as np
>>> model = SemanticTriggers(("abuse",), np.array([[4.0, 0.0]]), np.array([-2.0]), np.array([0.5]),
...                          embedder="toy", dimension=2)
>>> model.detect(np.array([1.0, 0.0]))
[('abuse', 0.881)]
>>> model.detect(np.array([0.0, 1.0]))
[]
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from pomocbot.codes import REASONS
from pomocbot.escalate.shipped import load_for_embedder
from pomocbot.types import EscalationReason

__all__ = ["SEMANTIC_CODES", "SemanticTriggers", "semantic_reasons"]

SEMANTIC_CODES = ("explicit_request", "legal_threat", "complaint", "data_protection", "sensitive", "abuse")
"""Codes with enough written examples to learn; conversation rules (loops, abstentions) stay rules."""


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


_DETAILS = {code: REASONS[code].meaning_detail for code in SEMANTIC_CODES}
"""The detail of a reason found by meaning (``ReasonSpec.meaning_detail``)."""


def semantic_reasons(found: Sequence[tuple[str, float]], known: set[str]) -> list[EscalationReason]:
    """Reasons for the codes ``found`` by meaning that the patterns (``known``) did not already give.

    >>> [r.detail for r in semantic_reasons([("abuse", 0.9)], set())]
    ['obraźliwe słowa lub groźby wobec obsługi (rozpoznane po sensie wypowiedzi, p=0.90)']
    """
    return [EscalationReason(code=code, evidence="",
                             detail=f"{_DETAILS[code]} (rozpoznane po sensie wypowiedzi, p={p:.2f})")
            for code, p in found if code not in known]
