"""Answerability: the calibrated confidence that the retrieved text answers the question.

Being on topic is not answering. "Czy wysyłacie do Norwegii?" retrieves the
shipping page even when it lists no Norway; a confident quote of it is worse
for the customer than "nie wiem, przekażę konsultantowi". The model reads
signals of the question against what was retrieved and gives a probability;
the assistant abstains below ``drafting.abstain_below``.

Signals (:class:`ConfidenceSignals`; no extra embedding is computed):

* support of the best answer sentence: ``stem_coverage`` (idf-weighted share
  of the question's content stems in it) and ``ngram_coverage`` (the same over
  character 4-grams, for inflections and typos);
* coverage by the top chunk: ``hit_coverage`` (share of the question's stems
  in it, with its title), ``idf_coverage`` (the same weighted by idf),
  ``missing_idf`` (the rarest question stem the chunk lacks, among those the
  knowledge base knows, as a share of the highest idf: "Norwegii" missing
  weighs more than "sklep" missing) and ``unknown_terms`` (the share of the
  question's stems that occur nowhere in the knowledge base: "glebogryzarka");
* the asked-for value: ``value_missing`` is 1 when the question asks for a
  price, time span, date or hour (:func:`~pomocbot.text.questions.expected_value_kinds`)
  and no sentence of the top chunk states one; ``yes_no_match`` is 1 when a
  "czy …?" question meets a chunk that opens with "Tak"/"Nie";
* retrieval: ``dense`` (cosine of question and top chunk), ``dense_margin``
  (top chunk's cosine minus the best other one's) and ``dense_spread`` (minus
  the mean of the others), ``fused_support`` (the top chunk's fused score, a
  sum of standard scores, times its ``idf_coverage``: with one matching word
  the standard scores saturate, so a lead counts as far as the question's
  words are there) and ``margin`` (its lead over the second); ``lexical_agreement`` and
  ``ngram_agreement`` (the top chunk's BM25 score over stems / n-grams as a share of the best
  among the hits: the retrievers agree on an answer more than on a neighbour of it);
* ``grounded``: share of the draft's sentences that survived the grounding check.

The model is a logistic regression whose coefficients are fitted per
embedder, because cosine scales differ (unrelated Polish texts score about
0.8 with multilingual-e5, 0.1 with USE). Shipped models live in
``drafting/data/answerability_<embedder>.json``; an embedder without one gets
the lexical model, fitted with the embedding signals left out. They are
trained by ``tools/train_answerability.py`` on data we may use: the example
shop's questions, and an "answer removed" protocol on allegro-faq (the gold
passages of some questions are taken out of the knowledge base; those must
abstain, the others must still answer). Figures are out of fold, in
``benchmarks/RESULTS.md``.

>>> model = ConfidenceModel.lexical()
>>> answered = ConfidenceSignals(stem_coverage=1.0, ngram_coverage=0.9, hit_coverage=1.0, dense=0.0,
...                              margin=1.5, grounded=1.0, idf_coverage=1.0, fused_support=9.5)
>>> unknown_words = ConfidenceSignals(stem_coverage=0.0, ngram_coverage=0.2, hit_coverage=0.0, dense=0.0,
...                                   margin=0.5, grounded=1.0, idf_coverage=0.0, fused_support=0.0,
...                                   unknown_terms=0.75)
>>> model.predict(answered) > model.abstain_hint > model.predict(unknown_words)
True
>>> model.explain(unknown_words)
'the knowledge base never mentions what was asked'
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from importlib import resources
from typing import Any

import numpy as np

__all__ = ["REASONS", "SIGNAL_NAMES", "ConfidenceModel", "ConfidenceSignals", "fit_logistic",
           "newton_logistic", "signals_from_dict"]


@dataclass(frozen=True)
class ConfidenceSignals:
    """The inputs of the answerability model for one reply (see the module docstring)."""

    stem_coverage: float
    ngram_coverage: float
    hit_coverage: float
    dense: float
    margin: float
    grounded: float
    idf_coverage: float = 0.0
    missing_idf: float = 0.0
    value_missing: float = 0.0
    yes_no_match: float = 0.0
    dense_margin: float = 0.0
    dense_spread: float = 0.0
    fused_support: float = 0.0
    lexical_agreement: float = 0.0
    ngram_agreement: float = 0.0
    unknown_terms: float = 0.0

    def vector(self) -> np.ndarray:
        # Not dataclasses.astuple: it deep-copies field by field, a tenth of a millisecond per reply.
        return np.array([getattr(self, name) for name in SIGNAL_NAMES], dtype=np.float64)


SIGNAL_NAMES: tuple[str, ...] = tuple(f.name for f in fields(ConfidenceSignals))
_EMBEDDING_SIGNALS = frozenset({"dense", "dense_margin", "dense_spread"})

REASONS: Mapping[str, str] = {
    "stem_coverage": "no sentence states what was asked",
    "ngram_coverage": "no sentence states what was asked",
    "hit_coverage": "question terms missing from the sources",
    "idf_coverage": "question terms missing from the sources",
    "missing_idf": "question terms missing from the sources",
    "value_missing": "the asked-for value is not in the sources",
    "yes_no_match": "no sentence states what was asked",
    "dense": "the sources are about something else",
    "dense_margin": "the sources are about something else",
    "dense_spread": "the sources are about something else",
    "fused_support": "the sources are about something else",
    "lexical_agreement": "the sources are about something else",
    "ngram_agreement": "the sources are about something else",
    "unknown_terms": "the knowledge base never mentions what was asked",
    "margin": "no source stands out",
    "grounded": "the draft is not supported by the sources",
}
"""Why an answer abstains, by the signal that pulled its confidence down most (``abstain_reason``)."""


@dataclass(frozen=True)
class ConfidenceModel:
    """``sigmoid(intercept + coefficients · signals)``, coefficients in :data:`SIGNAL_NAMES` order.

    ``means`` are the training means of the signals: :meth:`explain` names the
    signal whose deviation from its mean costs the most confidence.
    """

    coefficients: tuple[float, ...]
    intercept: float
    embedder: str | None = None
    means: tuple[float, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        sizes = {len(self.coefficients), len(self.means) if self.means else len(SIGNAL_NAMES)}
        if sizes != {len(SIGNAL_NAMES)}:
            from pomocbot.errors import ConfigError

            raise ConfigError(f"ConfidenceModel needs {len(SIGNAL_NAMES)} coefficients "
                              f"({', '.join(SIGNAL_NAMES)}), got {len(self.coefficients)}")

    @property
    def abstain_hint(self) -> float:
        """The threshold chosen with this model out of fold (see ``meta``), or 0.5 when it has none."""
        return float(self.meta.get("out_of_fold", {}).get("threshold", 0.5))

    def predict(self, signals: ConfidenceSignals) -> float:
        """Confidence in 0..1 (an unknown signal, NaN, counts as its training mean)."""
        return _sigmoid(self.intercept + float(np.dot(self.coefficients, self._filled(signals))))

    def _filled(self, signals: ConfidenceSignals) -> np.ndarray:
        vector = signals.vector()
        unknown = np.isnan(vector)
        if unknown.any():
            vector[unknown] = (np.array(self.means) if self.means else np.zeros(len(vector)))[unknown]
        return vector

    def explain(self, signals: ConfidenceSignals) -> str:
        """The reason, in words, for a low confidence: the signal that lowered it most."""
        means = np.array(self.means) if self.means else np.zeros(len(SIGNAL_NAMES))
        contributions = np.array(self.coefficients) * (self._filled(signals) - means)
        worst = int(np.argmin(contributions))
        return REASONS[SIGNAL_NAMES[worst]] if contributions[worst] < 0 else "low confidence"

    # -- shipped models --------------------------------------------------
    @classmethod
    def for_embedder(cls, embedder: Any) -> ConfidenceModel:
        """The model fitted for ``embedder`` (by name and dimension), else the lexical one."""
        name = getattr(embedder, "name", None)
        if name:
            model = _load_shipped(_file_name(name))
            dimension = getattr(embedder, "dimension", None)
            if model is not None and model.meta.get("dimension") in (None, dimension):
                return model
        return cls.lexical()

    @classmethod
    def lexical(cls) -> ConfidenceModel:
        """The model without embedding signals (any embedder, also one the library does not know)."""
        model = _load_shipped(_file_name("lexical"))
        if model is None:  # pragma: no cover - the file ships in the wheel
            raise FileNotFoundError("pomocbot/drafting/data/answerability_lexical.json is missing")
        return model

    def to_json(self) -> str:
        return json.dumps({"embedder": self.embedder, "intercept": self.intercept,
                           "coefficients": dict(zip(SIGNAL_NAMES, self.coefficients, strict=True)),
                           "means": dict(zip(SIGNAL_NAMES, self.means, strict=True)) if self.means else {},
                           "meta": self.meta}, ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> ConfidenceModel:
        data = json.loads(text)
        coefficients = tuple(float(data["coefficients"].get(name, 0.0)) for name in SIGNAL_NAMES)
        saved = data.get("means") or {}
        means = tuple(float(saved.get(name, 0.0)) for name in SIGNAL_NAMES) if saved else ()
        return cls(coefficients, float(data["intercept"]), data.get("embedder"), means, data.get("meta", {}))


def _file_name(embedder_name: str) -> str:
    return "answerability_" + "".join(c if c.isalnum() else "_" for c in embedder_name.lower()) + ".json"


def _load_shipped(name: str) -> ConfidenceModel | None:
    path = resources.files("pomocbot.drafting") / "data" / name
    if not path.is_file():
        return None
    return ConfidenceModel.from_json(path.read_text(encoding="utf-8"))


def fit_logistic(signals: Sequence[ConfidenceSignals], labels: Sequence[int], *, l2: float = 0.1,
                 iterations: int = 50, non_negative: bool = True, exclude: Sequence[str] = (),
                 negative: Sequence[str] = ("missing_idf", "value_missing", "unknown_terms"),
                 embedder: str | None = None,
                 sample_weight: Sequence[float] | None = None) -> ConfidenceModel:
    """Fit a :class:`ConfidenceModel` by L2-regularised logistic regression (Newton's method).

    With ``non_negative`` (default) a signal whose coefficient has the wrong
    sign is dropped and the rest refitted: more support never lowers the
    confidence, and the signals in ``negative`` (missing terms, a missing
    value) never raise it. Correlated signals otherwise trade signs on small
    data. Signals in ``exclude`` are left out (the lexical model excludes the
    embedding signals). ``sample_weight`` weighs the rows (e.g. to balance
    data sets and classes).

    >>> good = ConfidenceSignals(0.9, 0.9, 0.9, 0.6, 1.0, 1.0)
    >>> bad = ConfidenceSignals(0.2, 0.3, 0.4, 0.2, 0.1, 1.0)
    >>> model = fit_logistic([good, bad] * 5, [1, 0] * 5)
    >>> model.predict(good) > 0.5 > model.predict(bad)
    True
    """
    X = np.stack([s.vector() for s in signals])
    y = np.asarray(labels, dtype=np.float64)
    sign = np.array([-1.0 if name in negative else 1.0 for name in SIGNAL_NAMES])
    active = [i for i, name in enumerate(SIGNAL_NAMES) if name not in exclude and X[:, i].std() > 0]
    while True:
        weights = newton_logistic(np.hstack([np.ones((len(X), 1)), X[:, active]]), y, l2, iterations,
                                  None if sample_weight is None else np.asarray(sample_weight))
        wrong = [i for i, w in zip(active, weights[1:], strict=True) if w * sign[i] < 0]
        if not non_negative or not wrong:
            break
        active = [i for i in active if i not in wrong]
    coefficients = np.zeros(X.shape[1])
    coefficients[active] = weights[1:]
    return ConfidenceModel(tuple(round(float(c), 4) for c in coefficients), round(float(weights[0]), 4),
                           embedder, tuple(round(float(m), 4) for m in X.mean(axis=0)))


def newton_logistic(X: np.ndarray, y: np.ndarray, l2: float, iterations: int,
                    sample_weight: np.ndarray | None = None) -> np.ndarray:
    """Weights of an L2-regularised logistic regression; column 0 of ``X`` is the (unshrunk) intercept.

    ``sample_weight`` (default all 1) counts each row that many times.
    """
    w = np.zeros(X.shape[1])
    counts = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    penalty = np.full(X.shape[1], l2)
    penalty[0] = 0.0  # the intercept is not shrunk
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-np.clip(X @ w, -30, 30)))
        gradient = X.T @ (counts * (p - y)) + penalty * w
        hessian = (X.T * (counts * p * (1 - p))) @ X + np.diag(penalty) + 1e-9 * np.eye(X.shape[1])
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def signals_from_dict(values: Mapping[str, float]) -> ConfidenceSignals:
    """Signals from a reply's ``metadata["signals"]`` (unknown names ignored, missing ones 0)."""
    return ConfidenceSignals(**{name: float(values.get(name, 0.0)) for name in SIGNAL_NAMES})


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)

