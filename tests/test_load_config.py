"""Assistant.load(path, config) keeps the index's build settings and the caller's query-time ones (#13)."""

from __future__ import annotations

import pytest

from pomocbot import (
    Assistant,
    AssistantConfig,
    ConfigError,
    IndexConfigConflictError,
    InvalidArgumentError,
    PrivacyOffError,
)
from tests.conftest import FakeStemmer

pytestmark = pytest.mark.unit


@pytest.fixture
def saved(tmp_path, fake_embedder, small_kb, monkeypatch):
    """An HNSW index with 120-token chunks and privacy off, saved; returns a function saving others."""
    import pomocbot.retrieval.index

    monkeypatch.setattr(pomocbot.retrieval.index, "PolishStemmer", FakeStemmer)  # see test_persistence

    def save(**sections: object):
        assistant = Assistant(AssistantConfig(**sections), embedder=fake_embedder, stemmer=FakeStemmer())
        assistant.add_documents(small_kb)
        assistant.save(tmp_path / "index")
        return tmp_path / "index"

    return save


def test_query_time_settings_merge_into_the_saved_build(saved, fake_embedder) -> None:
    path = saved(retrieval={"index_kind": "hnsw"}, knowledge={"chunk_tokens": 120})
    loaded = Assistant.load(path, AssistantConfig(retrieval={"fusion": "rrf"}, persona={"register": "ty"}),
                            embedder=fake_embedder)
    assert loaded.config.retrieval.index_kind.value == "hnsw"  # not flat, as the default config says
    assert loaded.config.knowledge.chunk_tokens == 120
    assert loaded.config.retrieval.fusion.value == "rrf" and loaded.config.persona.register.value == "ty"
    assert loaded.search("zwrot towaru", k=1)


def test_an_explicit_index_time_conflict_is_refused_with_the_fields_named(saved, fake_embedder) -> None:
    path = saved(retrieval={"index_kind": "hnsw"}, knowledge={"chunk_tokens": 120})
    with pytest.raises(IndexConfigConflictError) as caught:
        wanted = AssistantConfig(retrieval={"index_kind": "flat"}, knowledge={"chunk_tokens": 300})
        Assistant.load(path, wanted, embedder=fake_embedder)
    message = str(caught.value)
    assert "knowledge.chunk_tokens (index: 120, config: 300)" in message
    assert "retrieval.index_kind (index: hnsw, config: flat)" in message
    assert isinstance(caught.value, ConfigError)  # one except clause catches every config problem


def test_the_same_index_time_value_given_explicitly_is_no_conflict(saved, fake_embedder) -> None:
    path = saved(knowledge={"chunk_tokens": 120})
    loaded = Assistant.load(path, AssistantConfig(knowledge={"chunk_tokens": 120}), embedder=fake_embedder)
    assert loaded.config.knowledge.chunk_tokens == 120


def test_an_index_file_never_switches_privacy_off_silently(saved, fake_embedder) -> None:
    path = saved(privacy={"enabled": False})
    with pytest.raises(PrivacyOffError, match="privacy_off_acknowledged=True"):
        Assistant.load(path, embedder=fake_embedder)
    # the caller's own config (privacy on by default) wins over the file
    on = Assistant.load(path, AssistantConfig(retrieval={"fusion": "rrf"}), embedder=fake_embedder)
    assert on.config.privacy.enabled
    assert "[TELEFON" in on.reply("Mój numer to 601 234 567, gdzie paczka?").redacted_message
    # off only when the caller says so
    acknowledged = Assistant.load(path, embedder=fake_embedder, privacy_off_acknowledged=True)
    assert not acknowledged.config.privacy.enabled
    explicit = Assistant.load(path, AssistantConfig(privacy={"enabled": False}), embedder=fake_embedder)
    assert not explicit.config.privacy.enabled


def test_a_config_of_the_wrong_type_is_a_typed_error(saved, fake_embedder) -> None:
    path = saved()
    with pytest.raises(InvalidArgumentError):
        Assistant.load(path, {"retrieval": {"fusion": "rrf"}}, embedder=fake_embedder)  # type: ignore[arg-type]


def test_a_config_derived_from_the_index_file_keeps_privacy_on(saved) -> None:
    from pomocbot.retrieval.saved_config import saved_config_base

    path = saved(privacy={"enabled": False, "mode": "pseudonym"}, persona={"register": "ty"})
    base = saved_config_base(path)
    assert base.privacy.enabled and base.privacy.mode.value == "pseudonym"
    assert base.persona.register.value == "ty"
