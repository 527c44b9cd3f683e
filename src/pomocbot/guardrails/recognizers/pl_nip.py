"""NIP, the Polish tax identification number.

>>> r = PlNipRecognizer()
>>> [(x.start, x.end, x.score) for x in r.analyze("Faktura na NIP 526-025-02-74.", ["NIP"])]
[(15, 28, 1.0)]
>>> [(x.start, x.end, x.score) for x in r.analyze("PL5260250274", ["NIP"])]
[(0, 12, 1.0)]
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer
from stdnum.pl import nip

from pomocbot.guardrails.recognizers.common import polish_pattern_init

__all__ = ["PlNipRecognizer"]

# 10 digits, plain or grouped 3-3-2-2 / 3-2-2-3 with one kind of separator (a space, dash or dot)
_DIGITS = r"\d{3}(?:\d{7}|([ .-])\d{3}\1\d{2}\1\d{2}|([ .-])\d{2}\2\d{2}\2\d{3})(?![\w]|[.,/ -]\d)"


class PlNipRecognizer(PatternRecognizer):
    """NIP: 10 digits, grouped 3-3-2-2 or 3-2-2-3 by dashes, spaces or dots, optional "PL" prefix.

    Written with dashes, dots, spaces or with "PL" a NIP that passes the check scores 1.0.
    Ten bare digits are also what order and parcel numbers look like, and one
    in eleven of those passes the check by chance, so the bare form keeps the
    pattern's 0.4 and needs a context word ("NIP", "numer NIP-u") to be reported.
    """

    ENTITY = "NIP"
    # Two patterns rather than an optional prefix: a pattern that starts with a
    # digit or a literal is scanned several times faster.
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("nip", r"(?<![\w]|\d[.,/ -])" + _DIGITS, 0.4),
        Pattern("nip_pl", r"\b(?:PL|pl|Pl) ?-?" + _DIGITS, 0.4),
    ]
    CONTEXT: ClassVar[list[str]] = ["nip", "podatkow", "vat"]

    __init__ = polish_pattern_init

    def validate_result(self, pattern_text: str) -> bool | None:
        """False on a wrong check digit; True for the dashed or "PL" form; None (context decides) bare.

        The check (``stdnum.pl.nip``): the weighted sum of the first nine
        digits, weights 6-5-7-2-3-4-5-6-7, modulo 11 is the last digit (a
        remainder of 10 is never issued). The first three digits name a tax
        office, never "000".
        """
        digits = "".join(c for c in pattern_text if c.isdigit())
        if len(digits) != 10 or digits.startswith("000") or not nip.is_valid(digits):
            return False
        return True if not pattern_text.isdigit() else None
