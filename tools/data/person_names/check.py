#!/usr/bin/env python3
"""Validate the hand-annotated person-name files in this folder (stdlib only).

Checks every *.jsonl here: each line is a JSON object with exactly the fields
id, genre and marked; ids are unique across all files; "[[" and "]]" are
balanced and never nested; no span is empty or starts/ends with whitespace or
punctuation.  Prints per-file counts (lines, spans, lines without a name) and
exits non-zero when anything is wrong.
"""
import json
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIELDS = {"id", "genre", "marked"}
GENRES = {"chat", "email", "news", "history", "forum", "negatives_mixed"}
ALIASES = {"negatives": "negatives_mixed"}  # accepted, reported as a warning


def is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def spans(marked: str):
    """Return (list of span texts, list of problems)."""
    out, problems = [], []
    i, depth, start = 0, 0, -1
    while i < len(marked):
        two = marked[i:i + 2]
        if two == "[[":
            if depth:
                problems.append(f"nested '[[' at {i}")
            depth += 1
            start = i + 2
            i += 2
        elif two == "]]":
            if not depth:
                problems.append(f"']]' without '[[' at {i}")
            else:
                out.append(marked[start:i])
            depth = max(depth - 1, 0)
            i += 2
        else:
            if marked[i] in "[]":
                problems.append(f"stray bracket at {i}")
            i += 1
    if depth:
        problems.append("unclosed '[['")
    for s in out:
        if not s.strip():
            problems.append("empty span")
        elif s != s.strip():
            problems.append(f"span with outer whitespace: {s!r}")
        elif is_punct(s[0]) or is_punct(s[-1]):
            problems.append(f"span starts/ends with punctuation: {s!r}")
        elif "\n" in s:
            problems.append(f"span across a line break: {s!r}")
    return out, problems


def main() -> int:
    errors = 0
    seen: dict[str, str] = {}
    aliased: dict[str, dict[str, int]] = {}
    files = sorted(HERE.glob("*.jsonl"))
    if not files:
        print("no .jsonl files found")
        return 1
    print(f"{'file':32} {'lines':>6} {'spans':>6} {'no-name':>8}")
    total = [0, 0, 0]
    for path in files:
        n_lines = n_spans = n_empty = 0
        with path.open(encoding="utf-8") as fh:
            for lineno, raw in enumerate(fh, 1):
                where = f"{path.name}:{lineno}"
                if not raw.strip():
                    print(f"{where}: blank line")
                    errors += 1
                    continue
                try:
                    row = json.loads(raw)
                except json.JSONDecodeError as exc:
                    print(f"{where}: bad JSON: {exc}")
                    errors += 1
                    continue
                if not isinstance(row, dict) or set(row) != FIELDS:
                    print(f"{where}: fields must be exactly {sorted(FIELDS)}")
                    errors += 1
                    continue
                if not all(isinstance(row[k], str) and row[k] for k in FIELDS):
                    print(f"{where}: every field must be a non-empty string")
                    errors += 1
                    continue
                if row["genre"] in ALIASES:
                    warned = aliased.setdefault(path.name, {})
                    warned[row["genre"]] = warned.get(row["genre"], 0) + 1
                elif row["genre"] not in GENRES:
                    print(f"{where}: unknown genre {row['genre']!r}")
                    errors += 1
                if row["id"] in seen:
                    print(f"{where}: duplicate id {row['id']} (also in {seen[row['id']]})")
                    errors += 1
                seen[row["id"]] = where
                found, problems = spans(row["marked"])
                for p in problems:
                    print(f"{where} [{row['id']}]: {p}")
                errors += len(problems)
                n_lines += 1
                n_spans += len(found)
                n_empty += not found
        print(f"{path.name:32} {n_lines:6} {n_spans:6} {n_empty:8}")
        total = [total[0] + n_lines, total[1] + n_spans, total[2] + n_empty]
    print(f"{'total':32} {total[0]:6} {total[1]:6} {total[2]:8}")
    for name, counts in aliased.items():
        for genre, n in counts.items():
            print(f"warning: {name}: {n} line(s) use genre {genre!r} "
                  f"(alias of {ALIASES[genre]!r})")
    print("OK" if not errors else f"{errors} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
