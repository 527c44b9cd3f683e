"""The extractive drafter: answers with the knowledge base's own sentences.

It writes nothing of its own: the answer body is made of whole sentences
quoted from the retrieved chunks, each followed by its citation marker. That
is the offline default, and the fallback when an LLM fails or its draft does
not survive the grounding check.

How a sentence is chosen. Every sentence of the retrieved chunks is scored
against the question::

    score = 0.50 * stem coverage + 0.20 * n-gram coverage + 0.15 * heading coverage
          + 1.2 * hit prior + 0.15 * states the asked value

* *stem coverage*: the idf-weighted share of the question's content stems
  that occur in the sentence (idf from the knowledge base, so "zwrot" counts
  more than "sklep");
* *n-gram coverage*: the same over character 4-grams of folded words, which
  catches inflections the stemmer misses and typos;
* *heading coverage*: stem coverage of the chunk's title and section ("Ile
  masz czasu" under "Zwrot towaru"), shared by the chunk's sentences;
* *hit prior*: the chunk's place in the retrieval ranking, ``1 / rank``,
  blended with its dense (embedding) similarity — the retriever's judgement
  of the whole passage, which a lone sentence cannot show;
* *states the asked value*: "ile kosztuje…" asks for a price, "jak długo…"
  for a time span; a sentence stating a value of that kind (see
  :func:`~pomocbot.text.questions.expected_value_kinds`) is the likelier answer.

The best sentence is taken, then its neighbour in the same chunk when the
best one is short or announces a list ("Masz dwie możliwości:"), then other
sentences that score at least ``companion_ratio`` of the best, skipping near
duplicates (stem Jaccard >= 0.6, or 70% of one inside the other; chunks
overlap and FAQ entries repeat help pages); a sentence of another chunk must
reach 0.9 of the best, until ``max_sentences`` or
``max_words``; a sentence of another chunk must also cover a question term
the chosen ones do not. Sentences keep the order of their chunk, and the best
sentence's chunk comes first, so the answer opens with the answer.

No embedding is computed here: the sentence scores use the index's lexical
statistics and the hit's dense score, so a reply costs about one retrieval
(the target in ``benchmarks/answers.py``).

>>> from pomocbot.types import Hit
>>> hits = [Hit(doc_id="zwroty", chunk_id="zwroty#0", title="Zwrot towaru", rank=1, score=2.0,
...             text="Sklep Modrzew działa od 2012 roku. Na zwrot towaru masz 14 dni od odbioru paczki.")]
>>> drafter = ExtractiveDrafter(stems=lambda text: [w.lower().rstrip("u") for w in text.split()])
>>> drafter.draft(DraftRequest(question="ile dni na zwrot towaru", sources=hits)).body
'Na zwrot towaru masz 14 dni od odbioru paczki [1].'
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pomocbot.drafting.answerability import TopChunk
from pomocbot.drafting.base import Draft, DraftRequest
from pomocbot.drafting.quoting import answers_the_question, context_need, standalone
from pomocbot.text.questions import expected_value_kinds, starts_with_yes_no
from pomocbot.text.sentences import split_sentences
from pomocbot.text.tokenize import char_ngrams, word_tokens
from pomocbot.text.values import extract_values
from pomocbot.types import Hit

__all__ = ["ExtractiveDrafter", "ScoredSentence", "add_marker"]

# Tuned on the shop questions and PoQuAD fold A (prior 0.15 -> 1.2 raised containment on PoQuAD A from
# 0.601 to 0.648 and the shop's first-citation precision from 0.678 to 0.703): the retriever's ranking,
# which sees the whole chunk and the feedback terms, is a better judge than a sentence's bag of words.
_WEIGHTS = {"stems": 0.50, "ngrams": 0.20, "heading": 0.15, "prior": 1.2, "value": 0.15}
_MIN_WORDS = 3
_SHORT_WORDS = 8
_DUPLICATE_JACCARD = 0.6
_CONTAINED = 0.7
_OTHER_SOURCE_RATIO = 0.9
_ANNOUNCES_MORE = re.compile(r"[:]\s*$")
_TRAILING_PUNCTUATION = re.compile(r"([.!?…:;]+[\"'”»)]*)\s*$")


@dataclass(frozen=True)
class ScoredSentence:
    """A candidate sentence of a source, with its score parts."""

    source: int  # 1-based source number
    position: int  # index of the sentence in its chunk
    text: str
    words: int
    stems: frozenset[str]
    score: float
    stem_coverage: float
    ngram_coverage: float


def add_marker(sentence: str, number: int) -> str:
    """Put ``[number]`` before the sentence's final punctuation.

    >>> add_marker("Masz 14 dni.", 1)
    'Masz 14 dni [1].'
    >>> add_marker("Wybierz jedną z opcji:", 2)
    'Wybierz jedną z opcji [2]:'
    >>> add_marker("Bez kropki", 3)
    'Bez kropki [3]'
    """
    sentence = sentence.rstrip()
    match = _TRAILING_PUNCTUATION.search(sentence)
    if match:
        return f"{sentence[: match.start()].rstrip()} [{number}]{match.group(1)}"
    return f"{sentence} [{number}]"


class ExtractiveDrafter:
    """Builds an answer from the best supporting sentences of the retrieved chunks.

    ``stems`` turns a text into content stems (the index's analyzer, with
    diacritic restoration for questions); ``idf`` gives a stem's inverse
    document frequency in the knowledge base (1.0 for all when omitted);
    ``analyze`` gives a knowledge-base sentence's stems and n-grams in one
    pass (the index's :meth:`~pomocbot.retrieval.lexical.PolishAnalyzer.analyze`); ``known``
    tells which stems occur in the knowledge base at all.
    """

    name = "extractive"

    def __init__(self, stems: Callable[[str], list[str]],
                 idf: Callable[[Sequence[str]], list[float]] | None = None,
                 *, ngram_size: int = 4, companion_ratio: float = 0.75, cache_size: int = 4096,
                 analyze: Callable[[str], Sequence[list[str]]] | None = None,
                 known: Callable[[Sequence[str]], list[bool]] | None = None) -> None:
        self._stems = stems
        self._known = known
        # (stems, n-grams) of a knowledge-base sentence in one pass; the index's analyzer caches per word.
        self._analyze = analyze or (lambda text: (stems(text), char_ngrams(text, ngram_size)))
        self._idf = idf
        self.ngram_size = ngram_size
        self.companion_ratio = companion_ratio
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[str, int], list] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._headings: dict[str, frozenset[str]] = {}

    # -- scoring ---------------------------------------------------------
    def _weighted(self, terms: Sequence[str]) -> dict[str, float]:
        unique = list(dict.fromkeys(terms))
        weights = self._idf(unique) if self._idf else [1.0] * len(unique)
        return {term: max(weight, 0.0) for term, weight in zip(unique, weights, strict=False)}

    @staticmethod
    def _coverage(weights: dict[str, float], present: set[str] | frozenset[str],
                  total: float | None = None) -> float:
        """Share of the question's weight whose terms are ``present`` (``total``: the sum, if known)."""
        if total is None:
            total = sum(weights.values())
        if total <= 0:
            return 0.0
        return sum(w for term, w in weights.items() if term in present) / total  # in order: reproducible sums

    def score_sentences(self, request: DraftRequest,
                        question_terms: list[str] | None = None) -> list[ScoredSentence]:
        """Every usable sentence of the sources with its score, best first."""
        terms = self._stems(request.question) if question_terms is None else question_terms
        question_stems = self._weighted(terms)
        question_grams = dict.fromkeys(char_ngrams(request.question, self.ngram_size), 1.0)
        expected = expected_value_kinds(request.message or request.question)
        stems_total, grams_total = sum(question_stems.values()), len(question_grams)
        scored: list[ScoredSentence] = []
        for number, hit in enumerate(request.sources, start=1):
            heading = " ".join(part for part in (hit.title, hit.section) if part)
            heading_coverage = self._coverage(question_stems, self._heading_stems(heading))
            dense = hit.dense_score if hit.dense_score is not None else 0.0
            prior = 0.5 / number + 0.5 * max(min(dense, 1.0), 0.0)
            for position, sentence, words, stems, grams, kinds in self._analysed(hit):
                stem_coverage = self._coverage(question_stems, stems, stems_total)
                ngram_coverage = len(question_grams.keys() & grams) / grams_total if grams_total else 0.0
                states_answer = 1.0 if expected & kinds else 0.0
                score = (_WEIGHTS["stems"] * stem_coverage + _WEIGHTS["ngrams"] * ngram_coverage
                         + _WEIGHTS["heading"] * heading_coverage + _WEIGHTS["prior"] * prior
                         + _WEIGHTS["value"] * states_answer)
                scored.append(ScoredSentence(number, position, sentence, words, stems, score,
                                             stem_coverage, ngram_coverage))
        scored.sort(key=lambda s: (-s.score, s.source, s.position))
        return scored

    def chunk_stems(self, hit: Hit) -> frozenset[str]:
        """Content stems of a chunk's usable sentences and its heading (cached with the sentences)."""
        heading = " ".join(part for part in (hit.title, hit.section) if part)
        stems: set[str] = set(self._heading_stems(heading))
        for _, _, _, sentence_stems, _, _ in self._analysed(hit):
            stems |= sentence_stems
        return frozenset(stems)

    def top_chunk(self, hit: Hit) -> TopChunk:
        """What the answerability signals need of a chunk, from the cached sentence analysis."""
        analysed = self._analysed(hit)
        kinds: frozenset[str] = frozenset().union(*(entry[5] for entry in analysed))
        return TopChunk(self.chunk_stems(hit), kinds, starts_with_yes_no(hit.text))

    def idf(self, terms: Sequence[str]) -> list[float]:
        """Idf of stems in the knowledge base (1.0 each without an idf source)."""
        return list(self._idf(terms)) if self._idf else [1.0] * len(terms)

    def known(self, terms: Sequence[str]) -> list[bool]:
        """Whether each stem occurs in the knowledge base (all True without an index to ask)."""
        return list(self._known(terms)) if self._known else [True] * len(terms)

    def _heading_stems(self, heading: str) -> frozenset[str]:
        cached = self._headings.get(heading)
        if cached is None:
            cached = frozenset(self._stems(heading))
            if len(self._headings) < self.cache_size:
                self._headings[heading] = cached
        return cached

    def _analysed(
        self, hit: Hit
    ) -> list[tuple[int, str, int, frozenset[str], frozenset[str], frozenset[str]]]:
        """Usable sentences of a chunk with their words, stems and n-grams (cached per chunk text).

        Popular chunks answer many questions; analysing their sentences once
        keeps a reply close to the cost of its retrieval.
        """
        key = (hit.chunk_id, hash(hit.text))
        with self._cache_lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        analysed = []
        for position, sentence in enumerate(split_sentences(hit.text)):
            words = len(word_tokens(sentence))
            if words < _MIN_WORDS and not _is_yes_no(sentence):
                continue
            if sentence.rstrip().endswith("?"):
                continue  # a question in a help page (an FAQ heading) is never the answer
            sentence_stems, sentence_grams = self._analyze(sentence)[:2]
            kinds = frozenset(value.kind.value for value in extract_values(sentence))
            analysed.append((position, sentence.strip(), words, frozenset(sentence_stems),
                             frozenset(sentence_grams), kinds))
        with self._cache_lock:
            self._cache[key] = analysed
            if len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return analysed

    # -- choosing --------------------------------------------------------
    @staticmethod
    def _with_context(chosen: list[ScoredSentence], scored: Sequence[ScoredSentence], best: ScoredSentence,
                      request: DraftRequest) -> list[ScoredSentence]:
        """``chosen`` with the neighbours its sentences cannot go without ("Wtedy…", "Poniżej…:").

        The neighbour is added when it is a usable sentence; the best sentence
        gets it even past ``max_sentences`` (it is the answer), another
        sentence that would exceed the limits is left out instead.
        """
        result = list(chosen)
        for sentence in chosen:
            need = context_need(sentence.text)
            if need is None:
                continue
            neighbour = _neighbour(scored, sentence, -1 if need == "previous" else 1)
            if neighbour is not None and neighbour in result:
                continue
            words = sum(s.words for s in result)
            fits = (neighbour is not None and len(result) < request.max_sentences
                    and words + neighbour.words <= request.max_words)
            if neighbour is not None and (fits or sentence is best):
                result.append(neighbour)
            elif sentence is not best:
                result.remove(sentence)
        return result

    def draft(self, request: DraftRequest) -> Draft:
        """The answer body for ``request``; empty when the sources have no usable sentence."""
        question_stems = self._stems(request.question)
        scored = self.score_sentences(request, question_stems)
        if not scored:
            return Draft(body="", cited=[], drafter=self.name, support=0.0)
        best = scored[0]
        chosen = [best]
        words = best.words

        def fits(candidate: ScoredSentence) -> bool:
            if len(chosen) >= request.max_sentences or words + candidate.words > request.max_words:
                return False
            return not any(_redundant(candidate.stems, c.stems) or candidate.text == c.text for c in chosen)

        # A short best sentence ("Tak.", "Masz dwie możliwości:") needs the one after it.
        if best.words < _SHORT_WORDS or _ANNOUNCES_MORE.search(best.text):
            follower = next((s for s in scored
                             if s.source == best.source and s.position == best.position + 1), None)
            if follower is not None and fits(follower):
                chosen.append(follower)
                words += follower.words
        question_set = set(question_stems)
        covered = set().union(*(c.stems for c in chosen)) & question_set
        for candidate in scored[1:]:
            # Another source must be nearly as good as the best, and say something about the
            # question that the chosen sentences do not, to be worth a second topic.
            same_source = candidate.source == best.source
            ratio = self.companion_ratio if same_source else _OTHER_SOURCE_RATIO
            if candidate in chosen or candidate.score < ratio * best.score:
                continue
            if not same_source and not (candidate.stems & question_set) - covered:
                continue
            if fits(candidate):
                chosen.append(candidate)
                words += candidate.words
                covered |= candidate.stems & question_set

        chosen = self._with_context(chosen, scored, best, request)
        # The best sentence's source first, then the others in the order they were chosen;
        # within a source the sentences keep the order of the text.
        source_order = {source: i for i, source in reversed(list(enumerate(c.source for c in chosen)))}
        ordered = sorted(chosen, key=lambda s: (source_order[s.source], s.position))
        cited = list(dict.fromkeys(s.source for s in ordered))
        answered = {number: answers_the_question(request.question, question_stems,
                                                 request.sources[number - 1].title, self._stems)
                    for number in cited}
        texts = []
        for s in ordered:
            after_previous = any(o.source == s.source and o.position == s.position - 1 for o in ordered)
            if not answered[s.source] and _is_yes_no(s.text) and s.words <= 2:
                continue  # a bare "Tak." answering the page's own question, not the customer's
            text = standalone(s.text, previous_quoted=after_previous, keep_answer=answered[s.source])
            texts.append(add_marker(text, s.source))
        body = " ".join(texts)
        return Draft(body=body, cited=cited, drafter=self.name, support=round(best.stem_coverage, 4),
                     metadata={"best_score": round(best.score, 4),
                               "best_stem_coverage": round(best.stem_coverage, 4),
                               "best_ngram_coverage": round(best.ngram_coverage, 4),
                               "question_stems": question_stems,
                               "sentences": [(s.source, s.position) for s in ordered]})


def _neighbour(scored: Sequence[ScoredSentence], of: ScoredSentence, step: int) -> ScoredSentence | None:
    return next((s for s in scored if s.source == of.source and s.position == of.position + step), None)


def _is_yes_no(sentence: str) -> bool:
    return bool(re.match(r"^\s*(tak|nie)\b", sentence, re.IGNORECASE))


def _redundant(a: frozenset[str], b: frozenset[str]) -> bool:
    """Near duplicates: similar overall, or one sentence's content mostly inside the other's."""
    if not a or not b:
        return False
    shared = len(a & b)
    return shared / len(a | b) >= _DUPLICATE_JACCARD or shared / min(len(a), len(b)) >= _CONTAINED

