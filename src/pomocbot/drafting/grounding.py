"""The grounding verifier: every sentence of a draft must be backed by a source it cites.

A drafter (an LLM above all) can paraphrase wrongly, change a price or invent a
sentence; :class:`GroundingVerifier` removes every sentence its sources do not back.

**Which source.** A sentence is checked against the sources of its markers
``[n]`` (1-based into ``sources``, together when there are several; markers
outside the sources are dropped). A sentence without a marker takes the markers
of the nearest following marked sentence of its paragraph; if those do not
support it, or there are none, each source is tried alone and the best one's
number is used (and written into the body, unless the next kept marked sentence
of the paragraph already cites it).

**When a sentence is supported.** Every value it states (price, percentage,
duration, date, time, number; :mod:`pomocbot.text.values`) occurs in the source,
and so does its content: it is quoted verbatim (the extractive drafter's case; no
embedding needed), or, with an embedder, ``overlap >= min_stem_overlap and dense
>= dense_floor`` or ``dense >= min_dense_similarity``; without one, ``overlap >=
min_stem_overlap``.

``overlap`` is the share of the sentence's content stems (folded Stempel stems;
stop words and numbers left out) found in the source (title included);
``dense`` the best cosine similarity between the sentence and the
``DENSE_CANDIDATES`` source sentences sharing most content stems with it.
Stems cannot see that "Mebli z katalogu nie można zwrócić" contradicts
"Standardowe meble z katalogu zwrócić możesz normalnie" (3 of 4 stems shared),
hence the floor. Cosines live on each embedder's own scale (on the set below
the median faithful paraphrase and unsupported sentence score 0.955 and 0.922
with e5, 0.72 and 0.52 with USE), so both thresholds come per embedder name
from :data:`DENSE_THRESHOLDS` unless the config sets them; an embedder not in
it gets the strictest. ``benchmarks/grounding.py`` measures
them with Stempel on ``examples/sklep/grounding_cases.jsonl``: 168 faithful
paraphrases and 179 unsupported sentences (changed values, negated or reversed
policies, the same words making another claim, inventions) written against
chunks of ``examples/sklep/kb``, split by document; e5's rule was chosen on the
tune half (most paraphrases kept with at most 5 % of the unsupported sentences
whose values all occur in the source). Share kept on the test half (82
paraphrases; 68 unsupported sentences the thresholds decide, the other 16 fail
the value check):

==========================================  ===========  ===========
rule (floor; dense alone)                   paraphrases  unsupported
==========================================  ===========  ===========
stems >= 0.5, no embedder                   95 %         85 %
USE 0.55; 0.75 (USE's default, kept)        82 %         32 %
USE 0.805; 0.805 (chosen on tune)           30 %         1.5 %
e5 with USE's 0.55; 0.75                    100 %        100 %
e5 0.96; 0.96 (e5's default)                40 %         6 %
==========================================  ===========  ===========

The set is hard on purpose: most unsupported sentences reuse the source's words
("termin liczymy od odbioru pierwszej z nich" for "ostatniej"), which neither
embedder tells apart from a faithful paraphrase well, so a safe rule drops most
paraphrases (a dropped sentence costs a shorter answer, a kept invention breaks
the promise). USE's default predates this set (on its 64 easier sentences it
kept 83 % and 0 %) and is kept until drafting is re-measured with it. A verify
makes at most two batched ``embed`` calls: the draft's open sentences, uncached
source sentences.

**Polarity.** Stop words carry no stems, and a cosine barely moves when "nie"
is dropped, so a sentence that passes on stems and cosine is also compared
with the source sentences sharing most stems with it
(:func:`pomocbot.text.polarity.polarity_conflict`): a word negated on one side
and stated plainly on the other ("Zwracamy koszt odesłania" against "Nie
zwracamy kosztu odesłania"), or opposite quantifiers and bounds ("wszystkie" /
"niektóre", "przed" / "po", "co najmniej" / "najwyżej"), make it unsupported
(``check_polarity``; ``benchmarks/polarity.py`` measures it).

**Short answers.** A sentence with no content word and no value ("Tak.", "Nie.",
"Niestety nie.") is kept only directly before a supported sentence of its
paragraph, with that sentence's sources (its own markers must be among them).
A repeated sentence is dropped (``kept=False``) but counts as supported.
``kept_fraction`` is the share of supported sentences (0 for an empty body).

>>> from pomocbot.types import Hit
>>> source = Hit(doc_id="zwroty", chunk_id="zwroty#0", title="Zwroty", rank=1, score=1.0,
...              text="Masz 14 dni na zwrot towaru. Kurier kosztuje 19,99 zł.")
>>> verifier = GroundingVerifier(None, stem=lambda word: word[:6])
>>> result = verifier.verify("Masz 14 dni na zwrot towaru [1]. Kurier kosztuje 29,99 zł [1].", [source])
>>> result.body, result.kept_fraction
('Masz 14 dni na zwrot towaru [1].', 0.5)
>>> result.verdicts[1].reason
'wartość 29,99 zł nie występuje w źródle [1]'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from pomocbot.config import GroundingConfig
from pomocbot.retrieval.embedders import Embedder
from pomocbot.text.normalize import fold_diacritics
from pomocbot.text.polarity import PolarityConflict, polarity_conflict
from pomocbot.text.sentences import sentence_spans, split_sentences
from pomocbot.text.stopwords import is_stopword
from pomocbot.text.tokenize import lexical_terms, word_tokens
from pomocbot.text.values import Value, extract_values, missing_values
from pomocbot.types import Hit, SentenceVerdict

__all__ = ["ANSWER_PARTICLES", "DENSE_CANDIDATES", "DENSE_FLOOR", "DENSE_THRESHOLDS", "DenseThresholds",
           "GroundingResult", "GroundingVerifier", "dense_thresholds"]

# Words of a bare answer that are not stop words (folded). With stop words ("tak",
# "nie", "można") they make up the short answers kept before a supported sentence.
ANSWER_PARTICLES: frozenset[str] = frozenset({
    "oczywiscie", "owszem", "niestety", "jasne", "dobrze", "zgadza", "prawda", "racja", "najbardziej",
    "mozliwe", "niemozliwe",
})
# USE's floor: the least cosine to a source sentence for a sentence that passes on stems
# (kept for callers that name it; each embedder's own is in DENSE_THRESHOLDS).
DENSE_FLOOR = 0.55
# Source sentences compared by embedding per sentence and source group: those sharing
# most content stems with it (a paraphrase keeps some words of its original).
DENSE_CANDIDATES = 3
_MARKER = re.compile(r"(\s*)((?:\[\d+(?:\s*,\s*\d+)*\])+)")  # a run of markers: "[1]", "[1][2]", "[1, 2]"
_END = re.compile(r"[\s.!?…:;]*[\"'”»)]*\s*$")
_SEPARATORS = (" ", "\n", "\n\n")  # between kept sentences, by the strongest break between them
_LONE_SHORT = "krótka odpowiedź bez popartego zdania po niej"


@dataclass(frozen=True)
class DenseThresholds:
    """An embedder's cosine thresholds: ``floor`` with enough shared stems, ``min_dense`` on its own."""

    floor: float
    min_dense: float


