"""A phrase rule: a reason code, its Polish detail and the patterns that find it.

Each reason module (``sensitive``, ``legal_threat``, ...) keeps its ``RULES``
next to its phrase tables. A rule searches the message's folded text (or its
typo-fixed form) with each pattern in turn; the first match that
``unless`` does not reject wins. ``when`` is a condition on the whole message, checked
first. With ``every_match`` a rejected match lets the pattern's later matches be
tried; without it only a pattern's first match counts.

>>> import re
>>> from pomocbot.codes import ReasonCode
>>> rule = Rule(ReasonCode.COMPLAINT, "reklamacja", (re.compile(r"\\breklamac\\w*"),),
...             when=lambda m: "?" not in m.folded)
>>> rule.reason(FoldedMessage.of("Składam REKLAMACJĘ."))
EscalationReason(code='complaint', detail='reklamacja', evidence='reklamacje')
>>> rule.reason(FoldedMessage.of("Jak złożyć reklamację?")) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pomocbot.codes import ReasonCode
from pomocbot.escalate.triggers.text import FoldedMessage
from pomocbot.types import EscalationReason

__all__ = ["Rule", "first_match"]


def first_match(patterns: tuple[re.Pattern[str], ...], folded: str) -> re.Match[str] | None:
    """The first match of the first pattern that matches ``folded`` at all.

    >>> first_match((re.compile("b"), re.compile("a")), "a b").group()
    'b'
    """
    for pattern in patterns:
        if match := pattern.search(folded):
            return match
    return None


@dataclass(frozen=True)
class Rule:
    """``code`` with ``detail`` when one of ``patterns`` matches (see the module docstring)."""

    code: ReasonCode
    detail: str
    patterns: tuple[re.Pattern[str], ...]
    unless: Callable[[FoldedMessage, re.Match[str]], bool] | None = None
    when: Callable[[FoldedMessage], bool] | None = None
    typo_fixed: bool = False
    every_match: bool = False

    def match(self, message: FoldedMessage) -> re.Match[str] | None:
        """The match that makes this rule apply to ``message``, or ``None``."""
        if self.when is not None and not self.when(message):
            return None
        text = message.typo_fixed if self.typo_fixed else message.folded
        if self.unless is None:
            return first_match(self.patterns, text)
        for pattern in self.patterns:
            if self.every_match:
                matches: Iterable[re.Match[str]] = pattern.finditer(text)
            else:
                first = pattern.search(text)
                matches = [first] if first else []
            for match in matches:
                if not self.unless(message, match):
                    return match
        return None

    def reason(self, message: FoldedMessage) -> EscalationReason | None:
        """The reason this rule gives ``message`` (the matched words as evidence), or ``None``."""
        match = self.match(message)
        if match is None:
            return None
        return EscalationReason(code=self.code, detail=self.detail, evidence=match.group(0).strip())
