"""The tone classifier: shipped for USE only, trained on our own examples, folded into frustration."""

from __future__ import annotations

import numpy as np
import pytest

from pomocbot.escalate.frustration import TONE_CAP, assess_conversation, assess_message, score_message
from pomocbot.escalate.tone import ToneClassifier, load_examples, train_tone_classifier
from tests.conftest import FakeEmbedder


def test_examples_are_ours_labelled_and_distinct() -> None:
    rows = load_examples()
    assert len(rows) > 1000
    assert {r["label"] for r in rows} == {"calm", "frustrated", "abusive"}
    assert len({r["text"] for r in rows}) == len(rows)


def test_no_shipped_classifier_for_another_embedder() -> None:
    assert ToneClassifier.for_embedder(FakeEmbedder()) is None


def test_training_separates_our_examples_with_a_toy_embedder(tmp_path) -> None:
    rows = load_examples()
    texts, labels = [r["text"] for r in rows], [r["label"] for r in rows]
    model = train_tone_classifier(texts, labels, FakeEmbedder(dimension=128), l2=1.0)
    p = model.probability(FakeEmbedder(dimension=128).embed(texts))
    angry = np.array([label != "calm" for label in labels])
    assert p[angry].mean() > p[~angry].mean() + 0.2
    model.save(tmp_path / "tone.npz")
    again = ToneClassifier.load(tmp_path / "tone.npz")
    assert again.embedder == "fake-hash" and np.allclose(again.probability(np.eye(128)[:2]),
                                                           model.probability(np.eye(128)[:2]), atol=1e-5)


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


@pytest.mark.integration
def test_shipped_use_classifier_hears_anger_without_angry_words() -> None:
    from pomocbot.retrieval.embedders import UniversalSentenceEncoder

    embedder = UniversalSentenceEncoder()
    model = ToneClassifier.for_embedder(embedder)
    assert model is not None and model.meta["examples"] > 1000
    calm, angry = model.probability(embedder.embed(
        ["Dzień dobry, kiedy mogę spodziewać się paczki?",
         "Mam tego serdecznie dosyć, ciągle to samo"], kind="query"))
    assert angry > 0.5 > calm
