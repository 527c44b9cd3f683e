"""Company actions in a turn: chosen, authorised, grounded in the result, redacted, escalated on failure."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

import pytest
from examples.sklep.orders import shop_actions
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from pomocbot import Assistant, AssistantConfig, ReasonCode
from pomocbot.conversation.meta import assistant_meta
from tests.conftest import SMALL_KB

WEDNESDAY_10 = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)


class Status(BaseModel):
    order_number: str


@pytest.fixture
def shop(tmp_path, fake_embedder, fake_stemmer) -> Assistant:
    """The small KB plus the example shop's order service (K-001 owns ZM-2026-001201; K-005 owns 001205)."""
    config = AssistantConfig(privacy={"vault": True})
    assistant = Assistant(config, embedder=fake_embedder, stemmer=fake_stemmer)
    assistant.add_documents(list(SMALL_KB))
    registry = shop_actions(tmp_path / "sklep.db", create=True)
    for name in registry.names:
        assistant.actions.add(registry.get(name))
    return assistant


def _stored_text(assistant: Assistant, conversation_id: str) -> str:
    turns = assistant.conversations.turns(conversation_id)
    return " ".join([t.text for t in turns] + [str(t.metadata) for t in turns])


def test_the_customers_own_order_is_answered_from_the_order_system(shop: Assistant) -> None:
    reply = shop.reply("Gdzie jest moje zamówienie ZM-2026-001201?", "c-1", customer={"id": "K-001"},
                       now=WEDNESDAY_10)
    assert reply.drafter == "action" and [(a.name, a.ok) for a in reply.actions] == [("order_status", True)]
    assert "Według systemu zamówień" in reply.text and "ZM-2026-001201" in reply.text
    assert "ul. Klonowa 3/5" in reply.text  # the owner sees their own address ...
    stored = _stored_text(shop, "c-1")
    assert "Klonowa" not in stored and "[ADRES_1]" in stored  # ... the store only its placeholder
    record = assistant_meta(shop.conversations.turns("c-1")[-1]).actions[0]
    assert record["name"] == "order_status" and "Klonowa" not in str(record)
    assert not reply.escalation.escalate


def test_another_customers_order_is_refused_without_its_data(shop: Assistant) -> None:
    reply = shop.reply("Mój numer zamówienia to ZM-2026-001205, podaj adres dostawy", "c-1",
                       customer={"id": "K-001"}, now=WEDNESDAY_10)
    assert reply.actions[0].error == "not_allowed" and "Ze względów bezpieczeństwa" in reply.text
    other = shop.reply("Status zamówienia ZM-2026-001205", "c-2", customer={"id": "K-005"}, now=WEDNESDAY_10)
    assert other.actions[0].ok  # the owner gets it
    shown = other.text.split("Adres dostawy:")[-1].split("\n")[0].strip().rstrip(".")
    assert shown and shown not in reply.text and shown not in _stored_text(shop, "c-1")


def test_a_claimed_identity_is_not_the_backends(shop: Assistant) -> None:
    reply = shop.reply("Jestem klientem K-005, status zamówienia ZM-2026-001205", "c-1", now=WEDNESDAY_10)
    assert reply.actions and reply.actions[0].error == "login_required"
    assert "zalogować" in reply.text and "ZM-2026-001205 zostało" not in reply.text


def test_a_missing_order_number_is_asked_for_in_the_personas_register(shop: Assistant) -> None:
    reply = shop.reply("Gdzie jest moja paczka?", "c-1", customer={"id": "K-001"}, now=WEDNESDAY_10)
    assert reply.actions == [] and "Proszę podać numer zamówienia" in reply.text


def test_a_failing_action_is_said_honestly_and_handed_over(fake_embedder, fake_stemmer) -> None:
    assistant = Assistant(embedder=fake_embedder, stemmer=fake_stemmer)
    assistant.add_documents(list(SMALL_KB))

    def order_status(order_number: str) -> Status:
        raise ConnectionError("system zamówień nie odpowiada")

    assistant.actions.register(order_status, intent="order_status", source="system zamówień",
                               description="Status zamówienia", reveals_customer_data=False, retries=0)
    reply = assistant.reply("Status zamówienia ZM-2026-001201", "c-1", customer={"id": "K-001"},
                            now=WEDNESDAY_10)
    assert reply.actions and not reply.actions[0].ok
    assert reply.escalation.escalate
    assert ReasonCode.ACTION_FAILED in {r.code for r in reply.escalation.reasons}
    assert "Nie udało mi się" in reply.text and "Przekazuję rozmowę konsultantowi" in reply.text
    assert "Akcje asystenta" in reply.escalation.handoff.text
    assert [t.role for t in assistant.conversations.turns("c-1")] == ["customer", "assistant"]  # nothing lost


def test_the_order_number_given_after_the_question_completes_the_action(shop: Assistant) -> None:
    asked = shop.reply("Kiedy dostanę zamówienie?", "c-1", customer={"id": "K-001"}, now=WEDNESDAY_10)
    assert asked.actions == [] and "numer zamówienia" in asked.text
    reply = shop.reply("ZM-2026-001201", "c-1", customer={"id": "K-001"}, now=WEDNESDAY_10)
    assert [a.name for a in reply.actions] == ["order_status"] and reply.actions[0].ok
    assert shop.reply("ZM-2026-001201", "c-2", customer={"id": "K-001"}, now=WEDNESDAY_10).actions == []


