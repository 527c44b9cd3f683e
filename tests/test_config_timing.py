"""Each setting says when it takes effect; the index loader, the eval runner and update_retrieval derive
their lists from those marks."""

from __future__ import annotations

import pytest

from pomocbot import AssistantConfig, ConfigError
from pomocbot.config import (
    config_sections,
    index_time_fields,
    query_time_fields,
    setting_time,
    settings_at,
)
from pomocbot.eval.configs import QUERY_TIME_RETRIEVAL, QUERY_TIME_SECTIONS, index_changes
from pomocbot.retrieval.saved_config import INDEX_TIME_SETTINGS

pytestmark = pytest.mark.unit

# Every field of every section, with when it takes effect. A new field fails here until someone decides
# (reading retrieval/index.py and knowledge/) whether changing it needs a rebuild.
TIMING: dict[str, dict[str, str]] = {
    "knowledge": {
        # the chunks and their cleaning
        "chunk_tokens": "index", "chunk_overlap_tokens": "index", "redact_personal_data": "index",
        "keep_personal_data_in": "index", "drop_unsafe_sentences": "index",
        # which files can be read: what was read stays valid
        "encodings": "query", "max_file_bytes": "query",
    },
    "retrieval": {
        # the vectors
        "embedder": "index", "embedder_model_path": "index", "query_prefix": "index",
        "passage_prefix": "index",
        # the embedder and the cache are built with these
        "embedder_threads": "load", "build_threads": "load", "embedding_cache_size": "load",
        "embed_batch_size": "query",
        # which store holds the vectors: the index object is built with it
        "vector_store": "load", "vector_store_url": "load",
        # the FAISS structure, then how widely it is searched
        "index_kind": "index", "hnsw_m": "index", "hnsw_ef_construction": "index", "ivf_nlist": "index",
        "pq_m": "index", "hnsw_ef_search": "query", "ivf_nprobe": "query", "search_threads": "query",
        # BM25's scores and terms
        "bm25_k1": "index", "bm25_b": "index", "stemmer_table": "index", "ngram_size": "index",
        # fusion
        "fusion": "query", "weights": "query", "feedback": "query", "answer_type_prior": "query",
        "candidates": "query", "rrf_k": "query", "max_query_chars": "query",
    },
    "conversation": {
        "store": "query", "sqlite_path": "query", "postgres_url": "query", "history_turns": "query",
        "retention_days": "query",
        # the shared locks are made once, with the assistant
        "lock_url": "load", "lock_timeout_s": "load", "lock_wait_s": "load",
    },
}
WHOLLY_QUERY_TIME = ("drafting", "persona", "privacy", "escalation")


def test_every_field_of_every_section_is_classified() -> None:
    sections = config_sections()
    assert set(sections) == set(TIMING) | set(WHOLLY_QUERY_TIME)
    for name, expected in TIMING.items():
        assert set(sections[name].model_fields) == set(expected), name
        assert {field: setting_time(sections[name], field) for field in expected} == expected
    for name in WHOLLY_QUERY_TIME:
        assert {setting_time(sections[name], field) for field in sections[name].model_fields} == {"query"}


def test_the_three_times_partition_each_section() -> None:
    at = {time: settings_at(time) for time in ("index", "load", "query")}  # type: ignore[arg-type]
    for name, section in config_sections().items():
        parts = [at[time][name] for time in at]
        assert frozenset().union(*parts) == set(section.model_fields)
        assert sum(map(len, parts)) == len(section.model_fields)  # disjoint


def test_faiss_search_knobs_are_query_time_and_the_builders_settings_index_time() -> None:
    assert {"hnsw_ef_search", "ivf_nprobe", "search_threads"} <= query_time_fields("retrieval")
    builder = {"embedder", "embedder_model_path", "query_prefix", "passage_prefix", "index_kind", "hnsw_m",
               "hnsw_ef_construction", "ivf_nlist", "pq_m", "stemmer_table", "ngram_size", "bm25_k1",
               "bm25_b"}
    assert index_time_fields()["retrieval"] == builder
    assert index_time_fields()["knowledge"] == {"chunk_tokens", "chunk_overlap_tokens",
                                                "redact_personal_data", "keep_personal_data_in",
                                                "drop_unsafe_sentences"}


