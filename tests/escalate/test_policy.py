"""Escalation policy: priorities, queue routing, register and business-hours messages."""

from __future__ import annotations

from datetime import datetime

import pytest

from pomocbot.config import EscalationConfig, PersonaConfig
from pomocbot.escalate.policy import decide, priority_for, queue_for, topic_queue
from pomocbot.types import EscalationReason, FrustrationAssessment, FrustrationSignal

pytestmark = pytest.mark.unit

CONFIG = EscalationConfig()
PAN = PersonaConfig()
MONDAY_10 = datetime(2026, 11, 2, 10, 0)
SATURDAY_16 = datetime(2026, 11, 7, 16, 0)


def reasons(*codes: str, detail: str = "") -> list[EscalationReason]:
    return [EscalationReason(code=code, detail=detail) for code in codes]


def assessment(score: float, level: str = "zdenerwowany") -> FrustrationAssessment:
    signal = FrustrationSignal(kind="anger", weight=0.5, evidence="skandal")
    return FrustrationAssessment(score=score, level=level, signals=[signal], trend="rośnie")


@pytest.mark.parametrize(("codes", "expected"), [
    (["sensitive"], "P1"),
    (["sensitive", "abuse"], "P1"),
    (["legal_threat"], "P2"),
    (["abuse"], "P2"),
    (["explicit_request"], "P3"),
    (["complaint"], "P3"),
    (["data_protection"], "P3"),
    (["frustration"], "P3"),
    (["loop"], "P4"),
    (["repeated_abstention"], "P4"),
    (["low_confidence"], "P4"),
    (["loop", "vip"], "P3"),               # VIP moves one step up
    (["explicit_request", "high_value"], "P2"),
    (["legal_threat", "vip"], "P2"),
])
def test_priority(codes: list[str], expected: str) -> None:
    assert priority_for(codes) == expected


def test_furious_customer_is_p2() -> None:
    decision = decide([], assessment(0.95, "wściekły"), config=CONFIG, persona=PAN, now=MONDAY_10)
    assert decision.escalate and decision.priority == "P2"
    assert [r.code for r in decision.reasons] == ["frustration"]
    assert "skandal" in decision.reasons[0].evidence


def test_frustration_below_threshold_does_not_escalate() -> None:
    decision = decide([], assessment(0.3), config=CONFIG, persona=PAN, now=MONDAY_10)
    assert not decision.escalate and decision.customer_message == ""


@pytest.mark.parametrize(("codes", "hint", "expected"), [
    (["complaint"], None, "reklamacje"),
    (["data_protection"], "dostawa/kurier", "RODO"),
    (["legal_threat"], None, "reklamacje"),
    (["explicit_request"], "zwroty/formularz", "reklamacje"),
    (["explicit_request"], ["platnosci/blik"], "płatności"),
    (["explicit_request"], "Gdzie jest moja paczka?", "dostawa"),
    (["explicit_request"], "Nie mogę się zalogować na konto", "konto"),
    (["explicit_request"], "Faktura na firmę", "płatności"),
    (["loop"], "Dzień dobry", "ogólne"),
    (["loop"], None, "ogólne"),
])
def test_queue(codes: list[str], hint: object, expected: str) -> None:
    assert queue_for(reasons(*codes), CONFIG, hint) == expected  # type: ignore[arg-type]
    assert decide(reasons(*codes), None, config=CONFIG, persona=PAN, now=MONDAY_10,
                  queue_hint=hint).queue == expected  # type: ignore[arg-type]


def test_configured_queues_win() -> None:
    config = EscalationConfig(queues={"explicit_request": "VIP-desk"})
    assert queue_for(reasons("explicit_request"), config, "dostawa") == "VIP-desk"


def test_topic_queue_without_topic() -> None:
    assert topic_queue("") is None


@pytest.mark.parametrize(("register", "fragment"), [
    ("pan", "Nie musi Pan/Pani"),
    ("ty", "Nie musisz"),
    ("panstwo", "Nie muszą Państwo"),
])
def test_in_hours_message_in_register(register: str, fragment: str) -> None:
    decision = decide(reasons("explicit_request"), None, config=CONFIG,
                      persona=PersonaConfig(register=register), now=MONDAY_10)
    assert decision.customer_message.startswith("Przekazuję rozmowę konsultantowi, który zaraz dołączy.")
    assert fragment in decision.customer_message


@pytest.mark.parametrize(("now", "when"), [
    (SATURDAY_16, "w poniedziałek, 9 listopada, po 8:00"),
    (datetime(2026, 11, 2, 21, 0), "jutro (we wtorek, 3 listopada) po 8:00"),
    (datetime(2026, 11, 2, 6, 30), "dziś po 8:00"),
    (datetime(2026, 4, 6, 11, 0), "jutro (we wtorek, 7 kwietnia) po 8:00"),       # Easter Monday
    (datetime(2026, 5, 2, 15, 30), "w poniedziałek, 4 maja, po 8:00"),            # 3 May
    (datetime(2026, 11, 10, 21, 0), "w czwartek, 12 listopada, po 8:00"),         # 11 November
])
def test_outside_hours_promises_callback(now: datetime, when: str) -> None:
    message = decide(reasons("complaint"), None, config=CONFIG, persona=PAN, now=now).customer_message
    assert message.startswith("Przekazuję rozmowę konsultantowi. Teraz jesteśmy poza godzinami pracy")
    assert f"odezwie się {when}." in message
    assert "zaraz dołączy" not in message
    assert "pracują teraz poza godzinami" not in message  # the old, unidiomatic sentence


def test_self_harm_message_gives_help_numbers_first() -> None:
    decision = decide(reasons("sensitive", detail="zagrożenie samookaleczeniem — pilne"), None,
                      config=CONFIG, persona=PersonaConfig(register="ty"), now=SATURDAY_16)
    assert decision.priority == "P1"
    assert decision.customer_message.startswith("Jeśli jesteś w niebezpieczeństwie")
    assert "116 123" in decision.customer_message


def test_bereavement_message_has_condolences() -> None:
    decision = decide(reasons("sensitive", detail="żałoba"), None, config=CONFIG, persona=PAN, now=MONDAY_10)
    assert decision.customer_message.startswith("Bardzo mi przykro")


def test_reasons_sorted_most_severe_first() -> None:
    decision = decide(reasons("loop", "explicit_request", "legal_threat"), None,
                      config=CONFIG, persona=PAN, now=MONDAY_10)
    assert [r.code for r in decision.reasons] == ["legal_threat", "explicit_request", "loop"]


def test_disabled_reports_reasons_without_escalating() -> None:
    decision = decide(reasons("explicit_request"), None, config=EscalationConfig(enabled=False),
                      persona=PAN, now=MONDAY_10)
    assert not decision.escalate
    assert [r.code for r in decision.reasons] == ["explicit_request"]
    assert decision.handoff is None
