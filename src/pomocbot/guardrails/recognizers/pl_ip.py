"""IP addresses, v4 and v6.

>>> r = PlIpRecognizer()
>>> [(x.start, x.end, x.score) for x in r.analyze("Logowanie z 192.168.1.20 i 2001:db8::1", ["IP"])]
[(12, 24, 0.6), (27, 38, 0.6)]
>>> r.analyze("wersja 300.1.1.1, o 12:30:45", ["IP"])
[]
"""

from __future__ import annotations

import ipaddress
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

from pomocbot.guardrails.recognizers.common import polish_pattern_init

__all__ = ["PlIpRecognizer"]

_VERSION_BEFORE = (
    r"(?i:wersj[aięi]|wersją|aplikacji|android\w{0,3}|ios|build|firmware|oprogramowani[aeu]|aktualizacj[aię]"
    r"(?: do)?|update|version|ver\.?) ?[v]?"
    # a NIP written with dots ("NIP 526.025.02.74"): the NIP recognizer's, even with a wrong check digit
    r"|(?i:nip)[:-]? ?"
)


class PlIpRecognizer(PatternRecognizer):
    """Dotted quads with octets 0-255, and IPv6 in full or "::" shortened form: 0.6.

    ``validate_result`` parses the candidate with :mod:`ipaddress`: octets
    above 255 and clock times ("12:30:45") fail. A valid address is not
    proof (a version number "1.2.3.4" parses too), so the score stays 0.6;
    "IP" nearby raises it.
    """

    ENTITY = "IP"
    # One pattern per version: combined under one look-behind they scan 20x slower.
    PATTERNS: ClassVar[list[Pattern]] = [
        # Not after a version word or "NIP": "wersja aplikacji 17.9.5.228", "Androida 12.3.7.122".
        Pattern("ipv4", r"(?<![\w.:]|\d[,/-]|" + _VERSION_BEFORE + r")\d{1,3}(?:\.\d{1,3}){3}(?![\w]|\.\d)",
                0.6),
        Pattern(
            "ipv6", r"(?<![\w.:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3}(?![\w:])", 0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["ip", "adres", "logow", "serwer"]

    __init__ = polish_pattern_init

    def validate_result(self, pattern_text: str) -> bool | None:
        """False unless :func:`ipaddress.ip_address` parses it; None (score stays 0.6) when it does."""
        try:
            ipaddress.ip_address(pattern_text)
        except ValueError:
            return False
        return None
