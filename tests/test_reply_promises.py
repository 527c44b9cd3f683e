"""Replies keep their promises: a consultant is promised only when one is coming, and grief, danger
or an upset customer get words of their own, not the abstention boilerplate or an upsell (#13)."""

from __future__ import annotations

from datetime import datetime

import pytest

from pomocbot import Assistant, AssistantConfig

pytestmark = pytest.mark.unit

WEDNESDAY_10 = datetime(2026, 11, 4, 10, 0)   # consultants at work
SATURDAY_16 = datetime(2026, 11, 7, 16, 0)    # after Saturday's hours
SIGN_OFF = "Czy mogę jeszcze w czymś pomóc?"
BOILERPLATE = "Niestety nie znalazłem tej informacji"


def _assistant(make_assistant, small_kb, **escalation: object) -> Assistant:
    base = make_assistant()
    assistant = Assistant(AssistantConfig(escalation=escalation), embedder=base.embedder,
                          stemmer=base.index.stemmer)
    assistant.add_documents(small_kb)
    return assistant


def test_an_abstention_hands_over_with_a_handoff_when_configured(make_assistant, small_kb) -> None:
    reply = _assistant(make_assistant, small_kb, abstention_escalates=True).reply(
        "Czy wypożyczacie glebogryzarki na weekend?", conversation_id="glebogryzarka", now=WEDNESDAY_10)
    assert reply.abstained
    decision = reply.escalation
    assert decision.escalate and decision.handoff is not None
    assert [r.code for r in decision.reasons] == ["unanswered"] and decision.priority == "P4"
    assert "Przekazuję rozmowę konsultantowi, który zaraz dołączy." in reply.text
    assert SIGN_OFF not in reply.text  # a consultant takes over: the bot offers nothing more


def test_by_default_an_abstention_promises_nothing_and_offers_a_way(make_assistant, small_kb) -> None:
    assistant = _assistant(make_assistant, small_kb)
    first = assistant.reply("Czy wypożyczacie glebogryzarki na weekend?", conversation_id="g",
                            now=WEDNESDAY_10)
    assert first.abstained and not first.escalation.escalate
    assert BOILERPLATE in first.text and "przekaż" not in first.text.lower()
    assert "poprosić o rozmowę z konsultantem" in first.text
    # ... and the way offered works: asking for a consultant hands over
    second = assistant.reply("To poproszę konsultanta.", conversation_id="g", now=WEDNESDAY_10)
    assert second.escalation.escalate and second.escalation.handoff is not None


def test_without_escalation_there_is_no_promise_at_all(make_assistant, small_kb) -> None:
    reply = _assistant(make_assistant, small_kb, enabled=False).reply(
        "Czy wypożyczacie glebogryzarki na weekend?", now=WEDNESDAY_10)
    assert reply.abstained and reply.escalation is None
    assert BOILERPLATE in reply.text and "konsultant" not in reply.text.lower()


def test_crisis_reply_has_help_numbers_and_no_boilerplate(make_assistant, small_kb) -> None:
    reply = _assistant(make_assistant, small_kb).reply("nie chce mi się już żyć", now=SATURDAY_16)
    assert reply.escalation.priority == "P1"
    assert "112" in reply.text and "116 123" in reply.text
    assert BOILERPLATE not in reply.text and SIGN_OFF not in reply.text
    assert "Dzień dobry!" not in reply.text  # no cheerful exclamation before a crisis
    assert reply.text.index("112") < reply.text.index("konsultant")


def test_bereavement_reply_is_condolences_and_a_person(make_assistant, small_kb) -> None:
    reply = _assistant(make_assistant, small_kb).reply(
        "Zmarła moja mama, jak mogę zwrócić kurtkę, którą zamówiła?", now=WEDNESDAY_10)
    assert reply.escalation.priority == "P1"
    assert reply.text.splitlines()[-1].startswith("Bardzo mi przykro")
    assert BOILERPLATE not in reply.text and SIGN_OFF not in reply.text
    assert "[1]" not in reply.text  # no quoted return policy in a condolence


def test_an_upset_customer_who_asks_nothing_gets_an_apology_not_an_article(make_assistant, small_kb) -> None:
    reply = _assistant(make_assistant, small_kb).reply("Mam was dość, trzeci raz to samo!!!",
                                                       now=WEDNESDAY_10)
    assert reply.escalation.escalate
    assert "Przepraszam za kłopot" in reply.text and "[1]" not in reply.text
    assert BOILERPLATE not in reply.text and SIGN_OFF not in reply.text


def test_an_upset_question_keeps_its_answer(make_assistant, small_kb) -> None:
    reply = _assistant(make_assistant, small_kb).reply(
        "Kurwa, kurtka przyszła uszkodzona, ile mam dni na zwrot towaru?", now=WEDNESDAY_10)
    assert reply.escalation.escalate and not reply.abstained
    assert "14 dni" in reply.text and "Przekazuję rozmowę" in reply.text


def test_outside_hours_the_handover_sentence_is_idiomatic(make_assistant, small_kb) -> None:
    reply = _assistant(make_assistant, small_kb).reply("Chcę rozmawiać z człowiekiem.", now=SATURDAY_16)
    assert ("Przekazuję rozmowę konsultantowi. Teraz jesteśmy poza godzinami pracy, więc odezwie się "
            "w poniedziałek, 9 listopada, po 8:00.") in reply.text


def test_a_request_for_a_person_gets_the_handover_not_an_article(make_assistant, small_kb) -> None:
    reply = _assistant(make_assistant, small_kb).reply("Chcę rozmawiać z konsultantem.", now=WEDNESDAY_10)
    assert reply.escalation.escalate and "explicit_request" in [r.code for r in reply.escalation.reasons]
    assert "[1]" not in reply.text and "Przekazuję rozmowę konsultantowi" in reply.text
    assert BOILERPLATE not in reply.text  # no "I did not find that" for a request that was understood