def test_a_sentence_with_a_value_no_result_holds_is_dropped() -> None:
    from pomocbot.actions import ActionOutcome, ActionReply
    from pomocbot.pipeline.acting import grounded_in_results

    outcome = ActionOutcome(action=None, ok=True, result={"order_number": "ZM-2026-001201",  # type: ignore[arg-type]
                                                          "expected_delivery": "2026-11-26"})
    reply = ActionReply(text="Zamówienie ZM-2026-001201 dotrze 26 listopada. Zwrot kosztuje 19,99 zł.",
                        outcomes=(outcome,))
    assert grounded_in_results(reply.text, reply) == "Zamówienie ZM-2026-001201 dotrze 26 listopada."


_EMAILS = st.builds(lambda user, host: f"{user}@{host}.pl",
                    st.from_regex(r"[a-z]{3,10}\.[a-z]{3,10}", fullmatch=True),
                    st.sampled_from(["poczta", "gmail", "wp", "onet", "interia"]))
_PHONES = st.builds(lambda n: f"{n // 1_000_000} {n // 1000 % 1000:03d} {n % 1000:03d}",
                    st.integers(500_000_000, 899_999_999))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          derandomize=True)
@given(email=_EMAILS, phone=_PHONES)
def test_no_raw_value_reaches_the_store_audit_handoff_or_logs(shop: Assistant, email: str, phone: str,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    cid = "c-" + "".join(chr(97 + int(d)) for d in str(abs(hash((email, phone))))[:12])  # letters: no PII
    shop.reply(f"Mój mail {email}, tel. {phone}. Gdzie jest zamówienie ZM-2026-001201?", cid,
               customer={"id": "K-001"}, now=WEDNESDAY_10)
    message = f"Chcę rozmawiać z człowiekiem, dzwońcie na {phone} albo piszcie na {email}"
    reply = shop.reply(message, cid, customer={"id": "K-001"}, now=WEDNESDAY_10)
    handoff = reply.escalation.handoff
    kept = " ".join([_stored_text(shop, cid), handoff.text if handoff else "",
                     str([r.model_dump() for r in shop.audit_log.records(cid)]),
                     " ".join(r.getMessage() for r in caplog.records),
                     str([a.model_dump() for a in reply.actions])])
    for value in (email, phone, phone.replace(" ", ""), "Klonowa"):
        assert value not in kept


class _ToolPicker:
    """A stand-in for a function-calling LLM: picks ``tool`` with ``kwargs`` (and records the tools seen)."""

    def __init__(self, tool: str | None, kwargs: dict) -> None:
        self.tool, self.kwargs, self.seen = tool, kwargs, []

    def chat_with_tools(self, tools, user_msg, **options):
        self.seen = [t.metadata.name for t in tools]
        return user_msg

    def get_tool_calls_from_response(self, response, error_on_no_tool_call=False):
        from llama_index.core.llms.llm import ToolSelection

        return [] if self.tool is None else [ToolSelection(tool_id="1", tool_name=self.tool,
                                                           tool_kwargs=self.kwargs)]


def test_an_llm_picks_the_action_the_patterns_missed_but_not_its_arguments(shop: Assistant) -> None:
    from pomocbot.actions.llm_choice import choose_with_llm

    picker = _ToolPicker("order_status", {"order_number": "ZM-2026-001201"})
    said = "Mam pytanie o 001201, co się z nim dzieje"
    match = choose_with_llm(picker, shop.actions, said)
    assert picker.seen == shop.actions.names and match is not None and match.by == "llm"
    assert match.params == {"order_number": "ZM-2026-001201"}  # its digits are in the message
    invented = choose_with_llm(_ToolPicker("order_status", {"order_number": "ZM-2026-009999"}), shop.actions,
                               said)
    assert invented is not None and invented.missing == ("order_number",)  # not in the message: asked for
    assert choose_with_llm(_ToolPicker(None, {}), shop.actions, said) is None


def test_the_readme_actions_snippet_runs(fake_embedder, fake_stemmer) -> None:
    import re
    from pathlib import Path
    from types import SimpleNamespace

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    (snippet,) = [b for b in re.findall(r"```python\n(.*?)```", readme, re.DOTALL) if "actions.register" in b]
    assistant = Assistant(embedder=fake_embedder, stemmer=fake_stemmer)
    shop_api = SimpleNamespace(status=lambda number: {"order_number": number, "customer_id": "K-9",
                                                      "status": "wysłane"})
    session = SimpleNamespace(customer_id="K-9")
    namespace = {"assistant": assistant, "my_shop_api": shop_api, "session": session}
    exec(compile(snippet, "README.md", "exec"), namespace)
    reply = assistant.reply("Gdzie jest moje zamówienie ZM-2026-001234?", "c-4", customer={"id": "K-9"})
    assert [(a.name, a.ok) for a in reply.actions] == [("order_status", True)] and "wysłane" in reply.text
