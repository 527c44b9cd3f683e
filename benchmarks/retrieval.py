"""Retrieval benchmark: quality on allegro-faq and the example shop, build and search speed.

Usage::

    python benchmarks/retrieval.py [--data ../shared/data] [--out benchmarks/results/retrieval.json]
                                   [--embedder e5|use] [--skip-cv] [--skip-peer]

Quality: recall@5, recall@10, MRR@10, nDCG@10 (document level) for BM25 plain,
BM25 stemmed + folded, dense, RRF, and pomocbot's fused retriever, plus a
LlamaIndex peer pipeline (VectorStoreIndex + FaissVectorStore with the same
embedder, BM25Retriever, QueryFusionRetriever), for the embedder chosen with
``--embedder`` (multilingual-e5 by default). The fusion settings are
cross-validated on allegro-faq (5 folds): the out-of-fold figure is the honest
one; the per-system rows use the shipped defaults, chosen on all 400 questions.

Speed is measured by ``benchmarks/speed.py`` (both embedders side by side).

Skips cleanly (exit 0) when the data folder is absent.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import csv
import json
import math
import platform
import random
import re
import statistics
import sys
from pathlib import Path

import numpy as np

from pomocbot import Assistant, AssistantConfig, Document
from pomocbot.retrieval.e5 import E5Embedder
from pomocbot.retrieval.embedders import UniversalSentenceEncoder

ROOT = Path(__file__).resolve().parents[1]
KS = (5, 10)


# -- metrics -------------------------------------------------------------
def doc_ranking(hits) -> list[str]:
    seen: list[str] = []
    for hit in hits:
        if hit.doc_id not in seen:
            seen.append(hit.doc_id)
    return seen


def metrics(ranking: list[str], gold: set[str]) -> dict[str, float]:
    top = ranking[:10]
    dcg = sum(1 / math.log2(r + 2) for r, d in enumerate(top) if d in gold)
    idcg = sum(1 / math.log2(r + 2) for r in range(min(len(gold), 10)))
    return {
        "recall@5": len(gold & set(ranking[:5])) / len(gold),
        "recall@10": len(gold & set(top)) / len(gold),
        "mrr@10": next((1 / (r + 1) for r, d in enumerate(top) if d in gold), 0.0),
        "ndcg@10": dcg / idcg,
    }


def mean_metrics(rows: list[dict[str, float]]) -> dict[str, float]:
    return {key: round(statistics.fmean(r[key] for r in rows), 4) for key in rows[0]} if rows else {}


# -- data ----------------------------------------------------------------
def load_allegro(data: Path):
    folder = data / "allegro-faq"
    with open(folder / "passages.jl", encoding="utf-8") as handle:
        passages = [json.loads(line) for line in handle]
    with open(folder / "questions.jl", encoding="utf-8") as handle:
        questions = {q["id"]: q["text"] for q in map(json.loads, handle)}
    gold: dict[int, set[str]] = {}
    with open(folder / "pairs.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            gold.setdefault(int(row["question-id"]), set()).add(str(row["passage-id"]))
    docs = [Document(id=str(p["id"]), text=p["text"]) for p in passages]
    items = sorted((qid, questions[qid], gold[qid]) for qid in gold if qid in questions)
    folds = {"A": items[0::2], "B": items[1::2]}
    return docs, folds


def load_shop():
    with open(ROOT / "examples/sklep/questions.jsonl", encoding="utf-8") as handle:
        questions = [json.loads(line) for line in handle]
    return [(q["id"], q["question"], set(q["gold"])) for q in questions if q["gold"]]


# -- systems -------------------------------------------------------------
def plain_bm25(docs: list[Document]):
    import bm25s

    def tokens(text: str) -> list[str]:
        return re.findall(r"\w+", text.lower())

    model = bm25s.BM25()
    model.index([tokens(d.title + " " + d.text) for d in docs], show_progress=False)
    ids = [d.id for d in docs]

    def search(query: str) -> list[str]:
        q = [t for t in tokens(query) if t in model.vocab_dict]
        if not q:
            return []
        scores = model.get_scores(q)
        return [ids[i] for i in np.argsort(-scores, kind="stable")[:10] if scores[i] > 0]

    return search


_PLAIN = {"feedback": {"enabled": False}, "answer_type_prior": 0.0}


def pomocbot_systems(kind: str) -> dict[str, dict[str, object]]:
    """The retrievers compared, as query-time settings; "default" is the embedder's shipped configuration."""
    default = AssistantConfig(retrieval={"embedder": kind}).retrieval
    weights = default.weights.model_dump()
    return {
        "BM25 stemmed+folded": {"fusion": "lexical", "weights": {"dense": 0, "stems": 1, "ngrams": 0},
                                **_PLAIN},
        "BM25 char 4-grams": {"fusion": "lexical", "weights": {"dense": 0, "stems": 0, "ngrams": 1},
                              **_PLAIN},
        "dense": {"fusion": "dense", **_PLAIN},
        "RRF (dense + both BM25)": {"fusion": "rrf", **_PLAIN},
        "z-score fusion, no RM3/prior": {"fusion": "zscore", "weights": weights, **_PLAIN},
        "+ RM3 feedback": {"fusion": "zscore", "weights": weights, "feedback": {"enabled": True},
                           "answer_type_prior": 0.0},
        "+ answer-type prior": {"fusion": "zscore", "weights": weights, "feedback": {"enabled": False},
                                "answer_type_prior": 1.0},
        "pomocbot fused (default)": {"fusion": "zscore", "weights": weights,
                                     "feedback": {"enabled": default.feedback.enabled},
                                     "answer_type_prior": default.answer_type_prior},
    }


