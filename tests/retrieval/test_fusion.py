"""Score fusion: hand-computed tables and hypothesis properties."""

from __future__ import annotations

import math
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pomocbot.retrieval.fusion import RankedList, reciprocal_rank_fusion, zscore_fusion

pytestmark = pytest.mark.unit


def ranked(keys: list[int], scores: list[float], pool: int = 0, floor: float | None = None) -> RankedList:
    return RankedList(np.array(keys, dtype=np.int64), np.array(scores, dtype=np.float64), pool, floor)


def as_dict(fused: list[tuple[int, float]]) -> dict[int, float]:
    return dict(fused)


# -- zscore_fusion, by hand ----------------------------------------------------
#
# list a: keys 1 2 3, scores 3 2 1 -> mean 2, std sqrt(2/3), z = +1.2247, 0, -1.2247
# list b: keys 2 4,   scores 10 0  -> mean 5, std 5,         z = +1, -1
# A key missing from a list gets that list's lowest z (a: -1.2247, b: -1).

Z = math.sqrt(1.5)  # 1 / sqrt(2/3)


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        # equal weights
        ({"a": 1.0, "b": 1.0}, {2: 0 + 1, 1: Z - 1, 3: -Z - 1, 4: -Z - 1}),
        # b counts twice
        ({"a": 1.0, "b": 2.0}, {2: 0 + 2, 1: Z - 2, 3: -Z - 2, 4: -Z - 2}),
        # b switched off: its keys are not candidates at all
        ({"a": 1.0, "b": 0.0}, {1: Z, 2: 0.0, 3: -Z}),
        # a list without a weight is ignored too
        ({"b": 1.0}, {2: 1.0, 4: -1.0}),
    ],
    ids=["equal", "b-double", "b-zero", "a-unweighted"],
)
def test_zscore_hand_computed(weights: dict[str, float], expected: dict[int, float]) -> None:
    lists = {"a": ranked([1, 2, 3], [3, 2, 1]), "b": ranked([2, 4], [10, 0])}
    fused = zscore_fusion(lists, weights)
    assert as_dict(fused) == pytest.approx(expected)
    assert [key for key, _ in fused] == sorted(expected, key=lambda key: (-expected[key], key))


def test_zscore_ties_are_broken_by_key() -> None:
    # Keys 3 and 4 are both "lowest in a, lowest in b" and score exactly the same.
    fused = zscore_fusion({"a": ranked([1, 2, 3], [3, 2, 1]), "b": ranked([2, 4], [10, 0])}, {"a": 1, "b": 1})
    assert [key for key, _ in fused][-2:] == [3, 4]
    assert fused[-1][1] == fused[-2][1]


def test_zscore_missing_key_gets_the_lists_lowest_z() -> None:
    a = ranked([1, 2, 3], [9, 5, 1])  # z = +1.2247, 0, -1.2247
    c = ranked([2, 1, 5], [3, 2, 1])  # z = +1.2247, 0, -1.2247; key 3 is missing
    fused = as_dict(zscore_fusion({"a": a, "c": c}, {"a": 1.0, "c": 1.0}))
    assert fused[3] == pytest.approx(-Z + -Z)  # lowest in a, missing from c
    assert fused[5] == pytest.approx(-Z + -Z)  # missing from a, lowest in c
    assert fused[1] == pytest.approx(Z + 0)
    assert fused[2] == pytest.approx(0 + Z)


def test_zscore_pool_padding_with_floor() -> None:
    # A BM25 list that matched 2 of a pool of 4 items: the other 2 count as score 0.
    # values 4 2 0 0 -> mean 1.5, std sqrt(2.75); missing keys get (0 - 1.5) / std.
    std = math.sqrt(2.75)
    fused = as_dict(zscore_fusion({"stems": ranked([7, 8], [4, 2], pool=4, floor=0.0),
                                   "dense": ranked([7, 8, 9], [0.5, 0.5, 0.5])},
                                  {"stems": 1.0, "dense": 1.0}))
    assert fused == pytest.approx({7: 2.5 / std, 8: 0.5 / std, 9: -1.5 / std})


@pytest.mark.parametrize(
    "scores",
    [
        [0.7, 0.7, 0.7],  # identical scores: std is 0
        [3.0],  # a single candidate
        [1e-300, 1e-300],  # tiny but equal
    ],
)
def test_zscore_constant_list_gives_no_nan(scores: list[float]) -> None:
    keys = list(range(len(scores)))
    fused = zscore_fusion({"dense": ranked(keys, scores), "stems": ranked([0], [2.0], pool=3, floor=0.0)},
                          {"dense": 1.0, "stems": 1.0})
    assert all(math.isfinite(score) for _, score in fused)
    assert fused[0][0] == 0  # the only lexical match wins


def test_zscore_empty_inputs() -> None:
    assert zscore_fusion({}, {"dense": 1.0}) == []
    assert zscore_fusion({"dense": ranked([], [])}, {"dense": 1.0}) == []
    assert as_dict(zscore_fusion({"dense": ranked([], []), "stems": ranked([4, 5], [2, 1])},
                                 {"dense": 1.0, "stems": 1.0})) == pytest.approx({4: 1.0, 5: -1.0})


