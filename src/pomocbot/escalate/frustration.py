"""Frustration of a customer, per message and over a conversation.

A message's *evidence* ``x`` is the sum of its signal weights (each kind
capped at :data:`KIND_CAP`, so ten "!!!" are not ten insults) minus a small
relief for words of satisfaction; its score is a logistic squash
``1 / (1 + exp(-SLOPE * (x - BIAS)))``. A conversation's evidence is the
recency-weighted sum ``sum(RECENCY ** age * x_i)``: an angry message two turns
ago still counts a third as much as one now.

Signals: the lexicon groups of :mod:`pomocbot.escalate.lexicon` (anger,
negative, complaint, profanity including masked spellings, insult, sarcasm,
time pressure, churn), shouting in capitals, runs of "!!!"/"???"/"?!", anger
with a target (a curse next to a problem, anger at the company: ``"aimed"``),
praise made ironic by a marker next to a complaint ("baaardzo zadowolona, paczka
przyszła po miesiącu"), and in a conversation repeated near-identical messages
and repeated complaints.
Placeholders left by redaction ("[OSOBA_1]") are blanked before anything is
measured, so they neither shout nor match a word.

Optionally each message also has a *tone*: the probability from
:class:`pomocbot.escalate.tone.ToneClassifier` (an embedding classifier
trained on our own examples, CLARIN-Emo and the cyberbullying tweets) that it
sounds frustrated. It adds ``TONE_WEIGHT * logit(tone)`` to the evidence, at
most :data:`TONE_CAP` either way: an angry-sounding message without angry words
gains a ``"tone"`` signal, a calm-sounding one with a stray negative word ("kot
będzie zawiedziony") is eased. ``TONE_WEIGHT`` was first the ratio of the two
coefficients of a logistic regression of the label on [lexicon evidence,
logit(tone)], fitted on out-of-fold predictions over our examples (0.43-0.58;
0.5 taken). Refitted on out-of-fold predictions over all three training sets
the ratio is 0.71 (USE) and 0.95 (e5), but the out-of-fold AUC of the score
moves by less than 0.003 on each set between 0.5 and 1.0 (cap 1.5 or more), so
0.5 stays; with ``TONE_CAP = 1.5`` the tone alone never takes a message past
the escalation threshold (score 0.65 < 0.7). Shouting is the ``caps`` signal's
to weigh: the embedding of a shouted message sounds angry too (e5 rates 34 % of
our calm examples angry once upper-cased, against 13 % as written), so the tone
adds only what it has beyond the caps signal's weight.

How the constants were chosen: ``BIAS`` and ``SLOPE`` put a message with no
evidence at 0.08 (calm), one mild complaint ("niestety") below 0.3, one clear
angry word at about 0.4 (impatient), two at about 0.8 and an insult with
shouting above 0.9, on the tables in ``tests/escalate/test_frustration.py``
that we wrote. ``RECENCY = 0.6`` lets a calm reply halve the weight of
anger within about two turns. Level thresholds split the squash into the four
levels at the same points. No constant was fitted to the benchmark data.

>>> a = assess_conversation(["Gdzie jest moja paczka?", "TRZECI RAZ PISZĘ!!! Skandal, oszuści."])
>>> a.level, a.trend, a.level.label
(<FrustrationLevel.FURIOUS: 'furious'>, <Trend.RISING: 'rising'>, 'wściekły')
>>> score_message("Dziękuję, wszystko dotarło, polecam") < 0.1
True
>>> sorted({s.kind for s in assess_message("Nie jestem zły, ale k***a ile można czekać?!")})
['aimed', 'profanity', 'punctuation', 'time_pressure']
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from pomocbot.codes import FrustrationLevel, Trend
from pomocbot.escalate.lexicon import fold_for_matching
from pomocbot.escalate.reading import (
    _NEGATIVE_KINDS,
    AIMED_WEIGHT,
    IRONIC_PRAISE_WEIGHT,
    VULGAR_PRAISE_WEIGHT,
    MessageReading,
    _mask_placeholders,
    _signal,
    read_message,
)
from pomocbot.types import FrustrationAssessment, FrustrationSignal

__all__ = [
    "AIMED_WEIGHT",
    "BIAS",
    "IRONIC_PRAISE_WEIGHT",
    "KIND_CAP",
    "LEVELS",
    "RECENCY",
    "SLOPE",
    "TONE_CAP",
    "TONE_WEIGHT",
    "VULGAR_PRAISE_WEIGHT",
    "MessageReading",
    "assess_conversation",
    "assess_message",
    "frustration_level",
    "read_message",
    "score_message",
]

BIAS = 1.2
"""Evidence at which the score is 0.5 (a bit more than one clear angry word)."""
SLOPE = 2.0
"""Steepness of the squash: no evidence gives 0.08, two angry words about 0.83."""
KIND_CAP = {
    "punctuation": 1.0,
    "caps": 1.0,
    "complaint": 1.6,
    "negative": 2.4,
    "sarcasm": 1.8,
    "time_pressure": 1.6,
    "repeat": 1.6,
}
"""Largest total one kind may add to a message; kinds not listed are capped at 3.0."""
DEFAULT_CAP = 3.0
RECENCY = 0.6
"""Weight of a message one turn older than the last (two turns: 0.36)."""
LEVELS = ((0.3, FrustrationLevel.CALM), (0.55, FrustrationLevel.IMPATIENT), (0.8, FrustrationLevel.UPSET),
          (1.01, FrustrationLevel.FURIOUS))
"""Upper score bounds of the levels (:meth:`FrustrationLevel.for_score` reads the same bounds)."""
TREND_DELTA = 0.15
"""How far the last message must be from the earlier ones' mean to call a trend."""
REPEAT_WEIGHT = 0.8
"""A message nearly identical (token Jaccard >= 0.7) to an earlier one."""
REPEATED_COMPLAINT_WEIGHT = 0.5
"""A complaint after two or more earlier complaining messages."""
TONE_WEIGHT = 0.5
"""Evidence per unit of the tone's log-odds (see the module docstring)."""
TONE_CAP = 1.5
"""Largest evidence the tone may add or take off: it weighs a message, it does not overrule an insult."""
# Sarcasm sounds calm or glad to the tone model by design: a calm tone eases none of these.
_NO_TONE_RELIEF = frozenset({"insult", "profanity", "sarcasm", "aimed"})
_TOKEN = re.compile(r"\w+")
def _tone_evidence(tone: float | None) -> float:
    if tone is None:
        return 0.0
    p = min(max(float(tone), 1e-6), 1 - 1e-6)
    return max(-TONE_CAP, min(TONE_CAP, TONE_WEIGHT * math.log(p / (1 - p))))


