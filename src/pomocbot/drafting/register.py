"""A quoted "ty" sentence in the persona's register: "Masz 14 dni" becomes "Ma Pan/Pani 14 dni".

Help pages are often written to "ty"; a formal persona quoting them would mix
"Dzień dobry, Pan/Pani…" with "Masz…", "Napisz…", "Twoje zamówienie". The
extractive drafter quotes, so it converts the forms by grammar, with Morfeusz:

* a 2nd-person verb takes the 3rd person and the address after it:
  "możesz zwrócić" → "może Pan/Pani zwrócić", "jesteś" → "jest Pan/Pani"
  (formal plural: "mogą Państwo zwrócić");
* an imperative becomes "proszę" + infinitive: "napisz do nas" → "proszę
  napisać do nas" (plural: "prosimy"); the second of a row ("zaloguj się i
  kliknij") needs no second "proszę";
* a past form with "-eś"/"-aś": "zamówiłeś" → "zamówił(a) Pan/Pani";
* pronouns by case ("cię" → "Pana/Panią", "tobie" → "Panu/Pani", "z tobą" →
  "z Panem/Panią") and possessives ("Twoje zamówienie" → "Pana/Pani
  zamówienie").

A word Morfeusz does not read as a 2nd-person form is left as written; what
is left is still reported by :func:`pomocbot.drafting.persona.informal_forms`.

>>> from pomocbot.config import Register
>>> to_register("Masz 14 dni na zwrot. Napisz do nas, jeśli zamówiłeś zły rozmiar.", Register.PAN)
'Ma Pan/Pani 14 dni na zwrot. Proszę napisać do nas, jeśli zamówił(a) Pan/Pani zły rozmiar.'
>>> to_register("Twoje zamówienie wyślemy, gdy zaloguj się i kliknij.", Register.PANSTWO)
'Państwa zamówienie wyślemy, gdy prosimy zalogować się i kliknąć.'
"""

from __future__ import annotations

import re
from functools import lru_cache

from pomocbot.config import Register

__all__ = ["to_register"]

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_ADDRESS = {Register.PAN: "Pan/Pani", Register.PANSTWO: "Państwo"}
_PLEASE = {Register.PAN: "proszę", Register.PANSTWO: "prosimy"}
_PERSON_VERB = {Register.PAN: "fin:sg:ter", Register.PANSTWO: "fin:pl:ter"}
_BY_CASE = {
    Register.PAN: {"nom": "Pan/Pani", "acc": "Pana/Panią", "gen": "Pana/Pani", "dat": "Panu/Pani",
                   "inst": "Panem/Panią", "loc": "Panu/Pani"},
    Register.PANSTWO: {"nom": "Państwo", "acc": "Państwa", "gen": "Państwa", "dat": "Państwu",
                       "inst": "Państwem", "loc": "Państwu"},
}
_POSSESSIVE = {Register.PAN: "Pana/Pani", Register.PANSTWO: "Państwa"}
# Prepositions taking the genitive: "dla ciebie" is "dla Pana/Pani", not "dla Pana/Panią".
_GENITIVE_PREPOSITIONS = frozenset({"dla", "od", "do", "u", "bez", "obok", "koło", "wobec", "według",
                                    "oprócz"})
_VERBAL = frozenset({"fin", "impt", "praet", "inf", "bedzie", "aglt", "imps", "pcon", "pant", "ger", "pact",
                     "ppas", "winien", "pred"})
_PRONOUNS = frozenset({"cię", "ciebie", "tobie", "tobą", "ci"})
_POSSESSIVES = ("twój", "twoj", "twoi", "twe", "twym", "twego", "twemu")
_QUOTED = re.compile(r"„[^”\"]*[”\"]|\"[^\"]*\"|«[^»]*»")
_JOINERS = frozenset({"i", "oraz", "albo", "lub", "a", "potem", "następnie"})


@lru_cache(maxsize=50_000)
def _segments(word: str) -> tuple[tuple[int, int, str, str, str], ...]:
    # A help desk quotes the same pages all day: Morfeusz is asked once per word form.
    from pomocbot.text.morphology import default_morphology

    return tuple(default_morphology().segments(word))


@lru_cache(maxsize=20_000)
def _form_of(lemma: str, tag_prefix: str) -> str | None:
    from pomocbot.text.morphology import default_morphology

    return default_morphology().form_of(lemma, tag_prefix)


