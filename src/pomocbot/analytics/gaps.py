"""Knowledge gaps: the questions the assistant could not answer, grouped so the base can be extended.

Each stored customer turn is paired with the assistant turn that followed it;
the pair is a *gap* when the assistant abstained ("nie wiem") or handed the
conversation to a human (``metadata["abstained"]`` / ``["escalated"]``, with
the escalation ``reasons`` codes). Courtesy without content ("Dzień dobry",
"Dziękuję!", "ok") is skipped: a message whose words are all stop words,
courtesy words or redaction tokens ("[PESEL_1]") has nothing to add to a
knowledge base. Stored text is already redacted, so the report holds no
personal data beyond what the store holds.

Similar questions are grouped by average-linkage clustering
(:func:`average_linkage`) over a blend of similarities, because each alone
fails: embeddings join paraphrases that share no word ("Czy zmieniacie
baterie w zegarkach?" / "Wymiana ogniwa w czasomierzu") but also questions on
neighbouring topics; Polish stems (tf-idf cosine, so "zamówienie" weighs less
than "zegarek") keep topics apart and join inflections ("baterii",
"baterię"); character 4-grams of the same words (as in the lexical index)
catch what Stempel splits ("grawerujecie" / "grawer", "obrączki" /
"obrączce"). Default blend: half embedding, a quarter each stems and 4-grams;
groups form down to a mean similarity of :data:`DEFAULT_SIMILARITY`.

>>> from datetime import datetime, timezone
>>> from pomocbot.conversation.base import Turn
>>> from pomocbot.retrieval.lexical import PolishAnalyzer
>>> at = datetime(2026, 11, 2, tzinfo=timezone.utc)
>>> def pair(cid, question, **outcome):
...     return [(cid, Turn(role="customer", text=question, at=at)),
...             (cid, Turn(role="assistant", text="...", at=at, metadata=outcome))]
>>> turns = (pair("c-1", "Czy wymieniacie baterie w zegarkach?", abstained=True)
...          + pair("c-2", "Wymiana baterii w zegarku", escalated=True, reasons=["low_confidence"])
...          + pair("c-3", "Dziękuję!", abstained=True)
...          + pair("c-4", "Jak zwrócić towar?", abstained=False))
>>> crude_stems = PolishAnalyzer(stem=lambda word: word[:6])  # Stempel by default
>>> # Words only (no model to load); without the embedding, similarities are lower: a lower threshold.
>>> report = find_gaps(turns, analyzer=crude_stems, embedding_weight=0, similarity=0.3)
>>> report.questions, report.gaps, report.skipped, len(report.clusters)
(4, 2, 1, 1)
>>> cluster = report.clusters[0]
>>> cluster.size, cluster.conversations, cluster.terms[:2], cluster.reasons
(2, 2, ['bateri', 'zegark'], {'low_confidence': 1})
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from pomocbot.analytics.turns import Source, iter_turns
from pomocbot.conversation.base import Turn
from pomocbot.conversation.memory import as_utc
from pomocbot.conversation.meta import assistant_meta, customer_meta
from pomocbot.errors import ConfigError, InvalidArgumentError
from pomocbot.text.normalize import fold_diacritics
from pomocbot.text.placeholders import PLACEHOLDER
from pomocbot.text.stopwords import is_stopword
from pomocbot.text.tokenize import word_tokens

if TYPE_CHECKING:
    from pomocbot.assistant import Assistant
    from pomocbot.retrieval.embedders import Embedder
    from pomocbot.retrieval.lexical import PolishAnalyzer

__all__ = ["DEFAULT_SIMILARITY", "GapCluster", "GapQuestion", "GapReport", "average_linkage", "find_gaps",
           "find_gaps_in", "gap_questions"]


# With USE and Stempel, paraphrases of one question score 0.45-0.85 and unrelated shop questions
# 0.0-0.35 (sharing "kosztuje" gives ~0.35). Merging down to 0.4 keeps a topic whole where Stempel
# splits its words ("wymienić" / "wymiana"), at the cost of a near neighbour joining (a watch strap).
DEFAULT_SIMILARITY = 0.4
# Folded courtesy words that are not already stop words: a message of only these asks nothing.
_COURTESY = frozenset("""
    dziekuje dziekujemy dziekuja dzieki dzieks dziekowac thx thanks ok okej okay oki super spoko
    czesc siema halo hello hi witaj witajcie pozdrowienia pozdrawiamy serdecznie milego dnia
    wieczoru weekendu dobranoc widzenia jasne rozumiem aha fajnie swietnie wspaniale pomoc pomocy
    odpowiedz odpowiedzi informacje informacji
