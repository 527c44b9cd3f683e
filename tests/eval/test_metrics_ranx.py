"""Our ranking metrics against ranx (Bassani 2022) on seeded random runs, binary and graded judgments.

Where the definitions differ on purpose, equality is asserted on the common
ground: our rankings may repeat a document (chunks of one document) and count
it once, at its first position, while a ranx run cannot hold a repeat, so ranx
gets the deduplicated ranking; our nDCG has binary gains, so on graded
judgments it equals ranx's nDCG of the judgments made binary (grade >= 1).
"""

from __future__ import annotations

import random

import pytest

from pomocbot.eval.metrics import hit_at_k, mrr, ndcg_at_k, recall_at_k, unique

ranx = pytest.importorskip("ranx")

# ranx compiles its numba kernels on first use (about half a minute, then cached on disk).
pytestmark = pytest.mark.slow

DOCS = [f"doc-{n}" for n in range(25)]
K_VALUES = (1, 3, 5, 10)
OURS = {"recall": recall_at_k, "hit_rate": hit_at_k, "mrr": mrr, "ndcg": ndcg_at_k}


def random_case(seed: int, graded: bool) -> tuple[dict[str, list[str]], dict[str, dict[str, int]]]:
    """Rankings with repeats (best first) and judgments: 1-6 relevant documents, some judged 0."""
    rng = random.Random(seed)
    rankings, qrels = {}, {}
    for q in range(30):
        distinct = rng.sample(DOCS, rng.randint(1, 15))
        ranking = list(distinct)
        for _ in range(rng.randint(0, 4)):  # a later chunk of an already ranked document
            at = rng.randrange(len(ranking))
            ranking.insert(rng.randint(at + 1, len(ranking)), ranking[at])
        relevant = rng.sample(DOCS, rng.randint(1, 6))
        judged = {doc: rng.randint(1, 3) if graded else 1 for doc in relevant}
        judged.update({doc: 0 for doc in rng.sample(DOCS, 3) if doc not in judged})
        rankings[f"q{q}"], qrels[f"q{q}"] = ranking, judged
    return rankings, qrels


def ranx_scores(rankings: dict[str, list[str]], qrels: dict[str, dict[str, int]],
                names: list[str]) -> dict[str, dict[str, float]]:
    """Per-query ranx scores; the run gives strictly decreasing scores to the deduplicated ranking."""
    run = ranx.Run({q: {doc: float(len(unique(r)) - n) for n, doc in enumerate(unique(r))}
                    for q, r in rankings.items()})
    ranx.evaluate(ranx.Qrels(qrels), run, names, return_mean=False)
    return {name: dict(run.scores[name]) for name in names}


def ours(metric: str, ranking: list[str], judged: dict[str, int], k: int) -> float | None:
    return OURS[metric](ranking, {doc for doc, grade in judged.items() if grade >= 1}, k)


@pytest.mark.parametrize("graded", [False, True], ids=["binary", "graded"])
@pytest.mark.parametrize("seed", range(4))
def test_recall_hit_and_mrr_agree_with_ranx(seed: int, graded: bool) -> None:
    rankings, qrels = random_case(seed, graded)
    names = [f"{metric}@{k}" for metric in ("recall", "hit_rate", "mrr") for k in K_VALUES]
    theirs = ranx_scores(rankings, qrels, names)
    for name in names:
        metric, k = name.split("@")
        for q, ranking in rankings.items():
            expected = pytest.approx(theirs[name][q], abs=1e-9)
            assert ours(metric, ranking, qrels[q], int(k)) == expected, (name, q)


@pytest.mark.parametrize("seed", range(4))
def test_ndcg_agrees_with_ranx_on_binary_judgments(seed: int) -> None:
    rankings, qrels = random_case(seed, graded=False)
    names = [f"ndcg@{k}" for k in K_VALUES]
    theirs = ranx_scores(rankings, qrels, names)
    for name in names:
        k = int(name.split("@")[1])
        for q, ranking in rankings.items():
            assert ours("ndcg", ranking, qrels[q], k) == pytest.approx(theirs[name][q], abs=1e-9), (name, q)


@pytest.mark.parametrize("seed", range(4))
def test_ndcg_is_binary_on_graded_judgments(seed: int) -> None:
    rankings, graded = random_case(seed, graded=True)
    binary = {q: {doc: min(grade, 1) for doc, grade in judged.items()} for q, judged in graded.items()}
    names = [f"ndcg@{k}" for k in K_VALUES]
    as_binary, with_grades = ranx_scores(rankings, binary, names), ranx_scores(rankings, graded, names)
    differ = 0
    for name in names:
        k = int(name.split("@")[1])
        for q, ranking in rankings.items():
            score = ours("ndcg", ranking, graded[q], k)
            assert score == pytest.approx(as_binary[name][q], abs=1e-9), (name, q)
            differ += score != pytest.approx(with_grades[name][q], abs=1e-9)
    assert differ  # grades change ranx's nDCG (gain = grade), not ours: documented in ndcg_at_k
