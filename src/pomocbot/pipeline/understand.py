"""The understand step: every feature of a customer message, computed once per turn.

Language, courtesy ("dzięki, to biorę"), whether it asks something, its
folded form for the phrase tables and the frustration lexicon's reading are
read here, from the redacted message, and passed on; no later step reads the
message again for them.

>>> features = read_features("Dziękuję bardzo!", answer_in_customer_language=False)
>>> features.courtesy, features.asks_something, features.language.is_polish
('thanks', False, True)
"""

from __future__ import annotations

from dataclasses import dataclass

from pomocbot.escalate.reading import MessageReading, read_message
from pomocbot.escalate.triggers import FoldedMessage, is_information_question
from pomocbot.text.language import LanguageGuess, detect_language
from pomocbot.text.smalltalk import small_talk

__all__ = ["MessageFeatures", "read_features"]

# Signals that do not make a courtesy message a complaint ("Dzięki!!!" is still thanks).
_COURTESY_NEUTRAL = frozenset({"punctuation", "caps"})


@dataclass(frozen=True)
class MessageFeatures:
    """What the pipeline knows about one (redacted) message before it searches anything.

    ``answer_language`` is the language of the reply (Polish unless an LLM may
    answer in the customer's language); ``courtesy`` the small-talk kind of a
    message that asks nothing ("thanks", "bye"...), or None; ``asks_something``
    is true for a question ("?" or an information question such as "jak…").
    """

    language: LanguageGuess
    answer_language: str
    courtesy: str | None
    asks_something: bool
    folded: FoldedMessage
    reading: MessageReading


def read_features(redacted: str, *, answer_in_customer_language: bool) -> MessageFeatures:
    """The features of ``redacted``; ``answer_in_customer_language`` when an LLM may answer in it."""
    language = detect_language(redacted)
    answer_language = language.code if answer_in_customer_language and not language.is_polish else "pl"
    folded = FoldedMessage.of(redacted)
    reading = read_message(redacted)
    courtesy = small_talk(redacted) if language.is_polish else None
    if courtesy and any(s.kind not in _COURTESY_NEUTRAL for s in reading.signals):
        courtesy = None  # "super, dzięki za nic" is sarcasm, not thanks
    asks = "?" in redacted or is_information_question(folded)
    return MessageFeatures(language=language, answer_language=answer_language, courtesy=courtesy,
                           asks_something=asks, folded=folded, reading=reading)
