"""What the numbers of Polish ID cards and passports share: a letter series, digits, a check digit.

Both are a series of capital letters followed by digits (ID card ``ABA 300000``,
passport ``EA 8000000``), nine characters in all, with one check digit among
them; only the weights and the number of letters differ. The recognizers
(:mod:`~pomocbot.guardrails.recognizers.pl_id_card`,
:mod:`~pomocbot.guardrails.recognizers.pl_passport`) keep their own constants
and call these two helpers.

>>> import regex  # presidio's matcher (``re`` refuses look-behinds of two widths)
>>> pattern = document_pattern("paszport", letters=2, digits=7)
>>> regex.findall(pattern.regex, "Paszport EA 8000000, kod XEA8000000, EA-8000000.")
['EA 8000000', 'EA-8000000']
>>> weighted_check_ok("ABA 300000", (7, 3, 1, 9, 7, 3, 1, 7, 3))
True
"""

from __future__ import annotations

from presidio_analyzer import Pattern

__all__ = ["document_pattern", "weighted_check_ok"]


def document_pattern(name: str, *, letters: int, digits: int) -> Pattern:
    """``letters`` capitals and ``digits`` digits, optionally split by a space or a dash; score 0.5.

    Not inside a longer word or number, nor glued by a dash to one ("X-ABA300000").
    """
    return Pattern(name, rf"(?<![\w]|\w[-])[A-Z]{{{letters}}}[ -]?\d{{{digits}}}(?![\w]|[.,/ -]\d)", 0.5)


def weighted_check_ok(pattern_text: str, weights: tuple[int, ...]) -> bool:
    """True when the letters and digits of ``pattern_text``, one per weight, pass the check.

    Letters count A=10 ... Z=35, digits as themselves (spaces and dashes are
    skipped); the weighted sum of all the characters must be divisible by 10.
    The check digit has weight 9 = -1 (mod 10), so it equals the weighted sum of
    the others modulo 10.

    >>> weighted_check_ok("ABA400000", (7, 3, 1, 9, 7, 3, 1, 7, 3)), weighted_check_ok("ABA30000", (7, 3))
    (False, False)
    """
    chars = [c for c in pattern_text if c.isalnum()]
    if len(chars) != len(weights):
        return False
    values = [int(c, 36) for c in chars]
    return sum(w * v for w, v in zip(weights, values, strict=False)) % 10 == 0
