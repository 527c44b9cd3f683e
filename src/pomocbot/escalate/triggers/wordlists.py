"""Plain word lists of the phrase tables, shipped as ``pomocbot/escalate/data/triggers/<name>.txt``.

One entry per line, UTF-8; lines starting with ``#`` are comments (each file
opens with one saying what the list is) and blank lines are skipped. Order is
kept: a list joined into a regex alternation must keep the order it was written
in (the first alternative that matches wins). Each module reads its lists once,
at import.

>>> words = load_words("child_nouns")
>>> words[0], "niemowlę" in words
('dziecko', True)
"""

from __future__ import annotations

from importlib import resources

__all__ = ["load_words", "whole_words"]


def load_words(name: str) -> tuple[str, ...]:
    """The entries of ``data/triggers/<name>.txt`` in file order, without comments and blank lines.

    >>> "debilu" in load_words("abuse_vocatives")
    True
    """
    path = resources.files("pomocbot.escalate") / "data" / "triggers" / f"{name}.txt"
    text = path.read_text(encoding="utf-8")
    return tuple(line for line in map(str.strip, text.splitlines()) if line and not line.startswith("#"))


def whole_words(name: str) -> str:
    r"""A regex matching any entry of the list ``name`` as a whole word, in file order.

    >>> whole_words("abuse_vocatives")[:20]
    '\\b(?:debilu|idioto|k'
    """
    return r"\b(?:" + "|".join(load_words(name)) + r")\b"
