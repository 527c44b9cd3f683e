"""tools/train_tone.py: the weighting, the folds, the fit and the out-of-fold predictions it reports."""

from __future__ import annotations

import numpy as np
import pytest
from tools.train_tone import (
    ToneData,
    fit_logistic,
    fold_of,
    out_of_fold,
    roc_auc,
    sample_weights,
    tone_data,
)

from tests.conftest import FakeEmbedder


def _toy(n_per_set: int = 60, seed: int = 0) -> ToneData:
    rng = np.random.default_rng(seed)
    sources = np.array(["ours"] * n_per_set + ["clarin"] * n_per_set + ["cbd"] * (3 * n_per_set))
    labels = (rng.random(len(sources)) < np.where(sources == "cbd", 0.1, 0.4)).astype(float)
    vectors = rng.normal(size=(len(sources), 6)) + labels[:, None] * np.array([1.5, 0, 0, 0, 0, 0])
    return ToneData([f"t{i}" for i in range(len(sources))], labels, sources, vectors)


def test_every_set_weighs_the_same_and_both_classes_within_it() -> None:
    data = _toy()
    w = sample_weights(data.sources, data.labels)
    assert w.mean() == pytest.approx(1.0)
    totals = {s: w[data.sources == s].sum() for s in ("ours", "clarin", "cbd")}
    assert max(totals.values()) == pytest.approx(min(totals.values()))
    for s in totals:
        rows = data.sources == s
        assert w[rows & (data.labels == 1)].sum() == pytest.approx(w[rows & (data.labels == 0)].sum())


def test_folds_are_drawn_within_each_set() -> None:
    data = _toy()
    fold = fold_of(data.sources, folds=5, seed=1)
    for s in ("ours", "clarin", "cbd"):
        sizes = np.bincount(fold[data.sources == s], minlength=5)
        assert sizes.max() - sizes.min() <= 1


@pytest.mark.parametrize(("scores", "labels", "auc"), [
    # perfect, reversed, all tied, one tie across the classes
    ([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1], 1.0),
    ([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1], 0.0),
    ([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1], 0.5),
    ([0.1, 0.5, 0.5, 0.9], [0, 0, 1, 1], 0.875),
])
def test_roc_auc_counts_ties_half(scores, labels, auc) -> None:
    assert roc_auc(np.array(scores), np.array(labels)) == pytest.approx(auc)


def test_roc_auc_matches_the_pair_count() -> None:
    rng = np.random.default_rng(3)
    scores, labels = rng.integers(0, 5, 80).astype(float), rng.random(80) < 0.3
    pos, neg = scores[labels], scores[~labels]
    pairs = ((pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])).mean()
    assert roc_auc(scores, labels) == pytest.approx(pairs)


def test_a_weight_is_the_same_as_repeating_the_row() -> None:
    data = _toy()
    weights = np.where(data.labels == 1, 3.0, 1.0)
    repeated = np.r_[np.arange(len(data.labels)), np.flatnonzero(data.labels == 1),
                     np.flatnonzero(data.labels == 1)]
    a = fit_logistic(data.vectors, data.labels, weights, 0.5)
    b = fit_logistic(data.vectors[repeated], data.labels[repeated], np.ones(len(repeated)), 0.5)
    assert np.allclose(a, b, atol=1e-6)


def test_out_of_fold_predictions_never_see_their_own_labels() -> None:
    data = _toy()
    fold = fold_of(data.sources)
    before = out_of_fold(data, 1.0)
    flipped = ToneData(data.texts, np.where(fold == 0, 1 - data.labels, data.labels), data.sources,
                       data.vectors)
    after = out_of_fold(flipped, 1.0)
    assert np.allclose(before[fold == 0], after[fold == 0])  # fold 0 was scored by a model without it
    assert not np.allclose(before[fold != 0], after[fold != 0])


def test_without_the_shared_folder_only_our_examples_are_used(tmp_path) -> None:
    data = tone_data(FakeEmbedder(dimension=16), tmp_path)
    assert set(data.sources.tolist()) == {"ours"} and len(data.labels) == len(data.vectors) > 1000
