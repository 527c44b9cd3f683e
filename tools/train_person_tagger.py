"""Train the person-name CRF (``pomocbot.guardrails.person_tagger``), cross-validated, and calibrate it.

Usage::

    python tools/train_person_tagger.py [--data ../shared/data] [--templates 6000] [--folds 5] [--write]

Training data (nothing else is read):

* ``tools/data/person_names/train_*.jsonl``: text written and annotated by us
  (``[[...]]`` marks a person);
* template sentences (``tools/person_name_templates.py``) filled with first names
  from the shipped PESEL list (``guardrails/data/pesel_first_names.tsv``) and
  surnames, inflected with Morfeusz 2, plus look-alike negatives.

``tools/data/person_names/test.jsonl`` is never trained on: it is scored once
with the final model. PolEval 2018 is never read here (``benchmarks/pii_names.py``
measures on it).

Steps: a small grid of the CRF's L1/L2 weights, each scored by ``--folds``-fold
cross-validation over the written lines (templates in every training fold); the
best by out-of-fold span F1 is kept; a Platt calibration of the span score is
fitted on its out-of-fold spans (a span is right when it overlaps a gold name);
then the model is trained on everything. ``--write`` saves
``guardrails/data/person_tagger.crfsuite`` and ``person_tagger.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from person_name_templates import (  # noqa: E402
    COMMON_WORD_SENTENCES,
    NEGATIVE_TEMPLATES,
    ORGANISATIONS,
    TEMPLATES,
)

from pomocbot.guardrails.names import SURNAMES  # noqa: E402
from pomocbot.guardrails.person_tagger import (  # noqa: E402
    PersonTagger,
    load_pesel_first_names,
    spans_to_labels,
    tokenize,
)
from pomocbot.guardrails.recognizers.pl_place import PLACE_FORMS  # noqa: E402
from pomocbot.text.morphology import default_morphology  # noqa: E402
from pomocbot.text.normalize import fold_diacritics  # noqa: E402

DATA = ROOT / "tools" / "data" / "person_names"
OUT = ROOT / "src" / "pomocbot" / "guardrails" / "data"
_MARK = re.compile(r"\[\[(.+?)\]\]", re.S)

# Adjectival surnames (masculine / feminine lemmas), written by us: the commonest Polish type.
_ADJECTIVAL = """Kowalski Wiśniewski Lewandowski Zieliński Szymański Dąbrowski Kozłowski Jankowski
Wojciechowski Kwiatkowski Kaczmarski Piotrowski Grabowski Pawłowski Michalski Nowicki Adamski Zawadzki
Sikorski Baranowski
Rutkowski Sadowski Jasiński Wróblewski Ostrowski Tomaszewski Zalewski Wieczorkowski Jabłoński Majewski
Olszewski Stępiński Malinowski Jaworski Witkowski Walczewski Górski Rakowski Krajewski Czarnecki Sawicki
Kalinowski Wysocki Kubiak Czerwiński Gołębiowski Lipiński Borkowski Sokołowski Kaczyński Bielecki Szczepański
Brzeziński Kamiński Lisowski Makowski Laskowski Maciejewski Chmielewski Kowalewski Żukowski Łuczak""".split()
_FOREIGN = [
    ("John", "Smith", "m"),
    ("Ołeksandr", "Kowalenko", "m"),
    ("Olena", "Szewczenko", "f"),
    ("Nguyen", "Van Minh", "m"),
    ("María", "García", "f"),
    ("Hans", "Müller", "m"),
    ("Sophie", "Martin", "f"),
    ("Jean-Pierre", "Dubois", "m"),
    ("Andrij", "Melnyk", "m"),
    ("Tetiana", "Bondarenko", "f"),
    ("Emma", "Johnson", "f"),
    ("Luca", "Rossi", "m"),
    ("Aliaksandr", "Ivanou", "m"),
    ("Irina", "Petrova", "f"),
    ("Mehmet", "Yılmaz", "m"),
]
_TITLES = {
    "m": {
        "nom": "pan",
        "gen": "pana",
        "dat": "panu",
        "acc": "pana",
        "inst": "panem",
        "loc": "panu",
        "voc": "panie",
    },
    "f": {
        "nom": "pani",
        "gen": "pani",
        "dat": "pani",
        "acc": "panią",
        "inst": "panią",
        "loc": "pani",
        "voc": "pani",
    },
}
_SLOT = re.compile(r"\{([FflSdTLP])\.(\w+)\}|\{(O)\}|\{g:([^|}]*)\|([^}]*)\}")


def load_marked(paths: list[Path]) -> list[dict]:
    """Lines of the written files as ``{"id", "genre", "text", "spans"}`` (character spans of the names).

    A line written twice (in two files) is kept once, so no fold holds a copy of a line it is scored on.
    """
    out = []
    seen: set[str] = set()
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                row = json.loads(line)
                if row["marked"] in seen:
                    continue
                seen.add(row["marked"])
                text, spans, last = [], [], 0
                length = 0
                for match in _MARK.finditer(row["marked"]):
                    before = row["marked"][last : match.start()]
                    text.append(before)
                    length += len(before)
                    spans.append((length, length + len(match.group(1))))
                    text.append(match.group(1))
                    length += len(match.group(1))
                    last = match.end()
                text.append(row["marked"][last:])
                out.append(
                    {
                        "id": row["id"],
                        "genre": row.get("genre", path.stem),
                        "text": "".join(text),
                        "spans": spans,
                    }
                )
    return out


class NameFiller:
    """Fills template slots with inflected names (PESEL first names, our surname lists)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.morph = default_morphology()
        pesel = load_pesel_first_names()
        by_sex: dict[str, list[tuple[str, int]]] = {"K": [], "M": []}
        for name, (sex, count) in pesel.items():
            if "-" not in name:
                by_sex[sex].append((name.title(), count))
        # Square-root weights: common names often, rare ones still seen.
        self.first = {
            sex: ([n for n, _ in rows], np.sqrt([c for _, c in rows])) for sex, rows in by_sex.items()
        }
        self.noun_surnames = sorted(SURNAMES)
        self.towns = sorted({lemma for lemma, kind in PLACE_FORMS.values()
                             if kind == "town" and " " not in lemma})

    def place(self, case: str) -> str:
        """A Polish town in ``case`` (the dictionary's form; the nominative when it has none)."""
        town = self.rng.choice(self.towns)
        return self.morph.inflect(town, case=case, number="sg", qualifier="nazwa_geograficzna") or town

    def first_name(self, gender: str) -> str:
        """A PESEL first name; mostly one the dictionary can inflect (unknown ones stay as written)."""
        names, weights = self.first["K" if gender == "f" else "M"]
        for _ in range(8):
            name = self.rng.choices(names, weights=weights)[0]
            if self.rng.random() < 0.15 or self.morph.inflect(
                name, case="gen", gender=gender, qualifier="imię"
            ):
                return name
        return name

    def surname_lemma(self, gender: str) -> tuple[str, bool]:
        """(lemma, inflects): adjectival surnames inflect for both sexes, noun ones for men only."""
        if self.rng.random() < 0.45:
            masculine = self.rng.choice(_ADJECTIVAL)
            if gender == "f":
                return masculine[:-1] + "a", True
            return masculine, True
        noun = self.rng.choice(self.noun_surnames)
        if noun.endswith(("ski", "cki", "dzki")):  # the list has a few adjectival ones too
            return (noun[:-1] + "a" if gender == "f" else noun), True
        # A woman's consonant-final surname does not inflect (pani Nowak); an -a one does (pani Zaręby).
        return noun, gender == "m" or noun.endswith("a")

    def inflect(self, lemma: str, case: str, gender: str, qualifier: str) -> str:
        form = self.morph.inflect(lemma, case=case, number="sg", gender=gender, qualifier=qualifier)
        return form or lemma

    def person(self, gender: str) -> dict[str, str]:
        if self.rng.random() < 0.07:
            first, last, gender = self.rng.choice(_FOREIGN)
            return {"gender": gender, "first": first, "last": last, "foreign": "1"}
        surname, inflects = self.surname_lemma(gender)
        if self.rng.random() < 0.05:
            second, _ = self.surname_lemma(gender)
            surname = f"{surname}-{second}"
            inflects = False
        return {
            "gender": gender,
            "first": self.first_name(gender),
            "last": surname,
            "last_inflects": "1" if inflects else "",
        }

    def forms(self, person: dict[str, str], case: str) -> dict[str, str]:
        gender = person["gender"]
        if person.get("foreign"):
            first, last = person["first"], person["last"]
        else:
            first = self.inflect(person["first"], case, gender, "imię")
            # -a surnames decline alike for both sexes; the dictionary lists them as masculine.
            surname_gender = (
                "m" if person["last"].endswith("a") and not person["last"].endswith("ska") else gender
            )
            last = (
                self.inflect(person["last"], case, surname_gender, "nazwisko")
                if person.get("last_inflects")
                else person["last"]
            )
        if self.rng.random() < 0.05:
            first = first[0] + "."
        return {"first": first, "last": last}


