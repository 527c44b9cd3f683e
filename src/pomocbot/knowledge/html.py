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

__all__ = ["html_to_text"]

_DROP = ("script", "style", "noscript", "template", "iframe", "svg", "nav", "header", "footer",
         "aside", "form", "button", "dialog")
_DROP_ATTRS = re.compile(
    r"cookies?[-_]?(banner|consent|bar|notice|popup|modal)|\bbanner\b|breadcrumb|\bmenu\b|navbar|sidebar|skip-link",
    re.I)
_BLOCKS = ("p", "li", "dt", "dd", "tr", "blockquote", "pre", "figcaption", "caption", "td", "th", "address")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_SPACES = re.compile(r"\s+")


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
        marker = " ".join([*tag.get("class", []), tag.get("id", "") or "", tag.get("role", "") or ""])
        if tag.name not in ("html", "body", "main", "article") and _DROP_ATTRS.search(marker):
            tag.decompose()
    root = soup.find("main") or soup.find(attrs={"role": "main"}) or soup.find("article") or soup.body or soup

    for br in root.find_all("br"):
        br.replace_with(" ")
    lines: list[str] = []
    for element in root.find_all([*_HEADINGS, *_BLOCKS, "div"]):
        if element.find_parent(_BLOCKS) is not None and element.name not in ("td", "th"):
            continue  # nested block: its text is part of the enclosing block
        if element.name in ("td", "th"):
            continue  # cells are rendered with their row
        if element.name == "div" and element.find([*_HEADINGS, *_BLOCKS, "div"]) is not None:
            continue  # only leaf divs carry text of their own
        if element.name == "tr":
            cells = [c.get_text(" ", strip=True) for c in element.find_all(["td", "th"])]
            text = " | ".join(c for c in cells if c)
        else:
            # No separator: inline tags ("na <strong>adres</strong>.") must not gain spaces.
            text = element.get_text("")
        text = _SPACES.sub(" ", text).strip()
        if not text:
            continue
        if element.name[0] == "h" and element.name[1:].isdigit():
            lines.append(f"{'#' * int(element.name[1])} {text}")
        elif element.name == "li":
            lines.append(f"- {text}")
        else:
            lines.append(text)
    if not lines:  # no block structure: plain text of the content root
        lines = [line.strip() for line in root.get_text("\n").splitlines() if line.strip()]

    first_heading = next((line.lstrip("# ") for line in lines if line.startswith("# ")), "")
    title = first_heading or page_title.split("|")[0].split(" - ")[0].strip()
    return title, "\n".join(lines)
