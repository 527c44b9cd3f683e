"""The last check on every reply: it never asks the customer for a password, PIN, CVV, BLIK code, card number.

Whatever drafted the text (a quoted knowledge-base sentence, an LLM, later an
action's result), a sentence asking for a secret is removed before the reply
leaves the library; ``reply.metadata["output_guard"]`` counts the removals. A
warning ("nigdy nie podawaj hasła") stays.

>>> guard_secrets("Zwrot trwa 14 dni. Podaj proszę kod BLIK i PIN, sprawdzę płatność.")
('Zwrot trwa 14 dni.', 1)
"""

from __future__ import annotations

from collections.abc import Callable

from pomocbot.knowledge.safety import asks_for_secret
from pomocbot.text.sentences import sentence_spans

__all__ = ["guard_secrets"]


def guard_secrets(text: str, quoted: Callable[[str], bool] | None = None) -> tuple[str, int]:
    """``text`` without the sentences that ask for secrets, and how many were removed.

    ``quoted(sentence)`` tells a sentence quoted from the (already checked) knowledge
    base: such a sentence is removed only when it points at the chat ("podaj na
    czacie"), since "Podaj obecne hasło, a potem nowe" is an account-settings step.
    """
    if not text:
        return text, 0

    def unsafe(sentence: str) -> bool:
        from_kb = quoted is not None and quoted(sentence)
        return asks_for_secret(sentence, in_reply=not from_kb)

    spans = [(start, end) for start, end in sentence_spans(text) if unsafe(text[start:end])]
    if not spans:
        return text, 0
    pieces, position = [], 0
    for start, end in spans:
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    cleaned = "\n".join(" ".join(line.split()) for line in "".join(pieces).splitlines())
    return "\n".join(line for line in cleaned.splitlines() if line.strip()).strip(), len(spans)
