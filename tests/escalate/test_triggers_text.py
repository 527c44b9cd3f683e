"""Folding once for the triggers (pomocbot.escalate.triggers.text) and fixing typos (triggers.typos)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pomocbot.config import EscalationConfig
from pomocbot.escalate import lexicon, triggers
from pomocbot.escalate.triggers import text as text_module
from pomocbot.escalate.triggers.text import FoldedMessage, fold_squeezing_runs
from pomocbot.escalate.triggers.typos import TYPO_TARGETS, fix_typos

pytestmark = pytest.mark.unit

CONFIG = EscalationConfig()


# (text, folded by the lexicon: same length, folded for the triggers: letter runs shortened)
FOLDINGS = [
    # diacritics and case
    ("CHCĘ ROZMAWIAĆ Z CZŁOWIEKIEM", "chce rozmawiac z czlowiekiem", "chce rozmawiac z czlowiekiem"),
    # leetspeak inside a word, not a number on its own
    ("kurw@, d3bile, od 3 dni", "kurwa, debile, od 3 dni", "kurwa, debile, od 3 dni"),
    # a stretched word: only the triggers' folding shortens it
    ("człowiekaaaa!!!", "czlowiekaaaa!!!", "czlowieka!!!"),
    # a double letter stays
    ("zaangażować", "zaangazowac", "zaangazowac"),
]


@pytest.mark.parametrize(("text", "keeping_length", "squeezing_runs"), FOLDINGS)
def test_the_two_foldings(text: str, keeping_length: str, squeezing_runs: str) -> None:
    assert lexicon.fold_keeping_length(text) == keeping_length
    assert len(keeping_length) == len(text)
    assert fold_squeezing_runs(text) == squeezing_runs
    assert FoldedMessage.of(text).folded == squeezing_runs


def test_old_names_are_aliases() -> None:
    assert lexicon.fold_for_matching is lexicon.fold_keeping_length
    assert triggers.fold_for_matching is fold_squeezing_runs


def test_folded_message_is_frozen_and_folds_once() -> None:
    message = FoldedMessage.of("Daj konsultnata!")
    assert FoldedMessage.of(message) is message
    assert message == FoldedMessage("Daj konsultnata!")
    assert message.typo_fixed == "daj konsultant!"
    with pytest.raises(AttributeError):
        message.text = "inny"  # type: ignore[misc]


MESSAGES = [
    "Połącz mnie z konsultantem!",
    "Nie potrzebuję konsultanta, dzięki.",
    "Zmarł mój mąż, usuńcie jego dane, bo oddam sprawę do sądu.",
    "Jak się wypisać z newslettera?",
    "Jesteście bandą oszustów, pralka przyszła uszkodzona",
    "płatność ratami za zamówienie została odrzucona, co teraz?",
    "umarł mi kwiatek, to reklamacja?",
]


@pytest.mark.parametrize("message", MESSAGES)
def test_a_folded_message_gives_what_its_text_gives(message: str) -> None:
    folded = FoldedMessage.of(message)
    detect = triggers.detect_triggers
    assert detect(folded, [], config=CONFIG) == detect(message, [], config=CONFIG)
    for function in (triggers.is_information_question, triggers.names_a_person, triggers.addresses_someone,
                     triggers.order_issue):
        assert function(folded) == function(message)
    assert triggers.question_overlap(folded, "gdzie moja paczka") == triggers.question_overlap(
        message, "gdzie moja paczka")


@pytest.mark.parametrize("message", MESSAGES)
def test_nothing_folds_a_folded_message_again(message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    folded = FoldedMessage.of(message)
    calls: list[str] = []
    real = text_module.fold_squeezing_runs
    monkeypatch.setattr(text_module, "fold_squeezing_runs", lambda t: calls.append(t) or real(t))
    triggers.detect_triggers(folded, [], customer={"vip": True}, confidence=0.1, config=CONFIG)
    triggers.is_information_question(folded)
    triggers.names_a_person(folded)
    triggers.order_issue(folded)
    assert calls == []


# --- typos --------------------------------------------------------------------------------------
TYPOS = [
    # within the allowed distance: the key word's stem
    ("konsultnat", "konsultant"),
    ("konsultatna", "konsultant"),
    ("czlowek", "czlowiek"),
    ("pracowmika", "pracownik"),
    # already the stem with an ending, or too far away, or another word
    ("konsultantem", "konsultantem"),
    ("czlowiekiem", "czlowiekiem"),
    ("kontakt", "kontakt"),
    ("prosze", "prosze"),
    ("czekam", "czekam"),
]


@pytest.mark.parametrize(("word", "fixed"), TYPOS)
def test_fix_typos(word: str, fixed: str) -> None:
    assert fix_typos(f"daj {word} plz") == f"daj {fixed} plz"


def _levenshtein(a: str, b: str) -> int:
    """The textbook dynamic programme (what the module used before rapidfuzz)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _reference_fix(word: str) -> str:
    for target, allowed in TYPO_TARGETS:
        if word[:2] == target[:2] and not word.startswith(target) and (
                _levenshtein(word[: len(target)], target) <= allowed):
            return target
    return word


_NEAR_MISSES = st.sampled_from([t for t, _ in TYPO_TARGETS]).flatmap(
    lambda target: st.tuples(st.just(target[:2]), st.text("aeiklnorstuwcz", min_size=5, max_size=12)))


@settings(max_examples=300, deadline=None)
@given(_NEAR_MISSES)
def test_fix_typos_agrees_with_the_textbook_distance(parts: tuple[str, str]) -> None:
    word = "".join(parts)  # 7 to 14 letters opening like a key word: always a candidate
    assert fix_typos(word) == _reference_fix(word)
