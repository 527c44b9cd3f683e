"""clean_email on Polish mails: quote headers, signatures, disclaimers, MIME and charsets."""

from __future__ import annotations

import email
import email.policy

import pytest
from pydantic import ValidationError

from pomocbot.channels import CleanEmail, clean_email
from pomocbot.channels.email_input import decode_payload
from tests.channels.polish_emails import CASES, PROBLEMS

pytestmark = pytest.mark.unit


def test_at_least_thirty_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize(("name", "raw", "kept", "gone", "kinds"), CASES, ids=[c[0] for c in CASES])
def test_polish_mail(name, raw, kept, gone, kinds):
    mail = clean_email(raw)
    for words in kept:
        assert words in mail.text, (name, mail.text)
    for words in gone:
        assert words not in mail.text, (name, mail.text)
    assert {part.kind for part in mail.removed} == kinds, (name, mail.removed)
    if name in PROBLEMS:
        assert any(PROBLEMS[name] in p for p in mail.problems), mail.problems
    elif not name.startswith("html"):
        assert not mail.problems, mail.problems


def test_subject_is_decoded_and_message_object_accepted():
    raw = next(c for c in CASES if c[0] == "base64_part")[1]
    message = email.message_from_bytes(raw, policy=email.policy.default)
    mail = clean_email(message)
    assert mail.subject == "Reklamacja pralki"
    assert "pękniętą" in mail.text


def test_result_is_frozen_and_hides_removed_text_in_repr():
    mail = clean_email("Gdzie paczka?\n\nPozdrawiam\nJan Testowy, tel. 600 100 200")
    assert isinstance(mail, CleanEmail)
    with pytest.raises(ValidationError):
        mail.text = "x"  # type: ignore[misc]
    assert "600 100 200" not in repr(mail)


def test_undecodable_bytes_are_reported():
    text, problem = decode_payload(b"\x81\x98 zwrot", "utf-8")
    assert "zwrot" in text  # cp1250 reads any byte but 0x81/0x83/...: a fallback still gives the words
    assert problem is not None


def test_plain_body_without_headers():
    assert clean_email("Ile kosztuje dostawa?").text == "Ile kosztuje dostawa?"
