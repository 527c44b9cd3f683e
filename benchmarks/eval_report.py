"""Evaluation toolkit overhead: answering 400 allegro-faq questions vs the whole ``pomocbot.eval`` run.

Usage::

    python benchmarks/eval_report.py [--data ../shared/data] [--out benchmarks/results/eval_report.json]
                                     [--report-dir DIR] [--repeats 3]

On allegro-faq (921 passages, 400 real questions with gold passages; read
from the data path, never copied) with the default configuration, 1 thread:

* **answering**: ``assistant.reply(question)`` for the 400 questions in a loop;
* **evaluate**: :func:`pomocbot.eval.evaluate` on the same questions (replies,
  a ranking search per question, metrics, curves);
* **report**: :func:`pomocbot.eval.write_report` (report.json, report.md and
  report.html with four matplotlib plots);
* **eval total** = evaluate + report, and its ratio to answering.

One untimed pass over all questions warms the caches first (stems, sentence
analysis), so neither side profits from the other; each measurement is then
repeated ``--repeats`` times, alternating, and the median is reported.
Target: eval total <= 2 x answering. Skips cleanly (exit 0) when the data
folder is absent. Prints a table and writes ``benchmarks/results/eval_report.json``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import csv
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pomocbot import Assistant, AssistantConfig, Document
from pomocbot.eval import evaluate, write_report
from pomocbot.retrieval.embedders import UniversalSentenceEncoder

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 2.0


def _json_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_allegro(data: Path) -> tuple[list[Document], list[dict]]:
    folder = data / "allegro-faq"
    passages = _json_lines(folder / "passages.jl")
    texts = {q["id"]: q["text"] for q in _json_lines(folder / "questions.jl")}
    gold: dict[int, list[str]] = {}
    with open(folder / "pairs.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            gold.setdefault(int(row["question-id"]), []).append(str(row["passage-id"]))
    docs = [Document(id=str(p["id"]), text=p["text"]) for p in passages]
    questions = [{"id": str(qid), "question": texts[qid], "gold": sorted(set(gold[qid]))}
                 for qid in sorted(gold) if qid in texts]
    return docs, questions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results/eval_report.json"))
    parser.add_argument("--report-dir", default=None, help="keep the HTML report here (default: a temp dir)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    data = Path(args.data)
    if not (data / "allegro-faq" / "passages.jl").exists():
        print(f"skipped: no allegro-faq under {data}")
        return 0

    import faiss

    faiss.omp_set_num_threads(1)
    docs, questions = load_allegro(data)
    print(f"allegro-faq: {len(docs)} passages, {len(questions)} questions; indexing ...")
    assistant = Assistant(AssistantConfig(), embedder=UniversalSentenceEncoder(threads=1))
    assistant.add_documents(docs)
    for q in questions:  # warm-up pass, not timed
        assistant.reply(q["question"])

    answering, evaluating, reporting = [], [], []
    report = None
    with tempfile.TemporaryDirectory() as tmp:
        report_dir = Path(args.report_dir or tmp)
        for _ in range(max(args.repeats, 1)):
            started = time.perf_counter()
            for q in questions:
                assistant.reply(q["question"])
            answering.append(time.perf_counter() - started)
            started = time.perf_counter()
            report = evaluate(assistant, questions=questions)
            evaluating.append(time.perf_counter() - started)
            started = time.perf_counter()
            write_report(report, report_dir)
            reporting.append(time.perf_counter() - started)
        html_bytes = (report_dir / "report.html").stat().st_size
    assert report is not None

    answer_s, eval_s, report_s = (statistics.median(x) for x in (answering, evaluating, reporting))
    total_s = eval_s + report_s
    summary = report.configs["default"].summary
    results = {
        "machine": platform.platform(), "python": platform.python_version(),
        "command": "python benchmarks/eval_report.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "questions": len(questions), "passages": len(docs), "repeats": len(answering),
        "answering_s": round(answer_s, 3), "evaluate_s": round(eval_s, 3), "report_s": round(report_s, 3),
        "eval_total_s": round(total_s, 3), "ratio_eval_total_to_answering": round(total_s / answer_s, 3),
        "target_ratio": TARGET_RATIO, "met": total_s <= TARGET_RATIO * answer_s,
        "answering_runs_s": [round(x, 3) for x in answering],
        "evaluate_runs_s": [round(x, 3) for x in evaluating],
        "report_runs_s": [round(x, 3) for x in reporting], "report_html_bytes": html_bytes,
        "figures": {k: summary[k] for k in ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10",
                                            "citation_precision", "abstained", "latency_p50_ms",
                                            "latency_p90_ms", "latency_p99_ms")},
    }
    print(f"\n{'step':34s} {'seconds (median of ' + str(len(answering)) + ')':>26s}")
    for label, value in (("answering 400 questions (reply)", answer_s),
                         ("evaluate (replies + rankings)", eval_s),
                         ("write report (json, md, html+plots)", report_s), ("eval total", total_s)):
        print(f"{label:34s} {value:26.2f}")
    print(f"{'ratio eval total / answering':34s} {total_s / answer_s:26.2f}   "
          f"({'ok' if results['met'] else 'MISS'}, target <= {TARGET_RATIO})")
    print("figures:", json.dumps(results["figures"]))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
