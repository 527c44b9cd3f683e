"""External vector store benchmark: pgvector (PostgreSQL 16, pgserver) against the in-process FAISS store.

Usage::

    python benchmarks/external_store.py [--chunks 100000] [--vectors shop|random] [--queries 300]
                                        [--skip-shop] [--out benchmarks/results/external_store.json]

Scale: ``--chunks`` vectors of dimension 384 (multilingual-e5's), seed 0,
written through :meth:`PgVectorStore.write` in batches of 10 000 documents (one
chunk each, metadata ``{"tenant": "t0".."t9"}``), then the HNSW index is built
(``hnsw_m`` 32, ``ef_construction`` 80: the config's defaults). ``--vectors
shop`` (default): the shop's real e5 chunk vectors repeated with Gaussian
noise (cosine ~0.9 to their source), searched with the e5 vectors of the
shop's real questions. ``--vectors random``: random unit vectors, queried by
stored vectors plus noise: the worst case for a graph index (past the first,
the ten "nearest" are as far as any other point, so recall@10 measures noise).
Recall@10 and recall@1 are against exact inner-product search in numpy;
latency is one ``PgVectorStore.search`` call from Python (socket round trip
included), 20 warm-up queries dropped, per ``hnsw.ef_search``. The filtered
rows add ``WHERE metadata @> '{"tenant": ...}'`` (a tenth of the rows match).

Quality: the example shop (``examples/sklep``: its knowledge base and
questions, scored as ``benchmarks/retrieval.py`` does, document-level
nDCG@10) with multilingual-e5, hybrid search on the FAISS flat store against
the pgvector store (flat and HNSW): the target is within 0.01.

The benchmark starts its own PostgreSQL in a temporary folder
(``tests/servers.py``) and skips cleanly (exit 0) where pgserver cannot start.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from tests.servers import database_url, postgres_server

from pomocbot import Assistant, AssistantConfig, Document
from pomocbot.knowledge.chunker import Chunk
from pomocbot.retrieval.index import chunk_key
from pomocbot.retrieval.pgvector_store import PgVectorStore
from retrieval import doc_ranking, load_shop, mean_metrics, metrics

DIMENSION = 384
BATCH = 10_000
TENANTS = 10
EF_SEARCH = (40, 128, 400)
WARM_UP = 20


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def percentiles(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    return {"p50_ms": round(statistics.median(ms), 2), "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 2),
            "mean_ms": round(statistics.fmean(ms), 2)}


def create_database(server: str, name: str) -> str:
    import psycopg

    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    return database_url(server, name)


def load(url: str, vectors: np.ndarray) -> tuple[np.ndarray, float]:
    """Write one document per vector through the store's own write path; keys and seconds taken."""
    keys = np.zeros(len(vectors), dtype=np.int64)
    started = time.perf_counter()
    with PgVectorStore(url, DIMENSION, "random-unit") as store:
        for start in range(0, len(vectors), BATCH):
            batch = []
            for i in range(start, min(start + BATCH, len(vectors))):
                meta = {"tenant": f"t{i % TENANTS}"}
                doc = Document(id=f"d{i}", text=f"tekst {i}", title="", metadata=meta)
                chunk = Chunk(chunk_id=f"d{i}#0", doc_id=doc.id, text=doc.text, metadata=meta)
                keys[i] = chunk_key(chunk.chunk_id)
                batch.append((doc, [chunk], [int(keys[i])]))
            store.write(batch, vectors[start : start + len(batch)])
    return keys, time.perf_counter() - started


def search_run(store: PgVectorStore, queries: np.ndarray, truth: list[np.ndarray], keys: np.ndarray,
               filters: list[dict[str, str]] | None = None) -> dict[str, float]:
    seconds, recalls, firsts = [], [], []
    for n, query in enumerate(queries):
        started = time.perf_counter()
        ids, _ = store.search(query, 10, filters=filters[n] if filters else None)
        elapsed = time.perf_counter() - started
        if n >= WARM_UP:
            seconds.append(elapsed)
            recalls.append(len(set(ids.tolist()) & set(keys[truth[n]].tolist())) / 10)
            firsts.append(float(len(ids) > 0 and ids[0] == keys[truth[n][0]]))
    return {**percentiles(seconds), "recall@10": round(statistics.fmean(recalls), 4),
            "recall@1": round(statistics.fmean(firsts), 4)}


