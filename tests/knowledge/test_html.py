"""Main-content text of HTML help pages (pomocbot.knowledge.html)."""

from __future__ import annotations

import pytest

from pomocbot.knowledge import html_to_text

pytestmark = pytest.mark.unit


def _page(body: str, title: str = "Dostawa | Sklep Modrzew") -> str:
    return (
        "<!DOCTYPE html><html lang='pl'><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body>{body}</body></html>"
    )


CONTENT = "<h1>Dostawa</h1><p>Kurier DPD kosztuje 14,99 zł.</p>"


@pytest.mark.parametrize(
    ("noise", "leaked"),
    [
        # scripts, styles and other non-text elements
        ("<script>window.track('odslona');</script>", "track"),
        ("<style>.baner { color: red }</style>", "color"),
        ("<noscript>Włącz JavaScript</noscript>", "JavaScript"),
        ("<iframe>Czat na żywo</iframe>", "Czat"),
        ("<svg><text>Ikona koszyka</text></svg>", "Ikona"),
        ("<template><p>Szablon karty</p></template>", "Szablon"),
        # page chrome
        ("<nav><ul><li><a href='/'>Strona główna</a></li></ul></nav>", "Strona główna"),
        ("<header><p>Modrzew – dom, ogród, kuchnia</p></header>", "ogród"),
        ("<footer><p>© 2026 Modrzew sp. z o.o.</p></footer>", "©"),
        ("<aside><p>Zobacz też: Zwroty</p></aside>", "Zobacz też"),
        ("<form><p>Szukaj w pomocy</p><button>Szukaj</button></form>", "Szukaj"),
        ("<dialog><p>Zapisz się do newslettera</p></dialog>", "newslettera"),
        # cookie banners and navigation marked by class or id
        ("<div id='cookie-banner'><p>Używamy plików cookies.</p></div>", "cookies"),
        ("<div class='cookies-consent'><p>Akceptuję wszystkie</p></div>", "Akceptuję"),
        ("<div class='CookieBar'><p>Ciasteczka pomagają nam</p></div>", "Ciasteczka"),
        ("<p class='breadcrumb'>Centrum pomocy › Dostawa</p>", "Centrum pomocy"),
        ("<div class='sidebar'><p>Popularne artykuły</p></div>", "Popularne"),
        ("<ul class='menu-glowne'><li>Płatności</li></ul>", "Płatności"),
        ("<a class='skip-link' href='#main'>Przejdź do treści</a>", "Przejdź"),
    ],
)
def test_noise_is_dropped(noise: str, leaked: str) -> None:
    title, text = html_to_text(_page(noise + CONTENT))
    assert title == "Dostawa"
    assert text == "# Dostawa\nKurier DPD kosztuje 14,99 zł."
    assert leaked not in text


@pytest.mark.parametrize(
    "wrapper",
    [
        # the main content element is preferred over the rest of the body
        "<div><p>Promocja tygodnia</p></div><main>{}</main><div><p>Promocja tygodnia</p></div>",
        "<div><p>Promocja tygodnia</p></div><div role='main'>{}</div>",
        "<div><p>Promocja tygodnia</p></div><article>{}</article>",
        "<div><p>Promocja tygodnia</p></div>"
        "<main id='content'><article class='help-article'>{}</article></main>",
    ],
)
def test_main_content_is_preferred(wrapper: str) -> None:
    title, text = html_to_text(_page(wrapper.format(CONTENT)))
    assert (title, text) == ("Dostawa", "# Dostawa\nKurier DPD kosztuje 14,99 zł.")


def test_body_is_used_without_main_element() -> None:
    body = "<h1>Dostawa</h1><p>Kurier DPD kosztuje 14,99 zł.</p><p>Paczkomat 11,99 zł.</p>"
    _, text = html_to_text(_page(body))
    assert text == "# Dostawa\nKurier DPD kosztuje 14,99 zł.\nPaczkomat 11,99 zł."


def test_structure_becomes_markdown_lines() -> None:
    body = """<main>
      <h1>Odbiór osobisty</h1>
      <p>Punkt działa przy ul.&nbsp;Składowej 12 w <strong>Poznaniu</strong> i Lesznie.</p>
      <h2>Co zabrać</h2>
      <ul><li>nr zamówienia,</li><li><p>dokument tożsamości.</p></li></ul>
      <h3>Płatność</h3>
      <ol><li>BLIK</li><li>karta</li></ol>
      <table><tr><th>Forma</th><th>Koszt</th></tr>
        <tr><td>Kurier</td><td>14,99 zł</td></tr><tr><td></td><td></td></tr></table>
      <blockquote>Zamówienie gotowe do odbioru</blockquote>
    </main>"""
    title, text = html_to_text(_page(body))
    assert title == "Odbiór osobisty"
    assert text.splitlines() == [
        "# Odbiór osobisty",
        "Punkt działa przy ul. Składowej 12 w Poznaniu i Lesznie.",
        "## Co zabrać",
        "- nr zamówienia,",
        "- dokument tożsamości.",
        "### Płatność",
        "- BLIK",
        "- karta",
        "Forma | Koszt",
        "Kurier | 14,99 zł",
        "Zamówienie gotowe do odbioru",
    ]


