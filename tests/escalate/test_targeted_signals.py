"""Escalation by mechanism, not by phrase (#13): anger with a target, irony marked next to a
complaint, and dying said of things. Each mechanism has its near-misses."""

from __future__ import annotations

import pytest

from pomocbot.config import EscalationConfig
from pomocbot.escalate.frustration import assess_message, score_message
from pomocbot.escalate.triggers import addresses_someone, detect_triggers

pytestmark = pytest.mark.unit

THRESHOLD = EscalationConfig().frustration_threshold


@pytest.mark.parametrize("message", [
    "kurwa mać, gdzie moja paczka",
    "ja pierdolę, znowu nie działa logowanie",
    "cholera jasna, kiedy w końcu dostanę zwrot?",
    "k***a, paczka nie dotarła",
    "Ch*j wie, co się dzieje z moim zamówieniem, dlaczego nadal nie wysłane",
])
def test_a_curse_next_to_a_problem_escalates(message: str) -> None:
    assert score_message(message) >= THRESHOLD
    assert "aimed" in {s.kind for s in assess_message(message)}


@pytest.mark.parametrize("message", [
    "kurwa",
    "kurwa, zapomniałem, jak się zmienia hasło",
    "zajebiście szybka dostawa, dzięki!",
    "kurewsko dobre buty, polecam",
])
def test_a_curse_without_a_problem_does_not(message: str) -> None:
    assert score_message(message) < THRESHOLD


@pytest.mark.parametrize("message", [
    "mam was dość",
    "wkurza mnie wasza aplikacja",
    "jestem zła na was, bo znowu to samo",
])
def test_anger_aimed_at_the_company_escalates(message: str) -> None:
    assert score_message(message) >= THRESHOLD


def test_contempt_for_the_company_weighs_more_than_the_word_alone() -> None:
    assert score_message("wasza obsługa to skandal") > score_message("to skandal") + 0.2


@pytest.mark.parametrize("message", [
    "jestem zła na siebie, pomyliłam rozmiar",
    "denerwuję się przed wyjazdem, czy paczka zdąży?",
])
def test_anger_without_us_as_its_target_does_not(message: str) -> None:
    assert score_message(message) < THRESHOLD


@pytest.mark.parametrize("message", [
    "jestem baaardzo zadowolona, paczka przyszła po miesiącu",
    "suuuper, „szybka” dostawa, czekam od tygodnia",
    "No po prostu świetnie, zamówienie dotarło dopiero po trzech tygodniach",
])
def test_praise_made_ironic_next_to_a_complaint_is_sarcasm(message: str) -> None:
    assert "sarcasm" in {s.kind for s in assess_message(message)}
    assert score_message(message) >= THRESHOLD
    # the tone model hears sarcasm as calm: a calm tone must not ease it below the threshold
    assert score_message(message, tone=0.05) >= THRESHOLD


@pytest.mark.parametrize("message", [
    "Jestem bardzo zadowolona, paczka przyszła po 2 dniach",
    "Suuuper, dziękuję za szybką wysyłkę!",
    "Bardzo dziękuję, wszystko dotarło w komplecie.",
])
def test_praise_without_a_complaint_stays_calm(message: str) -> None:
    assert score_message(message) < 0.3


def codes(message: str) -> list[str]:
    return [r.code for r in detect_triggers(message, [], config=EscalationConfig())]


@pytest.mark.parametrize("message", [
    "umarł mi kwiatek, to reklamacja?",
    "laptop nie żyje po tygodniu, co robić?",
    "telefon umarł po aktualizacji",
])
def test_dying_said_of_a_thing_is_no_bereavement(message: str) -> None:
    assert "sensitive" not in codes(message)


@pytest.mark.parametrize("message", [
    "umarł mi mąż, chcę zamknąć jego konto",
    "mama umarła w zeszłym tygodniu, co z jej zamówieniem?",
    "mój pies nie żyje, anulujcie subskrypcję karmy",
    "[OSOBA_1] nie żyje, co z zamówieniem?",
    "umarł wczoraj, a to było jego konto",
    "umarł mi kwiatek, a wczoraj zmarł mój tata",
])
def test_dying_said_of_a_person_or_a_pet_is(message: str) -> None:
    assert "sensitive" in codes(message)


@pytest.mark.parametrize(("message", "target"), [
    ("paczka nie doszła", False),
    ("zgubiłem hasło, nie mogę się zalogować", False),
    ("jesteście nienormalni", True),
    ("ten bot jest beznadziejny", True),
    ("co wy robicie z tymi paczkami", True),
])
def test_abuse_needs_a_target(message: str, target: bool) -> None:
    assert addresses_someone(message) is target