# The grid cross-validated on allegro-faq: every point is a plausible default; chosen before the run.
FUSION_GRID = [
    {"fusion": "zscore", "weights": {"dense": d, "stems": st, "ngrams": ng}, "feedback": {"enabled": fb},
     "answer_type_prior": prior}
    for d in (0.5, 1.0, 1.5, 2.0, 3.0, 4.0) for st in (0.5, 1.0) for ng in (0.5, 1.0) for fb in (False, True)
    for prior in (0.0, 1.0)
]
CV_FOLDS = 5


def cross_validate_weights(assistant: Assistant, items) -> dict[str, object]:
    """5-fold cross-validation of the fusion settings: tune on four folds, score the fifth.

    Each grid point is evaluated once per question; folds are questions in id
    order dealt round-robin. The out-of-fold figure is the mean over all
    questions of the held-out fold's metric under the settings its four other
    folds chose. Each component (RM3, the answer-type prior) is also
    cross-validated on its own: the grid restricted to it on and to it off.
    """
    per_question = {json.dumps(settings): evaluate_pomocbot(assistant, items, settings)
                    for settings in FUSION_GRID}
    folds = [list(range(i, len(items), CV_FOLDS)) for i in range(CV_FOLDS)]

    def oof(keys: list[str]) -> tuple[dict[str, float], list[dict[str, object]]]:
        held_out: list[dict[str, float]] = []
        chosen = []
        for fold in folds:
            train = [i for i in range(len(items)) if i not in set(fold)]
            best = max(keys, key=lambda k: statistics.fmean(per_question[k][i]["ndcg@10"] for i in train))
            chosen.append(json.loads(best))
            held_out += [per_question[best][i] for i in fold]
        return mean_metrics(held_out), chosen

    keys = list(per_question)
    overall, chosen = oof(keys)
    outcome: dict[str, object] = {"folds": CV_FOLDS, "grid_points": len(keys), "out_of_fold": overall,
                                  "settings_chosen_per_fold": chosen}
    for name, test in (("rm3", lambda k: json.loads(k)["feedback"]["enabled"]),
                       ("answer_type_prior", lambda k: json.loads(k)["answer_type_prior"] > 0)):
        outcome[f"{name} on"] = oof([k for k in keys if test(k)])[0]
        outcome[f"{name} off"] = oof([k for k in keys if not test(k)])[0]
    outcome["in_sample_best"] = {"settings": json.loads(max(keys, key=lambda k: statistics.fmean(
        r["ndcg@10"] for r in per_question[k]))), **mean_metrics(per_question[max(
            keys, key=lambda k: statistics.fmean(r["ndcg@10"] for r in per_question[k]))])}
    return outcome


