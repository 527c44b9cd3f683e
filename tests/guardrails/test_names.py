"""First-name gazetteer, case forms, surname shapes and the person key used for placeholders."""

from __future__ import annotations

import pytest

from pomocbot.guardrails.names import (
    FEMALE_FIRST_NAMES,
    MALE_FIRST_NAMES,
    first_name_lemma,
    name_key,
    surname_shape,
    surname_stem,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("form", "lemma"),
    [
        # men's names, hard stems
        ("Jan", "Jan"), ("Jana", "Jan"), ("Janowi", "Jan"), ("Janem", "Jan"), ("Janie", "Jan"),
        ("Piotra", "Piotr"), ("Piotrem", "Piotr"), ("Piotrze", "Piotr"),
        ("Roberta", "Robert"), ("Robercie", "Robert"), ("Dawidzie", "Dawid"), ("Michale", "Michał"),
        # a vowel that drops: Paweł, Marek, Jacek, Aleksander, Kacper
        ("Pawła", "Paweł"), ("Pawłowi", "Paweł"), ("Pawłem", "Paweł"), ("Pawle", "Paweł"),
        ("Marka", "Marek"), ("Markiem", "Marek"), ("Marku", "Marek"),
        ("Jacka", "Jacek"), ("Jackowi", "Jacek"),
        ("Aleksandrem", "Aleksander"), ("Kacprem", "Kacper"),
        # soft and hardened stems take -u
        ("Wojciecha", "Wojciech"), ("Wojciechu", "Wojciech"),
        ("Tomaszu", "Tomasz"), ("Grzegorzu", "Grzegorz"),
        ("Macieju", "Maciej"), ("Kamilem", "Kamil"), ("Józefem", "Józef"), ("Józefowi", "Józef"),
        # adjectival men's names
        ("Jerzego", "Jerzy"), ("Jerzemu", "Jerzy"), ("Antoniego", "Antoni"), ("Ignacym", "Ignacy"),
        # women's names in -a
        ("Anny", "Anna"), ("Annie", "Anna"), ("Annę", "Anna"), ("Anną", "Anna"),
        ("Katarzyny", "Katarzyna"), ("Katarzynie", "Katarzyna"), ("Katarzynę", "Katarzyna"),
        ("Agnieszki", "Agnieszka"), ("Agnieszce", "Agnieszka"), ("Jadwidze", "Jadwiga"), ("Beacie", "Beata"),
        ("Barbarze", "Barbara"), ("Marii", "Maria"), ("Zofii", "Zofia"), ("Alicji", "Alicja"),
        ("Mai", "Maja"),
        ("Oli", "Ola"),
        # diminutives
        ("Kasia", "Kasia"), ("Kasi", "Kasia"), ("Kasiu", "Kasia"), ("Ania", "Ania"), ("Gosi", "Gosia"),
        ("Basię", "Basia"), ("Tomek", "Tomek"), ("Tomka", "Tomek"), ("Kuba", "Kuba"), ("Kuby", "Kuba"),
        ("Heńkowi", "Heniek"), ("Stasiowi", "Staś"),
        # case and missing Polish letters
        ("ŁUKASZ", "Łukasz"), ("łukasz", "Łukasz"), ("Pawla", "Paweł"), ("lukasz", "Łukasz"),
        # foreign names with an apostrophe
        ("George'a", "George"),
    ],
)
def test_first_name_forms(form: str, lemma: str) -> None:
    assert first_name_lemma(form) == lemma


@pytest.mark.parametrize(
    ("form", "readings"),
    [
        # a man's oblique form that is also a woman's name: either reading is a name
        ("Józefa", {"Józef", "Józefa"}), ("Józefie", {"Józef", "Józefa"}),
        ("Aleksandrze", {"Aleksander", "Aleksandra"}),
        ("Kamilu", {"Kamil", "Kamila"}), ("Stasia", {"Staś", "Stasia"}),
    ],
)
def test_shared_forms_read_as_either_name(form: str, readings: set[str]) -> None:
    assert first_name_lemma(form) in readings


@pytest.mark.parametrize(
    "word",
    [
        "stół", "paczka", "Życie",  # "Życie" must not fold to "Zycie", a form of Zyta
        "ale",  # folds like "Alę" but is a common word
        "Kowalski", "zamówienie",
    ],
)
def test_not_first_names(word: str) -> None:
    assert first_name_lemma(word) is None


def test_gazetteer_is_large() -> None:
    assert len(MALE_FIRST_NAMES) > 300 and len(FEMALE_FIRST_NAMES) > 300


