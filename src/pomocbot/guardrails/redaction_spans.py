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

from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from pomocbot.config import RedactionMode
from pomocbot.text.placeholders import PLACEHOLDER
from pomocbot.types import PIIEntity, Redaction

__all__ = ["TOKEN_PATTERN", "map_back", "map_back_all", "outside_tokens", "splice", "with_repeats",
           "without_overlaps"]

# "[PESEL]", "[OSOBA_1]", "[NUMER_KONTA_2]": tokens the redactor writes (never redacted again).
TOKEN_PATTERN = PLACEHOLDER

# Shorter values are not searched for elsewhere in the text ("Jan" would hit "Janek").
_REPEAT_MIN_CHARS = 4


def outside_tokens(entity: PIIEntity, tokens: list[tuple[int, int]], text: str) -> PIIEntity | None:
    """``entity`` clipped so it does not cut into a token; None when nothing is left.

    ``tokens`` are sorted and do not overlap (as ``re.finditer`` gives them). Only the tokens from
    the first one ending after the entity's start can move its ends (found by bisection), so a text
    with thousands of tokens and entities costs ``E log T``, not ``E * T``.
    """
    start, end = entity.start, entity.end
    for at in range(bisect_right(tokens, start, key=lambda t: t[1]), len(tokens)):
        t_start, t_end = tokens[at]
        if t_start > start and t_start >= end:
            break  # this token and every later one start past both ends
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


class _Spans:
    """A set of character spans kept as their union (sorted, disjoint), with a bisection overlap test."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            if self.ends and start < self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` shares a character with a span of the set."""
        at = bisect_right(self.ends, start)  # the first span ending after ``start``
        return at < len(self.starts) and self.starts[at] < end

    def add(self, start: int, end: int) -> None:
        """Add a span that :meth:`overlaps` nothing of the set."""
        at = bisect_left(self.starts, start)
        self.starts.insert(at, start)
        self.ends.insert(at, end)


def without_overlaps(entities: list[PIIEntity]) -> list[PIIEntity]:
    """Sorted by start; of overlapping entities the longer (then higher-scored) one wins."""
    ranked = sorted(entities, key=lambda e: (-(e.end - e.start), -e.score, e.start))
    kept: list[PIIEntity] = []
    taken = _Spans()
    for entity in ranked:
        if not taken.overlaps(entity.start, entity.end):
            taken.add(entity.start, entity.end)
            kept.append(entity)
    return sorted(kept, key=lambda e: e.start)


def _is_word(character: str) -> bool:
    return character.isalnum() or character == "_"  # what \w matches in a str pattern


def with_repeats(text: str, entities: list[PIIEntity]) -> list[PIIEntity]:
    """Add other verbatim occurrences of the found values (a detector may need context for the first).

    An occurrence stands alone (no letter, digit or ``_`` right before or after it) and overlaps
    neither an entity, a token nor an occurrence taken before it. The text is read once, left to
    right: at each place where a value may start, the values sharing its first characters are tried,
    longest first (one search per value would cost the text's length times the number of values).
    """
    if not entities:
        return entities
    taken = _Spans([(e.start, e.end) for e in entities] + [m.span() for m in TOKEN_PATTERN.finditer(text)])
    by_prefix: dict[str, list[tuple[str, PIIEntity]]] = {}
    for value, entity in {text[e.start:e.end]: e for e in entities}.items():
        if len(value) >= _REPEAT_MIN_CHARS:
            by_prefix.setdefault(value[:_REPEAT_MIN_CHARS], []).append((value, entity))
    if not by_prefix:
        return entities
    for candidates in by_prefix.values():
        candidates.sort(key=lambda pair: len(pair[0]), reverse=True)
    extra: list[PIIEntity] = []
    size = len(text)
    for start in range(size - _REPEAT_MIN_CHARS + 1):
        candidates = by_prefix.get(text[start:start + _REPEAT_MIN_CHARS])
        if candidates is None or (start and _is_word(text[start - 1])):
            continue
        for value, entity in candidates:
            end = start + len(value)
            if (text.startswith(value, start) and not (end < size and _is_word(text[end]))
                    and not taken.overlaps(start, end)):
                taken.add(start, end)
                extra.append(entity.model_copy(update={"start": start, "end": end, "recognizer": "repeat"}))
                break
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
    return map_back_all([entity], replaced, masks)[0]


def map_back_all(entities: Iterable[PIIEntity], replaced: list[PIIEntity],
                 masks: list[str]) -> list[PIIEntity | None]:
    """:func:`map_back` of each entity; the unchanged stretches are computed once and found by bisection."""
    starts: list[int] = []  # where each unchanged stretch starts in the masked text ...
    ends: list[float] = []  # ... and ends there (the last one runs to the end of the text)
    shifts: list[int] = []  # original position minus masked position, within the stretch
    masked_at = original_at = 0
    for old, mask in zip(replaced, masks, strict=True):
        stretch = old.start - original_at
        starts.append(masked_at)
        ends.append(masked_at + stretch)
        shifts.append(original_at - masked_at)
        masked_at += stretch + len(mask)
        original_at = old.end
    starts.append(masked_at)
    ends.append(float("inf"))
    shifts.append(original_at - masked_at)
    mapped: list[PIIEntity | None] = []
    for entity in entities:
        at = bisect_right(starts, entity.start) - 1  # the last stretch starting at or before the entity
        if at < 0 or entity.end > ends[at]:  # across a mask (no stretch holds it)
            mapped.append(None)
            continue
        shift = shifts[at]
        mapped.append(entity.model_copy(update={"start": entity.start + shift, "end": entity.end + shift}))
    return mapped


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
