"""Polish stemming with the Stempel stemmer (pystempel).

Polish nouns have up to 14 forms ("zwrot", "zwrotu", "zwrotem", "zwrocie"), so a
lexical match needs stems. Stempel's PoliMorf table is the most accurate one
shipped with pystempel; it takes ~3 s to load, so one loaded table is shared
by all stemmers in the process (it is read-only) and stems are cached.

>>> stemmer = PolishStemmer()
>>> [stemmer.stem(w) for w in ["zwrotu", "paczkomatu", "reklamacji"]]
['zwrot', 'paczkomat', 'reklamacja']
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["PolishStemmer"]

_TABLES = ("polimorf", "original")
_load_lock = threading.Lock()


@functools.lru_cache(maxsize=len(_TABLES))
def _load_table(table: str) -> Callable[[str], Any]:
    import pystempel.streams
    from pystempel import Stemmer

    # pystempel draws a tqdm progress bar while it reads the table; a library
    # must not print, so switch it off (the flag is read when the stream opens).
    pystempel.streams.DISABLE_TQDM = True
    with _load_lock:
        return Stemmer.polimorf() if table == "polimorf" else Stemmer.default()


class PolishStemmer:
    """Stem lower-cased Polish words; unknown words come back unchanged.

    ``table`` is ``"polimorf"`` (default, more accurate) or ``"original"``
    (Stempel's 20k-word table, loads in 0.5 s). Stems are memoised per instance.
    """

    def __init__(self, table: str = "polimorf", cache_size: int = 200_000) -> None:
        if table not in _TABLES:
            from pomocbot.errors import ConfigError

            raise ConfigError(f"unknown Stempel table {table!r}; allowed: {', '.join(_TABLES)}")
        self.table = table
        self._stem_cached = functools.lru_cache(maxsize=cache_size)(self._stem_uncached)

    def _stem_uncached(self, word: str) -> str:
        if len(word) < 3 or not word.isalpha():
            return word
        stem = _load_table(self.table)(word)
        # Stempel may strip a short word to almost nothing ("nas" -> "n"); such
        # stems match unrelated words, so keep the word instead.
        return stem if stem and len(stem) >= 2 else word

    def stem(self, word: str) -> str:
        """Return the stem of one lower-cased word."""
        return self._stem_cached(word)