""".split())


class GapQuestion(BaseModel):
    """One customer question and what the assistant did with it (redacted text, as stored).

    ``query`` is what was searched (a follow-up made standalone); ``reasons``
    are the escalation reason codes.

    >>> GapQuestion(conversation_id="c-1", text="Czy grawerujecie zegarki?", at="2026-11-02T10:00:00Z",
    ...             abstained=True).reasons
    []
    """

    model_config = ConfigDict(frozen=True)

    conversation_id: str
    text: str
    query: str = ""
    at: datetime
    abstained: bool = False
    escalated: bool = False
    reasons: list[str] = Field(default_factory=list)
    queue: str | None = None


class GapCluster(BaseModel):
    """A group of similar unanswered questions: one candidate knowledge-base article.

    ``label`` is the most central question, ``terms`` the group's most
    distinctive stems, ``examples`` distinct questions, most central first;
    ``abstained`` / ``escalated`` count questions (one may be both),
    ``reasons`` and ``queues`` count escalation codes and queues. Made by
    :func:`find_gaps` (example in the module docstring).
    """

    model_config = ConfigDict(frozen=True)

    rank: int
    size: int
    label: str
    terms: list[str]
    examples: list[str]
    abstained: int
    escalated: int
    abstained_share: float
    escalated_share: float
    reasons: dict[str, int] = Field(default_factory=dict)
    queues: dict[str, int] = Field(default_factory=dict)
    first_at: datetime
    last_at: datetime
    conversations: int
    cohesion: float = Field(description="mean similarity between the group's questions (0..1)")


class GapReport(BaseModel):
    """Knowledge gaps of a set of conversations, biggest group first.

    ``questions``: customer questions with a stored reply; ``gaps``: those
    abstained on or escalated, with content; ``skipped``: abstained on or
    escalated but only courtesy; ``unclustered``: gaps in no group of
    ``min_cluster_size``.

    >>> report = GapReport(questions=2, gaps=0, skipped=1, unclustered=0, clusters=[], similarity=0.4,
    ...                    min_cluster_size=2, embedder="use-multilingual-v3")
    >>> report.model_dump()["skipped"]
    1
    """

    model_config = ConfigDict(frozen=True)

    questions: int
    gaps: int
    skipped: int
    unclustered: int
    clusters: list[GapCluster]
    similarity: float
    min_cluster_size: int
    embedder: str = Field(description="name of the embedder used; empty for stems only")


def _answered_questions(turns: Iterable[tuple[str, Turn]]) -> Iterator[GapQuestion]:
    """Every customer turn whose conversation's next turn is the assistant's.

    Conversations may be interleaved (an export sorted by time); within one, turns come oldest first.
    """
    waiting: dict[str, Turn] = {}  # conversation id -> its customer turn not yet answered
    for conversation_id, turn in turns:
        if turn.role == "customer":
            waiting[conversation_id] = turn
            continue
        question = waiting.pop(conversation_id, None)
        if question is None:
            continue
        meta = assistant_meta(turn)
        yield GapQuestion(
            conversation_id=conversation_id, text=question.text,
            query=customer_meta(question).query or question.text, at=as_utc(question.at),
            abstained=meta.abstained, escalated=meta.escalated, reasons=list(meta.reasons), queue=meta.queue)


def gap_questions(source: Source) -> list[GapQuestion]:
    """The questions of ``source`` the assistant abstained on or escalated, in stored order.

    ``source`` is a :class:`~pomocbot.conversation.ConversationStore`, a path
    (see :func:`~pomocbot.analytics.turns.read_turns`) or an iterable of ``(conversation_id, Turn)``.

    >>> from datetime import datetime, timezone
    >>> at = datetime(2026, 11, 2, tzinfo=timezone.utc)
    >>> turns = [("c-1", Turn(role="customer", text="Chcę rozmawiać z człowiekiem", at=at)),
    ...          ("c-1", Turn(role="assistant", text="...", at=at,
    ...                       metadata={"escalated": True, "reasons": ["explicit_request"]}))]
    >>> [(q.text, q.reasons) for q in gap_questions(turns)]
    [('Chcę rozmawiać z człowiekiem', ['explicit_request'])]
    """
    return [q for q in _answered_questions(iter_turns(source)) if q.abstained or q.escalated]


# -- similarity and clustering ------------------------------------------------------
def _content_words(text: str) -> str:
    """The words of ``text`` that carry a topic: no stop words, courtesy, numbers or redaction tokens."""
    words = word_tokens(PLACEHOLDER.sub(" ", text))  # redaction tokens are not words of the question
    return " ".join(w for w in words if not w[0].isdigit() and not is_stopword(w)
                    and fold_diacritics(w.lower()) not in _COURTESY)


def _tfidf(stem_lists: list[list[str]]) -> tuple[np.ndarray, list[str]]:
    """L2-normalised binary tf-idf rows (smoothed idf ``ln((1+n)/(1+df)) + 1``) and the vocabulary.

    Binary: a question rarely repeats a word, and when it does it is no more about it.
    """
    vocabulary = sorted({stem for stems in stem_lists for stem in stems})
    column = {stem: n for n, stem in enumerate(vocabulary)}
    matrix = np.zeros((len(stem_lists), len(vocabulary)), dtype=np.float32)
    for row, stems in enumerate(stem_lists):
        matrix[row, [column[s] for s in stems]] = 1.0
    idf = np.log((1 + len(stem_lists)) / (1 + matrix.sum(axis=0))) + 1
    matrix *= idf
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
    return matrix, vocabulary


def average_linkage(similarity: np.ndarray, threshold: float) -> list[list[int]]:
    """Groups of row indices by agglomerative average-linkage clustering, cut at ``threshold``.

    UPGMA (Sokal & Michener 1958): repeatedly merge the two groups whose mean
    pairwise similarity is highest, until it falls below ``threshold``. SciPy
    builds the tree (``linkage(method="average")``, nearest-neighbour chain,
    O(n²) time and memory) on distances ``1 - similarity``; ``fcluster``'s
    ``"distance"`` cut keeps the merges at distance <= ``1 - threshold``, that
    is at mean similarity >= ``threshold``. Average linkage never merges below
    an earlier merge, so cutting the finished tree gives the groups the greedy
    merging stops at. ``similarity`` must be symmetric (its upper triangle is
    read, the diagonal ignored) and finite. Groups come back largest first,
    then by first member; members in index order.

    >>> s = np.array([[1, .9, .1, .2], [.9, 1, .2, .1], [.1, .2, 1, .3], [.2, .1, .3, 1]])
    >>> average_linkage(s, 0.5)
    [[0, 1], [2], [3]]
    >>> average_linkage(s, 0.1)
    [[0, 1, 2, 3]]
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    sim = np.asarray(similarity, dtype=np.float64)
    n = len(sim)
    if n < 2:  # scipy needs two observations
        return [[i] for i in range(n)]
    sim = sim.reshape(n, n)
    if not np.isfinite(sim).all():
        raise InvalidArgumentError(f"similarity must be finite; {int((~np.isfinite(sim)).sum())} of {n}x{n} "
                                   "values are NaN or infinite (check the embeddings)")
    # Float32 cosines of equal vectors can exceed 1 by a rounding error; scipy refuses negative distances.
    distance = np.maximum(1 - sim, 0)
    tree = linkage(squareform(distance, checks=False), method="average")
    labels = fcluster(tree, t=1 - threshold, criterion="distance")
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(index)
    return sorted(groups.values(), key=lambda group: (-len(group), group[0]))


