"""Polish sentence splitting (pomocbot.text.sentences)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pomocbot.text import sentence_spans, split_sentences
from pomocbot.text.sentences import _WORD_BEFORE, NON_FINAL_ABBREVIATIONS, _is_abbreviation

pytestmark = pytest.mark.unit

NEXT = "Dalej jest drugie zdanie."


@pytest.mark.parametrize(
    "sentence",
    [
        # street addresses: ul., al., os., pl.
        "Odbiór jest przy ul. Składowej 12 w Poznaniu.",
        "Punkt działa przy al. Jerozolimskich 5.",
        "Mieszkam na os. Lecha 5.",
        "Sklep stoi przy pl. Wolności 1.",
        # "for example", "so-called", "that is", "among others", "about"
        "Możesz zapłacić np. BLIK-iem.",
        "Przysługuje Ci tzw. Rękojmia za wady.",
        "Masz 14 dni, tj. Dwa tygodnie na zwrot.",
        "Płacisz m.in. BLIK-iem albo kartą.",
        "Paczka waży ok. 5 kg.",
        # hours, numbers, legal references
        "Zamówienia opłacone do godz. 13:00 wysyłamy tego samego dnia.",
        "Podaj nr 12345 w tytule przelewu.",
        "Podaj nr. 12345 w tytule przelewu.",
        "Zgodnie z art. 15 RODO masz prawo dostępu.",
        "Zgodnie z art. 15 ust. 1 RODO masz prawo dostępu.",
        "Patrz pkt. 3 regulaminu.",
        "Zadzwoń pod tel. 61 000 00 00 w dni robocze.",
        # titles before names
        "Reklamację rozpatruje dr Nowak.",
        "Reklamację rozpatruje prof. Nowak.",
        "Wniosek podpisał mgr inż. Jan Nowak.",
        # initials
        "Umowę podpisał J. Kowalski.",
        "Umowę podpisał J. K. Nowak.",
        # dates, amounts and times: no space after the dot
        "Sklep jest zamknięty 1.05.2026 z okazji święta.",
        "Kurier kosztuje 19,99 zł brutto.",
        "Kurier kosztuje 19.99 zł brutto.",
        "Czat działa do 13:00 w soboty.",
        "Infolinia działa w godz. 9:00–18:00.",
        # lower case after a full stop never starts a sentence
        "Odpowiemy do 3.05.2026 r. w e-mailu.",
        "Wyślij zdjęcia itd. na adres reklamacji.",
    ],
)
def test_abbreviation_does_not_split(sentence: str) -> None:
    assert split_sentences(f"{sentence} {NEXT}") == [sentence, NEXT]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an amount at the end of a sentence: "zł" is not an abbreviation that needs more text
        ("Koszt to 5 zł. Dostawa trwa 1-2 dni.", ["Koszt to 5 zł.", "Dostawa trwa 1-2 dni."]),
        ("Koszt to 5 zł. 10 zł kosztuje pobranie.", ["Koszt to 5 zł.", "10 zł kosztuje pobranie."]),
        # "r." (roku), "itd.", "itp." may end a sentence
        ("Zwrot przyjmiemy do 2026 r. Potem już nie.", ["Zwrot przyjmiemy do 2026 r.", "Potem już nie."]),
        ("Przyjmujemy BLIK, karty itd. Gotówki nie.", ["Przyjmujemy BLIK, karty itd.", "Gotówki nie."]),
        ("Ręczniki, pościel itp. Wszystko wróci.", ["Ręczniki, pościel itp.", "Wszystko wróci."]),
        # company form "sp. z o.o." at the end of a sentence
        (
            "Administratorem jest Modrzew sp. z o.o. W sprawach danych pisz do IOD.",
            ["Administratorem jest Modrzew sp. z o.o.", "W sprawach danych pisz do IOD."],
        ),
        # an e-mail address or domain at the end of a sentence
        ("Napisz na iod@modrzew.example. Odpowiemy.", ["Napisz na iod@modrzew.example.", "Odpowiemy."]),
        # question marks, exclamation marks, ellipsis
        ("Czy mogę zwrócić towar? Tak, w 14 dni.", ["Czy mogę zwrócić towar?", "Tak, w 14 dni."]),
        ("Dziękujemy! Paczka już jedzie.", ["Dziękujemy!", "Paczka już jedzie."]),
        ("Sprawdzamy… Jest w sortowni.", ["Sprawdzamy…", "Jest w sortowni."]),
        ("Serio?! Tak.", ["Serio?!", "Tak."]),
        ("Czekaj... Już mam.", ["Czekaj...", "Już mam."]),
        # closing quotes and brackets stay with their sentence
        ("Kliknij „Zapłać”. Potem wpisz kod.", ["Kliknij „Zapłać”.", "Potem wpisz kod."]),
        ("Wpisz „Tak.” Potem zatwierdź.", ["Wpisz „Tak.”", "Potem zatwierdź."]),
        ("To działa (zwykle.) Spróbuj.", ["To działa (zwykle.)", "Spróbuj."]),
        # the next sentence opens with a quote or bracket
        ("Gotowe. „Moje zamówienia” pokażą status.", ["Gotowe.", "„Moje zamówienia” pokażą status."]),
        ("Gotowe. (Status zmieni się jutro.)", ["Gotowe.", "(Status zmieni się jutro.)"]),
        # Polish capitals open a sentence
        ("Zwrot przyjęty. Środki wrócą w 14 dni.", ["Zwrot przyjęty.", "Środki wrócą w 14 dni."]),
        ("Zwrot przyjęty. Łączny czas to 3 dni.", ["Zwrot przyjęty.", "Łączny czas to 3 dni."]),
        # a word or dotted name longer than the look-behind window before the full stop
        ("Otwórz plik regulamin.sklepu.internetowego.modrzew.v2. Potem podpisz.",
         ["Otwórz plik regulamin.sklepu.internetowego.modrzew.v2.", "Potem podpisz."]),
        ("Dziękujemy Konstantynopolitańczykowianeczkówna. Jan.",
         ["Dziękujemy Konstantynopolitańczykowianeczkówna.", "Jan."]),
    ],
)
def test_sentence_end_splits(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # blank lines separate sentences even without punctuation
        ("Dostawa kurierem\n\nKoszt 14,99 zł", ["Dostawa kurierem", "Koszt 14,99 zł"]),
        ("Pierwszy akapit\n   \n\nDrugi akapit", ["Pierwszy akapit", "Drugi akapit"]),
        # bullet list items
        ("Zabierz:\n- nr zamówienia\n- dowód osobisty", ["Zabierz:", "- nr zamówienia", "- dowód osobisty"]),
        ("Metody:\n* BLIK\n• karta\n– przelew", ["Metody:", "* BLIK", "• karta", "– przelew"]),
        # numbered list items starting with a lower-case word
        ("Kroki:\n1. zaloguj się\n2) wybierz", ["Kroki:", "1. zaloguj się", "2) wybierz"]),
        # "1)" items keep their number even before a capital
        ("Kroki:\n1) Zaloguj się.\n2) Wybierz.", ["Kroki:", "1) Zaloguj się.", "2) Wybierz."]),
        # a single line break inside a sentence is collapsed
        ("Dostawa trwa\nzwykle 1-2 dni.", ["Dostawa trwa zwykle 1-2 dni."]),
        ("Kurier   DPD\tkosztuje 14,99 zł.", ["Kurier DPD kosztuje 14,99 zł."]),
        # nothing to split
        ("", []),
        ("   \n\n  ", []),
        ("Bez kropki na końcu", ["Bez kropki na końcu"]),
    ],
)
def test_blank_lines_and_list_items(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Faktury są w koncie:\n1. Zaloguj się.\n2. Wejdź w „Moje zamówienia”.",
            ["Faktury są w koncie:", "1. Zaloguj się.", "2. Wejdź w „Moje zamówienia”."],
        ),
        ("Kroki:\n1. Zaloguj się.\n2. Wybierz.", ["Kroki:", "1. Zaloguj się.", "2. Wybierz."]),
    ],
)
def test_numbered_list_item_keeps_its_number(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Opłata wynosi 50 gr. Pobieramy ją.", ["Opłata wynosi 50 gr.", "Pobieramy ją."]),
        ("Limit raty to 20 tys. Powyżej zapłać.", ["Limit raty to 20 tys.", "Powyżej zapłać."]),
    ],
)
def test_amount_unit_at_sentence_end_splits(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_abbreviation_far_into_a_long_block_does_not_split() -> None:
    text = "Zwrot przyjęty, " * 40 + "np. BLIK, albo pod tel. 61 000 00 00 w godz. 9-18."
    assert split_sentences(text) == [text.strip()]


def _word_before_reference(text: str, dot_index: int) -> str | None:
    """The word before a dot, searching the whole text (as before the look-behind window)."""
    match = _WORD_BEFORE.search(text, 0, dot_index)
    return match.group(1) if match else None


@given(st.lists(st.sampled_from(["a", "Ż", "7", ".", " ", "_", "-", "np", "x" * 40]), max_size=30)
       .map("".join))
def test_abbreviation_check_matches_whole_text_search(text: str) -> None:
    for dot_index in range(len(text) + 1):
        word = _word_before_reference(text, dot_index)
        expected = word is not None and (
            word.lower() in NON_FINAL_ABBREVIATIONS or word.lower().rstrip(".") in NON_FINAL_ABBREVIATIONS
            or (len(word) == 1 and word.isupper())
        )
        assert _is_abbreviation(text, dot_index) == expected


def test_non_final_abbreviations_are_lower_case_without_final_dot() -> None:
    assert all(abbr == abbr.lower() and not abbr.endswith(".") for abbr in NON_FINAL_ABBREVIATIONS)
    # abbreviations that may end a sentence must not be there
    assert {"zł", "r", "itd", "itp"}.isdisjoint(NON_FINAL_ABBREVIATIONS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tak. Nie.", [(0, 4), (5, 9)]),
        ("  Tak.  ", [(2, 6)]),
        ("Tak.\n\n  Nie.", [(0, 4), (8, 12)]),
        ("Lista:\n- jeden\n- dwa", [(0, 6), (7, 14), (15, 20)]),
        ("", []),
    ],
)
def test_sentence_spans_exact_offsets(text: str, expected: list[tuple[int, int]]) -> None:
    assert sentence_spans(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Odbiór: ul. Składowa 12, godz. 9-18. Koszt to 0 zł. Np. BLIK też działa.",
        "Zgodnie z art. 15 RODO masz prawo dostępu.\n\nOdpowiemy do 3.05.2026 r. w e-mailu.",
        "  Czy mogę   zwrócić\ttowar?\nTak!  Masz 14 dni…  Napisz na czacie. ",
        "Zabierz:\n- nr zamówienia,\n- dowód.\n\nDziękujemy.",
    ],
)
def test_sentence_spans_map_back_to_original_text(text: str) -> None:
    spans = sentence_spans(text)
    sentences = split_sentences(text)
    assert len(spans) == len(sentences)
    for (start, end), sentence in zip(spans, sentences, strict=True):
        piece = text[start:end]
        assert piece == piece.strip() and piece
        assert " ".join(piece.split()) == sentence


_FRAGMENTS = [
    "Zwrot", "zwrotu", "Łódź", "żółć", "ul.", "np.", "godz.", "nr", "dr", "J.", "m.in.", "art.", "15",
    "1.05.2026", "19,99", "19.99", "13:00", "zł", "r.", "itd.", ".", "?", "!", "…", "...", "„", "”", "(",
    ")", "- ", "1. ", "2) ", " ", " ", "  ", "\n", "\n\n", "\t", "\u00a0",
]


def _non_space(text: str) -> str:
    return "".join(text.split())


@given(st.one_of(st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join), st.text(max_size=80)))
def test_sentence_spans_lose_no_text(text: str) -> None:
    spans = sentence_spans(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end
    # every non-space character of the input is in exactly one span, in order
    assert _non_space("".join(text[start:end] for start, end in spans)) == _non_space(text)
