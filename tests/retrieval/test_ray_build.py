"""Embedding the shop's knowledge base on a local Ray cluster (``pomocbot index KB --ray``).

The actors build :class:`HashEmbedder` by its import path, so the workers get
the repository on ``PYTHONPATH`` (the cluster's runtime env). :class:`FlakyEmbedder`
fails an actor on its third batch while ``$POMOCBOT_TEST_RAY_DIR/fail`` exists,
and every actor logs how many texts it embedded there, so a resumed build can be
shown to embed only the rest.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from pomocbot import Assistant, AssistantConfig
from pomocbot.errors import DependencyMissingError, EmbedderMismatchError, EmbeddingError, IndexStoreError
from pomocbot.retrieval.ray_build import build_with_ray, ray_session
from pomocbot.retrieval.ray_checkpoint import ShardCheckpoint, checkpoint_folder
from tests.conftest import EXAMPLES_DIR, FakeEmbedder, FakeStemmer

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
KB = EXAMPLES_DIR / "kb"
SPEC = f"{__name__}:HashEmbedder"
# Small batches: several per actor, so an interruption falls between batches.
BATCH = 16
QUERIES = ("ile mam dni na zwrot towaru", "ile kosztuje dostawa do paczkomatu", "jak złożyć reklamację",
           "czy mogę zapłacić BLIK-iem", "jak usunąć konto")


class HashEmbedder(FakeEmbedder):
    """The deterministic fake, buildable with no arguments on a Ray worker; logs its batch sizes.

    The log names the build (``$POMOCBOT_TEST_RAY_DIR/run`` when the actor started): an actor of an
    aborted build may finish its batch after the next build began.
    """

    def __init__(self) -> None:
        super().__init__()
        folder = os.environ.get("POMOCBOT_TEST_RAY_DIR")
        self.log: Path | None = None
        if folder:
            run_file = Path(folder) / "run"
            run = run_file.read_text() if run_file.exists() else "0"
            self.log = Path(folder) / f"count-{run}-{os.getpid()}-{id(self)}.txt"

    def embed(self, texts: Sequence[str], *, kind: str = "passage") -> np.ndarray:
        if self.log is not None and kind == "passage":
            with open(self.log, "a") as handle:
                handle.write(f"{len(texts)}\n")
        return super().embed(texts, kind=kind)


class FlakyEmbedder(HashEmbedder):
    """Fails on its third batch while the ``fail`` marker exists (an actor dying mid-build)."""

    def embed(self, texts: Sequence[str], *, kind: str = "passage") -> np.ndarray:
        folder = Path(os.environ["POMOCBOT_TEST_RAY_DIR"])
        if (folder / "fail").exists() and len(self.calls) == 2:
            time.sleep(1.0)  # the batches already done reach the driver first
            raise EmbeddingError("actor lost")
        return super().embed(texts, kind=kind)


def embedded_by_workers(folder: Path, run: str) -> int:
    return sum(int(line) for path in folder.glob(f"count-{run}-*.txt") for line in path.read_text().split())


@pytest.fixture(scope="module")
def work_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("ray")


@pytest.fixture(scope="module")
def cluster(work_dir: Path) -> Iterator[None]:
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'pomocbot[ray]')")
    pytest.importorskip("ray.data", reason="Ray Data is not installed (pip install 'pomocbot[ray]')")
    env = {"PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
           "POMOCBOT_TEST_RAY_DIR": str(work_dir)}
    try:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, runtime_env={"env_vars": env})
    except Exception as exc:  # a sandbox without shared memory or sockets: nothing to test here
        pytest.skip(f"a local Ray cluster cannot start: {type(exc).__name__}: {exc}")
    os.environ["POMOCBOT_TEST_RAY_DIR"] = str(work_dir)  # the driver's embedders log too
    try:
        yield
    finally:
        os.environ.pop("POMOCBOT_TEST_RAY_DIR", None)
        ray.shutdown()


@pytest.fixture(scope="module")
def detector():
    """One PII detector for every assistant here (it takes seconds to load)."""
    return Assistant(AssistantConfig(), embedder=FakeEmbedder(), stemmer=FakeStemmer()).detector


def make_assistant(detector, **retrieval) -> Assistant:
    config = AssistantConfig(retrieval={"embed_batch_size": BATCH, **retrieval})
    return Assistant(config, embedder=HashEmbedder(), stemmer=FakeStemmer(), detector=detector)


@pytest.fixture(scope="module")
def single_process(cluster, detector) -> Assistant:
    assistant = make_assistant(detector)
    assistant.add_directory(KB)
    return assistant


def test_ray_build_equals_the_single_process_build(single_process, detector, work_dir: Path) -> None:
    # A cache far smaller than the corpus: sized up for the build, else its LRU would drop vectors.
    assistant = make_assistant(detector, embedding_cache_size=8)
    report, stats = build_with_ray(assistant, KB, work_dir / "equal.ray-checkpoint", spec=SPEC)
    reference = single_process.index
    index = assistant.index
    assert stats.actors == 2 and stats.embedded == stats.texts > 300 and stats.resumed == 0
    # The upsert found every vector ready: nothing embedded in the driver.
    assert report.chunks_embedded == 0 and report.chunks_from_cache == len(index) == len(reference)
    assert assistant.embedder.embedded_texts == 0
    assert {k: (c.chunk_id, c.text) for k, c in index.chunks.items()} == \
        {k: (c.chunk_id, c.text) for k, c in reference.chunks.items()}
    keys = np.array(sorted(index.chunks), dtype=np.int64)
    np.testing.assert_allclose(index.store.vectors_for(keys), reference.store.vectors_for(keys), atol=1e-6)
    for query in QUERIES:
        got, expected = assistant.search(query, k=5), single_process.search(query, k=5)
        assert [h.chunk_id for h in got] == [h.chunk_id for h in expected]
        assert [h.score for h in got] == pytest.approx([h.score for h in expected], abs=1e-5)


def test_an_interrupted_build_resumes_with_only_the_rest(single_process, detector, work_dir: Path) -> None:
    folder = work_dir / "resume.ray-checkpoint"
    (work_dir / "run").write_text("first")
    (work_dir / "fail").touch()
    with pytest.raises(EmbeddingError, match="a rerun embeds only the rest"):
        build_with_ray(make_assistant(detector), KB, folder, spec=f"{__name__}:FlakyEmbedder")
    (work_dir / "fail").unlink()
    saved = ShardCheckpoint(folder, "fake-hash", 64).read()
    total = len(single_process.index.cached_vectors()[0])
    assert 0 < len(saved) < total

    (work_dir / "run").write_text("second")
    assistant = make_assistant(detector)
    report, stats = build_with_ray(assistant, KB, folder, spec=SPEC)
    (work_dir / "run").unlink()
    assert stats.resumed == len(saved) and stats.embedded == total - len(saved)
    assert embedded_by_workers(work_dir, "second") == total - len(saved)  # what the actors really embedded
    assert report.chunks_embedded == 0 and len(assistant) == len(single_process)
    keys = np.array(sorted(assistant.index.chunks), dtype=np.int64)
    np.testing.assert_allclose(assistant.index.store.vectors_for(keys),
                               single_process.index.store.vectors_for(keys), atol=1e-6)


@pytest.mark.integration
def test_cli_index_with_ray(cluster, tmp_path: Path, capsys) -> None:
    from pomocbot.cli import main

    kb = tmp_path / "kb"
    for name in ("zwroty",):  # a part of the shop's base keeps the real embedder quick
        if (KB / name).is_dir():
            (kb / name).mkdir(parents=True)
            for path in (KB / name).iterdir():
                (kb / name / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "idx"
    assert main(["index", str(kb), "--out", str(out), "--ray", "--embedder", "use", "--no-lint"]) == 0
    assert "Ray: aktorzy" in capsys.readouterr().out
    assert not checkpoint_folder(out).exists()  # the shards went into the saved index
    assistant = Assistant.load(out)
    assert assistant.search("ile kosztuje dostawa", k=3)


def test_cli_unreachable_cluster_is_a_clear_error(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "pomocbot.cli", "index", str(KB), "--out",
                           str(tmp_path / "idx"), "--ray", "127.0.0.1:1"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 2
    assert "RayClusterError" in done.stderr and "127.0.0.1:1 cannot be reached" in done.stderr


def test_actors_building_another_embedder_fail_before_the_cluster(detector, tmp_path: Path) -> None:
    # The config names e5, the assistant embeds with the fake: the actors would build e5.
    with pytest.raises(EmbedderMismatchError, match="spec='module:Class'"):
        build_with_ray(make_assistant(detector), KB, tmp_path / "c")


def test_missing_ray_names_the_extra(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(DependencyMissingError, match=r"pomocbot\[ray\]"), ray_session():
        pass


@pytest.mark.unit
def test_checkpoint_skips_damaged_shards_and_half_written_files(tmp_path: Path) -> None:
    shards = ShardCheckpoint(tmp_path, "fake-hash", 2)
    kept = shards.write(["a" * 40, "b" * 40], np.eye(2, dtype=np.float32))
    broken = shards.write(["c" * 40], np.ones((1, 2), dtype=np.float32))
    broken.write_bytes(broken.read_bytes()[:30])  # a disk that lost the end of a shard
    (tmp_path / ".shard-1-x.npz.tmp").write_bytes(b"half")  # a write killed before its rename
    assert sorted(shards.read()) == ["a" * 40, "b" * 40] and kept.exists()
    with pytest.raises(IndexStoreError, match="shape"):
        shards.write(["d" * 40], np.ones((1, 3), dtype=np.float32))