def _style(text: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.07:
        return text.lower()
    if roll < 0.12:
        return fold_diacritics(text)
    return text


def generate(n: int, seed: int) -> list[dict]:
    """``n`` template sentences (about 1 in 4 a look-alike negative) with their name spans."""
    filler = NameFiller(seed)
    rng = filler.rng
    out = []
    for k in range(n):
        negative = rng.random() < 0.25
        template = rng.choice(NEGATIVE_TEMPLATES + COMMON_WORD_SENTENCES if negative else TEMPLATES)
        gender = rng.choice("mf")
        people = {"F": filler.person(gender), "S": filler.person(rng.choice("mf"))}
        people["d"] = people["S"]
        lowered = rng.random() < 0.08  # a customer typing names in lower case
        folded = rng.random() < 0.06
        parts, spans, length, last = [], [], 0, 0
        for match in _SLOT.finditer(template):
            literal = template[last : match.start()]
            parts.append(literal)
            length += len(literal)
            last = match.end()
            if match.group(4) is not None:
                piece, is_name = (match.group(4) if gender == "m" else match.group(5)), False
            elif match.group(3) is not None:
                piece, is_name = rng.choice(ORGANISATIONS), False
            else:
                slot, case = match.group(1), match.group(2)
                if slot == "P":
                    piece, is_name = filler.place(case), False
                elif slot == "T":
                    piece, is_name = _TITLES[gender][case], False
                elif slot == "L":
                    lemma = rng.choice(_ADJECTIVAL + filler.noun_surnames[:200])
                    piece, is_name = filler.inflect(lemma, case, "m", "nazwisko"), False
                else:
                    person = people["F"] if slot in "Ffl" else people[slot]
                    forms = filler.forms(person, case)
                    piece = {
                        "F": f"{forms['first']} {forms['last']}",
                        "S": f"{forms['first']} {forms['last']}",
                        "f": forms["first"],
                        "d": forms["first"],
                        "l": forms["last"],
                    }[slot]
                    if slot == "f" and person.get("foreign") is None and rng.random() < 0.1:
                        piece = forms["first"]
                    is_name = True
                    if lowered:
                        piece = piece.lower()
                    if folded:
                        piece = fold_diacritics(piece)
            if is_name:
                spans.append((length, length + len(piece)))
            parts.append(piece)
            length += len(piece)
        parts.append(template[last:])
        text = "".join(parts)
        if not spans and not negative:
            continue
        if not spans:
            text = _style(text, rng) if rng.random() < 0.3 else text
        out.append({"id": f"gen-{seed}-{k}", "genre": "template", "text": text, "spans": spans})
    return out


def sequences(tagger: PersonTagger, rows: list[dict]) -> list[tuple[list[list[str]], list[str]]]:
    out = []
    for row in rows:
        tokens = tokenize(row["text"])
        if tokens:
            out.append((tagger.features(row["text"], tokens), spans_to_labels(tokens, row["spans"])))
    return out


def train(items, path: Path, c1: float, c2: float, iterations: int = 200) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, yseq in items:
        trainer.append(xseq, yseq)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": 1,
        }
    )
    trainer.train(str(path))


