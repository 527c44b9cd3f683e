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

__all__ = ["PlRegonRecognizer"]


class PlRegonRecognizer(PatternRecognizer):
    """REGON: 9 digits (a company) or 14 (a local unit: the company's 9 + 5), two checksums.

    The 14-digit form passes both checks for one random number in ~120 and
    scores 1.0. Nine bare digits are what order numbers and phone numbers look
    like and one in ten passes the check by chance, so the 9-digit form keeps
    the pattern's 0.4 and needs a context word ("REGON") to be reported.
    """

    ENTITY = "REGON"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("regon", r"(?<![\w]|\d[.,/ -])(?:\d{14}|\d{9})(?![\w]|[.,/ -]\d)", 0.4),
    ]
    CONTEXT: ClassVar[list[str]] = ["regon"]

    _WEIGHTS_9: ClassVar[tuple[int, ...]] = (8, 9, 2, 3, 4, 5, 6, 7)
    _WEIGHTS_14: ClassVar[tuple[int, ...]] = (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)

    def __init__(self, patterns: list[Pattern] | None = None, context: list[str] | None = None,
                 supported_language: str = "pl", supported_entity: str = ENTITY,
                 name: str | None = None) -> None:
        super().__init__(supported_entity=supported_entity, patterns=patterns or self.PATTERNS,
                         context=context or self.CONTEXT, supported_language=supported_language,
                         name=name or type(self).__name__, global_regex_flags=0)

    @staticmethod
    def _check(digits: list[int], weights: tuple[int, ...]) -> bool:
        # Weighted sum modulo 11; a remainder of 10 stands for check digit 0.
        return sum(w * d for w, d in zip(weights, digits, strict=False)) % 11 % 10 == digits[len(weights)]

    def validate_result(self, pattern_text: str) -> bool | None:
        """False on a wrong check digit; True for 14 digits; None (context decides) for 9.

        9 digits: weights 8-9-2-3-4-5-6-7 on the first eight, sum mod 11 (10 -> 0).
        14 digits: the first nine are a valid 9-digit REGON, and weights
        2-4-8-5-0-9-7-3-6-1-2-4-8 on the first thirteen give the last the same way.
        """
        digits = [int(c) for c in pattern_text if c.isdigit()]
        if len(digits) not in (9, 14) or not self._check(digits[:9], self._WEIGHTS_9):
            return False
        if len(digits) == 9:
            return None
        return self._check(digits, self._WEIGHTS_14)