def synthetic(kind: str, n: int, n_queries: int, shop_index: object | None,
              cosine: float = 0.9) -> tuple[np.ndarray, np.ndarray, str]:
    """``n`` stored vectors and the queries: random unit vectors, or the shop's e5 chunk vectors repeated
    with noise (``cosine`` to their source) searched by the e5 vectors of the shop's real questions."""
    rng = np.random.default_rng(0)
    if kind == "random":
        vectors = unit(rng.standard_normal((n, DIMENSION)))
        sources = rng.integers(0, n, n_queries)
        noise = rng.standard_normal((n_queries, DIMENSION)).astype(np.float32) * 0.04
        return vectors, unit(vectors[sources] + noise), "random unit vectors, seed 0; queries: stored + noise"
    index: Any = shop_index
    _, chunk_vectors = index.store.state()
    copies = chunk_vectors[np.arange(n) % len(chunk_vectors)]
    sigma = float(np.sqrt((1 / cosine**2 - 1) / DIMENSION))  # noise of norm sigma*sqrt(d): that cosine
    vectors = unit(copies + rng.standard_normal(copies.shape).astype(np.float32) * sigma)
    queries = np.stack([index.query_vector(q) for _, q, _ in load_shop()])[:n_queries]
    return vectors, queries, (f"the shop's {len(chunk_vectors)} e5 chunk vectors repeated with noise "
                              f"(cos ~{cosine}), seed 0; queries: e5 vectors of the shop's questions")


def scale(server: str, n: int, n_queries: int, kind: str, shop_index: object | None,
          cosine: float) -> dict[str, object]:
    vectors, queries, described = synthetic(kind, n, n_queries, shop_index, cosine)
    n_queries = len(queries)
    scores = queries @ vectors.T
    truth = [np.argsort(-row, kind="stable")[:10] for row in scores]
    tenants = [f"t{q % TENANTS}" for q in range(n_queries)]
    masks = [np.arange(n) % TENANTS == int(t[1:]) for t in tenants]
    truth_filtered = [np.flatnonzero(mask)[np.argsort(-row[mask], kind="stable")[:10]]
                      for row, mask in zip(scores, masks, strict=True)]
    url = create_database(server, "pomocbot_bench_scale")
    keys, load_s = load(url, vectors)
    out: dict[str, object] = {"chunks": n, "dimension": DIMENSION, "vectors": described,
                              "queries": n_queries - WARM_UP, "write_s": round(load_s, 1)}
    print(f"\n{n} chunks: written in {load_s:.1f} s (COPY, {BATCH} documents a transaction)")
    exact = PgVectorStore(url, DIMENSION, "random-unit", kind="flat")
    few = min(n_queries, WARM_UP + 30)  # a sequential scan per query: fewer of them
    out["flat (exact scan)"] = search_run(exact, queries[:few], truth, keys)
    exact.close()
    started = time.perf_counter()
    hnsw = PgVectorStore(url, DIMENSION, "random-unit", kind="hnsw", hnsw_m=32, hnsw_ef_construction=80)
    out["hnsw_build_s"] = round(time.perf_counter() - started, 1)
    print(f"HNSW built in {out['hnsw_build_s']} s (m=32, ef_construction=80)")
    for ef in EF_SEARCH:
        hnsw.set_search_params(hnsw_ef_search=ef)
        out[f"hnsw ef_search={ef}"] = search_run(hnsw, queries, truth, keys)
        out[f"hnsw ef_search={ef}, tenant filter"] = search_run(
            hnsw, queries, truth_filtered, keys, [{"tenant": t} for t in tenants])
    hnsw.close()
    print(f"vectors: {described}")
    print(f"{'search (k=10)':40} {'p50 ms':>8} {'p95 ms':>8} {'recall@10':>10} {'recall@1':>9}")
    for name, row in out.items():
        if isinstance(row, dict):
            print(f"{name:40} {row['p50_ms']:8.2f} {row['p95_ms']:8.2f} {row['recall@10']:10.4f} "
                  f"{row['recall@1']:9.4f}")
    return out


def shop(server: str) -> tuple[dict[str, object], Assistant]:
    from pomocbot.retrieval.e5 import E5Embedder

    embedder = E5Embedder(threads=1)
    items = load_shop()
    url = create_database(server, "pomocbot_bench_shop")
    stores = {"faiss flat (in-process)": {}, "pgvector flat": {"vector_store": "pgvector"},
              "pgvector hnsw": {"vector_store": "pgvector", "index_kind": "hnsw"}}
    out: dict[str, object] = {"embedder": embedder.name, "questions": len(items)}
    in_process = None
    for name, retrieval in stores.items():
        if retrieval:
            retrieval = {**retrieval, "vector_store_url": url}
        assistant = Assistant(AssistantConfig(retrieval={"embedder": "e5", **retrieval}), embedder=embedder)
        if not len(assistant.index):  # the second pgvector row opens the database the first one wrote
            assistant.add_directory(ROOT / "examples/sklep/kb")
        rows = [metrics(doc_ranking(assistant.search(q, k=20)), gold) for _, q, gold in items]
        seconds = []
        for _, q, _ in items:  # query vectors are cached now: this times retrieval, not the embedder
            started = time.perf_counter()
            assistant.search(q, k=10)
            seconds.append(time.perf_counter() - started)
        out[name] = {**mean_metrics(rows), **percentiles(seconds[WARM_UP:]), "chunks": len(assistant.index)}
        if retrieval:
            assistant.index.store.close()
        else:
            in_process = assistant
    print(f"\nexample shop, {len(items)} questions, {embedder.name}, hybrid search")
    print(f"{'store':28} {'nDCG@10':>8} {'recall@10':>10} {'p50 ms':>8} {'p95 ms':>8}")
    for name in stores:
        row = out[name]
        print(f"{name:28} {row['ndcg@10']:8.4f} {row['recall@10']:10.4f} {row['p50_ms']:8.2f} "
              f"{row['p95_ms']:8.2f}")
    assert in_process is not None
    return out, in_process


