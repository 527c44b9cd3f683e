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
hence the floor. Both thresholds come per embedder name from
:data:`DENSE_THRESHOLDS` unless the config sets them (an embedder not in it
gets the strictest); :mod:`pomocbot.drafting.grounding_thresholds` tells how
they were measured. A verify makes at most two batched ``embed`` calls: the
draft's open sentences, uncached source sentences.

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
from pomocbot.drafting.grounding_result import (
    END,
    MARKER,
    DraftSentence,
    GroundingResult,
    SentenceCheck,
    marker_numbers,
    quote,
    refs,
    settle_short_answers,
    verified_result,
)
from pomocbot.drafting.grounding_thresholds import (
    DENSE_FLOOR,
    DENSE_THRESHOLDS,
    DenseThresholds,
    dense_thresholds,
)
from pomocbot.retrieval.embedders import Embedder
from pomocbot.text.normalize import fold_diacritics
from pomocbot.text.polarity import PolarityConflict, polarity_conflict
from pomocbot.text.sentences import sentence_spans, split_sentences
from pomocbot.text.stopwords import is_stopword
from pomocbot.text.tokenize import lexical_terms, word_tokens
from pomocbot.text.values import Value, extract_values, missing_values
from pomocbot.types import Hit

__all__ = ["ANSWER_PARTICLES", "DENSE_CANDIDATES", "DENSE_FLOOR", "DENSE_THRESHOLDS", "DenseThresholds",
           "GroundingResult", "GroundingVerifier", "dense_thresholds"]

# Words of a bare answer that are not stop words (folded). With stop words ("tak",
# "nie", "można") they make up the short answers kept before a supported sentence.
ANSWER_PARTICLES: frozenset[str] = frozenset({
    "oczywiscie", "owszem", "niestety", "jasne", "dobrze", "zgadza", "prawda", "racja", "najbardziej",
    "mozliwe", "niemozliwe",
})
# Source sentences compared by embedding per sentence and source group: those sharing
# most content stems with it (a paraphrase keeps some words of its original).
DENSE_CANDIDATES = 3


@dataclass(frozen=True)
class _Source:
    stems: frozenset[str]
    values: tuple[Value, ...]
    quotes: frozenset[str]  # its sentences, folded, for verbatim quotes
    sentences: tuple[str, ...]
    sentence_stems: tuple[frozenset[str], ...]


