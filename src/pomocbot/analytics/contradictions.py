"""Contradictions in a knowledge base: two places stating different values about one thing.

"Masz 14 dni na zwrot towaru" in one file and "Zwrotu towaru dokonasz w ciągu
30 dni" in another; "Dostawa do Paczkomatu kosztuje 11,99 zł" and "Wysyłka do
paczkomatu: 9,99 zł"; "Czy można płacić przy odbiorze? Tak" and "... Nie".
A customer gets whichever the retriever finds first, so an editor should see
them before the assistant does.

How (see :mod:`pomocbot.analytics.claims` for what a claim is):

1. Every sentence's values and yes/no answers become claims; a claim's
   *subject* is the stems of its sentence, weighted by closeness to the value.
2. Candidate pairs share a clause stem (by its first four letters, so
   "zwrot" meets "zwrócić") within one group of value kind, role and
   qualifiers; a stem shared by more than ``_MAX_POSTING`` claims opens no
   pairs (it is too common to name a topic), so the work grows about
   linearly with the knowledge base.
3. Subject similarity: each side's weighted share of stems found in the other
   sentence (with its title and section), weights times a damped IDF over the
   claims' sentences; their harmonic mean, so both sides must be covered.
   "Dostawa kurierem DPD kosztuje 14,99 zł" and "Dostawa do Paczkomatu
   kosztuje 11,99 zł" stay apart: each has a distinctive word the other lacks.
4. A pair contradicts when the values differ (a sentence naming both values
   contradicts neither) and the similarity is at least ``min_score`` (0.55),
   or, with an embedder, at least ``dense_min_score`` (0.4) with a cosine of
   the sentences (values masked) of at least ``min_cosine`` (0.85). Yes/no
   answers compare their questions and need ``min_score_yes_no`` (0.7). Two
   sentences of one document need ``same_document_min_score`` (0.85): a page
   lists parallel cases ("Srebrny — od 1 000 zł", "Złoty — od 3 000 zł"),
   unless neither has a content word of its own in the value's clause and
   each covers at least ``same_document_restated`` (0.6) of the other: a
   poisoned "Na zwrot towaru masz 365 dni" next to "Masz 14 dni na zwrot
   towaru bez podania przyczyny".
   On the example shop the strongest unrelated pair of two documents scores
   0.48 and paraphrased planted rivals 0.56–0.89.

>>> from pomocbot.knowledge.document import Document
>>> found = find_contradictions([
...     Document(id="zwroty", title="Zwroty", text="Masz 14 dni na zwrot towaru."),
...     Document(id="regulamin", title="Regulamin", text="Zwrotu towaru dokonasz w ciągu 30 dni."),
...     Document(id="promocja", title="Black Friday", text="Na zwrot towaru masz 60 dni."),
... ])
>>> [(c.left.doc_id, c.left_value, c.right.doc_id, c.right_value, c.topic) for c in found]
[('zwroty', '14 dni', 'regulamin', '30 dni', 'zwrot towaru')]
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from pomocbot.analytics.claims import SYNONYMS, YES_NO, Claim, comparable, extract_claims, same_value
from pomocbot.knowledge.chunker import Chunk, Chunker
from pomocbot.knowledge.document import Document

__all__ = ["ClaimSource", "Contradiction", "find_contradictions"]

_MAX_POSTING = 200  # claims sharing one stem prefix; more and the stem names no topic
_PREFIX = 4
_CLAUSE_WEIGHT = 1.0  # the subject weight of a content word in the value's clause (claims._CLAUSE)


class ClaimSource(BaseModel):
    """Where a claim was stated: the document, the chunk and the sentence."""

    model_config = ConfigDict(frozen=True)

    doc_id: str
    chunk_id: str
    sentence: str
    title: str = ""


class Contradiction(BaseModel):
    """Two sentences about one topic that state different values.

    ``kind`` is the value kind (``amount``, ``duration``, ``percent``,
    ``date``, ``time``, ``number``) or ``yes_no``; ``left_value`` and
    ``right_value`` are the values as written ("14 dni", "Tak"); ``topic`` the
    shared words of the left sentence; ``score`` the subject similarity (0..1).
    """

    model_config = ConfigDict(frozen=True)

    kind: str
    left: ClaimSource
    right: ClaimSource
    left_value: str
    right_value: str
    topic: str
    score: float = Field(ge=0, le=1)


def _common_prefix(a: str, b: str) -> int:
    return next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def _synonym_group(stem: str) -> int:
    return next((n for n, group in enumerate(SYNONYMS) if stem.startswith(group)), -1)


def _credit(stem: str, others: frozenset[str]) -> float:
    """How well ``others`` has ``stem``: 1 the same stem, 0.8 a synonym ("wysylka"/"dostawa"),
    0.6 a near form ("zwrot"/"zwrotny", "placic"/"zaplacic"), else 0."""
    if stem in others:
        return 1.0
    best = 0.0
    group = _synonym_group(stem)
    for other in others:
        if group >= 0 and _synonym_group(other) == group:
            return 0.8
        short, long = (stem, other) if len(stem) <= len(other) else (other, stem)
        near = len(short) >= _PREFIX and _common_prefix(short, long) >= max(_PREFIX, 0.6 * len(short))
        if near or (len(short) >= 5 and long.endswith(short)):
            best = 0.6
    return best


def _coverage(claim: Claim, other: Claim, idf: dict[str, float]) -> float:
    total = covered = 0.0
    for stem, weight in claim.subject.items():
        w = weight * idf.get(stem, 1.0)
        total += w
        covered += w * _credit(stem, other.context)
    return covered / total if total else 0.0


def subject_similarity(left: Claim, right: Claim, idf: dict[str, float] | None = None) -> float:
    """The smaller of the two sides' weighted stem coverage by the other (0..1).

    >>> from pomocbot.analytics.claims import extract_claims
    >>> a = extract_claims("a#0", "a", "Kurier DPD kosztuje 14,99 zł.", stem=str)[0]
    >>> b = extract_claims("b#0", "b", "Kurier DPD kosztuje 16,99 zł.", stem=str)[0]
    >>> c = extract_claims("c#0", "c", "Paczkomat kosztuje 11,99 zł.", stem=str)[0]
    >>> round(subject_similarity(a, b), 2), round(subject_similarity(a, c), 2)
    (1.0, 0.09)
    """
    idf = idf or {}
    return min(_coverage(left, right, idf), _coverage(right, left, idf))


def _idf(claims: Sequence[Claim]) -> dict[str, float]:
    # Damped IDF over distinct sentences: rare words should count more than
    # "zamówienie", but one rare word ("szybciej") must not outweigh the rest.
    sentences = {(c.doc_id, c.sentence): c.context for c in claims}
    df: dict[str, int] = defaultdict(int)
    for context in sentences.values():
        for stem in context:
            df[stem] += 1
    n = len(sentences)
    return {stem: math.sqrt(math.log(1 + n / count)) for stem, count in df.items()}


def _chunks(items: Iterable[Document | Chunk], chunker: Chunker | None) -> list[Chunk]:
    chunks: list[Chunk] = []
    for item in items:
        if isinstance(item, Chunk):
            chunks.append(item)
        else:
            chunker = chunker or Chunker()
            chunks.extend(chunker.chunk(item))
    return chunks


def _claims(chunks: Sequence[Chunk], stem: Callable[[str], str]) -> list[Claim]:
    seen: set[tuple[str, str, str, str, str]] = set()
    claims = []
    for chunk in chunks:
        for claim in extract_claims(chunk.chunk_id, chunk.doc_id, chunk.text, title=chunk.title,
                                    section=chunk.section, stem=stem):
            key = (claim.doc_id, claim.sentence, claim.kind, claim.key, claim.text)
            if key not in seen:  # overlapping chunks repeat sentences
                seen.add(key)
                claims.append(claim)
    return claims


def _candidates(claims: Sequence[Claim]) -> set[tuple[int, int]]:
    postings: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for i, claim in enumerate(claims):
        group = (claim.kind, claim.role, claim.qualifiers)
        for prefix in {s[:_PREFIX] for s, w in claim.subject.items() if w >= 1.0}:
            postings[(group, prefix)].append(i)
    pairs = set()
    for members in postings.values():
        if len(members) > _MAX_POSTING:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                pairs.add((i, j))
    return pairs


def _conflicting(a: Claim, b: Claim) -> bool:
    if ((a.doc_id, a.sentence) == (b.doc_id, b.sentence) or a.companions != b.companions
            or not comparable(a.kind, a.key, b.key) or same_value(a.kind, a.key, b.key)):
        return False
    # A sentence that also states the rival value lists cases ("14,99 zł, a Paczkomat 11,99 zł").
    return not (any(same_value(a.kind, b.key, s) for s in a.siblings)
                or any(same_value(a.kind, a.key, s) for s in b.siblings))


def _restates(a: Claim, b: Claim, idf: dict[str, float], least: float) -> bool:
    """Neither sentence has a word of its own in the value's clause, and each covers ``least`` of the other.

    A page listing parallel cases gives each its own word ("Srebrny — od 1 000 zł", "Złoty — od
    3 000 zł"); a second value slipped in next to the real one ("Na zwrot towaru masz 365 dni" by
    "Masz 14 dni na zwrot towaru bez podania przyczyny") adds none.
    """
    def own_words(claim: Claim, other: Claim) -> bool:  # a clause word the other sentence lacks
        return any(w >= _CLAUSE_WEIGHT and _credit(s, other.context) == 0 for s, w in claim.subject.items())

    if own_words(a, b) or own_words(b, a):
        return False
    return min(_coverage(a, b, idf), _coverage(b, a, idf)) >= least


def _topic(claim: Claim, other: Claim) -> str:
    seen: set[str] = set()
    words = []
    for word, stem in claim.words:
        weight = claim.subject.get(stem, 0.0)
        if weight >= 1.0 and stem not in seen and _credit(stem, other.context) > 0:
            seen.add(stem)
            words.append(word)
    return " ".join(words[:6])


def _masked(claim: Claim) -> str:
    if claim.kind == YES_NO:
        return claim.sentence.split("?")[0]
    return claim.sentence.replace(claim.text, "#")


def _source(claim: Claim) -> ClaimSource:
    return ClaimSource(doc_id=claim.doc_id, chunk_id=claim.chunk_id, sentence=claim.sentence,
                       title=claim.title)


def find_contradictions(items: Iterable[Document | Chunk], *, embedder: Any | None = None,
                        stem: Callable[[str], str] | None = None, chunker: Chunker | None = None,
                        min_score: float = 0.55, min_score_yes_no: float = 0.7,
                        same_document_min_score: float = 0.85, same_document_restated: float = 0.6,
                        dense_min_score: float = 0.4, min_cosine: float = 0.85) -> list[Contradiction]:
    """Pairs of sentences of ``items`` (documents or chunks) stating different values about one topic.

    Documents are chunked with ``chunker`` (default :class:`~pomocbot.knowledge.Chunker`).
    ``stem`` defaults to the Stempel stemmer; ``embedder`` (any
    :class:`~pomocbot.retrieval.embedders.Embedder`, e.g. ``assistant.embedder``)
    lets a pair with a weaker lexical match through when its sentences are
    close in meaning. Sorted by score, best first; each pair of sentences once.

    >>> from pomocbot.knowledge.document import Document
    >>> found = find_contradictions([
    ...     Document(id="faq-1", title="Czy można płacić przy odbiorze?", text="Tak, za pobraniem."),
    ...     Document(id="faq-2", title="Czy mogę zapłacić przy odbiorze?", text="Nie, tylko z góry."),
    ... ])
    >>> [(c.kind, c.left_value, c.right_value) for c in found]
    [('yes_no', 'Tak', 'Nie')]
    """
    if stem is None:
        from pomocbot.text.stemming import PolishStemmer

        stem = PolishStemmer().stem
    claims = _claims(_chunks(items, chunker), stem)
    idf = _idf(claims)
    pairs = [(i, j) for i, j in sorted(_candidates(claims)) if _conflicting(claims[i], claims[j])]
    scores = {(i, j): subject_similarity(claims[i], claims[j], idf) for i, j in pairs}
    cosine: dict[tuple[int, int], float] = {}
    if embedder is not None:
        weak = [(i, j) for i, j in pairs if scores[(i, j)] >= dense_min_score]
        texts = list(dict.fromkeys(_masked(claims[k]) for pair in weak for k in pair))
        if texts:
            vectors = np.asarray(embedder.embed(texts), dtype=np.float32)
            row = {text: vectors[n] for n, text in enumerate(texts)}
            cosine = {(i, j): float(row[_masked(claims[i])] @ row[_masked(claims[j])]) for i, j in weak}
    best: dict[tuple[str, str, str, str], Contradiction] = {}
    for i, j in pairs:
        a, b, score = claims[i], claims[j], scores[(i, j)]
        if a.doc_id == b.doc_id:
            if score < same_document_min_score and not _restates(a, b, idf, same_document_restated):
                continue
        elif (score < (min_score_yes_no if a.kind == YES_NO else min_score)
              and cosine.get((i, j), 0.0) < min_cosine):
            continue
        key = (a.doc_id, a.sentence, b.doc_id, b.sentence)
        if key in best and best[key].score >= score:
            continue
        best[key] = Contradiction(kind=a.kind, left=_source(a), right=_source(b), left_value=a.text,
                                  right_value=b.text, topic=_topic(a, b), score=round(min(score, 1.0), 4))
    return sorted(best.values(), key=lambda c: (-c.score, c.left.chunk_id, c.right.chunk_id))