def fts(server: str, assistant: Assistant) -> dict[str, object]:
    """Lexical only: our stems in a PostgreSQL tsvector ('simple' config) ranked by ts_rank_cd, against the
    per-worker BM25 over the same stems, and pomocbot's lexical fusion (stems + n-grams).

    The stems are folded already (``fold_diacritics``: what ``unaccent`` would do; pgserver ships no
    ``unaccent``)."""
    import psycopg

    index, items = assistant.index, load_shop()
    url = create_database(server, "pomocbot_bench_fts")
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("CREATE TABLE fts (key bigint PRIMARY KEY, doc_id text NOT NULL, terms tsvector NOT NULL)")
        with db.transaction(), db.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO fts VALUES (%s, %s, to_tsvector('simple', %s))",
                [(key, chunk.doc_id, " ".join(index.analyzer.stems(chunk.search_text)))
                 for key, chunk in index.chunks.items()])
        db.execute("CREATE INDEX ON fts USING gin (terms)")
        rankings: dict[str, list[list[str]]] = {"ts_rank_cd": [], "ts_rank_cd, length-normalised": [],
                                                "BM25 stems (per worker)": []}
        for _, question, _ in items:
            stems = index.analyzer.query_stems(question)
            query = " | ".join("'" + stem.replace("'", "").replace("\\", "") + "'" for stem in stems) or "''"
            for name, normalisation in (("ts_rank_cd", 0), ("ts_rank_cd, length-normalised", 1)):
                found = db.execute(
                    "SELECT doc_id FROM fts, to_tsquery('simple', %s) q WHERE terms @@ q "
                    "ORDER BY ts_rank_cd(terms, q, %s) DESC, key LIMIT 20", (query, normalisation)).fetchall()
                rankings[name].append(list(dict.fromkeys(row[0] for row in found)))
            scores = index.stems.scores(stems)
            keys = index.stems.keys
            rankings["BM25 stems (per worker)"].append(list(dict.fromkeys(
                index.chunks[int(keys[i])].doc_id for i in np.argsort(-scores, kind="stable")[:20]
                if scores[i] > 0)))
    out: dict[str, object] = {name: mean_metrics([metrics(r, gold) for r, (_, _, gold) in
                                                   zip(ranks, items, strict=True)])
                              for name, ranks in rankings.items()}
    assistant.update_retrieval(fusion="lexical")
    out["pomocbot lexical fusion (stems + n-grams)"] = mean_metrics(
        [metrics(doc_ranking(assistant.search(q, k=20)), gold) for _, q, gold in items])
    print(f"\nlexical only, example shop ({len(items)} questions)")
    for name, row in out.items():
        print(f"{name:44} nDCG@10 {row['ndcg@10']:.4f}  recall@10 {row['recall@10']:.4f}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--skip-shop", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--vectors", choices=["shop", "random"], default="shop",
                        help="shop: the shop's e5 vectors repeated with noise (needs the shop part); random")
    parser.add_argument("--copy-cosine", type=float, default=0.9,
                        help="--vectors shop: cosine of each noisy copy to its source chunk vector")
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results/external_store.json"))
    args = parser.parse_args(argv)
    command = "python benchmarks/external_store.py " + " ".join(argv or sys.argv[1:])
    results: dict[str, object] = {"machine": platform.platform(), "python": platform.python_version(),
                                  "cpus": os.cpu_count(), "command": command}
    with tempfile.TemporaryDirectory(prefix="pomocbot-pg-") as folder:
        try:
            import psycopg

            # pgserver's 128 MB of shared buffers hold a tenth of a 100k x 384 HNSW index and its rows;
            # a server for this size gets about the index's size (the setting needs a restart)
            with postgres_server(Path(folder)) as server, psycopg.connect(server, autocommit=True) as db:
                db.execute("ALTER SYSTEM SET shared_buffers = '1GB'")
            server_context = postgres_server(Path(folder))
            server = server_context.__enter__()
        except (RuntimeError, ImportError) as exc:
            print(f"skipped: {exc}")
            return 0
        try:
            with psycopg.connect(server) as connection:
                results["postgres"] = {name: connection.execute(f"SHOW {name}").fetchone()[0]
                                       for name in ("server_version", "shared_buffers")}
            in_process = None
            if not args.skip_shop:
                results["shop"], in_process = shop(server)
                results["lexical_fts"] = fts(server, in_process)
            if not args.skip_scale:
                kind = "random" if in_process is None else args.vectors
                results["scale"] = scale(server, args.chunks, args.queries, kind,
                                         in_process.index if in_process else None, args.copy_cosine)
        finally:
            server_context.__exit__(None, None, None)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
