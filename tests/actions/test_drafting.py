"""Questions and replies in the persona's register; every number from the result."""

from __future__ import annotations

import pytest

from pomocbot.actions import (
    act,
    ask_for,
    draft_reply,
    numbers_from_result_only,
    order_status_text,
    run_action,
)
from pomocbot.config import PersonaConfig
from pomocbot.drafting.persona import Persona, informal_forms

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("register, expected", [
    ("pan", "Proszę podać numer zamówienia (np. ZM-2026-001234) — znajdzie go Pan/Pani w e-mailu z "
            "potwierdzeniem zamówienia."),
    ("ty", "Podaj numer zamówienia (np. ZM-2026-001234) — znajdziesz go w e-mailu z potwierdzeniem "
           "zamówienia."),
    ("panstwo", "Prosimy podać numer zamówienia (np. ZM-2026-001234) — znajdą go Państwo w e-mailu z "
                "potwierdzeniem zamówienia."),
])
def test_missing_number_question_in_each_register(registry, register: str, expected: str) -> None:
    match = registry.match("Gdzie jest moja paczka?")
    assert ask_for(match, register) == expected
    persona = Persona(PersonaConfig(register=register))
    assert ask_for(match, persona) == ask_for(match, persona.config) == expected
    if register != "ty":
        assert informal_forms(expected) == []


def test_several_orders_are_asked_in_the_plural(registry) -> None:
    assert ask_for(registry.match("mam dwa zamówienia i żadne nie doszło"), "pan").startswith(
        "Proszę podać numery zamówień")


@pytest.mark.parametrize("register, account", [("pan", "Pana/Pani konta"), ("ty", "Twojego konta"),
                                               ("panstwo", "Państwa konta")])
def test_refusal_in_each_register(registry, register: str, account: str) -> None:
    outcome = run_action(registry.get("order_status"), {"order_number": "123"}, customer={"id": "K-1"})
    assert f"przypisane do {account}" in draft_reply(outcome, register)[0]


def test_reply_from_the_result_is_grounded(registry) -> None:
    outcome = run_action(registry.get("order_status"), {"order_number": "ZM-2026-001234"},
                         customer={"id": "K-1"})
    text, label = draft_reply(outcome, "pan")
    assert text.startswith("Według systemu zamówień zamówienie ZM-2026-001234 zostało wysłane 24 listopada "
                           "kurierem DPD; przewidywana dostawa: 26 listopada.")
    assert label == "system zamówień"
    assert numbers_from_result_only(text, outcome.result) == []


@pytest.mark.parametrize("claim, unbacked", [
    ("Zamówienie ZM-2026-001234 dotrze 27 listopada.", ["27 listopada"]),
    ("Zamówienie ZM-2026-009999 zostało wysłane.", ["ZM-2026-009999"]),
    ("Numer przesyłki: 00340434161234567899.", ["00340434161234567899"]),
    ("Dostawa 26.11.2026, numer 00340434161234567890.", []),
    ("Adres dostawy: [ADRES_1].", []),
    ("Koszt dostawy 14,99 zł.", ["14,99 zł"]),
])
def test_numbers_from_result_only(claim: str, unbacked: list[str]) -> None:
    result = {"order_number": "ZM-2026-001234", "shipped_at": "2026-11-24", "expected_delivery": "2026-11-26",
              "tracking_number": "00340434161234567890", "delivery_address": "[ADRES_1]"}
    assert numbers_from_result_only(claim, result) == unbacked


@pytest.mark.parametrize("status, words", [
    ("nowe", "czeka na płatność"), ("opłacone", "przygotowujemy je do wysyłki"),
    ("dostarczone", "zostało dostarczone 26 listopada"), ("anulowane", "zostało anulowane"),
])
def test_each_status_has_a_sentence(status: str, words: str) -> None:
    dates = {"order_number": "ZM-2026-000001", "delivered_at": "2026-11-26", "placed_at": "2026-11-20"}
    text = order_status_text({**dates, "status": status})
    assert words in text and numbers_from_result_only(text, dates) == []


def test_failure_is_honest_and_hands_over(registry) -> None:
    registry.get("order_status").fn = lambda **kw: (_ for _ in ()).throw(RuntimeError("db down"))
    reply = act(registry.match("status zamówienia ZM-2026-001234"), customer={"id": "K-1"}, persona="pan")
    assert reply.text.startswith("Nie udało mi się teraz sprawdzić statusu zamówienia")
    assert reply.needs_escalation and reply.reason_code.value == "action_failed" and reply.citations == ()
    assert "db down" not in reply.text
