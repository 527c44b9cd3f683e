"""Pseudonyms are unmistakably fake: marked "(fikcyjny)", unassigned numbers, a PESEL of no one alive."""

from __future__ import annotations

import random
import re

import pytest
from stdnum.pl import pesel

from pomocbot import Assistant, AssistantConfig
from pomocbot.guardrails import Redactor, Vault, pseudonym, simple_name_key
from pomocbot.guardrails.pseudonyms import FICTITIOUS, unmarked
from pomocbot.guardrails.recognizers.pl_phone import PlPhoneRecognizer
from tests.conftest import SMALL_KB
from tests.guardrails.fake_detector import FakeDetector, valid_iban, valid_pesel

pytestmark = pytest.mark.unit

PESEL = "02070803628"
PHONE = "601 234 567"
EMAIL = "jan.kowalski@wp.pl"
SEEDS = range(40)


# -- the mark ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("entity_type", "original", "mark"),
    [
        # identifiers and contacts: "numer ... (fikcyjny)", "adres ... (fikcyjny)"
        ("PESEL", PESEL, "(fikcyjny)"),
        ("TELEFON", "+48 601-234-567", "(fikcyjny)"),
        ("EMAIL", EMAIL, "(fikcyjny)"),
        ("NUMER_KONTA", "PL61 1090 1014 0000 0712 1981 2874", "(fikcyjny)"),
        ("KARTA", "4111 1111 1111 1111", "(fikcyjny)"),
        ("NIP", "123-456-32-18", "(fikcyjny)"),
        ("DOWOD", "ABA300000", "(fikcyjny)"),
        ("ADRES", "ul. Długa 5/3", "(fikcyjny)"),
        ("KOD_POCZTOWY", "00-950 Warszawa", "(fikcyjny)"),
        ("IP", "83.12.45.6", "(fikcyjny)"),
        ("NIEZNANY", "AB-12", "(fikcyjny)"),
        # "data" is feminine
        ("DATA_URODZENIA", "12.03.1985", "(fikcyjna)"),
    ],
)
def test_every_pseudonym_but_a_name_is_marked(entity_type: str, original: str, mark: str) -> None:
    for seed in range(10):
        fake = pseudonym(entity_type, original, random.Random(seed))
        assert fake.endswith(f" {mark}"), fake
        assert unmarked(fake) == fake.removesuffix(f" {mark}")


@pytest.mark.parametrize(("entity_type", "original"), [
    # names stay names: they inflect, and a name alone reaches no one
    ("OSOBA", "Jana Kowalskiego"),
    ("MIEJSCE", "Kraków"),
    ("ORGANIZACJA", "Nowak sp. z o.o."),
])
def test_names_carry_no_mark(entity_type: str, original: str) -> None:
    for seed in range(10):
        fake = pseudonym(entity_type, original, random.Random(seed))
        assert "fikcyjn" not in fake.replace("Fikcyjny Handel", "")
        assert unmarked(fake) == fake


# -- values that reach no one --------------------------------------------------------------------
@pytest.mark.parametrize("original", [PHONE, "+48 601-234-567", "0048601234567", "601234567", "22 555 12 34"])
def test_phone_pseudonyms_are_no_polish_number(original: str) -> None:
    recognizer = PlPhoneRecognizer()
    for seed in SEEDS:
        fake = unmarked(pseudonym("TELEFON", original, random.Random(seed)))
        national = re.sub(r"\D", "", fake)[-9:]
        # Since 2009 no Polish national number starts with 0; "00" would be the international prefix.
        assert national[0] == "0" and national[1] != "0", fake
        assert recognizer.invalidate_result(fake), fake  # pomocbot's own recognizer refuses it


def test_pesel_pseudonyms_are_valid_but_of_no_one_alive() -> None:
    for seed in SEEDS:
        fake = unmarked(pseudonym("PESEL", PESEL, random.Random(seed)))
        assert valid_pesel(fake) and pesel.is_valid(fake), fake  # still a well-formed PESEL downstream
        assert pesel.get_birth_date(fake).year >= 2200, fake


