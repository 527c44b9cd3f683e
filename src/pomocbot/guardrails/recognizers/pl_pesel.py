"""PESEL, the Polish national identification number.

>>> r = PeselRecognizer()
>>> [(x.entity_type, x.start, x.end, x.score) for x in r.analyze("Mój PESEL: 02070803628.", ["PESEL"])]
[('PESEL', 11, 22, 1.0)]
>>> r.validate_result("02070803627")  # bad check digit
False
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer
from stdnum.pl import pesel

from pomocbot.guardrails.recognizers.common import polish_pattern_init

__all__ = ["PeselRecognizer", "PlPeselRecognizer"]


class PeselRecognizer(PatternRecognizer):
    """PESEL: 11 digits (split 6 + 5, by date parts, in fours, or glued to "pesel"), valid date and check.

    A PESEL that passes the check and encodes a real date scores 1.0 without
    context: one random 11-digit number in about 60 does both.

    Not named ``PlPeselRecognizer`` like Presidio's own: Presidio finds its
    predefined recognizers by class name among all ``EntityRecognizer``
    subclasses, and a second class of that name makes
    ``RecognizerRegistry.load_predefined_recognizers()`` fail (or pick ours)
    in any process that imported this module.
    """

    ENTITY = "PESEL"
    # Not glued to a word or to another digit group ("12 02070803628", "0207080362-8").
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("pesel", r"(?<![\w]|\d[.,/ -])\d{6}[ -]?\d{5}(?![\w]|[.,/ -]\d)", 0.5),
        # As people type it: by date parts ("02-07-08-03628", "02.07.08.03628") or in fours ("0207 0803 628").
        Pattern("pesel_dated", r"(?<![\w]|\d[.,/ -])\d{2}([ .-])\d{2}\1\d{2}\1?\d{5}(?![\w]|[.,/ -]\d)", 0.5),
        Pattern("pesel_fours", r"(?<![\w]|\d[.,/ -])\d{4} \d{4} \d{3}(?![\w]|[.,/ -]\d)", 0.5),
        # Glued to its label: "pesel02070803628", "PESEL:02070803628".
        Pattern("pesel_glued",
                r"(?:(?<=[Pp][Ee][Ss][Ee][Ll])|(?<=[Pp][Ee][Ss][Ee][Ll][:#]))\d{11}(?!\d)", 0.5),
    ]
    # Matched as substrings of lower-cased words: "peselu", "pesel-u", "peselem".
    CONTEXT: ClassVar[list[str]] = ["pesel", "ewidencyj"]

    __init__ = polish_pattern_init

    def validate_result(self, pattern_text: str) -> bool:
        """True for a real birth date and a right check digit (``stdnum.pl.pesel``).

        Digits YYMMDD encode the birth date, the month carrying the century
        (+0 1900s, +20 2000s, +40 2100s, +60 2200s, +80 1800s). The check digit
        makes the weighted sum of all 11 digits, weights 1-3-7-9-1-3-7-9-1-3-1,
        divisible by 10. Separators (spaces, dashes, dots) are dropped first.
        """
        digits = "".join(c for c in pattern_text if c.isdigit())
        return len(digits) == 11 and pesel.is_valid(digits)


# Alias (the same class, so Presidio's lookup by class name is unaffected).
PlPeselRecognizer = PeselRecognizer
