"""FaissVectorStore against numpy brute force, plus upsert, delete and persistence state."""

from __future__ import annotations

import numpy as np
import pytest

from pomocbot.config import IndexKind
from pomocbot.errors import ConfigError, IndexCorruptError, PomocbotError
from pomocbot.retrieval.vector_store import FaissVectorStore

pytestmark = pytest.mark.unit

KINDS = ["flat", "hnsw", "ivfpq"]


def unit_rows(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def random_unit(rng: np.random.Generator, n: int, d: int) -> np.ndarray:
    return unit_rows(rng.standard_normal((n, d)))


def clustered_unit(rng: np.random.Generator, n: int, d: int, clusters: int = 30) -> np.ndarray:
    """Unit vectors around a few centres, like embeddings of a knowledge base's topics."""
    centres = random_unit(rng, clusters, d)
    return unit_rows(centres[rng.integers(0, clusters, n)] + 0.07 * rng.standard_normal((n, d)))


def brute_force(database: np.ndarray, ids: np.ndarray, query: np.ndarray,
                k: int) -> tuple[np.ndarray, np.ndarray]:
    scores = database @ query
    order = np.argsort(-scores, kind="stable")[:k]
    return ids[order], scores[order]


def check_knn_with_ties(database: np.ndarray, ids: np.ndarray, query: np.ndarray, got_ids: np.ndarray,
                        got_scores: np.ndarray, k: int, tol: float = 1e-5) -> None:
    """Like faiss ``contrib/evaluation.py::check_ref_knn_with_draws``.

    Scores must match the reference; ids may differ only among items whose
    score ties (within ``tol``) with the last returned score, since any of
    them is a correct k-th neighbour.
    """
    ref_ids, ref_scores = brute_force(database, ids, query, k)
    np.testing.assert_allclose(got_scores, ref_scores, atol=tol)
    all_scores = database @ query
    score_of = dict(zip(ids.tolist(), all_scores.tolist(), strict=True))
    boundary = ref_scores[-1]
    above = {int(i) for i, s in zip(ref_ids, ref_scores, strict=True) if s > boundary + tol}
    assert above <= set(got_ids.tolist()), "a strictly better neighbour is missing"
    for i, s in zip(got_ids.tolist(), got_scores.tolist(), strict=True):
        assert score_of[i] == pytest.approx(s, abs=tol), "returned score is not the id's inner product"
    tied = {int(i) for i, s in zip(ids, all_scores, strict=True) if abs(s - boundary) <= tol}
    assert set(got_ids.tolist()) - above <= tied
    assert len(set(got_ids.tolist())) == len(got_ids) == k


# -- exactness and recall ------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("k", [1, 5, 20])
def test_flat_equals_numpy_brute_force(seed: int, k: int) -> None:
    rng = np.random.default_rng(seed)
    database = random_unit(rng, 500, 32)
    ids = rng.choice(10**12, size=500, replace=False).astype(np.int64)  # arbitrary, non-contiguous ids
    store = FaissVectorStore(32, "flat")
    store.add(ids, database)
    for query in random_unit(rng, 20, 32):
        got_ids, got_scores = store.search(query, k)
        check_knn_with_ties(database, ids, query, got_ids, got_scores, k)


def test_flat_tolerates_ties_among_duplicate_vectors() -> None:
    rng = np.random.default_rng(3)
    base = random_unit(rng, 10, 16)
    database = np.concatenate([base, base, base])  # every vector three times: many exact ties
    ids = np.arange(30, dtype=np.int64)
    store = FaissVectorStore(16)
    store.add(ids, database)
    for query in random_unit(rng, 10, 16):
        for k in (2, 4, 7):
            got_ids, got_scores = store.search(query, k)
            check_knn_with_ties(database, ids, query, got_ids, got_scores, k)


def test_hnsw_recall_against_brute_force() -> None:
    rng = np.random.default_rng(4)
    database = random_unit(rng, 2000, 32)
    ids = np.arange(2000, dtype=np.int64)
    store = FaissVectorStore(32, "hnsw")
    store.add(ids, database)
    queries = random_unit(rng, 50, 32)
    found = 0
    for query in queries:
        ref_ids, _ = brute_force(database, ids, query, 10)
        got_ids, got_scores = store.search(query, 10)
        assert np.all(np.diff(got_scores) <= 1e-6), "results must be best first"
        found += len(set(ref_ids.tolist()) & set(got_ids.tolist()))
    assert found / (10 * len(queries)) >= 0.9


def test_ivfpq_finds_true_neighbour_in_top_10() -> None:
    # PQ compresses each 64-d vector to 8 bytes, so its ranking of close
    # neighbours is approximate; the standard FAISS measure for IVF-PQ is
    # 1-recall@10: is the exact nearest neighbour among the 10 returned?
    rng = np.random.default_rng(5)
    database = clustered_unit(rng, 3000, 64)
    ids = np.arange(3000, dtype=np.int64) * 7
    store = FaissVectorStore(64, "ivfpq", pq_m=8)
    store.add(ids, database)
    picks = rng.choice(3000, 100, replace=False)
    queries = unit_rows(database[picks] + 0.02 * rng.standard_normal((100, 64)))
    hits = 0
    for query in queries:
        ref_ids, _ = brute_force(database, ids, query, 1)
        got_ids, _ = store.search(query, 10)
        assert len(got_ids) == 10
        hits += int(ref_ids[0] in got_ids)
    assert hits / len(queries) >= 0.9


def test_ivfpq_small_store_searches_exactly() -> None:
    # Below 39 points per list (and at least 256) IVF training is unstable, so the store searches exactly.
    rng = np.random.default_rng(6)
    database = random_unit(rng, 200, 64)
    ids = np.arange(200, dtype=np.int64)
    store = FaissVectorStore(64, "ivfpq", pq_m=8)
    store.add(ids, database)
    for query in random_unit(rng, 10, 64):
        got_ids, got_scores = store.search(query, 10)
        check_knn_with_ties(database, ids, query, got_ids, got_scores, 10)


# -- upsert and delete ---------------------------------------------------


def _filled_store(kind: str, n: int, d: int, seed: int = 7, **kwargs) -> tuple[FaissVectorStore, np.ndarray]:
    rng = np.random.default_rng(seed)
    database = random_unit(rng, n, d)
    store = FaissVectorStore(d, kind, ivf_nlist=4, **kwargs)
    store.add(np.arange(n, dtype=np.int64), database)
    if kind == "ivfpq" and n >= 300:
        store.search(database[0], 1)
        assert store._ivf_built  # white-box: really IVF-PQ, not the exact fallback
    return store, database


# 50 vectors keep IVF-PQ on its exact fallback; 300 with 4 lists train real IVF-PQ.
STORES = [
    pytest.param("flat", 50, id="flat"),
    pytest.param("hnsw", 50, id="hnsw"),
    pytest.param("ivfpq", 50, id="ivfpq-exact-fallback"),
    pytest.param("ivfpq", 300, id="ivfpq-trained"),
]


@pytest.mark.parametrize(("kind", "n"), STORES)
@pytest.mark.parametrize("searched_before", [False, True], ids=["fresh", "built"])
def test_upsert_replaces_vector_by_id(kind: str, n: int, searched_before: bool) -> None:
    # Regression (built-hnsw): the replaced id used to stay tombstoned, hiding the new vector.
    store, database = _filled_store(kind, n, 32, pq_m=8)
    if searched_before:
        store.search(database[0], 5)  # builds the FAISS index, so the update goes in place
    # The new vector is far from the old one (so the old one can't be found under id 7)
    # yet inside the data the PQ codebooks were trained on.
    new = unit_rows(database[20:21] + 0.01)
    store.add(np.array([7]), new)
    assert len(store) == n
    np.testing.assert_allclose(store.vectors_for(np.array([7])), new)
    got_ids, got_scores = store.search(new[0], 3)
    assert 7 in got_ids[:2] and list(got_ids).count(7) == 1
    if kind != "ivfpq" or n < 300:
        assert got_ids[0] == 7 and got_scores[0] == pytest.approx(1.0, abs=1e-5)
    old_ids, _ = store.search(database[7], 3)
    assert 7 not in old_ids


@pytest.mark.parametrize(("kind", "n"), STORES)
@pytest.mark.parametrize("searched_before", [False, True], ids=["fresh", "built"])
def test_remove_deletes_from_results(kind: str, n: int, searched_before: bool) -> None:
    store, database = _filled_store(kind, n, 32, pq_m=8)
    if searched_before:
        store.search(database[0], 5)
    removed = np.array([3, 4, 5], dtype=np.int64)
    assert store.remove(np.concatenate([removed, [10**9]])) == 3  # unknown ids are ignored
    assert len(store) == n - 3
    assert all(int(i) not in store for i in removed)
    for i in removed:
        got_ids, _ = store.search(database[i], 10)
        assert not set(got_ids.tolist()) & set(removed.tolist())
        assert len(got_ids) == 10


def test_hnsw_remove_then_rebuild_after_many_deletions() -> None:
    store, database = _filled_store("hnsw", 200, 32)
    store.search(database[0], 5)
    # A few deletions are tombstones filtered out of results...
    store.remove(np.arange(10))
    got_ids, _ = store.search(database[5], 20)
    assert len(got_ids) == 20 and not set(got_ids.tolist()) & set(range(10))
    assert store._tombstones == set(range(10))  # white-box: 10 of 190 is under the 10% rebuild share
    # ...and past 10% of the index the graph is rebuilt without them.
    store.remove(np.arange(10, 100))
    got_ids, got_scores = store.search(database[150], 5)
    assert not store._tombstones
    assert got_ids[0] == 150 and got_scores[0] == pytest.approx(1.0, abs=1e-5)
    assert all(i >= 100 for i in got_ids)
    for i in range(0, 100, 7):
        assert not set(store.search(database[i], 10)[0].tolist()) & set(range(100))


def test_hnsw_readd_after_remove_is_searchable() -> None:
    # Regression: a re-added id used to stay hidden behind its tombstone.
    store, database = _filled_store("hnsw", 100, 32)
    store.search(database[0], 5)
    store.remove(np.array([42]))
    store.add(np.array([42]), database[42:43])
    got_ids, _ = store.search(database[42], 1)
    assert got_ids.tolist() == [42]


@pytest.mark.parametrize("kind", KINDS)
def test_remove_everything_then_search_is_empty(kind: str) -> None:
    store, database = _filled_store(kind, 20, 16, pq_m=4)
    store.search(database[0], 3)
    store.remove(np.arange(20))
    ids, scores = store.search(database[0], 3)
    assert len(store) == 0 and ids.size == 0 and scores.size == 0


@pytest.mark.parametrize("kind", KINDS)
def test_search_on_empty_store(kind: str) -> None:
    store = FaissVectorStore(16, kind, pq_m=4)
    ids, scores = store.search(np.ones(16, dtype=np.float32) / 4, 5)
    assert ids.dtype == np.int64 and ids.size == 0 and scores.size == 0


@pytest.mark.parametrize("kind", KINDS)
def test_k_larger_than_store_returns_everything(kind: str) -> None:
    store, database = _filled_store(kind, 12, 16, pq_m=4)
    ids, scores = store.search(database[0], 100)
    assert sorted(ids.tolist()) == list(range(12))
    assert np.all(np.diff(scores) <= 1e-6)


def test_search_with_nonpositive_k_is_empty() -> None:
    store, database = _filled_store("flat", 5, 8)
    assert store.search(database[0], 0)[0].size == 0


# -- bad input -------------------------------------------------------------


def test_add_rejects_wrong_shape_and_duplicate_ids() -> None:
    store = FaissVectorStore(8)
    with pytest.raises(ConfigError, match="shape"):
        store.add(np.array([1, 2]), np.ones((2, 7), dtype=np.float32))
    with pytest.raises(ConfigError, match="duplicate"):
        store.add(np.array([1, 1]), np.ones((2, 8), dtype=np.float32))
    assert len(store) == 0


@pytest.mark.parametrize(("dimension", "pq_m"), [(64, 7), (512, 48), (10, 4)])
def test_pq_m_must_divide_dimension(dimension: int, pq_m: int) -> None:
    with pytest.raises(ConfigError, match=f"pq_m={pq_m}") as info:
        FaissVectorStore(dimension, IndexKind.IVFPQ, pq_m=pq_m)
    assert isinstance(info.value, PomocbotError)


def test_pq_m_is_not_checked_for_other_kinds() -> None:
    assert FaissVectorStore(10, "flat", pq_m=64).kind is IndexKind.FLAT


# -- state and restore -----------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_state_restore_round_trip(kind: str) -> None:
    store, database = _filled_store(kind, 60, 16, pq_m=4)
    store.remove(np.array([1, 2]))
    ids, vectors = store.state()
    copy = FaissVectorStore(16, kind, pq_m=4)
    copy.restore(ids, vectors)
    assert len(copy) == 58 and np.array_equal(copy.ids, store.ids)
    for query in database[10:15]:
        a_ids, a_scores = store.search(query, 5)
        b_ids, b_scores = copy.search(query, 5)
        assert a_ids.tolist() == b_ids.tolist()
        np.testing.assert_allclose(a_scores, b_scores, atol=1e-6)


def test_state_is_a_copy() -> None:
    store, _ = _filled_store("flat", 5, 8)
    ids, vectors = store.state()
    ids[:] = -1
    vectors[:] = 0
    assert store.ids.tolist() == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    ("ids", "vectors"),
    [
        # one id short
        (np.arange(3), np.zeros((4, 8), dtype=np.float32)),
        # wrong dimension
        (np.arange(4), np.zeros((4, 9), dtype=np.float32)),
        # flat array instead of rows
        (np.arange(4), np.zeros(32, dtype=np.float32)),
        # duplicate ids
        (np.array([1, 1, 2, 3]), np.zeros((4, 8), dtype=np.float32)),
    ],
    ids=["count", "dimension", "1-d", "duplicate-ids"],
)
def test_restore_rejects_inconsistent_state(ids: np.ndarray, vectors: np.ndarray) -> None:
    with pytest.raises(IndexCorruptError):
        FaissVectorStore(8).restore(ids, vectors)