def predict(model: Path, tagger: PersonTagger, rows: list[dict]) -> list[list[tuple[int, int, float]]]:
    """Uncalibrated spans per row from ``model``."""
    scorer = PersonTagger(model, morphology=tagger.morphology, rules=tagger.rules)
    scorer.calibration = (1.0, 0.0)
    return [scorer.find_spans(row["text"]) for row in rows]


def span_scores(
    rows: list[dict], predicted: list[list[tuple[int, int, float]]], threshold: float = 0.5
) -> dict[str, float]:
    """Overlap P/R/F1 (the PolEval benchmark's matching) and exact-span F1."""
    tp_p = n_pred = tp_g = n_gold = exact = 0
    for row, spans in zip(rows, predicted, strict=True):
        kept = [(s, e) for s, e, p in spans if p >= threshold]
        gold = row["spans"]
        n_pred += len(kept)
        n_gold += len(gold)
        tp_p += sum(any(s < ge and e > gs for gs, ge in gold) for s, e in kept)
        tp_g += sum(any(s < ge and e > gs for s, e in kept) for gs, ge in gold)
        exact += len(set(kept) & set(gold))
    precision = tp_p / n_pred if n_pred else 1.0
    recall = tp_g / n_gold if n_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    exact_p = exact / n_pred if n_pred else 1.0
    exact_r = exact / n_gold if n_gold else 1.0
    exact_f1 = 2 * exact_p * exact_r / (exact_p + exact_r) if exact_p + exact_r else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "exact_f1": round(exact_f1, 4),
        "predicted": n_pred,
        "gold": n_gold,
    }


