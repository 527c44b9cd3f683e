"""A small regex PII detector and value generators for tests of redaction and its wiring.

:class:`FakeDetector` is a real :class:`~pomocbot.guardrails.base.PIIDetector`
(fakes over mocks): PESEL, IBAN/NRB and NIP with checksums, phone numbers,
e-mail addresses and a handful of inflected Polish names. It records the texts
it was given (``calls``) and can pause (``delay_s``) so threads interleave.

The ``*_values`` hypothesis strategies draw valid values in several formats;
the ``valid_*`` functions check them independently of pomocbot's code.
"""

from __future__ import annotations

import re
import threading
import time

from hypothesis import strategies as st

from pomocbot.types import PIIEntity

__all__ = [
    "SENTENCES",
    "FakeDetector",
    "email_values",
    "iban_values",
    "messages_in_context",
    "messages_with_pii",
    "pesel_values",
    "phone_values",
    "valid_dowod",
    "valid_iban",
    "valid_luhn",
    "valid_nip",
    "valid_paszport",
    "valid_pesel",
    "valid_regon",
]


def valid_pesel(value: str) -> bool:
    digits = [int(c) for c in value if c.isdigit()]
    if len(digits) != 11:
        return False
    weighted = sum(w * d for w, d in zip((1, 3, 7, 9, 1, 3, 7, 9, 1, 3), digits[:10], strict=True))
    month = (digits[2] * 10 + digits[3]) % 20
    return (10 - weighted % 10) % 10 == digits[10] and 1 <= month <= 12


def valid_nip(value: str) -> bool:
    digits = [int(c) for c in value if c.isdigit()]
    if len(digits) != 10:
        return False
    check = sum(w * d for w, d in zip((6, 5, 7, 2, 3, 4, 5, 6, 7), digits[:9], strict=True)) % 11
    return check != 10 and check == digits[9]


def valid_regon(value: str) -> bool:
    digits = [int(c) for c in value if c.isdigit()]
    weights = {9: (8, 9, 2, 3, 4, 5, 6, 7), 14: (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)}.get(len(digits))
    if weights is None:
        return False
    return sum(w * d for w, d in zip(weights, digits, strict=False)) % 11 % 10 == digits[-1]


def valid_iban(value: str) -> bool:
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) != 26:
        return False
    return int(digits[2:] + "2521" + digits[:2]) % 97 == 1


def valid_luhn(value: str) -> bool:
    digits = [int(c) for c in value if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = d * 2 if i % 2 else d
        total += n - 9 if n > 9 else n
    return len(digits) >= 12 and total % 10 == 0


def _weighted_letters(value: str, weights: tuple[int, ...]) -> bool:
    chars = re.sub(r"[^0-9A-Z]", "", value.upper())
    if len(chars) != len(weights):
        return False
    return sum(w * int(c, 36) for w, c in zip(weights, chars, strict=True)) % 10 == 0


def valid_dowod(value: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{3}\d{6}", value)) and _weighted_letters(value, (7, 3, 1, 9, 7, 3, 1, 7,
                                                                                     3))


def valid_paszport(value: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{2}\d{7}", value)) and _weighted_letters(value, (7, 3, 9, 1, 7, 3, 1, 7,
                                                                                     3))


_NAMES = (r"(?:Jan|Jana|Janowi|Janem|Janie|Anna|Anny|Annie|Anną|Annę|Piotr|Piotra|Piotrowi|Piotrem)\s+"
          r"(?:Kowalsk\w*|Nowak\w*|Wiśniewsk\w*)")
_PATTERNS: tuple[tuple[str, re.Pattern[str], object], ...] = (
    ("EMAIL", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), None),
    ("NUMER_KONTA", re.compile(r"(?<![\w])(?:PL ?)?\d{2}(?: ?\d{4}){6}(?!\d)"), valid_iban),
    ("PESEL", re.compile(r"(?<!\d)\d{11}(?!\d)"), valid_pesel),
    ("NIP", re.compile(r"(?<![\w-])(?:PL ?)?\d{3}-?\d{3}-?\d{2}-?\d{2}(?![\w-])"), valid_nip),
    ("TELEFON", re.compile(r"(?<![\w+])(?:\+48 ?|0048 ?)?\d{3}[ -]?\d{3}[ -]?\d{3}(?!\d)"), None),
    ("OSOBA", re.compile(rf"\b{_NAMES}\b"), None),
)


