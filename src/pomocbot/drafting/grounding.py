"""The grounding verifier: every sentence of a draft must be backed by a source it cites.

pomocbot promises that each sentence it says comes from the knowledge base.
A drafter (an LLM above all) can paraphrase wrongly, change a price or invent
a sentence, so :class:`GroundingVerifier` checks each sentence of a draft body
against the retrieved chunks and removes what is not supported.

**Which source a sentence is checked against.** Its markers ``[n]`` (1-based
into ``sources``; markers outside the sources are dropped). A sentence without
a marker takes the markers of the nearest following marked sentence of its
paragraph; if those do not support it, or there are none, it is checked against
each source alone and takes the best one's number (the marker is added to the
body when no later kept sentence of the paragraph carries it). A sentence citing
several sources is checked against them together.

**When a sentence is supported.** All of its values (prices, percentages,
durations, dates, times, numbers; see :mod:`pomocbot.text.values`) occur in the
source, *and* its content is there: at least ``min_stem_overlap`` of its content
stems (folded Stempel stems, stop words and numbers left out) occur in the
source, or, failing that, its embedding has cosine similarity at least
``min_dense_similarity`` with one sentence of the source. The dense check runs
only for sentences the stems did not settle (paraphrases), so a verbatim draft
costs no embedding at all; otherwise the draft's sentences go in one batched
``embed`` call and the sources' sentences not yet cached in one more.

**Short answers.** A sentence with no content word and no value ("Tak.",
"Nie.", "Niestety nie.", "To możliwe.") states nothing checkable on its own:
it is kept only directly before a supported sentence of the same paragraph that
cites the same sources (its own markers, if any, must be among them).

A sentence repeating an earlier kept one is dropped (``kept=False``) but still
counts as supported. ``kept_fraction`` is the share of supported sentences; the
assistant falls back to the extractive draft below ``min_kept_fraction``.

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

import numpy as np

from pomocbot.config import GroundingConfig
from pomocbot.retrieval.embedders import Embedder
from pomocbot.text.normalize import fold_diacritics
from pomocbot.text.sentences import sentence_spans, split_sentences
from pomocbot.text.stopwords import is_stopword
from pomocbot.text.tokenize import lexical_terms, word_tokens
from pomocbot.text.values import Value, extract_values, missing_values
from pomocbot.types import Hit, SentenceVerdict

__all__ = ["ANSWER_PARTICLES", "GroundingResult", "GroundingVerifier"]

# Words of a bare answer that are not Polish stop words (folded); with stop words
# ("tak", "nie", "można") they make up the short answers kept before a supported sentence.
ANSWER_PARTICLES: frozenset[str] = frozenset(
    "oczywiscie owszem niestety jasne dobrze zgadza prawda racja najbardziej mozliwe niemozliwe".split()
)
_MARKER = re.compile(r"(\s*)\[(\d+(?:\s*,\s*\d+)*)\]")
_END = re.compile(r"[\s.!?…:;]*[\"'”»)]*\s*$")
_PARAGRAPH = re.compile(r"\n\s*\n")
_SEPARATORS = (" ", "\n", "\n\n")  # between kept sentences, by the strongest break removed between them
_SOURCE_CACHE = 512  # prepared sources (stems, values, sentences) kept between calls


@dataclass(frozen=True)
class GroundingResult:
    """The verified body and one verdict per sentence of the draft, in order.

    ``cited`` lists the source numbers the verified body cites, in order of first use.
    """

    body: str
    verdicts: list[SentenceVerdict]
    kept_fraction: float
    cited: list[int]


@dataclass
class _Sentence:
    raw: str
    text: str
    markers: tuple[int, ...]
    paragraph: int
    gap: int  # break before it: 0 space, 1 line, 2 paragraph
    stems: frozenset[str] = frozenset()
    values: tuple[Value, ...] = ()
    short: bool = False


@dataclass
class _Check:
    numbers: tuple[int, ...]
    overlap: float
    missing: list[Value]
    dense: float | None = None


@dataclass(frozen=True)
class _Source:
    stems: frozenset[str]
    values: tuple[Value, ...]
    sentences: tuple[str, ...]


@dataclass
class _Choice:
    check: _Check
    supported: bool
    added: bool = False  # checked against each source alone: may need its marker added
    reason: str = ""


def _refs(numbers: Sequence[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


class GroundingVerifier:
    """Checks each sentence of a draft against the sources it cites; see the module docstring.

    ``embedder`` may be ``None`` (stems and values only). ``stem`` is a function
    from a lower-cased word to its stem, or a stemmer with a ``stem`` method
    (:class:`~pomocbot.text.stemming.PolishStemmer`). Embeddings of source
    sentences are cached (up to ``cache_size``), since the same chunks come back
    for related questions.
    """

    def __init__(self, embedder: Embedder | None, stem: Callable[[str], str] | object,
                 config: GroundingConfig | None = None, *, cache_size: int = 4096) -> None:
        self.embedder = embedder
        self._stem: Callable[[str], str] = getattr(stem, "stem", stem)  # type: ignore[assignment]
        self.config = config or GroundingConfig()
        self.cache_size = cache_size
        self._vectors: dict[str, np.ndarray] = {}
        self._sources: dict[tuple[str, str], _Source] = {}

    def verify(self, body: str, sources: Sequence[Hit]) -> GroundingResult:
        """Verify ``body`` (sentences with ``[n]`` markers) against ``sources``; return what survives."""
        sentences = self._sentences(body, len(sources))
        if not sentences:
            return GroundingResult(body="", verdicts=[], kept_fraction=0.0, cited=[])
        prepared = {number: self._source(hit) for number, hit in enumerate(sources, start=1)}
        groups = self._candidates(sentences, len(prepared))
        checks = [[self._lexical(s, g, prepared) for g in gs] for s, gs in zip(sentences, groups)]
        self._add_dense(sentences, checks, prepared)
        choices = [self._choose(s, c, bool(prepared)) for s, c in zip(sentences, checks)]
        if prepared:
            self._short_answers(sentences, choices)
        return self._result(sentences, choices)

    # -- sentences and candidate sources ---------------------------------------------------------

    def _sentences(self, body: str, n_sources: int) -> list[_Sentence]:
        def keep_valid(m: re.Match[str]) -> str:
            numbers = [int(n) for n in re.findall(r"\d+", m.group(2))]
            valid = list(dict.fromkeys(n for n in numbers if 1 <= n <= n_sources))
            joiner = ", " if "," in m.group(2) else "]["
            return f"{m.group(1)}[{joiner.join(map(str, valid))}]" if valid else ""

        sentences: list[_Sentence] = []
        previous_end, paragraph = 0, 0
        for start, end in sentence_spans(body):
            gap_text = body[previous_end:start]
            gap = 2 if _PARAGRAPH.search(gap_text) else 1 if "\n" in gap_text else 0
            previous_end = end
            raw = " ".join(_MARKER.sub(keep_valid, body[start:end]).split())
            text = " ".join(_MARKER.sub("", raw).split())
            markers = tuple(dict.fromkeys(int(n) for m in _MARKER.finditer(raw) for n in re.findall(r"\d+", m.group(2))))
            if not _END.sub("", text):  # only markers or punctuation: they belong to the sentence before
                if sentences and gap < 2:
                    last = sentences[-1]
                    last.raw = f"{last.raw} {raw}".strip()
                    last.markers = tuple(dict.fromkeys(last.markers + markers))
                continue
            if gap == 2 and sentences:
                paragraph += 1
            sentence = _Sentence(raw, text, markers, paragraph, gap if sentences else 0)
            words = [fold_diacritics(t.lower()) for t in word_tokens(text) if not t[0].isdigit()]
            content = [w for w in words if not is_stopword(w) and w not in ANSWER_PARTICLES]
            sentence.stems = frozenset(t for t in lexical_terms(text, self._stem) if not t[0].isdigit())
            sentence.values = tuple(extract_values(text))
            sentence.short = not content and not sentence.values
            sentences.append(sentence)
        return sentences

    def _candidates(self, sentences: list[_Sentence], n_sources: int) -> list[list[tuple[int, ...]]]:
        """Source groups to try per sentence: own markers; else inherited ones, then each source alone."""
        singles = [(n,) for n in range(1, n_sources + 1)]
        groups: list[list[tuple[int, ...]]] = []
        for i, sentence in enumerate(sentences):
            if sentence.markers:
                groups.append([sentence.markers])
                continue
            inherited = next((s.markers for s in sentences[i + 1 :]
                              if s.paragraph == sentence.paragraph and s.markers), None)
            groups.append([inherited, *(g for g in singles if g != inherited)] if inherited else list(singles))
        return groups

    # -- checks ----------------------------------------------------------------------------------

    def _source(self, hit: Hit) -> _Source:
        key = (hit.title, hit.text)
        source = self._sources.get(key)
        if source is None:
            stems = frozenset(t for t in lexical_terms(f"{hit.title}. {hit.text}", self._stem) if not t[0].isdigit())
            source = _Source(stems, tuple(extract_values(hit.text)), tuple(split_sentences(hit.text)))
            if len(self._sources) >= _SOURCE_CACHE:
                self._sources.clear()
            self._sources[key] = source
        return source

    def _lexical(self, sentence: _Sentence, group: tuple[int, ...], sources: dict[int, _Source]) -> _Check:
        stems = frozenset().union(*(sources[n].stems for n in group))
        values = [v for n in group for v in sources[n].values]
        if sentence.stems:
            overlap = len(sentence.stems & stems) / len(sentence.stems)
        else:  # a bare value ("19,99 zł.") rests on its values alone
            overlap = 1.0 if sentence.values else 0.0
        return _Check(group, overlap, missing_values(sentence.values, values))

    def _settled(self, checks: list[_Check]) -> bool:
        """True when the stems and values decide: some check passes, or every check lacks a value."""
        return all(c.missing for c in checks) or any(self._supported(c) for c in checks)

    def _add_dense(self, sentences: list[_Sentence], checks: list[list[_Check]],
                   sources: dict[int, _Source]) -> None:
        """Dense similarity for the checks the stems left open: two batched embed calls at most."""
        if self.embedder is None:
            return
        open_rows = [i for i, (s, cs) in enumerate(zip(sentences, checks)) if not s.short and not self._settled(cs)]
        if not open_rows:
            return
        needed = sorted({n for i in open_rows for c in checks[i] if not c.missing for n in c.numbers})
        texts = list(dict.fromkeys(t for n in needed for t in sources[n].sentences))
        fresh = [t for t in texts if t not in self._vectors]
        if fresh:
            if len(self._vectors) + len(fresh) > self.cache_size:
                self._vectors.clear()
            self._vectors.update(zip(fresh, self.embedder.embed(fresh, kind="passage")))
        matrices = {n: np.stack([self._vectors[t] for t in sources[n].sentences])
                    for n in needed if sources[n].sentences}
        queries = self.embedder.embed([sentences[i].text for i in open_rows], kind="passage")
        for vector, i in zip(queries, open_rows):
            for check in checks[i]:
                rows = [matrices[n] for n in check.numbers if n in matrices]
                if not check.missing and rows:
                    check.dense = float(max((m @ vector).max() for m in rows))

    def _supported(self, check: _Check) -> bool:
        cfg = self.config
        if check.missing:
            return False
        return check.overlap >= cfg.min_stem_overlap or (check.dense is not None and
                                                          check.dense >= cfg.min_dense_similarity)

    def _score(self, check: _Check) -> tuple[bool, int, float]:
        cfg = self.config
        margin = check.overlap - cfg.min_stem_overlap
        if check.dense is not None:
            margin = max(margin, check.dense - cfg.min_dense_similarity)
        return self._supported(check), -len(check.missing), margin

    def _choose(self, sentence: _Sentence, checks: list[_Check], any_source: bool) -> _Choice:
        if not any_source:
            return _Choice(_Check((), 0.0, []), False, reason="brak źródeł do sprawdzenia")
        if sentence.short:
            return _Choice(checks[0], False)  # decided by _short_answers
        best = checks[0]  # own or inherited markers come first
        if not sentence.markers and not self._supported(best):
            best = max(checks, key=self._score)
        added = not sentence.markers
        refs = _refs(best.numbers)
        where = f"w źródle {refs}" if len(best.numbers) == 1 else f"w źródłach {refs}"
        if best.missing:
            shown = list(dict.fromkeys(v.text for v in best.missing))
            verb = "wartość {} nie występuje" if len(shown) == 1 else "wartości {} nie występują"
            return _Choice(best, False, added, f"{verb.format(', '.join(shown))} {where}")
        detail = f"rdzenie {best.overlap:.2f}"
        if best.dense is not None:
            detail += f", podobieństwo {best.dense:.2f}"
        if self._supported(best):
            return _Choice(best, True, added, f"poparte przez {refs} ({detail})")
        return _Choice(best, False, added, f"za mało wspólnego ze źródłem {refs} ({detail})")

    def _short_answers(self, sentences: list[_Sentence], choices: list[_Choice]) -> None:
        for i, sentence in enumerate(sentences):
            if not sentence.short:
                continue
            after = sentences[i + 1] if i + 1 < len(sentences) else None
            backed = (after is not None and after.paragraph == sentence.paragraph and not after.short
                      and choices[i + 1].supported
                      and set(sentence.markers) <= set(choices[i + 1].check.numbers))
            if backed:
                numbers = choices[i + 1].check.numbers
                choices[i] = _Choice(_Check(numbers, 0.0, []), True, not sentence.markers,
                                     f"krótka odpowiedź przed zdaniem popartym przez {_refs(numbers)}")
            else:
                choices[i] = _Choice(_Check(sentence.markers, 0.0, []), False,
                                     reason="krótka odpowiedź bez popartego zdania po niej")

    # -- result ----------------------------------------------------------------------------------

    def _result(self, sentences: list[_Sentence], choices: list[_Choice]) -> GroundingResult:
        kept = [c.supported for c in choices]
        seen: set[str] = set()
        for i, sentence in enumerate(sentences):
            key = " ".join(fold_diacritics(sentence.text.lower()).split())
            if kept[i] and key in seen:
                kept[i] = False
                choices[i].reason = "powtórzenie wcześniejszego zdania"
            elif kept[i]:
                seen.add(key)
        parts: list[str] = []
        verdicts: list[SentenceVerdict] = []
        last_kept = -1
        for i, (sentence, choice) in enumerate(zip(sentences, choices)):
            text = sentence.raw
            if kept[i] and choice.added and not self._carried(sentences, kept, i, choice.check.numbers):
                end = _END.search(text)
                cut = end.start() if end else len(text)
                text = f"{text[:cut]} {_refs(choice.check.numbers)}{text[cut:]}"
            if kept[i]:
                if parts:
                    gap = max(s.gap for s in sentences[last_kept + 1 : i + 1])
                    parts.append(_SEPARATORS[gap])
                parts.append(text)
                last_kept = i
            check = choice.check
            verdicts.append(SentenceVerdict(
                sentence=text, supported=choice.supported, kept=kept[i], source_numbers=list(check.numbers),
                stem_overlap=round(check.overlap, 4),
                dense_similarity=None if check.dense is None else round(check.dense, 4),
                missing_values=list(dict.fromkeys(v.text for v in check.missing)), reason=choice.reason))
        body = "".join(parts)
        cited = list(dict.fromkeys(int(n) for m in _MARKER.finditer(body) for n in re.findall(r"\d+", m.group(2))))
        supported = sum(c.supported for c in choices)
        return GroundingResult(body=body, verdicts=verdicts, kept_fraction=supported / len(sentences), cited=cited)

    @staticmethod
    def _carried(sentences: list[_Sentence], kept: list[bool], i: int, numbers: tuple[int, ...]) -> bool:
        """True when the next kept sentence of the paragraph with markers cites ``numbers``."""
        for j in range(i + 1, len(sentences)):
            if sentences[j].paragraph != sentences[i].paragraph:
                return False
            if kept[j] and sentences[j].markers:
                return set(numbers) <= set(sentences[j].markers)
        return False
