"""Fit the answerability (confidence) models shipped in ``pomocbot/drafting/data``.

Usage (from the repository root)::

    python tools/train_answerability.py [--data ../shared/data] [--embedder e5|use] [--rounds 3] [--write]

Training data, both allowed by issue #11 (nothing else is trained on):

* **shop**: the example shop's 304 questions (``examples/sklep/questions.jsonl``) on its knowledge base:
  a question with gold documents is answerable (label 1), the 36 written to be unanswerable are 0.
  Then ``--rounds`` "answer removed" rounds: the gold documents of a random 30 % of the answerable
  questions are taken out of the base; a question none of whose gold documents is left becomes 0.
  **shop-extra**: ~400 more questions we wrote for this (``data/answerability/train.jsonl``:
  services and product details the base does not cover, near misses, off-topic, and answerable ones).
* **allegro**: the same protocol on allegro-faq (921 passages, 400 real questions; read from
  ``--data``, never copied): each round removes the gold passages of a random half of the questions.

Every reply is computed with abstention off and its signals recorded. Questions are grouped by
(set, id) and dealt into 5 folds, so a question never sits in training and test at once; the
out-of-fold predictions choose the threshold (the highest with false abstention <= 10 % on both
sets' answerable questions) and give every reported figure. The shipped model is then fitted on
all of it. ``--write`` stores the model (and the lexical one, fitted without embedding signals)
with the out-of-fold figures in its ``meta``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import csv
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pomocbot import Assistant, AssistantConfig, Document  # noqa: E402
from pomocbot.drafting.confidence import (  # noqa: E402
    SIGNAL_NAMES,
    ConfidenceModel,
    ConfidenceSignals,
    fit_logistic,
    signals_from_dict,
)

FOLDS = 5
MAX_FALSE_ABSTENTION = 0.10
EMBEDDING_SIGNALS = ("dense", "dense_margin", "dense_spread")
DATA_DIR = ROOT / "src" / "pomocbot" / "drafting" / "data"


@dataclass(frozen=True)
class Sample:
    dataset: str
    question_id: str
    round: int
    signals: ConfidenceSignals
    label: int
    cites_gold: bool
    retrieved_gold: bool = False


def _open(assistant: Assistant) -> Assistant:
    """The same index answering everything (the threshold is swept afterwards)."""
    config = assistant.config.model_copy(update={"drafting": assistant.config.drafting.model_copy(
        update={"abstain_below": 0.0})})
    return Assistant(config, embedder=assistant.embedder, _index=assistant.index)


def _collect(assistant: Assistant, documents: dict[str, Document], questions: list[tuple[str, str, set[str]]],
             dataset: str, round_: int, removed: set[str]) -> list[Sample]:
    """Replies to every question with the documents ``removed`` taken out (and put back after)."""
    if removed:
        assistant.remove_documents(sorted(removed))
    answering = _open(assistant)
    samples = []
    for qid, question, gold in questions:
        reply = answering.reply(question)
        first = reply.citations[0].doc_id if reply.citations else None
        retrieved = {hit.doc_id for hit in answering.search(question, k=answering.config.drafting.hits)}
        samples.append(Sample(dataset, qid, round_, signals_from_dict(reply.metadata.get("signals", {})),
                              int(bool(gold - removed)), first in gold, bool(retrieved & (gold - removed))))
    if removed:
        assistant.add_documents([documents[doc_id] for doc_id in sorted(removed)])  # vectors are cached
    return samples


def _read_questions(path: Path) -> list[tuple[str, str, set[str]]]:
    with open(path, encoding="utf-8") as handle:
        items = [json.loads(line) for line in handle if line.strip()]
    return [(str(q["id"]), q["question"], set(q["gold"])) for q in items]


def shop_samples(embedder, kind: str, rounds: int, seed: int) -> list[Sample]:
    from pomocbot.knowledge.loaders import load_directory

    documents, _ = load_directory(ROOT / "examples" / "sklep" / "kb")
    assistant = Assistant(AssistantConfig(retrieval={"embedder": kind}), embedder=embedder)
    assistant.add_documents(documents)
    by_id = {d.id: d for d in documents}
    questions = _read_questions(ROOT / "examples" / "sklep" / "questions.jsonl")
    samples = _collect(assistant, by_id, questions, "shop", 0, set())
    extra = ROOT / "data" / "answerability" / "train.jsonl"
    if extra.is_file():  # more questions we wrote, off-topic and near misses above all
        samples += _collect(assistant, by_id, _read_questions(extra), "shop-extra", 0, set())
    answerable = [q for q in questions if q[2]]
    rng = random.Random(seed)
    for round_ in range(1, rounds + 1):
        picked = rng.sample(answerable, k=int(0.3 * len(answerable)))
        removed = set().union(*(gold for _, _, gold in picked))
        samples += _collect(assistant, by_id, questions, "shop", round_, removed)
    return samples


def allegro_samples(data: Path, embedder, kind: str, rounds: int, seed: int) -> list[Sample]:
    folder = data / "allegro-faq"
    with open(folder / "passages.jl", encoding="utf-8") as handle:
        documents = [Document(id=str(p["id"]), text=p["text"]) for p in map(json.loads, handle)]
    with open(folder / "questions.jl", encoding="utf-8") as handle:
        texts = {str(q["id"]): q["text"] for q in map(json.loads, handle)}
    gold: dict[str, set[str]] = {}
    with open(folder / "pairs.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            gold.setdefault(str(row["question-id"]), set()).add(str(row["passage-id"]))
    questions = sorted((qid, texts[qid], gold[qid]) for qid in gold if qid in texts)
    assistant = Assistant(AssistantConfig(retrieval={"embedder": kind}), embedder=embedder)
    assistant.add_documents(documents)
    by_id = {d.id: d for d in documents}
    rng = random.Random(seed)
    samples: list[Sample] = []
    for round_ in range(1, rounds + 1):
        picked = rng.sample(questions, k=len(questions) // 2)
        removed = set().union(*(g for _, _, g in picked))
        samples += _collect(assistant, by_id, questions, "allegro", round_, removed)
    return samples


def folds_of(samples: list[Sample], seed: int) -> np.ndarray:
    groups = sorted({(s.dataset, s.question_id) for s in samples})
    random.Random(seed).shuffle(groups)
    fold = {group: i % FOLDS for i, group in enumerate(groups)}
    return np.array([fold[(s.dataset, s.question_id)] for s in samples])


def balanced_weights(samples: list[Sample]) -> list[float]:
    """Each (set, label) cell weighs the same in total: neither set nor class dominates the fit."""
    cells: dict[tuple[str, int], int] = {}
    for s in samples:
        cells[(s.dataset, s.label)] = cells.get((s.dataset, s.label), 0) + 1
    return [len(samples) / (len(cells) * cells[(s.dataset, s.label)]) for s in samples]


def fit(samples: list[Sample], exclude: tuple[str, ...], l2: float, embedder: str | None = None):
    return fit_logistic([s.signals for s in samples], [s.label for s in samples], l2=l2, exclude=exclude,
                        embedder=embedder, sample_weight=balanced_weights(samples))


def out_of_fold(samples: list[Sample], exclude: tuple[str, ...], l2: float, seed: int) -> np.ndarray:
    fold = folds_of(samples, seed)
    predictions = np.zeros(len(samples))
    for k in range(FOLDS):
        train = [s for s, f in zip(samples, fold, strict=True) if f != k]
        model = fit(train, exclude, l2)
        for i in np.flatnonzero(fold == k):
            predictions[i] = model.predict(samples[i].signals)
    return predictions


def figures(samples: list[Sample], predictions: np.ndarray, threshold: float) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for dataset in sorted({s.dataset for s in samples}):
        rows = [(s, p) for s, p in zip(samples, predictions, strict=True)
                if s.dataset == dataset and _measured(s)]
        positive = [p for s, p in rows if s.label == 1]
        negative = [p for s, p in rows if s.label == 0]
        removed = [p for s, p in rows if s.label == 0 and s.round > 0]
        written = [p for s, p in rows if s.label == 0 and s.round == 0]
        answered = [(s, p) for s, p in rows if s.label == 1 and p >= threshold]
        out[dataset] = {
            "answerable": len(positive), "unanswerable": len(negative),
            "false_abstention": round(float(np.mean(np.array(positive) < threshold)), 4),
            "abstention_unanswerable": round(float(np.mean(np.array(negative) < threshold)), 4),
            "abstention_answer_removed": round(float(np.mean(np.array(removed) < threshold)), 4)
            if removed else None,
            "abstention_written_unanswerable": round(float(np.mean(np.array(written) < threshold)), 4)
            if written else None,
            "first_citation_gold_answered": round(float(np.mean([s.cites_gold for s, _ in answered])), 4)
            if answered else None,
            "roc_auc": round(_auc(np.array([p for _, p in rows]), np.array([s.label for s, _ in rows])), 4),
        }
    return out


def _measured(sample: Sample) -> bool:
    """The issue's figures: the shop set as written (its full base, round 0), allegro's removal rounds."""
    return sample.round == 0 if sample.dataset.startswith("shop") else True


def choose_threshold(samples: list[Sample], predictions: np.ndarray) -> float:
    """The highest threshold with false abstention <= 10 % on every set's answerable questions."""
    best = 0.0
    for threshold in np.round(np.arange(0.05, 0.951, 0.01), 2):
        ok = all(
            np.mean([p < threshold for s, p in zip(samples, predictions, strict=True)
                     if s.dataset == d and s.label == 1 and _measured(s)]) <= MAX_FALSE_ABSTENTION
            for d in {s.dataset for s in samples})
        if ok:
            best = float(threshold)
    return best


