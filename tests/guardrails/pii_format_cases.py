"""Generated PII cases: valid values of every type x the separators people type x Polish contexts.

Used by ``tests/guardrails/test_pii_format_suite.py`` (a few thousand cases) and
``benchmarks/pii_formats.py`` (more). Everything is drawn from a
``random.Random(seed)``, so a seed and a size give the same cases on every run.
Valid values get their check digits from python-stdnum where it has the
scheme (PESEL, NIP, REGON, IBAN, Luhn); the ID card and passport checks are
written out below.

A **planted case** is a sentence with one value in it and its span; it is
found when detections of an acceptable type together cover every letter and
digit of the span. A **near miss** is a sentence with something that looks like
personal data but is not (a broken checksum, an order, invoice or tracking
number, a price, a date, a product code); it is a false positive when any
detection overlaps it.

>>> cases = planted(random.Random(1), per_type=2)
>>> sorted({c.kind for c in cases}) == sorted(KINDS)
True
>>> c = cases[0]
>>> c.text[c.start:c.end] == c.value
True
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from stdnum import ean, iban, luhn, numdb
from stdnum.pl import nip, pesel, regon

__all__ = ["KINDS", "Case", "covered", "flagged", "near_misses", "planted"]


@dataclass(frozen=True)
class Case:
    """One generated sentence: ``text[start:end]`` is the planted value (or the near miss)."""

    kind: str  # the value's type ("PESEL", "IBAN_FOREIGN", ...) or near miss ("PESEL_BAD", "PRICE", ...)
    form: str  # how it is written ("dash-date", "nbsp", "line-break", ...)
    text: str
    start: int
    end: int
    accept: frozenset[str] = frozenset()  # entity types that count as found

    @property
    def value(self) -> str:
        return self.text[self.start : self.end]


def covered(case: Case, entities: Sequence) -> bool:
    """Whether detections of an acceptable type cover every letter and digit of the planted value."""
    hit = bytearray(case.end - case.start)
    for e in entities:
        if e.entity_type in case.accept:
            for k in range(max(e.start, case.start), min(e.end, case.end)):
                hit[k - case.start] = 1
    return all(hit[k] or not ch.isalnum() for k, ch in enumerate(case.value))


def flagged(case: Case, entities: Sequence) -> bool:
    """Whether any detection overlaps the near miss."""
    return any(e.start < case.end and case.start < e.end for e in entities)


# -- values ---------------------------------------------------------------
def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def gen_pesel(rng: random.Random) -> str:
    born = date(1930, 1, 1) + timedelta(days=rng.randrange(33_000))
    offset = {19: 0, 20: 20}[born.year // 100]
    head = f"{born.year % 100:02d}{born.month + offset:02d}{born.day:02d}" + _digits(rng, 4)
    return head + pesel.calc_check_digit(head)


def gen_nip(rng: random.Random) -> str:
    while True:
        head = str(rng.randint(101, 999)) + _digits(rng, 6)
        check = sum(w * int(c) for w, c in zip((6, 5, 7, 2, 3, 4, 5, 6, 7), head, strict=True)) % 11
        if check != 10 and nip.is_valid(head + str(check)):
            return head + str(check)


def gen_regon9(rng: random.Random) -> str:
    head = _digits(rng, 8)
    return head + regon.calc_check_digit(head)


def gen_regon14(rng: random.Random) -> str:
    head = gen_regon9(rng) + _digits(rng, 4)
    return head + regon.calc_check_digit(head)


_SERIES = "ABCDEFGHIJKLMNPRSTUVWXYZ"
_CURRENCIES = frozenset({"PLN", "EUR", "USD", "GBP", "CHF", "CZK", "UAH"})


def _check_at(chars: str, weights: tuple[int, ...], at: int) -> str:
    """Fill the check character at ``at`` so that the weighted sum (A=10 ... Z=35) is divisible by 10."""
    total = sum(w * int(c, 36) for k, (w, c) in enumerate(zip(weights, chars, strict=True)) if k != at)
    # weight 9 (or -1 mod 10) at the check position: the digit equals the others' sum mod 10
    return chars[:at] + str(total % 10) + chars[at + 1 :]


def gen_dowod(rng: random.Random) -> str:
    letters = "".join(rng.choice(_SERIES) for _ in range(3))
    while letters in _CURRENCIES:
        letters = "".join(rng.choice(_SERIES) for _ in range(3))
    return _check_at(letters + "0" + _digits(rng, 5), (7, 3, 1, 9, 7, 3, 1, 7, 3), 3)


def gen_passport(rng: random.Random) -> str:
    letters = "".join(rng.choice(_SERIES) for _ in range(2))
    return _check_at(letters + "0" + _digits(rng, 6), (7, 3, 9, 1, 7, 3, 1, 7, 3), 2)


def gen_iban(rng: random.Random, country: str = "PL") -> str:
    """A valid IBAN of ``country`` (its BBAN structure from python-stdnum's registry)."""
    structure = _structures()[country]
    while True:
        bban = ""
        for count, kind in structure:
            part = [
                rng.choice(string.ascii_uppercase if kind == "a" else string.digits) for _ in range(count)
            ]
            # alphanumeric parts of real accounts are mostly digits, now and then with a letter ("1B31")
            if kind == "c" and rng.random() < 0.3:
                part[rng.randrange(min(count, 4))] = rng.choice(string.ascii_uppercase)
            bban += "".join(part)
        number = country + iban.calc_check_digits(country + "00" + bban) + bban
        if iban.is_valid(number):
            return number


_STRUCTURES: dict[str, list[tuple[int, str]]] = {}


def _structures() -> dict[str, list[tuple[int, str]]]:
    if not _STRUCTURES:
        import re

        for _, country, _, info, _ in numdb.get("iban").prefixes:
            parts = [(int(n), k) for n, k in re.findall(r"(\d+)!([nac])", info.get("bban", ""))]
            if len(country) == 2 and parts:
                _STRUCTURES[country] = parts
    return _STRUCTURES


#: foreign countries whose IBANs customers send most (and a few odd structures: GB, NL, MT, IT letters)
FOREIGN_IBAN = (
    "DE",
    "AT",
    "CZ",
    "FR",
    "GB",
    "NL",
    "ES",
    "IT",
    "SK",
    "LT",
    "BE",
    "IE",
    "UA",
    "NO",
    "CH",
    "SE",
    "DK",
    "HU",
    "LV",
    "MT",
    "PT",
    "RO",
)
_MOBILE = ("45", "50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88")
_AREA = ("12", "22", "32", "42", "52", "58", "61", "71", "81", "91", "85", "89", "17", "14")


def gen_mobile(rng: random.Random) -> str:
    return rng.choice(_MOBILE) + _digits(rng, 7)


def gen_landline(rng: random.Random) -> str:
    return rng.choice(_AREA) + str(rng.randint(2, 8)) + _digits(rng, 6)


def gen_card(rng: random.Random) -> str:
    kind = rng.choice(("visa", "visa", "mc", "mc2", "amex"))
    if kind == "visa":
        head = "4" + _digits(rng, 14)
    elif kind == "mc":
        head = str(rng.randint(51, 55)) + _digits(rng, 13)
    elif kind == "mc2":
        head = str(rng.randint(2221, 2720)) + _digits(rng, 11)
    else:
        head = rng.choice(("34", "37")) + _digits(rng, 12)
    return head + luhn.calc_check_digit(head)


FIRST = (
    "Anna",
    "Jan",
    "Piotr",
    "Katarzyna",
    "Tomasz",
    "Magdalena",
    "Paweł",
    "Ewa",
    "Michał",
    "Agnieszka",
    "Krzysztof",
    "Aleksandra",
    "Marek",
    "Zofia",
    "Grzegorz",
    "Joanna",
    "Łukasz",
    "Małgorzata",
)
LAST = (
    "Kowalski",
    "Nowak",
    "Wiśniewska",
    "Wójcik",
    "Kamiński",
    "Lewandowska",
    "Zieliński",
    "Szymańska",
    "Dąbrowski",
    "Mazur",
    "Woźniak",
    "Kaczmarek",
    "Piotrowska",
    "Grabowski",
    "Pawlak",
    "Michalska",
)
_DOMAINS = ("wp.pl", "onet.pl", "gmail.com", "o2.pl", "interia.pl", "poczta.fm", "op.pl", "firma.com.pl")
CITIES = (
    "Warszawa",
    "Kraków",
    "Łódź",
    "Wrocław",
    "Poznań",
    "Gdańsk",
    "Szczecin",
    "Lublin",
    "Katowice",
    "Białystok",
    "Rzeszów",
    "Toruń",
    "Kielce",
    "Opole",
    "Olsztyn",
    "Zielona Góra",
    "Bielsko-Biała",
)
# (nominative, locative after "na"/"przy") of street names without "ul."
STREETS = (
    ("Długa", "Długiej"),
    ("Polna", "Polnej"),
    ("Kwiatowa", "Kwiatowej"),
    ("Lipowa", "Lipowej"),
    ("Leśna", "Leśnej"),
    ("Ogrodowa", "Ogrodowej"),
    ("Słoneczna", "Słonecznej"),
    ("Krótka", "Krótkiej"),
    ("Szkolna", "Szkolnej"),
    ("Mickiewicza", "Mickiewicza"),
    ("Słowackiego", "Słowackiego"),
    ("Piłsudskiego", "Piłsudskiego"),
    ("Kościuszki", "Kościuszki"),
    ("Grunwaldzka", "Grunwaldzkiej"),
    ("Marszałkowska", "Marszałkowskiej"),
    ("Sienkiewicza", "Sienkiewicza"),
)
_LOCATIVE_CITY = {
    "Warszawa": "Warszawie",
    "Kraków": "Krakowie",
    "Łódź": "Łodzi",
    "Wrocław": "Wrocławiu",
    "Poznań": "Poznaniu",
    "Gdańsk": "Gdańsku",
    "Szczecin": "Szczecinie",
    "Lublin": "Lublinie",
    "Katowice": "Katowicach",
    "Białystok": "Białymstoku",
    "Rzeszów": "Rzeszowie",
    "Toruń": "Toruniu",
    "Kielce": "Kielcach",
    "Opole": "Opolu",
    "Olsztyn": "Olsztynie",
    "Zielona Góra": "Zielonej Górze",
    "Bielsko-Biała": "Bielsku-Białej",
}
_ASCII = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def _postal(rng: random.Random) -> str:
    return f"{rng.randint(0, 99):02d}-{rng.randint(0, 999):03d}"


def _house(rng: random.Random) -> str:
    number = str(rng.randint(1, 180))
    return rng.choice(
        (
            number,
            number + rng.choice("ab"),
            f"{number}/{rng.randint(1, 60)}",
            f"{number} m. {rng.randint(1, 60)}",
            f"{number} lok. {rng.randint(1, 20)}",
            f"{number}{rng.choice('AB')}/{rng.randint(1, 30)}",
        )
    )


# -- forms: (name, writer, needs context) ----------------------------------
Form = tuple[str, Callable[[str, random.Random], str], bool]


def _groups(value: str, sizes: Sequence[int], sep: str) -> str:
    parts, at = [], 0
    for size in sizes:
        parts.append(value[at : at + size])
        at += size
    if at < len(value):
        parts.append(value[at:])
    return sep.join(p for p in parts if p)


def _fours(value: str, sep: str = " ", head: int = 4) -> str:
    """ "DE89 3704 0044 ...": the first ``head`` characters, then groups of four."""
    rest = value[head:]
    return sep.join([value[:head], *(rest[k : k + 4] for k in range(0, len(rest), 4))])


_SPACES = (("space", " "), ("nbsp", "\u00a0"), ("thin", "\u2009"), ("narrow", "\u202f"))

PESEL_FORMS: list[Form] = [
    ("plain", lambda v, r: v, False),
    *[(f"6+5-{name}", (lambda s: lambda v, r: v[:6] + s + v[6:])(sep), False) for name, sep in _SPACES],
    ("dash-date", lambda v, r: _groups(v, (2, 2, 2), "-"), False),
    ("endash-date", lambda v, r: _groups(v, (2, 2, 2), "\u2013"), False),
    ("dot-date", lambda v, r: _groups(v, (2, 2, 2), "."), False),
    ("space-date", lambda v, r: _groups(v, (2, 2, 2), " "), False),
    ("fours", lambda v, r: _groups(v, (4, 4), " "), False),
    ("dash-6+5", lambda v, r: v[:6] + "-" + v[6:], False),
]
NIP_FORMS: list[Form] = [
    ("plain", lambda v, r: v, True),
    ("dash-3322", lambda v, r: _groups(v, (3, 3, 2), "-"), False),
    ("dash-3223", lambda v, r: _groups(v, (3, 2, 2), "-"), False),
    ("endash-3322", lambda v, r: _groups(v, (3, 3, 2), "\u2013"), False),
    *[
        (f"{name}-3322", (lambda s: lambda v, r: _groups(v, (3, 3, 2), s))(sep), True)
        for name, sep in _SPACES
    ],
    ("space-3223", lambda v, r: _groups(v, (3, 2, 2), " "), True),
    ("dot-3322", lambda v, r: _groups(v, (3, 3, 2), "."), True),
    ("PL", lambda v, r: "PL" + v, False),
    ("PL-space", lambda v, r: "PL " + v, False),
    ("PL-dash", lambda v, r: "PL" + _groups(v, (3, 3, 2), "-"), False),
]
REGON9_FORMS: list[Form] = [
    ("plain", lambda v, r: v, True),
    ("space-333", lambda v, r: _groups(v, (3, 3), " "), True),
    ("nbsp-333", lambda v, r: _groups(v, (3, 3), "\u00a0"), True),
]
REGON14_FORMS: list[Form] = [
    ("plain", lambda v, r: v, False),
    ("space-9+5", lambda v, r: v[:9] + " " + v[9:], True),
]
DOWOD_FORMS: list[Form] = [
    ("plain", lambda v, r: v, False),
    ("space", lambda v, r: v[:3] + " " + v[3:], False),
    ("dash", lambda v, r: v[:3] + "-" + v[3:], False),
    ("nbsp", lambda v, r: v[:3] + "\u00a0" + v[3:], False),
]
PASSPORT_FORMS: list[Form] = [
    ("plain", lambda v, r: v, False),
    ("space", lambda v, r: v[:2] + " " + v[2:], False),
    ("nbsp", lambda v, r: v[:2] + "\u00a0" + v[2:], False),
]
IBAN_PL_FORMS: list[Form] = [
    ("nrb-plain", lambda v, r: v[2:], False),
    ("nrb-groups", lambda v, r: _fours(v[2:], head=2), False),
    ("plain", lambda v, r: v, False),
    ("groups", lambda v, r: _fours(v), False),
    ("nrb-dash", lambda v, r: _fours(v[2:], "-", head=2), False),
    *[(f"groups-{name}", (lambda s: lambda v, r: _fours(v, s))(sep), False) for name, sep in _SPACES[1:]],
    ("line-break", lambda v, r: _fours(v)[:14] + "\n" + _fours(v)[15:], False),
    ("nrb-line-break", lambda v, r: _fours(v[2:], head=2)[:12] + "\n" + _fours(v[2:], head=2)[13:], False),
    ("PL-space", lambda v, r: "PL " + v[2:], False),
]
IBAN_FOREIGN_FORMS: list[Form] = [
    ("plain", lambda v, r: v, False),
    ("groups", lambda v, r: _fours(v), False),
    ("groups-nbsp", lambda v, r: _fours(v, "\u00a0"), False),
    ("line-break", lambda v, r: (lambda g: g[:9] + "\n" + g[10:])(_fours(v)), False),
]
PHONE_FORMS: list[Form] = [
    ("plain", lambda v, r: v, True),
    *[(f"333-{name}", (lambda s: lambda v, r: _groups(v, (3, 3), s))(sep), False) for name, sep in _SPACES],
    ("333-dash", lambda v, r: _groups(v, (3, 3), "-"), False),
    ("333-endash", lambda v, r: _groups(v, (3, 3), "\u2013"), False),
    ("333-dot", lambda v, r: _groups(v, (3, 3), "."), False),
    ("333-slash", lambda v, r: _groups(v, (3, 3), "/"), False),
    ("3222", lambda v, r: _groups(v, (3, 2, 2), " "), False),
    ("+48", lambda v, r: "+48 " + _groups(v, (3, 3), " "), False),
    ("+48-glued", lambda v, r: "+48" + v, False),
    ("0048", lambda v, r: "0048 " + _groups(v, (3, 3), " "), False),
    ("(+48)", lambda v, r: "(+48) " + _groups(v, (3, 3), "-"), False),
]
LANDLINE_FORMS: list[Form] = [
    ("2322", lambda v, r: _groups(v, (2, 3, 2), " "), False),
    ("(2)322", lambda v, r: f"({v[:2]}) " + _groups(v[2:], (3, 2), "-"), False),
    ("2-dash", lambda v, r: v[:2] + " " + _groups(v[2:], (3, 2), "-"), False),
    ("+48", lambda v, r: "+48 " + _groups(v, (2, 3, 2), " "), False),
]
CARD_FORMS: list[Form] = [
    ("plain", lambda v, r: v, False),
    *[
        (f"4444-{name}", (lambda s: lambda v, r: _groups(v, (4, 4, 4, 4), s))(sep), False)
        for name, sep in _SPACES
    ],
    ("4444-dash", lambda v, r: _groups(v, (4, 4, 4, 4), "-"), False),
    ("4444-dot", lambda v, r: _groups(v, (4, 4, 4, 4), "."), False),
    ("line-break", lambda v, r: (lambda g: g[:9] + "\n" + g[10:])(_groups(v, (4, 4, 4, 4), " ")), False),
]


def _email(rng: random.Random) -> tuple[str, str, str]:
    first, last = rng.choice(FIRST).lower().translate(_ASCII), rng.choice(LAST).lower().translate(_ASCII)
    local = rng.choice(
        (
            f"{first}.{last}",
            f"{first}{last}{rng.randint(1, 99)}",
            f"{first[0]}{last}",
            f"{first}_{last}",
            f"{first}.{last}+sklep",
        )
    )
    domain = rng.choice(_DOMAINS)
    return local, domain, f"{local}@{domain}"


EMAIL_FORMS: list[Form] = [
    ("plain", lambda v, r: v, False),
    ("at", lambda v, r: v.replace("@", " at "), False),
    ("(at)", lambda v, r: v.replace("@", " (at) "), False),
    ("[at][dot]", lambda v, r: v.replace("@", " [at] ").replace(".", " [dot] "), False),
    (
        "malpa-kropka",
        lambda v, r: (lambda lo, d: lo + " małpa " + d.replace(".", " kropka "))(*v.split("@")),
        False,
    ),
]

# -- contexts: (template, has the type's own cue word) --------------------
CONTEXTS: dict[str, list[tuple[str, bool]]] = {
    "PESEL": [
        ("Mój PESEL to {v}.", True),
        ("podaję numer PESEL: {v}", True),
        ("PESEL {v}, proszę o zwrot", True),
        ("nie pamiętam, czy mój pesel {v} jest w umowie", True),
        ("Numerem PESEL-u {v} się logowałem.", True),
        ("pesel:{v}", True),
        ("PESEL:{v}", True),
        ("mojego PESEL-u ({v}) nie zmieniałem", True),
        ("Dane do umowy: {v}, dowód w załączniku.", False),
        ("numer ewidencyjny {v}", True),
    ],
    "NIP": [
        ("podaję NIP firmy: {v}", True),
        ("Faktura na NIP {v} proszę.", True),
        ("mój nip {v}", True),
        ("NIP-u {v} nie ma na fakturze", True),
        ("numerem NIP {v} się posługujemy", True),
        ("proszę wystawić fakturę VAT, NIP: {v}", True),
        ("Dane firmy: ABC sp. z o.o., NIP {v}", True),
        ("numer identyfikacji podatkowej {v}", True),
        ("NIP nabywcy {v}, adres bez zmian", True),
    ],
    "REGON": [
        ("REGON: {v}", True),
        ("nasz regon to {v}", True),
        ("numer REGON {v} proszę dopisać", True),
        ("REGON-u {v} nie podałem wcześniej", True),
        ("dane spółki, REGON {v}.", True),
        ("Podaję REGON firmy: {v}", True),
        ("regon {v}, nip w stopce", True),
        ("Numerem REGON {v} rejestrowaliśmy konto.", True),
    ],
    "DOWOD": [
        ("Numer dowodu: {v}", True),
        ("seria i numer dowodu osobistego {v}", True),
        ("dowód osobisty {v} ważny do 2030", True),
        ("mój dowód to {v}.", True),
        ("Legitymuję się dowodem {v}", True),
        ("dokument tożsamości {v}", True),
        ("numerem dowodu {v} potwierdziłem odbiór", True),
        ("Odbiór na dowód {v}, proszę.", True),
    ],
    "PASZPORT": [
        ("Paszport nr {v}.", True),
        ("numer paszportu: {v}", True),
        ("paszportem {v} się podpisałem", True),
        ("mój paszport to {v}", True),
        ("Dane paszportowe: {v}", True),
        ("Nr paszportu {v} ważny do 2031.", True),
        ("w paszporcie {v} jest błąd", True),
        ("podaję paszport {v}", True),
    ],
    "NUMER_KONTA": [
        ("Zwrot proszę na konto {v}.", True),
        ("na konto {v}", True),
        ("nr rachunku: {v}", True),
        ("Numer konta bankowego {v} dzięki", True),
        ("przelew na {v} poszedł wczoraj", True),
        ("IBAN {v}", True),
        ("proszę o zwrot na rachunek\n{v}\nPozdrawiam", True),
        ("Pieniądze proszę przelać: {v}", False),
        ("moje konto to {v}.", True),
    ],
    "TELEFON": [
        ("proszę dzwonić pod {v}", True),
        ("tel. {v}", True),
        ("mój numer telefonu: {v}", True),
        ("Telefon {v}, najlepiej po 16.", True),
        ("kontakt: {v}", True),
        ("zadzwońcie na {v}", True),
        ("tel.{v}", True),
        ("komórka {v} (po 17)", True),
        ("SMS na {v} nie doszedł", True),
        ("Mój numer to {v}, proszę oddzwonić.", True),
    ],
    "EMAIL": [
        ("Pisz na {v}.", True),
        ("mój e-mail: {v}", True),
        ("adres mailowy {v}", True),
        ("proszę o kontakt mailowy {v}", True),
        ("mailem na {v}, dziękuję", True),
        ("Konto zakładałem na {v}", False),
        ("wyślijcie fakturę na {v}!", False),
        ("poczta {v} nie działa", True),
        ("kontakt: {v}", False),
    ],
    "KARTA": [
        ("numerem {v} opłaciłem", True),
        ("Płaciłem kartą {v}.", True),
        ("numer karty: {v}", True),
        ("karta kredytowa {v} została obciążona", True),
        ("Visa {v}", True),
        ("z karty {v} pobrano dwa razy", True),
        ("kartą płatniczą {v} nie da się zapłacić", True),
        ("Nr karty {v} – proszę o zwrot", True),
        ("obciążono {v} dwa razy", False),
    ],
    "KOD_POCZTOWY": [
        ("Wysyłka na {v}.", False),
        ("adres: {v}", True),
        ("kod pocztowy {v}", True),
        ("mieszkam w {v}", True),
        ("dostawa do {v}, proszę", False),
        ("paczka na {v}", False),
        ("adres zamieszkania {v}", True),
        ("zmieniłem adres na {v}", True),
    ],
    "ADRES": [
        ("adres: {v}", True),
        ("mieszkam przy {v}", True),
        ("wyślijcie na {v}", True),
        ("dostawa na {v}, proszę", True),
        ("Proszę wysłać na {v}.", True),
        ("mój adres to {v}", True),
        ("adres dostawy: {v}", True),
        ("mieszkam na {v}", True),
        ("paczkę proszę zostawić pod {v}", True),
    ],
    "OSOBA": [
        ("nazywam się {v}", True),
        ("Dzień dobry, z tej strony {v}.", True),
        ("Pozdrawiam,\n{v}", True),
        ("mam na imię {v}", True),
        ("Odbiorca: {v}", True),
        ("Imię i nazwisko: {v}", True),
        ("Pozdrawiam, {v}", True),
        ("z poważaniem\n{v}", True),
        ("Nazywam się {v} i mam problem.", True),
    ],
}


# -- planted cases --------------------------------------------------------
def _insert(
    rng: random.Random,
    kind: str,
    form: str,
    shown: str,
    accept: frozenset[str],
    needs_cue: bool,
    context_kind: str | None = None,
) -> Case:
    options = [t for t, cue in CONTEXTS[context_kind or kind] if cue or not needs_cue]
    template = rng.choice(options)
    start = template.index("{v}")
    text = template.replace("{v}", shown)
    return Case(kind, form, text, start, start + len(shown), accept)


def planted(rng: random.Random, per_type: int) -> list[Case]:
    """``per_type`` planted cases of each kind in ``KINDS``, every form of a kind in turn."""
    cases: list[Case] = []
    account = frozenset({"NUMER_KONTA"})
    for kind in KINDS:
        for n in range(per_type):
            cases.append(_plant(kind, rng, n, account))
    return cases


def _cycle(forms: Sequence[Form], n: int) -> Form:
    return forms[n % len(forms)]


def _plant(kind: str, rng: random.Random, n: int, account: frozenset[str]) -> Case:
    if kind == "PESEL":
        name, write, cue = _cycle(PESEL_FORMS, n)
        return _insert(rng, kind, name, write(gen_pesel(rng), rng), frozenset({"PESEL"}), cue)
    if kind == "NIP":
        name, write, cue = _cycle(NIP_FORMS, n)
        return _insert(rng, kind, name, write(gen_nip(rng), rng), frozenset({"NIP"}), cue)
    if kind == "REGON":
        if n % 3 == 2:
            name, write, cue = _cycle(REGON14_FORMS, n // 3)
            value = gen_regon14(rng)
            name = "14-" + name
        else:
            name, write, cue = _cycle(REGON9_FORMS, n - n // 3)
            value = gen_regon9(rng)
        return _insert(rng, kind, name, write(value, rng), frozenset({"REGON"}), cue, "REGON")
    if kind == "DOWOD":
        name, write, cue = _cycle(DOWOD_FORMS, n)
        return _insert(rng, kind, name, write(gen_dowod(rng), rng), frozenset({"DOWOD"}), cue)
    if kind == "PASZPORT":
        name, write, cue = _cycle(PASSPORT_FORMS, n)
        return _insert(rng, kind, name, write(gen_passport(rng), rng), frozenset({"PASZPORT"}), cue)
    if kind == "IBAN_PL":
        name, write, cue = _cycle(IBAN_PL_FORMS, n)
        return _insert(rng, kind, name, write(gen_iban(rng), rng), account, cue, "NUMER_KONTA")
    if kind == "IBAN_FOREIGN":
        name, write, cue = _cycle(IBAN_FOREIGN_FORMS, n)
        country = FOREIGN_IBAN[(n // len(IBAN_FOREIGN_FORMS)) % len(FOREIGN_IBAN)]
        return _insert(
            rng, kind, f"{country}-{name}", write(gen_iban(rng, country), rng), account, cue, "NUMER_KONTA"
        )
    if kind == "TELEFON":
        if n % 4 == 3:
            name, write, cue = _cycle(LANDLINE_FORMS, n // 4)
            value, name = gen_landline(rng), "landline-" + _cycle(LANDLINE_FORMS, n // 4)[0]
        else:
            name, write, cue = _cycle(PHONE_FORMS, n - n // 4)
            value = gen_mobile(rng)
        return _insert(rng, kind, name, write(value, rng), frozenset({"TELEFON"}), cue)
    if kind == "EMAIL":
        name, write, cue = _cycle(EMAIL_FORMS, n)
        return _insert(rng, kind, name, write(_email(rng)[2], rng), frozenset({"EMAIL"}), cue)
    if kind == "KARTA":
        name, write, cue = _cycle(CARD_FORMS, n)
        value = gen_card(rng)
        if len(value) == 15:  # Amex: 4-6-5
            name, shown = "amex-465", _groups(value, (4, 6), rng.choice(" -"))
        else:
            shown = write(value, rng)
        return _insert(rng, kind, name, shown, frozenset({"KARTA"}), cue)
    if kind == "KOD_POCZTOWY":
        code, city = _postal(rng), rng.choice(CITIES)
        name, shown, cue = (
            ("code-city", f"{code} {city}", False),
            ("endash-city", f"{code.replace('-', '–')} {city}", False),
            ("code-alone", code, True),
        )[n % 3]
        return _insert(rng, kind, name, shown, frozenset({"KOD_POCZTOWY", "ADRES"}), cue)
    if kind == "ADRES":
        return _plant_address(rng, n)
    if kind == "OSOBA":
        return _plant_person(rng, n)
    raise ValueError(kind)


_ADDRESS_ACCEPT = frozenset({"ADRES", "KOD_POCZTOWY", "MIEJSCE"})


def _plant_address(rng: random.Random, n: int) -> Case:
    nominative, locative = rng.choice(STREETS)
    city = rng.choice(CITIES)
    house = _house(rng)
    style = n % 7
    if style == 0:  # "ul. Długa 5/7"
        return _insert(rng, "ADRES", "ul.", f"ul. {nominative} {house}", _ADDRESS_ACCEPT, False)
    if style == 1:  # "na Długiej 5/7 w Warszawie"
        template = rng.choice(("Proszę wysłać na {v}.", "mieszkam na {v}", "dostawa na {v}, dziękuję"))
        shown = f"{locative} {house} w {_LOCATIVE_CITY[city]}"
        form = "na-street-w-city"
    elif style == 2:  # "przy Polnej 12 m. 4"
        template = rng.choice(("mieszkam przy {v}", "Mieszkam przy {v}, drugie piętro.", "adres: przy {v}"))
        shown = f"{locative} {house}"
        form = "przy-street"
    elif style == 3:  # "Kwiatowa 3a/2, 00-950 Warszawa"
        template = rng.choice(("adres: {v}", "Adres dostawy: {v}", "wyślijcie na {v}", "mój adres to {v}"))
        shown = f"{nominative} {house}, {_postal(rng)} {city}"
        form = "street-postcode"
    elif style == 4:  # "os. Piastów 5"
        template = rng.choice(("mieszkam na {v}", "adres: {v}", "dostawa na {v}"))
        shown = f"os. {rng.choice(('Piastów', 'Tysiąclecia', 'Kościuszkowskie', 'Słoneczne'))} {house}"
        form = "os."
    elif style == 5:  # "Długa 5/7" after "adres"/"mieszkam"
        template = rng.choice(("adres: {v}", "mój adres: {v}", "Adres do wysyłki: {v}", "adres dostawy {v}"))
        shown = f"{nominative} {house}"
        form = "after-adres"
    else:  # "mieszkam na Długiej 5"
        template = rng.choice(("mieszkam na {v}", "Mieszkam przy {v}", "wyślijcie na {v} w {c}"))
        template = template.replace("{c}", _LOCATIVE_CITY[city])
        shown = f"{locative} {house}"
        form = "na-street"
    start = template.index("{v}")
    return Case("ADRES", form, template.replace("{v}", shown), start, start + len(shown), _ADDRESS_ACCEPT)


_PERSON_ACCEPT = frozenset({"OSOBA"})


def _plant_person(rng: random.Random, n: int) -> Case:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    style = n % 6
    if style == 0:
        shown, form = f"{first} {last}", "title-case"
    elif style == 1:
        shown, form = f"{first} {last}".upper(), "caps"
    elif style == 2:
        shown, form = f"{first} {last}".lower(), "lower"
    elif style == 3:
        shown, form = f"{first} {last}-{rng.choice(LAST)}".upper(), "caps-double"
    elif style == 4:
        shown, form = f"{first} {last}-{rng.choice(LAST)}", "double"
    else:
        shown, form = f"{first[0]}. {last}", "initial"
    if style in (1, 3) and rng.random() < 0.3:
        template = rng.choice(("PANI {v}", "PAN {v}")) if form.startswith("caps") else "{v}"
        template = "Odbiorca: " + template
    else:
        templates = [t for t, _ in CONTEXTS["OSOBA"]]
        if style == 2:  # lower case: only the strong introductions
            templates = [t for t in templates if not t.startswith("Odbiorca")]
        template = rng.choice(templates)
    start = template.index("{v}")
    return Case("OSOBA", form, template.replace("{v}", shown), start, start + len(shown), _PERSON_ACCEPT)


KINDS: tuple[str, ...] = (
    "PESEL",
    "NIP",
    "REGON",
    "DOWOD",
    "PASZPORT",
    "IBAN_PL",
    "IBAN_FOREIGN",
    "TELEFON",
    "EMAIL",
    "KARTA",
    "KOD_POCZTOWY",
    "ADRES",
    "OSOBA",
)


# -- near misses ----------------------------------------------------------
def _bad(rng: random.Random, value: str, valid: Callable[[str], bool]) -> str:
    for _ in range(20):
        digit = rng.choice([d for d in string.digits if d != value[-1]])
        broken = value[:-1] + digit
        if not valid(broken):
            return broken
    raise AssertionError(value)


def _ean13(rng: random.Random) -> str:
    head = rng.choice(("590", "400", "401", "4006", "590", "590"))
    head += _digits(rng, 12 - len(head))
    return head + ean.calc_check_digit(head)


NEAR_KINDS: tuple[str, ...] = (
    "PESEL_BAD",
    "NIP_BAD",
    "REGON_BAD",
    "IBAN_BAD",
    "IBAN_FOREIGN_BAD",
    "CARD_BAD",
    "ORDER",
    "TRACKING",
    "PRICE",
    "DATE",
    "TIME",
    "QUANTITY",
    "PRODUCT_CODE",
    "INVOICE",
    "TERM",
    "VERSION",
    "ORDER_ID",
    "SHOUT",
    "NOT_ADDRESS",
)


def near_misses(rng: random.Random, per_kind: int) -> list[Case]:
    """``per_kind`` near misses of each kind in ``NEAR_KINDS``."""
    cases: list[Case] = []
    for kind in NEAR_KINDS:
        for n in range(per_kind):
            template, shown = _near(kind, rng, n)
            start = template.index("{v}")
            cases.append(Case(kind, kind.lower(), template.replace("{v}", shown), start, start + len(shown)))
    return cases


def _near(kind: str, rng: random.Random, n: int) -> tuple[str, str]:
    if kind == "PESEL_BAD":
        value = _bad(rng, gen_pesel(rng), pesel.is_valid)
        write = _cycle(PESEL_FORMS, n)[1]
        return rng.choice([t for t, _ in CONTEXTS["PESEL"]]), write(value, rng)
    if kind == "NIP_BAD":
        value = _bad(rng, gen_nip(rng), nip.is_valid)
        write = _cycle(NIP_FORMS, n)[1]
        return rng.choice([t for t, _ in CONTEXTS["NIP"]]), write(value, rng)
    if kind == "REGON_BAD":
        value = _bad(rng, gen_regon9(rng) if n % 2 else gen_regon14(rng), regon.is_valid)
        return rng.choice([t for t, _ in CONTEXTS["REGON"]]), value
    if kind == "IBAN_BAD":
        value = _bad(rng, gen_iban(rng), iban.is_valid)
        write = _cycle(IBAN_PL_FORMS, n)[1]
        return rng.choice([t for t, _ in CONTEXTS["NUMER_KONTA"]]), write(value, rng)
    if kind == "IBAN_FOREIGN_BAD":
        value = _bad(rng, gen_iban(rng, FOREIGN_IBAN[n % len(FOREIGN_IBAN)]), iban.is_valid)
        write = _cycle(IBAN_FOREIGN_FORMS, n)[1]
        return rng.choice([t for t, _ in CONTEXTS["NUMER_KONTA"]]), write(value, rng)
    if kind == "CARD_BAD":
        value = _bad(rng, gen_card(rng), luhn.is_valid)
        shown = value if len(value) == 15 else _cycle(CARD_FORMS, n)[1](value, rng)
        return rng.choice([t for t, _ in CONTEXTS["KARTA"]]), shown
    if kind == "ORDER":
        value = rng.choice(
            (
                f"2024/{rng.randint(1, 12):02d}/{_digits(rng, 6)}",
                _digits(rng, rng.choice((6, 8, 9))),
                f"{_digits(rng, 3)}/{_digits(rng, 3)}/{_digits(rng, 3)}",
                f"#{_digits(rng, 7)}",
            )
        )
        return rng.choice(
            (
                "zamówienie nr {v} nie doszło",
                "Numer zamówienia: {v}",
                "w zamówieniu {v} brakuje",
                "Reklamacja zamówienia {v}.",
                "nr zamówienia {v}, proszę o status",
            )
        ), value
    if kind == "TRACKING":
        value = rng.choice(
            (
                "6" + _digits(rng, 23),
                f"00{_digits(rng, 16)}",
                f"RR{_digits(rng, 9)}PL",
                f"1Z{_digits(rng, 3)}AA{_digits(rng, 10)}",
                f"JJD{_digits(rng, 18)}",
            )
        )
        return rng.choice(
            (
                "numer przesyłki {v}",
                "Paczka {v} utknęła w sortowni.",
                "list przewozowy: {v}",
                "śledzę przesyłkę {v} od tygodnia",
                "nr paczki {v}",
            )
        ), value
    if kind == "PRICE":
        value = rng.choice(
            (
                f"{rng.randint(1, 9)} {_digits(rng, 3)},{_digits(rng, 2)} zł",
                f"{rng.randint(10, 999)},99 zł",
                f"{rng.randint(1, 9)}.{_digits(rng, 3)},00 PLN",
                f"{rng.randint(1, 99)} {_digits(rng, 3)} zł",
                f"PLN {rng.randint(100, 99999)}",
            )
        )
        return rng.choice(
            (
                "Zapłaciłem {v} za pralkę.",
                "kwota {v} brutto",
                "zwrot {v} nie wpłynął",
                "cena {v}, a w koszyku więcej",
            )
        ), value
    if kind == "DATE":
        value = rng.choice(
            (
                f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2019, 2025)}",
                f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(2019, 2025)}",
            )
        )
        return rng.choice(
            ("zamówiłem {v}", "Faktura z dnia {v} r.", "dostawa na {v}", "od {v} czekam")
        ), value
    if kind == "TIME":
        value = rng.choice(
            (
                f"{rng.randint(6, 22)}:{rng.choice(('00', '15', '30', '45'))}",
                f"{rng.randint(6, 20)}-{rng.randint(12, 23)}",
                f"{rng.randint(8, 10)}.00-{rng.randint(15, 18)}.00",
            )
        )
        return rng.choice(
            ("kurier będzie o {v}", "Czynne w godz. {v}.", "między {v} nikt nie dzwonił")
        ), value
    if kind == "QUANTITY":
        value = rng.choice(
            (
                f"{rng.randint(2, 50)} szt.",
                f"{rng.randint(1, 25)} kg",
                f"{rng.randint(100, 5000)} ml",
                f"{rng.randint(2, 10)}x{rng.randint(10, 500)} g",
                f"{rng.randint(1, 999)} {_digits(rng, 3)} sztuk",
            )
        )
        return rng.choice(
            ("przy zamówieniu {v} rabat", "Zamówiłem {v}, przyszło mniej.", "paczka {v}")
        ), value
    if kind == "PRODUCT_CODE":
        value = rng.choice(
            (
                f"SKU {_ean13(rng)}",
                f"EAN {_ean13(rng)}",
                _ean13(rng),
                f"kod produktu {_ean13(rng)}",
                f"{rng.choice(('iPhone 15', 'Galaxy S23', 'Pralka Bosch 7 kg', 'Xiaomi 13T Pro'))}",
            )
        )
        return rng.choice(
            ("Produkt: {v}", "kupiłem {v} i nie działa", "{v} – brak na stanie", "czy {v} jest dostępny?")
        ), value
    if kind == "INVOICE":
        value = rng.choice(
            (
                f"FV/2024/{rng.randint(1, 12):02d}/{_digits(rng, 4)}",
                f"FV {_digits(rng, 4)}/2024",
                f"F/{_digits(rng, 5)}/24",
                f"KOR/2024/{_digits(rng, 3)}",
            )
        )
        return rng.choice(("faktura {v} ma błąd", "Proszę o korektę {v}.", "nr faktury {v}")), value
    if kind == "TERM":
        value = rng.choice(
            (
                "3-D Secure",
                "5G",
                "Wi-Fi 6",
                "USB-C",
                "4K",
                "HDMI 2.1",
                "Black Friday 2024",
                "Smart Week 2024",
                "Allegro Smart!",
                "Paczkomat 24/7",
            )
        )
        return rng.choice(
            ("czy {v} działa?", "Promocja na {v}", "brak {v} przy płatności", "na {v} zamówiłem")
        ), value
    if kind == "VERSION":
        value = rng.choice(
            (
                f"{rng.randint(1, 20)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}",
                f"v{rng.randint(1, 9)}.{rng.randint(0, 99)}",
                f"{rng.randint(10, 17)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}.{rng.randint(100, 9999)}",
            )
        )
        return rng.choice(
            ("wersja aplikacji {v}", "Po aktualizacji do {v} nie działa.", "mam Androida {v}")
        ), value
    if kind == "ORDER_ID":
        value = rng.choice(
            (
                f"ORD-2024-{_digits(rng, 6)}",
                f"#{rng.choice(string.ascii_uppercase)}{_digits(rng, 7)}",
                f"ZW-{_digits(rng, 6)}",
                f"RMA {_digits(rng, 8)}",
                f"{_digits(rng, 4)}-{_digits(rng, 4)}-{_digits(rng, 4)}",
            )
        )
        return rng.choice(
            ("zgłoszenie {v} bez odpowiedzi", "Numer zwrotu: {v}", "sprawa {v}", "ticket {v} zamknięty")
        ), value
    if kind == "SHOUT":
        value = rng.choice(
            (
                "TO JEST SKANDAL",
                "GDZIE MOJA PACZKA",
                "PILNE",
                "ZWROT TOWARU",
                "NIE DZIAŁA",
                "PROSZĘ O ZWROT PIENIĘDZY",
                "OSZUSTWO",
                "REKLAMACJA",
                "DLACZEGO NIKT NIE ODPISUJE",
                "NATYCHMIAST",
            )
        )
        return rng.choice(("{v}!!!", "{v}", "Dzień dobry, {v}.", "{v}, czekam od tygodnia")), value
    if kind == "NOT_ADDRESS":
        value = rng.choice(
            (
                "na Black Friday 2024",
                f"przy zamówieniu {rng.randint(2, 9)} szt.",
                "w Allegro 5 dni",
                f"na {rng.randint(1, 28)} maja",
                f"na {rng.randint(10, 99)},99 zł",
                "iPhone 15",
                "Galaxy S23",
                "Pralka Bosch 7 kg",
                f"przy kwocie {rng.randint(100, 999)} zł",
                f"na Allegro {rng.randint(2, 9)} razy",
                "na Wigilię 24",
                "na Smart Week 2024",
                f"przy Samsungu {rng.randint(2, 5)} lata gwarancji",
                f"na Galaxy S23 {rng.randint(2, 9)} dni",
                f"na Cyber Monday {rng.randint(1, 30)} listopada",
                f"przy Lidlu {rng.randint(2, 15)} minut",
                f"Bosch Serie {rng.randint(2, 8)} {rng.randint(5, 9)} kg",
            )
        )
        return rng.choice(
            (
                "Zamówiłem {v}.",
                "{v} – czy zdążycie z dostawą?",
                "kupiłem {v}",
                "wysyłka {v}?",
                "Dostawa {v}, dobrze?",
                "adres się zgadza, ale {v}",
                "mieszkam daleko, a {v}",
            )
        ), value
    raise ValueError(kind)
