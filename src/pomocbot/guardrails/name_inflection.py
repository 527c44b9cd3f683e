"""The grammar of a person's name in a sentence, and a replacement name in the same form (Morfeusz 2).

"w imieniu Anny Kowalskiej" is a genitive singular feminine; a pseudonym must
be one too ("w imieniu Marii Nowak"), or the sentence breaks and a reader (or
an LLM) sees that something was swapped. :func:`name_grammar` reads case,
number and gender from the name's own forms (their SGJP readings with the
``imię``/``nazwisko`` qualifiers), narrowed by a title before it ("panu",
"panią") and by the case a preposition before it takes ("dla" → genitive,
"z" → genitive or instrumental); :func:`inflect_name` puts a replacement
first name and surname into that form.

>>> grammar = name_grammar("Anny Kowalskiej", before="w imieniu")
>>> grammar.case, grammar.number, grammar.gender, grammar.parts
('gen', 'sg', 'f', ('first', 'last'))
>>> inflect_name(("Maria", "Nowak"), grammar)
'Marii Nowak'
>>> inflect_name(("Piotr", "Zieliński"), name_grammar("Zbyszkowi"))
'Piotrowi'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pomocbot.text.morphology import CASES, Morphology, Reading, default_morphology

__all__ = ["NameGrammar", "inflect_name", "name_grammar", "surname_kind"]

_TITLES = {
    "pan": {("nom", "m")},
    "pana": {("gen", "m"), ("acc", "m")},
    "panu": {("dat", "m"), ("loc", "m")},
    "panem": {("inst", "m")},
    "panie": {("voc", "m")},
    "pani": {("nom", "f"), ("gen", "f"), ("dat", "f"), ("loc", "f"), ("voc", "f")},
    "panią": {("acc", "f"), ("inst", "f")},
    "państwo": {("nom", "p")},
    "państwa": {("gen", "p"), ("acc", "p")},
    "państwu": {("dat", "p")},
    "państwem": {("inst", "p")},
}
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?")
# When the forms leave several cases open, the commoner reading wins (customer messages name people
# mostly as subjects, after "dla"/"od"/"u", or as objects).
_CASE_PRIOR = ("nom", "gen", "acc", "dat", "inst", "loc", "voc")


@dataclass(frozen=True)
class NameGrammar:
    """Case, number and gender of a name as it stands, and which parts it has ("first", "last")."""

    case: str = "nom"
    number: str = "sg"
    gender: str = "m"
    parts: tuple[str, ...] = ("first", "last")
    surname: str = "noun"  # "adj" for -ski/-cka surnames: the replacement keeps the type
    cases: frozenset[str] = frozenset()  # every case the forms leave open (with this number and gender)


def surname_kind(word: str) -> str:
    """``"adj"`` for an adjectival surname (Kowalski, Nowacka, Zawadzkim), else ``"noun"``.

    >>> [surname_kind(w) for w in ("Kowalski", "Nowackiej", "Zawadzkim", "Wysoccy", "Nowak", "Zaręba")]
    ['adj', 'adj', 'adj', 'adj', 'noun', 'noun']
    """
    return "adj" if _ADJECTIVAL.search(word.lower()) else "noun"


_ADJECTIVAL = re.compile(r"(?:s|c|dz)k(?:i|a|iego|iemu|im|imi|iej|ą|ich|ie)$|(?:s|c|dz)cy$")


def _name_readings(readings: tuple[Reading, ...]) -> list[Reading]:
    return [r for r in readings if (r.is_first_name or r.is_surname) and r.cases]


def _options(readings: list[Reading]) -> set[tuple[str, str, str]]:
    out = set()
    for r in readings:
        genders = {"f"} if "f" in r.genders else set()
        if r.genders & {"m1", "m2", "m3"}:
            genders.add("m")
        for case in r.cases:
            for number in r.numbers:
                for gender in genders or {"m", "f"}:
                    out.add((case, number, gender))
    return out


def name_grammar(name: str, before: str = "", morphology: Morphology | None = None) -> NameGrammar:
    """The grammar of ``name`` (the words of one person's name, a title allowed) after ``before``.

    Falls back to the nominative singular, and to the gender a first name's
    ending suggests, when the dictionary knows none of the words.
    """
    morph = morphology or default_morphology()
    words = [w.rstrip(".") for w in _WORD.findall(name)]
    title_options: set[tuple[str, str]] | None = None
    parts: list[str] = []
    candidates: set[tuple[str, str, str]] | None = None
    kinds: list[str] = []
    for word in words:
        low = word.lower()
        if low in _TITLES and not parts:
            title_options = _TITLES[low]
            continue
        readings = _name_readings(morph.analyse(word[:1].upper() + word[1:]))
        first = [r for r in readings if r.is_first_name]
        last = [r for r in readings if r.is_surname]
        is_first = bool(first) and (not parts or parts[-1] == "first") and (not last or not parts)
        parts.append("first" if is_first and len(word) > 1 else "last")
        options = _options(first if parts[-1] == "first" else last or readings)
        if parts[-1] == "last":
            kinds.append(surname_kind(word))
            if kinds[-1] == "noun" and not options:
                continue  # an unknown or uninflected surname tells nothing
        if options:
            candidates = options if candidates is None else (candidates & options) or candidates
    if candidates is None:
        candidates = {(case, "sg", g) for case in CASES for g in ("m", "f")}
    if "first" in parts:
        # One person: "Marie Dubois" is not the plural of Maria (families are surnames: "u Kowalskich");
        # with no singular reading the name is read as an undeclined foreign one.
        candidates = {c for c in candidates if c[1] == "sg"} or {
            (case, "sg", g) for case in CASES for g in ("m", "f")
        }
    if title_options is not None:
        narrowed = {
            c
            for c in candidates
            if (c[0], c[2]) in title_options or (c[1] == "pl" and (c[0], "p") in title_options)
        }
        candidates = narrowed or candidates
    context = _WORD.findall(before)
    if context and context[-1].lower().rstrip(".") in _TITLES:
        # "o panu [Lisie]": the title before the span tells gender and case; the preposition comes before it.
        if title_options is None:
            title = _TITLES[context[-1].lower().rstrip(".")]
            narrowed = {
                c for c in candidates if (c[0], c[2]) in title or (c[1] == "pl" and (c[0], "p") in title)
            }
            candidates = narrowed or candidates
        before = " ".join(context[:-1])
    preposition_cases = _preposition_cases(before, morph)
    if preposition_cases:
        candidates = {c for c in candidates if c[0] in preposition_cases} or candidates
    # A bare first name after a comma or at the start is more often a vocative only when the dictionary
    # says so; otherwise the prior decides.
    case, number, gender = min(
        candidates, key=lambda c: (c[1] != "sg", _gender_hint(words, c[2]), _CASE_PRIOR.index(c[0]))
    )
    open_cases = frozenset(c[0] for c in candidates if c[1] == number and c[2] == gender)
    return NameGrammar(
        case, number, gender, tuple(parts) or ("first",), "adj" if "adj" in kinds else "noun", open_cases
    )


def _gender_hint(words: list[str], gender: str) -> int:
    first = words[0].lower() if words else ""
    female = first.endswith("a") and first not in ("kuba", "barnaba", "bonawentura", "kosma")
    return 0 if (gender == "f") == female else 1


def _preposition_cases(before: str, morph: Morphology) -> set[str]:
    words = _WORD.findall(before)
    if not words:
        return set()
    last = words[-1].lower()
    if last == "imieniu":  # "w imieniu X" governs the genitive
        return {"gen"}
    cases: set[str] = set()
    for reading in morph.analyse(last):
        if reading.pos == "prep":
            fields = reading.tag.split(":")
            if len(fields) > 1:
                cases |= set(fields[1].split("."))
    return cases & set(CASES)


def inflect_name(
    replacement: tuple[str, str], grammar: NameGrammar, morphology: Morphology | None = None
) -> str:
    """``replacement`` (first name, surname; base forms for ``grammar.gender``) in ``grammar``'s form.

    Only the parts the original had are used ("Zbyszkowi" → a first name alone).
    A form the dictionary cannot give stays in its base form.
    """
    morph = morphology or default_morphology()
    first, last = replacement
    words = []
    for part in grammar.parts:
        if part == "first":
            words.append(_inflect(morph, first, grammar, "imię"))
            first = first  # a second first name repeats the same replacement's first name only once
        else:
            words.append(_inflect(morph, last, grammar, "nazwisko"))
    # "Jan Maria Rokita": one replacement first name per first-name slot would repeat it; keep one.
    deduplicated = [w for i, w in enumerate(words) if i == 0 or w != words[i - 1]]
    return " ".join(deduplicated)


def _inflect(morph: Morphology, lemma: str, grammar: NameGrammar, qualifier: str) -> str:
    if grammar.case == "nom" and grammar.number == "sg":
        return lemma
    gender = grammar.gender
    if qualifier == "nazwisko" and lemma.endswith("a") and surname_kind(lemma) == "noun":
        gender = "m"  # Zaręba, Kościuszko-type surnames: the dictionary lists them as masculine
    form = morph.inflect(lemma, case=grammar.case, number=grammar.number, gender=gender, qualifier=qualifier)
    if form is None and grammar.number == "pl":
        form = morph.inflect(lemma, case=grammar.case, number="sg", gender=gender, qualifier=qualifier)
    return form or lemma
