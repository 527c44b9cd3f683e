"""Polish lexical retrieval: the analyzer (stems, n-grams, diacritic restoration) and BM25Index."""

from __future__ import annotations

import numpy as np
import pytest

from pomocbot.retrieval import lexical
from pomocbot.retrieval.lexical import BM25Index, PolishAnalyzer
from pomocbot.text.tokenize import word_tokens

# -- helpers -------------------------------------------------------------------

CHUNKS = {
    1: "Zwroty — Formularz zwrotu znajdziesz w zakładce Moje zamówienia.",
    2: "Paczkomat InPost — Paczka czeka w automacie 48 godzin.",
    3: "Płatność BLIK — Wpisz kod z aplikacji banku.",
    4: "Reklamacje — Reklamację złożysz przez formularz na stronie.",
    5: "Jak zwrócić towar? Odeślij go kurierem w ciągu 14 dni.",
    6: "Faktury — Fakturę VAT wystawiamy na firmę po podaniu NIP.",
    7: "Rękojmia — Odpowiadamy za wady towaru przez dwa lata.",
}


def build(analyzer: PolishAnalyzer, chunks: dict[int, str]) -> tuple[BM25Index, BM25Index]:
    stems, ngrams = BM25Index(), BM25Index()
    for key, text in chunks.items():
        stems.set(key, analyzer.stems(text))
        ngrams.set(key, analyzer.ngrams(text))
        analyzer.observe(text)
    return stems, ngrams


def best(index: BM25Index, terms: list[str]) -> list[int]:
    """Keys with a positive score, best first."""
    scores = index.scores(terms)
    order = np.argsort(-scores, kind="stable")
    return [int(index.keys[i]) for i in order if scores[i] > 0]


# -- with the real Stempel stemmer ----------------------------------------------


@pytest.fixture(scope="module")
def real_analyzer(polish_stemmer) -> PolishAnalyzer:
    return PolishAnalyzer(polish_stemmer.stem)


@pytest.fixture(scope="module")
def real_indexes(polish_stemmer) -> tuple[PolishAnalyzer, BM25Index, BM25Index]:
    analyzer = PolishAnalyzer(polish_stemmer.stem)
    stems, ngrams = build(analyzer, CHUNKS)
    return analyzer, stems, ngrams


@pytest.mark.integration
@pytest.mark.parametrize(
    ("query", "expected_key"),
    [
        # inflected forms meet their stem
        ("zwrot", 1),
        ("zwrotem", 1),
        ("paczkomatu", 2),
        ("paczkomacie", 2),
        ("reklamacji", 4),
        ("faktury", 6),
        ("rękojmi", 7),
        # typed without Polish letters: restored from the knowledge base's own words
        ("platnosc", 3),
        ("zwrocic", 5),
        ("reklamacje", 4),
        ("rekojmia", 7),
        # upper case and punctuation
        ("PACZKOMATU!!!", 2),
        ("Płatności?", 3),
    ],
)
def test_stems_find_inflected_and_folded_forms(real_indexes, query: str, expected_key: int) -> None:
    analyzer, stems, _ = real_indexes
    assert best(stems, analyzer.query_stems(query))[:1] == [expected_key]


@pytest.mark.integration
@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("zwrotu", "zwrot"),
        ("paczkomatu", "paczkomat"),
        ("reklamacji", "reklamacja"),
        # stems are folded to ASCII
        ("płatności", "platnosc"),
        ("zwróciłam", "zwrocic"),
        ("hasła", "haslo"),
        # numbers are kept whole
        ("14,99", "14,99"),
    ],
)
def test_stem_terms_are_folded_stems(real_analyzer: PolishAnalyzer, word: str, stem: str) -> None:
    assert real_analyzer.stems(word) == [stem]


@pytest.mark.integration
def test_restoration_is_needed_for_stempel(polish_stemmer) -> None:
    # Without the knowledge base's vocabulary Stempel mangles ASCII-typed Polish...
    plain = PolishAnalyzer(polish_stemmer.stem)
    assert plain.query_stems("platnosc zwrocic") != ["platnosc", "zwrocic"]
    # ...with it, the query meets the indexed stems.
    plain.observe("Płatność przy odbiorze. Jak zwrócić towar?")
    assert plain.query_stems("platnosc zwrocic") == ["platnosc", "zwrocic"]


@pytest.mark.integration
@pytest.mark.parametrize("query", ["która", "ktora", "jak czy", "Dzień dobry, proszę", "Czy to jest w tym?"])
def test_stop_words_match_nothing(real_indexes, query: str) -> None:
    analyzer, stems, ngrams = real_indexes
    assert analyzer.query_stems(query) == []
    assert analyzer.ngrams(query) == []
    assert not stems.scores(analyzer.query_stems(query)).any()
    assert not ngrams.scores(analyzer.ngrams(query)).any()


@pytest.mark.integration
def test_stop_words_do_not_add_score(real_indexes) -> None:
    analyzer, stems, _ = real_indexes
    with_fillers = stems.scores(analyzer.query_stems("Dzień dobry, czy mogę jakoś złożyć reklamację?"))
    without = stems.scores(analyzer.query_stems("złożyć reklamację"))
    np.testing.assert_allclose(with_fillers, without)


