"""Combining ranked lists from several retrievers.

Each retriever gives a :class:`RankedList` of candidate keys with scores
(best first). Two fusions:

* :func:`zscore_fusion` (default): each list's scores are standardised over
  its own top-``N`` candidates (mean 0, standard deviation 1), a key missing
  from a list gets that list's lowest standardised score, and the weighted
  sum ranks the union. Unlike rank fusion it keeps *how much* better the top
  hit is: a BM25 hit far above the rest stays on top even when the dense side
  is lukewarm. On allegro-faq it beats plain RRF by about 0.09 nDCG@10 (see
  ``benchmarks/RESULTS.md``); score normalisation before a convex combination
  follows Bruch et al. 2023, "An Analysis of Fusion Functions for Hybrid
  Retrieval" (ACM TOIS), which finds it ahead of RRF when weights are tuned.
* :func:`reciprocal_rank_fusion`: ``sum 1 / (k + rank)`` (Cormack, Clarke &
  Büttcher, SIGIR 2009). ``k = 60`` is the paper's constant: it damps the
  advantage of the very first ranks so that agreement between lists matters.

Both are pure functions and independent of the order of the lists.

>>> a = RankedList(keys=np.array([1, 2, 3]), scores=np.array([9.0, 3.0, 1.0]))
>>> b = RankedList(keys=np.array([2, 1, 4]), scores=np.array([0.8, 0.7, 0.1]))
>>> [key for key, _ in zscore_fusion({"bm25": a, "dense": b}, {"bm25": 1.0, "dense": 1.0})][:2]
[1, 2]
>>> [key for key, _ in reciprocal_rank_fusion({"bm25": a, "dense": b})][:2]
[1, 2]
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

__all__ = ["RankedList", "reciprocal_rank_fusion", "zscore_fusion", "zscore_fusion_arrays"]


@dataclass(frozen=True)
class RankedList:
    """Candidate keys and their scores, best first.

    ``pool`` is the number of candidates the statistics are taken over; when a
    lexical retriever matched fewer than ``pool`` items, the rest count as
    score ``floor`` (BM25's 0 for "no term matched").
    """

    keys: np.ndarray
    scores: np.ndarray
    pool: int = 0
    floor: float | None = None


def _standardise(ranked: RankedList) -> tuple[np.ndarray, float]:
    scores = np.asarray(ranked.scores, dtype=np.float64)
    if not len(scores):
        return scores, 0.0
    padding = max(ranked.pool - len(scores), 0) if ranked.floor is not None else 0
    # Mean and spread over the scores plus ``padding`` copies of the floor, without building that array
    # (this runs for every list of every search).
    count = len(scores) + padding
    floor = float(ranked.floor) if padding and ranked.floor is not None else 0.0
    total = float(scores.sum()) + padding * floor
    mean = total / count
    centred = scores - mean
    variance = (float(centred @ centred) + padding * (floor - mean) ** 2) / count
    std = math.sqrt(variance) if variance > 0 else 0.0
    if not math.isfinite(std) or std < 1e-12:
        return np.zeros_like(scores), 0.0
    lowest = min(float(scores.min()), floor) if padding else float(scores.min())
    return centred / std, (lowest - mean) / std


def zscore_fusion(lists: Mapping[str, RankedList], weights: Mapping[str, float]) -> list[tuple[int, float]]:
    """Weighted sum of per-list standardised scores, best first; ties broken by key."""
    keys, scores = zscore_fusion_arrays(lists, weights)
    return list(zip(keys.tolist(), scores.tolist(), strict=True))


def zscore_fusion_arrays(lists: Mapping[str, RankedList],
                         weights: Mapping[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """:func:`zscore_fusion` as ``(keys, scores)`` arrays (the search path stays in numpy)."""
    missing_total = 0.0
    per_list = []
    for name, ranked in lists.items():
        weight = weights.get(name, 0.0)
        if weight == 0.0 or not len(ranked.keys):
            continue
        z, missing = _standardise(ranked)
        per_list.append((weight, np.asarray(ranked.keys, dtype=np.int64), z, missing))
        missing_total += weight * missing
    if not per_list:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    # Start every key of the union from "missing everywhere", then swap in the real scores
    # (vectorised: this runs twice per search with relevance feedback).
    union, inverse = np.unique(np.concatenate([keys for _, keys, _, _ in per_list]), return_inverse=True)
    fused = np.full(len(union), missing_total)
    offset = 0
    for weight, keys, z, missing in per_list:
        fused[inverse[offset : offset + len(keys)]] += weight * (z - missing)  # keys are unique per list
        offset += len(keys)
    order = np.lexsort((union, -fused))
    return union[order], fused[order]


def reciprocal_rank_fusion(lists: Mapping[str, RankedList], k: int = 60,
                           weights: Mapping[str, float] | None = None) -> list[tuple[int, float]]:
    """Reciprocal rank fusion, best first; ties broken by key."""
    fused: dict[int, float] = {}
    for name, ranked in lists.items():
        weight = 1.0 if weights is None else weights.get(name, 0.0)
        for rank, key in enumerate(ranked.keys.tolist(), start=1):
            fused[key] = fused.get(key, 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))
