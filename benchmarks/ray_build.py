"""Throughput of ``pomocbot index --ray`` against the single-process build, on this machine.

Usage::

    python benchmarks/ray_build.py [--data ../shared/data] [--texts 6000] [--embedder e5] [--repeats 2]
                                   [--out benchmarks/results/ray_build.json]

The corpus is ``--texts`` real Polish texts of the shared sets (PoQuAD paragraphs, allegro-faq
passages, reviews, tweets, CLARIN-Emo; the texts of ``speed.py``), written as ``.txt`` files into a
temporary folder (never into the repository), plus the bundled shop knowledge base. Both builds
index that folder with the default config (multilingual-e5 unless ``--embedder use``):

* **single process**: ``Assistant.add_directory``, e5 on every core (``build_threads``, the default);
* **Ray**: :func:`~pomocbot.retrieval.ray_build.build_with_ray` on a local cluster of every core,
  one actor per core, each e5 on one thread, then the normal upsert (which embeds nothing).

Chunks per second count the chunks embedded over the whole build (load, chunk, embed, index). The
Ray figure includes starting the actors (each loads the model); starting the cluster itself
(``ray.init``, once per process) is reported apart, and so are the Ray build's phases (planning,
first batch back, embedding, upsert). One-time loads a long-running process has anyway (Stempel
table, PII detector, the driver's model) are outside the timing for both. The machine may be
shared, so ``--repeats`` pairs of builds run in alternating order and medians are reported. Skips
cleanly when the data is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pomocbot import Assistant, AssistantConfig
from pomocbot.retrieval.ray_build import RayBuildStats, build_with_ray
from retrieval import latency_corpus

ROOT = Path(__file__).resolve().parents[1]
SHOP_KB = ROOT / "examples" / "sklep" / "kb"


def write_corpus(data: Path, n_texts: int, folder: Path) -> int:
    """The benchmark's knowledge base in ``folder``: the shop's files and the shared texts; return files."""
    shutil.copytree(SHOP_KB, folder / "sklep")
    for document in latency_corpus(data, n_texts):
        (folder / f"{document.id}.txt").write_text(document.text, encoding="utf-8")
    return sum(1 for path in folder.rglob("*") if path.is_file())


def warm_assistant(config: AssistantConfig, donor: Assistant | None = None) -> Assistant:
    """An assistant with its Stempel table and PII detector loaded (shared with ``donor``)."""
    if donor is not None:
        return Assistant(config, stemmer=donor.index.stemmer, detector=donor.detector)
    assistant = Assistant(config)
    assistant.index.stemmer.stem("rozgrzewka")
    assistant.redactor.detect("rozgrzewka")
    assistant.embedder.embed(["rozgrzewka"] * 8)  # the model loaded, as the actors' own load is timed
    return assistant


def single_build(kb: Path, config: AssistantConfig, donor: Assistant) -> tuple[Assistant, float, int]:
    assistant = warm_assistant(config, donor)
    started = time.perf_counter()
    report = assistant.add_directory(kb)
    return assistant, time.perf_counter() - started, report.chunks_embedded


def ray_build(kb: Path, config: AssistantConfig, donor: Assistant) -> tuple[Assistant, float, RayBuildStats]:
    assistant = warm_assistant(config, donor)
    checkpoint = Path(tempfile.mkdtemp(prefix="ray-bench-")) / "idx.ray-checkpoint"
    started = time.perf_counter()
    report, stats = build_with_ray(assistant, kb, checkpoint)
    seconds = time.perf_counter() - started
    shutil.rmtree(checkpoint.parent, ignore_errors=True)
    assert report.chunks_embedded == 0, "the upsert after the Ray embedding must embed nothing"
    return assistant, seconds, stats


def run(kb: Path, config: AssistantConfig, cores: int, repeats: int) -> dict[str, object]:
    """``repeats`` pairs of builds, single process and Ray, the order alternating (the machine is shared)."""
    import ray

    donor = warm_assistant(config)
    started = time.perf_counter()
    ray.init(num_cpus=cores, include_dashboard=False, log_to_driver=False)
    init_s = time.perf_counter() - started
    singles: list[float] = []
    rays: list[float] = []
    phases: list[RayBuildStats] = []
    try:
        for repeat in range(repeats):
            for kind in (("single", "ray") if repeat % 2 == 0 else ("ray", "single")):
                if kind == "single":
                    single, seconds, embedded = single_build(kb, config, donor)
                    singles.append(seconds)
                else:
                    distributed, seconds, stats = ray_build(kb, config, donor)
                    rays.append(seconds)
                    phases.append(stats)
    finally:
        ray.shutdown()
    keys = np.fromiter(single.index.chunks, dtype=np.int64)
    vectors = distributed.index.store.vectors_for(keys), single.index.store.vectors_for(keys)
    same = sorted(distributed.index.chunks) == sorted(single.index.chunks) and bool(np.allclose(*vectors,
                                                                                                atol=1e-4))
    single_rate = embedded / statistics.median(singles)
    ray_rate = embedded / statistics.median(rays)
    with_init = embedded / (statistics.median(rays) + init_s)

    def median_of(name: str) -> float:
        return round(statistics.median(getattr(stats, name) for stats in phases), 2)

    return {
        "documents": len(single.document_ids), "chunks": len(single), "chunks_embedded": embedded,
        "repeats": repeats, "single_s": [round(s, 2) for s in singles],
        "single_chunks_per_s": round(single_rate, 1),
        "ray_actors": phases[0].actors, "ray_init_s": round(init_s, 2),
        "ray_build_s": [round(s, 2) for s in rays], "ray_chunks_per_s": round(ray_rate, 1),
        "ray_chunks_per_s_with_init": round(with_init, 1),
        "ray_phases_s": {name: median_of(f"{name}_s")
                         for name in ("prepare", "first_batch", "embed", "index")},
        "ray_embed_only_chunks_per_s": round(embedded / median_of("embed_s"), 1),
        "ray_vs_single": round(ray_rate / single_rate, 3),
        "ray_with_init_vs_single": round(with_init / single_rate, 3),
        "same_chunks_and_vectors": same,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--texts", type=int, default=6000)
    parser.add_argument("--embedder", choices=["e5", "use"], default="e5")
    parser.add_argument("--repeats", type=int, default=2, help="pairs of builds (medians are reported)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results/ray_build.json"))
    args = parser.parse_args(argv)
    data = Path(args.data)
    if not (data / "allegro-faq" / "passages.jl").exists():
        print(f"skipped: the shared data sets are not in {data} (see its README)")
        return 0
    try:
        import ray.data  # noqa: F401
    except ImportError:
        print("skipped: Ray Data is not installed (pip install 'pomocbot[ray]')")
        return 0
    cores = os.cpu_count() or 1
    config = AssistantConfig(retrieval={"embedder": args.embedder})
    with tempfile.TemporaryDirectory(prefix="ray-bench-kb-") as folder:
        files = write_corpus(data, args.texts, Path(folder))
        result = run(Path(folder), config, cores, args.repeats)
    result = {"files": files, **result}
    results = {"machine": platform.platform(), "cores": cores, "python": platform.python_version(),
               "command": "python benchmarks/ray_build.py " + " ".join(argv or sys.argv[1:]),
               args.embedder: result}
    print(f"\n{args.embedder}, {cores} cores, {result['files']} files, {result['chunks']} chunks")
    ray_s = statistics.median(result["ray_build_s"])
    rows = [("single process (every core)", statistics.median(result["single_s"]),
             result["single_chunks_per_s"]),
            (f"Ray, {result['ray_actors']} actors (actor start incl.)", ray_s, result["ray_chunks_per_s"]),
            ("Ray incl. ray.init", ray_s + result["ray_init_s"], result["ray_chunks_per_s_with_init"]),
            ("Ray, embedding only (dataset start to end)", result["ray_phases_s"]["embed"],
             result["ray_embed_only_chunks_per_s"])]
    print(f"{'build (median of ' + str(args.repeats) + ')':<44} {'time s':>8} {'chunks/s':>10}")
    for name, seconds, rate in rows:
        print(f"{name:<44} {seconds:>8.2f} {rate:>10}")
    print(f"ray.init {result['ray_init_s']} s; Ray phases (s, median): {result['ray_phases_s']}; "
          f"Ray / single = {result['ray_vs_single']} ({result['ray_with_init_vs_single']} with ray.init); "
          f"same chunks and vectors: {result['same_chunks_and_vectors']}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nresults written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
