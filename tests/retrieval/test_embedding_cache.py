"""The embedding cache: no chunk text embedded twice (rebuilds, re-chunking, removals, interrupted builds)."""

from __future__ import annotations

import numpy as np
import pytest

from pomocbot import Assistant, AssistantConfig, Document, EmbeddingError
from pomocbot.retrieval.embedding_cache import (
    CHECKPOINT_NAME,
    EmbeddingCache,
    read_checkpoint,
    write_checkpoint,
)
from pomocbot.retrieval.persistence import load_embedding_cache
from tests.conftest import FakeEmbedder

pytestmark = pytest.mark.unit


def _vector(*values: float) -> np.ndarray:
    return np.array(values, dtype=np.float32)


# -- the cache itself --------------------------------------------------------------------


def test_least_recently_used_vectors_leave_first() -> None:
    cache = EmbeddingCache("toy", 2, capacity=2)
    cache.put("a" * 40, _vector(1, 0))
    cache.put("b" * 40, _vector(0, 1))
    assert cache.get("a" * 40) is not None  # "a" used: "b" is now the oldest
    cache.put("c" * 40, _vector(1, 1))
    assert "b" * 40 not in cache and "a" * 40 in cache and len(cache) == 2


def test_a_cache_of_size_zero_keeps_nothing() -> None:
    cache = EmbeddingCache("toy", 2, capacity=0)
    cache.put("a" * 40, _vector(1, 0))
    assert len(cache) == 0 and cache.get("a" * 40) is None


def test_state_round_trip() -> None:
    cache = EmbeddingCache("toy", 2)
    cache.put_many(["a" * 40, "b" * 40], np.eye(2, dtype=np.float32))
    other = EmbeddingCache("toy", 2)
    other.restore(*cache.state())
    np.testing.assert_array_equal(other.get("b" * 40), [0.0, 1.0])


def test_restoring_vectors_of_another_size_is_corrupt() -> None:
    from pomocbot import IndexCorruptError

    with pytest.raises(IndexCorruptError, match="does not fit"):
        EmbeddingCache("toy", 3).restore(np.array([b"a" * 40], dtype="S40"), np.zeros((1, 2), np.float32))


def test_checkpoint_round_trip_and_foreign_or_damaged_checkpoints(tmp_path) -> None:
    cache = EmbeddingCache("toy", 2)
    cache.put("a" * 40, _vector(1, 0))
    write_checkpoint(cache, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [CHECKPOINT_NAME]  # no temporary left behind
    same, foreign = EmbeddingCache("toy", 2), EmbeddingCache("other-model", 2)
    assert read_checkpoint(same, tmp_path) == 1 and read_checkpoint(foreign, tmp_path) == 0
    (tmp_path / CHECKPOINT_NAME).write_bytes(b"not a numpy file")
    assert read_checkpoint(EmbeddingCache("toy", 2), tmp_path) == 0
    assert read_checkpoint(EmbeddingCache("toy", 2), tmp_path / "nowhere") == 0


# -- the index uses it ------------------------------------------------------------------


def test_the_same_text_under_another_id_is_not_embedded(assistant, small_kb, fake_embedder) -> None:
    copy = Document(id="zwroty-kopia", title=small_kb[0].title, text=small_kb[0].text)
    report = assistant.add_documents([copy])
    assert fake_embedder.embedded_texts == 0 and report.chunks_added == 1


def test_a_rechunked_base_reuses_unchanged_texts(make_assistant, fake_embedder) -> None:
    long_text = " ".join(f"Zdanie numer {i} o zwrotach i reklamacjach w sklepie Modrzew." for i in range(60))
    documents = [Document(id="dlugi", title="Długi", text=long_text),
                 Document(id="krotki", title="Krótki", text="Paczkomat kosztuje 11,99 zł.")]
    first = make_assistant()
    first.add_documents(documents)
    embedded_first = fake_embedder.embedded_texts
    fake_embedder.reset()
    # Another chunk size: the long document's chunks change, the short one's text does not.
    second = Assistant(AssistantConfig(knowledge={"chunk_tokens": 120, "chunk_overlap_tokens": 20}),
                       embedder=fake_embedder, stemmer=first.index.stemmer)
    digests, vectors = first.index.cached_vectors()
    second.index.embedding_cache.put_many(digests, vectors)
    report = second.add_documents(documents)
    assert report.chunks_from_cache >= 1  # the short document
    assert fake_embedder.embedded_texts == report.chunks_embedded < report.chunks_added
    assert embedded_first > 0


def test_a_rebuild_from_a_saved_index_embeds_nothing(assistant, small_kb, fake_embedder, tmp_path) -> None:
    assistant.save(tmp_path / "idx")
    fresh = Assistant(embedder=fake_embedder, stemmer=assistant.index.stemmer)
    assert load_embedding_cache(tmp_path / "idx", fresh.index.embedding_cache) == len(small_kb)
    report = fresh.add_documents(small_kb)
    assert fake_embedder.embedded_texts == 0 and report.chunks_from_cache == len(small_kb)
    query = "ile kosztuje paczkomat"
    assert [h.doc_id for h in fresh.search(query)] == [h.doc_id for h in assistant.search(query)]


def test_another_embedder_never_uses_the_cache(assistant, small_kb, tmp_path) -> None:
    assistant.save(tmp_path / "idx")
    other = FakeEmbedder(dimension=64, name="inny-model")
    fresh = Assistant(embedder=other, stemmer=assistant.index.stemmer)
    assert load_embedding_cache(tmp_path / "idx", fresh.index.embedding_cache) == 0
    fresh.add_documents(small_kb)
    assert other.embedded_texts == len(small_kb)


def test_the_cache_is_saved_with_the_index(assistant, small_kb, fake_embedder, tmp_path) -> None:
    assistant.remove_documents(["blik"])
    assistant.save(tmp_path / "idx")
    loaded = Assistant.load(tmp_path / "idx", embedder=fake_embedder)
    assert len(loaded.index.embedding_cache) == 1
    report = loaded.add_documents([small_kb[4]])  # "blik" comes back
    assert fake_embedder.embedded_texts == 0 and report.chunks_from_cache == 1


def test_an_interrupted_build_resumes_without_re_embedding(small_kb, fake_stemmer) -> None:
    config = AssistantConfig(retrieval={"embed_batch_size": 2})
    failing = FakeEmbedder(fail_on_call=3)  # batches 1 and 2 succeed, the third fails
    assistant = Assistant(config, embedder=failing, stemmer=fake_stemmer)
    with pytest.raises(EmbeddingError):
        assistant.add_documents(small_kb)
    assert len(assistant) == 0  # the index did not change
    assert len(assistant.index.embedding_cache) == 4  # but the finished batches are kept
    failing.fail_on_call = None
    failing.reset()
    report = assistant.add_documents(small_kb)
    assert failing.embedded_texts == len(small_kb) - 4 and report.chunks_from_cache == 4
    assert len(assistant) == len(small_kb)
    assert len(assistant.index.embedding_cache) == 0  # all live now: the store holds them


def test_an_edited_document_reembeds_only_its_changed_chunks(assistant, small_kb, fake_embedder) -> None:
    edited = small_kb[0].model_copy(update={"text": small_kb[0].text + " Zwrot jest bezpłatny."})
    report = assistant.add_documents([edited])
    assert report.documents_updated == 1 and fake_embedder.embedded_texts == 1
    assistant.add_documents([small_kb[0]])  # and back: the old text waited in the cache
    assert fake_embedder.embedded_texts == 1
