"""A fictional order service for the example shop: SQLite, seeded with 30 made-up orders, three actions.

>>> import tempfile, os
>>> registry = shop_actions(os.path.join(tempfile.mkdtemp(), "sklep.db"), create=True)
>>> from pomocbot.actions import run_action, draft_reply
>>> match = registry.match("Gdzie jest moja paczka ZM-2026-001201?")
>>> outcome = run_action(match.action, match.params, customer={"id": "K-001"})
>>> print(draft_reply(outcome, "pan")[0])  # doctest: +ELLIPSIS
Według systemu zamówień zamówienie ZM-2026-001201 zostało wysłane 4 listopada do paczkomatu InPost; ...
"""

from examples.sklep.orders.seed import CUSTOMERS, create_shop_db, order_rows
from examples.sklep.orders.service import (
    ComplaintStatus,
    OrderStatus,
    ReturnLabel,
    demo_actions,
    normalise_order_number,
    shop_actions,
)

__all__ = ["CUSTOMERS", "ComplaintStatus", "OrderStatus", "ReturnLabel", "create_shop_db", "demo_actions",
           "normalise_order_number", "order_rows", "shop_actions"]
