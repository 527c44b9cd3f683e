"""Saving and loading an index: round trips, crash safety and validation of what is read."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np
import pytest

import pomocbot.retrieval.index
import pomocbot.retrieval.persistence as persistence
from pomocbot import (
    Assistant,
    AssistantConfig,
    Document,
    EmbedderMismatchError,
    FusionMode,
    IndexCorruptError,
    IndexNotFoundError,
    IndexStoreError,
    IndexVersionError,
    PomocbotError,
)
from pomocbot.retrieval.persistence import load_index, read_manifest, save_index
from tests.conftest import FakeEmbedder, FakeStemmer

QUERIES = ("ile kosztuje paczkomat", "jak zwrocic towar", "faktura VAT na firmę", "BLIK", "hasło")


@pytest.fixture(autouse=True)
def _fake_stemmer_on_load(request, monkeypatch):
    """Loading builds its own stemmer; give it the fake one, as the saved assistants use.

    ``load_index`` has no stemmer argument, so the class it builds is swapped
    here; integration tests keep the real Stempel table.
    """
    if request.node.get_closest_marker("integration") is None:
        monkeypatch.setattr(pomocbot.retrieval.index, "PolishStemmer", FakeStemmer)


def results(assistant: Assistant) -> list[list[tuple]]:
    return [[(h.doc_id, h.chunk_id, h.text, h.title, h.section, round(h.score, 6), round(h.dense_score, 6),
              h.lexical_score, h.ngram_score, h.metadata) for h in assistant.search(q, k=5)] for q in QUERIES]


def versions(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith("v-"))


def version_dir(root: Path) -> Path:
    return root / (root / "CURRENT").read_text(encoding="utf-8").strip()


@pytest.fixture
def saved(assistant: Assistant, tmp_path: Path) -> Path:
    root = tmp_path / "index"
    assistant.save(root)
    return root


# -- round trips ---------------------------------------------------------------------


@pytest.mark.unit
def test_round_trip_gives_identical_results(assistant, saved, fake_embedder) -> None:
    loaded = Assistant.load(saved, embedder=fake_embedder)
    assert len(loaded) == len(assistant)
    assert sorted(loaded.document_ids) == sorted(assistant.document_ids)
    assert loaded.config == assistant.config
    assert results(loaded) == results(assistant)


@pytest.mark.unit
def test_loaded_index_keeps_working(saved, small_kb, fake_embedder) -> None:
    loaded = Assistant.load(saved, embedder=fake_embedder)
    fake_embedder.reset()
    assert loaded.add_documents(small_kb).documents_unchanged == len(small_kb)  # content hashes survived
    assert fake_embedder.embedded_texts == 0
    loaded.remove_documents(["paczkomat"])
    loaded.add_documents([Document(id="gwarancja", title="Gwarancja",
                                   text="Gwarancja producenta trwa 2 lata.")])
    assert loaded.search("gwarancja producenta", k=1)[0].doc_id == "gwarancja"
    assert "paczkomat" not in [h.doc_id for h in loaded.search("paczkomat", k=20)]


@pytest.mark.unit
def test_round_trip_keeps_sections_metadata_and_sources(make_assistant, tmp_path, fake_embedder) -> None:
    assistant = make_assistant()
    assistant.add_documents([Document(
        id="dostawa/kurier", title="Kurier", source="kb/dostawa/kurier.md",
        metadata={"kategoria": "dostawa", "priorytet": 2},
        text="## Koszt\nKurier kosztuje 14,99 zł.\n\n## Czas\nDostawa trwa 1–2 dni. Żółć, „cudzysłów”.",
    )])
    assistant.save(tmp_path / "i")
    loaded = Assistant.load(tmp_path / "i", embedder=fake_embedder)
    assert results(loaded) == results(assistant)
    hit = loaded.search("czas dostawy", k=1)[0]
    assert (hit.section, hit.source, hit.metadata) == ("Czas", "kb/dostawa/kurier.md",
                                                       {"kategoria": "dostawa", "priorytet": 2})
    assert "„cudzysłów”" in hit.text


@pytest.mark.unit
def test_empty_index_round_trip(make_assistant, tmp_path, fake_embedder) -> None:
    make_assistant().save(tmp_path / "empty")
    loaded = Assistant.load(tmp_path / "empty", embedder=fake_embedder)
    assert len(loaded) == 0 and loaded.search("zwrot", k=3) == []


@pytest.mark.unit
@pytest.mark.parametrize("index_kind", ["hnsw", "ivfpq"])
def test_round_trip_other_index_kinds(make_assistant, small_kb, tmp_path, fake_embedder, index_kind) -> None:
    assistant = make_assistant(index_kind=index_kind, pq_m=8)
    assistant.add_documents(small_kb)
    assistant.save(tmp_path / "i")
    loaded = Assistant.load(tmp_path / "i", embedder=fake_embedder)
    assert loaded.config.retrieval.index_kind.value == index_kind
    assert results(loaded) == results(assistant)


@pytest.mark.unit
def test_load_with_explicit_config_overrides_saved_one(saved, fake_embedder) -> None:
    config = AssistantConfig(retrieval={"fusion": "rrf"})
    loaded = Assistant.load(saved, config, embedder=fake_embedder)
    assert loaded.config.retrieval.fusion is FusionMode.RRF
    assert loaded.index.config.retrieval.fusion is FusionMode.RRF
    hits = loaded.search("paczkomat", k=3)
    assert hits[0].doc_id == "paczkomat"
    assert all(h.score <= 3 / 61 + 1e-12 for h in hits)  # reciprocal-rank scale
    assert Assistant.load(saved, embedder=fake_embedder).config.retrieval.fusion is FusionMode.ZSCORE


# -- the directory layout ------------------------------------------------------------------


@pytest.mark.unit
def test_layout_has_current_and_one_version(saved) -> None:
    names = sorted(p.name for p in saved.iterdir())
    # .lock: the lock writers take turns on
    assert names == [".lock", "CURRENT", *versions(saved)] and len(versions(saved)) == 1
    folder = version_dir(saved)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["manifest.json", "documents.json", "chunks.jsonl", "ids.npy", "vectors.npy", "cache_digests.npy",
         "cache_vectors.npy"])
    manifest = read_manifest(saved)
    assert manifest["format_version"] == persistence.FORMAT_VERSION
    assert manifest["embedder"] == {"name": "fake-hash", "dimension": 64}
    assert manifest["counts"]["documents"] == 9


@pytest.mark.unit
def test_saving_again_keeps_the_current_and_the_previous_version(assistant, saved, fake_embedder,
                                                                 monkeypatch) -> None:
    first = versions(saved)
    assistant.remove_documents(["blik"])
    assistant.save(saved)
    second = versions(saved)
    # The previous version stays: a reader that read CURRENT a moment ago may still be loading it.
    assert len(second) == 2 and first[0] in second
    assert version_dir(saved).name == max(second)
    assert "blik" not in Assistant.load(saved, embedder=fake_embedder).document_ids
    monkeypatch.setattr(persistence, "CLEANUP_GRACE_S", 0.0)
    assistant.save(saved)
    assistant.save(saved)
    third = versions(saved)
    assert len(third) == 2 and version_dir(saved).name == max(third)  # current + previous, older ones gone
    assert not [p for p in saved.iterdir() if p.name.startswith(".") and p.name != ".lock"]


@pytest.mark.unit
def test_save_returns_version_dir_and_creates_parents(assistant, tmp_path) -> None:
    final = save_index(assistant.index, tmp_path / "a" / "b" / "index")
    assert final.parent == tmp_path / "a" / "b" / "index" and final.name.startswith("v-")


# -- crash safety --------------------------------------------------------------------------


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith((".tmp-", ".CURRENT")))


@pytest.mark.unit
@pytest.mark.parametrize("fail_on", [1, 2], ids=["ids.npy", "vectors.npy"])
def test_interrupted_save_keeps_previous_index(assistant, saved, fake_embedder, monkeypatch, fail_on) -> None:
    before = results(assistant)
    old_versions = versions(saved)
    assistant.remove_documents(["zwroty", "paczkomat"])
    real_save = np.save
    calls = []

    def failing_save(*args, **kwargs):
        calls.append(args[0])
        if len(calls) == fail_on:
            raise OSError("No space left on device")
        return real_save(*args, **kwargs)

    with monkeypatch.context() as patch, pytest.raises(IndexStoreError, match="No space left") as info:
        patch.setattr(persistence.np, "save", failing_save)
        assistant.save(saved)
    assert isinstance(info.value.__cause__, OSError)
    assert versions(saved) == old_versions and _leftovers(saved) == []
    loaded = Assistant.load(saved, embedder=fake_embedder)
    assert "zwroty" in loaded.document_ids and results(loaded) == before


@pytest.mark.unit
def test_failure_at_the_commit_point_keeps_previous_index(assistant, saved, fake_embedder,
                                                          monkeypatch) -> None:
    before = results(assistant)
    old_versions = versions(saved)
    assistant.remove_documents(["zwroty"])

    def failing_replace(src, dst):
        raise OSError("rename failed")

    with monkeypatch.context() as patch, pytest.raises(IndexStoreError):
        patch.setattr(persistence.os, "replace", failing_replace)
        assistant.save(saved)
    assert versions(saved) == old_versions and _leftovers(saved) == []
    assert results(Assistant.load(saved, embedder=fake_embedder)) == before


@pytest.mark.unit
def test_keyboard_interrupt_during_save_is_not_swallowed(assistant, saved, fake_embedder,
                                                         monkeypatch) -> None:
    def interrupted(index, folder):
        (folder / "documents.json").write_text("{", encoding="utf-8")  # half-written
        raise KeyboardInterrupt

    with monkeypatch.context() as patch, pytest.raises(KeyboardInterrupt):
        patch.setattr(persistence, "_write_version", interrupted)
        assistant.save(saved)
    assert _leftovers(saved) == [] and len(versions(saved)) == 1
    assert len(Assistant.load(saved, embedder=fake_embedder)) == len(assistant)


@pytest.mark.unit
def test_stale_temporaries_are_cleaned_by_the_next_save(assistant, saved) -> None:
    (saved / ".tmp-deadbeef").mkdir()  # left by a process killed mid-save, an hour ago
    (saved / ".tmp-deadbeef" / "vectors.npy").write_bytes(b"\x93NUMPY")
    old = time.time() - 3600
    os.utime(saved / ".tmp-deadbeef", (old, old))
    assistant.save(saved)
    assert _leftovers(saved) == [] and len(versions(saved)) == 2  # the new one and the one before


# -- load errors ---------------------------------------------------------------------------


@pytest.mark.unit
def test_missing_directory(tmp_path, fake_embedder) -> None:
    with pytest.raises(IndexNotFoundError, match="does not exist"):
        Assistant.load(tmp_path / "nie-ma", embedder=fake_embedder)


@pytest.mark.unit
def test_directory_without_current(tmp_path, fake_embedder) -> None:
    (tmp_path / "notatki.txt").write_text("to nie jest indeks", encoding="utf-8")
    with pytest.raises(IndexNotFoundError, match="CURRENT"):
        Assistant.load(tmp_path, embedder=fake_embedder)


@pytest.mark.unit
def test_not_found_is_also_a_file_not_found_error(tmp_path, fake_embedder) -> None:
    with pytest.raises(FileNotFoundError):
        Assistant.load(tmp_path / "nie-ma", embedder=fake_embedder)


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-100])


def _flip_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-5] ^= 0xFF
    path.write_bytes(bytes(data))


def _delete(path: Path) -> None:
    path.unlink()


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "damage", "message"),
    [
        ("vectors.npy", _truncate, "checksum"),
        ("vectors.npy", _flip_byte, "checksum"),
        ("ids.npy", _truncate, "checksum"),
        ("chunks.jsonl", _delete, "missing"),
        ("chunks.jsonl", _flip_byte, "checksum"),
        ("documents.json", _delete, "missing"),
        ("manifest.json", _delete, "manifest.json is missing"),
    ],
)
def test_damaged_files_are_reported_as_corrupt(saved, fake_embedder, name, damage, message) -> None:
    damage(version_dir(saved) / name)
    with pytest.raises(IndexCorruptError, match=message) as info:
        Assistant.load(saved, embedder=fake_embedder)
    assert isinstance(info.value, IndexStoreError) and isinstance(info.value, PomocbotError)


def _edit_manifest(root: Path, edit) -> None:
    path = version_dir(root) / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    edit(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")


@pytest.mark.unit
@pytest.mark.parametrize("version", [99, 0, "1", None])
def test_unsupported_format_version(saved, fake_embedder, version) -> None:
    _edit_manifest(saved, lambda m: m.update(format_version=version))
    with pytest.raises(IndexVersionError, match="format version"):
        Assistant.load(saved, embedder=fake_embedder)


@pytest.mark.unit
@pytest.mark.parametrize(
    "content",
    ["{not json", "", "\xff\xfe", "[1, 2, 3]", '{"format": "something-else", "format_version": 1}'],
    ids=["invalid-json", "empty", "bad-encoding", "not-an-object", "other-format"],
)
def test_bad_manifest_is_corrupt(saved, fake_embedder, content: str) -> None:
    path = version_dir(saved) / "manifest.json"
    path.write_bytes(content.encode("latin-1"))
    with pytest.raises(IndexCorruptError, match="manifest"):
        Assistant.load(saved, embedder=fake_embedder)


@pytest.mark.unit
@pytest.mark.parametrize("current", ["v-nie-istnieje", "", "../elsewhere"])
def test_current_pointing_nowhere_is_corrupt(saved, fake_embedder, current: str) -> None:
    (saved / "CURRENT").write_text(current, encoding="utf-8")
    with pytest.raises(IndexCorruptError, match="CURRENT"):
        Assistant.load(saved, embedder=fake_embedder)


@pytest.mark.unit
@pytest.mark.parametrize(
    "embedder",
    [FakeEmbedder(name="other-model"), FakeEmbedder(dimension=32), FakeEmbedder(name="x", dimension=128)],
    ids=["other-name", "other-dimension", "both"],
)
def test_loading_with_another_embedder_is_refused(saved, embedder) -> None:
    with pytest.raises(EmbedderMismatchError, match="fake-hash") as info:
        Assistant.load(saved, embedder=embedder)
    assert isinstance(info.value, IndexStoreError)


BAD_CONFIGS = [
    pytest.param(lambda m: m["config"]["retrieval"].update(fusion="nope"), id="invalid-value"),
    # e.g. written by a newer pomocbot with a setting this version does not know
    pytest.param(lambda m: m["config"]["retrieval"].update(rerank=True), id="unknown-field"),
    pytest.param(lambda m: m.pop("config"), id="missing"),
]


@pytest.mark.unit
@pytest.mark.parametrize("edit", BAD_CONFIGS)
def test_bad_saved_config_is_corrupt_for_load_index(saved, fake_embedder, edit) -> None:
    _edit_manifest(saved, edit)
    with pytest.raises(IndexCorruptError):
        load_index(saved, fake_embedder)


@pytest.mark.unit
@pytest.mark.parametrize("explicit_config", [False, True], ids=["saved-config", "explicit-config"])
@pytest.mark.parametrize("edit", BAD_CONFIGS)
def test_bad_saved_config_is_corrupt_for_assistant_load(saved, fake_embedder, edit, explicit_config) -> None:
    _edit_manifest(saved, edit)
    config = AssistantConfig() if explicit_config else None
    with pytest.raises(IndexCorruptError):
        Assistant.load(saved, config, embedder=fake_embedder)


@pytest.mark.unit
def test_inconsistent_files_with_valid_checksums_are_corrupt(saved, fake_embedder) -> None:
    # Files that each look fine but disagree (e.g. copied from two saves) are caught too.
    folder = version_dir(saved)
    ids = np.load(folder / "ids.npy")
    np.save(folder / "ids.npy", ids[::-1] + 1)
    _edit_manifest(saved, lambda m: m["files"].update(
        {"ids.npy": persistence._sha256(folder / "ids.npy")}))
    with pytest.raises(IndexCorruptError, match="do not agree"):
        Assistant.load(saved, embedder=fake_embedder)


# -- save errors ---------------------------------------------------------------------------


@pytest.mark.unit
def test_saving_into_a_non_index_directory_is_refused(assistant, tmp_path) -> None:
    (tmp_path / "raport.docx").write_bytes(b"nie moje")
    with pytest.raises(IndexStoreError, match="not a pomocbot index"):
        assistant.save(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raport.docx"]


@pytest.mark.unit
def test_saving_onto_a_file_is_refused(assistant, tmp_path) -> None:
    target = tmp_path / "plik"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(IndexStoreError, match="not a directory"):
        assistant.save(target)


@pytest.mark.unit
def test_saving_into_an_empty_directory_works(assistant, tmp_path, fake_embedder) -> None:
    (tmp_path / "pusty").mkdir()
    assistant.save(tmp_path / "pusty")
    assert len(Assistant.load(tmp_path / "pusty", embedder=fake_embedder)) == len(assistant)


# -- with the real stemmer ----------------------------------------------------------------


@pytest.mark.integration
def test_round_trip_with_default_stemmer(small_kb, tmp_path, polish_stemmer) -> None:
    embedder = FakeEmbedder()
    assistant = Assistant(embedder=embedder, stemmer=polish_stemmer)
    assistant.add_documents(small_kb)
    assistant.save(tmp_path / "i")
    loaded = load_index(tmp_path / "i", embedder)  # builds its own PolishStemmer
    assert type(loaded.stemmer).__name__ == "PolishStemmer"
    assert results(Assistant(loaded.config, _index=loaded)) == results(assistant)


@pytest.mark.unit
def test_the_llm_api_key_is_never_written_to_disk(small_kb, fake_embedder, fake_stemmer, tmp_path) -> None:
    secret = "sk-test-0123456789abcdef"
    config = AssistantConfig(drafting={"llm": {"model": "m", "base_url": "http://localhost:9/v1",
                                               "api_key": secret}})
    assistant = Assistant(config, embedder=fake_embedder, stemmer=fake_stemmer)
    assistant.add_documents(small_kb)
    root = tmp_path / "index"
    assistant.save(root)
    for path in root.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path.name
    loaded = Assistant.load(root, embedder=fake_embedder)
    assert loaded.config.drafting.llm is not None and loaded.config.drafting.llm.api_key is None
