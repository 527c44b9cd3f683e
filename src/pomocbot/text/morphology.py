"""Polish morphology on Morfeusz 2 with the SGJP dictionary: analyse, lemmatise, generate.

Morfeusz gives every reading of a word form: its lemma, a tag (part of speech,
number, case, gender) and qualifiers such as ``imię``, ``nazwisko``,
``nazwa_geograficzna`` or ``nazwa_pospolita``. The readings are ambiguous
("Kraków" also reads as the genitive plural of the surname "Krak"), so callers
use them as evidence, not as answers: the person-name tagger turns them into
features, the pseudonyms pick a replacement's form by case, number and gender.

One word costs about 40 µs in Morfeusz (most of it the Python binding), so
:class:`Morphology` keeps a bounded cache of the words it has seen; a help desk
meets the same words all day. The C++ analyser is not documented as
thread-safe, so calls into it hold a lock; cache hits do not.

>>> morph = default_morphology()
>>> [(r.lemma, r.cases, r.qualifiers) for r in morph.analyse("Zbyszkowi") if r.is_first_name]
[('Zbyszko', frozenset({'dat'}), ('imię',)), ('Zbyszek', frozenset({'dat'}), ('imię',))]
>>> morph.inflect("Kowalska", case="inst", number="sg", gender="f")
'Kowalską'
>>> sorted(morph.lemmas("Anny"))
['Anna']
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "CASES",
    "Form",
    "MorfeuszLemmatizer",
    "Morphology",
    "Reading",
    "clean_word",
    "default_morphology",
]

#: Morfeusz's case names, in the order of Polish grammars.
CASES: tuple[str, ...] = ("nom", "gen", "dat", "acc", "inst", "loc", "voc")
_NUMBERS = frozenset({"sg", "pl"})
_GENDERS = frozenset({"m1", "m2", "m3", "f", "n", "n1", "n2", "p1", "p2", "p3"})
# Parts of speech whose tag carries number:case:gender (in that order).
_DECLINED = frozenset(
    {"subst", "depr", "adj", "adja", "adjp", "ppron12", "ppron3", "num", "ger", "pact", "ppas"}
)
# Anything the binding cannot encode (lone surrogates) or that means nothing to a dictionary.
_UNENCODABLE = re.compile(r"[\ud800-\udfff\x00-\x08\x0b-\x1f\x7f]")
_MAX_WORD = 64  # longer "words" are URLs or noise: no dictionary reading, so do not ask


def clean_word(word: str) -> str:
    """``word`` without characters the analyser cannot take (lone surrogates, control characters)."""
    return _UNENCODABLE.sub("", word)


@dataclass(frozen=True, slots=True)
class Reading:
    """One dictionary reading of a word form.

    ``lemma`` is SGJP's lemma without its homonym mark ("Zbyszek:Sm1" → "Zbyszek");
    ``tag`` the full tag ("subst:sg:dat:m1"); ``qualifiers`` the name labels.
    """

    lemma: str
    tag: str
    qualifiers: tuple[str, ...] = ()

    @property
    def pos(self) -> str:
        """Part of speech: ``subst``, ``adj``, ``fin``, ``prep``, … or ``ign`` (unknown word)."""
        return self.tag.split(":", 1)[0]

    @property
    def _parts(self) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        return _tag_parts(self.tag)

    @property
    def numbers(self) -> frozenset[str]:
        return self._parts[0]

    @property
    def cases(self) -> frozenset[str]:
        return self._parts[1]

    @property
    def genders(self) -> frozenset[str]:
        return self._parts[2]

    @property
    def is_first_name(self) -> bool:
        return "imię" in self.qualifiers

    @property
    def is_surname(self) -> bool:
        return "nazwisko" in self.qualifiers

    @property
    def is_place(self) -> bool:
        return "nazwa_geograficzna" in self.qualifiers

    @property
    def is_known(self) -> bool:
        """Whether the dictionary knows the word at all (``ign`` means it does not)."""
        return self.pos != "ign"


@dataclass(frozen=True, slots=True)
class Form:
    """One generated form of a lemma: the text and its tag and qualifiers."""

    text: str
    reading: Reading


@lru_cache(maxsize=4096)
def _tag_parts(tag: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(numbers, cases, genders) of a declined tag; empty sets for other parts of speech."""
    fields = tag.split(":")
    if fields[0] not in _DECLINED or len(fields) < 4:
        return frozenset(), frozenset(), frozenset()
    return (
        frozenset(fields[1].split(".")) & _NUMBERS,
        frozenset(fields[2].split(".")) & frozenset(CASES),
        frozenset(fields[3].split(".")) & _GENDERS,
    )


