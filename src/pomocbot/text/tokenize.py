"""Word tokens and lexical terms for BM25 over Polish text.

Two term kinds feed two BM25 indexes:

* **stem terms**: lower-cased words without stop words, stemmed with Stempel and
  then folded to ASCII, so "zwrotu", "zwrot" and "zwrócić" meet their forms
  with or without diacritics;
* **character 4-grams** of folded words ("_zwr", "zwro", "wrot", "rot_"):
  robust to typos, unknown inflections and missing diacritics where the
  stemmer guesses wrong. Character n-grams are a classic for inflected
  languages (McNamee & Mayfield 2004, "Character N-Gram Tokenization for
  European Language Text Retrieval").

>>> word_tokens("Zwrot 14,99 zł na e-mail!")
['Zwrot', '14,99', 'zł', 'na', 'email']
>>> char_ngrams("Zwrot")
['_zwr', 'zwro', 'wrot', 'rot_']
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pomocbot.text.normalize import fold_diacritics
from pomocbot.text.stopwords import is_stopword

__all__ = ["char_ngrams", "lexical_terms", "stem_term", "word_ngrams", "word_tokens"]

# Numbers keep their decimal part ("14,99", "1.05.2026"); hyphenated words are
# joined ("e-mail" -> "email") so both spellings meet.
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:-[^\W\d_]+)*")


def word_tokens(text: str) -> list[str]:
    """Words and numbers of ``text`` in order, hyphens inside words removed."""
    return [token.replace("-", "") for token in _WORD.findall(text)]


def stem_term(word: str, stem: Callable[[str], str]) -> str:
    """The stem term of one lower-cased content word: numbers as they are, words stemmed then folded.

    >>> stem_term("zwrócić", stem=lambda w: w), stem_term("14,99", stem=str.upper)
    ('zwrocic', '14,99')
    """
    return word if word[0].isdigit() else fold_diacritics(stem(word))


def word_ngrams(word: str, n: int = 4) -> list[str]:
    """Character ``n``-grams of one lower-cased word, folded and padded with ``_``.

    >>> word_ngrams("łódź")
    ['_lod', 'lodz', 'odz_']
    """
    padded = f"_{fold_diacritics(word)}_"
    if len(padded) <= n:
        return [padded]
    return [padded[i : i + n] for i in range(len(padded) - n + 1)]


def lexical_terms(text: str, stem: Callable[[str], str]) -> list[str]:
    """Stemmed, folded, lower-cased content words of ``text`` (stop words dropped).

    >>> lexical_terms("Gdzie jest mój zwrot?", stem=lambda w: w.rstrip("u"))
    ['zwrot']
    """
    terms = []
    for token in word_tokens(text):
        word = token.lower()
        if not is_stopword(word):
            terms.append(stem_term(word, stem))
    return terms


def char_ngrams(text: str, n: int = 4) -> list[str]:
    """Character ``n``-grams of each folded content word, padded with ``_``."""
    grams = []
    for token in word_tokens(text):
        word = token.lower()
        if not is_stopword(word):
            grams.extend(word_ngrams(word, n))
    return grams