@pytest.mark.integration
@pytest.mark.parametrize(
    ("query", "expected_key"),
    [
        # typos and unknown inflections: character 4-grams still overlap
        ("paczkomt", 2),
        ("reklamacyjny", 4),
        ("fakturke", 6),
    ],
)
def test_ngrams_survive_typos(real_indexes, query: str, expected_key: int) -> None:
    analyzer, _, ngrams = real_indexes
    assert best(ngrams, analyzer.ngrams(query))[:1] == [expected_key]


# -- the analyzer with a table stemmer (unit) -------------------------------------

TABLE = {"zwrotu": "zwrot", "zwrócić": "zwrócić", "złe": "zły", "źle": "źle", "hasła": "hasło"}


def table_stem(word: str) -> str:
    return TABLE.get(word, word)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("indexed", "query", "expected"),
    [
        # restored from the knowledge base
        ("Jak zwrócić towar?", "zwrocic", ["zwrocic"]),
        # the customer's spelling exists in the base: left as it is
        ("zwrocic zwrócić", "zwrocic", ["zwrocic"]),
        # the most frequent form wins when two words fold alike
        ("złe złe źle", "zle", ["zly"]),
        ("złe źle źle", "zle", ["zle"]),
        # unknown to the base: stemmed as typed
        ("Jak zwrócić towar?", "haslo", ["haslo"]),
    ],
)
def test_diacritic_restoration(indexed: str, query: str, expected: list[str]) -> None:
    analyzer = PolishAnalyzer(table_stem)
    analyzer.observe(indexed)
    assert analyzer.query_stems(query) == expected


@pytest.mark.unit
def test_restoration_follows_removed_text() -> None:
    analyzer = PolishAnalyzer(lambda w: {"zwrócić": "zwróc"}.get(w, w))
    analyzer.observe("Jak zwrócić towar?")
    assert analyzer.query_stems("zwrocic") == ["zwroc"]
    analyzer.observe("Jak zwrócić towar?", sign=-1)  # the document was deleted
    assert analyzer.query_stems("zwrocic") == ["zwrocic"]
    analyzer.observe("Zwrócić można w 14 dni.")
    assert analyzer.query_stems("zwrocic") == ["zwroc"]


@pytest.mark.unit
def test_ngrams_are_padded_folded_and_skip_stop_words() -> None:
    analyzer = PolishAnalyzer(table_stem, ngram_size=4)
    assert analyzer.ngrams("Zwrot, który") == ["_zwr", "zwro", "wrot", "rot_"]
    assert analyzer.ngrams("Łódź") == ["_lod", "lodz", "odz_"]
    assert analyzer.ngrams("ok") == ["_ok_"]  # shorter than n: one padded term
    assert PolishAnalyzer(table_stem, ngram_size=3).ngrams("zwrot") == ["_zw", "zwr", "wro", "rot", "ot_"]


# -- analyze: the one-pass indexing path (unit) -------------------------------------

ANALYZED_TEXTS = [
    # stop words, in any case and without diacritics, give no terms but are surface words
    "Która paczka? KTÓRA paczka, ktora paczka.",
    # numbers stay whole; a hyphen joins words
    "Kurier kosztuje 14,99 zł, dostawa 1-2 dni, e-mail z kodem SMS-em.",
    # inflected forms, diacritics, repeated words (memo hits)
    "Zwrot zwrotu. Jak zwrócić towar? Zwrócić można w 14 dni. Zwrot, zwrotu, zwrotem.",
    # words shorter than the n-gram, upper case, punctuation only
    "ok OK ul. Łódź ŻÓŁW żółw ... ?! —",
    "",
]


@pytest.mark.unit
@pytest.mark.parametrize("ngram_size", [3, 4])
def test_analyze_equals_separate_passes(ngram_size: int) -> None:
    analyzer = PolishAnalyzer(table_stem, ngram_size=ngram_size)
    reference = PolishAnalyzer(table_stem, ngram_size=ngram_size)
    for _ in range(2):  # the second round is answered from the per-word memo
        for text in ANALYZED_TEXTS:
            terms = analyzer.analyze(text)
            assert terms.stems == reference.stems(text)
            assert terms.ngrams == reference.ngrams(text)
            assert terms.words == [token.lower() for token in word_tokens(text)]


@pytest.mark.unit
def test_analyze_memo_is_bounded(monkeypatch) -> None:
    monkeypatch.setattr(lexical, "_WORD_MEMO_SIZE", 3)
    analyzer = PolishAnalyzer(table_stem)
    for text in ANALYZED_TEXTS * 2:
        assert analyzer.analyze(text).stems == analyzer.stems(text)
        assert len(analyzer._word_memo) <= 3 + len(word_tokens(text))