def evaluate_pomocbot(assistant: Assistant, items, settings) -> list[dict[str, float]]:
    assistant.update_retrieval(**settings)
    return [metrics(doc_ranking(assistant.search(q, k=20)), gold) for _, q, gold in items]


def llamaindex_peer(docs: list[Document], embedder: UniversalSentenceEncoder):
    """The same embedder in a LlamaIndex pipeline; returns {name: search function}."""
    import faiss
    from llama_index.core import Settings, StorageContext, VectorStoreIndex
    from llama_index.core.embeddings import BaseEmbedding
    from llama_index.core.llms import MockLLM
    from llama_index.core.retrievers import QueryFusionRetriever
    from llama_index.core.schema import TextNode
    from llama_index.vector_stores.faiss import FaissVectorStore

    class USEEmbedding(BaseEmbedding):
        def _get_query_embedding(self, query):
            return embedder.embed([query], kind="query")[0].tolist()

        async def _aget_query_embedding(self, query):
            return self._get_query_embedding(query)

        def _get_text_embedding(self, text):
            return embedder.embed([text])[0].tolist()

        def _get_text_embeddings(self, texts):
            return embedder.embed(texts).tolist()

    Settings.llm = MockLLM()
    Settings.embed_model = USEEmbedding(model_name="use", embed_batch_size=64)
    nodes = [TextNode(text=(d.title + "\n" + d.text).strip(), id_=d.id, metadata={"doc_id": d.id})
             for d in docs]
    store = FaissVectorStore(faiss_index=faiss.IndexFlatIP(embedder.dimension))
    index = VectorStoreIndex(nodes, storage_context=StorageContext.from_defaults(vector_store=store),
                             show_progress=False)
    systems = {"LlamaIndex vector (FAISS)": index.as_retriever(similarity_top_k=10)}
    try:
        from llama_index.retrievers.bm25 import BM25Retriever

        # No Polish stemmer or stop words in the peer (Snowball has no Polish): plain tokens.
        bm25 = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=10, skip_stemming=True)
        systems["LlamaIndex BM25"] = bm25
        systems["LlamaIndex QueryFusion (RRF)"] = QueryFusionRetriever(
            [systems["LlamaIndex vector (FAISS)"], bm25], similarity_top_k=10, num_queries=1,
            mode="reciprocal_rerank", use_async=False, llm=MockLLM())
    except Exception as exc:  # the peer's BM25 is optional; say why it did not run
        print(f"  LlamaIndex BM25 / fusion not run: {type(exc).__name__}: {exc}")

    def wrap(retriever):
        def search(query: str) -> list[str]:
            ranking: list[str] = []
            for node in retriever.retrieve(query):
                doc_id = node.node.metadata.get("doc_id", node.node.node_id)
                if doc_id not in ranking:
                    ranking.append(doc_id)
            return ranking
        return search

    return {name: wrap(r) for name, r in systems.items()}


# -- speed ---------------------------------------------------------------
def latency_corpus(data: Path, limit: int) -> list[Document]:
    """Real Polish texts from the shared data sets (read from the path, never copied)."""
    texts: list[str] = []
    poquad = data / "poquad" / "poquad_dev.json"
    if poquad.exists():
        with open(poquad, encoding="utf-8") as handle:
            articles = json.load(handle)["data"]
        for article in articles:
            texts += [p["context"] for p in article["paragraphs"]]
    with open(data / "allegro-faq/passages.jl", encoding="utf-8") as handle:
        texts += [json.loads(line)["text"] for line in handle]
    for name, column in (("allegro-reviews", "text"), ("cyberbullying", "sentence")):
        for path in sorted((data / name).glob("*.tsv")):
            with open(path, encoding="utf-8") as handle:
                texts += [row[column] for row in csv.DictReader(handle, delimiter="\t") if row.get(column)]
    for path in sorted((data / "clarin-emo").glob("*.jsonl")):
        with open(path, encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle]
    texts = [t.strip() for t in texts if t and len(t.strip()) > 20]
    random.Random(0).shuffle(texts)
    return [Document(id=f"t{i}", text=t) for i, t in enumerate(texts[:limit])]