def test_search_uses_its_own_thread_count_and_restores_the_callers() -> None:
    import faiss

    store = FaissVectorStore(2, search_threads=1)
    store.add(np.array([1, 2]), np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32))
    previous = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(2)
    try:
        ids, _ = store.search(np.array([0.9, 0.1], dtype=np.float32), k=1)
        assert ids.tolist() == [1]
        assert faiss.omp_get_max_threads() == 2  # the caller's setting is back
    finally:
        faiss.omp_set_num_threads(previous)


@pytest.mark.parametrize("kind", [IndexKind.HNSW, IndexKind.IVFPQ])
def test_search_params_change_on_a_built_index(kind: IndexKind) -> None:
    """hnsw_ef_search / ivf_nprobe are query-time settings: a built FAISS index takes new values at once."""
    import faiss

    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(2000, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store = FaissVectorStore(16, kind, ivf_nlist=4, pq_m=4)
    store.add(np.arange(2000, dtype=np.int64), vectors)
    store.search(vectors[0], 5)
    store.set_search_params(hnsw_ef_search=7, ivf_nprobe=3, search_threads=1)
    inner = faiss.downcast_index(store._index.index)
    if kind is IndexKind.HNSW:
        assert inner.hnsw.efSearch == 7
    else:
        assert inner.nprobe == 3
    assert len(store.search(vectors[0], 5)[0]) == 5
