"""Polish bank account number: NRB (26 digits) or IBAN (PL + 26 digits).

>>> r = PlIbanRecognizer()
>>> text = "Nr konta: PL61 1090 1014 0000 0712 1981 2874"
>>> [(x.start, x.end, x.score) for x in r.analyze(text, ["NUMER_KONTA"])]
[(10, 44, 1.0)]
>>> r.validate_result("61109010140000071219812875")
False
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

__all__ = ["PlIbanRecognizer"]

_DIGITS = r"\d{2}(?:[ -]?\d{4}){6}(?![\w]|[.,/ -]\d)"


class PlIbanRecognizer(PatternRecognizer):
    """NRB / IBAN PL: 2 check digits + 8-digit bank code + 16-digit account.

    Written plain or in groups: "61 1090 1014 0000 0712 1981 2874" (2 + 6x4),
    with an optional "PL" (a space or none after it); spaces or dashes.
    """

    ENTITY = "NUMER_KONTA"
    # Two patterns rather than an optional "PL": each starts with a digit or a
    # literal, which the regex engine scans for several times faster.
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("nrb", r"(?<![\w]|\d[.,/ -])" + _DIGITS, 0.5),
        Pattern("iban", r"\b(?:PL|pl|Pl) ?" + _DIGITS, 0.5),
    ]
    # "konto", "konta", "rachunku", "IBAN", "przelewu", "bankowego".
    CONTEXT: ClassVar[list[str]] = ["konto", "konta", "koncie", "rachun", "iban", "nrb", "przelew", "bank"]

    def __init__(self, patterns: list[Pattern] | None = None, context: list[str] | None = None,
                 supported_language: str = "pl", supported_entity: str = ENTITY,
                 name: str | None = None) -> None:
        super().__init__(supported_entity=supported_entity, patterns=patterns or self.PATTERNS,
                         context=context or self.CONTEXT, supported_language=supported_language,
                         name=name or type(self).__name__, global_regex_flags=0)

    def validate_result(self, pattern_text: str) -> bool:
        """True when the IBAN checksum (ISO 13616, mod 97) holds.

        The IBAN is "PL" + the 26 NRB digits; moving "PL" and the two check
        digits to the end and writing P=25, L=21 gives a number that leaves
        remainder 1 when divided by 97.
        """
        digits = "".join(c for c in pattern_text if c.isdigit())
        if len(digits) != 26:
            return False
        return int(digits[2:] + "2521" + digits[:2]) % 97 == 1
