"""Courtesy messages: thanks, greetings, goodbyes and "ok" that ask for nothing.

A customer who writes "dzięki, to biorę" or "DZIĘKUJĘ ŚLICZNIE" has no
question for the knowledge base; answering "I did not find that" (and then
counting it as the bot's abstention) would be wrong twice. :func:`small_talk`
recognises such messages so the assistant can answer with a courtesy instead.

It is deliberately narrow: a message is small talk only when it carries a
courtesy marker, asks nothing (no "?", no question word, no request verb) and
has at most :data:`MAX_OTHER_WORDS` other content words. Sarcasm ("dzięki za
nic") is left to the caller, which checks frustration signals first.

>>> small_talk("Dzięki, to biorę!")
'thanks'
>>> small_talk("DZIEKUJE SLICZNIE")
'thanks'
>>> small_talk("dzień dobry")
'greeting'
>>> small_talk("ok, do widzenia")
'farewell'
>>> small_talk("Dzień dobry, ile kosztuje kurier?") is None
True
>>> small_talk("dzięki, a jak zwrócić buty") is None
True
>>> small_talk("Dzień dobry, mam problem z zamówieniem") is None
True
"""

from __future__ import annotations

import re
from typing import Literal

from pomocbot.text.normalize import fold_diacritics
from pomocbot.text.stopwords import is_stopword

__all__ = ["MAX_OTHER_WORDS", "MAX_OTHER_WORDS_BARE", "SmallTalk", "small_talk"]

SmallTalk = Literal["thanks", "greeting", "farewell", "acknowledgement"]

MAX_OTHER_WORDS = 4
"""Content words besides thanks or goodbye ("haha dzięki, kot będzie zawiedziony" has 3)."""
MAX_OTHER_WORDS_BARE = 1
"""... and besides a bare greeting or "ok": "Dzień dobry, mam problem z zamówieniem" is a question."""

# Matched on folded text (lower case, no diacritics). Order decides the kind when several occur.
_MARKERS: tuple[tuple[SmallTalk, re.Pattern[str]], ...] = (
    ("farewell", re.compile(
        r"\b(?:do\W+widzenia|do\W+uslyszenia|dobranoc|milego\W+dnia|milego\W+wieczoru|na\W+razie|papa|"
        r"pozdrawiam\w*|nara|bye|goodbye|"
        # "to wszystko" ends the talk; "to wszystko jasne" does not
        r"to\W+(?:juz\W+)?wszystko(?!\W+(?:jasne|wiadomo|rozumiem|dziala|gra|ok)))\b")),
    ("thanks", re.compile(
        r"\b(?:dzieki\w*|dziek\w*|dzienki\w*|dziekuj\w*|dzieku\w*|dziena|dzk|dzx|thx|thanks|thank\W+you|"
        r"bog\W+zaplac|wielkie\W+dzieki)\b")),
    ("greeting", re.compile(
        r"\b(?:dzien\W+dobry|dobry\W+wieczor|czesc|witam\w*|witaj\w*|hej\w*|siema\w*|halo|hello|hi)\b")),
    ("acknowledgement", re.compile(
        r"\b(?:ok|okej\w*|okay|oki|dobrze|jasne|rozumiem|zrozumial\w*|super|swietnie|spoko|git|ekstra|"
        r"extra|fajnie|w\W+porzadku|zgoda|przyjalem|przyjelam|haha\w*|hehe\w*|pieknie|idealnie)\b")),
)
# Anything that asks or requests keeps the message a question for the knowledge base.
_ASKS = re.compile(
    r"\?|\b(?:ile|jak|jaki\w*|jakie\w*|gdzie|kiedy|czy|co|dlaczego|czemu|ktor\w*|kto|skad|dokad|po\W+co|"
    r"mozna|moge|mozecie|moglby\w*|prosze|poprosze|prosba|chce\w*|chcial\w*|potrzebuj\w*|musz\w*|"
    r"pomozcie|pomoz\w*|wyslij\w*|zmien\w*|anuluj\w*|sprawdz\w*|nie)\b"
)
_WORD = re.compile(r"[a-z]+")


def small_talk(message: str) -> SmallTalk | None:
    """The kind of courtesy ``message`` is, or ``None`` when it asks for something."""
    folded = fold_diacritics(message.lower())
    if _ASKS.search(folded):
        return None
    kind: SmallTalk | None = None
    rest = folded
    for name, pattern in _MARKERS:
        if pattern.search(rest):
            kind = kind or name
            rest = pattern.sub(" ", rest)
    if kind is None:
        return None
    others = [w for w in _WORD.findall(rest) if len(w) > 2 and not is_stopword(w)]
    limit = MAX_OTHER_WORDS if kind in ("thanks", "farewell") else MAX_OTHER_WORDS_BARE
    return kind if len(others) <= limit else None
