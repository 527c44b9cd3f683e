"""Fake but well-formed Polish personal data, for the ``pseudonym`` redaction mode.

A pseudonym keeps the *shape* of what it replaces, so a downstream model still
reads "a PESEL", "a phone number", "a person": identifiers carry valid
checksums (a validator in a later step accepts them), numbers keep the
original's grouping, prefix and separators ("+48 600-100-200" stays
"+48 0dd-ddd-ddd"), names are Polish names. Values come from ``rng`` only — the
original is used for its shape (lengths, separators, prefixes), never copied —
so the caller decides determinism (the redactor seeds ``rng`` from a keyed hash
of the value and a per-conversation secret).

A pseudonym must never be taken for the customer's data, nor lead to a real
person: a consultant reading a handoff could call the number or send money to
the account. So:

* every pseudonym but a name (of a person, place or organisation) ends with a
  visible mark, " (fikcyjny)" (" (fikcyjna)" for a date), part of the token the
  vault maps back to the original;
* phone numbers start with 0 after the country prefix: since 2009 no Polish
  national number does (UKE numbering plan), so "012 345 678" reaches no one
  (a leading 0 then 8 digits is one digit short even as the old trunk prefix);
* PESELs encode a birth date in the 2200s (month + 60), valid for the checksum
  and for ``stdnum.pl.pesel`` but no living person's;
* account numbers have a bank number starting with 0: NBP gives banks 3-digit
  numbers from 101 and cooperative banks 4-digit ones starting 8 or 9, so a
  transfer reaches no bank;
* e-mail addresses are at example.com and IP addresses in the documentation
  ranges (RFC 2606, RFC 5737, RFC 3849), which reach no one either.

Checksums (the same ones the recognizers verify):

* PESEL: weights 1,3,7,9,1,3,7,9,1,3; check = (10 - sum mod 10) mod 10; the
  month carries the century (+80 for 1800s, +0 1900s, +20 2000s, ...).
* NIP: weights 6,5,7,2,3,4,5,6,7; check = sum mod 11 (10 is never valid).
* REGON: 9 digits weights 8,9,2,3,4,5,6,7; 14 digits 2,4,8,5,0,9,7,3,6,1,2,4,8;
  check = sum mod 11 mod 10.
* ID card (dowód): letters A=10 .. Z=35, weights 7,3,1,9,7,3,1,7,3 with the check
  digit 4th; the weighted sum is 0 mod 10.
* Passport: weights 7,3,9,1,7,3,1,7,3, check digit 3rd; the weighted sum is 0 mod 10.
* IBAN PL / NRB: ISO 13616 mod 97 (the rearranged number mod 97 is 1); the
  bank's 8-digit sorting code has its own check digit (weights 3,9,7,1,3,9,7).
* Card: Luhn.

>>> import random
>>> value = pseudonym("PESEL", "02070803628", random.Random(7))
>>> value.endswith(" (fikcyjny)"), len(unmarked(value)), unmarked(value)[2:4] > "60"
(True, 11, True)
>>> pseudonym("TELEFON", "+48 600-100-200", random.Random(7))[:5]
'+48 0'
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import replace

from pomocbot.text.normalize import fold_diacritics

__all__ = ["FICTITIOUS", "inflected_person", "person_identity", "pseudonym", "unmarked"]

_FIRST_MALE = ("Adam Bartosz Damian Dawid Filip Grzegorz Hubert Jakub Kamil Krzysztof Łukasz Maciej Marek "
               "Michał Paweł Piotr Rafał Szymon Tomasz Wojciech").split()
_FIRST_FEMALE = ("Agata Aleksandra Alicja Beata Dominika Ewa Gabriela Izabela Joanna Julia Karolina "
                 "Katarzyna Magdalena Małgorzata Marta Monika Natalia Paulina Weronika Zofia").split()
# (masculine, feminine) surname forms
_SURNAMES = tuple(
    (word, word[:-1] + "a" if word.endswith(("ski", "cki")) else word)
    for word in ("Nowak Wójcik Kowalczyk Lewandowski Zieliński Szymański Woźniak Dąbrowski Kozłowski "
                 "Jankowski Mazur Krawczyk Piotrowski Grabowski Pawłowski Michalski Król Wieczorek "
                 "Jabłoński Wróbel Majewski Olszewski").split()
)
_CITIES = ("Opole Kalisz Tarnów Płock Elbląg Legnica Gniezno Zamość Siedlce Przemyśl Suwałki Łomża Chełm "
           "Konin Piła Ełk Sanok Kutno Mielec Jasło").split()
_STREETS = ("Lipowa Klonowa Polna Leśna Słoneczna Krótka Szkolna Ogrodowa Łąkowa Brzozowa Kwiatowa "
            "Spacerowa Wiosenna Jesienna Cicha Sosnowa Akacjowa Różana").split()
_ORGANISATIONS = ("Przykładowa Firma sp. z o.o.", "Fikcyjny Handel S.A.", "Usługi Testowe s.c.",
                  "Zmyślona Spółdzielnia", "Pozorna Hurtownia sp. j.", "Modelowe Biuro sp. z o.o.")
_MONTHS = ("stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada "
           "grudnia").split()
# The mark after a pseudonym, by type ("data" is feminine); names get none (see the module docstring).
FICTITIOUS = "(fikcyjny)"
_MARKS = {"DATA_URODZENIA": "(fikcyjna)", "OSOBA": "", "MIEJSCE": "", "ORGANIZACJA": ""}
_MARKED = re.compile(r" \(fikcyjn[ya]\)$")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def _fill(template: str, digits: str, letters: str = "") -> str:
    """``template`` with its digits (and letters, when given) replaced in order; the rest kept."""
    n_digits = sum(ch.isdigit() for ch in template)
    n_letters = sum(ch.isalpha() for ch in template) if letters else 0
    if n_digits != len(digits) or n_letters != len(letters):
        return letters + digits
    digit_iter, letter_iter = iter(digits), iter(letters)
    out = []
    for ch in template:
        if ch.isdigit():
            out.append(next(digit_iter))
        elif letters and ch.isalpha():
            out.append(next(letter_iter))
        else:
            out.append(ch)
    return "".join(out)


def _pesel(rng: random.Random) -> str:
    # Born in the 2200s (month + 60): a valid PESEL of no one alive.
    month = rng.randrange(1, 13) + 60
    body = f"{rng.randrange(100):02d}{month:02d}{rng.randrange(1, 29):02d}{_digits(rng, 4)}"
    total = sum(w * int(d) for w, d in zip((1, 3, 7, 9, 1, 3, 7, 9, 1, 3), body, strict=True))
    return body + str((10 - total % 10) % 10)


def _nip(rng: random.Random) -> str:
    while True:
        body = str(rng.randrange(1, 10)) + _digits(rng, 8)
        check = sum(w * int(d) for w, d in zip((6, 5, 7, 2, 3, 4, 5, 6, 7), body, strict=True)) % 11
        if check != 10:
            return body + str(check)


def _regon(rng: random.Random, length: int) -> str:
    body = str(rng.randrange(1, 10)) + _digits(rng, 7)
    body += str(sum(w * int(d) for w, d in zip((8, 9, 2, 3, 4, 5, 6, 7), body, strict=True)) % 11 % 10)
    if length == 14:
        body += _digits(rng, 4)
        weights = (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)
        body += str(sum(w * int(d) for w, d in zip(weights, body, strict=True)) % 11 % 10)
    return body


def _nrb(rng: random.Random) -> str:
    """26 digits: IBAN check digits + bank sorting code (with its check digit) + 16-digit account."""
    sorting = "0" + _digits(rng, 6)  # a bank number starting with 0: no bank's
    weighted = sum(w * int(d) for w, d in zip((3, 9, 7, 1, 3, 9, 7), sorting, strict=True))
    sorting += str((10 - weighted % 10) % 10)
    bban = sorting + _digits(rng, 16)
    check = 98 - int(bban + "252100") % 97  # "PL00" moved to the end, P=25, L=21
    return f"{check:02d}{bban}"


def _luhn(rng: random.Random, length: int) -> str:
    body = "4" + _digits(rng, length - 2)
    total = 0
    for i, d in enumerate(reversed(body)):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return body + str((10 - total % 10) % 10)


def _checked(rng: random.Random, n_letters: int, n_digits: int, weights: tuple[int, ...],
             check_at: int) -> str:
    """Letters then digits, with the check digit at ``check_at`` making the weighted sum 0 mod 10."""
    chars = [rng.choice(_LETTERS) for _ in range(n_letters)] + list(_digits(rng, n_digits))
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in chars]
    rest = sum(w * v for i, (w, v) in enumerate(zip(weights, values, strict=True)) if i != check_at)
    # w(check_at) is 9 (== -1 mod 10) for both documents, so the check digit is the rest mod 10.
    chars[check_at] = str(rest % 10)
    return "".join(chars)


def _phone(original: str, rng: random.Random) -> str:
    digits = re.sub(r"\D", "", original)
    # A national number starting with 0 reaches no one; not "00", the international prefix.
    number = "0" + str(rng.randrange(1, 10)) + _digits(rng, 7)
    if len(digits) >= 9:
        return _fill(original, digits[:-9] + number)  # keep +48 / 0048 and the grouping
    return _fill(original, number[: len(digits)]) if digits else number


def person_identity(original: str, rng: random.Random, before: str = "") -> tuple[str, str, str]:
    """A replacement person for ``original`` (after the text ``before``): (first name, surname, gender).

    The gender and the surname's type (adjectival -ski/-cka or a noun) follow
    the original's, read from its forms with Morfeusz (:func:`name_grammar`), so
    every inflected form of the original can get the same form of the
    replacement. Where the original's form fits several cases ("Kasi": genitive,
    dative or locative), a replacement with one form for all of them is preferred
    ("Zofii"), so the sentence reads right whichever case it is.
    """
    from pomocbot.guardrails.name_inflection import inflect_name, name_grammar

    grammar = name_grammar(original, before)
    female = grammar.gender == "f"
    adjectival = [pair for pair in _SURNAMES if pair[0].endswith(("ski", "cki"))]
    nouns = [pair for pair in _SURNAMES if not pair[0].endswith(("ski", "cki"))]
    pool = adjectival if grammar.surname == "adj" else nouns
    choice = ("", "")
    for attempt in range(24):
        first = rng.choice(_FIRST_FEMALE if female else _FIRST_MALE)
        last = rng.choice(pool)[1 if female else 0]
        choice = (first, last)
        if len(grammar.cases) < 2 or attempt == 23:
            break
        forms = {inflect_name(choice, replace(grammar, case=case)) for case in grammar.cases}
        if len(forms) == 1:
            break
    return choice[0], choice[1], grammar.gender


def inflected_person(identity: tuple[str, str, str], original: str, before: str = "") -> str:
    """``identity`` (from :func:`person_identity`) in the case, number and parts of ``original``.

    >>> inflected_person(("Maria", "Nowak", "f"), "Anny Kowalskiej", before="w imieniu")
    'Marii Nowak'
    >>> inflected_person(("Piotr", "Zieliński", "m"), "panu Kowalskiemu")
    'panu Zielińskiemu'
    """
    from pomocbot.guardrails.name_inflection import _TITLES, inflect_name, name_grammar

    grammar = name_grammar(original, before)
    words = original.split()
    # A title inside the span ("panu Kowalskiemu") stays as it was written.
    title = words[0] if words and words[0].lower() in _TITLES and len(words) > 1 else ""
    name = inflect_name(identity[:2], grammar)
    if original.isupper():
        name = name.upper()
    elif original.islower():
        name = name.lower()
    return f"{title} {name}" if title else name


def _person(original: str, rng: random.Random) -> str:
    first, last, _ = person_identity(original, rng)
    return inflected_person((first, last, ""), original)


def _email(rng: random.Random) -> str:
    first = fold_diacritics(rng.choice(_FIRST_FEMALE + _FIRST_MALE)).lower()
    last = fold_diacritics(rng.choice(_SURNAMES)[0]).lower()
    return f"{first}.{last}{rng.randrange(10, 100)}@example.com"


def _address(original: str, rng: random.Random) -> str:
    match = re.match(r"\s*(ul\.|al\.|os\.|pl\.|ulica|aleja|osiedle|plac)\s*", original, re.IGNORECASE)
    prefix = match.group(1) if match else "ul."
    flat = f"/{rng.randrange(1, 60)}" if re.search(r"/|\bm\.", original) else ""
    return f"{prefix} {rng.choice(_STREETS)} {rng.randrange(1, 150)}{flat}"


def _postal(original: str, rng: random.Random) -> str:
    code = f"{rng.randrange(10, 100):02d}-{_digits(rng, 3)}"
    return f"{code} {rng.choice(_CITIES)}" if re.search(r"[^\W\d_]", original) else code


def _ip(original: str, rng: random.Random) -> str:
    if ":" in original:  # IPv6 documentation prefix (RFC 3849)
        return f"2001:db8::{rng.randrange(1, 0xFFFF):x}"
    net = rng.choice(("192.0.2", "198.51.100", "203.0.113"))  # documentation ranges (RFC 5737)
    return f"{net}.{rng.randrange(1, 255)}"


def _birth_date(original: str, rng: random.Random) -> str:
    year, month, day = rng.randrange(1950, 2008), rng.randrange(1, 13), rng.randrange(1, 29)
    iso = re.fullmatch(r"\s*\d{4}(\D)\d{1,2}\1\d{1,2}\s*", original)
    if iso:
        return f"{year}{iso.group(1)}{month:02d}{iso.group(1)}{day:02d}"
    dotted = re.search(r"\d{1,2}([./-])\d{1,2}\1\d{2,4}", original)
    if dotted:
        sep = dotted.group(1)
        return f"{day:02d}{sep}{month:02d}{sep}{year}"
    if re.search(r"[^\W\d_]", original):
        return f"{day} {_MONTHS[month - 1]} {year}"
    return f"{day:02d}.{month:02d}.{year}"


def _generic(original: str, rng: random.Random) -> str:
    out = []
    for ch in original:
        if ch.isdigit():
            out.append(str(rng.randrange(10)))
        elif ch.isalpha():
            letter = rng.choice(_LETTERS)
            out.append(letter if ch.isupper() else letter.lower())
        else:
            out.append(ch)
    return "".join(out)


def _digit_shaped(make: Callable[[random.Random], str]) -> Callable[[str, random.Random], str]:
    return lambda original, rng: _fill(original, make(rng))


_MAKERS: dict[str, Callable[[str, random.Random], str]] = {
    "PESEL": _digit_shaped(_pesel),
    "NIP": _digit_shaped(_nip),
    "REGON": lambda o, rng: _fill(o, _regon(rng, 14 if sum(c.isdigit() for c in o) == 14 else 9)),
    "NUMER_KONTA": _digit_shaped(_nrb),
    "KARTA": lambda o, rng: _fill(o, _luhn(rng, min(max(sum(c.isdigit() for c in o), 13), 19))),
    "DOWOD": lambda o, rng: _checked(rng, 3, 6, (7, 3, 1, 9, 7, 3, 1, 7, 3), 3),
    "PASZPORT": lambda o, rng: _checked(rng, 2, 7, (7, 3, 9, 1, 7, 3, 1, 7, 3), 2),
    "TELEFON": _phone,
    "EMAIL": lambda o, rng: _email(rng),
    "OSOBA": _person,
    "ADRES": _address,
    "KOD_POCZTOWY": _postal,
    "IP": _ip,
    "DATA_URODZENIA": _birth_date,
    "MIEJSCE": lambda o, rng: rng.choice(_CITIES),
    "ORGANIZACJA": lambda o, rng: rng.choice(_ORGANISATIONS),
}


def pseudonym(entity_type: str, original: str, rng: random.Random) -> str:
    """A fake value of ``entity_type`` shaped like ``original``, drawn from ``rng``.

    Unknown types get the original's shape with every letter and digit drawn
    at random. The result may by chance equal the original; the redactor
    draws again in that case. All but names end with the mark " (fikcyjny)"
    (:func:`unmarked` takes it off).

    >>> import random
    >>> pseudonym("NIP", "PL 123-456-32-18", random.Random(1))[:3]
    'PL '
    >>> pseudonym("EMAIL", "jan.kowalski@wp.pl", random.Random(1))
    'joanna.jablonski18@example.com (fikcyjny)'
    >>> pseudonym("OSOBA", "Anny Kowalskiej", random.Random(1)).endswith("skiej")
    True
    """
    value = _MAKERS.get(entity_type, _generic)(original, rng)
    mark = _MARKS.get(entity_type, FICTITIOUS)
    return f"{value} {mark}" if mark else value


def unmarked(value: str) -> str:
    """A pseudonym without its mark (the value in the original's shape).

    >>> unmarked("012 345 678 (fikcyjny)"), unmarked("Maria Nowak")
    ('012 345 678', 'Maria Nowak')
    """
    return _MARKED.sub("", value)