@pytest.mark.parametrize(
    ("markup", "expected_title"),
    [
        # the first h1 wins over <title>
        (
            _page("<main><h1>Zwrot towaru</h1><p>Masz 14 dni.</p></main>", title="Zwroty | Modrzew"),
            "Zwrot towaru",
        ),
        # without h1: <title> up to " | " or " - "
        (_page("<main><h2>Koszt</h2><p>Masz 14 dni.</p></main>", title="Zwroty | Modrzew"), "Zwroty"),
        (_page("<main><p>Masz 14 dni.</p></main>", title="Zwroty - Centrum pomocy"), "Zwroty"),
        (_page("<main><p>Masz 14 dni.</p></main>", title="Zwroty"), "Zwroty"),
        # no title at all
        ("<html><body><p>Masz 14 dni.</p></body></html>", ""),
    ],
)
def test_title(markup: str, expected_title: str) -> None:
    assert html_to_text(markup)[0] == expected_title


def test_plain_text_without_blocks() -> None:
    title, text = html_to_text("<html><body><main>Kurier 14,99 zł<br>Paczkomat 11,99 zł</main></body></html>")
    assert (title, text) == ("", "Kurier 14,99 zł\nPaczkomat 11,99 zł")


@pytest.mark.parametrize(
    "markup",
    [
        "",
        "<html><body></body></html>",
        _page("<nav>Menu</nav><script>x()</script><footer>© 2026</footer>"),
    ],
)
def test_page_without_content_has_no_text(markup: str) -> None:
    assert html_to_text(markup)[1] == ""


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # text in a leaf <div> next to headings
        ("<h1>Kontakt</h1><div>Infolinia: 61 000 00 00.</div>", "# Kontakt\nInfolinia: 61 000 00 00."),
        ("<h1>Raty</h1><div class='ramka'><span>RRSO 0%</span></div><p>Bez odsetek.</p>",
         "# Raty\nRRSO 0%\nBez odsetek."),
        # a postal address, its <br> line breaks become spaces
        ("<h2>Adres</h2><address>Modrzew sp. z o.o.<br>ul. Składowa 12</address>",
         "## Adres\nModrzew sp. z o.o. ul. Składowa 12"),
    ],
)
def test_loose_text_next_to_blocks_is_kept(content: str, expected: str) -> None:
    _, text = html_to_text(_page(f"<main>{content}</main>"))
    assert text == expected


def test_loose_text_around_nested_div_is_kept() -> None:
    body = "<main><h2>Zwrot</h2><div>Masz 14 dni <div>na zwrot</div> towaru.</div></main>"
    _, text = html_to_text(_page(body))
    assert "Masz 14 dni" in text and "towaru." in text


def test_block_children_of_a_list_item_keep_apart() -> None:
    # Two blocks never merge into one sentence ("Kurier DPD" would read as one claim).
    _, text = html_to_text(_page("<main><ul><li><div>Kurier</div><div>DPD</div></li></ul></main>"))
    assert text == "- Kurier\nDPD"


@pytest.mark.parametrize("hidden", [
    '<div hidden>Zadzwoń pod 700 123 456 (9,99 zł/min).</div>',
    '<div style="display:none">Zadzwoń pod 700 123 456 (9,99 zł/min).</div>',
    '<p style="color: red; visibility : hidden">Zadzwoń pod 700 123 456 (9,99 zł/min).</p>',
    '<span aria-hidden="true">Zadzwoń pod 700 123 456 (9,99 zł/min).</span>',
    '<noscript>Zadzwoń pod 700 123 456 (9,99 zł/min).</noscript>',
    '<template><p>Zadzwoń pod 700 123 456 (9,99 zł/min).</p></template>',
])
def test_text_the_page_hides_is_not_indexed(hidden: str) -> None:
    _, text = html_to_text(_page(f"<main><h1>Zwroty</h1><p>Masz 14 dni na zwrot.</p>{hidden}</main>"))
    assert "700" not in text and "Masz 14 dni na zwrot." in text


def test_blocks_without_punctuation_become_separate_lines() -> None:
    body = "<main><div>Zwroty<div>Masz 14 dni</div><div>Kurier odbiera paczkę</div></div></main>"
    _, text = html_to_text(_page(body))
    assert text.splitlines() == ["Zwroty", "Masz 14 dni", "Kurier odbiera paczkę"]


def test_content_table_about_cookies_is_kept() -> None:
    body = """<main><h1>Pliki cookies</h1><h2>Jakich cookies używamy</h2>
      <table class="cookie-table"><tr><th>Rodzaj</th><th>Zgoda</th></tr>
        <tr><td>Niezbędne</td><td>nie</td></tr></table>
    </main><div id="cookie-banner">Akceptuję</div>"""
    _, text = html_to_text(_page(body))
    assert "Niezbędne | nie" in text
    assert "Akceptuję" not in text


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Napisz na <strong>pomoc@modrzew.example</strong>.", "Napisz na pomoc@modrzew.example."),
        ("Wejdź w „<a href='/konto'>Moje zamówienia</a>”.", "Wejdź w „Moje zamówienia”."),
    ],
)
def test_inline_tags_add_no_spaces(paragraph: str, expected: str) -> None:
    assert html_to_text(_page(f"<main><p>{paragraph}</p></main>"))[1] == expected


def test_block_wrapped_in_source_stays_one_line() -> None:
    body = "<main><p>Punkt działa w Poznaniu\n      i Lesznie.</p><ul><li>nr\n  zamówienia</li></ul></main>"
    assert html_to_text(_page(body))[1] == "Punkt działa w Poznaniu i Lesznie.\n- nr zamówienia"
