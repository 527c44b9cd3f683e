"""Polish phone numbers: +48 / 0048 / (+48) prefixes, common groupings, bare 9 digits in context.

>>> r = PlPhoneRecognizer()
>>> [(x.start, x.end, x.score) for x in r.analyze("Tel. +48 601 234 567", ["TELEFON"])]
[(5, 20, 0.7)]
>>> [(x.start, x.end, x.score) for x in r.analyze("zamówienie nr 601234567", ["TELEFON"])]
[(14, 23, 0.3)]
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

from pomocbot.guardrails.recognizers.common import polish_pattern_init

__all__ = ["PlPhoneRecognizer"]

# 9 national digits grouped 3-3-3 (mobile), 2-3-2-2 or (2) 3-2-2 (landline with area code).
# Also as people type them: "601 23 45 67" (3-2-2-2), dots and slashes ("601.234.567", "601/234/567"), an area
# code set apart by a space and the rest by dashes ("22 555-12-34").
_NATIONAL = (
    r"(?:\d{3}([ ./-]?)\d{3}\1\d{3}|\d{3}([ ./-])\d{2}\2\d{2}\2\d{2}|\d{2}[ ./-]?\d{3}([ ./-]?)\d{2}\3\d{2}"
    r"|\(\d{2}\) ?\d{3}([ -]?)\d{2}\4\d{2})"
)
# Not after a digit group, nor after "PL " (a NIP's prefix: "PL 86-028-56-62" is a mistyped NIP).
_LEFT = r"(?<![\w+]|\d[.,/ -]|[Pp][Ll] ?)"
_RIGHT = r"(?![\w]|[.,/ -]\d)"


class PlPhoneRecognizer(PatternRecognizer):
    """Phone numbers, by strength of the form.

    * with a country prefix ("+48 601 234 567", "0048601234567", "(+48) 22 123 45 67"): 0.7;
    * grouped without a prefix ("601 234 567", "601-234-567", "22 123 45 67"): 0.5;
    * nine bare digits ("601234567"): 0.3, reported only with a phone word
      nearby ("tel.", "telefonu", "komórka", "zadzwońcie"): in a shop a bare
      9-digit number is more often an order number.

    Never inside a longer digit run (an IBAN, a NIP "123-456-32-18").
    """

    ENTITY = "TELEFON"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("phone_prefixed", _LEFT + r"(?:\+ ?48|0048|\(\+?48\))[ -]?" + _NATIONAL + _RIGHT, 0.7),
        Pattern(
            "phone_grouped",
            _LEFT + r"(?:\d{3}([ ./-])\d{3}\1\d{3}|\d{3}([ ./-])\d{2}\2\d{2}\2\d{2}"
            r"|\d{2}[ ./-]\d{3}([ ./-])\d{2}\3\d{2}|\(\d{2}\) ?\d{3}[ -]?\d{2}[ -]?\d{2})" + _RIGHT,
            0.5,
        ),
        Pattern("phone_bare", _LEFT + r"\d{9}" + _RIGHT, 0.3),
    ]
    # Substrings of lower-cased words; "tel." and "kom." arrive expanded to
    # "telefon" and "komórka" by the analyzer's tokeniser.
    CONTEXT: ClassVar[list[str]] = [
        "telefon", "komórk", "komork", "zadzwo", "dzwoni", "dzwoń", "oddzwo", "sms", "whatsapp", "kontakt",
    ]

    __init__ = polish_pattern_init

    def invalidate_result(self, pattern_text: str) -> bool:
        """True (not a phone) when the 9 national digits start with 0 or repeat one digit.

        Polish national numbers never start with 0 (that is the trunk prefix
        of other countries); "000 000 000" and "111 111 111" are placeholders.
        """
        digits = "".join(c for c in pattern_text if c.isdigit())[-9:]
        return digits[0] == "0" or len(set(digits)) == 1
