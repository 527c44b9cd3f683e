"""split_reply finds every phrase pomocbot's persona and escalation policy write."""

from __future__ import annotations

from datetime import datetime

import pytest

from pomocbot.channels.parts import is_handover_sentence, split_reply
from pomocbot.codes import ReasonCode
from pomocbot.config import EscalationConfig, PersonaConfig, Register
from pomocbot.drafting.persona import Persona
from pomocbot.escalate.policy import decide
from pomocbot.types import EscalationReason

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("register", list(Register))
@pytest.mark.parametrize("code", [ReasonCode.EXPLICIT_REQUEST, ReasonCode.SENSITIVE, ReasonCode.LEGAL_THREAT])
@pytest.mark.parametrize("now", [datetime(2026, 11, 4, 10, 0), datetime(2026, 11, 7, 22, 0)])
def test_every_handover_message_is_recognised(register, code, now):
    persona = PersonaConfig(register=register)
    decision = decide([EscalationReason(code=code)], None, config=EscalationConfig(), persona=persona,
                      now=now)
    assert decision.customer_message
    body = "Zwrot jest bezpłatny [1].\n" + decision.customer_message
    text = Persona(persona).compose(body, first_turn=True, sign_off=False)
    parts = split_reply(text, persona)
    assert parts.body == ["Zwrot jest bezpłatny [1]."]
    assert parts.handover == [decision.customer_message]


@pytest.mark.parametrize("register", list(Register))
def test_greeting_disclosure_and_sign_off(register):
    persona = PersonaConfig(register=register, company_name="Modrzew", bot_name="Ola")
    text = Persona(persona).compose("Tak.", first_turn=True)
    parts = split_reply(text, persona)
    assert parts.greeting and parts.disclosure.startswith("Nazywam się Ola")
    assert parts.body == ["Tak."] and parts.sign_off
    later = split_reply(Persona(persona).compose("Tak.", first_turn=False), persona)
    assert (later.greeting, later.disclosure, later.body) == ("", "", ["Tak."])


def test_notice_and_plain_text():
    persona = Persona()
    text = persona.compose("Tak.", first_turn=True, notice=persona.other_language_notice("en"))
    assert split_reply(text).notice.startswith("Odpowiadam po polsku")
    assert split_reply("Zwykły tekst.").body == ["Zwykły tekst."]
    assert not is_handover_sentence("Konsultanci pracują od 8:00.")
