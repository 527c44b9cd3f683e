"""REGON, the Polish business registry number (9 or 14 digits).

>>> r = PlRegonRecognizer()
>>> r.validate_result("123456785"), r.validate_result("123456786")
(None, False)
>>> r.validate_result("12345678512347")
True
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer
from stdnum.pl import regon

from pomocbot.guardrails.recognizers.common import polish_pattern_init

__all__ = ["PlRegonRecognizer"]


class PlRegonRecognizer(PatternRecognizer):
    """REGON: 9 digits (a company) or 14 (a local unit: the company's 9 + 5), two checksums.

    Plain, or grouped 3-3-3 by spaces, or 9 + 5.

    The 14-digit form passes both checks for one random number in ~120 and
    scores 1.0. Nine bare digits are what order numbers and phone numbers look
    like and one in ten passes the check by chance, so the 9-digit form keeps
    the pattern's 0.4 and needs a context word ("REGON") to be reported.
    """

    ENTITY = "REGON"
    PATTERNS: ClassVar[list[Pattern]] = [
        # Plain, or as people type it: 3-3-3 by spaces ("123 456 785"), a local unit's 5 digits apart
        # ("123456785 12347"). Spaced 3-3-3 is also a phone's form; "REGON" before it decides. Dashes
        # ("123-456-785") are left to the phone: nobody writes a REGON so.
        Pattern("regon", r"(?<![\w]|\d[.,/ -])(?:\d{14}|\d{9}(?: \d{5})?|\d{3} \d{3} \d{3})"
                r"(?![\w]|[.,/ -]\d)", 0.4),
    ]
    CONTEXT: ClassVar[list[str]] = ["regon"]

    __init__ = polish_pattern_init

    def validate_result(self, pattern_text: str) -> bool | None:
        """False on a wrong check digit; True for 14 digits; None (context decides) for 9.

        The checks (``stdnum.pl.regon``): 9 digits, weights 8-9-2-3-4-5-6-7 on
        the first eight, sum mod 11 (10 -> 0) is the last; 14 digits, the first
        nine are a valid 9-digit REGON and weights 2-4-8-5-0-9-7-3-6-1-2-4-8 on
        the first thirteen give the last the same way.
        """
        digits = "".join(c for c in pattern_text if c.isdigit())
        if len(digits) not in (9, 14) or not regon.is_valid(digits):
            return False
        return None if len(digits) == 9 else True
