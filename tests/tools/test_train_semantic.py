"""tools/train_semantic.py: trains on our train tables only, never on the dev ones, thresholds by CV."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from tools.train_semantic import MIN_PROBABILITY, train_semantic_triggers, training_examples
from tools.training_data import load_examples

from pomocbot.escalate.semantic import SEMANTIC_CODES, SemanticTriggers
from tests.conftest import FakeEmbedder

ESCALATION_DATA = Path(__file__).resolve().parents[2] / "data" / "escalation"


def _texts(name: str) -> set[str]:
    lines = (ESCALATION_DATA / name).read_text(encoding="utf-8").splitlines()
    return {json.loads(line)["text"] for line in lines if line.strip()}


def test_training_reads_our_train_tables_and_never_the_dev_ones() -> None:
    texts, codes, lookalike = training_examples()
    assert len(texts) == len(codes) == len(lookalike) > 4000
    train = _texts("triggers_train_requests.jsonl") | _texts("triggers_train_codes.jsonl")
    assert train <= set(texts)
    assert set(SEMANTIC_CODES) <= {c for c in codes if c}
    dev = _texts("triggers_dev_codes.jsonl") | _texts("triggers_dev_requests.jsonl")
    # (four calm questions of the dev tables are also among our tone examples, written earlier)
    tone = {row["text"] for row in load_examples()}
    only_dev = dev - train - tone
    assert len(only_dev) > 400 and not only_dev & set(texts)


def test_toy_model_has_every_code_and_floors_its_thresholds(tmp_path) -> None:
    texts, codes, lookalike = training_examples()
    model = train_semantic_triggers(texts, codes, FakeEmbedder(dimension=64), lookalike=lookalike, l2=1.0)
    assert model.codes == SEMANTIC_CODES and model.weights.shape == (len(SEMANTIC_CODES), 64)
    assert np.all(model.thresholds >= MIN_PROBABILITY) and model.meta["l2"] == 1.0
    model.save(tmp_path / "t.npz")
    assert SemanticTriggers.load(tmp_path / "t.npz").meta["explicit_request"]["positives"] >= 25
