"""Text of the main content of an HTML help-centre page.

Scripts, styles, navigation, headers, footers, forms and cookie banners are
dropped; the content of ``<main>``/``<article>``/``[role=main]`` is preferred
when present. Headings become Markdown headings so the chunker keeps sections.

>>> page = '''<html><head><title>Dostawa | Sklep</title><script>track()</script></head>
... <body><nav><a href="/">Start</a></nav><main><h1>Dostawa</h1><p>Kurier kosztuje 14,99 zł.</p>
... <ul><li>Paczkomat</li><li>Kurier</li></ul></main><footer>© Sklep</footer></body></html>'''
>>> title, text = html_to_text(page)
>>> title
'Dostawa'
>>> print(text)
# Dostawa
Kurier kosztuje 14,99 zł.
- Paczkomat
- Kurier
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["html_to_text"]

_DROP = ("script", "style", "noscript", "template", "iframe", "svg", "nav", "header", "footer",
         "aside", "form", "button", "dialog")
_DROP_ATTRS = re.compile(
    r"cookies?[-_]?(banner|consent|bar|notice|popup|modal)|\bbanner\b|breadcrumb|\bmenu\b|navbar|sidebar|skip-link",
    re.I)
_BLOCKS = ("p", "li", "dt", "dd", "tr", "blockquote", "pre", "figcaption", "caption", "td", "th", "address")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Everything that starts a new line of text: blocks above plus containers.
_BLOCK_LEVEL = frozenset({*_BLOCKS, *_HEADINGS, "div", "section", "article", "main", "ul", "ol", "dl",
                          "table", "thead", "tbody", "tfoot", "figure", "details", "summary", "hr", "body",
                          "html"})
_SPACES = re.compile(r"\s+")


def _flat_text(element) -> str:
    """Text of an element: inline tags glued ("na <strong>adres</strong>."), block children spaced."""
    from bs4 import Comment, NavigableString, Tag

    parts: list[str] = []
    for child in element.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag):
            text = _flat_text(child)
            parts.append(f" {text} " if child.name in _BLOCK_LEVEL else text)
    return "".join(parts)


def _emit(element, lines: list[str]) -> None:
    """Walk a container: loose text and text blocks become lines, containers are walked into."""
    from bs4 import Comment, NavigableString, Tag

    loose: list[str] = []

    def flush() -> None:
        text = _SPACES.sub(" ", "".join(loose)).strip()
        loose.clear()
        if text:
            lines.append(text)

    for child in element.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            loose.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        if child.name not in _BLOCK_LEVEL:
            loose.append(_flat_text(child))  # inline: part of the surrounding text
            continue
        flush()
        if child.name == "tr":
            cells = [_SPACES.sub(" ", _flat_text(c)).strip() for c in child.find_all(["td", "th"])]
            row = " | ".join(c for c in cells if c)
            if row:
                lines.append(row)
        elif child.name in _BLOCKS or child.name in _HEADINGS:
            text = _SPACES.sub(" ", _flat_text(child)).strip()
            if not text:
                continue
            if child.name in _HEADINGS:
                lines.append(f"{'#' * int(child.name[1])} {text}")
            elif child.name == "li":
                lines.append(f"- {text}")
            else:
                lines.append(text)
        else:
            _emit(child, lines)  # div, section, list, table …: its own text and blocks, in order
    flush()


def html_to_text(markup: str) -> tuple[str, str]:
    """Return ``(title, text)`` of an HTML page; headings as ``#`` lines, list items as ``- `` lines."""
    from bs4 import BeautifulSoup, Tag

    soup = BeautifulSoup(markup, "html.parser")
    page_title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for tag in soup.find_all(True):
        if not isinstance(tag, Tag) or tag.attrs is None:
            continue
        classes: Any = tag.get("class") or []
        marker = " ".join([*(classes if isinstance(classes, list) else [str(classes)]),
                           str(tag.get("id") or ""), str(tag.get("role") or "")])
        if tag.name not in ("html", "body", "main", "article") and _DROP_ATTRS.search(marker):
            tag.decompose()
    root = soup.find("main") or soup.find(role="main") or soup.find("article") or soup.body or soup

    for br in root.find_all("br"):
        br.replace_with(" ")
    lines: list[str] = []
    if root.find(sorted(_BLOCK_LEVEL - {"body", "html"})) is not None:
        _emit(root, lines)
    if not lines:  # no block structure: plain text of the content root
        lines = [line.strip() for line in root.get_text("\n").splitlines() if line.strip()]

    first_heading = next((line.lstrip("# ") for line in lines if line.startswith("# ")), "")
    title = first_heading or page_title.split("|")[0].split(" - ")[0].strip()
    return title, "\n".join(lines)
