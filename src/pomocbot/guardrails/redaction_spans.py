"""Span arithmetic for :class:`~pomocbot.guardrails.redaction.Redactor`: clip, de-overlap, repeat, splice.

Pure functions over detected entities (character spans of a text): keep them
out of tokens already written ("[OSOBA_1]"), keep the longer of two
overlapping ones, add other verbatim occurrences of a found value, map a span
found in masked text back to the original, and write the replacements in.

>>> from pomocbot.types import PIIEntity
>>> text = "Jan Kowalski, tel. 600100200"
>>> found = [PIIEntity(entity_type="OSOBA", start=0, end=12, score=0.9),
...          PIIEntity(entity_type="OSOBA", start=4, end=12, score=0.5),
...          PIIEntity(entity_type="TELEFON", start=19, end=28, score=1.0)]
>>> kept = without_overlaps(found)
>>> splice(text, kept, ["[OSOBA_1]", "[TELEFON_1]"], RedactionMode.PLACEHOLDER).text
'[OSOBA_1], tel. [TELEFON_1]'
"""

from __future__ import annotations

import re

from pomocbot.config import RedactionMode
from pomocbot.text.placeholders import PLACEHOLDER
from pomocbot.types import PIIEntity, Redaction

__all__ = ["TOKEN_PATTERN", "map_back", "outside_tokens", "splice", "with_repeats", "without_overlaps"]

# "[PESEL]", "[OSOBA_1]", "[NUMER_KONTA_2]": tokens the redactor writes (never redacted again).
TOKEN_PATTERN = PLACEHOLDER

# Shorter values are not searched for elsewhere in the text ("Jan" would hit "Janek").
_REPEAT_MIN_CHARS = 4


def outside_tokens(entity: PIIEntity, tokens: list[tuple[int, int]], text: str) -> PIIEntity | None:
    """``entity`` clipped so it does not cut into a token; None when nothing is left."""
    start, end = entity.start, entity.end
    for t_start, t_end in tokens:
        if t_start <= start < t_end:
            start = t_end
        if t_start < end <= t_end:
            end = t_start
    if start == entity.start and end == entity.end:
        return entity
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    if start >= end:
        return None
    return entity.model_copy(update={"start": start, "end": end})


def without_overlaps(entities: list[PIIEntity]) -> list[PIIEntity]:
    """Sorted by start; of overlapping entities the longer (then higher-scored) one wins."""
    ranked = sorted(entities, key=lambda e: (-(e.end - e.start), -e.score, e.start))
    kept: list[PIIEntity] = []
    for entity in ranked:
        if all(entity.end <= k.start or entity.start >= k.end for k in kept):
            kept.append(entity)
    return sorted(kept, key=lambda e: e.start)


def with_repeats(text: str, entities: list[PIIEntity]) -> list[PIIEntity]:
    """Add other verbatim occurrences of the found values (a detector may need context for the first)."""
    if not entities:
        return entities
    taken = [(e.start, e.end) for e in entities] + [m.span() for m in TOKEN_PATTERN.finditer(text)]
    extra: list[PIIEntity] = []
    for value, entity in {text[e.start:e.end]: e for e in entities}.items():
        if len(value) < _REPEAT_MIN_CHARS:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(value)}(?!\w)", text):
            span = match.span()
            if all(span[1] <= s or span[0] >= e for s, e in taken):
                taken.append(span)
                extra.append(entity.model_copy(update={"start": span[0], "end": span[1],
                                                       "recognizer": "repeat"}))
    return sorted(entities + extra, key=lambda e: e.start) if extra else entities


def map_back(entity: PIIEntity, replaced: list[PIIEntity], masks: list[str]) -> PIIEntity | None:
    """``entity`` found in the masked text, at its place in the original; None when it spans a mask.

    >>> from pomocbot.types import PIIEntity
    >>> text, masked = "Dla Jana Kowalskiego, NIP 5260250274", "Dla [OSOBA], NIP 5260250274"
    >>> person = PIIEntity(entity_type="OSOBA", start=4, end=20, score=0.9)
    >>> nip = map_back(PIIEntity(entity_type="NIP", start=17, end=27, score=1.0), [person], ["[OSOBA]"])
    >>> text[nip.start:nip.end]
    '5260250274'
    """
    masked_at = original_at = 0  # where the current unchanged stretch starts, in both texts
    for old, mask in zip(replaced, masks, strict=True):
        stretch = old.start - original_at
        if masked_at <= entity.start and entity.end <= masked_at + stretch:
            break
        masked_at += stretch + len(mask)
        original_at = old.end
    if entity.start < masked_at:  # across a mask (no stretch held it)
        return None
    shift = original_at - masked_at
    return entity.model_copy(update={"start": entity.start + shift, "end": entity.end + shift})


def splice(text: str, entities: list[PIIEntity], replacements: list[str], mode: RedactionMode) -> Redaction:
    """``text`` with each entity (sorted, not overlapping) replaced by its replacement, as a Redaction."""
    parts: list[str] = []
    position = 0
    for entity, replacement in zip(entities, replacements, strict=True):
        parts.append(text[position:entity.start])
        parts.append(replacement)
        position = entity.end
    parts.append(text[position:])
    return Redaction(text="".join(parts), entities=entities, replacements=replacements, mode=mode.value)