def _match_case(original: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if original[:1].isupper() else replacement


def to_register(text: str, register: Register | str) -> str:
    """``text`` with its "ty" forms in ``register`` (unchanged for ``ty``); see the module docstring."""
    register = Register(register)
    if register is Register.TY or not _WORD.search(text):
        return text
    return _converted_text(text, register)


@lru_cache(maxsize=20_000)
def _converted_text(text: str, register: Register) -> str:
    # The same knowledge-base answers are quoted again and again: convert each once.
    out: list[str] = []
    position = 0
    previous_word, after_imperative = "", False
    at_start = True  # only the text's first word starts a sentence without a mark before it
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    for match in _WORD.finditer(text):
        word, lower = match.group(), match.group().lower()
        gap = text[position:match.start()].strip()
        sentence_start = gap[-1] in ".!?:" if gap else at_start
        addressed = lower in _PRONOUNS or lower.startswith(_POSSESSIVES)  # "Ci", "Twój": capitals of address
        if any(a <= match.start() < b for a, b in quoted) or (
                word[0].isupper() and not sentence_start and not addressed):
            # a button or a menu item ("kliknij „Wyślij link”", "wybierz Zwróć") is named, not addressed
            replacement = None
        else:
            replacement = _converted(word, lower, previous_word, after_imperative, register)
        out.append(text[position:match.start()])
        if replacement is None:
            out.append(word)
            if lower not in _JOINERS and lower != "się":
                after_imperative = False
        else:
            out.append(replacement)
            after_imperative = replacement.endswith("\x00")
            if after_imperative:
                out[-1] = replacement[:-1]
        position = match.end()
        previous_word, at_start = lower, False
    out.append(text[position:])
    return "".join(out)


def _converted(word: str, lower: str, previous: str, after_imperative: bool,
               register: Register) -> str | None:
    """The replacement of one word, or None; an imperative's replacement ends with NUL (see caller)."""
    if lower.startswith(_POSSESSIVES):
        return _match_case(word, _POSSESSIVE[register])
    if lower == "ty":
        return _match_case(word, _BY_CASE[register]["nom"])
    readings = _segments(lower)  # "Masz" at a sentence start is also the genitive of "Masza"
    if not readings:
        return None
    last = max(end for _, end, *_ in readings)
    whole = [(lemma, tag) for start, end, _, lemma, tag in readings if start == 0 and end == last]
    tags = [tag for _, tag in whole]
    if lower in _PRONOUNS:
        cases = {tag.split(":")[2] for tag in tags if tag.startswith("ppron12:sg:") and ":sec" in tag}
        if not cases or (lower == "ci" and len(set(tags)) > 1 and previous in ("", "i")):
            return None  # "Ci klienci": the demonstrative, not "you"
        if previous in _GENITIVE_PREPOSITIONS and "gen" in cases:
            case = "gen"
        else:
            case = next(c for c in ("acc", "dat", "inst", "loc", "gen") if c in cases)
        return _match_case(word, _BY_CASE[register][case])
    verb = next(((lemma, tag) for lemma, tag in whole if tag.startswith(("fin:sg:sec", "impt:sg:sec"))), None)
    if verb is not None and all(tag.split(":", 1)[0] in _VERBAL for tag in tags) and not any(
            tag.startswith("inf") for tag in tags):  # "pobrać" is also the imperative of "pobracić"
        # only a verb: "lub" is also the imperative of "lubić", "ci" of nothing
        lemma, tag = verb
        if tag.startswith("fin"):
            form = _form_of(lemma, _PERSON_VERB[register])
            return f"{_match_case(word, form)} {_ADDRESS[register]}" if form else None
        infinitive = _form_of(lemma, "inf")
        if not infinitive:
            return None
        please = "" if after_imperative else _match_case(word, _PLEASE[register]) + " "
        return f"{please}{infinitive}\x00"
    past = [(lemma, tag) for start, end, _, lemma, tag in readings if start == 0 and end < last]
    agglutinate = any(tag.startswith("aglt:sg:sec") for start, _, _, _, tag in readings if start > 0)
    if past and agglutinate and past[0][1].startswith("praet:sg"):
        lemma = past[0][0]
        past_form = next(form for start, end, form, _, _ in readings if start == 0 and end < last)
        if register is Register.PANSTWO:
            form = _form_of(lemma, "praet:pl:m1")
            return f"{_match_case(word, form)} Państwo" if form else None
        masculine = _form_of(lemma, "praet:sg:m1") or past_form
        feminine = _form_of(lemma, "praet:sg:f")
        shown = f"{masculine}(a)" if feminine == masculine + "a" else f"{masculine}/{feminine}"
        return f"{shown} Pan/Pani"
    return None
