"""Reading knowledge-base files into documents (pomocbot.knowledge.loaders).

Files are written to ``tmp_path``; the last tests read the shipped example
knowledge base ``examples/sklep/kb``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pomocbot.errors import IngestionError, LoaderError
from pomocbot.knowledge import SUPPORTED_SUFFIXES, Document, load_directory, load_file

pytestmark = pytest.mark.unit

KB = Path(__file__).parents[2] / "examples/sklep/kb"


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _jsonl(*records: dict[str, object]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


# --- Markdown -----------------------------------------------------------------

MARKDOWN = """# Zwrot towaru

Masz **14 dni** na [zwrot](https://modrzew.example/zwroty) bez podania *przyczyny*.
Kod zwrotu wpisz w polu `Numer zwrotu`. ![Etykieta](etykieta.png)

## Koszt zwrotu

Zwrot w Paczkomacie jest __darmowy__.

## Zwrot pieniędzy

Pieniądze oddamy w ciągu 14 dni.
"""


def test_markdown_title_sections_and_cleaning(tmp_path: Path) -> None:
    [doc] = load_file(_write(tmp_path / "zwrot-towaru.md", MARKDOWN))
    assert doc.id == "zwrot-towaru"
    assert doc.title == "Zwrot towaru"
    assert doc.source == str(tmp_path / "zwrot-towaru.md")
    assert doc.metadata == {}
    assert doc.text == (
        "Masz 14 dni na zwrot bez podania przyczyny.\n"
        "Kod zwrotu wpisz w polu Numer zwrotu. Etykieta\n\n"
        "## Koszt zwrotu\n\n"
        "Zwrot w Paczkomacie jest darmowy.\n\n"
        "## Zwrot pieniędzy\n\n"
        "Pieniądze oddamy w ciągu 14 dni."
    )


@pytest.mark.parametrize(
    ("markdown", "title", "lines"),
    [
        # the first "#" heading is the title even after an introduction
        ("Wstęp.\n\n# Dostawa\n\nKurier 14,99 zł.", "Dostawa", ["Wstęp.", "Kurier 14,99 zł."]),
        # closing hashes are not part of the title
        ("# Dostawa #\n\nKurier 14,99 zł.", "Dostawa", ["Kurier 14,99 zł."]),
        # no "#" heading: no title, "##" stays a section
        ("## Koszt\n\nKurier 14,99 zł.", "", ["## Koszt", "Kurier 14,99 zł."]),
        # only the first "#" heading is taken
        ("# Dostawa\n\nTekst.\n\n# Druga\n\nWięcej.", "Dostawa", ["Tekst.", "# Druga", "Więcej."]),
        # list markers are not emphasis
        ("# Formy\n\n* kurier\n* paczkomat", "Formy", ["* kurier", "* paczkomat"]),
        # snake_case and arithmetic are not emphasis
        ("# Kod\n\nPole kod_rabatowy, 2 * 3 zł", "Kod", ["Pole kod_rabatowy, 2 * 3 zł"]),
    ],
)
def test_markdown_title_rule(tmp_path: Path, markdown: str, title: str, lines: list[str]) -> None:
    [doc] = load_file(_write(tmp_path / "dostawa.markdown", markdown))
    assert doc.title == title
    assert [line for line in doc.text.splitlines() if line.strip()] == lines


def test_markdown_title_is_cleaned(tmp_path: Path) -> None:
    [doc] = load_file(_write(tmp_path / "zwroty.md", "# **Zwroty** i [reklamacje](https://x.pl)\n\nTekst."))
    assert doc.title == "Zwroty i reklamacje"


def test_utf8_bom_and_crlf(tmp_path: Path) -> None:
    path = _write(tmp_path / "bom.md", "\ufeff# Tytuł\r\n\r\nTekst zwrotu.\r\n".encode())
    [doc] = load_file(path)
    assert (doc.title, doc.text) == ("Tytuł", "Tekst zwrotu.")


# --- plain text ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "title", "text"),
    [
        # a short first line followed by a blank line is the title
        ("Godziny pracy\n\nPracujemy od 8 do 16.\n", "Godziny pracy", "Pracujemy od 8 do 16."),
        (
            "GODZINY PRACY W ŚWIĘTA — 2026\n\nW Wigilię do 13:00.",
            "GODZINY PRACY W ŚWIĘTA — 2026",
            "W Wigilię do 13:00.",
        ),
        ("Jak zwrócić towar?\n\nMasz 14 dni.", "Jak zwrócić towar?", "Masz 14 dni."),
        # a first line ending with a full stop is a sentence, not a title
        ("Pracujemy od 8 do 16.\n\nW soboty nie.", "", "Pracujemy od 8 do 16.\n\nW soboty nie."),
        # no blank line after the first line
        ("Godziny pracy\nPracujemy od 8 do 16.", "", "Godziny pracy\nPracujemy od 8 do 16."),
        # a first line over 120 characters
        ("x" * 121 + "\n\nTekst.", "", "x" * 121 + "\n\nTekst."),
        ("x" * 120 + "\n\nTekst.", "x" * 120, "Tekst."),
        # a single line
        ("Tylko jedna linia", "", "Tylko jedna linia"),
    ],
)
def test_txt_title_line_rule(tmp_path: Path, content: str, title: str, text: str) -> None:
    [doc] = load_file(_write(tmp_path / "godziny.txt", content))
    assert (doc.id, doc.title, doc.text) == ("godziny", title, text)


# --- HTML ------------------------------------------------------------------------

HTML = """<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8">
<title>Odbiór osobisty – Centrum pomocy</title><script>track('odbior')</script></head>
<body>
<nav class="menu"><ul><li><a href="/">Strona główna</a></li><li>Dostawa</li></ul></nav>
<header><p class="logo">Modrzew – dom, ogród, kuchnia</p></header>
<div id="cookie-banner"><p>Używamy plików cookies.</p><button>Akceptuję</button></div>
<main><article>
<h1>Odbiór osobisty</h1>
<p>Punkt odbioru jest przy ul. Składowej 12 w Poznaniu.</p>
<h2>Godziny</h2>
<ul><li>pn–pt: godz. 9:00–18:00,</li><li>sob: nieczynne.</li></ul>
</article></main>
<footer><p>© 2026 Modrzew sp. z o.o.</p><a href="#" id="cookies">Ustawienia cookies</a></footer>
<script>document.getElementById('cookies').addEventListener('click', open);</script>
</body></html>
"""


def test_html_main_content_and_title(tmp_path: Path) -> None:
    [doc] = load_file(_write(tmp_path / "odbior.html", HTML))
    assert doc.id == "odbior"
    assert doc.title == "Odbiór osobisty"
    assert doc.text == (
        "# Odbiór osobisty\n"
        "Punkt odbioru jest przy ul. Składowej 12 w Poznaniu.\n"
        "## Godziny\n"
        "- pn–pt: godz. 9:00–18:00,\n"
        "- sob: nieczynne."
    )
    for leaked in ("Strona główna", "ogród", "cookies", "Akceptuję", "©", "track", "addEventListener"):
        assert leaked not in doc.text


def test_htm_suffix_is_html(tmp_path: Path) -> None:
    [doc] = load_file(_write(tmp_path / "ODBIOR.HTM", HTML))
    assert doc.title == "Odbiór osobisty"


# --- FAQ files ----------------------------------------------------------------------


def test_jsonl_faq_one_document_per_entry(tmp_path: Path) -> None:
    content = _jsonl(
        {
            "id": "faq-dostawa",
            "question": "Ile kosztuje dostawa?",
            "answer": "Kurier 14,99 zł.",
            "kategoria": "dostawa",
        },
        {"question": "Czy jest BLIK?", "answer": "Tak, BLIK działa.", "tagi": ["płatności", "blik"]},
    )
    # a blank line between entries is skipped but still counts for line numbers
    content = content.replace("\n", "\n\n", 1)
    path = _write(tmp_path / "faq_zakupy.jsonl", content)
    docs = load_file(path)
    assert [(d.id, d.title, d.text) for d in docs] == [
        ("faq-dostawa", "Ile kosztuje dostawa?", "Kurier 14,99 zł."),
        ("faq_zakupy/3", "Czy jest BLIK?", "Tak, BLIK działa."),
    ]
    assert docs[0].metadata == {"faq": True, "kategoria": "dostawa"}
    assert docs[1].metadata == {"faq": True, "tagi": ["płatności", "blik"]}
    assert [d.source for d in docs] == [f"{path}:1", f"{path}:3"]


@pytest.mark.parametrize(
    ("record", "title", "text"),
    [
        # Polish field names, with and without diacritics, any case
        ({"pytanie": "Ile trwa zwrot?", "odpowiedź": "Do 14 dni."}, "Ile trwa zwrot?", "Do 14 dni."),
        ({"Pytanie": "Ile trwa zwrot?", "Odpowiedz": "Do 14 dni."}, "Ile trwa zwrot?", "Do 14 dni."),
        ({"tytuł": "Zwrot", "tekst": "Do 14 dni."}, "Zwrot", "Do 14 dni."),
        # short and generic field names
        ({"q": "Ile trwa zwrot?", "a": "Do 14 dni."}, "Ile trwa zwrot?", "Do 14 dni."),
        ({"title": "Zwrot", "text": "Do 14 dni."}, "Zwrot", "Do 14 dni."),
        # values are stripped
        ({"question": "  Ile trwa zwrot? ", "answer": " Do 14 dni.\n"}, "Ile trwa zwrot?", "Do 14 dni."),
    ],
)
def test_faq_field_names(tmp_path: Path, record: dict[str, str], title: str, text: str) -> None:
    [doc] = load_file(_write(tmp_path / "faq.jsonl", _jsonl(record)))
    assert (doc.id, doc.title, doc.text) == ("faq/1", title, text)


def test_jsonl_numeric_id_becomes_string(tmp_path: Path) -> None:
    path = _write(tmp_path / "faq.jsonl", _jsonl({"id": 7, "question": "Ile?", "answer": "Dużo."}))
    [doc] = load_file(path)
    assert doc.id == "7"


@pytest.mark.parametrize(
    ("content", "delimiter"),
    [
        # comma, with quoted fields holding commas and semicolons
        (
            'id,pytanie,odpowiedź,kategoria\n'
            'faq-koszt,"Ile kosztuje dostawa?","Kurier 14,99 zł; paczkomat 11,99 zł.",dostawa\n'
            ',Czy jest BLIK?,"Tak, BLIK działa.",płatności\n',
            ",",
        ),
        # semicolon (Excel in Polish locale), answers with decimal commas
        (
            'id;pytanie;odpowiedź;kategoria\n'
            'faq-koszt;Ile kosztuje dostawa?;Kurier 14,99 zł; paczkomat 11,99 zł.;dostawa\n'
            ';Czy jest BLIK?;Tak, BLIK działa.;płatności\n'.replace("zł; p", "zł, p"),
            ";",
        ),
    ],
)
def test_csv_faq(tmp_path: Path, content: str, delimiter: str) -> None:
    path = _write(tmp_path / "faq.csv", content)
    docs = load_file(path)
    assert [d.id for d in docs] == ["faq-koszt", "faq/3"]
    assert [d.title for d in docs] == ["Ile kosztuje dostawa?", "Czy jest BLIK?"]
    assert docs[1].text == "Tak, BLIK działa."
    assert docs[0].text.startswith("Kurier 14,99 zł") and docs[0].text.endswith("paczkomat 11,99 zł.")
    assert [d.metadata for d in docs] == [
        {"faq": True, "kategoria": "dostawa"},
        {"faq": True, "kategoria": "płatności"},
    ]
    assert docs[1].source == f"{path}:3"


def test_csv_multiline_answer(tmp_path: Path) -> None:
    content = 'question,answer\n"Jak zwrócić?","1. Zgłoś zwrot.\n2. Nadaj paczkę."\nCo dalej?,Czekaj.\n'
    docs = load_file(_write(tmp_path / "faq.csv", content))
    assert [(d.title, d.text) for d in docs] == [
        ("Jak zwrócić?", "1. Zgłoś zwrot.\n2. Nadaj paczkę."),
        ("Co dalej?", "Czekaj."),
    ]


# --- bad files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        # empty or blank
        ("pusty.md", b"", "empty"),
        ("spacje.txt", b"  \n\t\r\n  ", "empty"),
        # binary
        ("obraz.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("dane.md", b"# Tytul\n\x00\x01\x02", "NUL"),
        # not UTF-8: cp1250 bytes of "zażółć"
        ("stary.txt", "zażółć gęślą jaźń".encode("cp1250"), "not valid text in utf-8"),
        # broken FAQ lines
        ("faq.jsonl", b'{"question":\n', "line 1 is not valid JSON"),
        ("faq2.jsonl", b'{"pytanie": "Ile kosztuje dostawa?"}\n', "line 1 needs a question and an answer"),
        ("faq3.jsonl", b'{"question": "Ile?", "answer": "   "}\n', "line 1 needs a question and an answer"),
        ("faq4.jsonl", b'["Ile?", "Duzo."]\n', "line 1 is not an object"),
        ("faq5.csv", "pytanie;odpowiedź\nIle kosztuje?;\n".encode(), "line 2 needs a question and an answer"),
        ("faq6.csv", "pytanie;odpowiedź\n".encode(), "no usable entries"),
        # HTML with no text after removing the page chrome
        (
            "pusta.html",
            b"<html><head><title>Pusta</title></head><body><nav>Menu</nav><script>x()</script></body></html>",
            "no text content",
        ),
        # unsupported extension
        ("regulamin.pdf", b"%PDF-1.7", "unsupported file type .pdf"),
        ("README", b"Tekst", r"unsupported file type \(none\)"),
    ],
)
def test_bad_file_raises_loader_error_naming_the_file(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = _write(tmp_path / name, content)
    with pytest.raises(LoaderError, match=reason) as info:
        load_file(path)
    assert str(info.value).startswith(f"{name}: ")
    assert isinstance(info.value, IngestionError)


def test_wrong_encoding_message_says_how_to_fix(tmp_path: Path) -> None:
    path = _write(tmp_path / "stary.txt", "zażółć gęślą jaźń".encode("cp1250"))
    with pytest.raises(LoaderError, match=r"stary\.txt.*at byte 2.*iconv -f cp1250 -t utf-8"):
        load_file(path)


@pytest.mark.parametrize("encodings", [("utf-8", "cp1250"), ("cp1250",), ("UTF_8", "cp1250")])
def test_cp1250_file_loads_with_fallback_encoding(tmp_path: Path, encodings: tuple[str, ...]) -> None:
    path = _write(tmp_path / "stary.txt", "Reklamacje\n\nzażółć gęślą jaźń".encode("cp1250"))
    [doc] = load_file(path, encodings=encodings)
    assert (doc.title, doc.text) == ("Reklamacje", "zażółć gęślą jaźń")


def test_utf8_file_is_not_misread_by_fallback(tmp_path: Path) -> None:
    path = _write(tmp_path / "nowy.txt", "zażółć gęślą jaźń")
    assert load_file(path, encodings=("utf-8", "cp1250"))[0].text == "zażółć gęślą jaźń"


def test_unknown_encoding_name_is_loader_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "stary.txt", "zażółć".encode("cp1250"))
    with pytest.raises(LoaderError, match=r"stary\.txt.*nie-ma-takiego"):
        load_file(path, encodings=("utf-8", "nie-ma-takiego"))


def test_too_large(tmp_path: Path) -> None:
    path = _write(tmp_path / "duzy.md", "# Duży\n\n" + "Zwrot. " * 100)
    size = path.stat().st_size
    with pytest.raises(LoaderError, match=rf"duzy\.md: {size} bytes is over the limit of {size - 1} bytes"):
        load_file(path, max_bytes=size - 1)
    assert load_file(path, max_bytes=size)[0].title == "Duży"


def test_missing_file_is_loader_error(tmp_path: Path) -> None:
    with pytest.raises(LoaderError, match=r"brak\.md: cannot read"):
        load_file(tmp_path / "brak.md")


def test_doc_id_argument_overrides_file_name(tmp_path: Path) -> None:
    [doc] = load_file(_write(tmp_path / "kurier.md", "# Kurier\n\nTekst."), doc_id="dostawa/kurier")
    assert doc.id == "dostawa/kurier"


def test_supported_suffixes() -> None:
    assert set(SUPPORTED_SUFFIXES) == {".md", ".markdown", ".txt", ".html", ".htm", ".jsonl", ".csv"}


# --- load_directory ---------------------------------------------------------------------


@pytest.fixture
def mixed_kb(tmp_path: Path) -> Path:
    kb = tmp_path / "kb"
    # good files
    _write(kb / "dostawa" / "kurier.md", "# Kurier DPD\n\nKurier kosztuje 14,99 zł.")
    _write(kb / "dostawa" / "paczkomat" / "inpost.txt", "Paczkomat InPost\n\nPaczkomat kosztuje 11,99 zł.")
    _write(kb / "kontakt.html", HTML)
    _write(kb / "faq" / "zakupy.jsonl", _jsonl(
        {"id": "faq-blik", "question": "Czy jest BLIK?", "answer": "Tak."},
        {"question": "Ile trwa zwrot?", "answer": "14 dni."},
    ))
    # bad files
    _write(kb / "pusty.md", "")
    _write(kb / "zwroty" / "stary.txt", "zażółć".encode("cp1250"))
    _write(kb / "faq" / "zepsuty.jsonl", '{"question": "Ile?"\n')
    # unsupported
    _write(kb / "regulamin.pdf", b"%PDF-1.7")
    _write(kb / "dostawa" / "mapa.png", b"\x89PNG\r\n")
    # hidden
    _write(kb / ".szkic.md", "# Szkic\n\nNie publikować.")
    _write(kb / ".git" / "opis.md", "# Git\n\nWewnętrzne.")
    _write(kb / "dostawa" / ".notatki.txt", "Notatki\n\nWewnętrzne.")
    return kb


def test_load_directory_keeps_good_documents(mixed_kb: Path) -> None:
    docs, report = load_directory(mixed_kb)
    # ids: relative paths without extension, "/" separators; FAQ entries by their own ids
    assert sorted(d.id for d in docs) == sorted([
        "dostawa/kurier", "dostawa/paczkomat/inpost", "kontakt", "faq-blik", "faq/zakupy/2",
    ])
    by_id = {d.id: d for d in docs}
    assert by_id["dostawa/kurier"].title == "Kurier DPD"
    assert by_id["dostawa/paczkomat/inpost"].title == "Paczkomat InPost"
    assert by_id["kontakt"].title == "Odbiór osobisty"
    assert by_id["dostawa/kurier"].source == str(mixed_kb / "dostawa" / "kurier.md")
    assert report.files_loaded == 4


def test_load_directory_reports_each_bad_file_by_name(mixed_kb: Path) -> None:
    _, report = load_directory(mixed_kb)
    assert not report.ok
    failures = {f.path: f.reason for f in report.failures}
    assert set(failures) == {"pusty.md", str(Path("zwroty/stary.txt")), str(Path("faq/zepsuty.jsonl"))}
    assert "empty" in failures["pusty.md"]
    assert "utf-8" in failures[str(Path("zwroty/stary.txt"))]
    assert "not valid JSON" in failures[str(Path("faq/zepsuty.jsonl"))]
    for path, reason in failures.items():
        assert reason.startswith(Path(path).name + ": ")


def test_load_directory_skips_unsupported_and_ignores_hidden(mixed_kb: Path) -> None:
    docs, report = load_directory(mixed_kb)
    assert sorted(p.path for p in report.skipped) == sorted([str(Path("dostawa/mapa.png")), "regulamin.pdf"])
    assert all("unsupported" in p.reason for p in report.skipped)
    mentioned = {p.path for p in report.failures + report.skipped}
    assert not any("szkic" in p or ".git" in p or "notatki" in p for p in mentioned)
    assert not any(d.title in ("Szkic", "Git", "Notatki") for d in docs)


def test_load_directory_with_fallback_encoding(mixed_kb: Path) -> None:
    docs, report = load_directory(mixed_kb, encodings=("utf-8", "cp1250"))
    assert "zwroty/stary" in {d.id for d in docs}
    assert str(Path("zwroty/stary.txt")) not in {f.path for f in report.failures}


def test_load_directory_max_bytes(mixed_kb: Path) -> None:
    docs, report = load_directory(mixed_kb, max_bytes=200)
    assert "kontakt" not in {d.id for d in docs}
    assert any(f.path == "kontakt.html" and "over the limit" in f.reason for f in report.failures)


def test_duplicate_ids_last_one_wins(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    # "a.md" and "a.txt" share the id "a"; sorted by path, the .txt file comes last
    _write(kb / "a.md", "# Z Markdown\n\nPierwszy.")
    _write(kb / "a.txt", "Z tekstu\n\nDrugi.")
    # the same FAQ id in two files
    _write(kb / "faq" / "1.jsonl", _jsonl({"id": "faq-x", "question": "Stare?", "answer": "Stara."}))
    _write(kb / "faq" / "2.jsonl", _jsonl({"id": "faq-x", "question": "Nowe?", "answer": "Nowa."}))
    docs, report = load_directory(kb)
    by_id = {d.id: d for d in docs}
    assert len(docs) == len(by_id) == 2
    assert (by_id["a"].title, by_id["a"].text) == ("Z tekstu", "Drugi.")
    assert (by_id["faq-x"].title, by_id["faq-x"].text) == ("Nowe?", "Nowa.")
    assert report.duplicate_ids == ["a", "faq-x"]
    assert report.ok and report.files_loaded == 4


def test_load_directory_of_a_file_or_missing_folder(tmp_path: Path) -> None:
    path = _write(tmp_path / "plik.md", "# Plik\n\nTekst.")
    with pytest.raises(LoaderError, match="not a directory"):
        load_directory(path)
    with pytest.raises(LoaderError, match="not a directory"):
        load_directory(tmp_path / "brak")


def test_empty_directory(tmp_path: Path) -> None:
    docs, report = load_directory(tmp_path)
    assert docs == []
    assert report.ok and report.files_loaded == 0 and report.skipped == []


# --- the example knowledge base ----------------------------------------------------------------


@pytest.fixture(scope="module")
def example_kb() -> tuple[list[Document], object]:
    return load_directory(KB)


def test_example_kb_loads_cleanly(example_kb: tuple[list[Document], object]) -> None:
    docs, report = example_kb
    assert report.failures == [] and report.skipped == [] and report.duplicate_ids == []
    assert len(docs) >= 40
    assert all(d.title.strip() for d in docs)
    assert all(d.text.strip() for d in docs)
    assert len({d.id for d in docs}) == len(docs)
    # files by relative path, FAQ entries by their ids
    ids = {d.id for d in docs}
    assert {"dostawa/kurier-dpd", "zwroty/jak-zwrocic-towar", "kontakt/godziny-w-swieta"} <= ids
    assert "faq-ile-kosztuje-dostawa" in ids
    assert all("\\" not in d.id and not d.id.endswith((".md", ".html", ".txt")) for d in docs)


def test_example_kb_html_pages_have_no_page_chrome(example_kb: tuple[list[Document], object]) -> None:
    docs, _ = example_kb
    html_docs = [d for d in docs if d.source and d.source.endswith(".html")]
    assert len(html_docs) >= 5
    for doc in html_docs:
        for leaked in ("<script", "<", "©", "Copyright", "addEventListener", "Akceptuję",
                       "Używamy plików cookies", "Strona główna", "Koszyk (0)"):
            assert leaked not in doc.text, (doc.id, leaked)
        if doc.id != "prywatnosc/pliki-cookies":  # the only page about cookies
            assert "cookies" not in doc.text.lower(), doc.id


@pytest.mark.parametrize(
    ("doc_id", "title", "present", "absent"),
    [
        (
            "dostawa/odbior-osobisty",
            "Odbiór osobisty w Poznaniu",
            ["ul. Składowa 12, 61-001 Poznań", "## Gdzie i kiedy", "- dokument tożsamości"],
            ["Modrzew – dom, ogród, kuchnia", "Centrum pomocy", "Infolinia: 61 000 00 00"],
        ),
        (
            "prywatnosc/pliki-cookies",
            "Pliki cookies",
            # the content table is kept although its class is "cookie-table"
            ["## Jak zmienić ustawienia cookies", "iod@modrzew.example", "Niezbędne | logowanie, koszyk"],
            ["Zaloguj się", "Regulamin sklepu", "Wszystkie prawa zastrzeżone"],
        ),
        (
            "kontakt/kontakt",
            "Kontakt z Biurem Obsługi Klienta",
            # the postal address lives in <address>, outside any paragraph
            ["## Adres do korespondencji\nModrzew sp. z o.o. ul. Składowa 12 61-001 Poznań",
             "Infolinia: 61 000 00 00 (opłata", "- sobota: godz. 9:00–15:00,"],
            ["Ustawienia cookies", "Klub Modrzew", "ModrzewChat", "www.modrzew.example"],
        ),
    ],
)
def test_example_kb_known_html_pages(example_kb: tuple[list[Document], object], doc_id: str, title: str,
                                     present: list[str], absent: list[str]) -> None:
    docs, _ = example_kb
    doc = {d.id: d for d in docs}[doc_id]
    assert doc.title == title
    for text in present:
        assert text in doc.text
    for text in absent:
        assert text not in doc.text


def test_example_kb_faq_and_text_files(example_kb: tuple[list[Document], object]) -> None:
    docs, _ = example_kb
    by_id = {d.id: d for d in docs}
    faq = [d for d in docs if d.metadata.get("faq")]
    assert len(faq) >= 10
    assert by_id["faq-ile-kosztuje-dostawa"].title == "Ile kosztuje dostawa?"
    assert "14,99 zł" in by_id["faq-ile-kosztuje-dostawa"].text
    assert by_id["kontakt/godziny-w-swieta"].title == "GODZINY PRACY W ŚWIĘTA I DNI WOLNE — 2026"
    assert by_id["dostawa/kurier-dpd"].title == "Dostawa kurierem DPD"
    assert "## Ile kosztuje i ile trwa" in by_id["dostawa/kurier-dpd"].text


# -- #13: one broken line costs one entry; links out of the folder are not read --------------------
def test_a_broken_faq_line_costs_that_entry_not_the_file(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    _write(kb / "faq" / "pytania.jsonl",
           '{"pytanie": "Ile trwa dostawa?", "odpowiedź": "Zwykle 1–2 dni robocze."}\n'
           '{"pytanie": "Czy wysyłacie za granicę?", "odpowiedź": \n'
           '{"pytanie": "Jak zapłacić?", "odpowiedź": "Kartą, BLIK-iem albo przelewem."}\n'
           '{"pytanie": "Bez odpowiedzi"}\n')
    _write(kb / "faq" / "pytania.csv",
           'pytanie;odpowiedź\n"Czy mogę odebrać osobiście?";"Tak, w Poznaniu."\n'
           '"Zepsuty wiersz";"a";"b"\n"Ile kosztuje kurier?";"14,99 zł"\n')
    docs, report = load_directory(kb)
    assert sorted(d.title for d in docs) == ["Czy mogę odebrać osobiście?", "Ile kosztuje kurier?",
                                             "Ile trwa dostawa?", "Jak zapłacić?"]
    failures = {f.path: f.reason for f in report.failures}
    jsonl, csv_file = str(Path("faq/pytania.jsonl")), str(Path("faq/pytania.csv"))
    assert set(failures) == {f"{jsonl}:2", f"{jsonl}:4", f"{csv_file}:3"}
    assert "not valid JSON" in failures[f"{jsonl}:2"] and "needs a question" in failures[f"{jsonl}:4"]
    assert "more cells than the header" in failures[f"{csv_file}:3"]
    assert not report.ok  # broken lines are failures a CI check should see


def test_load_file_reports_broken_lines_to_a_list(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = _write(tmp_path / "faq.jsonl", '{"question": "Ile?", "answer": "Dużo."}\n{"question":\n')
    problems: list = []
    assert [d.title for d in load_file(path, problems=problems)] == ["Ile?"]
    assert [p.path for p in problems] == ["faq.jsonl:2"]
    assert [d.title for d in load_file(path)] == ["Ile?"]  # without a list: one warning
    assert "1 broken line(s) skipped" in caplog.text


def test_a_link_out_of_the_folder_is_refused_and_reported(tmp_path: Path) -> None:
    outside = _write(tmp_path / "poufne" / "hasla.txt", "Hasło do panelu: tajne123")
    kb = tmp_path / "kb"
    _write(kb / "zwroty.md", "# Zwroty\n\nMasz 14 dni na zwrot towaru.")
    (kb / "passwd.txt").symlink_to(outside)
    (kb / "dostawa").mkdir()
    (kb / "dostawa" / "inne.md").symlink_to(kb / "zwroty.md")  # a link inside the folder is fine
    docs, report = load_directory(kb)
    assert sorted(d.id for d in docs) == ["dostawa/inne", "zwroty"]
    assert [(f.path, "outside the knowledge-base folder" in f.reason) for f in report.failures] == [
        ("passwd.txt", True)]
    assert not any("tajne123" in d.text for d in docs)