def _lemma(raw: str) -> str:
    # "Zbyszek:Sm1" -> "Zbyszek"; keep a bare ":" (the lemma of the colon itself).
    return raw.split(":", 1)[0] if len(raw) > 1 else raw


class Morphology:
    """Cached, thread-safe access to one Morfeusz 2 analyser and generator.

    ``cache_size`` bounds each cache (analyses and generated paradigms); when
    full, the oldest half is dropped.
    """

    def __init__(self, cache_size: int = 200_000) -> None:
        import morfeusz2

        self._morfeusz = morfeusz2.Morfeusz(generate=True, expand_tags=False)
        self._lock = threading.Lock()
        self.cache_size = max(cache_size, 16)
        self._analyses: dict[str, tuple[Reading, ...]] = {}
        self._paradigms: dict[str, tuple[Form, ...]] = {}

    # -- analysis ---------------------------------------------------------
    def analyse(self, word: str) -> tuple[Reading, ...]:
        """Every reading of one word (a hyphenated word is read as a whole only if the dictionary has it).

        Empty for an empty word; a single ``ign`` reading for a word the
        dictionary does not know (foreign names, typos, very long tokens).
        """
        cached = self._analyses.get(word)
        if cached is not None:
            return cached
        readings = self._analyse_uncached(word)
        self._remember(self._analyses, word, readings)
        return readings

    def _analyse_uncached(self, word: str) -> tuple[Reading, ...]:
        text = clean_word(word).strip()
        if not text:
            return ()
        if len(text) > _MAX_WORD:
            return (Reading(text, "ign"),)
        with self._lock:
            raw = self._raw("analyse", text)
        if not raw:
            return (Reading(text, "ign"),)
        last = max(end for _, end, _ in raw)
        # Only readings of the whole word: "Nowak-Kowalska" is three segments and has none.
        whole = [interp for start, end, interp in raw if start == 0 and end == last]
        if last != 1 or not whole:
            return (Reading(text, "ign"),)
        out: list[Reading] = []
        seen: set[tuple[str, str, tuple[str, ...]]] = set()
        for _form, lemma, tag, qualifiers, _labels in whole:
            key = (_lemma(lemma), tag, tuple(qualifiers))
            if key not in seen:
                seen.add(key)
                out.append(Reading(*key))
        return tuple(out)

    def _raw(self, operation: str, text: str) -> list[tuple[int, int, tuple]]:
        """Morfeusz's results as ``(start, end, (form, lemma, tag, qualifiers, labels))``.

        Read by index, never by iterating the result: morfeusz2 and faiss are both SWIG
        modules, and once faiss is imported, iterating a Morfeusz result list runs faiss's
        ``SwigPyIterator`` on it and crashes the process (seen in a retrieval benchmark).
        """
        engine = self._morfeusz._morfeusz_obj
        results = engine.analyse(text) if operation == "analyse" else engine.generate(text)
        out = []
        for k in range(len(results)):
            item = results[k]
            names = item.getName(engine)
            labels = item.getLabels(engine)
            out.append(
                (
                    item.startNode,
                    item.endNode,
                    (
                        item.orth,
                        item.lemma,
                        item.getTag(engine),
                        list(names) if isinstance(names, list) else [names[j] for j in range(len(names))],
                        labels,
                    ),
                )
            )
        return out

    def segments(self, word: str) -> list[tuple[int, int, str, str, str]]:
        """Morfeusz's readings of ``word`` as ``(start node, end node, form, lemma with its homonym mark,
        tag)``: a simple word's readings all span nodes 0-1; "zamówiłeś" is the past form (0-1) and
        the agglutinate "eś" (1-2).
        """
        text = clean_word(word).strip()
        if not text or len(text) > _MAX_WORD or " " in text:
            return []
        with self._lock:
            return [(start, end, orth, lemma, tag)
                    for start, end, (orth, lemma, tag, *_rest) in self._raw("analyse", text)]

    def form_of(self, lemma: str, tag_prefix: str) -> str | None:
        """The form of ``lemma`` (with its homonym mark, from :meth:`segments`) whose tag starts with
        ``tag_prefix``: ``form_of("dostać:Vp~anę", "fin:sg:ter")`` is "dostanie", never "dostoi"."""
        if not lemma or len(lemma) > 2 * _MAX_WORD:
            return None
        with self._lock:
            try:
                generated = self._raw("generate", lemma)
            except RuntimeError:
                return None
        return next((orth for _, _, (orth, _lemma, tag, *_rest) in generated if tag.startswith(tag_prefix)),
                    None)

    def lemmas(self, word: str) -> frozenset[str]:
        """Every lemma of ``word`` (the word itself when the dictionary does not know it)."""
        return frozenset(r.lemma for r in self.analyse(word))

    def lemma(self, word: str) -> str:
        """One lemma: a common-word reading first, else the first reading's (``word`` for unknown words)."""
        readings = self.analyse(word)
        if not readings:
            return word
        common = [r for r in readings if not (r.is_first_name or r.is_surname or r.is_place)]
        return (common or list(readings))[0].lemma

    # -- generation -------------------------------------------------------
    def generate(self, lemma: str) -> tuple[Form, ...]:
        """Every form of ``lemma`` with its tag (all homonyms: "Zbyszek" the name and the place)."""
        cached = self._paradigms.get(lemma)
        if cached is not None:
            return cached
        text = clean_word(lemma).strip()
        forms: tuple[Form, ...] = ()
        if text and len(text) <= _MAX_WORD and " " not in text:
            with self._lock:
                try:
                    raw = self._raw("generate", text)
                except RuntimeError:  # a lemma the generator does not know
                    raw = []
            forms = tuple(
                Form(form, Reading(_lemma(lem), tag, tuple(quals)))
                for _start, _end, (form, lem, tag, quals, _labels) in raw
            )
        self._remember(self._paradigms, lemma, forms)
        return forms

    def inflect(
        self,
        lemma: str,
        *,
        case: str,
        number: str = "sg",
        gender: str | None = None,
        qualifier: str | None = None,
    ) -> str | None:
        """The form of ``lemma`` in ``case`` and ``number`` (and ``gender``: ``"f"`` or ``"m"``), or ``None``.

        ``qualifier`` ("imię", "nazwisko") prefers the name reading of a lemma
        that is also a common word or a place.
        """
        best: tuple[int, str] | None = None
        for form in self.generate(lemma):
            reading = form.reading
            if reading.lemma != lemma or case not in reading.cases or number not in reading.numbers:
                continue
            if gender is not None and not _gender_matches(gender, reading.genders):
                continue
            rank = 0 if qualifier is None or qualifier in reading.qualifiers else 1
            # Prefer the plainest form: SGJP lists archaic or depreciative variants too.
            rank = rank * 2 + (1 if reading.pos != "subst" else 0)
            if best is None or rank < best[0]:
                best = (rank, form.text)
        return None if best is None else best[1]

    def _remember(self, cache: dict, key: str, value: object) -> None:
        if len(cache) >= self.cache_size:
            # Dicts keep insertion order: drop the older half (cheap, and the hot words come back).
            for stale in list(cache)[: self.cache_size // 2]:
                cache.pop(stale, None)
        cache[key] = value


def _gender_matches(gender: str, genders: frozenset[str]) -> bool:
    if gender == "f":
        return "f" in genders
    if gender == "m":
        return bool(genders & {"m1", "m2", "m3"})
    return gender in genders


class MorfeuszLemmatizer:
    """A drop-in for :class:`~pomocbot.text.stemming.PolishStemmer` giving dictionary lemmas instead of stems.

    ``stem(word)`` takes a lower-cased word and returns its lemma, lower-cased:
    the common-word reading first ("zwrotu" → "zwrot", "paczki" → "paczka"), the
    word itself when the dictionary does not know it. Measured against Stempel on
    retrieval in ``benchmarks/lemmas.py``.

    >>> MorfeuszLemmatizer().stem("reklamacji")
    'reklamacja'
    """

    def __init__(self, morphology: Morphology | None = None) -> None:
        self.morphology = morphology or default_morphology()
        self._cache: dict[str, str] = {}

    def stem(self, word: str) -> str:
        cached = self._cache.get(word)
        if cached is None:
            cached = word if len(word) < 3 or not word.isalpha() else self.morphology.lemma(word).lower()
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[word] = cached
        return cached


_DEFAULT: Morphology | None = None
_DEFAULT_LOCK = threading.Lock()


def default_morphology() -> Morphology:
    """The process-wide :class:`Morphology` (loaded on first use, about 0.15 s)."""
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = Morphology()
    return _DEFAULT
