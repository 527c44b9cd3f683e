"""Polish frustration lexicons (pomocbot.escalate.lexicon)."""

from __future__ import annotations

import pytest

from pomocbot.escalate.lexicon import LEXICON, fold_for_matching, is_negated, unmask_profanity

pytestmark = pytest.mark.unit


def kinds_in(text: str) -> set[str]:
    folded = fold_for_matching(text)
    return {e.kind for e in LEXICON for m in e.pattern.finditer(folded)
            if not (e.negatable and is_negated(folded, m.start()))}


# (text, kind that must be found)
FOUND = [
    # stems take every case ending
    ("Jestem wkurzony", "anger"),
    ("wkurzyliście mnie", "anger"),
    ("To mnie zdenerwowało", "anger"),
    ("Co za skandal", "negative"),
    ("skandaliczne podejście", "negative"),
    ("żenujące", "negative"),
    ("zenada totalna", "negative"),
    ("beznadziejnie", "negative"),
    ("to jakiś dramat", "negative"),
    ("tragiczna obsługa", "negative"),
    ("kpina z klienta", "negative"),
    ("porażka", "negative"),
    ("fatalnie", "negative"),
    ("okropny kontakt", "negative"),
    ("jestem rozczarowana", "negative"),
    ("niedopuszczalne", "negative"),
    ("oszukaliście mnie", "negative"),
    ("nie polecam", "negative"),
    # profanity, plain, leet, no diacritics
    ("kurwa mać", "profanity"),
    ("kurw@", "profanity"),
    ("pierdolę to", "profanity"),
    ("spierdalajcie", "profanity"),
    ("zajebali mi paczkę", "profanity"),
    ("chujowa firma", "profanity"),
    ("gówno nie sklep", "profanity"),
    ("gowno", "profanity"),
    # insults
    ("idioci", "insult"),
    ("debile", "insult"),
    ("banda oszustów", "insult"),
    ("banda oszustow", "insult"),
    ("kretyni", "insult"),
    ("ty baranie", "insult"),
    # sarcasm
    ("super, dzięki za nic", "sarcasm"),
    ("no brawo", "sarcasm"),
    ("brawo wy", "sarcasm"),
    ("gratuluję", "sarcasm"),
    ("jasne, jasne", "sarcasm"),
    # time pressure
    ("trzeci raz piszę", "time_pressure"),
    ("piszę po raz kolejny", "time_pressure"),
    ("od tygodnia czekam", "time_pressure"),
    ("od dwóch tygodni", "time_pressure"),
    ("ile można czekać", "time_pressure"),
    ("wciąż nic", "time_pressure"),
    ("nadal brak", "time_pressure"),
    ("nadal brak odpowiedzi", "time_pressure"),
    # churn
    ("rezygnuję", "churn"),
    ("rezygnuje z usług", "churn"),
    ("nigdy więcej", "churn"),
    ("odchodzę do konkurencji", "churn"),
    ("ostatni raz u was", "churn"),
    ("usuwam konto", "churn"),
    ("usuńcie moje konto", "churn"),
]


@pytest.mark.parametrize(("text", "kind"), FOUND)
def test_found(text: str, kind: str) -> None:
    assert kind in kinds_in(text)


# negations and innocent look-alikes find nothing hostile
CALM = [
    "Nie jestem zły",
    "nie jestem zla",
    "Nie ma problemu",
    "bez pretensji",
    "żaden problem",
    "Nie ma tragedii",
    "Mistrz świata champion",
    "Złożyłem zamówienie",
    "Czy mogę złapać kuriera?",
    "Sukces, dotarło!",
    "Kanalizacja w łazience",
    "Głupio mi, pomyliłem adres",
    "Dzień dobry",
]


@pytest.mark.parametrize("text", CALM)
def test_calm(text: str) -> None:
    assert not kinds_in(text) & {"anger", "negative", "insult", "profanity", "complaint"}


@pytest.mark.parametrize(
    ("masked", "word"),
    [("k***a", "kurwa"), ("k**wa", "kurwa"), ("ch*j", "chuj"), ("j*bać", None), ("j*bac", "jebac"),
     ("sp******ac", "spierdalac"), ("p*******ony", "pierdolony"), ("***", None), ("m***a", None),
     ("zam*wienie", None)],
)
def test_unmask(masked: str, word: str | None) -> None:
    assert unmask_profanity(masked) == word


def test_fold_keeps_length_and_reads_leet() -> None:
    for text in ["Żółć GĘŚLĄ", "k0nt0 d3bile", "od 3 dni", "kurw@ m@ć"]:
        assert len(fold_for_matching(text)) == len(text)
    assert fold_for_matching("od 3 dni") == "od 3 dni"
    assert fold_for_matching("d3b1l") == "debil"