class FakeDetector:
    """Regex PII detector: entities sorted by start, not overlapping (earlier patterns win)."""

    def __init__(self, *, delay_s: float = 0.0) -> None:
        self.delay_s = delay_s
        self.calls: list[str] = []
        self._lock = threading.Lock()

    def detect(self, text: str) -> list[PIIEntity]:
        with self._lock:
            self.calls.append(text)
        found: list[PIIEntity] = []
        for kind, pattern, validate in _PATTERNS:
            for match in pattern.finditer(text):
                if validate is not None and not validate(match.group(0)):  # type: ignore[operator]
                    continue
                if any(match.start() < e.end and e.start < match.end() for e in found):
                    continue
                found.append(PIIEntity(entity_type=kind, start=match.start(), end=match.end(), score=0.95,
                                       recognizer=f"Fake{kind.title()}Recognizer"))
        if self.delay_s:
            time.sleep(self.delay_s)
        return sorted(found, key=lambda e: e.start)


# -- value strategies ---------------------------------------------------------------
def _pesel_from(year: int, month: int, day: int, serial: int) -> str:
    month_code = month + (20 if year >= 2000 else 0)
    body = f"{year % 100:02d}{month_code:02d}{day:02d}{serial:04d}"
    total = sum(w * int(d) for w, d in zip((1, 3, 7, 9, 1, 3, 7, 9, 1, 3), body, strict=True))
    return body + str((10 - total % 10) % 10)


pesel_values = st.builds(_pesel_from, st.integers(1940, 2020), st.integers(1, 12), st.integers(1, 28),
                         st.integers(0, 9999))


def _phone_from(prefix: str, digits: str, style: int, country: str) -> str:
    number = prefix + digits
    groups = (number[:3], number[3:6], number[6:])
    grouped = [" ".join(groups), "-".join(groups), number][style]
    return country + grouped


phone_values = st.builds(_phone_from, st.sampled_from(["50", "51", "60", "66", "69", "72", "79", "88"]),
                         st.text("0123456789", min_size=7, max_size=7), st.integers(0, 2),
                         st.sampled_from(["", "+48 ", "+48", "0048 "]))

email_values = st.builds(
    lambda user, n, domain: f"{user}{n}@{domain}",
    st.text("abcdefghijklmnoprstuwz", min_size=3, max_size=10), st.integers(1, 999),
    st.sampled_from(["wp.pl", "onet.pl", "gmail.com", "interia.pl", "o2.pl"]),
)


def _iban_from(bban: str, spaced: bool, prefix: bool) -> str:
    check = 98 - int(bban + "252100") % 97
    digits = f"{check:02d}{bban}"
    text = " ".join([digits[:2]] + [digits[i:i + 4] for i in range(2, 26, 4)]) if spaced else digits
    return "PL" + text if prefix else text


iban_values = st.builds(_iban_from, st.text("0123456789", min_size=24, max_size=24), st.booleans(),
                        st.booleans())

SENTENCES = (
    "Dzień dobry, mój PESEL to {v}, gdzie jest moja paczka?",
    "Proszę o kontakt pod numerem {v} w sprawie zwrotu towaru.",
    "Zwrot pieniędzy proszę przelać na konto {v}, dziękuję.",
    "Ile kosztuje dostawa kurierem? Mój e-mail: {v}",
    "Reklamację złożyłem wczoraj, odpowiedź proszę wysłać na {v} albo zadzwonić.",
    "{v} — to moje dane, czy paczkomat jest czynny w weekend?",
)


@st.composite
def messages_with_pii(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A Polish customer message with 1-3 embedded values; returns (message, values)."""
    values = draw(st.lists(st.one_of(pesel_values, phone_values, email_values, iban_values), min_size=1,
                           max_size=3))
    parts = [draw(st.sampled_from(SENTENCES)).format(v=value) for value in values]
    return " ".join(parts), values


# Each value with the context words a real detector uses ("PESEL", "tel.", "nr konta").
IN_CONTEXT = {
    "pesel": ("Dzień dobry, mój PESEL to {v}, gdzie jest paczka?", "Podaję numer PESEL: {v}."),
    "phone": ("Proszę o kontakt pod numerem telefonu {v} w sprawie zwrotu.", "Mój tel. {v}, dziękuję."),
    "email": ("Mój e-mail: {v}", "Odpowiedź proszę wysłać na {v} albo zadzwonić."),
    "iban": ("Zwrot proszę przelać na konto {v}, dziękuję.", "Nr konta do zwrotu: {v}."),
}
_VALUES = {"pesel": pesel_values, "phone": phone_values, "email": email_values, "iban": iban_values}


@st.composite
def messages_in_context(draw: st.DrawFn) -> tuple[str, list[str]]:
    """Like :func:`messages_with_pii`, each value introduced by its own context words."""
    kinds = draw(st.lists(st.sampled_from(sorted(IN_CONTEXT)), min_size=1, max_size=3))
    values = [draw(_VALUES[kind]) for kind in kinds]
    parts = [draw(st.sampled_from(IN_CONTEXT[kind])).format(v=value) for kind, value in zip(kinds, values,
                                                                                              strict=True)]
    return " ".join(parts), values
