"""With the real Polish redactor and vault: a message's e-mail reaches the action, never the record."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from pomocbot import Assistant, AssistantConfig
from pomocbot.actions import ActionRegistry, act

pytestmark = [pytest.mark.integration, pytest.mark.slow]


class Sent(BaseModel):
    order_number: str
    customer_id: str
    sent_to: str


def test_real_redactor_and_vault() -> None:
    assistant = Assistant(AssistantConfig(privacy={"vault": True}))
    seen = []
    registry = ActionRegistry()

    @registry.action(intent="return_label", source="system zwrotów")
    def return_label(order_number: str, email: str) -> Sent:
        """Etykieta zwrotna."""
        seen.append(email)
        return Sent(order_number=order_number, customer_id="K-1", sent_to=email)

    redacted = assistant.redact("Proszę o etykietę zwrotną do zamówienia 1211 na ala.nowak@example.com",
                                "c-r").text
    assert "example.com" not in redacted
    reply = act(registry.match(redacted), customer={"id": "K-1"}, persona="pan",
                lookup=lambda t: assistant.vault.get("c-r", t),
                redact=lambda t: assistant.redact(t, "c-r").text)
    assert seen == ["ala.nowak@example.com"]
    assert "example.com" not in reply.records[0].model_dump_json()
    assert "ala.nowak@example.com" in assistant.vault.restore(reply.text, "c-r")