class _Stemmer(Protocol):
    def stem(self, word: str) -> str: ...


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
            settle_short_answers(sentences, choices)
        return verified_result(sentences, choices)

    def _sentences(self, body: str, n_sources: int) -> list[DraftSentence]:
        def keep_valid(run: re.Match[str]) -> str:  # "[9][2]" -> "[2]", "[1, 7]" -> "[1]"
            groups = [", ".join(n for n in re.findall(r"\d+", group) if 1 <= int(n) <= n_sources)
                      for group in re.findall(r"\[([^\]]*)\]", run[2])]
            kept = "".join(f"[{group}]" for group in groups if group)
            return f"{run[1]}{kept}" if kept else ""

        sentences: list[DraftSentence] = []
        previous_end, paragraph = 0, 0
        for start, end in sentence_spans(body):
            between = body[previous_end:start]
            gap = 2 if re.search(r"\n\s*\n", between) else 1 if "\n" in between else 0
            previous_end = end
            raw = " ".join(MARKER.sub(keep_valid, body[start:end]).split())
            text = " ".join(MARKER.sub("", raw).split())
            if not END.sub("", text):  # only markers or punctuation: they belong to the sentence before
                if sentences and gap < 2:
                    sentences[-1].raw = f"{sentences[-1].raw} {raw}".strip()
                    sentences[-1].markers = marker_numbers(sentences[-1].raw)
                continue
            if gap == 2 and sentences:
                paragraph += 1
            sentence = DraftSentence(raw, text, marker_numbers(raw), paragraph, gap if sentences else 0)
            words = [fold_diacritics(t.lower()) for t in word_tokens(text) if not t[0].isdigit()]
            sentence.stems = self._content_stems(text)
            sentence.values = tuple(extract_values(text))
            sentence.short = not sentence.values and all(is_stopword(w) or w in ANSWER_PARTICLES
                                                         for w in words)
            sentences.append(sentence)
        return sentences

    @staticmethod
    def _candidates(sentences: list[DraftSentence], n_sources: int) -> list[list[tuple[int, ...]]]:
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
            quotes = frozenset(quote(s) for s in sentences)
            source = _Source(stems, tuple(extract_values(hit.text)), quotes, sentences, sentence_stems)
            if len(self._sources) >= max(self.cache_size, 1):
                self._sources.pop(next(iter(self._sources)))  # the oldest entry
            self._sources[key] = source
        return source

    def _lexical(self, sentence: DraftSentence, group: tuple[int, ...],
                 sources: dict[int, _Source]) -> SentenceCheck:
        stems = frozenset().union(*(sources[n].stems for n in group))
        values = [v for n in group for v in sources[n].values]
        if sentence.stems:
            overlap = len(sentence.stems & stems) / len(sentence.stems)
        else:  # a bare value ("19,99 zł.") rests on its values alone
            overlap = 1.0 if sentence.values else 0.0
        verbatim = any(quote(sentence.text) in sources[n].quotes for n in group)
        check = SentenceCheck(group, overlap, missing_values(sentence.values, values), verbatim)
        if self.config.check_polarity and not verbatim and not check.missing and sentence.stems:
            check.conflict = self._polarity(sentence, group, sources)
        return check

    @staticmethod
    def _shared_stems(sentence: DraftSentence, group: tuple[int, ...],
                      sources: dict[int, _Source]) -> list[tuple[int, str]]:
        """(content stems shared with ``sentence``, source sentence) for each sentence of the group."""
        return [(len(st & sentence.stems), t) for n in group
                for t, st in zip(sources[n].sentences, sources[n].sentence_stems, strict=True)]

    def _polarity(self, sentence: DraftSentence, group: tuple[int, ...],
                  sources: dict[int, _Source]) -> PolarityConflict | None:
        """The conflict with the source sentences sharing most stems with ``sentence``, if all conflict."""
        shared = self._shared_stems(sentence, group, sources)
        best = max((n for n, _ in shared), default=0)
        if best == 0:
            return None
        conflicts = [polarity_conflict(sentence.text, t) for n, t in shared if n == best]
        return conflicts[0] if all(conflicts) else None

    def _add_dense(self, sentences: list[DraftSentence], checks: list[list[SentenceCheck]],
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

    def _supported(self, check: SentenceCheck) -> bool:
        if check.missing or check.conflict is not None:
            return False
        if check.verbatim:
            return True
        passes_stems = check.overlap >= self.config.min_stem_overlap
        if self.embedder is None:
            return passes_stems
        dense = -1.0 if check.dense is None else check.dense
        return (passes_stems and dense >= self.dense_floor) or dense >= self.min_dense_similarity

    def _score(self, check: SentenceCheck) -> tuple[bool, int, bool, float]:
        dense = 0.0 if check.dense is None else check.dense
        return self._supported(check), -len(check.missing), check.verbatim, check.overlap + dense

    def _choose(self, sentence: DraftSentence, checks: list[SentenceCheck],
                any_source: bool) -> SentenceCheck:
        if not any_source:
            return SentenceCheck((), 0.0, [], reason="brak źródeł do sprawdzenia")
        best = checks[0]  # own or inherited markers come first
        if not sentence.markers and not self._supported(best):
            best = max(checks, key=self._score)
        best.supported, best.added = self._supported(best) and not sentence.short, not sentence.markers
        cited = refs(best.numbers)
        if sentence.short:
            return best  # decided by settle_short_answers
        if best.missing:
            shown = ", ".join(dict.fromkeys(v.text for v in best.missing))
            verb = "wartość {} nie występuje" if len(best.missing) == 1 else "wartości {} nie występują"
            where = f"w źródle {cited}" if len(best.numbers) == 1 else f"w źródłach {cited}"
            best.reason = f"{verb.format(shown)} {where}"
        elif best.verbatim:
            best.reason = f"cytat z {cited}"
        elif best.conflict is not None:
            best.reason = f"przeczy źródłu {cited}: {best.conflict.describe()}"
        else:
            detail = f"rdzenie {best.overlap:.2f}"
            if best.dense is not None:
                detail += f", podobieństwo {best.dense:.2f}"
            verdict = "poparte przez" if best.supported else "za mało wspólnego ze źródłem"
            best.reason = f"{verdict} {cited} ({detail})"
        return best
