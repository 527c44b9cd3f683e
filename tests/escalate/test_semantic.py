"""Semantic triggers: reasons recognised by meaning, added only where the phrase patterns missed."""

from __future__ import annotations

from datetime import datetime, timezone

import numpy as np
import pytest

from pomocbot.config import AssistantConfig
from pomocbot.conversation.base import Turn
from pomocbot.escalate.semantic import SEMANTIC_CODES, SemanticTriggers, semantic_reasons
from pomocbot.escalate.step import escalate_turn
from tests.conftest import FakeEmbedder

NOW = datetime(2026, 11, 25, 10, tzinfo=timezone.utc)


def outcome(message: str, semantic, tone: float | None = 0.9):
    turn = Turn(role="customer", text=message, at=NOW, metadata={"tone": tone} if tone is not None else {})
    return escalate_turn(message, [], config=AssistantConfig(), now=NOW, abstained=False, confidence=0.9,
                         citations=[], customer=None, pii_counts={}, current_turns=[turn], semantic=semantic)


def test_model_round_trip_and_thresholds(tmp_path) -> None:
    model = SemanticTriggers(("abuse", "sensitive"), np.array([[3.0, 0.0], [0.0, 3.0]]),
                             np.array([-1.0, -1.0]), np.array([0.9, 0.5]), embedder="toy", dimension=2)
    assert model.detect(np.array([1.0, 1.0])) == [("sensitive", 0.881)]  # abuse 0.881 < its 0.9 cut
    model.save(tmp_path / "m.npz")
    again = SemanticTriggers.load(tmp_path / "m.npz")
    assert again.codes == model.codes and again.detect(np.array([1.0, 1.0])) == [("sensitive", 0.881)]


def test_no_shipped_model_for_another_embedder() -> None:
    assert SemanticTriggers.for_embedder(FakeEmbedder()) is None


def test_meaning_adds_a_reason_the_patterns_missed_and_never_duplicates_one() -> None:
    message = "Nie będę tego wszystkiego opisywać po raz kolejny."
    decision = outcome(message, [("explicit_request", 0.8)]).decision
    assert decision.escalate and [r.code for r in decision.reasons][:1] == ["explicit_request"]
    assert "po sensie" in decision.reasons[0].detail and decision.reasons[0].evidence == ""
    assert len(semantic_reasons([("abuse", 0.9)], {"abuse"})) == 0


def test_sensitive_by_meaning_is_urgent_and_offers_help() -> None:
    decision = outcome("Już nic nie ma znaczenia.", [("sensitive", 0.7)], tone=0.2).decision
    assert decision.priority == "P1"
    assert "116 123" in decision.customer_message


def test_requests_by_meaning_do_not_count_in_questions() -> None:
    assert not outcome("Jak usunąć konto w sklepie?", [("data_protection", 0.9)]).decision.escalate
    assert not outcome("a na jaki adres to wysłać?", [("complaint", 0.9)]).decision.escalate
    # a person asked for counts in a question too
    assert outcome("Jest tam ktoś, kto to ogarnia?", [("explicit_request", 0.9)]).decision.escalate


def test_abuse_by_meaning_must_sound_angry() -> None:
    assert not outcome("szkoda, to zapłacę kartą", [("abuse", 0.8)], tone=0.1).decision.escalate
    assert outcome("No i kto wam dał prawo jazdy na ten sklep", [("abuse", 0.8)], tone=0.9).decision.escalate


@pytest.mark.integration
@pytest.mark.parametrize(("fixture", "name"), [("use_embedder", "use-multilingual-v3"),
                                              ("e5_embedder", "multilingual-e5-small-q4")])
def test_shipped_model_covers_every_code_and_reads_its_training_tables(fixture, name, request) -> None:
    embedder = request.getfixturevalue(fixture)
    model = SemanticTriggers.for_embedder(embedder)
    assert model is not None and model.codes == SEMANTIC_CODES and model.embedder == name
    assert all(model.meta[code]["positives"] >= 25 for code in SEMANTIC_CODES)
    assert all(model.thresholds >= 0.3)
    # rows of its own training table (data/escalation/triggers_train_requests.jsonl) are recognised
    vectors = embedder.embed(["chcę rozmawiać z człowiekiem", "Chciałbym porozmawiać z konsultantem."],
                             kind="query")
    assert all("explicit_request" in dict(model.detect(v)) for v in vectors)
    calm = embedder.embed(["Dziękuję, paczka dotarła w całości"], kind="query")[0]
    assert model.detect(calm) == []
