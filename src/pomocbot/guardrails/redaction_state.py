"""What a :class:`~pomocbot.guardrails.redaction.Redactor` keeps per conversation, and under which key.

Two mentions are one value when their normalised forms (:func:`value_key`)
are equal: the digits of a PESEL or a phone number, an ID card's letters and
digits, a person's name with its case endings cut ("Jana Kowalskiego" and
"Jan Kowalski"). :class:`ConversationState` keeps a keyed hash of each such key
(HMAC-SHA256 under the conversation's secret) with the token it got, never the
value itself.

>>> value_key("TELEFON", "+48 600 100 200", str), value_key("DOWOD", "aba-300000", str)
('600100200', 'ABA300000')
>>> state = ConversationState(b"secret")
>>> len(state.digest("EMAIL", "ala@poczta.pl")), state.digest("EMAIL", "x") == state.digest("EMAIL", "y")
(16, False)
"""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timezone

from pomocbot.text.normalize import fold_diacritics

__all__ = ["ConversationState", "default_name_key", "simple_name_key", "value_key"]

_ENDINGS = tuple(sorted("iego iemu ego emu owi iej ami ach iem im ym om em ie ą ę a u y i o e".split(),
                        key=len, reverse=True))


def simple_name_key(text: str) -> str:
    """A crude key that maps inflected forms of a name to one string (case endings cut).

    The fallback when :mod:`pomocbot.guardrails.names` is not available, and the
    key of places and organisations.

    >>> simple_name_key("Jana Kowalskiego") == simple_name_key("Jan Kowalski")
    True
    >>> simple_name_key("Annie Nowak") == simple_name_key("Anna Nowak")
    True
    """
    words = []
    for word in re.findall(r"[^\W\d_]+", fold_diacritics(text.lower())):
        for ending in _ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                word = word[: -len(ending)]
                break
        words.append(word)
    return " ".join(words)


def default_name_key() -> Callable[[str], str]:
    """:func:`pomocbot.guardrails.names.name_key`, or :func:`simple_name_key` where it cannot be imported."""
    try:
        from pomocbot.guardrails.names import name_key
    except ImportError:
        return simple_name_key
    return name_key


_DIGIT_TYPES = frozenset({"PESEL", "NIP", "REGON", "NUMER_KONTA", "KARTA", "KOD_POCZTOWY"})


def value_key(entity_type: str, value: str, name_key: Callable[[str], str]) -> str:
    """The form under which two mentions count as the same value."""
    if entity_type in _DIGIT_TYPES or entity_type == "TELEFON":
        digits = re.sub(r"\D", "", value)
        if entity_type == "TELEFON" and len(digits) > 9:
            digits = digits[-9:]  # "+48 600 100 200" and "600100200" are one number
        if digits:
            return digits
    elif entity_type in ("DOWOD", "PASZPORT"):
        return re.sub(r"[^0-9A-Z]", "", value.upper())
    elif entity_type == "OSOBA":
        return name_key(value) or value.casefold()
    elif entity_type in ("MIEJSCE", "ORGANIZACJA"):
        return simple_name_key(value) or value.casefold()
    return " ".join(value.casefold().split())


class ConversationState:
    """One conversation's tokens: keyed hash of a normalised value -> token, under a private secret."""

    def __init__(self, secret: bytes) -> None:
        self.secret = secret
        self.lock = threading.Lock()
        self.tokens: dict[bytes, str] = {}
        self.counters: Counter[str] = Counter()
        self.issued: set[bytes] = set()  # hashes of the pseudonyms given out (never redacted again)
        self.forms: set[str] = set()  # inflected forms of replacement names given out
        self.last_used = datetime.now(timezone.utc)
        self._pattern: re.Pattern[str] | None = None
        self._pattern_size = 0

    def digest(self, entity_type: str, key: str) -> bytes:
        return hmac.new(self.secret, f"{entity_type}\x1f{key}".encode(), hashlib.sha256).digest()[:16]

    def clear(self) -> int:
        """Drop every token (and the pattern built from them); returns how many there were."""
        dropped = len(self.tokens)
        self.tokens.clear()
        self.issued.clear()
        self.forms.clear()
        self.counters.clear()
        self._pattern = None
        return dropped

    def invalidate(self) -> None:
        """Forget the compiled pattern of issued pseudonyms (a form was added)."""
        self._pattern = None

    def pseudonym_spans(self, text: str) -> list[tuple[int, int]]:
        """Where the pseudonyms given out stand in ``text``, whatever type a detector now reads them as.

        ("+48 501234567" may read as a PESEL "48501234567" the second time.)
        """
        if not self.tokens:
            return []
        if self._pattern is None or self._pattern_size != len(self.tokens) + len(self.forms):
            fakes = sorted(set(self.tokens.values()) | self.forms, key=len, reverse=True)
            self._pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, fakes)) + r")(?!\w)")
            self._pattern_size = len(self.tokens) + len(self.forms)
        return [match.span() for match in self._pattern.finditer(text)]