# Calibrated per embedder name by benchmarks/grounding.py on examples/sklep/grounding_cases.jsonl
# (tune split: most paraphrases kept with at most 5 % of unsupported sentences; see the module docstring).
DENSE_THRESHOLDS: dict[str, DenseThresholds] = {
    "use-multilingual-v3": DenseThresholds(floor=DENSE_FLOOR, min_dense=0.75),  # measured earlier, kept
    "multilingual-e5-small-q4": DenseThresholds(floor=0.96, min_dense=0.96),
}
# Any other embedder: the strictest of the table (a cosine scale not measured may be compressed like e5's).
_UNCALIBRATED = DenseThresholds(floor=max(t.floor for t in DENSE_THRESHOLDS.values()),
                                min_dense=max(t.min_dense for t in DENSE_THRESHOLDS.values()))


def dense_thresholds(embedder_name: str | None) -> DenseThresholds:
    """The thresholds calibrated for an embedder (by its ``name``); the strictest for any other.

    >>> dense_thresholds("use-multilingual-v3")
    DenseThresholds(floor=0.55, min_dense=0.75)
    >>> dense_thresholds("hf:my-model") == dense_thresholds("multilingual-e5-small-q4")
    True
    """
    return DENSE_THRESHOLDS.get(embedder_name or "", _UNCALIBRATED)