# -- reciprocal_rank_fusion, by hand -------------------------------------------


def test_rrf_hand_computed() -> None:
    lists = {"a": ranked([1, 2, 3], [3, 2, 1]), "b": ranked([2, 4], [10, 0])}
    fused = reciprocal_rank_fusion(lists)  # k = 60
    assert [key for key, _ in fused] == [2, 1, 4, 3]
    assert [score for _, score in fused] == pytest.approx([1 / 62 + 1 / 61, 1 / 61, 1 / 62, 1 / 63])


def test_rrf_uses_ranks_not_scores_and_k() -> None:
    lists = {"a": ranked([1, 2], [1000.0, 0.001]), "b": ranked([2, 1], [0.9, 0.8])}
    fused = reciprocal_rank_fusion(lists, k=1)
    assert [key for key, _ in fused] == [1, 2]  # exact tie, broken by key
    assert [score for _, score in fused] == pytest.approx([1 / 2 + 1 / 3, 1 / 3 + 1 / 2])


def test_rrf_weights() -> None:
    lists = {"a": ranked([1, 2], [2, 1]), "b": ranked([2, 1], [2, 1])}
    fused = reciprocal_rank_fusion(lists, k=10, weights={"a": 1.0, "b": 3.0})
    assert [key for key, _ in fused] == [2, 1]
    assert [score for _, score in fused] == pytest.approx([1 / 12 + 3 / 11, 1 / 11 + 3 / 12])


# -- properties ------------------------------------------------------------------

scores_strategy = st.one_of(
    st.floats(min_value=-50, max_value=50, allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, 1.0, 2.5]),  # repeated values make ties
)


@st.composite
def ranked_lists(draw: st.DrawFn) -> dict[str, RankedList]:
    names = draw(st.lists(st.sampled_from(["dense", "stems", "ngrams", "extra"]), min_size=1, max_size=4,
                          unique=True))
    lists = {}
    for name in names:
        keys = draw(st.lists(st.integers(0, 30), max_size=12, unique=True))
        scores = sorted((draw(scores_strategy) for _ in keys), reverse=True)
        pool = draw(st.integers(0, 20))
        floor = draw(st.sampled_from([None, 0.0]))
        lists[name] = ranked(keys, scores, pool=pool, floor=floor if floor is None else min([0.0, *scores]))
    return lists


weights_strategy = st.fixed_dictionaries(
    {name: st.sampled_from([0.0, 0.5, 0.7, 1.0, 2.0]) for name in ("dense", "stems", "ngrams", "extra")}
)


def canonical(fused: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """Order by score rounded to 1e-9, then key: summation order may change the last bits."""
    return sorted(((key, round(score, 9)) for key, score in fused), key=lambda item: (-item[1], item[0]))


def assert_best_first(fused: list[tuple[int, float]]) -> None:
    scores = [score for _, score in fused]
    assert all(a >= b - 1e-9 for a, b in pairwise(scores))
    assert len({key for key, _ in fused}) == len(fused)


@settings(max_examples=150, deadline=None)
@given(lists=ranked_lists(), weights=weights_strategy, data=st.data())
def test_zscore_is_independent_of_list_order(lists, weights, data) -> None:
    order = data.draw(st.permutations(list(lists)))
    fused = zscore_fusion(lists, weights)
    reordered = zscore_fusion({name: lists[name] for name in order}, weights)
    assert canonical(fused) == canonical(reordered)
    assert_best_first(fused)
    assert all(math.isfinite(score) for _, score in fused)


@settings(max_examples=150, deadline=None)
@given(lists=ranked_lists(), data=st.data())
def test_rrf_is_independent_of_list_order(lists, data) -> None:
    order = data.draw(st.permutations(list(lists)))
    fused = reciprocal_rank_fusion(lists)
    assert canonical(fused) == canonical(reciprocal_rank_fusion({name: lists[name] for name in order}))
    assert_best_first(fused)
    assert {key for key, _ in fused} == {int(k) for r in lists.values() for k in r.keys}


@settings(max_examples=100, deadline=None)
@given(lists=ranked_lists(), weights=weights_strategy)
def test_zscore_zero_weight_lists_are_ignored(lists, weights) -> None:
    kept = {name: r for name, r in lists.items() if weights[name] != 0.0}
    assert canonical(zscore_fusion(lists, weights)) == canonical(zscore_fusion(kept, weights))
    candidates = {int(k) for r in kept.values() for k in r.keys}
    assert {key for key, _ in zscore_fusion(lists, weights)} == candidates


@settings(max_examples=100, deadline=None)
@given(lists=ranked_lists(), weights=weights_strategy)
def test_zscore_each_list_is_monotone(lists, weights) -> None:
    # Within one list, with everything else equal, a better score never fuses lower:
    # with a single weighted list the fused order follows the list's order.
    name = next(iter(lists))
    single = {name: lists[name]}
    fused = as_dict(zscore_fusion(single, {name: 1.0}))
    keys = lists[name].keys.tolist()
    values = [fused[k] for k in keys]
    assert all(a >= b - 1e-9 for a, b in pairwise(values))
