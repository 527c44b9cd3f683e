"""Word lists shipped as package data: ``pomocbot/guardrails/data/<name>.txt``.

Gazetteers and stop lists (first names, surnames, honorifics, words that are
never a name) live in UTF-8 text files, one entry per line, so the modules
that use them stay short. Lines starting with ``#`` are comments (each file
opens with one saying what the list is and where it comes from); blank lines
are skipped. Order is kept: in the first-name lists an earlier (more common)
name wins a case form two names share.

Callers read each list once, at import, into a module-level frozenset.

>>> words = load_words("surnames")
>>> words[:3], "Kowalski" in words, "Nowak" in words
(('Nowak', 'Wójcik', 'Kowalczyk'), False, True)
"""

from __future__ import annotations

from importlib import resources

__all__ = ["load_words"]


def load_words(name: str) -> tuple[str, ...]:
    """The entries of ``data/<name>.txt`` in file order, without comments and blank lines.

    >>> "pani" in load_words("person_honorifics")
    True
    """
    text = (resources.files(__package__) / "data" / f"{name}.txt").read_text(encoding="utf-8")
    return tuple(line for line in map(str.strip, text.splitlines()) if line and not line.startswith("#"))
