"""Contradictions in a knowledge base: planted rivals are caught, the example shop stays quiet."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pomocbot.analytics import Contradiction, find_contradictions
from pomocbot.analytics.claims import comparable, extract_claims, same_value
from pomocbot.cli import main
from pomocbot.knowledge.document import Document
from pomocbot.knowledge.loaders import load_directory
from tests.conftest import EXAMPLES_DIR, FakeEmbedder

pytestmark = pytest.mark.integration  # the real Stempel stemmer

KB = EXAMPLES_DIR / "kb"

# Rivals of the example shop's facts, worded and inflected differently from it.
PLANTED = {
    "zwroty/stary-regulamin.md":
        "# Regulamin zwrotów\n\nZwrotu towaru dokonasz w ciągu 30 dni od jego otrzymania.\n",
    "dostawa/cennik.txt": "Cennik\n\nPrzesyłka do Paczkomatu InPost to koszt 9,99 zł.\n",
    "faq/faq_stare.jsonl": json.dumps({"id": "faq-stare-pobranie",
                                       "question": "Czy można płacić przy odbiorze?",
                                       "answer": "Nie, płatność przy odbiorze nie jest możliwa."},
                                      ensure_ascii=False) + "\n",
}


def _doc(doc_id: str, text: str, title: str = "") -> Document:
    return Document(id=doc_id, text=text, title=title)


def _pairs(found: list[Contradiction]) -> set[tuple[str, str, str]]:
    return {(c.kind, *sorted((c.left_value, c.right_value))) for c in found}


@pytest.fixture(scope="module")
def kb_documents() -> list[Document]:
    documents, report = load_directory(KB)
    assert report.ok
    return documents


@pytest.fixture
def planted_kb(tmp_path: Path) -> Path:
    kb = tmp_path / "kb"
    shutil.copytree(KB, kb)
    for name, text in PLANTED.items():
        (kb / name).write_text(text, encoding="utf-8")
    return kb


# -- planted contradictions -----------------------------------------------------------
@pytest.mark.parametrize(("left", "right", "expected"), [
    # return period, two files, different wording and case forms
    (_doc("zwroty", "Masz 14 dni na zwrot towaru bez podawania przyczyny.", "Zwroty"),
     _doc("regulamin", "Zwrotu towaru dokonasz w ciągu 30 dni od jego otrzymania.", "Regulamin"),
     ("duration", "14 dni", "30 dni")),
    (_doc("zwroty", "Na odstąpienie od umowy masz 14 dni od odbioru towaru.", "Zwroty"),
     _doc("faq", "Na odstąpienie od umowy masz miesiąc od odbioru towaru.", "Ile mam czasu?"),
     None),  # "miesiąc" without a number is no value: nothing to compare
    (_doc("zwroty", "Termin na zwrot towaru wynosi 14 dni.", "Zwroty"),
     _doc("faq", "Towar możesz zwrócić w ciągu dwóch tygodni. Na zwrot towaru masz 30 dni.", "Zwrot"),
     ("duration", "14 dni", "30 dni")),
    # two Paczkomat prices
    (_doc("paczkomat", "Dostawa do Paczkomatu InPost kosztuje 11,99 zł.", "Paczkomat"),
     _doc("cennik", "Wysyłka do paczkomatu InPost: 9,99 zł.", "Cennik"),
     ("amount", "11,99 zł", "9,99 zł")),
    # a FAQ answered both ways
    (_doc("faq-1", "Tak, za pobraniem przy dostawie kurierem.", "Czy mogę zapłacić przy odbiorze?"),
     _doc("faq-2", "Nie, płatność przy odbiorze nie jest możliwa.", "Czy można płacić przy odbiorze?"),
     ("yes_no", "Nie", "Tak")),
    (_doc("pomoc", "Czy wysyłacie za granicę? Tak, do Niemiec i Czech.", "Pomoc"),
     _doc("faq", "Nie, wysyłamy tylko w Polsce.", "Czy wysyłacie za granicę?"),
     ("yes_no", "Nie", "Tak")),
])
def test_planted_pair_is_found(left: Document, right: Document, expected, polish_stemmer) -> None:
    found = find_contradictions([left, right], stem=polish_stemmer.stem)
    if expected is None:
        assert found == []
        return
    assert expected in _pairs(found)
    best = found[0]
    assert {best.left.doc_id, best.right.doc_id} == {left.id, right.id}
    assert 0.55 <= best.score <= 1 and best.topic


# -- tricky non-contradictions ------------------------------------------------------
@pytest.mark.parametrize(("left", "right"), [
    # different subjects, same value kind
    (_doc("kurier", "Dostawa kurierem DPD kosztuje 14,99 zł.", "Kurier"),
     _doc("paczkomat", "Dostawa do Paczkomatu InPost kosztuje 11,99 zł.", "Paczkomat")),
    (_doc("reklamacje", "Na reklamację odpowiadamy w ciągu 14 dni.", "Reklamacje"),
     _doc("kontakt", "Na e-maile odpowiadamy w ciągu 24 godzin.", "Kontakt")),
    (_doc("blik", "Kod BLIK jest ważny przez 2 minuty.", "BLIK"),
     _doc("etykieta", "Kod do nadania zwrotu jest ważny przez 14 dni.", "Etykieta")),
    # a threshold is not a price
    (_doc("darmowa", "Od 199 zł dostawa do Paczkomatu jest darmowa.", "Darmowa dostawa"),
     _doc("paczkomat", "Dostawa do Paczkomatu kosztuje 11,99 zł.", "Paczkomat")),
    (_doc("raty", "Raty 0% są dostępne dla zamówień powyżej 500 zł.", "Raty"),
     _doc("raty-faq", "Rata za zamówienie na raty wynosi 50 zł.", "Raty")),
    # a special context: a promotion, business customers, the loyalty club
    (_doc("zwroty", "Masz 14 dni na zwrot towaru.", "Zwroty"),
     _doc("black-friday", "W promocji Black Friday na zwrot towaru masz 30 dni.", "Promocja")),
    (_doc("zwroty", "Masz 14 dni na zwrot towaru.", "Zwroty"),
     _doc("b2b", "Dla firm zwrot towaru jest możliwy w ciągu 7 dni.", "Zakupy firmowe")),
    (_doc("paczkomat", "Dostawa do Paczkomatu kosztuje 11,99 zł.", "Paczkomat"),
     _doc("klub", "Na poziomie Srebrnym dostawa do Paczkomatu kosztuje 0 zł.", "Klub")),
    # one sentence names both values: it lists cases
    (_doc("faq", "Kurier kosztuje 14,99 zł, a Paczkomat 11,99 zł.", "Ile kosztuje dostawa?"),
     _doc("paczkomat", "Paczkomat kosztuje 11,99 zł, kurier 14,99 zł.", "Dostawa")),
    # a worked example, and parallel items of one list
    (_doc("punkty", "100 punktów to 5 zł rabatu.", "Punkty"),
     _doc("punkty-2", "Przykład: za 1 200 punktów dostaniesz 60 zł rabatu.", "Punkty")),
    (_doc("poziomy", "- Srebrny — od 1 000 zł zakupów w roku.\n- Złoty — od 3 000 zł zakupów w roku.",
          "Poziomy"),
     _doc("inne", "Klub jest bezpłatny.", "Klub")),
    # yes/no to different questions
    (_doc("faq-1", "Tak.", "Czy mogę zapisać kilka adresów dostawy?"),
     _doc("faq-2", "Nie, jeden adres e-mail to jedno konto.",
          "Czy mogę mieć dwa konta na jeden adres e-mail?")),
    (_doc("faq-1", "Tak, w ciągu 14 dni.", "Czy mogę zwrócić towar?"),
     _doc("faq-2", "Nie, to towar na zamówienie klienta.", "Czy mogę zwrócić meble na wymiar?")),
])
def test_no_false_alarm(left: Document, right: Document, polish_stemmer) -> None:
    assert find_contradictions([left, right], stem=polish_stemmer.stem) == []


# -- the example knowledge base -------------------------------------------------------
def test_example_knowledge_base_is_consistent(kb_documents, polish_stemmer) -> None:
    assert find_contradictions(kb_documents, stem=polish_stemmer.stem) == []


def test_planted_rivals_are_found_in_the_example_knowledge_base(planted_kb: Path, polish_stemmer) -> None:
    documents, _ = load_directory(planted_kb)
    found = find_contradictions(documents, stem=polish_stemmer.stem)
    planted_ids = {"zwroty/stary-regulamin", "dostawa/cennik", "faq-stare-pobranie"}
    assert found, "no planted contradiction found"
    # Every finding involves a planted document, and every planted document is found.
    assert all(planted_ids & {c.left.doc_id, c.right.doc_id} for c in found)
    assert planted_ids <= {doc_id for c in found for doc_id in (c.left.doc_id, c.right.doc_id)}
    assert {("duration", "14 dni", "30 dni"), ("amount", "11,99 zł", "9,99 zł"),
            ("yes_no", "Nie", "Tak")} <= _pairs(found)


def test_chunks_and_embedder(kb_documents, polish_stemmer) -> None:
    from pomocbot.knowledge.chunker import Chunker

    chunks = [chunk for d in [*kb_documents[:10], _doc("a", "Masz 14 dni na zwrot towaru.", "Zwroty"),
                              _doc("b", "Na zwrot towaru masz 30 dni.", "Zwroty")]
              for chunk in Chunker().chunk(d)]
    found = find_contradictions(chunks, embedder=FakeEmbedder(), stem=polish_stemmer.stem)
    assert [(c.left.chunk_id, c.right.chunk_id) for c in found] == [("a#0", "b#0")]
    assert found[0].left.sentence == "Masz 14 dni na zwrot towaru."


# -- claims ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("Dostawa kosztuje 11,99 zł.", [("amount", "", "11.99 PLN")]),
    ("Darmowa dostawa od 199 zł.", [("amount", "min", "199 PLN")]),
    ("Przy zamówieniu powyżej 199 zł.", [("amount", "min", "199 PLN")]),
    ("Raty do 20 000 zł.", [("amount", "max", "20000 PLN")]),
    ("Kod obniża cenę o 21 zł.", [("amount", "delta", "21 PLN")]),
    ("Teraz 15 zł zamiast 20 zł.", [("amount", "", "15 PLN"), ("amount", "former", "20 PLN")]),
    ("Zwrot do 14 dni.", [("duration", "", "336")]),  # "do" is the deadline of a duration
    ("Punkty dostaniesz po 14 dniach.", [("duration", "after", "336")]),
    ("Zgodnie z art. 15 RODO.", []),  # a reference, not a quantity
    ("Płacisz w 10 ratach.", [("number", "", "10 rata")]),
])
def test_value_claims(text: str, expected, polish_stemmer) -> None:
    claims = extract_claims("d#0", "d", text, stem=polish_stemmer.stem)
    assert [(c.kind, c.role, c.key) for c in claims] == expected


def test_value_comparison() -> None:
    assert same_value("duration", "720", "730")  # 30 dni ~ 1 miesiąc
    assert not same_value("amount", "11.99 PLN", "9.99 PLN")
    assert not comparable("amount", "10 EUR", "39 PLN")
    assert not comparable("duration", "0.0333", "336")  # 2 minuty vs 14 dni


# -- pomocbot lint ------------------------------------------------------------------------
def test_lint_example_exits_0(capsys) -> None:
    assert main(["lint", str(KB), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_lint_planted_exits_1(planted_kb: Path, capsys) -> None:
    assert main(["lint", str(planted_kb), "--json"]) == 1
    found = [Contradiction.model_validate(item) for item in json.loads(capsys.readouterr().out)]
    doc_ids = {doc_id for c in found for doc_id in (c.left.doc_id, c.right.doc_id)}
    assert {"faq-stare-pobranie", "dostawa/cennik", "zwroty/stary-regulamin"} <= doc_ids
    assert main(["lint", str(planted_kb)]) == 1
    assert "Sprzeczności" in capsys.readouterr().out


# -- a second value slipped into the same page ---------------------------------------------------
@pytest.mark.parametrize("text", [
    "Masz 14 dni na zwrot towaru bez podania przyczyny. Formularz zwrotu znajdziesz w zakładce Moje "
    "zamówienia. Na zwrot towaru masz 365 dni.",
    "Masz 14 dni na zwrot towaru bez podania przyczyny. Zwrot towaru jest możliwy przez 365 dni.",
    "Dostawa kurierem DPD kosztuje 14,99 zł. Paczkę nadajemy w dniu zamówienia. Dostawa kurierem DPD "
    "kosztuje tylko 1,99 zł.",
])
def test_a_poisoned_value_next_to_the_real_one_is_found(text: str, polish_stemmer) -> None:
    found = find_contradictions([_doc("strona", text, "Zwroty i dostawa")], stem=polish_stemmer.stem)
    assert len(found) == 1 and found[0].left.doc_id == found[0].right.doc_id == "strona"


@pytest.mark.parametrize("text", [
    "- Srebrny — od 1 000 zł zakupów w roku.\n- Złoty — od 3 000 zł zakupów w roku.",
    "Dostawa kurierem kosztuje 14,99 zł. Dostawa kurierem ekspresowa kosztuje 24,99 zł.",
    "Standardowo masz 14 dni na zwrot towaru. W okresie świątecznym na zwrot towaru masz 30 dni.",
])
def test_parallel_cases_of_one_page_are_no_contradiction(text: str, polish_stemmer) -> None:
    assert find_contradictions([_doc("strona", text, "Cennik")], stem=polish_stemmer.stem) == []
