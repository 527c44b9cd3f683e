"""A tiny order "backend" for the action tests: two customers, three orders (all made up)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel, Field

from pomocbot.actions import ActionRegistry, order_status_text


class OrderStatus(BaseModel):
    order_number: str
    customer_id: str
    status: str
    shipped_at: date | None = None
    expected_delivery: date | None = None
    carrier: str | None = None
    delivery_method: str | None = None
    tracking_number: str | None = None
    delivery_address: str | None = None


ORDERS = {
    "ZM-2026-001234": OrderStatus(order_number="ZM-2026-001234", customer_id="K-1", status="wysłane",
                                  shipped_at=date(2026, 11, 24), expected_delivery=date(2026, 11, 26),
                                  carrier="DPD", delivery_method="kurier",
                                  tracking_number="00340434161234567890",
                                  delivery_address="ul. Lipowa 12, 60-101 Poznań"),
    "ZM-2026-000123": OrderStatus(order_number="ZM-2026-000123", customer_id="K-2", status="wysłane",
                                  delivery_address="ul. Klonowa 3, 30-002 Kraków"),
}


def lookup_order(number: str) -> OrderStatus | None:
    key = number if number.startswith("ZM-") else f"ZM-2026-{int(number):06d}"
    return ORDERS.get(key)


@pytest.fixture
def registry() -> ActionRegistry:
    registry = ActionRegistry()

    @registry.action(intent="order_status", source="system zamówień", task="sprawdzić statusu zamówienia",
                     render=order_status_text, timeout_s=1.0)
    def order_status(order_number: str = Field(description="numer zamówienia",
                                               examples=["ZM-2026-001234"])) -> OrderStatus | None:
        """Status zamówienia klienta."""
        return lookup_order(order_number)

    yield registry
    registry.close()
