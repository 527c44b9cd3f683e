"""A customer's e-mail as the text to answer: MIME decoded, HTML to text, quotes and signature removed.

MIME comes apart with the standard library's :mod:`email` package
(multipart, base64 and quoted-printable, RFC 2047 subjects). The charset a
part declares is tried first, then utf-8, cp1250 and iso-8859-2 (the
Windows and ISO encodings of Polish); a declared charset that decodes
without error but gives mojibake ("zwrÃ³t", "prosz¹") loses to one that
gives Polish letters, and the switch is reported in ``problems``.

HTML-only mails are read with BeautifulSoup (already a dependency): it lets
us drop the quoted message by structure before taking the text (Gmail's
``div.gmail_quote``, ``<blockquote>``, Outlook's ``#divRplyFwdMsg`` and
``#appendonsend``, Thunderbird's ``.moz-cite-prefix``, Yahoo's
``.yahoo_quoted``). ``html2text`` would give nicer Markdown, but it is
GPL-3.0, which an Apache-2.0 library cannot depend on, and Markdown is not
what the assistant reads. Quotes, signatures and disclaimers in the text
are then removed by :func:`pomocbot.channels.email_quotes.strip_extras`.

>>> raw = ("From: Jan Testowy <jan@example.com>\\nSubject: =?utf-8?q?Zwrot_but=C3=B3w?=\\n"
...        "Content-Type: text/plain; charset=utf-8\\n\\nCzy mogę zwrócić buty?\\n\\nPozdrawiam\\nJan\\n")
>>> mail = clean_email(raw)
>>> mail.subject, mail.text, [r.kind for r in mail.removed]
('Zwrot butów', 'Czy mogę zwrócić buty?', ['signature'])
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import Message

from pydantic import BaseModel, ConfigDict, Field

from pomocbot.channels.email_quotes import strip_extras

__all__ = ["CleanEmail", "RemovedPart", "clean_email"]

FALLBACK_CHARSETS = ("utf-8", "cp1250", "iso-8859-2")
_POLISH = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
# What Polish letters look like when read in the wrong code page (utf-8 as latin-1, cp1250 as latin-1, ...).
_MOJIBAKE = re.compile(r"Ã.|Å.|Ä.|Ĺ.|Ă.|[¹³¿¥ª¯œŸ\ufffd]")
_HEADERS_START = re.compile(r"\A(?:[\w-]+:[^\n]*\n(?:[ \t][^\n]*\n)*)+\n", re.IGNORECASE)
_KNOWN_HEADER = re.compile(r"^(?:From|To|Subject|Date|Content-Type|MIME-Version|Message-ID|Od|Temat):",
                           re.IGNORECASE | re.MULTILINE)
_HTML_QUOTES = ("div.gmail_quote", "blockquote", "#divRplyFwdMsg", "#appendonsend", ".moz-cite-prefix",
                ".yahoo_quoted", "div.OutlookMessageHeader", "#mail-editor-reference-message-container")


class RemovedPart(BaseModel):
    """A part cut from the mail: ``kind`` is ``quote``, ``signature``, ``sent_from`` or ``disclaimer``.

    The text may hold personal data (a signature's phone number): keep it out of logs.
    """

    model_config = ConfigDict(frozen=True)

    kind: str
    text: str = Field(repr=False)


class CleanEmail(BaseModel):
    """The customer's own words (``text``), the subject, what was cut and what went wrong while reading."""

    model_config = ConfigDict(frozen=True)

    text: str
    subject: str = ""
    removed: tuple[RemovedPart, ...] = ()
    problems: tuple[str, ...] = ()


def _score(text: str) -> int:
    return len(_POLISH.findall(text)) - 3 * len(_MOJIBAKE.findall(text))


def decode_payload(payload: bytes, declared: str | None) -> tuple[str, str | None]:
    """``payload`` as text and a problem (``None`` when the declared charset was right).

    >>> decode_payload("Proszę o zwrot".encode("cp1250"), "iso-8859-1")
    ('Proszę o zwrot', "declared charset 'iso-8859-1' gives garbled text; read as cp1250")
    >>> decode_payload("Proszę".encode("utf-8"), None)
    ('Proszę', None)
    """
    candidates: list[tuple[str, str]] = []
    declared_ok = False
    names = ([declared] if declared else []) + [c for c in FALLBACK_CHARSETS if c != (declared or "").lower()]
    unknown = None
    for name in names:
        try:
            candidates.append((name, payload.decode(name)))
            declared_ok = declared_ok or name == declared
        except LookupError:
            unknown = name
        except UnicodeDecodeError:
            continue
    if not candidates:
        return payload.decode("utf-8", errors="replace"), (
            f"no charset of {', '.join(names)} decodes the text; undecodable bytes replaced")
    best_name, best = max(candidates, key=lambda c: _score(c[1]))  # max keeps the first of equal scores
    if declared_ok and _score(candidates[0][1]) >= _score(best):
        return candidates[0][1], None
    if not declared:
        return best, None if best_name == "utf-8" else f"no charset declared; read as {best_name}"
    if unknown == declared:
        return best, f"unknown charset {declared!r}; read as {best_name}"
    why = "gives garbled text" if declared_ok else "does not decode"
    return best, f"declared charset {declared!r} {why}; read as {best_name}"


def _html_to_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head"]):
        tag.decompose()
    for selector in _HTML_QUOTES:
        for tag in soup.select(selector):
            # Outlook: the quoted header div and everything after it in the body
            if selector in ("#divRplyFwdMsg", "#appendonsend"):
                for sibling in list(tag.find_next_siblings()):
                    sibling.decompose()
            tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(["p", "div", "li", "tr", "h1", "h2", "h3", "table"]):
        block.insert_before("\n")
        block.insert_after("\n")
    return soup.get_text()


def _as_message(raw: str | bytes | Message) -> Message | None:
    if isinstance(raw, Message):
        return raw
    if isinstance(raw, bytes):
        return email.message_from_bytes(raw, policy=email.policy.default)
    if _HEADERS_START.match(raw) and _KNOWN_HEADER.search(raw.split("\n\n", 1)[0]):
        # As bytes: the stdlib would read a non-ASCII str body as raw-unicode-escape, not as text.
        return email.message_from_bytes(raw.encode("utf-8", errors="surrogateescape"),
                                        policy=email.policy.default)
    return None  # only a body was given


def _body(message: Message, problems: list[str]) -> str:
    plain, html, skipped = [], [], 0
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        if part.get_content_disposition() == "attachment" or kind not in ("text/plain", "text/html"):
            skipped += kind not in ("text/plain", "text/html")
            continue
        payload = part.get_payload(decode=True) or b""
        text, problem = decode_payload(payload, part.get_content_charset())
        if problem:
            problems.append(f"{kind} part: {problem}")
        (plain if kind == "text/plain" else html).append(text)
    if skipped:
        problems.append(f"{skipped} non-text part(s) ignored (attachments)")
    if plain:
        return "\n\n".join(plain)
    if html:
        problems.append("HTML only: converted to text")
        return "\n\n".join(_html_to_text(h) for h in html)
    problems.append("no text part")
    return ""


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u200b", "")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def clean_email(raw: str | bytes | Message) -> CleanEmail:
    """The text to answer from a customer's e-mail (a whole message, its bytes, or only its body).

    >>> mail = clean_email("Kiedy przyjdzie paczka?\\n\\nWysłano z iPhone'a")
    >>> mail.text, [r.kind for r in mail.removed]
    ('Kiedy przyjdzie paczka?', ['sent_from'])
    """
    problems: list[str] = []
    message = _as_message(raw)
    if message is None:
        body, subject = str(raw), ""
    else:
        body = _body(message, problems)
        subject = " ".join(str(message.get("Subject", "") or "").split())
    text, removed = strip_extras(_normalise(body))
    parts = tuple(RemovedPart(kind=kind, text=part) for kind, part in removed)
    return CleanEmail(text=text, subject=subject, removed=parts, problems=tuple(problems))