# -- the report -----------------------------------------------------------------
def find_gaps(source: Source, *, embedder: Embedder | None = None, analyzer: PolishAnalyzer | None = None,
              min_cluster_size: int = 2, similarity: float = DEFAULT_SIMILARITY,
              embedding_weight: float = 0.5, examples: int = 3) -> GapReport:
    """Group the unanswered questions of ``source`` (see :func:`gap_questions`) and rank the groups.

    Two questions' similarity is ``embedding_weight`` × the cosine of their
    embeddings plus the rest, split evenly, × the tf-idf cosines of their
    content stems and of their 4-grams (``embedding_weight=0``: no embedder
    is built or called); groups form while their mean similarity is at least ``similarity`` and
    are kept from ``min_cluster_size`` questions up, ranked by size, then
    conversations, then latest question. Defaults: the USE embedder and a
    Stempel analyzer (pass an assistant's, or use :func:`find_gaps_in`, so
    diacritics are restored from its knowledge base). Example in the module
    docstring.
    """
    if min_cluster_size < 1:
        raise ConfigError(f"min_cluster_size must be at least 1, got {min_cluster_size}")
    if not 0 < similarity <= 1 or not 0 <= embedding_weight <= 1:
        raise ConfigError(f"similarity must be in (0, 1] and embedding_weight in [0, 1]; got {similarity}, "
                          f"{embedding_weight}")
    if embedder is None and embedding_weight > 0:
        from pomocbot.retrieval.embedders import UniversalSentenceEncoder

        embedder = UniversalSentenceEncoder()
    if analyzer is None:
        from pomocbot.retrieval.lexical import PolishAnalyzer
        from pomocbot.text.stemming import PolishStemmer

        analyzer = PolishAnalyzer(PolishStemmer().stem)
    total = skipped = 0
    kept: list[GapQuestion] = []
    stem_lists: list[list[str]] = []
    gram_lists: list[list[str]] = []
    for question in _answered_questions(iter_turns(source)):
        total += 1
        if not (question.abstained or question.escalated):
            continue
        # Courtesy is judged on what the customer wrote, not on a follow-up's carried words.
        words = _content_words(question.query) if _content_words(question.text) else ""
        stems = list(dict.fromkeys(analyzer.query_stems(words))) if words else []
        if not stems:
            skipped += 1
            continue
        kept.append(question)
        stem_lists.append(stems)
        gram_lists.append(list(dict.fromkeys(analyzer.ngrams(words))))

    clusters: list[GapCluster] = []
    unclustered = len(kept)
    if kept:
        lexical, vocabulary = _tfidf(stem_lists)
        grams, _ = _tfidf(gram_lists)
        combined = (1 - embedding_weight) / 2 * (lexical @ lexical.T + grams @ grams.T)
        if embedder is not None and embedding_weight > 0:
            # Embed each distinct query once: the same question comes back in many conversations.
            position = {query: n for n, query in enumerate(dict.fromkeys(q.query for q in kept))}
            vectors = embedder.embed(list(position), kind="query")[[position[q.query] for q in kept]]
            combined += embedding_weight * (vectors @ vectors.T)
        for group in average_linkage(combined, similarity):
            if len(group) < min_cluster_size:
                continue
            clusters.append(_summarise(group, kept, combined, lexical, vocabulary, examples))
            unclustered -= len(group)
        clusters.sort(key=lambda c: (-c.size, -c.conversations, -c.last_at.timestamp()))
        clusters = [c.model_copy(update={"rank": n}) for n, c in enumerate(clusters, 1)]
    return GapReport(questions=total, gaps=len(kept), skipped=skipped, unclustered=unclustered,
                     clusters=clusters, similarity=similarity, min_cluster_size=min_cluster_size,
                     embedder=str(getattr(embedder, "name", type(embedder).__name__)) if embedder else "")


