"""The fictional shop's order service over SQLite, and its three actions for the assistant.

``order_status``, ``return_label`` and ``complaint_status`` are plain typed functions
registered with :class:`pomocbot.actions.ActionRegistry`; each result names its owner
(``customer_id``) so the assistant shows it only to that customer.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from pomocbot.actions import ActionRegistry, order_status_text, polish_date

__all__ = ["ComplaintStatus", "OrderStatus", "ReturnLabel", "demo_actions", "normalise_order_number",
           "shop_actions"]

_FULL = re.compile(r"^(ZM|RK)-(\d{4})-(\d{4,7})$")
ORDER_NUMBER = Field(description="numer zamówienia", examples=["ZM-2026-001234"])


def normalise_order_number(value: str, prefix: str = "ZM") -> str:
    """"ZM-2026-001201" stays; bare digits "1201"/"001201" are this year's "ZM-2026-001201".

    >>> normalise_order_number("1201"), normalise_order_number("ZM-2026-001201")
    ('ZM-2026-001201', 'ZM-2026-001201')
    """
    value = value.strip().upper()
    if _FULL.match(value):
        return value
    digits = re.sub(r"\D", "", value)
    return f"{prefix}-2026-{int(digits):06d}" if digits and len(digits) <= 6 else value


class OrderStatus(BaseModel):
    order_number: str
    customer_id: str
    status: str = Field(description="status")
    placed_at: date
    shipped_at: date | None = None
    expected_delivery: date | None = None
    delivered_at: date | None = None
    cancelled_at: date | None = None
    carrier: str | None = None
    delivery_method: str | None = None
    tracking_number: str | None = None
    delivery_address: str


class ReturnLabel(BaseModel):
    order_number: str
    customer_id: str
    available: bool
    return_code: str | None = None
    carrier: str | None = None
    valid_until: date | None = None
    sent_to: str | None = None
    reason: str | None = None


class ComplaintStatus(BaseModel):
    case_number: str
    order_number: str
    customer_id: str
    status: str
    opened_at: date
    decision_due: date
    resolution: str | None = None


def return_label_text(result: dict[str, Any]) -> str:
    """The reply for a return label (impersonal, so it fits every register)."""
    number = result.get("order_number", "")
    if not result.get("available"):
        return (f"Według systemu zwrotów etykiety zwrotnej do zamówienia {number} nie można jeszcze "
                f"wystawić: "
                f"{result.get('reason') or 'zamówienie nie zostało dostarczone'}.")
    text = (f"Według systemu zwrotów etykieta zwrotna do zamówienia {number} jest gotowa: kod nadania "
            f"{result['return_code']} ({result['carrier']}), ważny do {polish_date(result['valid_until'])}.")
    if result.get("sent_to"):
        text += f" Etykietę wysłaliśmy na adres {result['sent_to']}."
    return text


def complaint_status_text(result: dict[str, Any]) -> str:
    """The reply for a complaint case."""
    lead = (f"Według systemu reklamacji reklamacja {result['case_number']} do zamówienia "
            f"{result['order_number']}")
    status = result.get("status")
    if status == "uznana":
        return f"{lead} została uznana: {result.get('resolution') or 'szczegóły w e-mailu'}."
    if status == "odrzucona":
        return f"{lead} została odrzucona: {result.get('resolution') or 'uzasadnienie w e-mailu'}."
    return (f"{lead} ma status: {status} (przyjęta {polish_date(result['opened_at'])}); decyzja najpóźniej "
            f"{polish_date(result['decision_due'])}.")


def shop_actions(db_path: str | Path, *, create: bool = False) -> ActionRegistry:
    """The shop's three actions over the SQLite file ``db_path`` (``create``: build it from the seed first).

    >>> import tempfile, os
    >>> registry = shop_actions(os.path.join(tempfile.mkdtemp(), "sklep.db"), create=True)
    >>> registry.names
    ['order_status', 'return_label', 'complaint_status']
    """
    from examples.sklep.orders.seed import create_shop_db

    path = Path(db_path)
    if create or not path.exists():
        create_shop_db(path)

    def connect() -> sqlite3.Connection:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        db.row_factory = sqlite3.Row
        return db

    def order_status(order_number: str = ORDER_NUMBER) -> OrderStatus | None:
        """Status zamówienia klienta: czy zostało wysłane, gdzie jest paczka, kiedy będzie dostawa."""
        with connect() as db:
            row = db.execute("SELECT * FROM orders WHERE number = ?",
                             (normalise_order_number(order_number),)).fetchone()
        if row is None:
            return None
        data = dict(row)
        data.pop("total_pln")
        return OrderStatus(order_number=data.pop("number"), **data)

    def return_label(order_number: str = ORDER_NUMBER, email: str | None = Field(
            None, description="adres e-mail zamówienia")) -> ReturnLabel | None:
        """Etykieta zwrotna (kod nadania) do zwrotu towaru z zamówienia klienta."""
        number = normalise_order_number(order_number)
        with connect() as db:
            order = db.execute("SELECT o.number, o.customer_id, o.status, c.email FROM orders o "
                               "JOIN customers c ON c.id = o.customer_id WHERE o.number = ?",
                               (number,)).fetchone()
            label = db.execute("SELECT * FROM return_labels WHERE order_number = ?", (number,)).fetchone()
        if order is None or (email is not None and email.strip().lower() != order["email"]):
            return None  # an e-mail that is not the order's finds nothing (no hint that the order exists)
        if label is None:
            return ReturnLabel(order_number=number, customer_id=order["customer_id"], available=False,
                               reason=f"zamówienie ma status „{order['status']}”, a etykietę wystawiamy po "
                                      "dostarczeniu")
        return ReturnLabel(order_number=number, customer_id=order["customer_id"], available=True,
                           return_code=label["return_code"], carrier=label["carrier"],
                           valid_until=label["valid_until"], sent_to=order["email"])

    def complaint_status(order_number: str = Field(description="numer zamówienia lub reklamacji",
                                                   examples=["ZM-2026-001234"])) -> ComplaintStatus | None:
        """Status reklamacji klienta: czy została rozpatrzona, jaka jest decyzja."""
        value = order_number.strip().upper()
        column = "case_number" if value.startswith("RK") else "order_number"
        key = value if value.startswith("RK") else normalise_order_number(value)
        with connect() as db:
            row = db.execute(f"SELECT k.*, o.customer_id FROM complaints k JOIN orders o ON o.number = "
                             f"k.order_number WHERE k.{column} = ?", (key,)).fetchone()
        return ComplaintStatus(**dict(row)) if row is not None else None

    registry = ActionRegistry()
    registry.register(order_status, intent="order_status", source="system zamówień",
                      task="sprawdzić statusu zamówienia", render=order_status_text,
                      examples=["Gdzie jest moja paczka?", "Kiedy dostanę zamówienie?", "Status zamówienia"])
    registry.register(return_label, intent="return_label", source="system zwrotów",
                      task="przygotować etykiety zwrotnej", render=return_label_text,
                      examples=["Proszę o etykietę zwrotną", "Chcę zwrócić zamówienie"])
    registry.register(complaint_status, intent="complaint_status", source="system reklamacji",
                      task="sprawdzić statusu reklamacji", render=complaint_status_text,
                      examples=["Co z moją reklamacją?", "Czy reklamacja została rozpatrzona?"])
    return registry


def demo_actions() -> ActionRegistry:
    """:func:`shop_actions` over a fresh seeded database in a temporary folder (demo, simulations)."""
    import tempfile

    return shop_actions(Path(tempfile.mkdtemp(prefix="sklep-")) / "sklep.db", create=True)