@pytest.mark.parametrize(
    ("word", "shape"),
    [
        # adjectival -ski / -cki / -dzki in their cases
        ("Kowalski", "adj"), ("Kowalskiego", "adj"), ("Kowalskiej", "adj"), ("Wiśniewskiemu", "adj"),
        ("Lewandowską", "adj"), ("Kowalscy", "adj"), ("Zawadzki", "adj"), ("Nowickiej", "adj"),
        # -wicz
        ("Mickiewicz", "wicz"), ("Mickiewicza", "wicz"), ("Sienkiewiczowi", "wicz"),
        # noun shapes
        ("Nowak", "noun"), ("Nowakowi", "noun"), ("Kowalczyk", "noun"), ("Wieczorek", "noun"),
        ("Wieczorka", "noun"), ("Szewczuk", "noun"), ("Kubiak", "noun"),
        # none
        ("Dom", None), ("Warszawa", None), ("Mazur", None),
    ],
)
def test_surname_shape(word: str, shape: str | None) -> None:
    assert surname_shape(word) == shape


@pytest.mark.parametrize(
    "forms",
    [
        ["Kowalski", "Kowalskiego", "Kowalskiemu", "Kowalskim", "Kowalscy"],
        ["Kowalska", "Kowalskiej", "Kowalską"],
        ["Nowak", "Nowaka", "Nowakowi", "Nowakiem", "Nowaku"],
        ["Wieczorek", "Wieczorka", "Wieczorkowi", "Wieczorkiem"],
        ["Mazur", "Mazura", "Mazurowi", "Mazurze"],
        ["Wróbel", "Wróbla", "Wróblem"],
        ["Duda", "Dudy", "Dudzie", "Dudę", "Dudą"],
        ["Mickiewicz", "Mickiewicza", "Mickiewiczowi", "Mickiewiczem"],
    ],
)
def test_surname_stem_is_case_free(forms: list[str]) -> None:
    assert len({surname_stem(f) for f in forms}) == 1


@pytest.mark.parametrize(
    "same_person",
    [
        # men: nominative, genitive, dative, instrumental, locative, lower case, no Polish letters
        ["Jan Kowalski", "Jana Kowalskiego", "Janowi Kowalskiemu", "Janem Kowalskim", "jan kowalski",
         "Pan Jan Kowalski"],
        ["Paweł Wiśniewski", "Pawła Wiśniewskiego", "Pawle Wiśniewskim", "Pawel Wisniewski"],
        ["Piotr Nowak", "Piotra Nowaka", "Piotrowi Nowakowi", "Piotrze Nowaku"],
        ["Marek Wieczorek", "Marka Wieczorka", "Markiem Wieczorkiem"],
        # women: the surname in -ska declines, a noun surname does not
        ["Anna Nowak", "Annie Nowak", "Annę Nowak", "Anną Nowak", "Anny Nowak"],
        ["Katarzyna Wiśniewska", "Katarzyny Wiśniewskiej", "Katarzyną Wiśniewską",
         "Pani Katarzyna Wiśniewska"],
        # a form shared by a man's and a woman's name is settled by the surname's gender
        ["Aleksandra Kowalska", "Aleksandrze Kowalskiej", "Aleksandrą Kowalską"],
        ["Aleksander Kowalski", "Aleksandra Kowalskiego", "Aleksandrze Kowalskim"],
    ],
)
def test_name_key_equivalence(same_person: list[str]) -> None:
    assert len({name_key(text) for text in same_person}) == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jan Kowalski", "Anna Kowalska"),
        ("Jan Kowalski", "Jan Nowak"),
        ("Aleksandra Kowalska", "Aleksander Kowalski"),
        ("Anna Nowak", "Hanna Nowak"),
    ],
)
def test_name_key_keeps_people_apart(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize(
    "forms",
    [
        ("Bożydar Wieczorek", "Bożydarowi Wieczorkowi", "Bożydarem Wieczorkiem", "bożydar wieczorek"),
        ("Ignacy Wróbel", "Ignacemu Wróblowi", "Ignacego Wróbla"),
        ("Jadwiga Zaręba", "Jadwigi Zaręby", "Jadwidze Zarębie"),
        ("Wiesława Mróz", "Wiesławie Mróz", "Wiesławą Mróz"),
        ("Anna Kowalska", "Annie Kowalskiej", "Anną Kowalską", "ANNA KOWALSKA"),
        ("Zbyszek", "Zbyszkowi", "Zbyszku", "Zbyszka"),
    ],
)
def test_every_form_of_a_person_has_one_key_with_the_dictionary(forms: tuple[str, ...]) -> None:
    # Names outside the hand-written gazetteer ("Bożydar") and noun surnames that drop a vowel
    # ("Wróbel" -> "Wróbla") are read with Morfeusz 2, so each person gets one placeholder.
    assert len({name_key(form) for form in forms}) == 1


def test_different_people_keep_different_keys() -> None:
    assert name_key("Jan Kowalski") != name_key("Anna Kowalska")
    assert name_key("Bożydar Wieczorek") != name_key("Bożena Wieczorek")
