"""Conversation rules: the bot failing again (``repeated_abstention``, ``unanswered``), a question asked
again (``loop``).

These read the history, not phrases: assistant turns carry
``metadata["abstained"]``, and a customer who asks what the bot already
answered ("gdzie jest MOJA paczka???" after "Gdzie jest moja paczka?") was not
helped by the answer.

>>> question_overlap("Gdzie jest moja paczka?", "gdzie jest MOJA paczka???")
1.0
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pomocbot.codes import ReasonCode
from pomocbot.config import EscalationConfig
from pomocbot.conversation.base import Turn
from pomocbot.conversation.meta import assistant_meta
from pomocbot.escalate.triggers.text import FoldedMessage, Message
from pomocbot.text.stopwords import is_stopword
from pomocbot.types import EscalationReason

__all__ = ["LOOP_OVERLAP", "abstention_reason", "loop_reason", "question_overlap"]

LOOP_OVERLAP = 0.75
"""Share of content terms two questions must share to count as the same. 2 of 3 is too little:
"dostawa kurierem za granicę" after "dostawa do paczkomatu" is a new question."""
# The customer says outright that the question is a repeat or went unanswered.
_LOOP_MARKER = re.compile(
    r"\b(?:(?:pytam|pisze|powtarzam)\W+(?:\w+\W+)?(?:jeszcze\W+raz|ponownie|znowu|kolejny\W+raz|po\W+raz)|"
    r"jeszcze\W+raz\W+(?:pytam|pisze|powtarzam)|nie\W+odpowiedzial\w*\W+na\W+(?:moje\W+)?pytani\w*|"
    r"to\W+nie\W+jest\W+odpowiedz\w*|nie\W+o\W+to\W+pytal\w*)"
)


def _content_terms(text: Message) -> set[str]:
    """Folded content words cut to 5 letters: a crude stem that joins case forms."""
    words = re.findall(r"[a-z0-9]+", FoldedMessage.of(text).folded)
    return {word[:5] for word in words if len(word) > 2 and not is_stopword(word)}


def _overlap(ta: set[str], tb: set[str]) -> float:
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


def question_overlap(a: Message, b: Message) -> float:
    """Share of shared content terms (overlap coefficient, 0..1) of two messages.

    >>> question_overlap("Gdzie jest moja paczka?", "gdzie jest MOJA paczka???")
    1.0
    >>> question_overlap("Ile kosztuje dostawa?", "Jak zwrócić buty?")
    0.0
    """
    return _overlap(_content_terms(a), _content_terms(b))


def _abstentions_in_a_row(history: Sequence[Turn], abstained: bool | None) -> int:
    count = 1 if abstained else 0
    if abstained is False:
        return 0
    for turn in reversed(history):
        if turn.role != "assistant":
            continue
        if not assistant_meta(turn).abstained:
            break
        count += 1
    return count


def abstention_reason(history: Sequence[Turn], abstained: bool | None,
                      config: EscalationConfig) -> EscalationReason | None:
    """``repeated_abstention`` after ``config.abstentions_in_a_row`` unknown answers, else ``unanswered``
    for this one when ``config.abstention_escalates``, else ``None``.

    ``abstained`` is the bot's answer to the current message (``None``: not known yet).

    >>> abstention_reason([], True, EscalationConfig(abstentions_in_a_row=1)).detail
    'asystent nie znał odpowiedzi 1 razy z rzędu'
    >>> abstention_reason([], True, EscalationConfig()) is None
    True
    """
    streak = _abstentions_in_a_row(history, abstained)
    if streak >= config.abstentions_in_a_row:
        return EscalationReason(code=ReasonCode.REPEATED_ABSTENTION,
                                detail=f"asystent nie znał odpowiedzi {streak} razy z rzędu")
    if abstained and config.abstention_escalates:
        # The bot says it does not know; a consultant answers instead (or the bot promises nothing).
        return EscalationReason(code=ReasonCode.UNANSWERED,
                                detail="asystent nie znalazł odpowiedzi w bazie wiedzy")
    return None


def loop_reason(message: Message, history: Sequence[Turn]) -> EscalationReason | None:
    """``loop``: the same question again after the bot answered it (an earlier customer turn, then an answer).

    >>> from datetime import datetime, timezone
    >>> at = datetime(2026, 11, 2, 9, tzinfo=timezone.utc)
    >>> history = [Turn(role="customer", text="Ile kosztuje dostawa do paczkomatu?", at=at),
    ...            Turn(role="assistant", text="9,99 zł.", at=at)]
    >>> loop_reason("ile kosztuje dostawa do paczkomatu???", history).detail
    'to samo pytanie ponownie (podobieństwo 1.00)'
    >>> loop_reason("A kurierem?", history) is None
    True
    """
    message = FoldedMessage.of(message)
    answered = [
        turn for i, turn in enumerate(history)
        if turn.role == "customer" and any(later.role == "assistant" for later in history[i + 1:])
    ]
    terms = _content_terms(message)
    best, best_turn = 0.0, None
    for turn in answered:
        overlap = _overlap(terms, _content_terms(turn.text))
        if overlap > best:
            best, best_turn = overlap, turn
    if best_turn is not None and best >= LOOP_OVERLAP and len(terms) >= 2:
        return EscalationReason(code=ReasonCode.LOOP,
                                detail=f"to samo pytanie ponownie (podobieństwo {best:.2f})",
                                evidence=best_turn.text[:120].strip())
    marker = _LOOP_MARKER.search(message.folded)
    if marker and answered:
        return EscalationReason(code=ReasonCode.LOOP, detail="klient ponawia pytanie po odpowiedzi",
                                evidence=marker.group(0).strip())
    return None