def make_embedder(kind: str, threads: int = 1):
    """The embedder under test (queries on one thread; e5 builds on every core, its default)."""
    return E5Embedder(threads=threads) if kind == "e5" else UniversalSentenceEncoder(threads=threads)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results/retrieval.json"))
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--skip-cv", action="store_true")
    parser.add_argument("--embedder", choices=["e5", "use"], default="e5",
                        help="e5: multilingual-e5-small (the default); use: USE v3")
    args = parser.parse_args(argv)
    data = Path(args.data)
    if not (data / "allegro-faq" / "passages.jl").exists():
        print(f"skipped: no allegro-faq data under {data} (pass --data)")
        return 0
    random.seed(0)
    np.random.seed(0)
    results: dict[str, object] = {"machine": platform.platform(), "python": platform.python_version(),
                                  "command": "python benchmarks/retrieval.py "
                                             + " ".join(argv or sys.argv[1:])}
    docs, folds = load_allegro(data)
    embedder = make_embedder(args.embedder)
    results["embedder"] = embedder.name
    datasets = {"allegro-faq": (docs, folds), "sklep (example)": (None, {"all": load_shop()})}
    quality: dict[str, dict[str, dict[str, dict[str, float]]]] = {}
    for name, (corpus, splits) in datasets.items():
        assistant = Assistant(AssistantConfig(retrieval={"embedder": args.embedder}), embedder=embedder)
        if corpus is None:
            assistant.add_directory(ROOT / "examples/sklep/kb")
        else:
            assistant.add_documents(corpus)
        table: dict[str, dict[str, dict[str, float]]] = {}
        all_items = [item for items in splits.values() for item in items]
        if name == "allegro-faq":
            plain = plain_bm25(corpus)
            table["BM25 plain"] = {s: mean_metrics([metrics(plain(q), g) for _, q, g in items])
                                   for s, items in {**splits, "all": all_items}.items()}
        for system, settings in pomocbot_systems(args.embedder).items():
            table[system] = {s: mean_metrics(evaluate_pomocbot(assistant, items, settings))
                             for s, items in ({**splits, "all": all_items} if len(splits) > 1
                                              else splits).items()}
        if name == "allegro-faq" and not args.skip_peer:
            for system, search in llamaindex_peer(corpus, embedder).items():
                table[system] = {s: mean_metrics([metrics(search(q), g) for _, q, g in items])
                                 for s, items in {**splits, "all": all_items}.items()}
        quality[name] = table
        if name == "allegro-faq" and not args.skip_cv:
            cv = cross_validate_weights(assistant, all_items)
            results["fusion_cross_validation"] = cv
            print(f"\nfusion settings, {CV_FOLDS}-fold cross-validation on allegro-faq (tuned on 4 folds, "
                  "scored on the fifth):")
            for key, value in cv.items():
                print(f"  {key}: {json.dumps(value)}")
        print(f"\n{name}: document-level retrieval (folds A/B of the questions; default weights)")
        header = f"{'system':32s} {'split':5s} " + " ".join(
            f"{m:>10s}" for m in ("recall@5", "recall@10", "mrr@10", "ndcg@10"))
        print(header)
        for system, by_split in table.items():
            for split, values in by_split.items():
                print(f"{system:32s} {split:5s} " + " ".join(f"{values[m]:10.3f}" for m in
                                                             ("recall@5", "recall@10", "mrr@10", "ndcg@10")))
    results["quality"] = quality
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nresults written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
