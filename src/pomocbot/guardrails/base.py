"""Entity types and the detector protocol of the personal-data guardrails.

Entity type names are Polish and upper-case because they appear in redacted
text ("Mój PESEL to [PESEL]", "Dzwoni [OSOBA_1]").

>>> "PESEL" in ENTITY_TYPES and "OSOBA" in ENTITY_TYPES
True
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from pomocbot.types import PIIEntity

__all__ = ["ENTITY_TYPES", "PIIDetector"]

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