def _analyse(text: str, index: int = 0, tone: float | None = None,
             reading: MessageReading | None = None) -> tuple[list[FrustrationSignal], float]:
    """Signals of one message and its relief (evidence taken off for satisfaction or a calm tone)."""
    reading = reading or read_message(text)
    signals = [s if index == 0 else s.model_copy(update={"message": index}) for s in reading.signals]
    relief = reading.relief
    from_tone = _tone_evidence(tone)
    if from_tone > 0:
        # Capitals are already counted by the caps signal; the tone does not hear them twice.
        from_tone = max(0.0, from_tone - sum(s.weight for s in signals if s.kind == "caps"))
    if from_tone > 0:
        signals.append(_signal("tone", round(from_tone, 3), 0, len(text), "", index))
        signals.sort(key=lambda s: (s.start, s.end))
    elif not any(s.kind in _NO_TONE_RELIEF for s in signals):
        relief -= from_tone  # a calm tone eases stray words, never an insult or a curse
    return signals, relief


def _evidence(signals: Sequence[FrustrationSignal], relief: float = 0.0) -> float:
    totals: dict[str, float] = {}
    for s in signals:
        totals[s.kind] = totals.get(s.kind, 0.0) + s.weight
    return sum(min(KIND_CAP.get(k, DEFAULT_CAP), v) for k, v in totals.items()) - relief


def _squash(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-SLOPE * (x - BIAS)))


