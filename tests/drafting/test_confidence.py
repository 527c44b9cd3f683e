"""The answerability model: monotone in its signals, one per embedder, refittable, checked inputs."""

from __future__ import annotations

import pytest

from pomocbot.drafting.confidence import (
    REASONS,
    SIGNAL_NAMES,
    ConfidenceModel,
    ConfidenceSignals,
    fit_logistic,
    signals_from_dict,
)
from pomocbot.errors import ConfigError
from tests.conftest import FakeEmbedder

pytestmark = pytest.mark.unit

BASE = dict(stem_coverage=0.6, ngram_coverage=0.6, hit_coverage=0.6, dense=0.85, margin=0.5, grounded=1.0,
            idf_coverage=0.6, missing_idf=0.5, value_missing=0.0, yes_no_match=0.0, dense_margin=0.01,
            dense_spread=0.02, fused_support=6.0, lexical_agreement=0.8, ngram_agreement=0.8,
            unknown_terms=0.1)
SUPPORT = ("stem_coverage", "ngram_coverage", "hit_coverage", "dense", "margin", "grounded", "idf_coverage",
           "yes_no_match", "dense_margin", "dense_spread", "fused_support", "lexical_agreement",
           "ngram_agreement")
AGAINST = ("missing_idf", "value_missing", "unknown_terms")


class _Named:
    def __init__(self, name: str, dimension: int) -> None:
        self.name, self.dimension = name, dimension


SHIPPED = [ConfidenceModel.lexical(), ConfidenceModel.for_embedder(_Named("multilingual-e5-small-q4", 384)),
           ConfidenceModel.for_embedder(_Named("use-multilingual-v3", 512))]


def test_base_covers_every_signal() -> None:
    assert set(BASE) == set(SIGNAL_NAMES) == set(SUPPORT) | set(AGAINST) == set(REASONS)


@pytest.mark.parametrize("model", SHIPPED, ids=["lexical", "e5", "use"])
@pytest.mark.parametrize("signal", SUPPORT)
def test_more_support_never_lowers_confidence(model: ConfidenceModel, signal: str) -> None:
    low = model.predict(ConfidenceSignals(**BASE))
    high = model.predict(ConfidenceSignals(**{**BASE, signal: BASE[signal] + 0.3}))
    assert high >= low and 0.0 <= low <= 1.0


@pytest.mark.parametrize("model", SHIPPED, ids=["lexical", "e5", "use"])
@pytest.mark.parametrize("signal", AGAINST)
def test_missing_terms_or_values_never_raise_confidence(model: ConfidenceModel, signal: str) -> None:
    against = model.predict(ConfidenceSignals(**{**BASE, signal: 1.0}))
    assert against <= model.predict(ConfidenceSignals(**BASE))


def test_each_embedder_gets_its_own_model_and_others_the_lexical_one() -> None:
    e5, use, lexical = SHIPPED[1], SHIPPED[2], SHIPPED[0]
    assert e5.embedder == "multilingual-e5-small-q4" and use.embedder == "use-multilingual-v3"
    assert e5 != use and lexical.embedder is None
    assert ConfidenceModel.for_embedder(FakeEmbedder()) == lexical
    assert ConfidenceModel.for_embedder(_Named("multilingual-e5-small-q4", 64)) == lexical  # other size
    # The lexical model ignores the embedding signals: any embedder's cosine scale is fine.
    for name in ("dense", "dense_margin", "dense_spread"):
        assert lexical.coefficients[SIGNAL_NAMES.index(name)] == 0.0


@pytest.mark.parametrize("model", SHIPPED, ids=["lexical", "e5", "use"])
def test_shipped_models_record_their_out_of_fold_threshold(model: ConfidenceModel) -> None:
    assert 0.05 <= model.abstain_hint <= 0.95
    assert "shop" in model.meta["out_of_fold"]["at_threshold"]


def test_json_round_trip() -> None:
    model = SHIPPED[1]
    assert ConfidenceModel.from_json(model.to_json()) == model


def test_fit_separates_and_is_calibrated_on_its_data() -> None:
    good = ([ConfidenceSignals(0.9, 0.8, 0.9, 0.6, 1.0, 1.0)] * 8
            + [ConfidenceSignals(0.3, 0.4, 0.4, 0.2, 0.1, 1.0)] * 2)
    bad = ([ConfidenceSignals(0.3, 0.4, 0.4, 0.2, 0.1, 1.0)] * 8
           + [ConfidenceSignals(0.9, 0.8, 0.9, 0.6, 1.0, 1.0)] * 2)
    model = fit_logistic(good + bad, [1] * 10 + [0] * 10, l2=0.0)
    # Each signal pattern is right 80% of the time: the fitted probabilities say so.
    assert model.predict(good[0]) == pytest.approx(0.8, abs=0.02)
    assert model.predict(bad[0]) == pytest.approx(0.2, abs=0.02)


def test_fit_keeps_signs_and_weighs_samples() -> None:
    answered = ConfidenceSignals(0.9, 0.8, 0.9, 0.6, 1.0, 1.0, unknown_terms=0.0)
    unknown = ConfidenceSignals(0.9, 0.8, 0.9, 0.6, 1.0, 1.0, unknown_terms=0.5)
    model = fit_logistic([answered, unknown] * 5, [0, 1] * 5)  # a perverse sample: unknown words "help"
    assert model.coefficients[SIGNAL_NAMES.index("unknown_terms")] == 0.0  # dropped, never positive
    weighted = fit_logistic([answered, unknown] * 5, [1, 0] * 5, sample_weight=[3.0, 1.0] * 5)
    assert weighted.predict(answered) > weighted.predict(unknown)


@pytest.mark.parametrize(("signal", "reason"), [
    ("unknown_terms", "the knowledge base never mentions what was asked"),
    ("value_missing", "the asked-for value is not in the sources"),
])
def test_explain_names_the_signal_that_cost_most(signal: str, reason: str) -> None:
    model = SHIPPED[1]
    assert model.explain(ConfidenceSignals(**{**BASE, signal: 1.0})) == reason


def test_signals_from_a_reply_dict_ignore_unknown_names() -> None:
    signals = signals_from_dict({"dense": 0.8, "nie-ma-takiego": 3.0})
    assert signals.dense == 0.8 and signals.fused_support == 0.0


def test_wrong_number_of_coefficients_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="coefficients"):
        ConfidenceModel(coefficients=(1.0, 2.0), intercept=0.0)
