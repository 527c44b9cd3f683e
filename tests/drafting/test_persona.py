"""Persona phrases in three registers; the bot says it is a bot."""

from __future__ import annotations

import pytest

from pomocbot.config import PersonaConfig
from pomocbot.drafting.persona import Persona, informal_forms

pytestmark = pytest.mark.unit


def all_phrases(persona: Persona) -> str:
    return " ".join([persona.greeting(), persona.disclosure(), persona.sign_off(), persona.abstention(),
                     persona.other_language_notice("en"), persona.other_language_notice("pl")])


@pytest.mark.parametrize("register", ["pan", "panstwo"])
def test_formal_registers_have_no_ty_forms(register: str) -> None:
    assert informal_forms(all_phrases(Persona(PersonaConfig(register=register)))) == []


def test_formal_singular_addresses_pan_pani() -> None:
    assert "Pan/Pani" in all_phrases(Persona(PersonaConfig(register="pan")))


def test_plural_addresses_panstwo() -> None:
    phrases = all_phrases(Persona(PersonaConfig(register="panstwo")))
    assert "Państw" in phrases and "Pan/Pani" not in phrases


def test_informal_register_uses_ty_forms() -> None:
    phrases = all_phrases(Persona(PersonaConfig(register="ty")))
    assert informal_forms(phrases)
    assert "Pan/Pani" not in phrases and "Państw" not in phrases


def test_first_turn_greets_and_discloses_the_bot() -> None:
    persona = Persona(PersonaConfig(bot_name="Modrzewik", company_name="Modrzew"))
    text = persona.compose("Zwrot jest bezpłatny [1].", first_turn=True)
    assert text.startswith("Dzień dobry! Nazywam się Modrzewik i jestem automatycznym asystentem "
                           "sklepu Modrzew.")
    assert "Zwrot jest bezpłatny [1]." in text


def test_later_turns_skip_greeting_and_disclosure() -> None:
    text = Persona().compose("Zwrot jest bezpłatny [1].", first_turn=False)
    assert "Dzień dobry" not in text and "asystent" not in text


def test_disclosure_can_be_switched_off_and_phrases_overridden() -> None:
    persona = Persona(PersonaConfig(disclose_bot=False, greeting="Witamy w Modrzewiu!", sign_off=""))
    assert persona.compose("Treść [1].", first_turn=True) == "Witamy w Modrzewiu!\nTreść [1]."


def test_abstention_promises_a_consultant_only_when_asked() -> None:
    assert "konsultant" not in Persona().abstention()
    assert "konsultant" in Persona().abstention(handoff=True)


@pytest.mark.parametrize(("text", "forms"), [
    ("Masz 14 dni na zwrot.", ["Masz"]),
    ("Jeśli jesteś zalogowany, zobaczysz swoje zamówienia.", ["jesteś", "zobaczysz"]),
    ("Wyślemy Ci kod na Twój e-mail.", ["Ci", "Twój"]),
    ("Ma Pan/Pani 14 dni na zwrot.", []),
    ("Nasz kurier przyjedzie dziś, jakaś paczka czeka.", []),
    ("Zwrot jest bezpłatny.", []),
])
def test_informal_forms(text: str, forms: list[str]) -> None:
    assert informal_forms(text) == forms
