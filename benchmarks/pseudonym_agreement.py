"""Inflected pseudonyms: does the replacement name agree in case, number and gender with the original?

Usage::

    python benchmarks/pseudonym_agreement.py [--cases tests/data/pseudonym_cases.jsonl] [--seeds 3]
                                             [--out benchmarks/results/pseudonym_agreement.json]

Each line of the table (written by us) is a sentence with one ``[[name]]``, its case, number and
gender. The sentence goes through the real :class:`~pomocbot.guardrails.redaction.Redactor` in
``pseudonym`` mode, with a detector that returns exactly the marked span (this measures the
inflection, not the detection), under ``--seeds`` different conversation secrets (different
replacement people). The replacement agrees when every word of it has a Morfeusz 2 reading in the
expected case and number whose gender matches (an uninflected woman's surname, "Nowak", reads in
every case). The vault must give the original sentence back. Runs offline; no data from ``../shared``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from pomocbot.guardrails.redaction import Redactor
from pomocbot.guardrails.vault import Vault
from pomocbot.text.morphology import default_morphology
from pomocbot.types import PIIEntity

ROOT = Path(__file__).resolve().parents[1]
_MARK = re.compile(r"\[\[(.+?)\]\]")
_TITLES = {
    "pan",
    "pana",
    "panu",
    "panem",
    "panie",
    "pani",
    "panią",
    "państwo",
    "państwa",
    "państwu",
    "państwem",
}


class SpanDetector:
    """A PIIDetector returning the one span it is told (``span``) as OSOBA, where that name stands."""

    def __init__(self) -> None:
        self.span: tuple[int, int] = (0, 0)
        self.name = ""

    def detect(self, text: str) -> list[PIIEntity]:
        start, end = self.span
        if text[start:end] != self.name:  # the redactor's second pass reads the masked text
            return []
        return [PIIEntity(entity_type="OSOBA", start=start, end=end, score=1.0)]


def agrees(replacement: str, case: str, number: str, gender: str) -> bool:
    morph = default_morphology()
    words = [w for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", replacement) if w.lower() not in _TITLES]
    if not words:
        return False
    for word in words:
        ok = False
        for part in word.split("-"):
            for reading in morph.analyse(part[:1].upper() + part[1:]):
                genders = reading.genders
                gender_ok = ("f" in genders) if gender == "f" else bool(genders & {"m1", "m2", "m3"})
                if case in reading.cases and number in reading.numbers and (gender_ok or number == "pl"):
                    ok = True
        if not ok:
            return False
    return True


def evaluate(path: Path, seeds: int = 3) -> dict[str, object]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    detector = SpanDetector()
    per_case: Counter[str] = Counter()
    per_case_ok: Counter[str] = Counter()
    restored = 0
    failures = []
    for seed in range(seeds):
        vault = Vault()
        redactor = Redactor(detector, "pseudonym", vault=vault, secret=bytes([seed + 1]) * 32)  # type: ignore[arg-type]
        for row in rows:
            match = _MARK.search(row["marked"])
            text = row["marked"][: match.start()] + match.group(1) + row["marked"][match.end() :]
            detector.span = (match.start(), match.start() + len(match.group(1)))
            detector.name = match.group(1)
            conversation = f"{row['id']}-{seed}"
            result = redactor.redact(text, conversation)
            replacement = result.replacements[0] if result.replacements else ""
            ok = agrees(replacement, row["case"], row["number"], row["gender"])
            per_case[row["case"]] += 1
            per_case_ok[row["case"]] += ok
            if not ok and len(failures) < 30:
                failures.append(
                    {
                        "id": row["id"],
                        "original": match.group(1),
                        "replacement": replacement,
                        "case": row["case"],
                        "number": row["number"],
                        "gender": row["gender"],
                    }
                )
            restored += vault.restore(result.text, conversation) == text
    total = sum(per_case.values())
    return {
        "sentences": len(rows),
        "seeds": seeds,
        "replacements": total,
        "agreement": round(sum(per_case_ok.values()) / total, 4) if total else 0.0,
        "per_case": {c: round(per_case_ok[c] / per_case[c], 4) for c in sorted(per_case)},
        "restored_by_vault": round(restored / total, 4) if total else 0.0,
        "failures": failures,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=Path, default=ROOT / "tests" / "data" / "pseudonym_cases.jsonl")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "results" / "pseudonym_agreement.json"
    )
    args = parser.parse_args(argv)
    if not args.cases.exists():
        print(f"no table at {args.cases}")
        return 1
    result = evaluate(args.cases, args.seeds)
    print(
        f"{result['replacements']} replacements ({result['sentences']} sentences x {result['seeds']} seeds): "
        f"agreement {result['agreement']:.3f}, restored by the vault {result['restored_by_vault']:.3f}"
    )
    print("per case:", result["per_case"])
    for failure in result["failures"][:15]:
        print("  ", failure)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