@pytest.mark.integration
def test_analyze_with_real_stemmer(real_analyzer: PolishAnalyzer) -> None:
    for text in [*ANALYZED_TEXTS, *CHUNKS.values()]:
        terms = real_analyzer.analyze(text)
        assert (terms.stems, terms.ngrams) == (real_analyzer.stems(text), real_analyzer.ngrams(text))


@pytest.mark.unit
def test_observe_words_equals_observe() -> None:
    by_text, by_words = PolishAnalyzer(table_stem), PolishAnalyzer(table_stem)
    steps = [("Jak zwrócić towar? złe złe", 1), ("źle źle źle zwrocic", 1),
             ("Jak zwrócić towar? złe złe", -1), ("złe złe złe", 1), ("nigdy nie było", -1)]
    for text, sign in steps:
        by_text.observe(text, sign)
        by_words.observe_words(by_text.analyze(text).words, sign)
        # same counts in the same order: ties in the restoration map resolve alike
        assert list(by_words._surface_counts.items()) == list(by_text._surface_counts.items())
        assert by_words.query_stems("zwrocic zle") == by_text.query_stems("zwrocic zle")


# -- BM25Index (unit) ---------------------------------------------------------------


@pytest.mark.unit
def test_empty_index_scores() -> None:
    index = BM25Index()
    assert len(index) == 0
    assert index.scores(["zwrot"]).shape == (0,)
    assert index.scores([]).shape == (0,)
    assert index.keys.shape == (0,)


@pytest.mark.unit
def test_scores_are_aligned_with_keys() -> None:
    index = BM25Index()
    index.set(10, ["zwrot", "towar"])
    index.set(20, ["kurier", "dpd"])
    index.set(30, [])  # a chunk with only stop words
    scores = index.scores(["zwrot"])
    assert index.keys.tolist() == [10, 20, 30]
    assert scores[index.position(10)] > 0
    assert scores[index.position(20)] == 0 and scores[index.position(30)] == 0
    assert not index.scores(["nieznane"]).any()
    assert not index.scores([]).any()


@pytest.mark.unit
def test_bm25_prefers_rarer_terms_and_more_matches() -> None:
    index = BM25Index()
    index.set(1, ["zwrot", "towar"])
    index.set(2, ["towar", "kurier"])
    index.set(3, ["towar", "paczkomat"])
    scores = dict(zip(index.keys.tolist(), index.scores(["zwrot", "towar"]).tolist(), strict=True))
    assert scores[1] > scores[2] > 0
    assert scores[2] == pytest.approx(scores[3])


@pytest.mark.unit
def test_discard_then_set_again() -> None:
    index = BM25Index()
    index.set(1, ["zwrot"])
    index.set(2, ["kurier"])
    index.discard(1)
    index.discard(1)  # twice: no error
    index.discard(99)  # unknown: no error
    assert len(index) == 1
    assert index.keys.tolist() == [2]
    assert not index.scores(["zwrot"]).any()
    index.set(1, ["zwrot", "zwrot"])
    assert sorted(index.keys.tolist()) == [1, 2]
    assert index.scores(["zwrot"])[index.position(1)] > 0


@pytest.mark.unit
def test_set_replaces_terms_of_a_key() -> None:
    index = BM25Index()
    index.set(1, ["zwrot"])
    index.set(2, ["kurier"])
    assert index.scores(["zwrot"])[index.position(1)] > 0
    index.set(1, ["paczkomat"])
    assert len(index) == 2
    assert not index.scores(["zwrot"]).any()
    assert index.scores(["paczkomat"])[index.position(1)] > 0


@pytest.mark.unit
def test_set_numbers_new_terms_in_order_of_first_appearance() -> None:
    index = BM25Index()
    index.set(1, ["zwrot", "towar", "zwrot"])
    index.set(2, ["kurier", "towar", "dpd", "kurier"])  # known and new terms mixed
    index.set(3, ["towar", "zwrot"])  # all known
    vocab, terms = index.term_ids()
    assert vocab == {"zwrot": 0, "towar": 1, "kurier": 2, "dpd": 3}
    assert {key: ids.tolist() for key, ids in terms.items()} == {1: [0, 1, 0], 2: [2, 1, 3, 2], 3: [1, 0]}
    assert all(ids.dtype == np.int32 for ids in terms.values())


@pytest.mark.unit
def test_keys_after_discarding_everything() -> None:
    # Regression: keys used to keep the old keys while scores() returned an empty array.
    index = BM25Index()
    index.set(1, ["zwrot"])
    index.set(2, ["kurier"])
    assert index.keys.tolist() == [1, 2]
    index.discard(1)
    index.discard(2)
    assert index.keys.shape == index.scores(["zwrot"]).shape == (0,)


@pytest.mark.unit
def test_term_ids_restore_round_trip() -> None:
    index = BM25Index()
    index.set(1, ["zwrot", "towar"])
    index.set(2, ["kurier"])
    vocab, terms = index.term_ids()
    copy = BM25Index()
    copy.restore(vocab, terms)
    np.testing.assert_allclose(copy.scores(["zwrot", "kurier"]), index.scores(["zwrot", "kurier"]))
    assert copy.keys.tolist() == index.keys.tolist()
