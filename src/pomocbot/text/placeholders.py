"""Redaction placeholders ("[OSOBA_1]", "[TELEFON_1]", "[PESEL]") inside text.

A redacted message keeps its placeholders, but they are not words the customer
asked about: "tel. [TELEFON_1]" must not send retrieval to the page about
paying by phone. :func:`without_placeholders` removes them before a search.

>>> without_placeholders("Tu [OSOBA_1], tel. [TELEFON_1]. Pralka przyszła pęknięta.")
'Tu, tel.. Pralka przyszła pęknięta.'
>>> without_placeholders("[PESEL]")
''
"""

from __future__ import annotations

import re

__all__ = ["PLACEHOLDER", "without_placeholders"]

PLACEHOLDER = re.compile(r"\[[A-ZĄĆĘŁŃÓŚŹŻ][A-ZĄĆĘŁŃÓŚŹŻ_]*(?:_\d+)?\]")
"""A placeholder or mask token ("[PESEL]", "[OSOBA_1]", "[NUMER_KONTA_2]") that
:class:`~pomocbot.guardrails.redaction.Redactor` writes; the one definition the package uses."""


def without_placeholders(text: str) -> str:
    """``text`` with placeholder tokens (and the space before each) removed."""
    return PLACEHOLDER.sub("", re.sub(r"\s+(?=" + PLACEHOLDER.pattern + ")", "", text)).strip()
