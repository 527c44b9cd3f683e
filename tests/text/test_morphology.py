"""Morfeusz 2 layer: readings, lemmas, generation, bad input, threads."""

from __future__ import annotations

import threading

import pytest

from pomocbot.text.morphology import MorfeuszLemmatizer, Morphology, clean_word, default_morphology


@pytest.fixture(scope="module")
def morph() -> Morphology:
    return default_morphology()


@pytest.mark.parametrize(
    ("word", "lemma", "case", "qualifier"),
    [
        ("Zbyszkowi", "Zbyszek", "dat", "imię"),
        ("Kowalskiego", "Kowalski", "gen", "nazwisko"),
        ("Annie", "Anna", "dat", "imię"),
        ("Markiem", "Marek", "inst", "imię"),
        ("Wiśniewską", "Wiśniewska", "acc", "nazwisko"),
        ("Krakowie", "Kraków", "loc", "nazwa_geograficzna"),
    ],
)
def test_names_are_read_with_case_and_qualifier(morph: Morphology, word: str, lemma: str, case: str,
                                                qualifier: str) -> None:
    readings = [r for r in morph.analyse(word) if r.lemma == lemma and qualifier in r.qualifiers]
    assert readings and any(case in r.cases for r in readings)


def test_common_words_and_names_that_look_alike(morph: Morphology) -> None:
    roza = morph.analyse("Róża")
    assert any(r.is_first_name for r in roza) and any("nazwa_pospolita" in r.qualifiers for r in roza)
    assert not any(r.is_first_name or r.is_surname for r in morph.analyse("kwiatek"))
    assert any(r.is_surname for r in morph.analyse("Kwiatkowski"))
    assert morph.lemma("zwrotu") == "zwrot"  # the common-word reading first


def test_generation_and_inflection(morph: Morphology) -> None:
    assert morph.inflect("Anna", case="gen", gender="f", qualifier="imię") == "Anny"
    assert morph.inflect("Zbyszek", case="voc", qualifier="imię") == "Zbyszku"
    assert morph.inflect("Kowalski", case="inst", gender="m", qualifier="nazwisko") == "Kowalskim"
    assert morph.inflect("Nowak", case="dat", gender="m", qualifier="nazwisko") == "Nowakowi"
    assert morph.inflect("Nowak", case="dat", gender="f", qualifier="nazwisko") == "Nowak"  # does not inflect
    assert morph.inflect("Xyzzyqq", case="gen") is None
    forms = {f.text for f in morph.generate("Kowalska")}
    assert {"Kowalskiej", "Kowalską"} <= forms


@pytest.mark.parametrize("word", ["", "   ", "\x00\x07", "a\ud800b", "x" * 10_000, "Москва", "ÆØÅ", "123",
                                  "Nowak-Kowalska", "😀"])
def test_bad_input_never_crashes(morph: Morphology, word: str) -> None:
    readings = morph.analyse(word)
    assert isinstance(readings, tuple)
    morph.generate(word)
    assert isinstance(morph.lemma(word), str)


def test_lone_surrogates_are_cleaned() -> None:
    assert clean_word("Ja\ud800n\x00") == "Jan"
    assert any(r.is_first_name for r in default_morphology().analyse("Ja\ud800n"))


def test_unknown_and_hyphenated_words_read_as_unknown(morph: Morphology) -> None:
    assert [r.pos for r in morph.analyse("Ołeksandr")] == ["ign"]
    assert [r.pos for r in morph.analyse("Nowak-Kowalska")] == ["ign"]  # callers read the parts


def test_cache_and_threads_give_the_same_readings() -> None:
    morph = Morphology(cache_size=64)
    words = ["Anny", "Kowalskiego", "zwrotu", "Zbyszkowi", "paczki", "Krakowie"] * 40
    expected = {w: morph.analyse(w) for w in set(words)}
    errors: list[str] = []

    def work() -> None:
        for word in words:
            if morph.analyse(word) != expected[word]:
                errors.append(word)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(morph._analyses) <= 64  # bounded


def test_lemmatizer_is_a_drop_in_for_the_stemmer() -> None:
    lemmatizer = MorfeuszLemmatizer()
    assert [lemmatizer.stem(w) for w in ("reklamacji", "paczkomatu", "zwrotem", "xq", "123")] == \
        ["reklamacja", "paczkomat", "zwrot", "xq", "123"]


def test_works_after_faiss_is_imported() -> None:
    # Both are SWIG modules: iterating a Morfeusz result after faiss is loaded used to crash.
    import faiss  # noqa: F401

    morph = Morphology()
    assert any(r.is_first_name for r in morph.analyse("Anny"))
    assert morph.inflect("Anna", case="inst", gender="f", qualifier="imię") == "Anną"
