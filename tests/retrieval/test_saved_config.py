"""config_for_loading keeps the settings marked index-time from the saved index, the rest from the caller."""

from __future__ import annotations

import pytest

from pomocbot import AssistantConfig, IndexConfigConflictError
from pomocbot.retrieval.saved_config import config_for_loading

pytestmark = pytest.mark.unit

SAVED = AssistantConfig(retrieval={"embedder": "use", "index_kind": "hnsw", "bm25_k1": 1.5},
                        knowledge={"chunk_tokens": 120}, privacy={"enabled": True})


def test_index_time_settings_come_from_the_index_and_the_rest_from_the_caller() -> None:
    given = AssistantConfig(retrieval={"hnsw_ef_search": 64, "embedder_threads": 2, "fusion": "rrf"},
                            drafting={"max_words": 20})
    merged = config_for_loading(SAVED, given, path="idx")
    r = merged.retrieval
    assert (r.embedder.value, r.index_kind.value, r.bm25_k1, merged.knowledge.chunk_tokens) == (
        "use", "hnsw", 1.5, 120)
    assert (r.hnsw_ef_search, r.embedder_threads, r.fusion.value, merged.drafting.max_words) == (
        64, 2, "rrf", 20)
    # the caller's other settings as they are, its default fusion weights included
    assert r.weights == AssistantConfig().retrieval.weights


@pytest.mark.parametrize(
    ("given", "named"),
    [
        ({"retrieval": {"bm25_k1": 1.2}}, "retrieval.bm25_k1 (index: 1.5, config: 1.2)"),
        ({"retrieval": {"embedder": "e5"}}, "retrieval.embedder (index: use, config: e5)"),
        ({"knowledge": {"drop_unsafe_sentences": False}},
         "knowledge.drop_unsafe_sentences (index: True, config: False)"),
    ],
)
def test_an_explicit_other_index_time_value_is_a_conflict(given, named) -> None:
    with pytest.raises(IndexConfigConflictError) as caught:
        config_for_loading(SAVED, AssistantConfig(**given), path="idx")
    assert named in str(caught.value)


def test_query_and_load_time_settings_never_conflict() -> None:
    given = AssistantConfig(retrieval={"ivf_nprobe": 2, "search_threads": 2, "embedding_cache_size": 0},
                            knowledge={"encodings": ("utf-8", "cp1250")})
    merged = config_for_loading(SAVED, given, path="idx")
    assert merged.knowledge.encodings == ("utf-8", "cp1250") and merged.retrieval.embedding_cache_size == 0
