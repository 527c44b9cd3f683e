"""Polish passport number.

>>> r = PlPassportRecognizer()
>>> [(x.start, x.end, x.score) for x in r.analyze("Paszport nr EA8000000.", ["PASZPORT"])]
[(12, 21, 1.0)]
>>> r.validate_result("EA7000000")
False
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

from pomocbot.guardrails.recognizers.common import polish_pattern_init
from pomocbot.guardrails.recognizers.pl_document_number import document_pattern, weighted_check_ok

__all__ = ["PlPassportRecognizer"]


class PlPassportRecognizer(PatternRecognizer):
    """Passport: 2 capital letters (the series) and 7 digits, the first a check digit.

    An optional space or dash may split letters from digits ("EA 8000000").
    """

    ENTITY = "PASZPORT"
    PATTERNS: ClassVar[list[Pattern]] = [document_pattern("paszport", letters=2, digits=7)]
    # "paszport", "paszportu", "paszportem", "paszportowy".
    CONTEXT: ClassVar[list[str]] = ["paszport"]

    _WEIGHTS: ClassVar[tuple[int, ...]] = (7, 3, 9, 1, 7, 3, 1, 7, 3)

    __init__ = polish_pattern_init

    def validate_result(self, pattern_text: str) -> bool:
        """True when the check digit is right.

        Weights 7-3-9-1-7-3-1-7-3: the check digit is the 3rd character
        (:func:`~pomocbot.guardrails.recognizers.pl_document_number.weighted_check_ok`).
        """
        return weighted_check_ok(pattern_text, self._WEIGHTS)
