"""Validation and safe truncation of search queries.

>>> prepare_query("  Gdzie jest moja paczka?  ", max_chars=2000)
'Gdzie jest moja paczka?'
>>> prepare_query("zwrot towaru po terminie", max_chars=16)
'zwrot towaru po'
>>> prepare_query("   ", max_chars=100)
Traceback (most recent call last):
...
pomocbot.errors.EmptyQueryError: the query is empty or whitespace only; pass the customer's question as text
"""

from __future__ import annotations

import logging

from pomocbot.errors import EmptyQueryError, InvalidQueryError, QueryError

__all__ = ["check_k", "prepare_query"]

logger = logging.getLogger(__name__)


def prepare_query(query: object, max_chars: int) -> str:
    """Return the stripped query, cut at a word boundary to at most ``max_chars`` characters.

    A customer pasting a whole e-mail thread must not make search slow or
    crash it: only the first ``max_chars`` characters (default 2000, about a
    page) are searched. Raises :class:`InvalidQueryError` for non-strings and
    :class:`EmptyQueryError` for empty or whitespace-only text.
    """
    if not isinstance(query, str):
        raise InvalidQueryError(f"the query must be a str, got {type(query).__name__}")
    text = query.strip()
    if not text:
        raise EmptyQueryError("the query is empty or whitespace only; pass the customer's question as text")
    if len(text) > max_chars:
        cut = text.rfind(" ", 0, max_chars + 1)
        text = text[: cut if cut > max_chars // 2 else max_chars].rstrip()
        # Log lengths only: the query may hold personal data.
        logger.info("query of %d characters truncated to %d", len(query), len(text))
    return text


def check_k(k: object) -> int:
    """``k`` must be a positive int (bools are refused)."""
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise QueryError(f"k must be a positive integer, got {k!r}")
    return k
