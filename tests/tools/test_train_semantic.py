"""tools/train_semantic.py: trains on our tables only, never on the blind ones, thresholds by CV."""

from __future__ import annotations

import json

import numpy as np
from tools.train_semantic import MIN_PROBABILITY, train_semantic_triggers, training_examples
from tools.training_data import load_examples

from pomocbot.escalate.semantic import SEMANTIC_CODES, SemanticTriggers
from tests.conftest import EXAMPLES_DIR, FakeEmbedder


def _texts(name: str) -> set[str]:
    lines = (EXAMPLES_DIR / name).read_text(encoding="utf-8").splitlines()
    return {json.loads(line)["text"] for line in lines if line.strip()}


def test_training_reads_our_tables_and_never_the_blind_ones() -> None:
    texts, codes, lookalike = training_examples()
    assert len(texts) == len(codes) == len(lookalike) > 4000
    assert _texts("escalation_phrasings.jsonl") <= set(texts)
    assert set(SEMANTIC_CODES) <= {c for c in codes if c}
    blind = _texts("escalation_heldout2.jsonl") | _texts("escalation_heldout3.jsonl")
    # (four calm questions of the blind tables are also among our tone examples, written earlier)
    tone = {row["text"] for row in load_examples()}
    only_blind = blind - _texts("escalation_phrasings.jsonl") - _texts("escalation_heldout.jsonl") - tone
    assert len(only_blind) > 400 and not only_blind & set(texts)


def test_toy_model_has_every_code_and_floors_its_thresholds(tmp_path) -> None:
    texts, codes, lookalike = training_examples()
    model = train_semantic_triggers(texts, codes, FakeEmbedder(dimension=64), lookalike=lookalike, l2=1.0)
    assert model.codes == SEMANTIC_CODES and model.weights.shape == (len(SEMANTIC_CODES), 64)
    assert np.all(model.thresholds >= MIN_PROBABILITY) and model.meta["l2"] == 1.0
    model.save(tmp_path / "t.npz")
    assert SemanticTriggers.load(tmp_path / "t.npz").meta["explicit_request"]["positives"] >= 25
