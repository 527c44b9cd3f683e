"""Customer and answer rules: a VIP (``vip``), a big order (``high_value``), an unsure answer
(``low_confidence``).

These read the customer's metadata and the bot's confidence, not the message.
VIP and order value are modifiers: they lower the bar and raise the priority
(see :data:`pomocbot.codes.REASONS`).

>>> from pomocbot.config import EscalationConfig
>>> [r.evidence for r in customer_reasons({"vip": True, "order_value": "2 600,50 zł"}, None, None,
...                                        EscalationConfig())]
['vip', 'order_value=2600.50']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pomocbot.codes import ReasonCode
from pomocbot.config import EscalationConfig
from pomocbot.types import EscalationReason

__all__ = ["customer_reasons", "order_value"]


def order_value(customer: Mapping[str, Any]) -> float | None:
    """``customer["order_value"]`` in PLN as a number ("2 600,50 zł" too), ``None`` when absent or unreadable.

    >>> order_value({"order_value": "1\\u00a0200,00 zł"}), order_value({"order_value": "dużo"})
    (1200.0, None)
    """
    value = customer.get("order_value")
    if isinstance(value, str):
        value = value.replace(" ", "").replace("\u00a0", "").replace("zł", "").replace(",", ".")
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def customer_reasons(customer: Mapping[str, Any], confidence: float | None, abstained: bool | None,
                     config: EscalationConfig) -> list[EscalationReason]:
    """``vip``, ``high_value`` and ``low_confidence``, in that order, where they apply.

    ``confidence`` is the bot's confidence in its answer; an abstention is not an unsure answer.

    >>> [r.detail for r in customer_reasons({}, 0.1, False, EscalationConfig())]
    ['niska pewność odpowiedzi (0.10)']
    >>> customer_reasons({}, 0.1, True, EscalationConfig())
    []
    """
    reasons = []
    if customer.get("vip"):
        reasons.append(EscalationReason(code=ReasonCode.VIP, detail="klient oznaczony jako VIP",
                                        evidence="vip"))
    value = order_value(customer)
    if value is not None and value >= config.high_order_value:
        limit = config.high_order_value
        reasons.append(EscalationReason(code=ReasonCode.HIGH_VALUE,
                                        detail=f"wartość zamówienia {value:.2f} zł ≥ {limit:.0f} zł",
                                        evidence=f"order_value={value:.2f}"))
    if confidence is not None and not abstained and confidence < config.low_confidence_below:
        reasons.append(EscalationReason(code=ReasonCode.LOW_CONFIDENCE,
                                        detail=f"niska pewność odpowiedzi ({confidence:.2f})",
                                        evidence=f"confidence={confidence:.2f}"))
    return reasons
