"""What :class:`~pomocbot.guardrails.recognizers.pl_person.PlPersonRecognizer` knows about single words.

The text as words (:class:`WordScan`), where a sentence starts, whether a verb
of saying stands next to a word, and the *kind* of one capitalised word
(:func:`word_kind`): a first name, a surname by list or shape, a place, a word
that is never a name. The long word lists are package data
(``guardrails/data/*.txt``, see :mod:`pomocbot.guardrails.wordlists`).

>>> scan = WordScan("Dzwonił Jan Kowalski.")
>>> scan.words
['Dzwonił', 'Jan', 'Kowalski', '.']
>>> [word_kind(w, w.lower()) for w in ("Jan", "Kowalski", "Nowakiem", "Kraków", "Polskiego", "Styczeń")]
['F', 'A', 'N', 'P', 'X', 'X']
"""

from __future__ import annotations

import re

from pomocbot.guardrails.names import SURNAMES, first_name_lemma, surname_shape
from pomocbot.guardrails.recognizers.pl_organization import ORGANIZATION_HEADS
from pomocbot.guardrails.recognizers.pl_place import PLACE_FORMS
from pomocbot.guardrails.wordlists import load_words

__all__ = [
    "AMBIGUOUS_FIRST",
    "NOT_NAMES",
    "WordScan",
    "initials_tag_end",
    "is_sentence_start",
    "is_speaker",
    "word_kind",
]

_TOKEN = re.compile(r"\w[\w'’-]*|[^\w\s]|\n")
_SENTENCE_END = frozenset(".!?…\n:;")
_SKIP_BACK = frozenset("\"„”“«»'()[]–—-*#•")

#: Capitalised words that are never a person on their own (months, brands, greetings, ...), lower case.
NOT_NAMES: frozenset[str] = frozenset(load_words("person_not_names"))
#: First-name forms that are also common words ("Róża", "Kuba", "Maja"), lower case.
AMBIGUOUS_FIRST: frozenset[str] = frozenset(load_words("ambiguous_first_names"))
# Verbs of saying: a capitalised word right before or after one is the speaker ("– mówi Kowalczyk").
_SPEECH = frozenset(load_words("person_speech_verbs"))
# Stems of proper adjectives that look like -ski surnames ("Polskiego", "Śląskiej").
_PROPER_ADJECTIVES = frozenset(load_words("proper_adjective_stems"))
_ADJ_STEM = re.compile(r"(?:k|c)(?:i|iego|iemu|im|imi|ich|a|iej|ą|ie|y)$")
# Listed surnames that are also common words ("Musiał" = had to, "Kot" = cat): not enough on their own.
_COMMON_WORD_SURNAMES = frozenset(load_words("common_word_surnames"))
# Inhabitants and nationalities: Meksykanin, Rosjanka, Austriak, Europejczyk.
_NATIONALITY = re.compile(
    r"(?:anin|anina|aninem|aninowi|anie|anka|anki|ance|ankę|anką|anek|czyk|czycy|czyka|czyków)$"
)


