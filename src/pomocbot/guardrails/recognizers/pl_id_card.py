"""Polish ID card (dowód osobisty) number.

>>> r = PlIdCardRecognizer()
>>> [(x.start, x.end, x.score) for x in r.analyze("Numer dowodu: ABA 300000", ["DOWOD"])]
[(14, 24, 1.0)]
>>> r.validate_result("ABA400000")
False
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

from pomocbot.guardrails.recognizers.common import polish_pattern_init
from pomocbot.guardrails.recognizers.pl_document_number import document_pattern, weighted_check_ok

__all__ = ["PlIdCardRecognizer"]


class PlIdCardRecognizer(PatternRecognizer):
    """Dowód osobisty: 3 capital letters (the series) and 6 digits, the first a check digit.

    An optional space or dash may split letters from digits ("ABA 300000").
    Lower-case series are not matched: product codes ("abc123456") are far
    more common in shop messages than a lower-cased ID card number.
    """

    ENTITY = "DOWOD"
    PATTERNS: ClassVar[list[Pattern]] = [document_pattern("dowod", letters=3, digits=6)]
    # "dowód", "dowodu", "dowodem", "dowodzie", "osobistego", "tożsamości".
    CONTEXT: ClassVar[list[str]] = ["dowod", "dowód", "osobist", "tożsamoś", "tozsamos"]

    _WEIGHTS: ClassVar[tuple[int, ...]] = (7, 3, 1, 9, 7, 3, 1, 7, 3)
    # "PLN 120000" is an amount, not an ID card.
    _CURRENCIES: ClassVar[frozenset[str]] = frozenset({"PLN", "EUR", "USD", "GBP", "CHF", "CZK", "UAH"})

    __init__ = polish_pattern_init

    def validate_result(self, pattern_text: str) -> bool:
        """True when the check digit is right and the series is no currency code.

        Weights 7-3-1-9-7-3-1-7-3: the check digit is the 4th character
        (:func:`~pomocbot.guardrails.recognizers.pl_document_number.weighted_check_ok`).
        """
        series = "".join(c for c in pattern_text if c.isalnum())[:3]
        return series not in self._CURRENCIES and weighted_check_ok(pattern_text, self._WEIGHTS)
