"""Bank account numbers: the Polish NRB (26 digits) and IBANs of every country (PL, DE, GB, ...).

>>> r = PlIbanRecognizer()
>>> text = "Nr konta: PL61 1090 1014 0000 0712 1981 2874"
>>> [(x.start, x.end, x.score) for x in r.analyze(text, ["NUMER_KONTA"])]
[(10, 44, 1.0)]
>>> text = "Zwrot na DE89 3704 0044 0532 0130 00 EUR"
>>> [text[x.start:x.end] for x in r.analyze(text, ["NUMER_KONTA"])]
['DE89 3704 0044 0532 0130 00']
>>> r.validate_result("61109010140000071219812875")
False
"""

from __future__ import annotations

import re
from functools import cache
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer
from stdnum import iban, numdb

__all__ = ["PlIbanRecognizer"]

# Between groups: a space or a dash, or a line break (an account pasted over two lines of a signature),
# up to two of them ("1014 \n0000"); one character class, which the regex engine scans fastest.
_SEP = r"[ \r\n-]{0,2}"
_RIGHT = r"(?![\w]|[.,/ -]\d)"
_NRB = r"\d{2}(?:" + _SEP + r"\d{4}){6}" + _RIGHT


@cache
def _iban_pattern() -> str:
    """One pattern for the IBANs of all countries in python-stdnum's IBAN registry, by length.

    Each country's IBAN has one length (DE 22, GB 22, FR 27, PL 28, ...); the
    pattern takes the country code, the two check digits and exactly that many
    letters or digits more, a separator allowed before any of them. An exact
    count (not "4-character groups, up to 34 in all") stops at the end of the
    account even when a word follows ("DE89 3704 0044 0532 0130 00 EUR"), and
    the optional separator before one character at a time keeps the match linear.
    """
    by_length: dict[int, list[str]] = {}
    for _, country, _, info, _ in numdb.get("iban").prefixes:
        structure = info.get("bban", "")
        length = sum(int(n) for n in re.findall(r"(\d+)!", structure))
        if len(country) == 2 and length:
            by_length.setdefault(length, []).append(country)
    by_length[24] += ["pl", "Pl"]  # "pl61 1090 ...": the Polish prefix typed in lower case
    # The country is checked by a look-behind after the generic "XX00" start: an alternation of
    # country codes in front would make the engine try every position of every message.
    groups = [
        rf"(?<=(?:{'|'.join(sorted(countries))}) ?\d\d)(?:{_SEP}[A-Za-z0-9]){{{length}}}"
        for length, countries in sorted(by_length.items(), reverse=True)
    ]
    return r"[A-Zp][A-Zl](?<![\w][A-Zp][A-Zl]) ?\d{2}(?:" + "|".join(groups) + ")" + _RIGHT


class PlIbanRecognizer(PatternRecognizer):
    """NRB / IBAN: the Polish 2 check digits + 8-digit bank code + 16-digit account, and foreign IBANs.

    Written plain or in groups: "61 1090 1014 0000 0712 1981 2874" (2 + 6x4),
    with an optional "PL" (a space or none after it); spaces, dashes or a line
    break between groups. Foreign IBANs ("DE89 3704 0044 0532 0130 00",
    "GB29NWBK60161331926819") are matched by each country's length and
    checked by python-stdnum (``stdnum.iban``: the registry's structure, the
    ISO 7064 mod 97 check and, for a few countries, the national check).
    """

    ENTITY = "NUMER_KONTA"
    # "konto", "konta", "rachunku", "IBAN", "przelewu", "bankowego".
    CONTEXT: ClassVar[list[str]] = ["konto", "konta", "koncie", "rachun", "iban", "nrb", "przelew", "bank"]

    def __init__(self, patterns: list[Pattern] | None = None, context: list[str] | None = None,
                 supported_language: str = "pl", supported_entity: str = ENTITY,
                 name: str | None = None) -> None:
        # Two patterns rather than an optional country: each starts with a digit or a
        # letter pair, which the regex engine scans for several times faster.
        patterns = patterns or [
            Pattern("nrb", r"(?<![\w]|\d[.,/ -])" + _NRB, 0.5),
            Pattern("iban", _iban_pattern(), 0.5),
        ]
        super().__init__(supported_entity=supported_entity, patterns=patterns,
                         context=context or self.CONTEXT, supported_language=supported_language,
                         name=name or type(self).__name__, global_regex_flags=0)

    def validate_result(self, pattern_text: str) -> bool:
        """True when ``stdnum.iban`` accepts the number (26 bare digits are read as a Polish NRB).

        The IBAN check (ISO 13616, mod 97): moving the country and the two check
        digits to the end and writing letters as numbers (A=10 ... Z=35) gives a
        number that leaves remainder 1 when divided by 97.
        """
        compact = "".join(c for c in pattern_text if c.isalnum()).upper()
        if compact.isdigit():
            if len(compact) != 26:
                return False
            compact = "PL" + compact
        return iban.is_valid(compact)
