"""The confidence model: monotone in its signals, refittable, checked inputs."""

from __future__ import annotations

import pytest

from pomocbot.drafting.confidence import ConfidenceModel, ConfidenceSignals, fit_logistic
from pomocbot.errors import ConfigError

pytestmark = pytest.mark.unit

BASE = dict(stem_coverage=0.6, ngram_coverage=0.6, hit_coverage=0.6, dense=0.4, margin=0.5, grounded=1.0)


@pytest.mark.parametrize("signal", list(BASE))
def test_more_support_never_lowers_confidence(signal: str) -> None:
    model = ConfidenceModel()
    low = model.predict(ConfidenceSignals(**BASE))
    high = model.predict(ConfidenceSignals(**{**BASE, signal: BASE[signal] + 0.3}))
    assert high >= low
    assert 0.0 <= low <= 1.0


def test_fit_separates_and_is_calibrated_on_its_data() -> None:
    good = ([ConfidenceSignals(0.9, 0.8, 0.9, 0.6, 1.0, 1.0)] * 8
            + [ConfidenceSignals(0.3, 0.4, 0.4, 0.2, 0.1, 1.0)] * 2)
    bad = ([ConfidenceSignals(0.3, 0.4, 0.4, 0.2, 0.1, 1.0)] * 8
           + [ConfidenceSignals(0.9, 0.8, 0.9, 0.6, 1.0, 1.0)] * 2)
    model = fit_logistic(good + bad, [1] * 10 + [0] * 10, l2=0.0)
    # Each signal pattern is right 80% of the time: the fitted probabilities say so.
    assert model.predict(good[0]) == pytest.approx(0.8, abs=0.02)
    assert model.predict(bad[0]) == pytest.approx(0.2, abs=0.02)


def test_wrong_number_of_coefficients_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="coefficients"):
        ConfidenceModel(coefficients=(1.0, 2.0))