@dataclass(frozen=True)
class GroundingResult:
    """The verified body, one verdict per sentence of the draft, and the numbers the body cites."""

    body: str
    verdicts: list[SentenceVerdict]
    kept_fraction: float
    cited: list[int]


@dataclass
class _Sentence:
    raw: str  # as written, invalid markers dropped
    text: str  # without markers
    markers: tuple[int, ...]
    paragraph: int
    gap: int  # break before it: 0 space, 1 line, 2 paragraph
    stems: frozenset[str] = frozenset()
    values: tuple[Value, ...] = ()
    short: bool = False


@dataclass(frozen=True)
class _Source:
    stems: frozenset[str]
    values: tuple[Value, ...]
    quotes: frozenset[str]  # its sentences, folded, for verbatim quotes
    sentences: tuple[str, ...]
    sentence_stems: tuple[frozenset[str], ...]


@dataclass
class _Check:
    numbers: tuple[int, ...]
    overlap: float
    missing: list[Value]
    verbatim: bool = False
    dense: float | None = None
    conflict: PolarityConflict | None = None
    supported: bool = False  # set on the check chosen for the sentence, with the fields below
    added: bool = False  # no own marker: the body may need the source's marker
    reason: str = ""


class _Stemmer(Protocol):
    def stem(self, word: str) -> str: ...


