"""E-mail addresses.

>>> r = PlEmailRecognizer()
>>> [(x.start, x.end, x.score) for x in r.analyze("Pisz na jan.kowalski+sklep@poczta.onet.pl.", ["EMAIL"])]
[(8, 41, 1.0)]
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

from pomocbot.guardrails.recognizers.common import polish_pattern_init

__all__ = ["PlEmailRecognizer"]


class PlEmailRecognizer(PatternRecognizer):
    """local@domain.tld; the local part may hold Polish letters, dots, "+", "-", "_", "%"."""

    ENTITY = "EMAIL"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "email",
            r"(?<![\w.%+-])[\w%+-]+(?:\.[\w%+-]+)*@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,24}(?![\w-]|\.\w)",
            0.5,
        ),
        # Spelled out against harvesters: "jan at wp.pl", "jan (at) wp [dot] pl", "jan małpa wp kropka pl".
        Pattern(
            "email_spelled",
            r"(?<![\w.%+-])[\w%+-]+(?:(?:\.|\s*(?:\[dot\]|\(dot\)|\{dot\}|\bkropka\b)\s*)[\w%+-]+)*"
            r"\s*(?:\(at\)|\[at\]|\{at\}|\bat\b|\bmałpa\b|\bmalpa\b)\s*"
            r"(?:[^\W_](?:[\w-]*[^\W_])?(?:\.|\s*(?:\[dot\]|\(dot\)|\{dot\}|\bkropka\b)\s*))+[^\W\d_]{2,24}"
            r"(?![\w-]|\.\w)",
            0.4,
        ),
    ]
    # "e-mail", "mailem", "adres", "poczty".
    CONTEXT: ClassVar[list[str]] = ["mail", "adres", "poczt"]

    __init__ = polish_pattern_init

    def validate_result(self, pattern_text: str) -> bool:
        """True when the address (spelled-out forms read back) fits RFC 5321's lengths."""
        address = _unspell(pattern_text)
        local, _, domain = address.rpartition("@")
        return 0 < len(local) <= 64 and len(address) <= 254 and "." in domain and " " not in address


def _unspell(text: str) -> str:
    """ "jan (at) wp [dot] pl" -> "jan@wp.pl"."""
    import re

    text = re.sub(r"\s*(?:\(at\)|\[at\]|\{at\}|\bat\b|\bmałpa\b|\bmalpa\b)\s*", "@", text)
    text = re.sub(r"\s*(?:\[dot\]|\(dot\)|\{dot\}|\bkropka\b)\s*", ".", text)
    return text
