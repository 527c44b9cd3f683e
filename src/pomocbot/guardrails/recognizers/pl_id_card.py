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

__all__ = ["PlIdCardRecognizer"]


class PlIdCardRecognizer(PatternRecognizer):
    """Dowód osobisty: 3 capital letters (the series) and 6 digits, the first a check digit.

    An optional space or dash may split letters from digits ("ABA 300000").
    Lower-case series are not matched: product codes ("abc123456") are far
    more common in shop messages than a lower-cased ID card number.
    """

    ENTITY = "DOWOD"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("dowod", r"(?<![\w]|\w[-])[A-Z]{3}[ -]?\d{6}(?![\w]|[.,/ -]\d)", 0.5),
    ]
    # "dowód", "dowodu", "dowodem", "dowodzie", "osobistego", "tożsamości".
    CONTEXT: ClassVar[list[str]] = ["dowod", "dowód", "osobist", "tożsamoś", "tozsamos"]

    _WEIGHTS: ClassVar[tuple[int, ...]] = (7, 3, 1, 9, 7, 3, 1, 7, 3)
    # "PLN 120000" is an amount, not an ID card.
    _CURRENCIES: ClassVar[frozenset[str]] = frozenset({"PLN", "EUR", "USD", "GBP", "CHF", "CZK", "UAH"})

    def __init__(self, patterns: list[Pattern] | None = None, context: list[str] | None = None,
                 supported_language: str = "pl", supported_entity: str = ENTITY,
                 name: str | None = None) -> None:
        super().__init__(supported_entity=supported_entity, patterns=patterns or self.PATTERNS,
                         context=context or self.CONTEXT, supported_language=supported_language,
                         name=name or type(self).__name__, global_regex_flags=0)

    def validate_result(self, pattern_text: str) -> bool:
        """True when the check digit is right.

        Letters count A=10 ... Z=35, digits as themselves. With weights
        7-3-1-9-7-3-1-7-3 the weighted sum of all nine characters is divisible
        by 10; as 9 = -1 (mod 10), the check digit (4th character) equals the
        weighted sum of the other eight modulo 10.
        """
        chars = [c for c in pattern_text if c.isalnum()]
        if len(chars) != 9 or "".join(chars[:3]) in self._CURRENCIES:
            return False
        values = [int(c, 36) for c in chars]
        return sum(w * v for w, v in zip(self._WEIGHTS, values, strict=False)) % 10 == 0
