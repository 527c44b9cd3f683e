"""Text of the main content of an HTML help-centre page.

Scripts, styles, navigation, headers, footers, forms and cookie banners are
dropped, and so is text a reader of the page never sees (``hidden``,
``aria-hidden="true"``, ``display: none``, ``visibility: hidden``,
``<noscript>``, ``<template>``): a knowledge base must not quote what the page
hides. The content of ``<main>``/``<article>``/``[role=main]`` is preferred
when present. Headings become Markdown headings so the chunker keeps sections;
every block element starts a new line, so two blocks never merge into one
sentence.

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
_BREAK = "\x1e"  # where a block element ends: a line break (newlines in the source are only spaces)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _is_hidden(tag) -> bool:
    if tag.attrs is None:
        return False
    if tag.has_attr("hidden") or str(tag.get("aria-hidden", "")).lower() == "true":
        return True
    return bool(_HIDDEN_STYLE.search(str(tag.get("style") or "")))


def _lines(text: str) -> list[str]:
    """Non-empty lines of ``text`` (split where blocks end), whitespace collapsed."""
    return [line for line in (_SPACES.sub(" ", part).strip() for part in text.split(_BREAK)) if line]


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
            parts.append(f"{_BREAK}{text}{_BREAK}" if child.name in _BLOCK_LEVEL else text)
    return "".join(parts)


def _emit(element, lines: list[str]) -> None:
    """Walk a container: loose text and text blocks become lines, containers are walked into."""
    from bs4 import Comment, NavigableString, Tag

    loose: list[str] = []

    def flush() -> None:
        lines.extend(_lines("".join(loose)))
        loose.clear()

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
        elif child.name in _HEADINGS:
            text = _SPACES.sub(" ", _flat_text(child)).strip()
            if text:
                lines.append(f"{'#' * int(child.name[1])} {text}")
        elif child.name in _BLOCKS:
            parts = _lines(_flat_text(child))  # blocks inside a block (<li><p>…</p><p>…</p></li>) keep apart
            if parts and child.name == "li":
                parts[0] = f"- {parts[0]}"
            lines.extend(parts)
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
    for tag in soup.find_all(_is_hidden):
        if not tag.decomposed:
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
