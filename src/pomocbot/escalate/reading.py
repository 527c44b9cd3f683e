"""What the frustration lexicon reads in one message, before its tone is weighed.

:func:`read_message` finds the signals (angry words, curses, sarcasm, capitals,
"!!!") and the relief (satisfaction) of a text once; scores over a conversation
(:mod:`pomocbot.escalate.frustration`) reuse the reading every turn.

>>> reading = read_message("Skandal, trzeci raz piszę!!!")
>>> [s.kind for s in reading.signals], reading.relief
(['negative', 'time_pressure', 'punctuation'], 0.0)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from pomocbot.escalate.lexicon import (
    AT_US,
    IRONY_MARKER,
    LEXICON,
    MASKED_WORD,
    POSITIVE,
    PRAISE,
    PROBLEM,
    fold_for_matching,
    is_negated,
    unmask_profanity,
)
from pomocbot.text.placeholders import PLACEHOLDER
from pomocbot.types import FrustrationSignal

__all__ = ["AIMED_WEIGHT", "IRONIC_PRAISE_WEIGHT", "RELIEF_CAP", "RELIEF_EACH", "VULGAR_PRAISE_WEIGHT",
           "MessageReading", "read_message"]

RELIEF_EACH = 0.3
"""Evidence taken off per word of satisfaction ("dziękuję", "polecam") ..."""
RELIEF_CAP = 0.9
"""... at most this much: praise never hides an insult."""

# Signals that name a problem: a curse next to one is aimed at it.
_PROBLEM_KINDS = frozenset({"complaint", "negative", "time_pressure"})
# Vulgar words that praise: "zajebisty", "zajebiście", "zarąbisty", "kurewsko dobre" (an intensifier).
_VULGAR_PRAISE = re.compile(r"zajebi(?:st|sc)\w*|zarabi(?:st|sc)\w*|kurewsko\W+(?:dobr|szybk|fajn|tani|mil)")
VULGAR_PRAISE_WEIGHT = 0.3
"""A vulgar word of praise weighs like a mild complaint: the register, not a sign of anger."""
AIMED_WEIGHT = 0.7
"""Anger with a target (see ``_aimed``): one clear angry word aimed at us or at a problem escalates
(1.0-1.3 + 0.7 is past the threshold's evidence of about 1.62), a stray curse or "jestem zła" does not."""
IRONIC_PRAISE_WEIGHT = 1.3
"""Praise made ironic by a marker next to a complaint: a clearer sign than bare praise (0.9)."""
_NEGATIVE_KINDS = frozenset(
    {"anger", "negative", "complaint", "profanity", "insult", "churn", "time_pressure"}
)

# The redactor's tokens, and "<PERSON>"-style ones from other tools.
_PLACEHOLDER = re.compile(PLACEHOLDER.pattern + r"|<[A-Z_]+(?:_\d+)?>")
_LONG_WORD = re.compile(r"\b[^\W\d_]{4,}\b")
_PUNCT_RUN = re.compile(r"[!?]*(?:!{2,}|\?{2,}|\?!|!\?)[!?]*")
# Words written in capitals by convention: no shouting.
_ACRONYMS = frozenset(
    "RODO UOKIK BLIK PESEL REGON PDF SMS VAT FAQ HTTP HTTPS INPOST DPD DHL UPS "
    "GLS ALLEGRO IBAN ASAP WWW MMS USB HDMI LED LCD WIFI NFC GPS".split()
)



def _mask_placeholders(text: str) -> str:
    # same length, so offsets stay valid
    return _PLACEHOLDER.sub(lambda m: " " * len(m.group()), text)


def _signal(kind: str, weight: float, start: int, end: int, text: str, index: int) -> FrustrationSignal:
    return FrustrationSignal(
        kind=kind, weight=weight, start=start, end=end, evidence=text[start:end], message=index
    )


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in spans)


def _aimed(signals: Sequence[FrustrationSignal], folded: str, text: str,
           index: int) -> list[FrustrationSignal]:
    """An ``"aimed"`` signal when the anger has a target: a curse next to a problem, anger at us.

    A curse is often a habit of speech ("kurwa, zapomniałem hasła"); next to a
    problem ("gdzie moja paczka", "nie doszła") it is anger at the situation.
    Anger or contempt with the company addressed ("mam was dość", "wasza
    obsługa to żenada") is aimed at us. Either adds :data:`AIMED_WEIGHT` once.
    """
    kinds = {s.kind for s in signals}
    if "profanity" in kinds:
        problem = next((s for s in signals if s.kind in _PROBLEM_KINDS), None)
        if problem is not None:
            return [_signal("aimed", AIMED_WEIGHT, problem.start, problem.end, text, index)]
        if match := PROBLEM.search(folded):
            return [_signal("aimed", AIMED_WEIGHT, *match.span(), text, index)]
    for s in signals:
        if s.kind in ("anger", "negative", "churn"):
            # the company named in the phrase itself or within a few words of it
            window = folded[max(0, s.start - 20): s.end + 20]
            if match := AT_US.search(window):
                return [_signal("aimed", AIMED_WEIGHT, s.start, s.end, text, index)]
    return []


