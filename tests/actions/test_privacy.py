"""Personal values go from the vault to the action only; records and results hold placeholders."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from pomocbot.actions import Action, ActionRegistry, act, run_action
from pomocbot.guardrails.vault import Vault

pytestmark = pytest.mark.unit


class Sent(BaseModel):
    order_number: str
    customer_id: str
    sent_to: str
    phone: str


def _label_action(seen: list[dict]) -> Action:
    def return_label(order_number: str, email: str, phone: str | None = None) -> Sent:
        """Etykieta zwrotna wysłana na e-mail klienta."""
        seen.append({"email": email, "phone": phone})
        return Sent(order_number=order_number, customer_id="K-1", sent_to=email, phone=phone or "")

    return Action.from_function(return_label, intent="return_label", source="system zwrotów")


class _Redactor:
    """A stand-in for the Assistant's redactor: e-mails and phones become placeholders put in the vault."""

    EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
    PHONE = re.compile(r"\+?\d[\d ]{7,}\d")

    def __init__(self, vault: Vault, conversation: str) -> None:
        self.vault, self.conversation, self.tokens = vault, conversation, {}

    def __call__(self, text: str) -> str:
        for kind, pattern in (("EMAIL", self.EMAIL), ("TELEFON", self.PHONE)):
            def token(m, kind=kind):
                value = m.group(0)
                if value not in self.tokens:
                    same = sum(t.startswith(f"[{kind}_") for t in self.tokens.values())
                    self.tokens[value] = f"[{kind}_{same + 1}]"
                    self.vault.put(self.conversation, self.tokens[value], value)
                return self.tokens[value]
            text = pattern.sub(token, text)
        return text


def test_a_placeholder_is_resolved_only_for_the_action() -> None:
    vault, seen = Vault(), []
    vault.put("c-1", "[EMAIL_1]", "jan.przykladowy@example.com")
    vault.put("c-1", "[TELEFON_1]", "500 000 001")
    registry = ActionRegistry([_label_action(seen)])
    redact = _Redactor(vault, "c-1")
    match = registry.match("Proszę o etykietę zwrotną do zamówienia 1211 na [EMAIL_1], tel. [TELEFON_1]")
    assert match.params == {"order_number": "1211", "email": "[EMAIL_1]", "phone": "[TELEFON_1]"}
    reply = act(match, customer={"id": "K-1"}, persona="pan", lookup=lambda t: vault.get("c-1", t),
                redact=redact)
    assert seen == [{"email": "jan.przykladowy@example.com", "phone": "500 000 001"}]
    record = reply.records[0]
    assert record.parameters == {"order_number": "1211", "email": "[EMAIL_1]", "phone": "[TELEFON_1]"}
    assert record.result["sent_to"] == "[EMAIL_1]" and record.result["phone"] == "[TELEFON_1]"
    dumped = record.model_dump_json()
    assert "example.com" not in dumped and "500 000 001" not in dumped and "K-1" not in dumped
    assert "[EMAIL_1]" in reply.text  # the customer sees the value only when the pipeline restores the text
    assert "jan.przykladowy@example.com" in vault.restore(reply.text, "c-1")


def test_another_conversations_placeholder_is_not_resolved() -> None:
    vault, seen = Vault(), []
    vault.put("c-1", "[EMAIL_1]", "jan.przykladowy@example.com")
    outcome = run_action(_label_action(seen), {"order_number": "1", "email": "[EMAIL_1]"},
                         customer={"id": "K-1"}, lookup=lambda t: vault.get("c-2", t))
    assert outcome.error == "unresolved_parameter" and seen == [] and outcome.needs_escalation


_emails = st.from_regex(r"[a-z][a-z0-9._]{0,15}@[a-z]{2,10}\.(pl|com|eu)", fullmatch=True)
_phones = st.from_regex(r"[5-8]\d{2} \d{3} \d{3}", fullmatch=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(email=_emails, phone=_phones)
def test_no_raw_value_in_the_record(email: str, phone: str) -> None:
    vault, seen = Vault(), []
    redact = _Redactor(vault, "c-h")
    message = redact(f"Proszę o etykietę zwrotną do zamówienia 1211, mail {email}, tel. {phone}")
    registry = ActionRegistry([_label_action(seen)])
    reply = act(registry.match(message), customer={"id": "K-1"}, persona="pan",
                lookup=lambda t: vault.get("c-h", t), redact=redact)
    assert seen == [{"email": email, "phone": phone}]  # the action got the real values
    for record in reply.records:
        dumped = record.model_dump_json()
        assert email not in dumped and phone not in dumped
    assert email not in reply.text and phone not in reply.text
    assert email not in repr(reply.outcomes) and phone not in repr(reply.outcomes)