def _summarise(group: list[int], questions: list[GapQuestion], combined: np.ndarray, lexical: np.ndarray,
               vocabulary: list[str], examples: int) -> GapCluster:
    block = combined[np.ix_(group, group)]
    size = len(group)
    centrality = (block.sum(axis=1) - np.diag(block)) / max(size - 1, 1)
    ordered = [questions[group[n]] for n in np.argsort(-centrality, kind="stable")]
    distinct: dict[str, str] = {}
    for question in ordered:
        distinct.setdefault(fold_diacritics(" ".join(word_tokens(question.text.lower()))), question.text)
    weights = lexical[group].sum(axis=0)
    terms = [vocabulary[n] for n in np.argsort(-weights, kind="stable")[:4] if weights[n] > 0]
    members = [questions[n] for n in group]
    abstained = sum(q.abstained for q in members)
    escalated = sum(q.escalated for q in members)
    moments = [q.at for q in members]
    cohesion = float((block.sum() - np.trace(block)) / (size * (size - 1))) if size > 1 else 1.0
    return GapCluster(
        rank=0, size=size, label=ordered[0].text, terms=terms, examples=list(distinct.values())[:examples],
        abstained=abstained, escalated=escalated, abstained_share=round(abstained / size, 4),
        escalated_share=round(escalated / size, 4),
        reasons=dict(Counter(code for q in members for code in q.reasons).most_common()),
        queues=dict(Counter(q.queue for q in members if q.queue).most_common()),
        first_at=min(moments), last_at=max(moments),
        conversations=len({q.conversation_id for q in members}), cohesion=round(cohesion, 4))


def find_gaps_in(assistant: Assistant, **options: Any) -> GapReport:
    """:func:`find_gaps` over ``assistant.conversations`` with its embedder and analyzer.

    >>> from pomocbot import Assistant
    >>> find_gaps_in(Assistant(), min_cluster_size=3).clusters  # a new assistant has no conversations
    []
    """
    return find_gaps(assistant.conversations, embedder=assistant.embedder, analyzer=assistant.index.analyzer,
                     **options)
