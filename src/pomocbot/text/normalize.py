"""Unicode and whitespace normalisation, and Polish diacritic folding.

Customers often type without Polish letters ("ktora", "zwrocic"); folding both
the knowledge base and the query to ASCII lets them match.

>>> fold_diacritics("Która godzina? Żółć!")
'Ktora godzina? Zolc!'
>>> normalize_whitespace("  Dzień\\u00a0dobry \\n\\n ")
'Dzień dobry'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold_diacritics", "normalize_unicode", "normalize_whitespace"]

# Polish letters map to fixed ASCII letters. "ł" has no Unicode decomposition,
# so NFD + dropping combining marks alone would leave it; the table covers it.
_POLISH_FOLD = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_SPACES = re.compile(r"\s+")


def normalize_unicode(text: str) -> str:
    """Compose characters (NFC) so "ą" typed as "a" + ogonek equals "ą"."""
    return unicodedata.normalize("NFC", text)


def fold_diacritics(text: str) -> str:
    """Map Polish (and other Latin) letters with diacritics to plain ASCII letters."""
    folded = text.translate(_POLISH_FOLD)
    if folded.isascii():
        return folded
    # Other accented Latin letters (é, ü, č) in product names or foreign addresses.
    return _COMBINING.sub("", unicodedata.normalize("NFD", folded)).translate(_POLISH_FOLD)


def normalize_whitespace(text: str) -> str:
    """Collapse runs of whitespace (including no-break spaces) to one space and strip."""
    return _SPACES.sub(" ", text).strip()
