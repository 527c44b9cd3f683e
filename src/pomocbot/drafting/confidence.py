"""Calibrated confidence that a reply answers the question.

The confidence is a logistic model over a few signals of retrieval and
sentence support, fitted so that its value reads as a probability: of the
replies given confidence 0.8, about 80% cite the right source. The
assistant abstains below ``drafting.abstain_below``.

Signals (all computed without extra embeddings):

* ``stem_coverage``: idf-weighted share of the question's content stems found
  in the best answer sentence (a question about "raty" answered by a sentence
  without "raty" is suspect);
* ``ngram_coverage``: the same over character 4-grams (inflections, typos);
* ``hit_coverage``: share of the question's stems found anywhere in the top
  chunk with its title;
* ``dense``: cosine similarity of the question and the top chunk;
* ``margin``: fused score of the top chunk minus the second's (a clear winner
  vs. a flat ranking);
* ``grounded``: share of the draft's sentences that survived the grounding check.

The default coefficients were fitted with :func:`fit_logistic` on the example
shop's question set (``examples/sklep/questions.jsonl``: answerable questions
labelled by whether the reply cites a gold document, unanswerable ones 0);
``benchmarks/answers.py --calibrate`` refits them and prints the
trade-off curve. A data team can fit their own on their questions and pass
:class:`ConfidenceModel` to the assistant.

>>> model = ConfidenceModel()
>>> strong = model.predict(ConfidenceSignals(stem_coverage=1.0, ngram_coverage=0.9, hit_coverage=1.0,
...                                          dense=0.6, margin=1.5, grounded=1.0))
>>> weak = model.predict(ConfidenceSignals(stem_coverage=0.2, ngram_coverage=0.3, hit_coverage=0.3,
...                                        dense=0.1, margin=0.0, grounded=1.0))
>>> strong > 0.7 > 0.3 > weak
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields

import numpy as np

__all__ = ["ConfidenceModel", "ConfidenceSignals", "fit_logistic", "newton_logistic"]


@dataclass(frozen=True)
class ConfidenceSignals:
    """The inputs of the confidence model for one reply (see the module docstring)."""

    stem_coverage: float
    ngram_coverage: float
    hit_coverage: float
    dense: float
    margin: float
    grounded: float

    def vector(self) -> np.ndarray:
        return np.array(astuple(self), dtype=np.float64)


SIGNAL_NAMES: tuple[str, ...] = tuple(f.name for f in fields(ConfidenceSignals))

# Fitted on examples/sklep/questions.jsonl (see benchmarks/answers.py --calibrate).
# Label: the reply's first citation is a gold document (unanswerable questions: 0).
# stem_coverage, ngram_coverage and grounded came out negative next to their correlated
# partners and were dropped by the non-negative fit.
_DEFAULT_COEFFICIENTS = (0.0, 0.0, 1.9598, 3.2516, 0.1852, 0.0)
_DEFAULT_INTERCEPT = -2.201


@dataclass(frozen=True)
class ConfidenceModel:
    """``sigmoid(intercept + coefficients · signals)``."""

    coefficients: tuple[float, ...] = _DEFAULT_COEFFICIENTS
    intercept: float = _DEFAULT_INTERCEPT

    def __post_init__(self) -> None:
        if len(self.coefficients) != len(SIGNAL_NAMES):
            from pomocbot.errors import ConfigError

            raise ConfigError(f"ConfidenceModel needs {len(SIGNAL_NAMES)} coefficients "
                              f"({', '.join(SIGNAL_NAMES)}), got {len(self.coefficients)}")

    def predict(self, signals: ConfidenceSignals) -> float:
        """Confidence in 0..1."""
        x = self.intercept + float(np.dot(self.coefficients, signals.vector()))
        return _sigmoid(x)


def fit_logistic(signals: Sequence[ConfidenceSignals], labels: Sequence[int], *, l2: float = 0.1,
                 iterations: int = 50, non_negative: bool = True) -> ConfidenceModel:
    """Fit a :class:`ConfidenceModel` by L2-regularised logistic regression (Newton's method).

    With ``non_negative`` (default) a signal whose coefficient comes out
    negative is dropped and the rest refitted, so more support never lowers
    the confidence (correlated signals otherwise trade signs on small data).

    >>> good = ConfidenceSignals(0.9, 0.9, 0.9, 0.6, 1.0, 1.0)
    >>> bad = ConfidenceSignals(0.2, 0.3, 0.4, 0.2, 0.1, 1.0)
    >>> model = fit_logistic([good, bad] * 5, [1, 0] * 5)
    >>> model.predict(good) > 0.5 > model.predict(bad)
    True
    """
    X = np.stack([s.vector() for s in signals])
    y = np.asarray(labels, dtype=np.float64)
    active = list(range(X.shape[1]))
    while True:
        weights = newton_logistic(np.hstack([np.ones((len(X), 1)), X[:, active]]), y, l2, iterations)
        negative = [i for i, w in zip(active, weights[1:], strict=True) if w < 0]
        if not non_negative or not negative:
            break
        active = [i for i in active if i not in negative]
    coefficients = np.zeros(X.shape[1])
    coefficients[active] = weights[1:]
    return ConfidenceModel(tuple(round(float(c), 4) for c in coefficients), round(float(weights[0]), 4))


def newton_logistic(X: np.ndarray, y: np.ndarray, l2: float, iterations: int) -> np.ndarray:
    """Weights of an L2-regularised logistic regression; column 0 of ``X`` is the (unshrunk) intercept."""
    w = np.zeros(X.shape[1])
    penalty = np.full(X.shape[1], l2)
    penalty[0] = 0.0  # the intercept is not shrunk
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-np.clip(X @ w, -30, 30)))
        gradient = X.T @ (p - y) + penalty * w
        hessian = (X.T * (p * (1 - p))) @ X + np.diag(penalty) + 1e-9 * np.eye(X.shape[1])
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)
