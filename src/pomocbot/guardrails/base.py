"""Entity types and the detector protocol of the personal-data guardrails.

Entity type names are Polish and upper-case because they appear in redacted
text ("Mój PESEL to [PESEL]", "Dzwoni [OSOBA_1]").

>>> "PESEL" in ENTITY_TYPES and "OSOBA" in ENTITY_TYPES
True
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

from pomocbot.errors import InvalidArgumentError, InvalidConversationIdError
from pomocbot.types import PIIEntity

__all__ = ["ENTITY_TYPES", "PIIDetector", "checked_conversation_id", "checked_moment"]

# type -> what it is (for docs and error messages)
ENTITY_TYPES: dict[str, str] = {
    "PESEL": "Polish national identification number (11 digits, checksum)",
    "NIP": "tax identification number (10 digits, checksum; dashes, PL prefix)",
    "REGON": "business registry number (9 or 14 digits, checksum)",
    "DOWOD": "ID card number (3 letters + 6 digits, checksum)",
    "PASZPORT": "passport number (2 letters + 7 digits, checksum)",
    "NUMER_KONTA": "bank account: IBAN PL / NRB, 26 digits, mod 97",
    "KARTA": "payment card number (Luhn)",
    "TELEFON": "phone number",
    "EMAIL": "e-mail address",
    "ADRES": "street address (ul./al./os./pl. + name + number)",
    "KOD_POCZTOWY": "postal code NN-NNN with a city",
    "IP": "IP address",
    "DATA_URODZENIA": "date of birth (in context)",
    "OSOBA": "person's name",
    "MIEJSCE": "place name (city, region) outside an address",
    "ORGANIZACJA": "organisation name",
}


@runtime_checkable
class PIIDetector(Protocol):
    """Finds personal data in a text; returns entities sorted by start, not overlapping."""

    def detect(self, text: str) -> list[PIIEntity]:
        ...


def checked_conversation_id(conversation_id: object) -> str | None:
    """``conversation_id`` when it can key a conversation's state: None or a str.

    A list would fail as a dict key deep inside, and an int would silently
    open a conversation of its own; both are a caller's mistake.

    >>> checked_conversation_id("c-1"), checked_conversation_id(None)
    ('c-1', None)
    >>> checked_conversation_id(["c-1"])
    Traceback (most recent call last):
    ...
    pomocbot.errors.InvalidConversationIdError: conversation_id must be a str or None, not list
    """
    if conversation_id is None or isinstance(conversation_id, str):
        return conversation_id
    raise InvalidConversationIdError(
        f"conversation_id must be a str or None, not {type(conversation_id).__name__}")


def checked_moment(moment: object, name: str = "now") -> datetime:
    """``moment`` if it is a datetime (naive or aware); anything else is a wrong argument."""
    if not isinstance(moment, datetime):
        raise InvalidArgumentError(f"{name} must be a datetime, not {type(moment).__name__}")
    return moment
