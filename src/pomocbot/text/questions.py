"""What kind of answer a Polish question expects: yes/no or a fact.

Polish marks a yes/no question with the particle "czy" ("Czy mogę zwrócić
buty?"), and a question for a fact with a question word ("jak", "ile",
"gdzie", "kiedy", "dlaczego", "jaki" …). A help-centre answer that opens with
"Tak" or "Nie" answers the first kind and hardly ever the second; retrieval
uses that as a prior (see :mod:`pomocbot.retrieval.index`). Colloquial yes/no
questions without "czy" ("Mogę zapłacić BLIK-iem?") get no prior either way.

>>> question_type("Dzień dobry, czy mogę zwrócić buty?")
'yes_no'
>>> question_type("A jak długo czeka się na zwrot pieniędzy?")
'wh'
>>> question_type("W jakim terminie rozpatrzycie reklamację?")
'wh'
>>> question_type("Mogę zapłacić BLIK-iem?")
'other'
>>> starts_with_yes_no("Tak, możesz to zrobić w panelu.")
True
"""

from __future__ import annotations

import re

from pomocbot.text.normalize import fold_diacritics

__all__ = ["expected_value_kinds", "question_type", "starts_with_yes_no"]

# Folded, lower-case. Forms of "jaki"/"który"/"czyj" in all cases and genders.
_WH_WORDS = frozenset(fold_diacritics(w) for w in """
    jak ile ilu gdzie kiedy dlaczego czemu skąd dokąd dokad którędy kto kogo komu kim co czego czemu czym
    jaki jaka jakie jakiego jakiej jakiemu jakim jaką jakich jakimi
    który która które którego której któremu którym którą których którymi
    czyj czyja czyje czyjego czyjej
""".split())
# A preposition may open a wh-question: "Do kiedy…", "W jakim terminie…", "Za ile…".
_PREPOSITIONS = frozenset("od do na w we o z ze za przez po u dla przy".split())
# Openers skipped before the first real word of the question.
_OPENERS = frozenset(fold_diacritics(w) for w in """
    a i to no więc wiec oraz ale hej halo witam witaj cześć czesc dzień dzien dobry dobry wieczór wieczor
    przepraszam proszę prosze pani panie pan państwo mam pytanie pytanko chciałbym chciałabym
    chciałem chciałam zapytać zapytac spytać spytac
""".split())
_WORD = re.compile(r"[^\W\d_]+")
_YES_NO_START = re.compile(r"^\W*(tak|nie)\b", re.IGNORECASE)


def question_type(text: str) -> str:
    """``"yes_no"`` (starts with "czy"), ``"wh"`` (starts with a question word) or ``"other"``.

    The question is the last clause ending in "?" when there is one, so a
    greeting or a story before it does not count.
    """
    clause = text
    if "?" in text:
        before = text[: text.rfind("?")]
        # The question starts after the previous sentence end (or comma-separated greeting).
        clause = re.split(r"[.!?\n]", before)[-1]
    for raw in _WORD.findall(clause.lower()):
        word = fold_diacritics(raw)
        if word in _OPENERS or word in _PREPOSITIONS:
            continue
        if word == "czy":
            return "yes_no"
        return "wh" if word in _WH_WORDS else "other"
    return "other"


def starts_with_yes_no(text: str) -> bool:
    """True when a passage opens with "Tak" or "Nie" (it answers a yes/no question)."""
    return bool(_YES_NO_START.match(text))


# What a question for a fact asks for, by its opening words (folded): a price,
# a time span or a date. Sentences stating a value of that kind answer it.
_EXPECTS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (re.compile(r"\b(ile|jaki[a-z]*|za ile)\b.{0,30}\b(kosztu|koszt|zaplac|oplat|cen[aey]|placi)"),
     frozenset({"amount"})),
    (re.compile(r"\b(kosztu|koszt|cena|oplata)\w*\b.{0,20}\b(ile|jak)"), frozenset({"amount"})),
    (re.compile(r"\b(jak dlugo|ile (dni|czasu|godzin|tygodni|miesiecy)|w jakim (czasie|terminie)|"
                r"po jakim czasie|jaki (jest )?(czas|termin)|ile trwa|ile czeka|ile mam)\b"),
     frozenset({"duration", "date"})),
    (re.compile(r"\b(kiedy|do kiedy|od kiedy|ktorego dnia|jakiego dnia)\b"),
     frozenset({"date", "duration", "time"})),
    (re.compile(r"\b(o ktorej|w jakich godzinach|godziny (pracy|otwarcia))\b"), frozenset({"time"})),
    (re.compile(r"\bile procent|jaki (jest )?rabat\b"), frozenset({"percent"})),
)


def expected_value_kinds(text: str) -> frozenset[str]:
    """Kinds of value (see :mod:`pomocbot.text.values`) that answer a question; empty when none.

    >>> sorted(expected_value_kinds("Ile kosztuje wysyłka do paczkomatu?"))
    ['amount']
    >>> sorted(expected_value_kinds("reklamacja - jak dlugo czekam na odpowiedz??"))
    ['date', 'duration']
    >>> expected_value_kinds("Jak złożyć reklamację?")
    frozenset()
    """
    folded = fold_diacritics(text.lower())
    kinds: set[str] = set()
    for pattern, expected in _EXPECTS:
        if pattern.search(folded):
            kinds |= expected
    return frozenset(kinds)
