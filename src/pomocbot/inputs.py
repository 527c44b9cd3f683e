"""Checks of what a backend passes to :meth:`~pomocbot.Assistant.reply`: customer facts, ``now``, ids.

Bad input gets a typed error here, before anything is redacted or stored.

>>> checked_customer({"vip": "false", "order_value": "2 499,90"})
{'vip': False, 'order_value': 2499.9}
>>> holds_phone_or_pesel("klient-601234567"), holds_phone_or_pesel("2026-12-07-1")
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

from pomocbot.errors import InvalidArgumentError, InvalidConversationIdError
from pomocbot.types import PIIEntity

__all__ = ["MAX_CONVERSATION_ID", "ConversationIdCache", "check_parts", "checked_conversation_id",
           "checked_customer", "checked_messages", "checked_now", "holds_phone_or_pesel"]

MAX_CONVERSATION_ID = 200
# What a conversation id must never be (a name read in "c-pii" would only be the tagger guessing).
_ID_LIKE = frozenset({"PESEL", "NIP", "REGON", "DOWOD", "PASZPORT", "NUMER_KONTA", "KARTA", "TELEFON",
                      "EMAIL", "IP", "DATA_URODZENIA"})
_TRUE = frozenset({"1", "true", "tak", "yes", "t", "y"})
_FALSE = frozenset({"0", "false", "nie", "no", "n", "f", ""})


def checked_customer(customer: object) -> Mapping[str, Any] | None:
    """The backend's customer facts, validated: a mapping; ``vip`` a real boolean ("false" is False)."""
    if customer is None:
        return None
    if not isinstance(customer, Mapping):
        raise InvalidArgumentError(f"customer must be a mapping such as {{'id': ..., 'vip': True}}, "
                                   f"not {type(customer).__name__}")
    checked = dict(customer)
    if "vip" in checked:
        vip = checked["vip"]
        if isinstance(vip, str):
            if vip.strip().lower() not in _TRUE | _FALSE:
                raise InvalidArgumentError("customer['vip'] must be a boolean")
            checked["vip"] = vip.strip().lower() in _TRUE
        elif not isinstance(vip, (bool, int)) or vip is None:
            raise InvalidArgumentError("customer['vip'] must be a boolean")
        else:
            checked["vip"] = bool(vip)
    if checked.get("order_value") is not None:
        try:
            checked["order_value"] = float(str(checked["order_value"]).replace(",", ".").replace(" ", ""))
        except ValueError as error:
            raise InvalidArgumentError("customer['order_value'] must be a number (PLN)") from error
    return checked


def checked_now(now: object) -> datetime | None:
    """``now`` as an aware datetime: a datetime (naive = UTC) or an ISO 8601 string."""
    if now is None:
        return None
    if isinstance(now, str):
        try:
            now = datetime.fromisoformat(now)
        except ValueError as error:
            raise InvalidArgumentError(f"now must be a datetime or ISO 8601 text, not {now!r}") from error
    if not isinstance(now, datetime):
        raise InvalidArgumentError(f"now must be a datetime, not {type(now).__name__}")
    if not 2 <= now.year <= 9998:
        # time-zone arithmetic (opening hours, retention) would overflow datetime's range
        raise InvalidArgumentError(f"now must lie between the years 2 and 9998, not in {now.year}")
    return now if now.tzinfo is not None else now.replace(tzinfo=timezone.utc)


def holds_phone_or_pesel(conversation_id: str) -> bool:
    """A run of digits inside an id that is a phone number (9 digits, or 11 with 48) or a valid PESEL.

    Runs of other lengths pass: UUID groups have 4, 8 or 12 characters.
    """
    from stdnum.pl import pesel

    # digits, or groups of 2-3 as phones are written ("601-234-567"); a date's "2026-12-07-1" is no phone
    for match in re.finditer(r"(?<![0-9A-Za-z])\+?\d+(?:[ .-]\d{2,3})*(?![0-9A-Za-z])", conversation_id):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) == 9 or (len(digits) == 11 and (digits.startswith("48") or pesel.is_valid(digits))):
            return True
    return False


def checked_conversation_id(conversation_id: object,
                            detect: Callable[[str], list[PIIEntity]] | None = None) -> str | None:
    """``conversation_id`` if usable: ``None`` or a short string that carries no personal data.

    ``detect`` is the PII detector's ``detect`` (None with privacy off: only the shape is checked).
    """
    if conversation_id is None:
        return None
    if not isinstance(conversation_id, str):
        raise InvalidConversationIdError(
            f"conversation_id must be a str or None, not {type(conversation_id).__name__}")
    if not conversation_id.strip() or len(conversation_id) > MAX_CONVERSATION_ID:
        raise InvalidConversationIdError(
            f"conversation_id must be 1 to {MAX_CONVERSATION_ID} characters and not blank")
    if detect is None:
        return conversation_id
    # Ids are stored, logged and sent to analytics in clear: never a phone number or a PESEL.
    spaced = conversation_id.replace("-", " ").replace("_", " ").replace(":", " ")
    found = [e for text in {conversation_id, spaced} for e in detect(text)]
    kinds = sorted({e.entity_type for e in found if e.entity_type in _ID_LIKE and e.score >= 0.5})
    digits = sum(c.isdigit() for c in conversation_id)
    if not kinds and digits >= 9 and all(c.isdigit() or c in " +-./()_" for c in conversation_id):
        kinds = ["a number such as a phone, PESEL or account"]  # bare digits: no label needed
    if not kinds and holds_phone_or_pesel(conversation_id):
        kinds = ["a phone number or PESEL inside the id"]  # "klient-601234567", "c:48601234567"
    if kinds:
        raise InvalidConversationIdError(
            f"conversation_id looks like personal data ({', '.join(kinds)}); use an opaque id "
            "(a UUID), never the customer's phone, e-mail or PESEL")
    return conversation_id


def checked_messages(messages: object, max_chars: int) -> list[str]:
    """Customer messages (oldest first) as a list of str, each cut to ``max_chars`` (a str: one message)."""
    if isinstance(messages, str):
        messages = [messages]  # one message, not its characters
    if not isinstance(messages, Iterable):
        raise InvalidArgumentError(f"assess_frustration() takes a list of str messages, not "
                                   f"{type(messages).__name__}")
    checked = list(messages)
    if not all(isinstance(m, str) for m in checked):
        raise InvalidArgumentError("assess_frustration() takes a list of str messages")
    return [m[:max_chars] for m in checked]


def check_parts(**parts: tuple[object, type]) -> None:
    """Each ``name=(part, kind)`` is None or an instance of ``kind``, else :class:`InvalidArgumentError`."""
    for name, (part, kind) in parts.items():
        if part is not None and not isinstance(part, kind):
            raise InvalidArgumentError(f"{name} must be a {kind.__name__} or None, not {type(part).__name__}")


class ConversationIdCache:
    """:func:`checked_conversation_id` with the ids already found clean remembered (bounded)."""

    def __init__(self, size: int = 10_000) -> None:
        self.size, self._clean = size, set[str]()

    def check(self, conversation_id: object,
              detect: Callable[[str], list[PIIEntity]] | None = None) -> str | None:
        if isinstance(conversation_id, str) and conversation_id in self._clean:
            return conversation_id
        checked = checked_conversation_id(conversation_id, detect)
        if checked is not None and detect is not None:
            if len(self._clean) >= self.size:
                self._clean.clear()
            self._clean.add(checked)
        return checked
