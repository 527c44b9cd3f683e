"""Labels that say a number is another identifier or an order, so not the type it looks like.

When the nearest label in the same sentence, among the 2 words before a value,
names another identifier type ("NIP 74 713 54 07" is a mistyped NIP, not a
landline) or, for a short unbroken code, an order or parcel ("nr zamówienia:
123456789", "paczka 02070803628"), the value is dropped; its own context word
nearer keeps it ("zamówienie, mój PESEL ..."). Labels are the words that name a
type, not its looser context ("konto" is in every other shop question).

>>> from presidio_analyzer import RecognizerResult
>>> from pomocbot.guardrails.nlp import LightNlpEngine
>>> engine = LightNlpEngine()
>>> text = "Nr zamówienia: 601234567"
>>> phone = RecognizerResult("TELEFON", 15, 24, 0.3)
>>> labelled_otherwise(phone, text, engine.process_text(text, "pl"), ["telefon"], engine.stopwords)
True
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Sequence

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from pomocbot.guardrails.nlp import BARRIER, LightNlpEngine

__all__ = ["ID_LABELS", "ORDER_CUES", "labelled_otherwise"]

# Words that label a number as an order, parcel, offer or invoice number
# (substrings of lower-cased words: "zamówienia", "przesyłki", "paczce").
ORDER_CUES: tuple[str, ...] = (
    "zamówi", "zamowi", "przesył", "przesyl", "paczk", "paczce", "faktur", "transakc", "śledz", "sledz",
    "przewoz", "ofert", "aukcj", "reklamac", "zwrotu", "paragon", "tracking", "referenc", "sygnatur",
)
# The words that name each identifier type (substrings of lower-cased words).
ID_LABELS: dict[str, tuple[str, ...]] = {
    "PESEL": ("pesel",), "NIP": ("nip",), "REGON": ("regon",), "DOWOD": ("dowod", "dowód", "osobist"),
    "PASZPORT": ("paszport",), "NUMER_KONTA": ("iban", "nrb"), "KARTA": ("kart",),
    "TELEFON": ("telefon", "komórk", "komork", "dzwon", "zadzwo"),
}
# Types whose short unbroken codes ("123456789", "02070803628", "ABC123456") order
# and parcel numbers look like; grouped or prefixed forms ("+48 601 234 567",
# "PL5260250274"), 13+ digits and card numbers are not dropped for an order cue.
_ORDER_LIKE = frozenset({"PESEL", "NIP", "REGON", "DOWOD", "PASZPORT", "TELEFON"})
_LABEL_WINDOW = 2
_SENTENCE_END = frozenset({".", "?", "!", ";", BARRIER})


def labelled_otherwise(result: RecognizerResult, text: str, artifacts: NlpArtifacts, own: Sequence[str],
                       stopwords: Collection[str]) -> bool:
    """True when the nearest label before the value names another identifier or an order.

    Looks at up to 2 words (not ``stopwords``) before the value in its
    sentence; ``own`` are the lower-cased context words of the value's
    recognizer, which keep it when found first.
    """
    kind = result.entity_type
    if kind not in ID_LABELS:
        return False
    value = text[result.start:result.end]
    # Digits run together or split by dots or slashes ("123/456/789") read as an order or parcel code.
    bare = value.replace(".", "").replace("/", "")
    code_like = kind in _ORDER_LIKE and len(value) <= 12 and (
        bare.isdigit() or (kind in ("DOWOD", "PASZPORT") and value.isalnum()))
    others = [word for other, words in ID_LABELS.items() if other != kind for word in words]
    lemmas, tokens = artifacts.lemmas, artifacts.tokens
    i = bisect_left(artifacts.tokens_indices, result.start) - 1
    seen = 0
    while i >= 0 and seen < _LABEL_WINDOW:
        lemma = lemmas[i]
        if lemma in _SENTENCE_END and not (lemma == "." and i > 0 and _abbreviation(str(tokens[i - 1]))):
            return False
        i -= 1
        if lemma in stopwords or not any(c.isalnum() for c in lemma):
            continue
        seen += 1
        if any(word in lemma for word in own):
            return False
        if code_like and any(cue in lemma for cue in ORDER_CUES):
            return True
        if any(word in lemma for word in others):
            return True
    return False


def _abbreviation(token: str) -> bool:
    """Whether a "." after ``token`` ends an abbreviation ("nr.", "tel.", "ul.") rather than a sentence."""
    return token.lower() in LightNlpEngine.ABBREVIATIONS or (len(token) == 1 and token.isalpha())
