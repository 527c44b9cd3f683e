"""RM3 relevance feedback on BM25 and the answer-type prior of the fused retriever."""

from __future__ import annotations

import numpy as np
import pytest

from pomocbot import Assistant, AssistantConfig, Document
from pomocbot.retrieval.lexical import BM25Index

pytestmark = pytest.mark.unit

CORPUS = {
    1: ["zwrot", "towaru", "formularz", "odstąpienie", "umowa", "14", "dni"],
    2: ["odstąpienie", "umowa", "oświadczenie", "formularz", "wzór"],
    3: ["dostawa", "kurier", "paczkomat", "koszt"],
    4: ["reklamacja", "wada", "towar", "rękojmia"],
    5: ["zwrot", "pieniędzy", "przelew", "karta", "konto"],
}


@pytest.fixture()
def index() -> BM25Index:
    bm25 = BM25Index()
    for key, terms in CORPUS.items():
        bm25.set(key, terms)
    return bm25


def test_weighted_scores_equal_bm25s_for_unit_weights(index: BM25Index) -> None:
    terms = ["zwrot", "formularz", "kurier"]
    expected = index.scores(terms)
    weighted = index.weighted_scores(index.query_weights(terms))
    np.testing.assert_allclose(weighted, expected, rtol=1e-5)


def test_weighted_scores_scale_linearly(index: BM25Index) -> None:
    one = index.weighted_scores(index.query_weights(["zwrot"]))
    scaled = index.weighted_scores({k: 2.5 for k in index.query_weights(["zwrot"])})
    np.testing.assert_allclose(scaled, 2.5 * one, rtol=1e-5)


def test_unknown_terms_are_ignored(index: BM25Index) -> None:
    assert index.query_weights(["nieznane", "zwrot", "zwrot"]) == {index.term_ids()[0]["zwrot"]: 2.0}
    assert not index.weighted_scores({}).any()


def test_expansion_reaches_the_vocabulary_of_the_feedback_items(index: BM25Index) -> None:
    vocab = index.term_ids()[0]
    query = index.query_weights(["zwrot", "towaru"])
    expanded = index.expand(query, [(1, 1.0)], terms=10, weight=0.35)
    # The query keeps 65% of the weight, the expansion terms share 35%.
    assert sum(expanded.values()) == pytest.approx(1.0)
    assert sum(expanded[t] for t in query) >= 0.65
    new_terms = {term for term, term_id in vocab.items() if term_id in expanded and term_id not in query}
    assert new_terms <= set(CORPUS[1])
    assert len(new_terms) >= 1
    # Document 2 shares no query term but the vocabulary of document 1: feedback finds it.
    assert index.scores(["zwrot", "towaru"])[index.position(2)] == 0
    assert index.weighted_scores(expanded)[index.position(2)] > 0


def test_expansion_of_an_empty_query_is_empty(index: BM25Index) -> None:
    assert index.expand({}, [(1, 1.0)], terms=5, weight=0.35) == {}


def test_zero_weight_or_no_terms_keeps_the_query(index: BM25Index) -> None:
    query = index.query_weights(["zwrot"])
    assert index.expand(query, [(1, 1.0)], terms=0, weight=0.35) == query
    assert index.expand(query, [(1, 1.0)], terms=5, weight=0.0) == query


def test_idf_follows_document_frequency(index: BM25Index) -> None:
    vocab = index.term_ids()[0]
    _ = index.keys  # reading the property builds the index
    idf = index._idf
    assert idf[vocab["umowa"]] < idf[vocab["kurier"]]  # "umowa" is in two items, "kurier" in one


def shop(config: AssistantConfig, fake_embedder, fake_stemmer) -> Assistant:
    assistant = Assistant(config, embedder=fake_embedder, stemmer=fake_stemmer)
    assistant.add_documents([
        Document(id="platnosc-blik", title="Płatność BLIK",
                 text="Tak, możesz zapłacić BLIKIEM. Kod BLIK wpisujesz po wybraniu płatności."),
        Document(id="blik-jak", title="Jak zapłacić BLIKIEM",
                 text="Wybierz BLIK przy płatności, wpisz kod z aplikacji banku i potwierdź płatność."),
        Document(id="dostawa", title="Dostawa", text="Kurier DPD dostarcza paczki w 1-2 dni robocze."),
    ])
    return assistant


@pytest.mark.parametrize(("question", "shift"), [
    ("Czy mogę zapłacić BLIKIEM?", +1.0),  # a "Tak, …" answer gains one standard deviation
    ("Jak zapłacić BLIKIEM?", -2.0),  # and loses two on a question for a fact
    ("Zapłacić BLIKIEM?", 0.0),  # colloquial: no prior
])
def test_answer_type_prior_shifts_yes_no_answers(fake_embedder, fake_stemmer, question: str,
                                                 shift: float) -> None:
    assistant = shop(AssistantConfig(), fake_embedder, fake_stemmer)
    with_prior = {h.doc_id: h.score for h in assistant.search(question, k=3)}
    assistant.update_retrieval(answer_type_prior=0.0)
    without = {h.doc_id: h.score for h in assistant.search(question, k=3)}
    assert with_prior["platnosc-blik"] - without["platnosc-blik"] == pytest.approx(shift)
    assert with_prior["blik-jak"] == pytest.approx(without["blik-jak"])


def test_feedback_can_be_switched_off_and_changes_only_lexical_scores(fake_embedder, fake_stemmer) -> None:
    assistant = shop(AssistantConfig(), fake_embedder, fake_stemmer)
    on = assistant.search("płatność kodem", k=3)
    assistant.update_retrieval(feedback={"enabled": False})
    off = assistant.search("płatność kodem", k=3)
    assert {h.doc_id: h.dense_score for h in on} == pytest.approx({h.doc_id: h.dense_score for h in off})
    assert {h.doc_id for h in on} == {h.doc_id for h in off}
