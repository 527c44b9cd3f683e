"""Write ``guardrails/data/pesel_first_names.tsv`` from the PESEL registry's first-name counts.

Usage::

    python tools/build_pesel_names.py [--data ../shared/data] [--min-count 20]

The registry (dane.gov.pl, Ministry of Digital Affairs: first given names of living persons with
counts, by sex) is Polish government open data; the list derived from it ships with an attribution
note (``guardrails/data/ATTRIBUTION.md``). Names held by fewer than ``--min-count`` people are left
out: the long tail is mostly typos and one-off foreign spellings that would only add false matches.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "pomocbot" / "guardrails" / "data" / "pesel_first_names.tsv"
_SEX = {"KOBIETA": "K", "MĘŻCZYZNA": "M"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--min-count", type=int, default=20)
    args = parser.parse_args(argv)
    folder = args.data / "names"
    rows: list[tuple[str, str, int]] = []
    for path in sorted(folder.glob("pesel_first_names_*.csv")):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                count = int(row["LICZBA_WYSTĄPIEŃ"])
                name = row["IMIĘ_PIERWSZE"].strip()
                if count >= args.min_count and name.replace("-", "").isalpha():
                    rows.append((name, _SEX[row["PŁEĆ"]], count))
    if not rows:
        print(f"no PESEL name files under {folder}", file=sys.stderr)
        return 1
    rows.sort(key=lambda r: (-r[2], r[0], r[1]))
    header = ("# First given names of living persons in the PESEL registry held by at least "
              f"{args.min_count} people: name<TAB>sex (K/M)<TAB>count.\n"
              "# Source: dane.gov.pl (Ministry of Digital Affairs), Polish government open data; "
              "see ATTRIBUTION.md. Written by tools/build_pesel_names.py.\n")
    OUT.write_text(header + "".join(f"{n}\t{s}\t{c}\n" for n, s, c in rows), encoding="utf-8")
    print(f"{len(rows)} names -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
