"""Action parameters found in a (redacted) customer message: order numbers, e-mails, postcodes, phones.

A parameter's *kind* comes from its field: ``Field(json_schema_extra={"kind": "email"})``
or, by default, its name (``order_number``/``order_id`` → order number, ``email``,
``postcode``/``postal_code``, ``phone``). Personal data arrive as placeholders
("[EMAIL_1]", "[KOD_POCZTOWY_1]"): the placeholder is the parameter value
everywhere (match, logs, :class:`~pomocbot.types.ActionRecord`), and
:func:`resolve_parameters` swaps in the vault's original only for the call itself.

Order numbers are read in the forms customers type: "ZM-2026-001234",
"zm 2026 001234", "ZM2026001234" (all → "ZM-2026-001234"), and digits after a
cue word: "zamówienie nr 123456", "numer zamówienia to 123", "#123456",
"zamowienia 123456" (→ "123456"). Amounts, durations and dates are not order numbers.

>>> found = find_values("Zamówienie nr 123456 i zm2026001235, mail [EMAIL_1], kod 00-950")
>>> found["order_number"], found["email"], found["postcode"]
(['123456', 'ZM-2026-001235'], ['[EMAIL_1]'], ['00-950'])
>>> find_values("Paczka za 129,99 zł miała przyjść w 3 dni")["order_number"]
[]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import Enum
from typing import Any

from pydantic import BaseModel

from pomocbot.text.placeholders import PLACEHOLDER

__all__ = ["ParameterKind", "find_values", "parameter_kind", "resolve_parameters"]


class ParameterKind(str, Enum):
    """What a parameter holds; decides how it is found in a message and how the customer is asked."""

    ORDER_NUMBER = "order_number"
    EMAIL = "email"
    POSTCODE = "postcode"
    PHONE = "phone"
    TEXT = "text"


# Placeholder types of the redactor (see pomocbot.guardrails) per kind.
PLACEHOLDER_TYPES: dict[ParameterKind, tuple[str, ...]] = {
    ParameterKind.EMAIL: ("EMAIL",),
    ParameterKind.POSTCODE: ("KOD_POCZTOWY",),
    ParameterKind.PHONE: ("TELEFON",),
}

_NAMES = (
    (ParameterKind.ORDER_NUMBER, re.compile(r"order|zamowien|case|complaint|reklamac")),
    (ParameterKind.EMAIL, re.compile(r"e_?mail")),
    (ParameterKind.POSTCODE, re.compile(r"post(al)?_?code|zip|kod_pocztowy")),
    (ParameterKind.PHONE, re.compile(r"phone|telefon")),
)

_FOLD = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")

# "ZM-2026-001234": 2-3 letters, a year, 4-7 digits, any (or no) separator.
_FULL = re.compile(r"(?<![\w-])([a-z]{2,3})[ _/-]?(20\d\d)[ _/-]?(\d{4,7})(?![\w-])")
# Digits after a cue word ("zamówienie nr 123456", "numer zamówienia to 123", "#123456").
_CUE = re.compile(
    r"(?:\bzam\w*|\bnr|\bnumer\w*|\bnumer\s+zam\w*|\bid|\bo\s+numerze|\bzlecen\w*|\bpaczk\w*|\bprzesylk\w*"
    r"|\breklamacj\w*|\bzwrot\w*)"
    r"(?:\s+(?:nr|numer|to|jest|o\s+numerze))?\.?\s*(?:[:#-]\s*)?(\d{3,12})(?![\d,.]?\d)(?!\s*(?:zl|pln|gr|%"
    r"|dni|dnia|godz|h\b|min|szt|kg|cm|r\b|rok))")
_LISTED = re.compile(r"\s*(?:,|\bi\b|\boraz\b|\blub\b|\balbo\b|\ba\s+takze\b)\s*(?:nr\.?\s*|#\s?)?"
                     r"([a-z]{2,3}-20\d\d-\d{4,7}|\d{3,12})(?![\w-])")
_TOKEN_END = re.compile(r"[\w-]*")
_HASH = re.compile(r"#\s?(\d{3,12})(?!\d)")
# A bare number of 4+ digits, not a year ("wysłaliście już 1212?") counts when nothing else was found.
_BARE = re.compile(r"(?<![\d.,:/-])(?!(?:19|20)\d\d\b)(\d{4,12})(?![\d.,:/-]?\d)(?!\s*(?:zl|pln|gr|%))")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_POSTCODE = re.compile(r"(?<![\d-])\d{2}-\d{3}(?![\d-])")
_PHONE = re.compile(r"(?<!\d)(?:\+48[ -]?)?\d{3}[ -]?\d{3}[ -]?\d{3}(?!\d)")


def _end_of(text: str, start: int) -> int:
    return _TOKEN_END.match(text, start).end()


def parameter_kind(name: str, field: Any = None) -> ParameterKind:
    """The kind of parameter ``name`` (its field's ``json_schema_extra={"kind": ...}`` wins).

    >>> parameter_kind("order_number").value, parameter_kind("email").value, parameter_kind("note").value
    ('order_number', 'email', 'text')
    """
    extra = getattr(field, "json_schema_extra", None)
    if isinstance(extra, Mapping) and extra.get("kind"):
        return ParameterKind(extra["kind"])
    folded = name.lower().translate(_FOLD)
    for kind, pattern in _NAMES:
        if pattern.search(folded):
            return kind
    return ParameterKind.TEXT


def _fold(text: str) -> str:
    folded = text.translate(_FOLD).lower()
    return folded if len(folded) == len(text) else text.lower()


def _add(values: list[str], value: str) -> None:
    if value not in values:
        values.append(value)


def find_values(text: str) -> dict[str, list[str]]:
    """Every candidate value per kind in ``text``, in order of appearance, without repeats."""
    folded = _fold(text)
    placeholders = [(m.start(), m.end(), m.group(0)) for m in PLACEHOLDER.finditer(text)]
    taken = bytearray(len(text))
    for start, end, _ in placeholders:
        taken[start:end] = b"\x01" * (end - start)
    found: dict[str, list[str]] = {kind.value: [] for kind in ParameterKind}
    orders: list[tuple[int, str]] = []
    for m in _FULL.finditer(folded):
        if not any(taken[m.start():m.end()]):
            orders.append((m.start(), f"{m.group(1).upper()}-{m.group(2)}-{m.group(3)}"))
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    for pattern in (_CUE, _HASH):
        for m in pattern.finditer(folded):
            if not any(taken[m.start(1):m.end(1)]):
                orders.append((m.start(1), m.group(1)))
                taken[m.start(1):m.end(1)] = b"\x01" * (m.end(1) - m.start(1))
    # A list after an order number: "1203 oraz 1213", "1204, 1214 i 1224".
    for start, _value in list(orders):
        end = start
        while True:
            m = _LISTED.match(folded, _end_of(folded, end))
            if m is None or any(taken[m.start(1):m.end(1)]):
                break
            value = m.group(1)
            full = _FULL.fullmatch(value)
            if full:
                value = f"{full.group(1).upper()}-{full.group(2)}-{full.group(3)}"
            orders.append((m.start(1), value))
            taken[m.start(1):m.end(1)] = b"\x01" * (m.end(1) - m.start(1))
            end = m.start(1)
    for kind, pattern in ((ParameterKind.EMAIL, _EMAIL), (ParameterKind.POSTCODE, _POSTCODE),
                          (ParameterKind.PHONE, _PHONE)):
        for m in pattern.finditer(text):
            if not any(taken[m.start():m.end()]):
                _add(found[kind.value], m.group(0))
                taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    if not orders:
        orders = [(m.start(1), m.group(1)) for m in _BARE.finditer(folded)
                  if not any(taken[m.start(1):m.end(1)])]
    for _, value in sorted(orders):
        _add(found[ParameterKind.ORDER_NUMBER.value], value)
    for _, _, token in placeholders:
        entity = token[1:-1].rstrip("_0123456789")
        kind = next((k for k, types in PLACEHOLDER_TYPES.items() if entity in types), None)
        if kind is not None:
            _add(found[kind.value], token)
    return found


def is_placeholder(value: str) -> bool:
    """Whether ``value`` is a redaction token ("[EMAIL_1]") rather than a value."""
    return bool(PLACEHOLDER.fullmatch(value))


def resolve_parameters(action_parameters: type[BaseModel], params: Mapping[str, str],
                       lookup: Any = None) -> dict[str, str]:
    """``params`` with each token replaced by its original from ``lookup(token) -> str | None``.

    For the call only: the dictionary returned holds personal data and must
    not be logged, stored or put into a record. A pseudonym (``pseudonym``
    redaction mode) is looked up the same way. Raises ``LookupError`` naming
    the parameter (never the value) when a placeholder cannot be resolved.

    >>> from pydantic import BaseModel
    >>> class P(BaseModel):
    ...     email: str
    >>> resolve_parameters(P, {"email": "[EMAIL_1]"}, {"[EMAIL_1]": "ala@example.com"}.get)
    {'email': 'ala@example.com'}
    """
    resolved = {}
    for name, value in params.items():
        original = lookup(value) if lookup is not None and isinstance(value, str) else None
        if original is None and isinstance(value, str) and is_placeholder(value):
            raise LookupError(f"parameter {name!r} is a placeholder with no value in the vault "
                              "(turn on PrivacyConfig.vault so actions can receive the customer's values)")
        resolved[name] = original if original is not None else value
    unknown = set(resolved) - set(action_parameters.model_fields)
    for name in unknown:
        resolved.pop(name)
    return resolved
