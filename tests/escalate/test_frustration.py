"""Frustration per message and per conversation (pomocbot.escalate.frustration)."""

from __future__ import annotations

import time

import pytest

from pomocbot.codes import FrustrationLevel, Trend
from pomocbot.escalate.frustration import (
    assess_conversation,
    assess_message,
    frustration_level,
    score_message,
)

pytestmark = pytest.mark.unit

CALM = [
    # questions and thanks, with and without diacritics
    "Dzień dobry, gdzie jest moja paczka?",
    "dzien dobry, gdzie jest moja paczka",
    "Chciałabym zwrócić buty, są za małe.",
    "Czy mogę zapłacić BLIKIEM?",
    "Dziękuję bardzo, wszystko dotarło, polecam!",
    "dzieki, wszystko ok",
    "Proszę o fakturę, NIP podam w wiadomości.",
    # negation
    "Nie jestem zły, po prostu pytam o termin.",
    "Nie ma problemu, poczekam.",
    "Bez pretensji, rozumiem sytuację.",
    # redacted text: placeholders are not shouting
    "[OSOBA_1] z [ADRES_1] pyta o [NUMER_ZAMOWIENIA_1]",
    "Mam na imię [OSOBA_1], proszę o kontakt pod [TELEFON_1]",
]
FRUSTRATED = [
    # angry vocabulary, inflected
    "Jestem wkurzona, paczki nadal brak!",
    "wkurzyliscie mnie, to skandal",
    "To jest żenujące i niedopuszczalne.",
    "Beznadziejna obsługa, jestem rozczarowany.",
    # profanity, obfuscated
    "Gdzie jest ta k***a paczka?",
    "kurw@, znowu nic",
    "ch*j z wami",
    "j*bać taki sklep",
    "sp******ać z takim serwisem",
    # insults
    "Jesteście idiotami",
    "debile, banda oszustów",
    # sarcasm
    "Super, dzięki za nic.",
    "No brawo, znowu zgubiliście paczkę.",
    "Świetna obsługa, trzeci tydzień czekam i nadal nic.",
    "jasne, jasne, jutro wyślecie",
    # time pressure and churn
    "Trzeci raz piszę w tej sprawie!!",
    "Od tygodnia czekam na odpowiedź, ile można czekać?",
    "Rezygnuję, nigdy więcej nie zamówię u was.",
    "Odchodzę do konkurencji, usuwam konto.",
    # capitals and punctuation
    "GDZIE JEST MOJA PACZKA???",
    "DLACZEGO NIKT NIE ODPOWIADA?!",
]


@pytest.mark.parametrize("text", CALM)
def test_calm_messages_score_low(text: str) -> None:
    assert score_message(text) < 0.3
    assert frustration_level(score_message(text)) is FrustrationLevel.CALM


@pytest.mark.parametrize("text", FRUSTRATED)
def test_frustrated_messages_score_high(text: str) -> None:
    assert score_message(text) >= 0.3


@pytest.mark.parametrize(
    ("calm", "angry"),
    [
        ("gdzie jest paczka?", "gdzie jest paczka?!!!"),
        ("gdzie jest paczka", "GDZIE JEST PACZKA"),
        ("paczka nie doszła", "paczka nie doszła, skandal"),
        ("nie jestem zły", "jestem zły"),
        ("jestem wkurzony", "jestem wkurzony, k***a"),
    ],
)
def test_more_evidence_scores_higher(calm: str, angry: str) -> None:
    assert score_message(angry) > score_message(calm)


@pytest.mark.parametrize(
    ("text", "kind", "evidence"),
    [
        ("To SKANDAL", "negative", "SKANDAL"),
        ("no brawo wy", "sarcasm", "no brawo"),
        ("k***a mać", "profanity", "k***a"),
        ("ile można czekać?!", "punctuation", "?!"),
        ("NIKT MI NIE ODPOWIADA", "caps", "NIKT MI NIE ODPOWIADA"),
    ],
)
def test_signal_evidence_spans(text: str, kind: str, evidence: str) -> None:
    signals = [s for s in assess_message(text) if s.kind == kind]
    assert signals, kind
    assert text[signals[0].start : signals[0].end] == signals[0].evidence
    assert evidence in signals[0].evidence or signals[0].evidence in evidence


def test_placeholders_are_not_shouting() -> None:
    assert not [
        s for s in assess_message("[OSOBA_1] [ADRES_1] [TELEFON_1] proszę o kontakt") if s.kind == "caps"
    ]


def test_conversation_rises_and_falls() -> None:
    rising = assess_conversation(["Gdzie paczka?", "Nadal nic.", "TRZECI RAZ PISZĘ!!! Skandal."])
    assert rising.trend is Trend.RISING and rising.trend.label == "rośnie"
    assert rising.level in {FrustrationLevel.UPSET, FrustrationLevel.FURIOUS}
    assert len(rising.per_message) == 3
    assert {s.message for s in rising.signals} <= {0, 1, 2}
    falling = assess_conversation(["To skandal, oszuści!!!", "Dobrze, dziękuję za pomoc."])
    assert falling.trend is Trend.FALLING
    assert falling.score < rising.score
    steady = assess_conversation(["Gdzie paczka?", "A kiedy przyjdzie?"])
    assert steady.trend is Trend.STABLE
    assert steady.level is FrustrationLevel.CALM and steady.level.label == "spokojny"


def test_repeated_message_counts() -> None:
    once = assess_conversation(["Paczka nie dotarła do mnie wczoraj"])
    twice = assess_conversation(["Paczka nie dotarła do mnie wczoraj", "Paczka nie dotarła do mnie wczoraj"])
    assert any(s.kind == "repeat" for s in twice.signals)
    assert twice.score > once.score


def test_empty_conversation_is_calm() -> None:
    a = assess_conversation([])
    assert a.level is FrustrationLevel.CALM and a.per_message == [] and a.trend is Trend.STABLE


def test_fast_enough() -> None:
    text = "Od tygodnia czekam na paczkę, TRZECI RAZ PISZĘ!!! Nie jestem zły, ale ile można czekać? " * 2
    score_message(text)
    start = time.perf_counter()
    for _ in range(200):
        score_message(text)
    assert (time.perf_counter() - start) / 200 < 0.003  # generous bound for slow CI; benchmark measures p50


def test_levels_are_codes_with_polish_labels_and_old_labels_still_load() -> None:
    """Machine values are English codes; the Polish words are labels, accepted on input (older stores)."""
    from pomocbot.types import FrustrationAssessment

    old = FrustrationAssessment.model_validate({"score": 0.9, "level": "wściekły", "trend": "rośnie"})
    assert old.level is FrustrationLevel.FURIOUS and old.trend is Trend.RISING
    assert old.model_dump(mode="json")["level"] == "furious" and old.level.label == "wściekły"
    assert [level.label for level in FrustrationLevel] == ["spokojny", "zniecierpliwiony", "zdenerwowany",
                                                           "wściekły"]
