"""The tone classifier: shipped for USE and e5, trained by tools/train_tone.py, folded into frustration."""

from __future__ import annotations

import numpy as np
import pytest
from tools.train_tone import tone_data, train
from tools.training_data import load_examples

from pomocbot.escalate.frustration import TONE_CAP, assess_conversation, assess_message, score_message
from pomocbot.escalate.tone import ToneClassifier
from tests.conftest import FakeEmbedder


def test_examples_are_ours_labelled_and_distinct() -> None:
    rows = load_examples()
    assert len(rows) > 1000
    assert {r["label"] for r in rows} == {"calm", "frustrated", "abusive"}
    assert len({r["text"] for r in rows}) == len(rows)


def test_no_shipped_classifier_for_another_embedder() -> None:
    assert ToneClassifier.for_embedder(FakeEmbedder()) is None


def test_training_separates_our_examples_with_a_toy_embedder(tmp_path) -> None:
    embedder = FakeEmbedder(dimension=128)
    data = tone_data(embedder, None)  # our examples only
    model, report = train(data, embedder.name, l2=1.0)
    assert model.meta["sets"] == {"ours": {"n": len(data.labels), "positive": int(data.labels.sum())}}
    assert report["oof_auc"]["ours"] > 0.75  # out of fold, even with hashed trigrams
    p = model.probability(data.vectors)
    angry = data.labels > 0.5
    assert p[angry].mean() > p[~angry].mean() + 0.2
    model.save(tmp_path / "tone.npz")
    again = ToneClassifier.load(tmp_path / "tone.npz")
    assert again.embedder == "fake-hash" and np.allclose(again.probability(np.eye(128)[:2]),
                                                           model.probability(np.eye(128)[:2]), atol=1e-5)
    assert again.meta["l2"] == 1.0


def test_tone_adds_a_signal_or_eases_within_the_cap() -> None:
    calm_words = "Paczka przyszła wczoraj, wszystko w porządku"
    assert "tone" in {s.kind for s in assess_message(calm_words, tone=0.97)}
    assert score_message(calm_words, tone=0.97) > score_message(calm_words)
    # a stray negative word in a calm-sounding message weighs less
    stray = "haha, kot będzie zawiedziony"
    assert score_message(stray, tone=0.03) < score_message(stray)
    # the tone never overrules an insult
    assert score_message("WY IDIOCI, oszuści!!!", tone=0.0) > 0.8
    assert max(s.weight for s in assess_message("x", tone=1.0)) <= TONE_CAP


def test_conversation_uses_each_messages_tone() -> None:
    messages = ["Gdzie jest paczka?", "No i co dalej z tą paczką"]
    assert assess_conversation(messages, [0.1, 0.95]).score > assess_conversation(messages).score


def test_capitals_are_not_heard_twice() -> None:
    shouted = "DZIEN DOBRY, PISZE Z TELEFONU BABCI I NIE UMIEM WYLACZYC DUZYCH LITER. ILE KOSZTUJE KURIER?"
    # an embedding hears the capitals as anger; the caps signal already weighed them
    assert "tone" not in {s.kind for s in assess_message(shouted, tone=0.85)}
    assert score_message(shouted, tone=0.85) == pytest.approx(score_message(shouted))
    weights = {s.kind: s.weight for s in assess_message(shouted, tone=1.0)}
    assert weights["caps"] == 1.0 and weights["tone"] == pytest.approx(TONE_CAP - 1.0)  # only what is beyond
    assert score_message(shouted, tone=0.9) < 0.55
    # the tone alone never takes one message past the escalation threshold (0.7)
    assert score_message("Paczka przyszła wczoraj", tone=1.0) < 0.7


SHIPPED = [("use_embedder", "use-multilingual-v3"), ("e5_embedder", "multilingual-e5-small-q4")]


@pytest.mark.integration
@pytest.mark.parametrize(("fixture", "name"), SHIPPED)
def test_shipped_classifier_is_trained_on_our_examples_and_the_public_sets(fixture, name, request) -> None:
    embedder = request.getfixturevalue(fixture)
    model = ToneClassifier.for_embedder(embedder)
    assert model is not None and model.embedder == name and model.dimension == embedder.dimension
    assert set(model.meta["sets"]) == {"ours", "clarin", "cbd"}
    assert model.meta["attribution"] == "ATTRIBUTION.md"
    assert model.meta["cv"]["oof_auc"]["ours"] > 0.85
    calm, angry, calm2, angry2 = model.probability(embedder.embed(
        ["Dzień dobry, kiedy mogę spodziewać się paczki?",
         "Mam tego serdecznie dosyć, ciągle to samo",
         "Dziękuję, paczka dotarła w całości",
         "No i co dalej z tą paczką, ile można czekać"], kind="query"))
    assert min(angry, angry2) > max(calm, calm2)
