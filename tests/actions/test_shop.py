"""The example shop's order service and the WISMO suite's format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from examples.sklep.orders import CUSTOMERS, order_rows, shop_actions

from pomocbot.actions import act, numbers_from_result_only

pytestmark = pytest.mark.unit

SUITE = Path(__file__).resolve().parents[2] / "data" / "actions" / "wismo.jsonl"


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    registry = shop_actions(tmp_path_factory.mktemp("sklep") / "sklep.db", create=True)
    yield registry
    registry.close()


def test_seed_is_small_and_fictional() -> None:
    rows = order_rows()
    assert len(rows) == 30 and len(CUSTOMERS) == 10
    assert {r[2] for r in rows} == {"nowe", "opłacone", "wysłane", "dostarczone", "anulowane"}
    assert all(email.endswith("@example.com") for _, _, email, _ in CUSTOMERS)


@pytest.mark.parametrize("message, customer, starts", [
    ("Gdzie jest moja paczka ZM-2026-001201?", "K-001", "Według systemu zamówień zamówienie ZM-2026-001201 "
                                                          "zostało wysłane"),
    ("Proszę o etykietę zwrotną do zamówienia 1202", "K-002", "Według systemu zwrotów etykieta zwrotna"),
    ("Chcę zwrócić zamówienie 1201", "K-001", "Według systemu zwrotów etykiety zwrotnej do zamówienia "
                                               "ZM-2026-001201 nie można jeszcze wystawić"),
    ("Co z reklamacją RK-2026-000103?", "K-009", "Według systemu reklamacji reklamacja RK-2026-000103"),
    ("Status zamówienia 1201", "K-005", "Ze względów bezpieczeństwa"),
])
def test_shop_flows(shop, message: str, customer: str, starts: str) -> None:
    reply = act(shop.match(message), customer={"id": customer}, persona="pan")
    assert reply.text.startswith(starts)
    for outcome in reply.outcomes:
        if outcome.ok:
            assert numbers_from_result_only(reply.text, outcome.result) == []


def test_suite_format() -> None:
    rows = [json.loads(line) for line in SUITE.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 150
    assert {r["split"] for r in rows} == {"dev", "test"}
    assert len({r["id"] for r in rows}) == len(rows)
    names = {"order_status", "return_label", "complaint_status", None}
    for row in rows:
        assert row["expected_action"] in names and isinstance(row["message"], str) and row["tags"]
        assert row["expected_outcome"] in {"ok", "ask", "not_allowed", "not_found", "login_required", None}
        assert (row["expected_action"] is None) == (row["expected_outcome"] is None)
    assert sum(r["expected_action"] is None for r in rows) >= 40  # look-alikes that must not act