def _ironic_praise(folded: str, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span of praise made ironic by a marker ("baaardzo zadowolona", "„szybka” dostawa"), or None.

    Called only for a message that also complains; the marker must touch the
    praise (within about two words), so a stretched "nieee" elsewhere does not count.
    """
    for marker in IRONY_MARKER.finditer(folded):
        lo, hi = max(0, marker.start() - 16), marker.end() + 24
        for praise in POSITIVE.finditer(folded, lo, hi):
            if not _overlaps(spans, *praise.span()) and not is_negated(folded, praise.start()):
                return min(marker.start(), praise.start()), max(marker.end(), praise.end())
        # the stretched word may be the praise itself: "suuuper"
        collapsed = re.sub(r"([a-z])\1+", r"\1", marker.group())
        if collapsed != marker.group() and POSITIVE.fullmatch(collapsed):
            return marker.span()
    return None


@dataclass(frozen=True)
class MessageReading:
    """What the lexicon reads in one message, before its tone is weighed (``message`` index 0).

    >>> [s.kind for s in read_message("Skandal!!!").signals]
    ['negative', 'punctuation']
    """

    signals: tuple[FrustrationSignal, ...]
    relief: float


@lru_cache(maxsize=8192)
def read_message(text: str) -> MessageReading:
    """The lexicon's reading of ``text``, computed once per text (later turns re-read the history)."""
    signals, relief = _read(text)
    return MessageReading(tuple(signals), relief)


def _read(text: str, index: int = 0) -> tuple[list[FrustrationSignal], float]:
    """The tone-independent part of :func:`_analyse`."""
    masked = _mask_placeholders(text)
    folded = fold_for_matching(masked)
    signals: list[FrustrationSignal] = []
    spans: list[tuple[int, int]] = []
    for m in MASKED_WORD.finditer(folded):
        if unmask_profanity(m.group()) is not None:
            signals.append(_signal("profanity", 1.3, m.start(), m.end(), text, index))
            spans.append(m.span())
    for entry in LEXICON:
        for m in entry.pattern.finditer(folded):
            start, end = m.span()
            if _overlaps(spans, start, end) or (entry.negatable and is_negated(folded, start)):
                continue
            if entry.kind == "profanity" and _VULGAR_PRAISE.match(folded, start):
                # "zajebiście szybka dostawa": a vulgar word of praise is a register, not anger
                signals.append(_signal("vulgar", VULGAR_PRAISE_WEIGHT, start, end, text, index))
                spans.append((start, end))
                continue
            signals.append(_signal(entry.kind, entry.weight, start, end, text, index))
            spans.append((start, end))
    signals.extend(_aimed(signals, folded, text, index))
    negative = any(s.kind in _NEGATIVE_KINDS for s in signals)
    sarcastic = any(s.kind == "sarcasm" for s in signals)
    if negative and not sarcastic:
        if irony := _ironic_praise(folded, spans):
            signals.append(_signal("sarcasm", IRONIC_PRAISE_WEIGHT, *irony, text, index))
            sarcastic = True
        elif (praise := PRAISE.search(folded)) and not _overlaps(spans, *praise.span()):
            signals.append(_signal("sarcasm", 0.9, praise.start(), praise.end(), text, index))
            sarcastic = True
    relief = 0.0
    if not sarcastic:
        n = sum(
            1
            for m in POSITIVE.finditer(folded)
            if not _overlaps(spans, *m.span()) and not is_negated(folded, m.start())
        )
        relief = min(RELIEF_CAP, RELIEF_EACH * n)
    words = [m for m in _LONG_WORD.finditer(masked) if m.group().upper() not in _ACRONYMS]
    shouted = [m for m in words if m.group().isupper()]
    if len(shouted) >= 2 and len(shouted) >= 0.3 * len(words):
        ratio = len(shouted) / len(words)
        signals.append(
            _signal("caps", round(0.3 + 0.7 * ratio, 3), shouted[0].start(), shouted[-1].end(), text, index)
        )
    for m in _PUNCT_RUN.finditer(masked):
        run = m.group()
        weight = 0.6 if len(run) >= 3 else 0.5 if ("!" in run and "?" in run) else 0.35
        signals.append(_signal("punctuation", weight, m.start(), m.end(), text, index))
    signals.sort(key=lambda s: (s.start, s.end))
    return signals, relief
