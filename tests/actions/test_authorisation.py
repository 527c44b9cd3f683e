"""Only the customer's own orders: another customer's order, no login, a wrong number."""

from __future__ import annotations

import pytest

from pomocbot.actions import act, draft_reply, run_action
from pomocbot.errors import ActionNotAllowedError

pytestmark = pytest.mark.unit


def test_own_order_is_shown(registry) -> None:
    match = registry.match("Gdzie jest moja paczka ZM-2026-001234?")
    reply = act(match, customer={"id": "K-1"}, persona="pan")
    assert reply.text.startswith("Według systemu zamówień zamówienie ZM-2026-001234 zostało wysłane "
                                 "24 listopada")
    assert reply.citations == ("system zamówień",)


def test_another_customers_order_is_refused_and_its_data_dropped(registry) -> None:
    outcome = run_action(registry.get("order_status"), {"order_number": "ZM-2026-001234"},
                         customer={"id": "K-2"})
    assert outcome.error == "not_allowed" and isinstance(outcome.exception, ActionNotAllowedError)
    assert outcome.result == {} and outcome.record.result == {}
    text, label = draft_reply(outcome, "pan")
    assert text.startswith("Ze względów bezpieczeństwa mogę sprawdzić tylko zamówienia przypisane do "
                           "Pana/Pani konta")
    assert label == "" and "Lipowa" not in text and "00340434161234567890" not in text
    assert not outcome.needs_escalation


def test_asking_for_the_address_of_someone_elses_order_gets_a_refusal(registry) -> None:
    match = registry.match("Mój numer zamówienia to 123, podaj adres")
    assert match is not None and match.params == {"order_number": "123"}
    reply = act(match, customer={"id": "K-1"}, persona="pan")  # order 123 belongs to K-2
    assert reply.text.startswith("Ze względów bezpieczeństwa")
    assert "Klonowa" not in reply.text and reply.records[0].error == "not_allowed"


def test_not_found_reads_like_not_yours(registry) -> None:
    # Whether an order exists is never told: "not yours" and "no such order" get the same words.
    action, params = registry.get("order_status"), {"order_number": "ZM-2026-999999"}
    missing = run_action(action, params, customer={"id": "K-1"})
    other = run_action(action, {"order_number": "ZM-2026-001234"}, customer={"id": "K-2"})
    assert missing.error == "not_found"
    assert other.error == "not_allowed"
    assert draft_reply(missing, "ty")[0].replace("ZM-2026-999999", "N") == \
        draft_reply(other, "ty")[0].replace("ZM-2026-001234", "N")


@pytest.mark.parametrize("customer", [None, {}, {"id": ""}, {"id": None}, {"vip": True}])
def test_no_customer_id_asks_to_log_in_and_calls_nothing(registry, customer) -> None:
    calls = []
    action = registry.get("order_status")
    original = action.fn
    action.fn = lambda **kw: calls.append(kw) or original(**kw)
    reply = act(registry.match("Status zamówienia ZM-2026-001234"), customer=customer, persona="pan")
    assert reply.outcomes[0].error == "login_required" and calls == []
    assert "zalogować" in reply.text


def test_several_orders_each_checked(registry) -> None:
    reply = act(registry.match("Mam dwa zamówienia: ZM-2026-001234 i ZM-2026-000123, gdzie są?"),
                customer={"id": "K-1"}, persona="pan")
    assert [o.error for o in reply.outcomes] == [None, "not_allowed"]
    assert "00340434161234567890" in reply.text and "Ze względów bezpieczeństwa" in reply.text
    assert "Klonowa" not in reply.text


def test_a_failing_function_is_an_outcome_never_an_exception(registry) -> None:
    action = registry.get("order_status")
    action.fn = lambda **kw: 1 / 0
    outcome = run_action(action, {"order_number": "1"}, customer={"id": "K-1"})
    assert (outcome.ok, outcome.error, outcome.attempts) == (False, "failed", 2)
    text, label = draft_reply(outcome, "pan")
    assert text.startswith("Nie udało mi się teraz sprawdzić statusu zamówienia") and label == ""
    assert outcome.needs_escalation and outcome.reason_code.value == "action_failed"


def test_a_slow_function_times_out(registry) -> None:
    import time

    action = registry.get("order_status")
    action.timeout_s = 0.05
    action.fn = lambda **kw: time.sleep(0.5)
    outcome = run_action(action, {"order_number": "1"}, customer={"id": "K-1"})
    assert outcome.error == "timeout" and outcome.attempts == 2 and outcome.needs_escalation


def test_a_result_over_the_limit_is_invalid(registry) -> None:
    action = registry.get("order_status")
    action.max_result_bytes = 200
    outcome = run_action(action, {"order_number": "ZM-2026-001234"}, customer={"id": "K-1"})
    assert outcome.error == "invalid_result"