def _refs(numbers: Sequence[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def _folded(text: str) -> str:
    return " ".join(fold_diacritics(text.lower()).split())


def _quote(sentence: str) -> str:
    return _folded(_END.sub("", _MARKER.sub("", sentence)))


def _marker_numbers(text: str) -> tuple[int, ...]:
    return tuple(dict.fromkeys(int(n) for run in _MARKER.finditer(text) for n in re.findall(r"\d+", run[2])))


class GroundingVerifier:
    """Checks each sentence of a draft against the sources it cites; see the module docstring.

    ``embedder`` may be ``None`` (stems and values only). ``stem`` maps a lower-cased
    word to its stem, or has a ``stem`` method (:class:`~pomocbot.text.stemming.PolishStemmer`).
    The cosine thresholds are ``dense_floor`` and the config's, where given, else the
    embedder's (:func:`dense_thresholds`). Up to ``cache_size`` embeddings of source
    sentences are cached between calls.
    """

    def __init__(self, embedder: Embedder | None, stem: Callable[[str], str] | _Stemmer,
                 config: GroundingConfig | None = None, *, dense_floor: float | None = None,
                 cache_size: int = 4096) -> None:
        self.embedder = embedder
        self._stem: Callable[[str], str] = stem if callable(stem) else stem.stem
        self.config = config or GroundingConfig()
        calibrated = dense_thresholds(getattr(embedder, "name", None))
        floor = self.config.dense_floor if dense_floor is None else dense_floor
        self.dense_floor = calibrated.floor if floor is None else floor
        min_dense = self.config.min_dense_similarity
        self.min_dense_similarity = calibrated.min_dense if min_dense is None else min_dense
        self.cache_size = cache_size
        self._vectors: dict[str, np.ndarray] = {}
        self._sources: dict[tuple[str, str], _Source] = {}
        self._stems_cache: dict[str, frozenset[str]] = {}

    def verify(self, body: str, sources: Sequence[Hit]) -> GroundingResult:
        """Verify ``body`` (sentences with ``[n]`` markers) against ``sources``; return what survives."""
        sentences = self._sentences(body, len(sources))
        if not sentences:
            return GroundingResult(body="", verdicts=[], kept_fraction=0.0, cited=[])
        prepared = {number: self._source(hit) for number, hit in enumerate(sources, start=1)}
        groups = self._candidates(sentences, len(prepared))
        checks = [[self._lexical(s, g, prepared) for g in gs]
                  for s, gs in zip(sentences, groups, strict=True)]
        self._add_dense(sentences, checks, prepared)
        choices = [self._choose(s, c, bool(prepared)) for s, c in zip(sentences, checks, strict=True)]
        if prepared:
            self._short_answers(sentences, choices)
        return self._result(sentences, choices)

    def _sentences(self, body: str, n_sources: int) -> list[_Sentence]:
        def keep_valid(run: re.Match[str]) -> str:  # "[9][2]" -> "[2]", "[1, 7]" -> "[1]"
            groups = [", ".join(n for n in re.findall(r"\d+", group) if 1 <= int(n) <= n_sources)
                      for group in re.findall(r"\[([^\]]*)\]", run[2])]
            kept = "".join(f"[{group}]" for group in groups if group)
            return f"{run[1]}{kept}" if kept else ""

        sentences: list[_Sentence] = []
        previous_end, paragraph = 0, 0
        for start, end in sentence_spans(body):
            between = body[previous_end:start]
            gap = 2 if re.search(r"\n\s*\n", between) else 1 if "\n" in between else 0
            previous_end = end
            raw = " ".join(_MARKER.sub(keep_valid, body[start:end]).split())
            text = " ".join(_MARKER.sub("", raw).split())
            if not _END.sub("", text):  # only markers or punctuation: they belong to the sentence before
                if sentences and gap < 2:
                    sentences[-1].raw = f"{sentences[-1].raw} {raw}".strip()
                    sentences[-1].markers = _marker_numbers(sentences[-1].raw)
                continue
            if gap == 2 and sentences:
                paragraph += 1
            sentence = _Sentence(raw, text, _marker_numbers(raw), paragraph, gap if sentences else 0)
            words = [fold_diacritics(t.lower()) for t in word_tokens(text) if not t[0].isdigit()]
            sentence.stems = self._content_stems(text)
            sentence.values = tuple(extract_values(text))
            sentence.short = not sentence.values and all(is_stopword(w) or w in ANSWER_PARTICLES
                                                         for w in words)
            sentences.append(sentence)
        return sentences

    @staticmethod
    def _candidates(sentences: list[_Sentence], n_sources: int) -> list[list[tuple[int, ...]]]:
        """Source groups to try per sentence: own markers; else inherited ones, then each source alone."""
        singles: list[tuple[int, ...]] = [(n,) for n in range(1, n_sources + 1)]
        groups: list[list[tuple[int, ...]]] = []
        for i, sentence in enumerate(sentences):
            if sentence.markers:
                groups.append([sentence.markers])
                continue
            inherited = next((s.markers for s in sentences[i + 1 :]
                              if s.paragraph == sentence.paragraph and s.markers), None)
            groups.append([inherited, *(g for g in singles if g != inherited)] if inherited else singles)
        return groups

    def _content_stems(self, text: str) -> frozenset[str]:
        # Extractive drafts repeat the knowledge base's sentences: remember their stems.
        cached = self._stems_cache.get(text)
        if cached is None:
            cached = frozenset(t for t in lexical_terms(text, self._stem) if not t[0].isdigit())
            if len(self._stems_cache) >= max(self.cache_size, 1):
                self._stems_cache.pop(next(iter(self._stems_cache)))
            self._stems_cache[text] = cached
        return cached

    def _source(self, hit: Hit) -> _Source:
        key = (hit.title, hit.text)
        source = self._sources.get(key)
        if source is None:
            sentences = tuple(split_sentences(hit.text))
            sentence_stems = tuple(self._content_stems(s) for s in sentences)
            stems = self._content_stems(hit.title).union(*sentence_stems)
            quotes = frozenset(_quote(s) for s in sentences)
            source = _Source(stems, tuple(extract_values(hit.text)), quotes, sentences, sentence_stems)
            if len(self._sources) >= max(self.cache_size, 1):
                self._sources.pop(next(iter(self._sources)))  # the oldest entry
            self._sources[key] = source
        return source

    def _lexical(self, sentence: _Sentence, group: tuple[int, ...], sources: dict[int, _Source]) -> _Check:
        stems = frozenset().union(*(sources[n].stems for n in group))
        values = [v for n in group for v in sources[n].values]
        if sentence.stems:
            overlap = len(sentence.stems & stems) / len(sentence.stems)
        else:  # a bare value ("19,99 zł.") rests on its values alone
            overlap = 1.0 if sentence.values else 0.0
        verbatim = any(_quote(sentence.text) in sources[n].quotes for n in group)
        check = _Check(group, overlap, missing_values(sentence.values, values), verbatim)
        if self.config.check_polarity and not verbatim and not check.missing and sentence.stems:
            check.conflict = self._polarity(sentence, group, sources)
        return check

    @staticmethod
    def _shared_stems(sentence: _Sentence, group: tuple[int, ...],
                      sources: dict[int, _Source]) -> list[tuple[int, str]]:
        """(content stems shared with ``sentence``, source sentence) for each sentence of the group."""
        return [(len(st & sentence.stems), t) for n in group
                for t, st in zip(sources[n].sentences, sources[n].sentence_stems, strict=True)]

    def _polarity(self, sentence: _Sentence, group: tuple[int, ...],
                  sources: dict[int, _Source]) -> PolarityConflict | None:
        """The conflict with the source sentences sharing most stems with ``sentence``, if all conflict."""
        shared = self._shared_stems(sentence, group, sources)
        best = max((n for n, _ in shared), default=0)
        if best == 0:
            return None
        conflicts = [polarity_conflict(sentence.text, t) for n, t in shared if n == best]
        return conflicts[0] if all(conflicts) else None

    def _add_dense(self, sentences: list[_Sentence], checks: list[list[_Check]],
                   sources: dict[int, _Source]) -> None:
        """Dense similarity of the checks that need it, in two batched embed calls at most."""
        if self.embedder is None:
            return
        rows = [i for i, (s, cs) in enumerate(zip(sentences, checks, strict=True))
                if not s.short and not any(c.verbatim and not c.missing for c in cs)
                and any(not c.missing and c.conflict is None for c in cs)]
        # Per open check, the source sentences sharing most content stems with the sentence.
        pairs: dict[tuple[int, int], list[str]] = {}
        for i in rows:
            for k, check in enumerate(checks[i]):
                is_open = not check.missing and check.conflict is None
                shared = self._shared_stems(sentences[i], check.numbers, sources) if is_open else []
                ranked = sorted((c for c in shared if c[0]), key=lambda c: -c[0])
                pairs[i, k] = [t for _, t in ranked[:DENSE_CANDIDATES]]
        texts = list(dict.fromkeys(t for ts in pairs.values() for t in ts))
        if not texts:
            return
        known = {t: v for t in texts if (v := self._vectors.get(t)) is not None}
        fresh = [t for t in texts if t not in known]
        if fresh:
            known.update(zip(fresh, self.embedder.embed(fresh, kind="passage"), strict=True))
            if len(self._vectors) + len(fresh) > self.cache_size:
                self._vectors.clear()
            self._vectors.update((t, known[t]) for t in fresh)
        needed = sorted({i for (i, _k), ts in pairs.items() if ts})
        draft_vectors = self.embedder.embed([sentences[i].text for i in needed], kind="passage")
        vectors = dict(zip(needed, draft_vectors, strict=True))
        for (i, k), ts in pairs.items():
            if ts:
                checks[i][k].dense = float(max(float(known[t] @ vectors[i]) for t in ts))

    def _supported(self, check: _Check) -> bool:
        if check.missing or check.conflict is not None:
            return False
        if check.verbatim:
            return True
        passes_stems = check.overlap >= self.config.min_stem_overlap
        if self.embedder is None:
            return passes_stems
        dense = -1.0 if check.dense is None else check.dense
        return (passes_stems and dense >= self.dense_floor) or dense >= self.min_dense_similarity

    def _score(self, check: _Check) -> tuple[bool, int, bool, float]:
        dense = 0.0 if check.dense is None else check.dense
        return self._supported(check), -len(check.missing), check.verbatim, check.overlap + dense

    def _choose(self, sentence: _Sentence, checks: list[_Check], any_source: bool) -> _Check:
        if not any_source:
            return _Check((), 0.0, [], reason="brak źródeł do sprawdzenia")
        best = checks[0]  # own or inherited markers come first
        if not sentence.markers and not self._supported(best):
            best = max(checks, key=self._score)
        best.supported, best.added = self._supported(best) and not sentence.short, not sentence.markers
        refs = _refs(best.numbers)
        if sentence.short:
            return best  # decided by _short_answers
        if best.missing:
            shown = ", ".join(dict.fromkeys(v.text for v in best.missing))
            verb = "wartość {} nie występuje" if len(best.missing) == 1 else "wartości {} nie występują"
            where = f"w źródle {refs}" if len(best.numbers) == 1 else f"w źródłach {refs}"
            best.reason = f"{verb.format(shown)} {where}"
        elif best.verbatim:
            best.reason = f"cytat z {refs}"
        elif best.conflict is not None:
            best.reason = f"przeczy źródłu {refs}: {best.conflict.describe()}"
        else:
            detail = f"rdzenie {best.overlap:.2f}"
            if best.dense is not None:
                detail += f", podobieństwo {best.dense:.2f}"
            verdict = "poparte przez" if best.supported else "za mało wspólnego ze źródłem"
            best.reason = f"{verdict} {refs} ({detail})"
        return best

    @staticmethod
    def _short_answers(sentences: list[_Sentence], choices: list[_Check]) -> None:
        for i, sentence in enumerate(sentences):
            if not sentence.short:
                continue
            after = sentences[i + 1] if i + 1 < len(sentences) else None
            if (after is not None and after.paragraph == sentence.paragraph and not after.short
                    and choices[i + 1].supported and set(sentence.markers) <= set(choices[i + 1].numbers)):
                numbers = choices[i + 1].numbers
                choices[i] = _Check(numbers, 0.0, [], supported=True, added=not sentence.markers,
                                    reason=f"krótka odpowiedź przed zdaniem popartym przez {_refs(numbers)}")
            else:
                choices[i] = _Check(sentence.markers, 0.0, [], reason=_LONE_SHORT)

    def _result(self, sentences: list[_Sentence], choices: list[_Check]) -> GroundingResult:
        kept = [c.supported for c in choices]
        seen: set[str] = set()
        for i, sentence in enumerate(sentences):
            key = _folded(sentence.text)
            if kept[i] and key in seen:
                kept[i] = False
                choices[i].reason = "powtórzenie wcześniejszego zdania"
            elif kept[i]:
                seen.add(key)
        parts: list[str] = []
        verdicts: list[SentenceVerdict] = []
        last_kept = -1
        for i, (sentence, choice) in enumerate(zip(sentences, choices, strict=True)):
            text, check = sentence.raw, choice
            if kept[i] and choice.added and not self._carried(sentences, kept, i, check.numbers):
                cut = _END.search(text).start()  # type: ignore[union-attr]  # _END matches at the end
                text = f"{text[:cut]} {_refs(check.numbers)}{text[cut:]}"
            if kept[i]:
                if parts:
                    parts.append(_SEPARATORS[max(s.gap for s in sentences[last_kept + 1 : i + 1])])
                parts.append(text)
                last_kept = i
            verdicts.append(SentenceVerdict(
                sentence=text, supported=choice.supported, kept=kept[i], source_numbers=list(check.numbers),
                stem_overlap=round(check.overlap, 4),
                dense_similarity=None if check.dense is None else round(check.dense, 4),
                missing_values=list(dict.fromkeys(v.text for v in check.missing)), reason=choice.reason))
        body = "".join(parts)
        kept_fraction = sum(c.supported for c in choices) / len(sentences)
        return GroundingResult(body=body, verdicts=verdicts, kept_fraction=kept_fraction,
                               cited=list(_marker_numbers(body)))

    @staticmethod
    def _carried(sentences: list[_Sentence], kept: list[bool], i: int, numbers: tuple[int, ...]) -> bool:
        """True when the next kept sentence of the paragraph with markers cites ``numbers``."""
        for j in range(i + 1, len(sentences)):
            if sentences[j].paragraph != sentences[i].paragraph:
                return False
            if kept[j] and sentences[j].markers:
                return set(numbers) <= set(sentences[j].markers)
        return False
