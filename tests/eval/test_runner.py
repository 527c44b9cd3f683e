"""The A/B runner on the small shop (fake embedder and stemmer, real PII detector and escalation)."""

from __future__ import annotations

import pytest

from pomocbot import ConfigError, DatasetError
from pomocbot.eval import EvalReport, evaluate
from tests.eval.conftest import QUESTIONS

pytestmark = pytest.mark.unit

CONFIGS = {"lenient": {"drafting": {"abstain_below": 0.0}}, "strict": {"drafting": {"abstain_below": 0.99}}}


@pytest.fixture(scope="module")
def report(shop, conversations, pii_path) -> EvalReport:
    return evaluate(shop, questions=QUESTIONS, conversations=conversations, pii_cases=pii_path,
                    configs=CONFIGS)


def test_each_config_answers_every_question(report) -> None:
    assert list(report.configs) == ["lenient", "strict"]
    for result in report.configs.values():
        assert [row.id for row in result.questions] == [q["id"] for q in QUESTIONS]
        assert all(row.latency_ms > 0 and row.ranked for row in result.questions)
        assert result.summary["questions"] == len(QUESTIONS) and result.summary["should_abstain"] == 2


def test_a_higher_threshold_abstains_more_on_the_same_answers(report) -> None:
    lenient, strict = report.configs["lenient"], report.configs["strict"]
    assert strict.summary["abstained"] == len(QUESTIONS) > lenient.summary["abstained"]
    assert strict.summary["abstention_recall"] == 1.0
    # the threshold is applied to the same recorded confidences and answers
    assert [r.confidence for r in lenient.questions] == [r.confidence for r in strict.questions]
    assert [r.answer for r in lenient.questions] == [r.answer for r in strict.questions]
    assert strict.overrides == {"drafting.abstain_below": 0.99}
    row = next(r for r in strict.questions if r.id == "q1")
    assert row.abstained and any(f.startswith("abstained (confidence") for f in row.failures)


def test_rows_hold_retrieval_answer_and_citations(report) -> None:
    rows = {row.id: row for row in report.configs["lenient"].questions}
    q1 = rows["q1"]
    assert q1.ranked[0] == "paczkomat" and q1.cited[:1] == ["paczkomat"]
    assert q1.contained and q1.correct and not q1.failures
    summary = report.configs["lenient"].summary
    assert summary["recall@1"] >= 0.8 and summary["recall@10"] == 1.0
    assert 0 < summary["citation_precision"] <= 1 and summary["grounding_rate"] is not None
    assert summary["latency_p50_ms"] <= summary["latency_p90_ms"] <= summary["latency_p99_ms"]
    curves = report.configs["lenient"].curves
    assert [p["k"] for p in curves["recall_at_k"]] == list(range(1, 11))
    assert curves["coverage_accuracy"][0]["coverage"] == 1.0


def test_conversations_and_pii_are_scored(report) -> None:
    result = report.configs["lenient"]
    assert len(result.conversations) == 4 and result.summary["conversations"] == 4
    assert result.summary["escalation_recall"] is not None
    assert all(len(c.latency_ms) == c.turns for c in result.conversations)
    assert result.summary["pii_cases"] == 30 and result.pii_per_type["ALL"]["tp"] > 0
    assert "PESEL" in result.pii_per_type
    for row in result.pii:  # types and offsets only
        assert all(isinstance(span[0], str) and isinstance(span[1], int) for span in row.predicted)


def test_the_shared_index_gets_its_config_back(shop) -> None:
    evaluate(shop, questions=QUESTIONS[:2], configs={"rrf": {"retrieval": {"fusion": "rrf"}}})
    assert shop.index.config is shop.config and shop.config.retrieval.fusion.value == "zscore"


def test_index_time_change_needs_the_knowledge_base(shop, kb_dir) -> None:
    chunks = {"chunks": {"knowledge": {"chunk_tokens": 64, "chunk_overlap_tokens": 8}}}
    with pytest.raises(ConfigError, match=r"knowledge.chunk_tokens.*--kb"):
        evaluate(shop, questions=QUESTIONS, configs=chunks)
    report = evaluate(shop, questions=QUESTIONS[:3], configs={"base": None, **chunks}, kb_dir=kb_dir)
    assert not report.configs["base"].rebuilt_index and report.configs["chunks"].rebuilt_index
    assert report.configs["chunks"].summary["recall@10"] == 1.0


def test_bad_data_is_a_dataset_error(shop) -> None:
    with pytest.raises(DatasetError, match="item 2"):
        evaluate(shop, questions=[QUESTIONS[0], {"id": "x"}])


def test_each_config_embeds_its_own_queries(shop) -> None:
    # A shared query-embedding cache would let the second config skip the embedder and look faster.
    embedder = shop.embedder
    embedder.reset()
    evaluate(shop, questions=QUESTIONS, configs={"a": None})
    one = sum(kind == "query" for kind, _ in embedder.calls)
    embedder.reset()
    evaluate(shop, questions=QUESTIONS, configs={"a": None, "b": {"persona": {"register": "ty"}}})
    assert one > 0 and sum(kind == "query" for kind, _ in embedder.calls) == 2 * one
