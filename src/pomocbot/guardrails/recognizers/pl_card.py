"""Payment card number (Luhn), never part of a bank account number.

>>> r = PlPaymentCardRecognizer()
>>> [(x.start, x.end, x.score) for x in r.analyze("Płaciłem kartą 4111 1111 1111 1111.", ["KARTA"])]
[(15, 34, 1.0)]
>>> r.analyze("Konto 61 1090 1014 0000 0712 1981 2874", ["KARTA"])
[]
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer
from stdnum import ean, luhn

from pomocbot.guardrails.recognizers.common import polish_pattern_init

__all__ = ["PlPaymentCardRecognizer"]


class PlPaymentCardRecognizer(PatternRecognizer):
    """Card numbers of 13-19 digits: plain, 4-4-4-4(-3) or 4-6-5 / 4-6-4, spaces, dashes or dots.

    A line break may stand for one separator ("4111 1111\n1111 1111": a number copied over two lines).

    Never inside a longer digit run: an IBAN's "1090 1014 0000 0712" is
    preceded by another group, and the pattern does not start after a digit
    and a separator. Validation asks for a known issuer prefix with its
    lengths and the Luhn check, so one random 16-digit number in ~30 passes.
    """

    ENTITY = "KARTA"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "card",
            # not after a digit group, nor after an IBAN's head ("RO89 QPPG 4976 8990 ...")
            r"(?<![\w]|\d[.,/ -]|\d ?\n|[A-Z]{2}\d\d ?[A-Z0-9]{4}[ \n])"
            r"(?:\d{13,19}|\d{4}([ .-])\d{4}(?:\1| ?\n)\d{4}(?:\1| ?\n)\d{1,4}(?:\1\d{1,3})?"
            r"|\d{4}([ -])\d{6}\2\d{4,5})"
            r"(?![\w]|[.,/ -]\d| ?\n\d)",
            0.5,
        ),
    ]
    # "karta", "karty", "kartą", "kredytowej", "płatniczej", "Visa".
    CONTEXT: ClassVar[list[str]] = [
        "kart", "kredytow", "debetow", "płatnicz", "visa", "mastercard", "maestro",
    ]

    __init__ = polish_pattern_init

    @staticmethod
    def _issuer_lengths(number: str) -> range | tuple[int, ...]:
        """Lengths a card of this issuer prefix (IIN) may have; empty when no issuer uses it."""
        p2, p4 = int(number[:2]), int(number[:4])
        if number[0] == "4":
            return (13, 16, 19)  # Visa
        if 51 <= p2 <= 55 or 2221 <= p4 <= 2720:
            return (16,)  # Mastercard
        if p2 in (34, 37):
            return (15,)  # American Express
        if 3528 <= p4 <= 3589:
            return range(16, 20)  # JCB
        if p2 in (36, 38, 39) or 300 <= p4 // 10 <= 305:
            return range(14, 20)  # Diners Club
        if 2200 <= p4 <= 2204:
            return range(16, 20)  # Mir
        if p2 == 50 or 56 <= p2 <= 69:
            return range(16, 20)  # Maestro, Discover, UnionPay (Maestro's rare 12-15 left out)
        return ()

    def validate_result(self, pattern_text: str) -> bool:
        """True for a known issuer prefix with an allowed length and a right Luhn digit (``stdnum.luhn``).

        Luhn: from the rightmost digit, double every second digit (subtracting
        9 when the double exceeds 9); the sum of all is divisible by 10.
        """
        number = "".join(c for c in pattern_text if c.isdigit())
        if not 13 <= len(number) <= 19 or len(number) not in self._issuer_lengths(number):
            return False
        # 13 digits with a right EAN-13 digit are a product's barcode ("SKU 4006381333931" passes
        # Luhn too, and a 13-digit Visa is hardly issued any more).
        if len(number) == 13 and ean.is_valid(number):
            return False
        return luhn.is_valid(number)