def _auc(scores: np.ndarray, labels: np.ndarray) -> float:
    order = np.argsort(scores, kind="stable")
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    for value in np.unique(scores):  # ties share their mean rank
        tied = scores == value
        ranks[tied] = ranks[tied].mean()
    positives = labels.sum()
    negatives = len(labels) - positives
    return float((ranks[labels == 1].sum() - positives * (positives + 1) / 2) / max(positives * negatives, 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--embedder", choices=["e5", "use"], default="e5")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write", action="store_true", help="write the models into pomocbot/drafting/data")
    parser.add_argument("--samples", default=None, help="cache the collected samples in this JSON file")
    args = parser.parse_args(argv)
    from pomocbot.assistant import build_embedder

    embedder = build_embedder(AssistantConfig(retrieval={"embedder": args.embedder}))
    cache = Path(args.samples) if args.samples else None
    if cache and cache.is_file():
        samples = [Sample(r["dataset"], r["question_id"], r["round"], ConfidenceSignals(**r["signals"]),
                          r["label"], r["cites_gold"], r.get("retrieved_gold", False))
                   for r in json.loads(cache.read_text())]
    else:
        samples = shop_samples(embedder, args.embedder, args.rounds, args.seed)
        if (Path(args.data) / "allegro-faq" / "passages.jl").exists():
            samples += allegro_samples(Path(args.data), embedder, args.embedder, args.rounds, args.seed)
        else:
            print(f"allegro-faq not found under {args.data}: training on the shop set only")
        if cache:
            cache.write_text(json.dumps([{"dataset": s.dataset, "question_id": s.question_id,
                                          "round": s.round,
                                          "signals": vars(s.signals), "label": s.label,
                                          "cites_gold": s.cites_gold, "retrieved_gold": s.retrieved_gold}
                                         for s in samples]))
    report: dict[str, object] = {"samples": len(samples), "rounds": args.rounds, "l2": args.l2,
                                 "folds": FOLDS}
    models = {}
    for name, exclude in ((embedder.name, ()), ("lexical", EMBEDDING_SIGNALS)):
        predictions = out_of_fold(samples, exclude, args.l2, args.seed)
        threshold = choose_threshold(samples, predictions)
        oof = {"threshold": threshold, "at_threshold": figures(samples, predictions, threshold),
               "at_0.5": figures(samples, predictions, 0.5)}
        model = fit(samples, exclude, args.l2, None if name == "lexical" else embedder.name)
        meta = {"trained_on": "examples/sklep questions + answer-removed rounds, "
                              "data/answerability/train.jsonl; allegro-faq answer-removed rounds "
                              "(tools/train_answerability.py)",
                "dimension": None if name == "lexical" else embedder.dimension, "out_of_fold": oof,
                **report}
        models[name] = ConfidenceModel(model.coefficients, model.intercept, model.embedder, model.means, meta)
        print(f"\n== {name}: out-of-fold, threshold {threshold}")
        print(json.dumps(oof, indent=1))
        print("coefficients", dict(zip(SIGNAL_NAMES, model.coefficients, strict=True)), "intercept",
              model.intercept)
    if args.write:
        for name, model in models.items():
            path = DATA_DIR / ("answerability_" + "".join(c if c.isalnum() else "_" for c in name.lower())
                               + ".json")
            if name == "lexical" and args.embedder != "e5":
                continue  # the lexical model is fitted on the default embedder's replies
            path.write_text(model.to_json() + "\n", encoding="utf-8")
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
