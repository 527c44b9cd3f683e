"""Polish first names and surnames: gazetteer, inflection and a person key (work in progress)."""

from __future__ import annotations

import re

__all__ = ["name_key"]

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def name_key(text: str) -> str:
    """A normalised key for a person's name (lower-cased words; inflection handled later)."""
    return " ".join(w.lower() for w in _WORD.findall(text))
