"""Misspelt key words of a request for a person ("konsultnat", "czlowek") read as the word meant.

A customer who wants a person types fast; the request patterns name the key
words by their stems, so a typo in the stem would hide the request. A token
that opens like a key word and is within a small Levenshtein distance of its
stem becomes that stem (the case ending is lost: the patterns do not need it).

>>> fix_typos("konsultnat plz, daj czlowek, czlowiekiem")
'konsultant plz, daj czlowiek, czlowiekiem'
>>> fix_typos("prosze o kontakt")  # "kontakt" is not "konsultant"
'prosze o kontakt'
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

__all__ = ["TYPO_TARGETS", "fix_typos"]

TYPO_TARGETS: tuple[tuple[str, int], ...] = (("konsultant", 2), ("czlowiek", 1), ("pracownik", 1))
"""Key word stems and the edits allowed in each: two in the long "konsultant", one in the others."""
# Only tokens that open like a target and are about as long are compared (most words are not).
_CANDIDATE = re.compile(r"\b(?:ko|cz|pr)[a-z]{5,12}\b")


def _fix(match: re.Match[str]) -> str:
    word = match.group()
    for target, allowed in TYPO_TARGETS:
        # the word's first len(target) letters against the target: the ending does not count
        if word[:2] == target[:2] and not word.startswith(target) and (
                Levenshtein.distance(word[: len(target)], target, score_cutoff=allowed) <= allowed):
            return target
    return word


def fix_typos(folded: str) -> str:
    """Tokens of ``folded`` within a small edit distance of a key word's stem become that stem.

    >>> fix_typos("poprosze pracowmika albo konsultatna")
    'poprosze pracownik albo konsultant'
    """
    return _CANDIDATE.sub(_fix, folded)
