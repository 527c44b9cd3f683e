"""PII benchmark: structured IDs in real customer questions, names (hook), latency.

Usage::

    python benchmarks/pii.py [--data ../shared/data] [--out benchmarks/results/pii.json]
                             [--per-type 1000] [--latency-messages 300] [--skip-latency]

(a) Structured IDs. Valid values of every type (seeded RNG) are written in
the formats customers use and inserted into real questions from
``allegro-faq/questions.jl``: appended, prepended or at a word boundary,
with a Polish context phrase ("mój PESEL to ...", "numer konta: ...") or bare.
Forms that need context by design (9 bare digits for a phone, 10 for a NIP,
a 9-digit REGON, any date of birth) are always written with context.
Near-misses go in the same way: bad checksums and wrong lengths of every
type (with the type's context phrase: the hardest case), order numbers,
parcel tracking numbers, prices, non-birth dates, and valid IBANs as the
near-miss of the payment-card recognizer. Per type: recall (exact span), the
false-positive rate on near-misses (the type reported over a near-miss),
precision over everything inserted plus the carrier questions.

(b) Names, places, organisations on PolEval 2018: ``benchmarks/pii_names.py``
(``run(data, detector) -> dict``), when that module exists.

(c) Latency per 100-word message (questions joined until 100 words), p50/p95,
one thread, warm-up dropped: the full Polish pack (``PolishPIIDetector``),
its structured part alone, the same pack through Presidio's
``AnalyzerEngine.analyze``, a bare regex pass (every pattern of our
recognizers with ``regex.finditer``, no validation or context), and
Presidio's predefined English recognizers on the same model-free NLP engine.
Messages with no personal data and with three values inserted.

Skips cleanly (exit 0) when the data folder is absent. Nothing is copied into
the repository; the results file holds figures only.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
# Presidio's English e-mail recognizer uses tldextract, which fetches the public
# suffix list on first use; an empty URL list makes it use its bundled snapshot.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import argparse
import importlib.util
import ipaddress
import json
import platform
import random
import statistics
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 20240604
STRUCTURED = ("PESEL", "NIP", "REGON", "DOWOD", "PASZPORT", "NUMER_KONTA", "KARTA", "TELEFON", "EMAIL",
              "ADRES", "KOD_POCZTOWY", "IP", "DATA_URODZENIA")

# -- valid values --------------------------------------------------------
FIRST = "anna jan piotr katarzyna tomasz magda pawel ewa michal agnieszka krzysztof ola marek zofia".split()
LAST = "kowalski nowak wisniewska wojcik kaminski lewandowska zielinski szymanska dabrowski mazur".split()
DOMAINS = "wp.pl onet.pl gmail.com o2.pl interia.pl poczta.fm op.pl firma.com.pl outlook.com".split()
CITIES = ("Warszawa Kraków Łódź Wrocław Poznań Gdańsk Szczecin Bydgoszcz Lublin Białystok Katowice Gdynia "
          "Częstochowa Radom Toruń Kielce Rzeszów Gliwice Olsztyn Opole Tarnów Płock Elbląg Legnica").split()
CITIES += ["Bielsko-Biała", "Zielona Góra", "Nowy Sącz", "Gorzów Wielkopolski", "Ruda Śląska"]
STREETS = ["Długa", "Kwiatowa", "Lipowa", "Mickiewicza", "Słowackiego", "Marszałkowska", "Piłsudskiego",
           "3 Maja", "11 Listopada", "Jana Pawła II", "gen. Józefa Bema", "Nowy Świat", "Polna", "Leśna",
           "Ogrodowa", "Marii Skłodowskiej-Curie", "Kościuszki", "Żeromskiego", "Grunwaldzka", "Sienkiewicza"]
MONTHS = ("stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada "
          "grudnia").split()


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _pesel_check(d: str) -> str:
    return str((10 - sum(w * int(c) for w, c in zip((1, 3, 7, 9) * 3, d, strict=False)) % 10) % 10)


def gen_pesel(rng):
    born = date(1800, 1, 1) + timedelta(days=rng.randrange(182_000)) if rng.random() < 0.1 else \
        date(1935, 1, 1) + timedelta(days=rng.randrange(27_000))
    offset = {18: 80, 19: 0, 20: 20, 21: 40, 22: 60}[born.year // 100]
    head = f"{born.year % 100:02d}{born.month + offset:02d}{born.day:02d}" + _digits(rng, 4)
    return head + _pesel_check(head)


def gen_nip(rng):
    while True:
        head = str(rng.randint(101, 999)) + _digits(rng, 6)
        check = sum(w * int(c) for w, c in zip((6, 5, 7, 2, 3, 4, 5, 6, 7), head, strict=False)) % 11
        if check != 10:
            return head + str(check)


def _regon_check(d: str, weights) -> str:
    return str(sum(w * int(c) for w, c in zip(weights, d, strict=False)) % 11 % 10)


def gen_regon9(rng):
    head = _digits(rng, 8)
    return head + _regon_check(head, (8, 9, 2, 3, 4, 5, 6, 7))


def gen_regon14(rng):
    head = gen_regon9(rng) + _digits(rng, 4)
    return head + _regon_check(head, (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8))


def _letters(rng, n):
    return "".join(rng.choice("ABCDEFGHIJKLMNPRSTUVWXYZ") for _ in range(n))


def gen_dowod(rng):
    letters, tail = _letters(rng, 3), _digits(rng, 5)
    while letters in ("PLN", "EUR", "USD", "GBP", "CHF", "CZK", "UAH"):  # amounts, not series
        letters = _letters(rng, 3)
    weighted = sum(w * int(c, 36) for w, c in zip((7, 3, 1, 7, 3, 1, 7, 3), letters + tail, strict=False))
    return letters + str(weighted % 10) + tail


def gen_passport(rng):
    letters, tail = _letters(rng, 2), _digits(rng, 6)
    weighted = sum(w * int(c, 36) for w, c in zip((7, 3, 1, 7, 3, 1, 7, 3), letters + tail, strict=False))
    return letters + str(weighted % 10) + tail


def gen_nrb(rng):
    bban = _digits(rng, 24)
    return f"{98 - int(bban + '252100') % 97:02d}" + bban


def _luhn_complete(head: str) -> str:
    for d in "0123456789":
        number = head + d
        total = sum((2 * int(c) - 9 if 2 * int(c) > 9 else 2 * int(c)) if i % 2 else int(c)
                    for i, c in enumerate(reversed(number)))
        if total % 10 == 0:
            return number
    raise AssertionError


def gen_card(rng):
    kind = rng.choice(["visa", "mc", "mc2", "amex", "maestro"])
    head = {"visa": "4" + _digits(rng, 14), "mc": f"5{rng.randint(1, 5)}" + _digits(rng, 13),
            "mc2": str(rng.randint(2221, 2720)) + _digits(rng, 11),
            "amex": rng.choice("47") + _digits(rng, 12),
            "maestro": "6759" + _digits(rng, 11)}[kind]
    return _luhn_complete(("3" + head) if kind == "amex" else head)


def gen_phone(rng):
    if rng.random() < 0.7:
        return rng.choice("50 51 53 57 60 66 69 72 78 79 88".split()) + _digits(rng, 7)
    return rng.choice("12 22 32 42 58 61 71 81 91".split()) + str(rng.randint(2, 8)) + _digits(rng, 6)


def gen_email(rng):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    local = rng.choice([f"{first}.{last}", f"{first}{last}{rng.randint(1, 99)}", f"{first[0]}.{last}",
                        f"{first}_{last}+sklep", f"{last}.{first}.{rng.randint(1970, 2005)}"])
    return f"{local}@{rng.choice(DOMAINS)}"


def gen_ip(rng):
    if rng.random() < 0.8:
        return ".".join(str(rng.randint(1, 254)) for _ in range(4))
    return str(ipaddress.IPv6Address(rng.getrandbits(128)))


def gen_birth(rng):
    return date(1930, 1, 1) + timedelta(days=rng.randrange(28_000))


# type -> list of (format name, needs context, value maker(rng) -> str)
def _fmt(value: str, *groups: int, sep: str = " ") -> str:
    out, i = [], 0
    for g in groups:
        out.append(value[i:i + g])
        i += g
    return sep.join(out)


FORMATS = {
    "PESEL": [("plain", False, lambda r: gen_pesel(r)), ("6 5", False, lambda r: _fmt(gen_pesel(r), 6, 5)),
              ("6-5", False, lambda r: _fmt(gen_pesel(r), 6, 5, sep="-"))],
    "NIP": [("plain", True, gen_nip), ("3-3-2-2", False, lambda r: _fmt(gen_nip(r), 3, 3, 2, 2, sep="-")),
            ("3-2-2-3", False, lambda r: _fmt(gen_nip(r), 3, 2, 2, 3, sep="-")),
            ("3 3 2 2", False, lambda r: _fmt(gen_nip(r), 3, 3, 2, 2)),
            ("PL", False, lambda r: "PL" + gen_nip(r)),
            ("PL 3-3-2-2", False, lambda r: "PL " + _fmt(gen_nip(r), 3, 3, 2, 2, sep="-"))],
    "REGON": [("9", True, gen_regon9), ("14", False, gen_regon14)],
    "DOWOD": [("ABC123456", False, gen_dowod), ("ABC 123456", False, lambda r: _fmt(gen_dowod(r), 3, 6))],
    "PASZPORT": [("AB1234567", False, gen_passport),
                 ("AB 1234567", False, lambda r: _fmt(gen_passport(r), 2, 7))],
    "NUMER_KONTA": [("26 plain", False, gen_nrb), ("PL plain", False, lambda r: "PL" + gen_nrb(r)),
                    ("2+4x6", False, lambda r: _fmt(gen_nrb(r), 2, 4, 4, 4, 4, 4, 4)),
                    ("PL 2+4x6", False, lambda r: "PL" + _fmt(gen_nrb(r), 2, 4, 4, 4, 4, 4, 4))],
    "KARTA": [("plain", False, gen_card), ("4x4 spaces", False, lambda r: _card_groups(gen_card(r), " ")),
              ("4x4 dashes", False, lambda r: _card_groups(gen_card(r), "-"))],
    "TELEFON": [("+48 3-3-3", False, lambda r: "+48 " + _fmt(gen_phone(r), 3, 3, 3)),
                ("+48 plain", False, lambda r: "+48" + gen_phone(r)),
                ("0048 3-3-3", False, lambda r: "0048 " + _fmt(gen_phone(r), 3, 3, 3)),
                ("(+48) 3-3-3 dashes", False, lambda r: "(+48) " + _fmt(gen_phone(r), 3, 3, 3, sep="-")),
                ("3 3 3", False, lambda r: _fmt(gen_phone(r), 3, 3, 3)),
                ("3-3-3", False, lambda r: _fmt(gen_phone(r), 3, 3, 3, sep="-")),
                ("2 3 2 2", False, lambda r: _fmt(gen_phone(r), 2, 3, 2, 2)),
                ("(2) 3-2-2", False,
                 lambda r: "({}) {}-{}-{}".format(*_fmt(gen_phone(r), 2, 3, 2, 2).split())),
                ("9 bare", True, gen_phone)],
    "EMAIL": [("address", False, gen_email)],
    "KOD_POCZTOWY": [("NN-NNN city", False, lambda r: f"{r.randint(0, 99):02d}-{r.randint(0, 999):03d} "
                                                     f"{r.choice(CITIES)}")],
    "ADRES": [("ul. name n", False, lambda r: f"ul. {r.choice(STREETS)} {r.randint(1, 200)}"),
              ("ul. name n/m", False,
               lambda r: f"ul. {r.choice(STREETS)} {r.randint(1, 200)}/{r.randint(1, 90)}"),
              ("al. name na", False,
               lambda r: f"al. {r.choice(STREETS)} {r.randint(1, 99)}{r.choice('abc')}"),
              ("os. name n m. m", False,
               lambda r: f"os. {r.choice(STREETS)} {r.randint(1, 40)} m. {r.randint(1, 90)}"),
              ("City, ul. name n/m", False,
               lambda r: f"{r.choice(CITIES)}, ul. {r.choice(STREETS)} {r.randint(1, 99)}/{r.randint(1, 9)}"),
              ("ulica name n", False, lambda r: f"ulica {r.choice(STREETS)} {r.randint(1, 200)}"),
              ("ul. lower n", False, lambda r: f"ul. {r.choice(STREETS[:7]).lower()} {r.randint(1, 200)}")],
    "IP": [("v4/v6", False, gen_ip)],
    "DATA_URODZENIA": [
        ("d.mm.yyyy", True, lambda r: (lambda d: f"{d.day}.{d.month:02d}.{d.year}")(gen_birth(r))),
        ("dd-mm-yyyy", True, lambda r: (lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}")(gen_birth(r))),
        ("yyyy-mm-dd", True, lambda r: gen_birth(r).isoformat()),
        ("d month yyyy", True,
         lambda r: (lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}")(gen_birth(r)))],
}


def _card_groups(number: str, sep: str) -> str:
    if len(number) == 15:
        return _fmt(number, 4, 6, 5, sep=sep)
    return sep.join(number[i:i + 4] for i in range(0, len(number), 4))


# Context phrases, inflected as customers write them; "{}" is the value.
CONTEXT = {
    "PESEL": ["mój PESEL to {}", "numer PESEL: {}", "podaję PESEL {}", "mojego PESEL-u {}", "PESEL {}"],
    "NIP": ["NIP firmy: {}", "mój NIP to {}", "faktura na NIP {}", "numer NIP {}", "NIP-u {}"],
    "REGON": ["REGON: {}", "nasz REGON to {}", "numer REGON {}"],
    "DOWOD": ["numer dowodu {}", "dowód osobisty {}", "seria i numer dowodu osobistego: {}", "nr dowodu: {}"],
    "PASZPORT": ["numer paszportu {}", "paszport nr {}", "mój paszport: {}"],
    "NUMER_KONTA": ["nr konta {}", "numer rachunku: {}", "proszę o zwrot na konto {}", "konta bankowego {}"],
    "KARTA": ["numer karty {}", "płaciłem kartą {}", "karta kredytowa {}", "z karty {}"],
    "TELEFON": ["tel. {}", "mój numer telefonu to {}", "proszę dzwonić: {}", "komórka {}", "zadzwońcie {}",
                "nr tel {}"],
    "EMAIL": ["mój e-mail: {}", "piszcie na {}", "adres mailowy {}"],
    "KOD_POCZTOWY": ["kod pocztowy {}", "adres: {}", "wysyłka do {}"],
    "ADRES": ["mieszkam przy {}", "adres dostawy: {}", "proszę wysłać na {}"],
    "IP": ["adres IP {}", "logowałem się z {}", "IP: {}"],
    "DATA_URODZENIA": ["data urodzenia: {}", "urodziłem się {}", "ur. {}", "urodzona {}",
                       "moja data urodzenia to {}"],
}


# -- near-misses ---------------------------------------------------------
def bad_checksum(kind: str, value: str, rng: random.Random) -> str:
    """The value with one digit changed so that its check fails (same format)."""
    positions = [i for i, c in enumerate(value) if c.isdigit()]
    while True:
        i = rng.choice(positions)
        changed = value[:i] + str((int(value[i]) + rng.randint(1, 9)) % 10) + value[i + 1:]
        if not _valid(kind, changed):
            return changed


def _valid(kind: str, value: str) -> bool:
    from pomocbot.guardrails.analyzer import build_registry

    recognizers = _valid.__dict__.setdefault(
        "r", {r.supported_entities[0]: r for r in build_registry().recognizers})
    return recognizers[kind].validate_result(value) is not False


def wrong_length(value: str, rng: random.Random) -> str:
    """One digit dropped or added (in a phone number's national part, not its +48)."""
    skip = next((len(p) for p in ("+48", "0048", "(+48)") if value.startswith(p)), 0)
    positions = [i for i, c in enumerate(value) if c.isdigit() and i >= skip]
    i = rng.choice(positions)
    if rng.random() < 0.5:
        return value[:i] + value[i + 1:]
    return value[:i] + rng.choice("0123456789") + value[i:]


ORDER_PHRASES = ["zamówienie nr {}", "numer zamówienia: {}", "moje zamówienie {}", "w zamówieniu {} brakuje",
                 "Zamówienie {} nie dotarło", "nr oferty {}", "transakcja {}", "faktura nr {}",
                 "reklamacja {}"]
TRACKING_PHRASES = ["numer przesyłki {}", "nr paczki: {}", "list przewozowy {}", "numer śledzenia {}",
                    "paczka {} stoi w sortowni"]
NEUTRAL_PHRASES = ["{}", "{} - o co chodzi?", "dostałem {}", "chodzi o {}"]
DATE_PHRASES = ["zamówiłem {}", "dostawa do {}", "{} przyszła paczka", "zwrot wysłałem {}"]
PRICE_PHRASES = ["zapłaciłem {}", "cena {}", "kosztuje {}", "zwrot {} na konto"]


def near_misses(rng: random.Random, per_type: int) -> list[tuple[str, str, str]]:
    """(family, value, phrase) for values that are no personal data of any type."""
    out: list[tuple[str, str, str]] = []
    for kind, formats in FORMATS.items():
        if kind in ("EMAIL", "ADRES", "KOD_POCZTOWY", "IP", "DATA_URODZENIA"):
            continue
        for _ in range(per_type // 2):
            _, _, make = rng.choice(formats)
            value = make(rng)
            if kind == "TELEFON":  # no checksum: a too-short or too-long number is the near-miss
                out.append((f"{kind} wrong length", wrong_length(value, rng), rng.choice(CONTEXT[kind])))
                continue
            out.append((f"{kind} bad checksum", bad_checksum(kind, value, rng), rng.choice(CONTEXT[kind])))
            out.append((f"{kind} wrong length", wrong_length(value, rng), rng.choice(CONTEXT[kind])))
    for _ in range(per_type):
        n = rng.randint(6, 12)
        order = rng.choice([_digits(rng, n), f"ZAM/{rng.randint(2019, 2025)}/{_digits(rng, 5)}",
                            f"{_letters(rng, 2)}{_digits(rng, 7)}",
                            f"{rng.randint(1, 9)}{_digits(rng, n - 1)}"])
        out.append(("order number", order, rng.choice(ORDER_PHRASES + NEUTRAL_PHRASES[:1])))
        tracking = rng.choice([_digits(rng, 24), _digits(rng, 13) + "U", "00" + _digits(rng, 18),
                               f"RR{_digits(rng, 9)}PL", _digits(rng, 10), _digits(rng, 11), _digits(rng, 12),
                               "1Z" + _letters(rng, 6) + _digits(rng, 10)])
        out.append(("tracking number", tracking, rng.choice(TRACKING_PHRASES + NEUTRAL_PHRASES[:1])))
        price = rng.choice([f"{rng.randint(1, 9)} {_digits(rng, 3)},{_digits(rng, 2)} zł",
                            f"{rng.randint(10, 999)},{_digits(rng, 2)} zł",
                            f"{rng.randint(1, 99)} {_digits(rng, 3)} zł",
                            f"{rng.randint(100, 9999)} PLN", f"{rng.randint(1, 9)}.{_digits(rng, 3)},00 zł"])
        out.append(("price", price, rng.choice(PRICE_PHRASES)))
        day = date(2019, 1, 1) + timedelta(days=rng.randrange(2400))
        when = rng.choice([f"{day.day:02d}.{day.month:02d}.{day.year}", day.isoformat(),
                           f"{day.day} {MONTHS[day.month - 1]} {day.year}",
                           f"{day.day:02d}/{day.month:02d}/{day.year}"])
        out.append(("non-birth date", when, rng.choice(DATE_PHRASES)))
        account = rng.choice(FORMATS["NUMER_KONTA"])[2](rng)
        out.append(("IBAN (card near-miss)", account, rng.choice(CONTEXT["NUMER_KONTA"])))
    return out


# -- inserting into questions ----------------------------------------------
def insert(question: str, phrase: str, value: str, rng: random.Random) -> tuple[str, int]:
    """The question with ``phrase`` (holding ``value``) put in; returns the text and the value's start."""
    piece = phrase.format(value)
    where = rng.random()
    words = question.split(" ")
    if where < 0.4:
        head = question.rstrip() + " "
        text = head + piece
    elif where < 0.7:
        head = ""
        text = piece + ". " + question
    else:
        cut = rng.randint(1, max(1, len(words) - 1))
        head = " ".join(words[:cut]) + " "
        text = head + piece + " " + " ".join(words[cut:])
    return text, len(head) + phrase.index("{}")


# Near-miss families that are a valid value of another type.
NEAR_MISS_EXPECTED = {"IBAN (card near-miss)": {"NUMER_KONTA"}}


def structured(detector, questions: list[str], per_type: int) -> dict:
    rng = random.Random(SEED)
    items: list[tuple[str, str, str, int, str]] = []  # (expected type | "", family, text, value start, value)
    for kind, formats in FORMATS.items():
        for i in range(per_type):
            name, needs_context, make = formats[i % len(formats)]
            value = make(rng)
            phrase = rng.choice(CONTEXT[kind]) if needs_context or rng.random() < 0.5 else "{}"
            text, start = insert(rng.choice(questions), phrase, value, rng)
            items.append((kind, f"{kind} {name}{'' if phrase != '{}' else ' (bare)'}", text, start, value))
    for family, value, phrase in near_misses(rng, per_type):
        text, start = insert(rng.choice(questions), phrase, value, rng)
        items.append(("", family, text, start, value))

    tp: Counter = Counter()
    fn: Counter = Counter()
    fp_near: Counter = Counter()  # type -> near-miss values reported as it
    fp_other: Counter = Counter()  # type -> valid values of another type reported as it
    fp_carrier: Counter = Counter()  # type -> detections outside the inserted value
    near_total: Counter = Counter()
    per_format: dict[str, list[int]] = {}
    misses: list[str] = []
    false_hits: list[str] = []
    started = time.perf_counter()
    for kind, family, text, start, value in items:
        end = start + len(value)
        assert text[start:end] == value, (text, value)
        found = detector.detect(text)
        on_value = [e for e in found if e.start < end and start < e.end]
        for e in found:
            if not (e.start < end and start < e.end):
                fp_carrier[e.entity_type] += 1
        if kind:
            hit = any(e.entity_type == kind and e.start == start and e.end == end for e in on_value)
            (tp if hit else fn)[kind] += 1
            per_format.setdefault(family, [0, 0])[0] += hit
            per_format[family][1] += 1
            if not hit and len(misses) < 40:
                got = [(e.entity_type, text[e.start:e.end]) for e in on_value]
                misses.append(f"{family}: {text!r} -> {got}")
            for e in {e.entity_type for e in on_value} - {kind}:
                fp_other[e] += 1
        else:
            near_total[family] += 1
            for e in {e.entity_type for e in on_value} - NEAR_MISS_EXPECTED.get(family, set()):
                fp_near[(e, family)] += 1
                if len(false_hits) < 40:
                    false_hits.append(f"{family} as {e}: {text!r}")
    elapsed = time.perf_counter() - started
    all_near = sum(near_total.values())
    table = {}
    for kind in STRUCTURED:
        near = sum(v for (t, _), v in fp_near.items() if t == kind)
        own_n = sum(n for f, n in near_total.items() if f.startswith(kind + " "))
        own_fp = sum(v for (t, f), v in fp_near.items() if t == kind and f.startswith(kind + " "))
        false = near + fp_other[kind] + fp_carrier[kind]
        table[kind] = {
            "recall": round(tp[kind] / max(1, tp[kind] + fn[kind]), 4),
            "precision": round(tp[kind] / max(1, tp[kind] + false), 4),
            "fp_rate_near_misses": round(near / max(1, all_near), 5),
            "fp_rate_own_near_misses": round(own_fp / own_n, 5) if own_n else None,
            "fp_near_misses": near, "fp_other_types": fp_other[kind], "fp_in_questions": fp_carrier[kind],
            "valid": tp[kind] + fn[kind],
        }
    by_family = {f: {"n": n, "reported_as": {t: v for (t, fam), v in fp_near.items() if fam == f}}
                 for f, n in sorted(near_total.items())}
    return {"per_type": table, "near_miss_families": by_family, "near_misses": all_near,
            "recall_per_format": {k: round(v[0] / v[1], 4) for k, v in sorted(per_format.items())},
            "texts_per_second": round(len(items) / elapsed, 1), "sample_misses": misses,
            "sample_false_positives": false_hits}


# -- latency -------------------------------------------------------------
def messages(questions: list[str], n: int, rng: random.Random, with_pii: bool) -> list[str]:
    out = []
    for _ in range(n):
        words: list[str] = []
        while len(words) < 100:
            words += rng.choice(questions).split()
        words = words[:100]
        if with_pii:
            for kind in rng.sample(list(FORMATS), 3):
                _, _, make = rng.choice(FORMATS[kind])
                at = rng.randrange(len(words))
                piece = rng.choice(CONTEXT[kind]).format(make(rng)).split()
                words[at:at + len(piece)] = piece
        out.append(" ".join(words))
    return out


def timed(fn, texts: list[str], repeats: int = 3) -> dict[str, float]:
    for text in texts[:50]:  # warm-up, dropped
        fn(text)
    samples = []
    for _ in range(repeats):
        for text in texts:
            t0 = time.perf_counter()
            fn(text)
            samples.append(time.perf_counter() - t0)
    samples.sort()
    return {"p50_ms": round(samples[len(samples) // 2] * 1e3, 4),
            "p95_ms": round(samples[int(len(samples) * 0.95)] * 1e3, 4),
            "mean_ms": round(statistics.fmean(samples) * 1e3, 4)}


def latency(questions: list[str], n: int) -> dict:
    import regex
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

    from pomocbot.config import PrivacyConfig
    from pomocbot.guardrails.analyzer import LightNlpEngine, PolishPIIDetector

    rng = random.Random(SEED + 1)
    sets = {"no PII": messages(questions, n, rng, False), "3 values": messages(questions, n, rng, True)}
    full = PolishPIIDetector()
    only_ids = PolishPIIDetector(PrivacyConfig(entities=STRUCTURED))
    patterns = [regex.compile(p.regex) for r in full.recognizers for p in getattr(r, "patterns", [])]

    def bare_regex(text: str) -> int:
        return sum(1 for p in patterns for _ in p.finditer(text))

    english_engine = LightNlpEngine(languages=["en"], stopwords=())
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=english_engine)
    presidio_default = AnalyzerEngine(registry=registry, nlp_engine=english_engine,
                                      supported_languages=["en"])
    systems = {
        "pomocbot full Polish pack (detect)": full.detect,
        "pomocbot structured IDs only (detect)": only_ids.detect,
        "pomocbot pack via AnalyzerEngine.analyze": lambda t: full.analyzer.analyze(t, language="pl"),
        "bare regex pass (our patterns, no validation)": bare_regex,
        "Presidio predefined recognizers (en)": lambda t: presidio_default.analyze(t, language="en"),
    }
    words = statistics.fmean(len(t.split()) for t in sets["3 values"])
    return {"words_per_message": round(words, 1), "messages": n, "threads": 1,
            "presidio_recognizers_en": len(registry.recognizers),
            "systems": {name: {label: timed(fn, texts) for label, texts in sets.items()}
                        for name, fn in systems.items()}}


# -- report --------------------------------------------------------------
def print_structured(figures: dict) -> None:
    print(f"\n(a) structured IDs: {figures['near_misses']} near-misses, "
          f"{figures['texts_per_second']} texts/s")
    print("  (FP rate: the type reported over any near-miss; own: over its own bad checksums and wrong")
    print("   lengths; other: over another type's valid value; carrier: in the question text itself)")
    print(f"  {'type':16s} {'recall':>7s} {'precision':>9s} {'FP near':>8s} {'FP rate':>8s} {'own':>7s} "
          f"{'other':>6s} {'carrier':>7s}")
    for kind, row in figures["per_type"].items():
        own = "-" if row["fp_rate_own_near_misses"] is None else f"{row['fp_rate_own_near_misses']:.4f}"
        print(f"  {kind:16s} {row['recall']:7.4f} {row['precision']:9.4f} {row['fp_near_misses']:8d} "
              f"{row['fp_rate_near_misses']:8.4f} {own:>7s} {row['fp_other_types']:6d} "
              f"{row['fp_in_questions']:7d}")
    print("  near-miss families (n, reported as):")
    for family, row in figures["near_miss_families"].items():
        print(f"    {family:30s} {row['n']:6d} {row['reported_as'] or ''}")
    low = {k: v for k, v in figures["recall_per_format"].items() if v < 1.0}
    print("  formats below recall 1.0:", low or "none")
    for title, key in (("missed", "sample_misses"), ("false positives", "sample_false_positives")):
        print(f"  {title} (first {min(8, len(figures[key]))}; not written to the results file):")
        for line in figures[key][:8]:
            print("    " + line[:160])


def print_latency(figures: dict) -> None:
    print(f"\n(c) latency per message ({figures['words_per_message']} words, 1 thread), ms")
    print(f"  {'system':48s} {'no PII p50':>10s} {'p95':>7s} {'3 values p50':>12s} {'p95':>7s}")
    for name, rows in figures["systems"].items():
        a, b = rows["no PII"], rows["3 values"]
        print(f"  {name:48s} {a['p50_ms']:10.3f} {a['p95_ms']:7.3f} {b['p50_ms']:12.3f} {b['p95_ms']:7.3f}")


def run_names(data: Path, detector) -> dict | None:
    """(b) Hook: benchmarks/pii_names.py's run(data, detector) when that module exists."""
    path = ROOT / "benchmarks" / "pii_names.py"
    if not path.exists():
        print("\n(b) names: benchmarks/pii_names.py not found, skipped")
        return None
    spec = importlib.util.spec_from_file_location("pii_names", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    print("\n(b) names, places, organisations (benchmarks/pii_names.py):")
    figures = module.run(data, detector)
    print(json.dumps(figures, ensure_ascii=False, indent=1)[:3000])
    return figures


def figures_only(value: object) -> object:
    """``value`` without sample texts ("sample_*", "examples"): they quote the data set's questions."""
    if isinstance(value, dict):
        return {k: figures_only(v) for k, v in value.items()
                if not (str(k).startswith("sample") or str(k) == "examples")}
    if isinstance(value, list):
        return [figures_only(v) for v in value]
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results/pii.json"))
    parser.add_argument("--per-type", type=int, default=1000, help="valid values per type")
    parser.add_argument("--latency-messages", type=int, default=300)
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--skip-names", action="store_true")
    args = parser.parse_args(argv)
    data = Path(args.data)
    source = data / "allegro-faq" / "questions.jl"
    if not source.exists():
        print(f"no data at {source}; skipped")
        return 0
    with open(source, encoding="utf-8") as handle:
        questions = [q for q in (json.loads(line)["text"] for line in handle) if q.strip()]

    from pomocbot.config import PrivacyConfig
    from pomocbot.guardrails.analyzer import PolishPIIDetector

    results: dict[str, object] = {"machine": platform.platform(), "python": platform.python_version(),
                                  "command": "python benchmarks/pii.py " + " ".join(argv or sys.argv[1:]),
                                  "seed": SEED, "questions": len(questions)}
    figures = structured(PolishPIIDetector(PrivacyConfig(entities=STRUCTURED)), questions, args.per_type)
    results["structured"] = figures
    print_structured(figures)
    if not args.skip_names:
        results["names"] = run_names(data, PolishPIIDetector())
    if not args.skip_latency:
        results["latency"] = latency(questions, args.latency_messages)
        print_latency(results["latency"])
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures_only(results), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nwritten {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
