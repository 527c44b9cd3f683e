"""Information questions: a message that opens with a question word asks, it does not request.

"Jak się wypisać z newslettera?" is a question the knowledge base answers;
"Wypiszcie mnie z newslettera" is a request for a person. The complaint and
data-protection rules, and the turn's drafting, ask this.

>>> is_information_question("A ile kosztuje dostawa?"), is_information_question("Chcę zwrotu pieniędzy")
(True, False)
"""

from __future__ import annotations

import re

from pomocbot.escalate.triggers.text import FoldedMessage, Message

__all__ = ["INFO_QUESTION", "is_information_question"]

INFO_QUESTION = re.compile(r"^\W*(?:a\W+)?(?:jak|ile|gdzie|kiedy|czy|co|jakie|jaki|ktor\w*)\b")
"""A question word (after an optional "a") opening the folded message."""


def is_information_question(message: Message) -> bool:
    """Whether ``message`` opens with a question word ("jak", "czy", "gdzie", ...): asking, not requesting.

    >>> is_information_question("Jak się wypisać z newslettera?")
    True
    >>> is_information_question("Usuńcie moje dane")
    False
    """
    return bool(INFO_QUESTION.search(FoldedMessage.of(message).folded))
