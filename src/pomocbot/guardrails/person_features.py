"""Tokens and per-word features of the person-name CRF (:mod:`pomocbot.guardrails.person_tagger`).

:func:`tokenize` cuts a text into the tokens the CRF labels (:data:`LABELS`,
BIO); :class:`WordFeatures` describes one word form by itself (shape,
suffixes, Morfeusz 2 readings, gazetteers) and as a neighbour of another
word, cached per form. Training (``tools/train_person_tagger.py``) and
tagging share these, so a word is described the same way in both.

>>> [t.text for t in tokenize("Pan Jan, tel. 601")]
['Pan', 'Jan', ',', 'tel', '.', '601']
>>> spans_to_labels(tokenize("Pan Jan Nowak."), [(4, 13)])
['O', 'B', 'I', 'O']
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import NamedTuple

from pomocbot.guardrails.names import SURNAMES, first_name_lemma, surname_shape
from pomocbot.guardrails.recognizers.pl_person_words import NOT_NAMES, word_kind
from pomocbot.guardrails.wordlists import load_words
from pomocbot.text.morphology import Morphology, Reading, clean_word
from pomocbot.text.normalize import fold_diacritics
from pomocbot.text.stopwords import POLISH_STOPWORDS

__all__ = [
    "LABELS",
    "SENTENCE_END",
    "Token",
    "WordFeatures",
    "load_pesel_first_names",
    "spans_to_labels",
    "tokenize",
]

#: BIO labels of the CRF.
LABELS: tuple[str, ...] = ("O", "B", "I")

# Words (letters, inner hyphens and apostrophes), numbers, newlines, single punctuation marks.
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+|\n|[^\w\s]")
#: Tokens after which a sentence starts.
SENTENCE_END = frozenset(".!?…\n")
_HONORIFICS = frozenset(load_words("person_honorifics"))
_SIGN_OFFS = frozenset(
    "pozdrawiam pozdrawiamy pozdrowienia poważaniem szacunkiem dziękuję serdecznie".split()
)
_CONTEXT_WINDOW = 2


class Token(NamedTuple):
    """One token of a text with its character offsets."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Tokens for the tagger: words (hyphenated kept whole), numbers, newlines, punctuation.

    >>> [t.text for t in tokenize("Anna Nowak-Kowalska, tel.\\n601")]
    ['Anna', 'Nowak-Kowalska', ',', 'tel', '.', '\\n', '601']
    """
    return [Token(m.group(), *m.span()) for m in _TOKEN.finditer(text)]


def spans_to_labels(tokens: Sequence[Token], spans: Iterable[tuple[int, int]]) -> list[str]:
    """BIO labels of ``tokens`` for character ``spans`` (a token belongs to a span it overlaps).

    >>> tokens = tokenize("Dzwonił pan Jan Kowalski.")
    >>> spans_to_labels(tokens, [(12, 24)])
    ['O', 'O', 'B', 'I', 'O']
    """
    labels = ["O"] * len(tokens)
    for start, end in sorted(spans):
        inside = [i for i, t in enumerate(tokens) if t.start < end and t.end > start]
        for n, i in enumerate(inside):
            labels[i] = "B" if n == 0 else "I"
    return labels


def load_pesel_first_names() -> dict[str, tuple[str, int]]:
    """First names from the PESEL registry (``pesel_first_names.tsv``): upper-case name -> (sex, count).

    Polish government open data (dane.gov.pl); see ``guardrails/data/ATTRIBUTION.md``.

    >>> names = load_pesel_first_names()
    >>> names["ANNA"][0], names["PIOTR"][0]
    ('K', 'M')
    """
    path = resources.files("pomocbot.guardrails") / "data" / "pesel_first_names.tsv"
    out: dict[str, tuple[str, int]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, sex, count = line.split("\t")
        if name not in out or out[name][1] < int(count):
            out[name] = (sex, int(count))
    return out


def _shape(word: str) -> str:
    if word == "\n":
        return "NL"
    if word.isdigit():
        return "D"
    if not word[0].isalpha():
        return "P"
    parts = []
    for part in re.split(r"[-'’]", word):
        if not part:
            continue
        if part.isupper():
            parts.append("X" if len(part) == 1 else "XX")
        elif part[0].isupper():
            parts.append("Xx")
        else:
            parts.append("x")
    return "-".join(parts)


def _frequency_band(count: int) -> str:
    return "hi" if count >= 10_000 else "mid" if count >= 500 else "lo"


class WordFeatures:
    """Features of one word form, and its views for the neighbours (cached per word: they never change)."""

    def __init__(self, morphology: Morphology, pesel: dict[str, tuple[str, int]]) -> None:
        self.morphology = morphology
        self.pesel = pesel
        self._cache: dict[str, tuple[list[str], dict[int, list[str]], int]] = {}
        self._lock = threading.Lock()

    def of(self, word: str) -> tuple[list[str], dict[int, list[str]], int]:
        """(own features, views for the neighbours by offset, how much the word could be part of a name)."""
        cached = self._cache.get(word)
        if cached is None:
            cached = self._compute(word)
            if len(self._cache) > 300_000:
                with self._lock:
                    self._cache.clear()
            self._cache[word] = cached
        return cached

    def _compute(self, word: str) -> tuple[list[str], dict[int, list[str]], int]:
        # Lone surrogates and control characters cannot cross into crfsuite's C strings.
        word = clean_word(word) or "?"
        low = word.lower()
        folded = fold_diacritics(low)
        shape = _shape(word)
        own = [f"w={folded}", f"sh={shape}"]
        view = [f"w={folded}", f"sh={shape}"]
        candidate = 0
        if word[0].isalpha():
            own += [f"s3={folded[-3:]}", f"s4={folded[-4:]}"]
            if len(word) == 1:
                own.append("single")
            marks = self._morphology_marks(word)
            own += marks
            view += [m for m in marks if m.startswith(("q=", "pos=", "ign", "common"))]
            lexical = self._lexical_marks(word, low)
            own += lexical
            view += [m for m in lexical if m in ("honor", "stop", "gz_first", "gz_sur", "signoff")]
            # Lower-case words with no name reading and in no gazetteer are never tagged as names:
            # the CRF runs only on windows around the other words (a 100-word message has few).
            name_like = (
                "ign" in marks
                or "q=imię" in marks
                or "q=nazwisko" in marks
                or "gz_first" in lexical
                or "gz_sur" in lexical
            )
            # 2: always a candidate; 1: only inside a sentence (a capitalised common word opening a sentence,
            # "Kiedy", "Paczka", is not worth tagging); 0: never.
            if (
                ("stop" in lexical or "not_name" in lexical)
                and "q=imię" not in marks
                and "q=nazwisko" not in marks
            ):
                candidate = 0
            elif name_like:
                candidate = 2
            else:
                candidate = 1 if word[0].isupper() else 0
        views = {
            offset: [f"{offset:+d}:{f}" for f in view]
            for offset in range(-_CONTEXT_WINDOW, _CONTEXT_WINDOW + 1)
            if offset
        }
        # Two tokens away only the word and its name qualifiers matter.
        for offset in (-2, 2):
            views[offset] = [f for f in views[offset] if ":w=" in f or ":q=" in f or ":sh=" in f]
        return own, views, candidate

    def _morphology_marks(self, word: str) -> list[str]:
        readings: list[Reading] = []
        for part in word.replace("’", "'").split("-"):
            if part:
                readings.extend(self.morphology.analyse(part))
        marks: set[str] = set()
        common = False
        proper = False
        for reading in readings:
            if not reading.is_known:
                marks.add("ign")
                continue
            marks.add(f"pos={reading.pos}")
            name = reading.is_first_name or reading.is_surname
            for qualifier in reading.qualifiers:
                if qualifier in (
                    "imię",
                    "nazwisko",
                    "nazwa_geograficzna",
                    "nazwa_pospolita",
                    "nazwa_organizacji",
                    "nazwa_własna",
                ):
                    marks.add(f"q={qualifier}")
            if name:
                proper = True
                for case in reading.cases:
                    marks.add(f"nc={case}")
                if reading.is_first_name:
                    pesel = self.pesel.get(reading.lemma.upper())
                    if pesel:
                        marks.add(f"pesel={_frequency_band(pesel[1])}")
            elif reading.is_place:
                proper = True
            else:
                common = True
        if common:
            marks.add("common")
        if proper and not common:
            marks.add("only_proper")
        if "ign" in marks:
            pesel = self.pesel.get(word.upper())
            if pesel:
                marks.add(f"pesel={_frequency_band(pesel[1])}")
        return sorted(marks)

    @staticmethod
    def _lexical_marks(word: str, low: str) -> list[str]:
        marks = []
        if low in _HONORIFICS:
            marks.append("honor")
        if low in POLISH_STOPWORDS:
            marks.append("stop")
        if low in _SIGN_OFFS:
            marks.append("signoff")
        if low in NOT_NAMES:
            marks.append("not_name")
        title = word[:1].upper() + word[1:]
        if first_name_lemma(title) is not None:
            marks.append("gz_first")
        if title in SURNAMES:
            marks.append("gz_sur")
        shape = surname_shape(title)
        if shape:
            marks.append(f"sur={shape}")
        kind = word_kind(title, low) if word[:1].isupper() else None
        if kind:
            marks.append(f"kind={kind}")
        return marks