def test_the_old_constants_are_derived_from_the_marks() -> None:
    assert {name: fields for name, fields in index_time_fields().items() if fields} == INDEX_TIME_SETTINGS
    # sections with no index-time field: an evaluation sweep over them needs no rebuild
    assert set(WHOLLY_QUERY_TIME) | {"conversation"} == QUERY_TIME_SECTIONS
    assert query_time_fields("retrieval") | settings_at("load")["retrieval"] == QUERY_TIME_RETRIEVAL
    assert not QUERY_TIME_RETRIEVAL & INDEX_TIME_SETTINGS["retrieval"]


@pytest.mark.parametrize(
    ("overrides", "changes"),
    [
        # FAISS search parameters: no rebuild
        ({"retrieval": {"hnsw_ef_search": 64, "ivf_nprobe": 4, "search_threads": 2}}, []),
        # the embedder's threads: no rebuild either
        ({"retrieval": {"embedder_threads": 2, "embedding_cache_size": 0}}, []),
        ({"retrieval": {"bm25_b": 0.5, "hnsw_m": 16}}, ["retrieval.bm25_b", "retrieval.hnsw_m"]),
        ({"knowledge": {"encodings": ["utf-8", "cp1250"]}}, []),
        ({"knowledge": {"drop_unsafe_sentences": False}}, ["knowledge.drop_unsafe_sentences"]),
    ],
)
def test_index_changes_follow_the_marks(overrides, changes) -> None:
    base = AssistantConfig()
    assert index_changes(base, base.merged(overrides)) == changes


# -- with_query_time_changes: what Assistant.update_retrieval applies -------------
def test_query_time_changes_merge_and_validate() -> None:
    config = AssistantConfig(retrieval={"weights": {"stems": 0.8}})
    changed = config.with_query_time_changes("retrieval", weights={"dense": 1.0}, hnsw_ef_search=64)
    assert (changed.retrieval.weights.dense, changed.retrieval.weights.stems) == (1.0, 0.8)
    assert changed.retrieval.hnsw_ef_search == 64
    assert config.retrieval.hnsw_ef_search == 128  # frozen: a copy
    with pytest.raises(ConfigError, match=r"retrieval\.candidates: Input should be greater"):
        config.with_query_time_changes(candidates=0)
    assert AssistantConfig().with_query_time_changes("drafting", max_words=20).drafting.max_words == 20


@pytest.mark.parametrize(
    ("section", "changes", "named"),
    [
        ("retrieval", {"embedder": "use"}, r"embedder \(fixed when the index is built"),
        ("retrieval", {"embedder_threads": 4}, r"embedder_threads \(read when the index's parts are built"),
        ("retrieval", {"fusoin": "rrf"}, r"fusoin \(not settings of retrieval\)"),
        ("knowledge", {"chunk_tokens": 300}, r"chunk_tokens \(fixed"),
        ("retrieval", {"hnsw_m": 16, "stemmer_table": "original"}, r"hnsw_m, stemmer_table \(fixed"),
        ("nie_ma", {"x": 1}, r"'nie_ma' is not a config section"),
    ],
)
def test_changes_a_loaded_index_cannot_take_are_refused_by_name(section, changes, named) -> None:
    with pytest.raises(ConfigError, match=named):
        AssistantConfig().with_query_time_changes(section, **changes)


def test_unknown_setting_and_time_are_config_errors() -> None:
    from pomocbot.config import RetrievalConfig

    with pytest.raises(ConfigError, match="RetrievalConfig has no setting 'fusoin'"):
        setting_time(RetrievalConfig, "fusoin")
    with pytest.raises(ConfigError, match="not a setting time"):
        settings_at("build")  # type: ignore[arg-type]
