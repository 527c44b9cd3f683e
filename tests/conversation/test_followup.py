"""Follow-up resolution without an LLM (pomocbot.conversation.followup)."""

from __future__ import annotations

import functools
import time
from datetime import datetime, timedelta, timezone

import pytest

from pomocbot.conversation import ResolvedQuery, Turn, resolve_follow_up
from pomocbot.text.normalize import fold_diacritics
from tests.conftest import FakeStemmer

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
COURIER = "Ile kosztuje dostawa kurierem?"
COMPLAINT = "Jak złożyć reklamację?"


def _history(*customer: str) -> list[Turn]:
    """Customer questions, each answered by the assistant."""
    turns = []
    for i, text in enumerate(customer):
        at = T0 + timedelta(minutes=2 * i)
        turns.append(Turn(role="customer", text=text, at=at))
        answer_at = at + timedelta(seconds=5)
        turns.append(Turn(role="assistant", text="Odpowiedź z bazy wiedzy [1].", at=answer_at))
    return turns


def _folded(words: list[str]) -> set[str]:
    return {fold_diacritics(word.lower()) for word in words}


# (previous customer questions, message, carried words that must be there, words that must not)
FOLLOW_UPS = [
    # another delivery method replaces the previous one; topic and price are carried
    ((COURIER,), "a do paczkomatu?", ["dostawa", "kosztuje"], ["kurierem"]),
    ((COURIER,), "a do paczkomatu też?", ["dostawa", "kosztuje"], ["kurierem"]),
    ((COURIER,), "a do paczkomatu tez?", ["dostawa", "kosztuje"], ["kurierem"]),
    ((COURIER,), "A co z paczkomatem?", ["dostawa", "kosztuje"], ["kurierem"]),
    ((COURIER,), "Ile kosztuje paczkomat?", ["dostawa"], ["kurierem", "kosztuje"]),
    # a place or a time adds to the question, it replaces nothing
    ((COURIER,), "a za granicę?", ["dostawa", "kurierem", "kosztuje"], []),
    ((COURIER,), "a za granice?", ["dostawa", "kurierem", "kosztuje"], []),
    ((COURIER,), "a w weekend?", ["dostawa", "kurierem", "kosztuje"], []),
    # another attribute (time instead of price) replaces the asked attribute
    ((COURIER,), "a jak długo?", ["dostawa", "kurierem"], ["kosztuje"]),
    ((COURIER,), "a jak dlugo to trwa?", ["dostawa", "kurierem"], ["kosztuje"]),
    ((COURIER,), "Jak długo trwa dostawa?", ["kurierem"], ["kosztuje"]),
    # anaphora: "to", "tego", "tam", "też"
    ((COMPLAINT,), "ile to trwa?", ["reklamację"], []),
    ((COMPLAINT,), "A ile to kosztuje?", ["reklamację"], []),
    (("Jak zwrocic towar?",), "a ile to kosztuje?", ["zwrocic", "towar"], []),
    (("Czy mogę zwrócić buty kupione w promocji?",), "a ile mam na to czasu?", ["zwrócić", "buty"], []),
    (("Czy mogę zwrócić buty?",), "kurtkę też?", ["zwrócić"], []),
    (("Jak zmienić hasło?",), "a to działa też w aplikacji?", ["hasło"], []),
    (("Czy mogę odebrać zamówienie w sklepie stacjonarnym?",), "a czy tam zapłacę kartą?", ["sklepie"], []),
    # payment methods replace each other
    (("Czy mogę zapłacić blikiem?",), "a kartą?", ["zapłacić"], ["blikiem"]),
    (("Czy moge zaplacic blikiem?",), "i przelewem?", ["zaplacic"], ["blikiem"]),
    (("Czy mogę zapłacić przy odbiorze?",), "oraz kartą?", ["zapłacić", "odbiorze"], []),
    # a connective and one word of its own
    (("Gdzie jest moja paczka?",), "a kiedy przyjdzie?", ["paczka"], []),
    (("Czy wysyłacie do Niemiec?",), "a do Czech?", ["wysyłacie"], ["niemiec"]),
    (("Czy faktura przychodzi mailem?",), "a paragon?", ["przychodzi", "mailem"], ["faktura"]),
    (("Czy dostawa jest darmowa?",), "a przy zamówieniu za 300 zł?", ["dostawa", "darmowa"], []),
    # chains: the context of a follow-up carries on
    ((COURIER, "a do paczkomatu?"), "a w weekend?", ["dostawa", "paczkomatu", "kosztuje"], ["kurierem"]),
    ((COURIER, "a do paczkomatu?", "a w weekend?"), "a za granicę?", ["dostawa", "paczkomatu"], []),
]

