"""Customer feedback on a conversation: CSAT, NPS and a comment, redacted and erased with the conversation.

A backend asks the customer after a conversation ("Jak oceniasz rozmowę?",
1-5; "Czy polecił(a)byś nas znajomym?", 0-10) and records the answer with
:func:`record_feedback`. The comment is free text, so it goes through the
given ``redact`` callable (the assistant's redactor when privacy is on)
before any store sees it. A conversation may get several answers (a survey
in the chat, another by e-mail); all are kept, and
:func:`pomocbot.analytics.service.service_metrics` counts the latest of each.

>>> from datetime import datetime, timezone
>>> from pomocbot.conversation import MemoryConversationStore, Turn
>>> at = datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)
>>> store = MemoryConversationStore()
>>> store.append("c-1", [Turn(role="customer", text="Gdzie paczka?", at=at)])
>>> mask_phone = lambda text: text.replace("601 234 567", "[TELEFON]")
>>> record_feedback(store, "c-1", csat=5, nps=9, comment="Szybko! Dzwońcie: 601 234 567", at=at,
...                 redact=mask_phone).comment
'Szybko! Dzwońcie: [TELEFON]'
>>> [(f.csat, f.nps) for f in store.feedback("c-1")]
[(5, 9)]
>>> record_feedback(store, "c-1", csat=6, at=at, redact=mask_phone)
Traceback (most recent call last):
...
pomocbot.errors.InvalidArgumentError: csat must be an int from 1 (very bad) to 5 (very good), got 6; ...
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from pomocbot.conversation.base import Feedback, FeedbackStore
from pomocbot.conversation.memory import as_utc
from pomocbot.errors import ConversationStoreError, InvalidArgumentError

__all__ = ["MAX_COMMENT_CHARS", "feedback_store", "record_feedback"]

MAX_COMMENT_CHARS = 5000
"""Longest comment accepted (characters, before redaction): a survey answer, not a document."""


def feedback_store(store: object) -> FeedbackStore:
    """``store`` itself when it keeps feedback, else :class:`~pomocbot.errors.ConversationStoreError`.

    A store of one's own (Redis, PostgreSQL) that implements only the five
    turn methods keeps working for replies; feedback needs ``add_feedback``,
    ``feedback`` and ``all_feedback`` besides (see
    :class:`~pomocbot.conversation.base.FeedbackStore`).

    >>> feedback_store(object())
    Traceback (most recent call last):
    ...
    pomocbot.errors.ConversationStoreError: the conversation store object keeps no feedback ...
    """
    if isinstance(store, FeedbackStore):
        return store
    raise ConversationStoreError(
        f"the conversation store {type(store).__name__} keeps no feedback (it has no add_feedback, feedback "
        "and all_feedback methods); use MemoryConversationStore or SQLiteConversationStore, or add the "
        "three methods of pomocbot.conversation.base.FeedbackStore (erasing feedback in delete and "
        "delete_idle_since)"
    )


def _score(name: str, value: object, low: int, high: int, scale: str) -> int | None:
    if value is None:
        return None
    # bool is an int in Python; True is no rating.
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        shown = value if isinstance(value, (int, float)) else type(value).__name__
        raise InvalidArgumentError(
            f"{name} must be an int from {scale}, got {shown!r}; pass None to leave it out")
    return value


def record_feedback(store: object, conversation_id: str, *, csat: int | None = None, nps: int | None = None,
                    comment: str | None = None, at: datetime,
                    redact: Callable[[str], str]) -> Feedback:
    """Validate, redact and keep one feedback answer for a stored conversation; returns what was kept.

    ``csat`` is 1..5, ``nps`` 0..10, ``comment`` free text (blank counts as
    none) of at most :data:`MAX_COMMENT_CHARS` characters; at least one must
    be given. ``redact`` turns the comment into the text that may be stored
    (pass ``lambda text: text`` only when privacy is off on purpose); its
    errors (:class:`~pomocbot.errors.RedactionError`) propagate and nothing
    is stored. ``at`` is when the customer answered (a naive time is UTC).

    Raises :class:`~pomocbot.errors.InvalidArgumentError` for a bad value or
    an unknown conversation (feedback is erased with its conversation, so
    it cannot outlive one), and :class:`~pomocbot.errors.ConversationStoreError`
    when ``store`` keeps no feedback (:func:`feedback_store`).
    """
    target = feedback_store(store)
    if not isinstance(conversation_id, str) or not conversation_id:
        raise InvalidArgumentError(
            f"conversation_id must be a non-empty str, not {type(conversation_id).__name__}; pass the id the "
            "conversation's turns were stored under")
    csat = _score("csat", csat, 1, 5, "1 (very bad) to 5 (very good)")
    nps = _score("nps", nps, 0, 10, "0 (would not recommend) to 10 (would recommend)")
    if not isinstance(at, datetime):
        raise InvalidArgumentError(
            f"at must be a datetime, not {type(at).__name__}; pass when the customer answered, e.g. "
            "datetime.now(timezone.utc)")
    stored_comment = _redacted_comment(comment, redact)
    if csat is None and nps is None and stored_comment is None:
        raise InvalidArgumentError("feedback needs csat, nps or a comment; all three were empty")
    feedback = Feedback(csat=csat, nps=nps, comment=stored_comment, at=as_utc(at))
    if not target.add_feedback(conversation_id, feedback):
        raise InvalidArgumentError(
            "no stored conversation has this conversation_id (never stored, or already erased); feedback is "
            "kept only with its conversation's turns, so record it before the conversation is erased")
    return feedback


def _redacted_comment(comment: object, redact: Callable[[str], str]) -> str | None:
    if comment is None:
        return None
    if not isinstance(comment, str):
        raise InvalidArgumentError(f"comment must be a str or None, not {type(comment).__name__}")
    if not comment.strip():
        return None
    if len(comment) > MAX_COMMENT_CHARS:
        # Not cut: a cut could split a PESEL or a phone number so that redaction misses the rest.
        raise InvalidArgumentError(
            f"comment has {len(comment)} characters, at most {MAX_COMMENT_CHARS} are kept; shorten it")
    if not callable(redact):
        raise InvalidArgumentError(
            f"redact must be a callable str -> str, not {type(redact).__name__}; pass the assistant's "
            "redaction, e.g. lambda text: assistant.redact(text, conversation_id).text")
    redacted = redact(comment)
    if not isinstance(redacted, str):
        raise InvalidArgumentError(
            f"redact returned {type(redacted).__name__}, not str; return the redacted text "
            "(Redaction.text), not the Redaction")
    return redacted.strip() or None