def test_account_pseudonyms_name_no_bank() -> None:
    for seed in SEEDS:
        fake = unmarked(pseudonym("NUMER_KONTA", "PL61 1090 1014 0000 0712 1981 2874", random.Random(seed)))
        digits = re.sub(r"\D", "", fake)
        assert valid_iban(fake), fake
        assert digits[2] == "0", fake  # NBP's bank numbers start with 1, 2 (banks), 8 or 9 (cooperative)


# -- through the redactor: consistent, reversible, never redacted twice ---------------------------
def test_redactor_shows_the_marks_and_the_vault_restores_the_originals() -> None:
    vault = Vault()
    redactor = Redactor(FakeDetector(), "pseudonym", vault=vault, name_key=simple_name_key)  # type: ignore[arg-type]
    message = f"PESEL {PESEL}, tel. {PHONE}, mail {EMAIL}, podpisano Jan Kowalski"
    first = redactor.redact(message, "c-1")
    fake_pesel, fake_phone, fake_email, fake_name = first.replacements
    for fake in (fake_pesel, fake_phone, fake_email):
        assert fake.endswith(f" {FICTITIOUS}") and fake in first.text
    assert FICTITIOUS not in fake_name
    assert redactor.redact(first.text, "c-1").text == first.text  # the marked values are not redacted again
    again = redactor.redact(f"Jeszcze raz: {PHONE} i {PESEL}", "c-1")
    assert again.text == f"Jeszcze raz: {fake_phone} i {fake_pesel}"
    assert vault.restore(first.text, "c-1") == message
    assert vault.restore(again.text, "c-1") == f"Jeszcze raz: {PHONE} i {PESEL}"


def test_real_detector_round_trip_and_handoff(fake_embedder, fake_stemmer) -> None:
    pytest.importorskip("pomocbot.guardrails.analyzer")
    config = AssistantConfig(privacy={"mode": "pseudonym", "vault": True})
    assistant = Assistant(config, embedder=fake_embedder, stemmer=fake_stemmer)
    assistant.add_documents(SMALL_KB)
    message = f"Proszę o kontakt z konsultantem. Mój PESEL to {PESEL}, telefon {PHONE}, e-mail {EMAIL}."
    redacted = assistant.redact(message, "c-1")
    assert [e.entity_type for e in redacted.entities] == ["PESEL", "TELEFON", "EMAIL"]
    assert all(fake.endswith(f" {FICTITIOUS}") for fake in redacted.replacements)
    assert PESEL not in redacted.text and "601" not in redacted.text and EMAIL not in redacted.text
    assert assistant.redact(redacted.text, "c-1").text == redacted.text
    assert assistant.vault is not None and assistant.vault.restore(redacted.text, "c-1") == message

    reply = assistant.reply(message, conversation_id="c-2")
    assert reply.escalation is not None and reply.escalation.escalate and reply.escalation.handoff
    handoff = reply.escalation.handoff.text
    assert PESEL not in handoff and EMAIL not in handoff and not re.search(r"601\D?234\D?567", handoff)
    # Whatever phone number the consultant reads there is one no one answers.
    for number in re.findall(r"(?<!\d)\d{3} \d{3} \d{3}(?!\d)", handoff):
        assert number.startswith("0"), handoff


def test_a_pseudonym_that_lost_its_mark_is_still_restored() -> None:
    from pomocbot.guardrails.vault import Vault

    vault = Vault()
    vault.put("c-mark", "+48 078-253-715 (fikcyjny)", "+48 601-234-567")
    restored = vault.restore("Oddzwonimy pod +48 078-253-715 (fikcyjny).", "c-mark")
    assert restored == "Oddzwonimy pod +48 601-234-567."
    # an LLM dropped the mark: the bare fake value still stands for the customer's number
    assert vault.restore("Oddzwonimy pod +48 078-253-715.", "c-mark") == "Oddzwonimy pod +48 601-234-567."
    assert vault.size("c-mark") == 1  # one value kept, under two spellings