# (previous customer questions, message): complete questions of their own, courtesy, no history
NOT_FOLLOW_UPS = [
    ((COURIER,), "Jak złożyć reklamację?"),
    ((COURIER,), "Jak zlozyc reklamacje?"),
    ((COURIER,), "A jak złożyć reklamację?"),
    ((COURIER,), "Gdzie jest moja paczka?"),
    ((COURIER,), "gdzie jest moja paczka"),
    ((COURIER,), "Czy mogę zapłacić kartą przy odbiorze?"),
    ((COURIER,), "Zamówiłem buty tydzień temu i do dziś nie przyszły, co się dzieje?"),
    ((COMPLAINT,), "Ile kosztuje paczkomat?"),
    ((COMPLAINT,), "Co to jest BLIK?"),
    ((COMPLAINT,), "Czy to prawda, że dostawa jest darmowa od 199 zł?"),
    ((COURIER,), "Dziękuję!"),
    ((COURIER,), "ok dzieki"),
    ((), "a do paczkomatu?"),
    ((), "Ile to kosztuje?"),
]


@pytest.fixture(scope="module")
def stem():
    """The fake stemmer with a cache, as the assistant's stemmer has."""
    return functools.lru_cache(maxsize=None)(FakeStemmer().stem)


@pytest.mark.unit
@pytest.mark.parametrize(("previous", "message", "carried", "replaced"), FOLLOW_UPS)
def test_follow_ups_carry_the_previous_topic(stem, previous, message, carried, replaced) -> None:
    resolved = resolve_follow_up(message, _history(*previous), stem)
    assert resolved.is_follow_up
    assert _folded(carried) <= _folded(resolved.carried_terms)
    assert not _folded(replaced) & _folded(resolved.carried_terms)
    # the new message comes first, the carried words after it
    assert resolved.text.startswith(message)
    assert resolved.text.endswith(" ".join(resolved.carried_terms))


@pytest.mark.unit
@pytest.mark.parametrize(("previous", "message"), NOT_FOLLOW_UPS)
def test_standalone_messages_are_searched_as_typed(stem, previous, message) -> None:
    resolved = resolve_follow_up(message, _history(*previous), stem)
    assert resolved == ResolvedQuery(text=message, is_follow_up=False, carried_terms=[])


@pytest.mark.unit
def test_the_new_words_are_weighted_by_repetition(stem) -> None:
    resolved = resolve_follow_up("a do paczkomatu?", _history(COURIER), stem)
    assert resolved.text == "a do paczkomatu? paczkomatu dostawa kosztuje"


@pytest.mark.unit
def test_assistant_turns_are_not_questions(stem) -> None:
    history = [Turn(role="assistant", text="Dostawa kurierem kosztuje 14,99 zł.", at=T0)]
    assert not resolve_follow_up("a do paczkomatu?", history, stem).is_follow_up


@pytest.mark.unit
def test_courtesy_between_questions_keeps_the_context(stem) -> None:
    resolved = resolve_follow_up("a do paczkomatu?", _history(COURIER, "Dziękuję"), stem)
    assert resolved.is_follow_up and "dostawa" in resolved.carried_terms


@pytest.mark.unit
def test_a_new_question_resets_the_context(stem) -> None:
    resolved = resolve_follow_up("a ile to trwa?", _history(COURIER, COMPLAINT), stem)
    assert "reklamację" in resolved.carried_terms and "kurierem" not in resolved.carried_terms


@pytest.mark.unit
def test_resolution_is_fast(stem) -> None:
    history = _history(COURIER, "a do paczkomatu?", "a w weekend?")
    cases = [(message, history) for _, message, _, _ in FOLLOW_UPS] + [
        (message, history) for _, message in NOT_FOLLOW_UPS
    ]
    for message, turns in cases:  # warm the stem cache
        resolve_follow_up(message, turns, stem)
    rounds = 20
    start = time.perf_counter()
    for _ in range(rounds):
        for message, turns in cases:
            resolve_follow_up(message, turns, stem)
    per_call = (time.perf_counter() - start) / (rounds * len(cases))
    # target 0.2 ms; the bound leaves room for a loaded CI machine
    assert per_call < 0.5e-3, f"{per_call * 1e3:.3f} ms per call"


@pytest.mark.integration
def test_the_table_holds_with_the_real_stemmer(polish_stemmer) -> None:
    for previous, message, carried, replaced in FOLLOW_UPS:
        resolved = resolve_follow_up(message, _history(*previous), polish_stemmer.stem)
        assert resolved.is_follow_up, message
        assert _folded(carried) <= _folded(resolved.carried_terms), (message, resolved.carried_terms)
        assert not _folded(replaced) & _folded(resolved.carried_terms), (message, resolved.carried_terms)
    for previous, message in NOT_FOLLOW_UPS:
        assert not resolve_follow_up(message, _history(*previous), polish_stemmer.stem).is_follow_up, message