class WordScan:
    """The words of one text and what was found in it: per call, so a recognizer serves many threads."""

    __slots__ = (
        "_lower_seen", "_pos", "_starts", "lowers", "n", "pending", "spans", "taken", "text", "words",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        self.words: list[str] = _TOKEN.findall(text)
        self.lowers: list[str] = [w.lower() for w in self.words]
        self.n = len(self.words)
        self.taken = [False] * self.n
        self.spans: list[tuple[int, int, float]] = []  # word index ranges
        self.pending: list[tuple[int, int]] = []
        self._starts: list[int] = []
        self._pos = 0
        self._lower_seen: set[str] | None = None

    def add(self, i: int, j: int, score: float) -> None:
        self.spans.append((i, j, score))
        for k in range(i, j):
            self.taken[k] = True

    def start(self, k: int) -> int:
        """Character offset of word ``k``, found on demand: most messages need none."""
        while len(self._starts) <= k:
            word = self.words[len(self._starts)]
            pos = self.text.find(word, self._pos)
            self._starts.append(pos)
            self._pos = pos + len(word)
        return self._starts[k]

    def char_spans(self) -> list[tuple[int, int, float]]:
        return sorted(
            (self.start(i), self.start(j - 1) + len(self.words[j - 1]), score) for i, j, score in self.spans
        )

    def lowercase_words(self) -> set[str]:
        """Words written in lower case somewhere in the text (then a capitalised one is a common word)."""
        if self._lower_seen is None:
            self._lower_seen = {w for w in self.words if w[0].islower()}
        return self._lower_seen


def initials_tag_end(words: list[str], i: int) -> int:
    """End of initials used as a speaker tag ("A.S.:", "J.G.:"), or 0.

    >>> initials_tag_end(WordScan("A.S.: Tak.").words, 0), initials_tag_end(WordScan("A. Nowak").words, 0)
    (4, 0)
    """
    j = i
    while j + 1 < len(words) and len(words[j]) == 1 and words[j].isupper() and words[j + 1] == ".":
        j += 2
    return j if j - i >= 4 and j < len(words) and words[j] == ":" else 0


def is_sentence_start(lowers: list[str], i: int) -> bool:
    """Whether word ``i`` opens a sentence (quotes, brackets, dashes and numbers before it skipped).

    >>> lowers = WordScan('Tak. „Lalka” to dzieło Prusa').lowers
    >>> is_sentence_start(lowers, 3), is_sentence_start(lowers, 7)
    (True, False)
    """
    k = i - 1
    while k >= 0 and (lowers[k] in _SKIP_BACK or lowers[k].isdigit()):
        k -= 1
    return k < 0 or lowers[k] in _SENTENCE_END


def is_speaker(lowers: list[str], i: int, j: int) -> bool:
    """A verb of saying right after the words ``i:j``, or right before them after a dash or comma.

    >>> lowers = WordScan("To prawda – mówi Kowalczyk").lowers
    >>> is_speaker(lowers, 4, 5)
    True
    """
    if j < len(lowers) and lowers[j] in _SPEECH:
        return True
    return i >= 2 and lowers[i - 1] in _SPEECH and lowers[i - 2] in ("–", "-", ",", "—")


def word_kind(word: str, low: str) -> str:
    """F first name, S listed or -wicz surname, A -ski shape, N noun shape, P place, X never, U unknown.

    ``low`` is ``word.lower()`` (the caller has it already).

    >>> [word_kind(w, w.lower()) for w in ("Mickiewicza", "InPost", "Derrida")]
    ['S', 'X', 'U']
    """
    if low in NOT_NAMES or word in ORGANIZATION_HEADS:
        return "X"
    if word.isupper():
        if len(word) < 3:
            return "X"
        word = word[0] + low[1:]
        if low in AMBIGUOUS_FIRST or first_name_lemma(word) is None:
            return "A" if surname_shape(word) in ("adj", "wicz") else "X"
        return "F"
    if not word[1:].islower() and sum(1 for c in word if c.isupper()) >= 2 \
            and (len(word) <= 6 or sum(1 for c in word if c.isupper()) > 2):
        return "X"  # PiS, MPWiK, InPost
    if first_name_lemma(word) is not None:
        return "F"
    if word in SURNAMES:
        return "N" if low in _COMMON_WORD_SURNAMES else "S"
    if _NATIONALITY.search(low):
        return "X"
    if low in PLACE_FORMS:
        return "P"
    shape = surname_shape(word)
    if shape == "adj":
        return "X" if _ADJ_STEM.sub("k", low) in _PROPER_ADJECTIVES else "A"
    if shape == "wicz":
        return "S"
    if shape == "noun":
        return "N"
    return "U"


# Words in capitals, one after another: "PANI ANNA NOWAK-KOWALSKA".
_CAPS_WORD = r"[A-ZĄĆĘŁŃÓŚŹŻÀ-ÖØ-Þ]{2,}(?:-[A-ZĄĆĘŁŃÓŚŹŻÀ-ÖØ-Þ]+)*(?![\w])"
_CAPS_RUN = re.compile(rf"(?<![\w-]){_CAPS_WORD}(?: +{_CAPS_WORD})*")


def fold_caps(text: str) -> str:
    """``text`` with names in capitals title-cased, same length ("ANNA NOWAK" -> "Anna Nowak").

    The name rules and the tagger learned names from capitalised words; a
    customer who writes in capitals ("PANI ANNA NOWAK", a signature "JAN
    KOWALSKI") gets the same reading, and spans found in the copy point into
    the original. Only words that look like a name (a known first name or
    surname, a surname's shape) and the words in capitals next to them are
    folded: shouting ("GDZIE MOJA PACZKA", "PILNE") and codes ("ZW-973140",
    "FV") stay as they are, and the rules and the tagger refuse them as before.

    >>> fold_caps("PANI ANNA NOWAK-KOWALSKA, tel. 601. TO JEST SKANDAL")
    'Pani Anna Nowak-Kowalska, tel. 601. TO JEST SKANDAL'
    """
    if not any(c.isupper() for c in text[1:]):
        return text
    folded = _CAPS_RUN.sub(_fold_run, text)
    return folded if len(folded) == len(text) else text


def _fold_run(match: re.Match[str]) -> str:
    run = match.group()
    words = run.split(" ")
    caps = [len(w) > 2 and w.isupper() for w in words]
    titled = ["-".join(part[:1] + part[1:].lower() for part in w.split("-")) if c else w
              for w, c in zip(words, caps, strict=True)]
    named = [c and _name_like(t) for t, c in zip(titled, caps, strict=True)]
    out = [
        t if c and (named[k] or (k and named[k - 1]) or (k + 1 < len(words) and named[k + 1])) else w
        for k, (w, t, c) in enumerate(zip(words, titled, caps, strict=True))
    ]
    return " ".join(out)


def _name_like(word: str) -> bool:
    """A known first name or surname in any form, or a surname's shape ("Kowalskiej", "Nowakowi")."""
    low = word.lower()
    if low in NOT_NAMES:
        return False
    return first_name_lemma(word) is not None or any(
        part in SURNAMES or surname_shape(part) is not None for part in word.split("-"))
