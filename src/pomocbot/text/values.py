"""Checkable values of Polish text: amounts, percentages, durations, dates, times, numbers.

The grounding verifier refuses a sentence that states a value its source does
not contain, so values are compared by a normalised *key* on which spellings meet:

* **amount**: "19,99 zł", "19.99 zł", "19,99 PLN", "19 zł 99 gr" -> ``19.99 PLN``;
  "20 zł", "20,00 zł", "dwadzieścia złotych" -> ``20 PLN``; thousands "2 000 zł",
  "2.000 zł", "2 tys. zł" -> ``2000 PLN``; "99 gr" -> ``0.99 PLN``; "10 €" -> ``10 EUR``.
* **percent**: "30%", "30 %", "30 procent", "30 proc.", "30-procentowy" -> ``30``.
* **duration**: count + unit in any case form: "14 dni/dnia/dniach" -> ``14 day``;
  working days are their own unit ("3 dni robocze" -> ``3 workday``); a week is
  7 days ("2 tygodnie" -> ``14 day``); "24 godziny", "24 h", "24-godzinny" ->
  ``24 hour``; "30 minut" -> ``30 minute``; "12 miesięcy" -> ``12 month``;
  "2 lata" -> ``2 year``. A range ("1–3 dni", "3 do 5 dni") gives both ends.
* **date**: "3.06.2026", "03-06-2026", "3 czerwca 2026", "2026-06-03" ->
  ``2026-06-03``; without a year ("3 czerwca") -> ``--06-03`` (ISO 8601), which
  matches that day of any year.
* **time**: "8:00", "godz. 8", "o 8.00", "8.00–16.00", "w godzinach 8–20" ->
  ``08:00`` (and ``20:00``).
* **number**: any other digits: "art. 27" -> ``27``; phone and order numbers
  as digit strings: "61 000 00 00", "+48 610 000 000" -> ``610000000``,
  "260501-1234" -> ``2605011234``.

Number words count before a unit only ("czternaście dni", "dwa tygodnie",
"dwadzieścia cztery godziny", "pół godziny" -> ``0.5 hour``): alone they are
ordinary words ("jeden z produktów"). Not values: digits glued to letters
("2FA", "ABC123", "4px"), "24/7", "6-cyfrowy", citation markers "[1]" and the
number of a list item ("1. Zaloguj się").

>>> value_keys("Kurier kosztuje 14,99 zł, a paczka czeka 48 godzin.")
[('amount', '14.99 PLN'), ('duration', '48 hour')]
>>> value_keys("Masz czternaście dni (do 17.06.2026), zwrot 100%.")
[('duration', '14 day'), ('date', '2026-06-17'), ('percent', '100')]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from pomocbot.text.normalize import fold_diacritics

__all__ = ["NUMBER_WORDS", "Value", "ValueKind", "extract_values", "missing_values", "value_keys"]


class ValueKind(str, Enum):
    """What a value is; compares equal to its string (``ValueKind.AMOUNT == "amount"``)."""

    AMOUNT = "amount"
    PERCENT = "percent"
    DURATION = "duration"
    DATE = "date"
    TIME = "time"
    NUMBER = "number"


@dataclass(frozen=True)
class Value:
    """One value found in a text.

    ``key`` is the normalised form compared between texts, ``text`` the value as
    written (quoted in the verifier's reasons), ``start``/``end`` its span, and
    ``atoms`` the bare numbers it states ("2 tygodnie": ``("2", "14")``), which a
    unit-less number of another text may match.
    """

    kind: ValueKind
    key: str
    text: str
    start: int
    end: int
    atoms: tuple[str, ...] = ()


def _forms(value: float, words: str) -> dict[str, Decimal]:
    return {fold_diacritics(word): Decimal(str(value)) for word in words.split()}


# Cardinal numbers 1–19, tens and 100 in the case forms met before a unit
# ("dwa dni", "dwóch dni", "dwoma dniami"), folded to ASCII; tens combine
# with 1–9 ("dwadzieścia cztery").
NUMBER_WORDS: dict[str, Decimal] = {
    **_forms(0.5, "pół"), **_forms(1.5, "półtora półtorej"),
    **_forms(1, "jeden jedna jedno jednego jednej jednym jedną jednemu"),
    **_forms(2, "dwa dwie dwóch dwu dwoma dwiema dwóm dwoje"), **_forms(3, "trzy trzech trzema trzem troje"),
    **_forms(4, "cztery czterech czterema czterem"), **_forms(5, "pięć pięciu pięcioma"),
    **_forms(6, "sześć sześciu sześcioma"), **_forms(7, "siedem siedmiu siedmioma"),
    **_forms(8, "osiem ośmiu ośmioma"), **_forms(9, "dziewięć dziewięciu dziewięcioma"),
    **_forms(10, "dziesięć dziesięciu"), **_forms(11, "jedenaście jedenastu"),
    **_forms(12, "dwanaście dwunastu"), **_forms(13, "trzynaście trzynastu"),
    **_forms(14, "czternaście czternastu"), **_forms(15, "piętnaście piętnastu"),
    **_forms(16, "szesnaście szesnastu"), **_forms(17, "siedemnaście siedemnastu"),
    **_forms(18, "osiemnaście osiemnastu"), **_forms(19, "dziewiętnaście dziewiętnastu"),
    **_forms(20, "dwadzieścia dwudziestu"), **_forms(30, "trzydzieści trzydziestu"),
    **_forms(40, "czterdzieści czterdziestu"), **_forms(50, "pięćdziesiąt pięćdziesięciu"),
    **_forms(60, "sześćdziesiąt sześćdziesięciu"), **_forms(70, "siedemdziesiąt siedemdziesięciu"),
    **_forms(80, "osiemdziesiąt osiemdziesięciu"), **_forms(90, "dziewięćdziesiąt dziewięćdziesięciu"),
    **_forms(100, "sto stu"),
}
_MONTHS = "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia"
_MONTH_NUMBER = {fold_diacritics(name): index for index, name in enumerate(_MONTHS.split(), start=1)}


def _alternation(folded_words: Iterable[str]) -> str:
    """Regex alternation of folded words that also matches them written with Polish letters."""
    loose = str.maketrans({"a": "[aą]", "c": "[cć]", "e": "[eę]", "l": "[lł]", "n": "[nń]", "o": "[oó]",
                           "s": "[sś]", "z": "[zźż]"})
    # Longest first so "dwadziescia" wins over "dwa".
    return "|".join(word.translate(loose) for word in sorted(folded_words, key=len, reverse=True))


def _pl(pattern: str) -> str:
    """Let every Polish letter of ``pattern`` also match its ASCII fold ("ł" -> "[łl]")."""
    return "".join(f"[{ch}{fold_diacritics(ch)}]" if ch in "ąćęłńóśźż" else ch for ch in pattern)


_TENS = [w for w, v in NUMBER_WORDS.items() if v >= 20 and v % 10 == 0 and v < 100]
_UNITS = [w for w, v in NUMBER_WORDS.items() if 1 <= v <= 9 and v == int(v)]
_WORDS = rf"(?:(?:{_alternation(_TENS)})\s+(?:{_alternation(_UNITS)})|{_alternation(NUMBER_WORDS)})(?!\w)"
# Digits with a decimal comma or dot, or thousands grouped by (no-break) spaces: "2 000,50".
_DIGITS = r"(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?![\d.,]\d)|\d+(?:[.,]\d+)?)"
_NUM = rf"(?:{_DIGITS}|{_WORDS})"
_START = r"(?<![\w.,/])(?<!\w-)"  # not inside a word, a decimal, a date or "ABC-123"
# A count or a range of two: "14", "1–3", "3 do 5", "1 lub 2".
_COUNT = rf"{_START}(?P<a>{_NUM})(?:(?:\s*[-–—]\s*|\s+(?:do|lub|albo)\s+)(?P<b>{_NUM}))?"
_CURRENCY = r"zł(?!\w)|złot\w*|pln(?!\w)|gr(?!\w)|grosz\w*|eur(?:o)?(?!\w)|€|usd(?!\w)|\$"
_DURATION_UNITS = (
    r"dni(?:a|u|ach|ami|om)?(?!\w)|dzień(?!\w)|dob(?:a|y|ę|ie|ach|ami)(?!\w)|dób(?!\w)|tydzień(?!\w)|tygodn\w*|tyg\.?"
    r"|godzin\w*|godz\.?|h(?!\w)|minut\w*|min(?!\w)|sekund\w*|sek(?!\w)"
    r"|miesiąc\w*|miesięc\w*|mies\.?|rok(?:u|iem)?(?!\w)|lat(?:a|ach|ami)?(?!\w)"
)  # "r." is left out: after a number it means "roku" of a date ("2026 r.")
# Folded unit prefixes -> (unit of the key, factor): weeks are counted in days.
_UNIT_OF = (("dn", "day", 1), ("dzie", "day", 1), ("dob", "day", 1), ("tyg", "day", 7), ("tyd", "day", 7),
            ("godz", "hour", 1), ("h", "hour", 1), ("min", "minute", 1), ("sek", "second", 1),
            ("mies", "month", 1), ("rok", "year", 1), ("lat", "year", 1), ("let", "year", 1))
_ADJECTIVES = "dniow|godzinn|tygodniow|miesięczn|letni|minutow"  # "14-dniowy", "24-godzinny"


def _d(number: str) -> Decimal:
    """Parse digits ("2 000", "19,99", "1.5") or number words ("dwadzieścia cztery")."""
    if number[0].isdigit():
        return Decimal(re.sub(r"[ \u00a0\u202f]", "", number).replace(",", "."))
    return sum((NUMBER_WORDS[w] for w in fold_diacritics(number.lower()).split()), Decimal(0))


def _fmt(number: Decimal) -> str:
    return format(number.normalize(), "f")


def _value(kind: ValueKind, key: str, m: re.Match[str], *atoms: Decimal) -> Value:
    return Value(kind, key, m.group(0), m.start(), m.end(), tuple(dict.fromkeys(_fmt(a) for a in atoms)))


def _ends(m: re.Match[str]) -> list[str]:
    return [n for n in (m.group("a"), m.groupdict().get("b")) if n]


def _amount(m: re.Match[str], text: str) -> list[Value]:
    currency = fold_diacritics(m.group("cur").lower())
    code = "EUR" if currency.startswith(("eur", "€")) else "USD" if currency in ("usd", "$") else "PLN"
    scale = Decimal("0.01") if currency.startswith("gr") else Decimal(1)
    if m.groupdict().get("mult"):
        scale *= 1_000_000 if fold_diacritics(m.group("mult").lower()).startswith("m") else 1000
    values = []
    for number in _ends(m):
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", number):  # "2.000 zł": prices have no 3 decimals
            number = number.replace(".", "")
        amount = _d(number) * scale
        key = _fmt(amount) if amount == amount.to_integral() else str(amount.quantize(Decimal("0.01")))
        values.append(_value(ValueKind.AMOUNT, f"{key} {code}", m, amount))
    return values


def _zl_gr(m: re.Match[str], text: str) -> list[Value]:
    amount = _d(m.group("zl")) + Decimal(m.group("gr")) / 100
    return [_value(ValueKind.AMOUNT, f"{amount.quantize(Decimal('0.01'))} PLN", m, amount)]


def _percent(m: re.Match[str], text: str) -> list[Value]:
    numbers = [m.group("pa")] if m.group("pa") else _ends(m)
    return [_value(ValueKind.PERCENT, _fmt(_d(n)), m, _d(n)) for n in numbers]


def _duration(m: re.Match[str], text: str) -> list[Value]:
    unit_text = fold_diacritics((m.group("unit") or m.group("adj")).lower())
    unit, factor = next((u, f) for prefix, u, f in _UNIT_OF if unit_text.startswith(prefix))
    if unit == "day" and m.group("work"):
        unit = "workday"
    values = []
    for number in [m.group("c")] if m.group("c") else _ends(m):
        count = _d(number)
        values.append(_value(ValueKind.DURATION, f"{_fmt(count * factor)} {unit}", m, count, count * factor))
    return values


def _date(day: str, month: int, year: str | None, m: re.Match[str]) -> Value | None:
    if not (1 <= int(day) <= 31 and 1 <= month <= 12):
        return None
    if year and len(year) == 2:
        year = "20" + year
    key = f"{year or '-'}-{month:02d}-{int(day):02d}"
    return _value(ValueKind.DATE, key, m, *(Decimal(p) for p in (day, month, year) if p))


def _numeric_date(m: re.Match[str], text: str) -> list[Value] | None:
    day, month, year = m.group("d", "m", "y") if m.group("d") else m.group("d2", "m2", "y2")
    value = _date(day, int(month), year, m)
    return [value] if value else None


def _word_date(m: re.Match[str], text: str) -> list[Value] | None:
    month = _MONTH_NUMBER[fold_diacritics(m.group("month").lower())]
    values = [_date(day, month, m.group("y"), m) for day in _ends(m)]
    return None if None in values else [v for v in values if v]


def _time(m: re.Match[str], text: str) -> list[Value] | None:
    if not m.group("sep") and not m.group("cue"):
        return None  # a bare number or range ("9–15", "do 10 rat"): left to the last rule
    # "8.30" alone is a decimal; a time after "o/od/do" ("o 8.30"), in a range or on the hour
    if (m.group("sep") == "." and not (m.group("cue") or m.group("h2") or m.group("m") == "00")
            and not re.search(r"(?:^|\W)(?:o|od|do)\s+$", text[max(0, m.start() - 4) : m.start()])):
        return None
    values = []
    for h, mm in (("h", "m"), ("h2", "m2")):
        if m.group(h) is not None:
            hour, minute = int(m.group(h)), int(m.group(mm) or 0)
            if hour > 24 or minute > 59:
                return None
            values.append(_value(ValueKind.TIME, f"{hour:02d}:{minute:02d}", m, Decimal(hour)))
    return values


def _number(m: re.Match[str], text: str) -> list[Value]:
    if re.match(r"-?[^\W\d_]", text[m.end() : m.end() + 2]):
        return []  # an identifier or a compound word: "2FA", "6-cyfrowy", "3-D Secure"
    parts = re.split(r"[-–—]", m.group(0))
    digits = [re.sub(r"\D", "", p) for p in parts]
    if len(parts) > 1 and not (all(len(p) <= 3 for p in digits) and int(digits[0]) < int(digits[-1])):
        joined = "".join(digits)  # not a rising range: a postcode "61-001" or an order number
        return [_value(ValueKind.NUMBER, joined, m, Decimal(joined))]
    return [_value(ValueKind.NUMBER, _fmt(_d(p)), m, _d(p)) for p in parts]


def _phone(m: re.Match[str], text: str) -> list[Value]:
    digits = re.sub(r"\D", "", m.group("phone"))
    return [_value(ValueKind.NUMBER, digits, m, Decimal(digits))]


def _skip(m: re.Match[str], text: str) -> list[Value]:
    return []


_Handler = Callable[[re.Match[str], str], "list[Value] | None"]


def _rule(pattern: str, handler: _Handler) -> tuple[re.Pattern[str], _Handler]:
    return re.compile(pattern, re.IGNORECASE), handler


# Applied in order; a match may not overlap the span of an earlier rule's match,
# and a handler returning None leaves its span to the later rules.
_RULES: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    _rule(r"\[\d+(?:\s*,\s*\d+)*\]|(?m:^\s*\d{1,2}[.)](?=\s))", _skip),  # citation markers, list numbers
    _rule(rf"(?<![\w+])(?:\+48[ -]?)?(?P<phone>\d{{3}}[ -]\d{{3}}[ -]\d{{3}}|\d{{2}} \d{{3}} \d{{2}} \d{{2}})"
          rf"(?!\d|[.,]\d|\s*(?:{_CURRENCY}|%))", _phone),
    _rule(rf"{_START}(?:(?P<d>\d{{1,2}})(?P<s>[./-])(?P<m>\d{{1,2}})(?P=s)(?P<y>\d{{4}}|\d{{2}})"
          r"|(?P<y2>\d{4})-(?P<m2>\d{1,2})-(?P<d2>\d{1,2}))(?!\w|[.,/-]\d)", _numeric_date),
    _rule(rf"{_START}(?P<a>\d{{1,2}})(?:\s*[-–—]\s*(?P<b>\d{{1,2}}))?\.?\s+"
          rf"(?P<month>{_alternation(_MONTH_NUMBER)})(?!\w)(?:\s+(?P<y>\d{{4}})(?!\d))?", _word_date),
    _rule(r"(?<![\w/])\d+(?:/\d+)+(?![\w/])", _skip),  # "24/7", fractions
    _rule(rf"{_START}(?P<zl>{_DIGITS})\s*(?:zł|złot\w*)\.?\s*(?P<gr>\d{{1,2}})\s*(?:gr(?!\w)|grosz\w*)",
          _zl_gr),
    _rule(rf"{_COUNT}\s*(?P<mult>tys\.|tysi[ęe]c\w*|mln(?!\w)|milion\w*)?\s*(?P<cur>{_pl(_CURRENCY)})",
          _amount),
    _rule(rf"(?<!\w)(?P<cur>pln|eur|€|\$)\s*(?P<a>{_DIGITS})(?![\w.,]\d)", _amount),  # "PLN 19,99", "€10"
    _rule(rf"{_COUNT}\s*(?:%|procent\w*|proc\.?(?!\w))|{_START}(?P<pa>\d+)-procentow\w*", _percent),
    _rule(rf"{_COUNT}\s*(?P<unit>{_pl(_DURATION_UNITS)})(?P<work>\s+robocz\w*)?"
          rf"|{_START}(?P<c>\d+)-(?P<adj>{_pl(_ADJECTIVES)})\w*", _duration),
    _rule(rf"(?:(?P<cue>godz\.?|godzin\w*)\s*)?{_START}(?P<h>\d{{1,2}})(?:(?P<sep>[:.])(?P<m>\d{{2}}))?"
          r"(?:\s*[-–—]\s*(?P<h2>\d{1,2})(?:[:.](?P<m2>\d{2}))?)?(?!\w|[.,:]\d)", _time),
    _rule(rf"{_START}{_DIGITS}(?:[-–—]\d+)*", _number),
)


@functools.lru_cache(maxsize=4096)
def _extract(text: str) -> tuple[Value, ...]:
    claimed = bytearray(len(text))
    found: list[Value] = []
    for pattern, handler in _RULES:
        for m in pattern.finditer(text):
            start, end = m.span()
            if start == end or claimed.find(1, start, end) != -1:
                continue
            values = handler(m, text)
            if values is None:
                continue
            claimed[start:end] = b"\x01" * (end - start)
            found.extend(values)
    return tuple(sorted(found, key=lambda v: v.start))


def extract_values(text: str) -> list[Value]:
    """The values stated in ``text``, in order of appearance (results are cached per text).

    >>> [(v.text, v.key) for v in extract_values("Od 1–3 dni roboczych, tel. 61 000 00 00.")]
    [('1–3 dni roboczych', '1 workday'), ('1–3 dni roboczych', '3 workday'), ('61 000 00 00', '610000000')]
    """
    return list(_extract(text))


def value_keys(text: str) -> list[tuple[str, str]]:
    """``(kind, key)`` pairs of the values of ``text``, in order.

    >>> value_keys("19 zł 99 gr, 20,00 zł, 30 procent, 2 tygodnie, godz. 8")
    [('amount', '19.99 PLN'), ('amount', '20 PLN'), ('percent', '30'), ('duration', '14 day'),
     ('time', '08:00')]
    """
    return [(v.kind.value, v.key) for v in _extract(text)]


def missing_values(claimed: Iterable[Value], available: Iterable[Value]) -> list[Value]:
    """The ``claimed`` values that ``available`` (a source's values) does not back.

    A value is backed by an equal ``(kind, key)``; a date without a year by the
    same day and month of any year; a unit-less number by the same number in
    any value of the source ("14" by "14 dni"); a full hour ("9:00") by a bare
    "9" of the source ("w soboty 9–15").

    >>> source = extract_values("Masz 14 dni na zwrot, kurier kosztuje 19,99 zł.")
    >>> [v.text for v in missing_values(extract_values("Zwrot w 14 dni za 29,99 zł."), source)]
    ['29,99 zł']
    """
    available = list(available)
    keys = {(v.kind, v.key) for v in available}
    month_days = {v.key[-6:] for v in available if v.kind is ValueKind.DATE}
    atoms = {atom for v in available for atom in v.atoms}
    bare = {v.key for v in available if v.kind is ValueKind.NUMBER}
    missing = []
    for value in claimed:
        if (value.kind, value.key) in keys:
            continue
        if value.kind is ValueKind.DATE and value.key.startswith("--") and value.key[-6:] in month_days:
            continue
        if value.kind is ValueKind.NUMBER and value.key in atoms:
            continue
        if value.kind is ValueKind.TIME and value.key.endswith(":00") and value.atoms[0] in bare:
            continue
        missing.append(value)
    return missing