def platt(rows: list[dict], predicted: list[list[tuple[int, int, float]]]) -> tuple[float, float]:
    """Logistic fit of "the span overlaps a gold name" on the logit of its raw score."""
    xs, ys = [], []
    for row, spans in zip(rows, predicted, strict=True):
        for s, e, p in spans:
            p = min(max(p, 1e-6), 1 - 1e-6)
            xs.append([math.log(p / (1 - p))])
            ys.append(int(any(s < ge and e > gs for gs, ge in row["spans"])))
    if len(set(ys)) < 2:
        return 1.0, 0.0
    return _logistic_fit(np.array(xs)[:, 0], np.array(ys, dtype=float))


def _logistic_fit(x: np.ndarray, y: np.ndarray, iterations: int = 100,
                  ridge: float = 1.0) -> tuple[float, float]:
    """Platt scaling: ``sigmoid(a * x + b)`` by damped Newton steps, pulled towards ``a = 1, b = 0``.

    The pull (``ridge``) keeps the fit finite when the spans are separable (all right above some score);
    a backtracking line search keeps every step downhill.
    """

    def loss(a: float, b: float) -> float:
        z = a * x + b
        return float(np.sum(np.logaddexp(0, z) - y * z) + ridge / 2 * ((a - 1) ** 2 + b**2))

    a, b = 1.0, 0.0
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-np.clip(a * x + b, -30, 30)))
        w = p * (1 - p) + 1e-9
        g = np.array([np.sum((p - y) * x) + ridge * (a - 1.0), np.sum(p - y) + ridge * b])
        h = np.array([[np.sum(w * x * x) + ridge, np.sum(w * x)], [np.sum(w * x), np.sum(w) + ridge]])
        step = np.linalg.solve(h, g)
        t, current = 1.0, loss(a, b)
        while t > 1e-6 and loss(a - t * step[0], b - t * step[1]) > current:
            t /= 2
        a, b = a - t * step[0], b - t * step[1]
        if np.abs(t * step).max() < 1e-8:
            break
    return float(a), float(b)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--templates", type=int, default=6000)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--grid", default="0.05:0.01,0.1:0.05,0.3:0.05")
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--data-dir", type=Path, default=DATA, help="folder of train_*.jsonl and test.jsonl")
    parser.add_argument("--out-dir", type=Path, default=OUT, help="where --write puts the model and its json")
    args = parser.parse_args(argv)

    written = load_marked(sorted(args.data_dir.glob("train_*.jsonl")))
    test_path = args.data_dir / "test.jsonl"
    test = load_marked([test_path]) if test_path.exists() else []
    generated = generate(args.templates, args.seed)
    print(
        f"written lines {len(written)} (names {sum(len(r['spans']) for r in written)}), "
        f"templates {len(generated)}, test {len(test)}"
    )
    tagger = PersonTagger(Path("/nonexistent.crfsuite"))
    started = time.perf_counter()
    written_items = sequences(tagger, written)
    generated_items = sequences(tagger, generated)
    print(f"features in {time.perf_counter() - started:.1f} s")

    rng = random.Random(args.seed)
    order = list(range(len(written)))
    rng.shuffle(order)
    fold_of = {index: n % args.folds for n, index in enumerate(order)}
    grid = [tuple(map(float, point.split(":"))) for point in args.grid.split(",")]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for c1, c2 in grid:
            oof: list[list[tuple[int, int, float]]] = [[] for _ in written]
            for fold in range(args.folds):
                train_items = [
                    written_items[i] for i in range(len(written)) if fold_of[i] != fold
                ] + generated_items
                model = Path(tmp) / f"fold{fold}.crfsuite"
                train(train_items, model, c1, c2)
                held = [i for i in range(len(written)) if fold_of[i] == fold]
                for i, spans in zip(held, predict(model, tagger, [written[i] for i in held]), strict=True):
                    oof[i] = spans
            scores = span_scores(written, oof)
            print(f"c1={c1} c2={c2}: out of fold {scores}")
            results.append(((c1, c2), scores, oof))
        (c1, c2), best_scores, best_oof = max(results, key=lambda r: r[1]["f1"])
        slope, intercept = platt(written, best_oof)
        calibrated = [
            [
                (
                    s,
                    e,
                    1
                    / (
                        1
                        + math.exp(
                            -(
                                slope
                                * math.log(min(max(p, 1e-6), 1 - 1e-6) / (1 - min(max(p, 1e-6), 1 - 1e-6)))
                                + intercept
                            )
                        )
                    ),
                )
                for s, e, p in spans
            ]
            for spans in best_oof
        ]
        calibrated_scores = {
            f"{t:.1f}": span_scores(written, calibrated, t) for t in (0.3, 0.4, 0.5, 0.6, 0.7)
        }
        print(f"chosen c1={c1} c2={c2}; calibration slope {slope:.3f} intercept {intercept:.3f}")
        for t, s in calibrated_scores.items():
            print(f"  calibrated out of fold @ {t}: {s}")
        final = Path(tmp) / "final.crfsuite"
        train(written_items + generated_items, final, c1, c2)
        test_scores = {}
        if test:
            scorer = PersonTagger(final, morphology=tagger.morphology, rules=tagger.rules)
            scorer.calibration = (slope, intercept)
            predicted = [scorer.find_spans(r["text"]) for r in test]
            test_scores = {f"{t:.1f}": span_scores(test, predicted, t) for t in (0.3, 0.5, 0.7)}
            print(f"own test set (never trained on): {test_scores}")
        meta = {
            "slope": round(slope, 6),
            "intercept": round(intercept, 6),
            "c1": c1,
            "c2": c2,
            "training": {
                "written_lines": len(written),
                "written_names": sum(len(r["spans"]) for r in written),
                "template_sentences": len(generated),
                "seed": args.seed,
            },
            "out_of_fold_uncalibrated_at_0.5": best_scores,
            "out_of_fold_calibrated": calibrated_scores,
            "grid": [{"c1": g[0], "c2": g[1], **s} for g, s, _ in results],
            "own_test": test_scores,
            "command": "python tools/train_person_tagger.py " + " ".join(argv or sys.argv[1:]),
        }
        if args.write:
            args.out_dir.mkdir(parents=True, exist_ok=True)
            (args.out_dir / "person_tagger.crfsuite").write_bytes(final.read_bytes())
            (args.out_dir / "person_tagger.json").write_text(
                json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            print(f"written {args.out_dir / 'person_tagger.crfsuite'} and person_tagger.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
