"""Names, places and organisations benchmark: gazetteer coverage, PolEval 2018 NER P/R, speed.

Usage::

    python benchmarks/pii_names.py [--data ../shared/data] [--out benchmarks/results/pii_names.json]
                                   [--min-score 0.0]

(i) **First-name coverage.** The share of people in the PESEL registry
(``names/pesel_first_names_{male,female}.csv``: first given name, sex, count)
whose first name is in pomocbot's hand-written gazetteer, weighted by count
and unweighted (share of distinct names). The registry is only *measured*
against; nothing is taken from it.

(ii) **PolEval 2018 NER** (``poleval2018-ner/gold.json``, NKJP-style nested
annotation with character offsets). Types compared:

* OSOBA vs ``persName``: the top-level person span (forename, surname and
  additional-name sub-spans lie inside it and are not counted separately);
* MIEJSCE vs ``placeName_*`` and ``geogName``;
* ORGANIZACJA vs ``orgName``.

Matching is by span overlap. Recall: a gold span is found when a predicted
span of the same type overlaps it; gold spans marked as derived words
(``derivType``: "rosyjskich", "Polakiem"; adjectives and inhabitants, not
names) are left out of recall. Precision: a predicted span is right when it
overlaps a gold span of its type (derived ones included, since hitting
"Polski" in "z Polski" is not wrong). The 914 documents are split by position:
even positions are the tuning half (rules and lists were adjusted looking at
its errors only), odd positions the held-out half reported as the result.

(iii) **False positives on customer questions**: predicted entities per 100
questions of ``allegro-faq/questions.jl`` (real customer questions without
personal names).

(iv) **Speed**: p50/p95 per 100-word customer message (1 thread, warm-up
dropped) of the three recognizers together and of each.

Skips cleanly (exit 0) when the data folder is absent.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from pomocbot.guardrails.names import FEMALE_FIRST_NAMES, FOREIGN_FIRST_NAMES, MALE_FIRST_NAMES
from pomocbot.guardrails.person_tagger import PersonTagger
from pomocbot.guardrails.recognizers.pl_organization import PlOrganizationRecognizer
from pomocbot.guardrails.recognizers.pl_person import PlPersonRecognizer
from pomocbot.guardrails.recognizers.pl_person_model import PlPersonModelRecognizer
from pomocbot.guardrails.recognizers.pl_place import PlPlaceRecognizer

ROOT = Path(__file__).resolve().parents[1]
TYPES = ("OSOBA", "MIEJSCE", "ORGANIZACJA")
Span = tuple[str, int, int]


def gold_type(label: str) -> str | None:
    """PolEval label -> our entity type (None for dates, times and sub-spans)."""
    if label == "persName":
        return "OSOBA"
    if label.startswith("placeName") or label == "geogName":
        return "MIEJSCE"
    if label == "orgName":
        return "ORGANIZACJA"
    return None


# -- (i) coverage --------------------------------------------------------
def coverage(names_dir: Path) -> dict[str, float]:
    """Weighted and unweighted share of the PESEL first names found in the gazetteer."""
    gazetteer = {n.upper() for n in MALE_FIRST_NAMES | FEMALE_FIRST_NAMES | FOREIGN_FIRST_NAMES}
    result: dict[str, float] = {}
    total_people = covered_people = total_names = covered_names = 0
    for sex in ("male", "female"):
        people = covered = rows = hits = 0
        with open(names_dir / f"pesel_first_names_{sex}.csv", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                count = int(row["LICZBA_WYSTĄPIEŃ"])
                people += count
                rows += 1
                if row["IMIĘ_PIERWSZE"].strip() in gazetteer:
                    covered += count
                    hits += 1
        result[f"{sex}_weighted"] = covered / people
        result[f"{sex}_unweighted"] = hits / rows
        total_people += people
        covered_people += covered
        total_names += rows
        covered_names += hits
    result["weighted"] = covered_people / total_people
    result["unweighted"] = covered_names / total_names
    result["gazetteer_size"] = len(gazetteer)
    return result


# -- (ii) PolEval --------------------------------------------------------
def load_poleval(path: Path) -> list[tuple[str, list[tuple[str, int, int, bool]]]]:
    """(text, [(type, start, end, derived)]) per document; discontinuous spans use their outer bounds."""
    docs = []
    for question in json.loads(path.read_text(encoding="utf-8"))["questions"]:
        text = question["input"]["fileContent"]
        spans: dict[str, tuple[str, int, int]] = {}
        derived: set[str] = set()
        for line in question["answers"][0]["data"]["brat"].splitlines():
            parts = line.split("\t")
            if parts[0].startswith("T") and len(parts) >= 2:
                label, _, offsets = parts[1].partition(" ")
                numbers = [int(x) for x in offsets.replace(";", " ").split()]
                entity = gold_type(label)
                if entity is not None and numbers:
                    spans[parts[0]] = (entity, min(numbers), max(numbers))
            elif parts[0].startswith("A") and len(parts) >= 2 and parts[1].startswith("derivType"):
                fields = parts[1].split()
                if len(fields) >= 2:
                    derived.add(fields[1])
        docs.append((text, [(t, s, e, tid in derived) for tid, (t, s, e) in spans.items()]))
    return docs


def person_recognizer(kind: str, model: Path | None = None):
    """The learned tagger (``model``, the default pack's) or the hand-written rules (``rules``)."""
    if kind == "rules":
        return PlPersonRecognizer()
    tagger = PersonTagger(model) if model else None
    return PlPersonModelRecognizer(tagger=tagger)


def default_detector(person: str = "model", model: Path | None = None):
    recognizers = (person_recognizer(person, model), PlPlaceRecognizer(), PlOrganizationRecognizer())

    def detect(text: str) -> list[tuple[str, int, int, float]]:
        found = []
        for recognizer in recognizers:
            results = recognizer.analyze(text, list(TYPES), None)  # type: ignore[arg-type]
            found += [(r.entity_type, r.start, r.end, r.score) for r in results]
        return found

    return detect


def wrap_detector(detector):
    """A PIIDetector (``detect(text) -> list[PIIEntity]``) as a function returning tuples."""

    def detect(text: str) -> list[tuple[str, int, int, float]]:
        return [(e.entity_type, e.start, e.end, e.score) for e in detector.detect(text)]

    return detect


def score_docs(docs, detect, min_score: float = 0.0, examples: int = 0) -> dict[str, Any]:
    tp_pred: dict[str, int] = defaultdict(int)
    n_pred: dict[str, int] = defaultdict(int)
    found_gold: dict[str, int] = defaultdict(int)
    n_gold: dict[str, int] = defaultdict(int)
    misses: dict[str, list[str]] = defaultdict(list)
    false: dict[str, list[str]] = defaultdict(list)
    for text, gold in docs:
        predicted = [(t, s, e) for t, s, e, score in detect(text) if t in TYPES and score >= min_score]
        for t, s, e in predicted:
            n_pred[t] += 1
            if any(gt == t and gs < e and s < ge for gt, gs, ge, _ in gold):
                tp_pred[t] += 1
            elif len(false[t]) < examples:
                false[t].append(_context(text, s, e))
        for gt, gs, ge, derived in gold:
            if derived:
                continue
            n_gold[gt] += 1
            if any(t == gt and gs < e and s < ge for t, s, e in predicted):
                found_gold[gt] += 1
            elif len(misses[gt]) < examples:
                misses[gt].append(_context(text, gs, ge))
    out: dict[str, Any] = {}
    for t in TYPES:
        p = tp_pred[t] / n_pred[t] if n_pred[t] else 0.0
        r = found_gold[t] / n_gold[t] if n_gold[t] else 0.0
        out[t] = {"precision": round(p, 4), "recall": round(r, 4),
                  "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
                  "predicted": n_pred[t], "gold": n_gold[t]}
    if examples:
        out["misses"] = dict(misses)
        out["false_positives"] = dict(false)
    return out


def _context(text: str, start: int, end: int) -> str:
    shown = text[max(0, start - 40) : start] + "[[" + text[start:end] + "]]" + text[end : end + 30]
    return shown.replace("\n", " ")


# -- (iii) customer questions ----------------------------------------------
def _questions(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def customer_false_positives(path: Path, detect, min_score: float = 0.0) -> dict[str, Any]:
    questions = _questions(path)
    counts: dict[str, int] = defaultdict(int)
    shown: list[str] = []
    for q in questions:
        for t, s, e, score in detect(q):
            if t in TYPES and score >= min_score:
                counts[t] += 1
                if len(shown) < 15:
                    shown.append(f"{t}: {_context(q, s, e)}")
    return {"questions": len(questions), **{f"{t}_per_100": round(100 * counts[t] / len(questions), 2)
                                             for t in TYPES}, "examples": shown}


def score_own(path: Path, detect, min_score: float) -> dict[str, Any]:
    """OSOBA P/R on our own annotated test lines (``[[...]]`` marks a person; never trained on)."""
    import re

    mark = re.compile(r"\[\[(.+?)\]\]", re.S)
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        marked = json.loads(line)["marked"]
        text, spans, last, length = [], [], 0, 0
        for m in mark.finditer(marked):
            text.append(marked[last:m.start()])
            length += m.start() - last
            spans.append(("OSOBA", length, length + len(m.group(1)), False))
            text.append(m.group(1))
            length += len(m.group(1))
            last = m.end()
        text.append(marked[last:])
        docs.append(("".join(text), spans))
    return score_docs(docs, detect, min_score)["OSOBA"] | {"lines": len(docs)}


def _messages(path: Path, *, seed: int, extras: list[str], n: int = 50) -> list[str]:
    """``n`` 100-word messages made of real questions (and ``extras`` with personal data), reproducibly."""
    rng = random.Random(seed)
    pool = _questions(path) + extras
    messages = []
    for _ in range(n):
        words: list[str] = []
        while len(words) < 100:
            words += rng.choice(pool).split()
        messages.append(" ".join(words[:100]))
    return messages


def full_pass_speed(path: Path, person: str, repeats: int = 300) -> dict[str, float]:
    """p50/p95 of the whole default detector (every recognizer, overlaps resolved) per 100-word message."""
    from pomocbot.config import PrivacyConfig
    from pomocbot.guardrails.analyzer import PolishPIIDetector

    detector = PolishPIIDetector(PrivacyConfig(person_recognizer=person))
    extras = ["Pozdrawiam, Anna Nowak", "Mój PESEL 02070803628, tel. 601 234 567.",
              "Przesyłka dla Jana Kowalskiego."]
    messages = _messages(path, seed=11, extras=extras)
    for message in messages:  # warm-up: word caches filled as a running service has them
        detector.detect(message)
    times = []
    for _ in range(repeats // len(messages)):
        for message in messages:
            t0 = time.perf_counter()
            detector.detect(message)
            times.append(time.perf_counter() - t0)
    times.sort()
    return {"p50_ms": round(1000 * statistics.median(times), 4),
            "p95_ms": round(1000 * times[int(0.95 * (len(times) - 1))], 4), "messages": len(times)}


# -- (iv) speed ----------------------------------------------------------
def speed(path: Path, repeats: int = 300, person: str = "model",
          model: Path | None = None) -> dict[str, float]:
    extras = ["Pozdrawiam, Anna Nowak", "Przesyłka dla Jana Kowalskiego z Krakowa.",
              "Pracuję w Kowalski sp. z o.o."]
    messages = _messages(path, seed=7, extras=extras)
    recognizers = {"person": person_recognizer(person, model), "place": PlPlaceRecognizer(),
                   "organization": PlOrganizationRecognizer()}
    result: dict[str, float] = {}
    totals: list[float] = []
    per: dict[str, list[float]] = {k: [] for k in recognizers}
    for round_ in range(repeats // len(messages) + 1):
        for message in messages:
            whole = 0.0
            for key, recognizer in recognizers.items():
                t0 = time.perf_counter()
                recognizer.analyze(message, list(TYPES), None)  # type: ignore[arg-type]
                elapsed = time.perf_counter() - t0
                whole += elapsed
                if round_:
                    per[key].append(elapsed)
            if round_:  # round 0 is the warm-up
                totals.append(whole)
    for key, values in (("all", totals), *per.items()):
        values.sort()
        result[f"{key}_p50_ms"] = round(1000 * statistics.median(values), 4)
        result[f"{key}_p95_ms"] = round(1000 * values[int(0.95 * (len(values) - 1))], 4)
    return result


def run(data: Path, detector=None, min_score: float = 0.5, examples: int = 0, person: str = "model",
        model: Path | None = None) -> dict[str, Any]:
    """All four measurements; ``detector`` is a PIIDetector, else the three recognizers run directly."""
    detect = default_detector(person, model) if detector is None else wrap_detector(detector)
    results: dict[str, Any] = {"machine": platform.platform(), "python": platform.python_version(),
                                  "min_score": min_score, "person": person}
    results["first_name_coverage"] = coverage(data / "names")
    docs = load_poleval(data / "poleval2018-ner" / "gold.json")
    results["poleval_tuning_even"] = score_docs(docs[0::2], detect, min_score, examples)
    results["poleval_heldout_odd"] = score_docs(docs[1::2], detect, min_score, examples)
    # The learned tagger never saw either half (the rules were tuned on the even one): all 914 documents.
    results["poleval_all"] = score_docs(docs, detect, min_score)
    own = ROOT / "tools" / "data" / "person_names"
    if (own / "test.jsonl").exists():
        results["own_test_set"] = score_own(own / "test.jsonl", detect, min_score)
    if (own / "test_h4.jsonl").exists():  # a second held-out set, by another writer
        results["own_test_set_2"] = score_own(own / "test_h4.jsonl", detect, min_score)
    results["allegro_questions_false_positives"] = customer_false_positives(
        data / "allegro-faq" / "questions.jl", detect, min_score)
    if detector is None:
        questions = data / "allegro-faq" / "questions.jl"
        results["speed_per_100_words"] = speed(questions, person=person, model=model)
        results["full_pii_pass_per_100_words"] = full_pass_speed(questions, person)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results/pii_names.json"))
    parser.add_argument("--min-score", type=float, default=0.5, help="the analyzer's default is 0.5")
    parser.add_argument("--person", choices=("model", "rules"), default="model",
                        help="person recognizer: the learned tagger (default pack) or the hand-written rules")
    parser.add_argument("--model", type=Path, default=None, help="another person_tagger.crfsuite")
    parser.add_argument("--examples", type=int, default=0, help="show this many misses / false positives")
    args = parser.parse_args(argv)
    data = Path(args.data)
    if not (data / "poleval2018-ner" / "gold.json").exists():
        print(f"no data at {data}; skipping")
        return 0
    results = run(data, min_score=args.min_score, examples=args.examples, person=args.person,
                  model=args.model)
    cov = results["first_name_coverage"]
    print(f"first-name coverage: weighted {cov['weighted']:.4f}, unweighted {cov['unweighted']:.4f} "
          f"(male {cov['male_weighted']:.4f}, female {cov['female_weighted']:.4f}; "
          f"{cov['gazetteer_size']} names)")
    print(f"\n{'PolEval 2018':<22}{'type':<14}{'P':>8}{'R':>8}{'F1':>8}{'pred':>8}{'gold':>8}")
    for half in ("poleval_tuning_even", "poleval_heldout_odd", "poleval_all"):
        for t in TYPES:
            row = results[half][t]
            print(f"{half:<22}{t:<14}{row['precision']:>8.3f}{row['recall']:>8.3f}{row['f1']:>8.3f}"
                  f"{row['predicted']:>8}{row['gold']:>8}")
    fp = results["allegro_questions_false_positives"]
    print(f"\nallegro-faq questions ({fp['questions']}): entities per 100 questions: "
          + ", ".join(f"{t} {fp[f'{t}_per_100']}" for t in TYPES))
    for line in fp["examples"]:
        print("   ", line)
    if "own_test_set_2" in results:
        print("own test set 2 (test_h4.jsonl, never trained on):", results["own_test_set_2"])
    if "own_test_set" in results:
        print("\nown test set (tools/data/person_names/test.jsonl, never trained on):",
              results["own_test_set"])
    if "speed_per_100_words" in results:
        print("\nspeed per 100-word message (ms):", results["speed_per_100_words"])
        print("full PII pass per 100-word message (ms):", results["full_pii_pass_per_100_words"])
    if args.examples:
        for kind in ("misses", "false_positives"):
            for t, rows in results["poleval_tuning_even"][kind].items():
                print(f"\n{kind} {t} (tuning half):")
                for row in rows:
                    print("   ", row)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nresults written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
