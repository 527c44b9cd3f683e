"""Morfeusz 2 lemmas against Stempel stems for the lexical side of retrieval.

Usage::

    python benchmarks/lemmas.py [--data ../shared/data] [--embedder e5] [--out benchmarks/results/lemmas.json]

The same index (allegro-faq passages; the shop's knowledge base) is built twice, once with each
word normaliser (``PolishStemmer``, ``MorfeuszLemmatizer``), and scored on the same questions:
BM25 over stems (or lemmas) alone, and the default fused search. Document-level recall@10 and
nDCG@10, all questions. Skips cleanly when the data is absent.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pomocbot import Assistant, AssistantConfig, Document
from pomocbot.text.morphology import MorfeuszLemmatizer
from pomocbot.text.stemming import PolishStemmer
from retrieval import doc_ranking, load_allegro, load_shop, make_embedder, mean_metrics, metrics

ROOT = Path(__file__).resolve().parents[1]


def score(docs: list[Document], items, normaliser, embedder, kind: str) -> dict[str, dict[str, float]]:
    out = {}
    for label, fusion in (("BM25 alone", "lexical"), ("fused (default)", None)):
        config = {"retrieval": {"embedder": kind}}
        if fusion:
            config["retrieval"]["fusion"] = fusion
            config["retrieval"]["weights"] = {"dense": 0.0, "stems": 1.0, "ngrams": 0.0}
        assistant = Assistant(AssistantConfig.model_validate(config), embedder=embedder, stemmer=normaliser)
        assistant.add_documents(docs)
        rows = [metrics(doc_ranking(assistant.search(q, k=10)), gold) for _, q, gold in items]
        out[label] = {k: round(v, 4) for k, v in mean_metrics(rows).items()}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--embedder", choices=("e5", "use"), default="e5")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "lemmas.json")
    args = parser.parse_args(argv)
    sets = {}
    if (args.data / "allegro-faq").exists():
        docs, folds = load_allegro(args.data)
        sets["allegro-faq"] = (docs, folds["A"] + folds["B"])
    else:
        print(f"no allegro-faq under {args.data}; the shop set only")
    from pomocbot.knowledge.loaders import load_directory

    sets["sklep"] = (load_directory(ROOT / "examples" / "sklep" / "kb")[0], load_shop())
    embedder = make_embedder(args.embedder)
    results: dict[str, object] = {"machine": platform.platform(), "embedder": args.embedder}
    print(f"{'set':<12}{'normaliser':<12}{'system':<18}{'R@10':>8}{'nDCG@10':>9}")
    for name, (docs, items) in sets.items():
        results[name] = {}
        for label, normaliser in (("stempel", PolishStemmer()), ("morfeusz", MorfeuszLemmatizer())):
            started = time.perf_counter()
            rows = score(docs, items, normaliser, embedder, args.embedder)
            results[name][label] = {**rows, "seconds": round(time.perf_counter() - started, 1)}
            for system, row in rows.items():
                print(f"{name:<12}{label:<12}{system:<18}{row['recall@10']:>8.3f}{row['ndcg@10']:>9.3f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
