"""Sanity check for the hand-written name tables (stdlib only).

Usage: python tests/data/check_names_tables.py
Exits non-zero and prints every problem found.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES_FILE = HERE / "pseudonym_cases.jsonl"
LOOKALIKES_FILE = HERE / "name_lookalikes.jsonl"

CASES = {"nom", "gen", "dat", "acc", "inst", "loc", "voc"}
GENDERS = {"f", "m"}
NUMBERS = {"sg", "pl"}
PARTS = {"first", "last"}
KINDS = {
    "street", "brand", "religious", "common_word", "company", "place",
    "holiday_or_month", "other",
}
KINDS_MIN20 = {"street", "brand", "religious", "common_word", "company", "place"}
SPAN = re.compile(r"\[\[([^\[\]]+)\]\]")


def _load(path: Path, errors: list[str]) -> list[dict]:
    rows = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            errors.append(f"{path.name}:{no}: empty line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{path.name}:{no}: not JSON ({exc})")
            continue
        if not isinstance(obj, dict):
            errors.append(f"{path.name}:{no}: not an object")
            continue
        obj["_line"] = no
        rows.append(obj)
    return rows


def check_cases(errors: list[str]) -> Counter:
    rows = _load(CASES_FILE, errors)
    fields = {"id", "marked", "case", "gender", "number", "lemma", "parts"}
    ids: Counter = Counter()
    per_case: Counter = Counter()
    for r in rows:
        where = f"{CASES_FILE.name}:{r['_line']}"
        missing = fields - r.keys()
        extra = set(r) - fields - {"_line"}
        if missing or extra:
            errors.append(f"{where}: missing {sorted(missing)} extra {sorted(extra)}")
            continue
        ids[r["id"]] += 1
        if not re.fullmatch(r"ps-\d{3,}", str(r["id"])):
            errors.append(f"{where}: bad id {r['id']!r}")
        marked = r["marked"]
        spans = SPAN.findall(marked)
        if len(spans) != 1 or marked.count("[[") != 1 or marked.count("]]") != 1:
            errors.append(f"{where}: expected exactly one [[...]] span")
        elif spans[0] != spans[0].strip():
            errors.append(f"{where}: span has surrounding whitespace")
        if r["case"] not in CASES:
            errors.append(f"{where}: bad case {r['case']!r}")
        if r["gender"] not in GENDERS:
            errors.append(f"{where}: bad gender {r['gender']!r}")
        if r["number"] not in NUMBERS:
            errors.append(f"{where}: bad number {r['number']!r}")
        parts = r["parts"]
        if not isinstance(parts, list) or not parts or any(p not in PARTS for p in parts):
            errors.append(f"{where}: bad parts {parts!r}")
        else:
            lemma_tokens = str(r["lemma"]).split()
            if len(lemma_tokens) != len(parts):
                errors.append(f"{where}: lemma {r['lemma']!r} has {len(lemma_tokens)} tokens, parts {parts}")
            if len(spans) == 1 and len(spans[0].split()) != len(parts):
                errors.append(f"{where}: span {spans[0]!r} does not match parts {parts}")
            if r["number"] == "pl" and parts != ["last"]:
                errors.append(f"{where}: plural family should be parts ['last']")
        per_case[r["case"]] += 1
    for i, n in ids.items():
        if n > 1:
            errors.append(f"{CASES_FILE.name}: duplicate id {i}")
    if len(rows) < 160:
        errors.append(f"{CASES_FILE.name}: only {len(rows)} lines (need >= 160)")
    for c in sorted(CASES):
        if per_case[c] < 20:
            errors.append(f"{CASES_FILE.name}: case {c} has {per_case[c]} lines (need >= 20)")
    plural = sum(1 for r in rows if r.get("number") == "pl")
    if plural < 10:
        errors.append(f"{CASES_FILE.name}: only {plural} plural lines (need >= 10)")
    dup_sent = [s for s, n in Counter(r.get("marked") for r in rows).items() if n > 1]
    for s in dup_sent:
        errors.append(f"{CASES_FILE.name}: duplicate sentence {s!r}")
    stats = Counter()
    for r in rows:
        stats[("case", r.get("case"))] += 1
        stats[("gender", r.get("gender"))] += 1
        stats[("number", r.get("number"))] += 1
        stats[("parts", "+".join(r.get("parts") or []))] += 1
    stats[("total", "")] = len(rows)
    return stats


def check_lookalikes(errors: list[str]) -> Counter:
    rows = _load(LOOKALIKES_FILE, errors)
    fields = {"id", "text", "kind"}
    ids: Counter = Counter()
    kinds: Counter = Counter()
    for r in rows:
        where = f"{LOOKALIKES_FILE.name}:{r['_line']}"
        missing = fields - r.keys()
        extra = set(r) - fields - {"_line"}
        if missing or extra:
            errors.append(f"{where}: missing {sorted(missing)} extra {sorted(extra)}")
            continue
        ids[r["id"]] += 1
        if not re.fullmatch(r"la-\d{3,}", str(r["id"])):
            errors.append(f"{where}: bad id {r['id']!r}")
        if not str(r["text"]).strip():
            errors.append(f"{where}: empty text")
        if "[[" in r["text"] or "]]" in r["text"]:
            errors.append(f"{where}: look-alike text must not contain [[ ]] markup")
        if r["kind"] not in KINDS:
            errors.append(f"{where}: bad kind {r['kind']!r}")
        kinds[r["kind"]] += 1
    for i, n in ids.items():
        if n > 1:
            errors.append(f"{LOOKALIKES_FILE.name}: duplicate id {i}")
    dup_text = [s for s, n in Counter(r.get("text") for r in rows).items() if n > 1]
    for s in dup_text:
        errors.append(f"{LOOKALIKES_FILE.name}: duplicate text {s!r}")
    if len(rows) < 200:
        errors.append(f"{LOOKALIKES_FILE.name}: only {len(rows)} lines (need >= 200)")
    for k in sorted(KINDS_MIN20):
        if kinds[k] < 20:
            errors.append(f"{LOOKALIKES_FILE.name}: kind {k} has {kinds[k]} lines (need >= 20)")
    kinds["_total"] = len(rows)
    return kinds


def main() -> int:
    errors: list[str] = []
    case_stats = check_cases(errors)
    kind_stats = check_lookalikes(errors)
    print("pseudonym_cases:", dict(sorted(case_stats.items(), key=str)))
    print("name_lookalikes:", dict(sorted(kind_stats.items())))
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
