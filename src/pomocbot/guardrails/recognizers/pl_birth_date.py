"""Date of birth: a date written next to "urodzenia", "urodziłem się", "ur.".

>>> r = PlBirthDateRecognizer()
>>> [(x.start, x.end, x.score) for x in r.analyze("ur. 3 czerwca 1985 r.", ["DATA_URODZENIA"])]
[(4, 21, 0.3)]
>>> r.validate_result("31.02.1985")
False
"""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

from pomocbot.guardrails.recognizers.common import polish_pattern_init

__all__ = ["PlBirthDateRecognizer"]

_MONTHS = (
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia"
).split()
_MONTHS_NOMINATIVE = (
    "styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad grudzień"
).split()
_ROMAN = "I II III IV V VI VII VIII IX X XI XII".split()


class PlBirthDateRecognizer(PatternRecognizer):
    """Dates 3.06.1985, 03-06-1985, 03/06/1985, 1985-06-03, "3 czerwca 1985", "3 VI 1985" (+ "r.").

    Any date in a shop message is more often a delivery or order date, so
    every date scores 0.3 and is reported only with a birth word nearby
    ("data urodzenia", "urodziłam się", "urodzony", "ur."). Impossible dates
    and years outside 1900-today fail validation.
    """

    ENTITY = "DATA_URODZENIA"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "date",
            r"(?<![\w]|\d[.,/ -])"
            r"(?:\d{1,2}([./-])\d{1,2}\1\d{4}|\d{4}([./-])\d{1,2}\2\d{1,2}"
            r"|\d{1,2} (?i:" + "|".join(_MONTHS + _MONTHS_NOMINATIVE) + r"|(?-i:"
            + "|".join(sorted(_ROMAN, key=len, reverse=True)) + r")) \d{4})"
            r"(?: ?r\.?)?(?![\w]|[.,/-]\d)",
            0.3,
        ),
    ]
    # "urodzenia", "urodziłem", "urodzona", "urodzin"; "ur." arrives expanded to "urodzony".
    CONTEXT: ClassVar[list[str]] = ["urodz", "urodzin"]

    _MONTH_NUMBER: ClassVar[dict[str, int]] = {
        **{m: i + 1 for i, m in enumerate(_MONTHS)},
        **{m: i + 1 for i, m in enumerate(_MONTHS_NOMINATIVE)},
        **{m.lower(): i + 1 for i, m in enumerate(_ROMAN)},
    }

    __init__ = polish_pattern_init

    def validate_result(self, pattern_text: str) -> bool | None:
        """False for an impossible date or a year outside 1900-today; None (context decides) otherwise."""
        parts = re.findall(r"\d+|[^\W\d_]+", pattern_text.lower())
        if parts and parts[-1] == "r":
            parts = parts[:-1]
        if len(parts) != 3:
            return False
        if len(parts[0]) == 4:
            year, month, day = parts[0], parts[1], parts[2]
        else:
            day, month, year = parts
        month_number = int(month) if month.isdigit() else self._MONTH_NUMBER.get(month, 0)
        try:
            born = date(int(year), month_number, int(day))
        except ValueError:
            return False
        return None if born.year >= 1900 and born <= date.today() else False
