"""Polish postal code NN-NNN with the city after it, or in context.

>>> r = PlPostalCodeRecognizer()
>>> [(x.start, x.end, x.score) for x in r.analyze("Wysyłka na 31-042 Kraków.", ["KOD_POCZTOWY"])]
[(11, 24, 0.6)]
>>> [(x.start, x.end, x.score) for x in r.analyze("od 10-100 sztuk", ["KOD_POCZTOWY"])]
[(3, 9, 0.3)]
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

from pomocbot.guardrails.recognizers.common import polish_pattern_init

__all__ = ["CITY", "PlPostalCodeRecognizer"]

_CITY_WORD = r"[A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]+"
# Second and third words of city names: "Zielona Góra", "Nowy Dwór Mazowiecki",
# "Ruda Śląska", "Bielsko-Biała"; not any capitalised word ("31-042 Kraków Allegro").
_CITY_NEXT = (
    r"(?:-" + _CITY_WORD + r"| (?:Góra|Góry|Wola|Sącz|Dwór|Zdrój|Sól|Wieś|Wielk[aiy]|Mał[ay]|Now[ay]|Star[ay]"
    r"|[A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]+(?:sk|ck|dzk)(?:i|a|ie)|Górnicza|Podlaska|Trybunalski)(?![\w-]))"
)
# A city: one word and up to two more of the kinds above.
CITY = _CITY_WORD + _CITY_NEXT + r"{0,2}"
_CODE = r"(?<![\w]|\d[.,/ -])\d{2}-\d{3}(?![\w]|[.,/-]\d)"


class PlPostalCodeRecognizer(PatternRecognizer):
    """NN-NNN followed by a capitalised city ("00-950 Warszawa", "43-300 Bielsko-Biała"): 0.6.

    The span takes in the city (up to three words: "Nowy Dwór Mazowiecki"),
    so the redacted text keeps neither. A code alone ("od 10-100 sztuk" looks the same) scores 0.3
    and is reported only with context ("kod pocztowy", "adres").
    """

    ENTITY = "KOD_POCZTOWY"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("postal_code_city", _CODE + r" " + CITY, 0.6),
        Pattern("postal_code", _CODE + r"(?! " + _CITY_WORD + r")", 0.3),
    ]
    # "pocztowy", "pocztowego", "adres", "zamieszkania", "mieszkam".
    CONTEXT: ClassVar[list[str]] = ["pocztow", "adres", "zamieszk", "mieszkam"]

    __init__ = polish_pattern_init