def frustration_level(score: float) -> FrustrationLevel:
    """The level of a score (its Polish name is ``.label``).

    >>> [frustration_level(x).label for x in (0.1, 0.4, 0.7, 0.95)]
    ['spokojny', 'zniecierpliwiony', 'zdenerwowany', 'wściekły']
    """
    return FrustrationLevel.for_score(score)


def assess_message(text: str, *, message: int = 0, tone: float | None = None) -> list[FrustrationSignal]:
    """Frustration signals in one (possibly redacted) message, in text order.

    ``message`` is stored in each signal as the message's index; ``tone`` is
    the optional tone probability (see the module docstring).

    >>> [(s.kind, s.evidence) for s in assess_message("Zdenerwowany jestem, dzięki za nic!!!")]
    [('anger', 'Zdenerwowany'), ('sarcasm', 'dzięki za nic'), ('punctuation', '!!!')]
    >>> assess_message("[OSOBA_1] [ADRES_1] prosi o fakturę")
    []
    """
    return _analyse(text, message, tone)[0]


def score_message(text: str, tone: float | None = None) -> float:
    """Frustration score 0..1 of one message on its own.

    >>> score_message("Dzień dobry, gdzie jest paczka?") < 0.1
    True
    >>> score_message("WY IDIOCI, ile można czekać?!!") > 0.95
    True
    """
    return _squash(_evidence(*_analyse(text, 0, tone)))


def _near_duplicate(a: set[str], b: set[str]) -> bool:
    return len(a) >= 3 and len(b) >= 3 and len(a & b) >= 0.7 * len(a | b)


def assess_conversation(messages: Sequence[str], tones: Sequence[float | None] | None = None,
                        readings: Sequence[MessageReading | None] | None = None) -> FrustrationAssessment:
    """Frustration over a conversation's customer messages (oldest first).

    ``tones``, when given, holds each message's tone probability (``None``
    where unknown); ``readings`` the messages' :func:`read_message` where
    the caller already has them.

    >>> a = assess_conversation(["Paczka nie dotarła.", "Paczka nie dotarła!!", "Nadal nic. Rezygnuję."])
    >>> str(a.trend), str(a.level), [s.kind for s in a.signals if s.kind == "repeat"]
    ('rising', 'furious', ['repeat', 'repeat'])
    >>> assess_conversation([]).level.label
    'spokojny'
    """
    evidences: list[float] = []
    signals: list[FrustrationSignal] = []
    seen: list[set[str]] = []
    complaining = 0
    for i, text in enumerate(messages):
        sigs, relief = _analyse(text, i, tones[i] if tones is not None and i < len(tones) else None,
                                readings[i] if readings is not None and i < len(readings) else None)
        tokens = set(_TOKEN.findall(fold_for_matching(_mask_placeholders(text))))
        if any(_near_duplicate(tokens, earlier) for earlier in seen):
            sigs.append(_signal("repeat", REPEAT_WEIGHT, 0, len(text), text, i))
        is_complaint = any(s.kind in _NEGATIVE_KINDS for s in sigs)
        if is_complaint and complaining >= 2:
            sigs.append(_signal("repeat", REPEATED_COMPLAINT_WEIGHT, 0, 0, "", i))
        complaining += is_complaint
        seen.append(tokens)
        signals.extend(sigs)
        evidences.append(_evidence(sigs, relief))
    per_message = [_squash(x) for x in evidences]
    n = len(evidences)
    total = sum(RECENCY ** (n - 1 - i) * (x if i == n - 1 else max(x, 0.0)) for i, x in enumerate(evidences))
    score = _squash(total) if n else _squash(0.0)
    trend = Trend.STABLE
    if n >= 2:
        earlier = per_message[max(0, n - 4) : n - 1]
        delta = per_message[-1] - sum(earlier) / len(earlier)
        trend = (Trend.RISING if delta > TREND_DELTA else Trend.FALLING if delta < -TREND_DELTA
                 else Trend.STABLE)
    return FrustrationAssessment(
        score=score, level=frustration_level(score), signals=signals, trend=trend, per_message=per_message
    )
