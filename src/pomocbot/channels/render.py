"""One reply, written for the channel the customer uses.

pomocbot composes a reply for chat (see :mod:`pomocbot.channels.parts`);
:func:`render` reshapes it. Per channel:

- ``chat``: unchanged.
- ``email``: "Dzień dobry," (or the register's salutation), the disclosure and
  each answer line as paragraphs, list items on their own lines, the handover,
  the sign-off, a closing with the bot's and the company's name, then
  "Źródła:" numbered as the ``[n]`` markers (renumbered by first use), with the
  URL when the citation's source is one.
- ``sms``: see :mod:`pomocbot.channels.sms` (ASCII, at most three segments).
- ``messenger`` / ``whatsapp``: no markers, headings, tables or emphasis; the
  opening, the answer (at most :data:`CHAT_APP_MAX_SENTENCES` sentences), the
  handover or sign-off: three short paragraphs, then "Źródło: <title>".
- ``voice``: see :mod:`pomocbot.channels.voice` (every number a word, no symbols).

>>> from pomocbot.types import Citation
>>> text = ("Dzień dobry! Jestem automatycznym asystentem.\\nZwrot jest bezpłatny [1].\\n"
...         "Czy mogę jeszcze w czymś pomóc?")
>>> cites = [Citation(number=1, doc_id="zwroty", chunk_id="zwroty#0", title="Zwroty", quote="...",
...                   source="https://modrzew.example/zwroty")]
>>> print(render(text, Channel.EMAIL, citations=cites))
Dzień dobry,
<BLANKLINE>
Jestem automatycznym asystentem.
<BLANKLINE>
Zwrot jest bezpłatny [1].
<BLANKLINE>
Czy mogę jeszcze w czymś pomóc?
<BLANKLINE>
Z poważaniem
Automatyczny asystent
<BLANKLINE>
Źródła:
[1] Zwroty — https://modrzew.example/zwroty
>>> render(text, "sms")
'Zwrot jest bezplatny.'
>>> print(render(text, "whatsapp", citations=cites))
Dzień dobry! Jestem automatycznym asystentem.
<BLANKLINE>
Zwrot jest bezpłatny.
<BLANKLINE>
Czy mogę jeszcze w czymś pomóc?
Źródło: Zwroty
>>> print(render("Zwrot kosztuje 19,99 zł [1] i trwa 14 dni.", "voice"))
Zwrot kosztuje dziewiętnaście złotych dziewięćdziesiąt dziewięć groszy i trwa czternaście dni.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pomocbot.channels.base import Channel, channel_of
from pomocbot.channels.parts import ReplyParts, sentences, split_reply, without_markers
from pomocbot.channels.sms import shorten_sms
from pomocbot.channels.voice import speak
from pomocbot.config import PersonaConfig, Register
from pomocbot.types import Citation

__all__ = ["CHAT_APP_MAX_SENTENCES", "render"]

CHAT_APP_MAX_SENTENCES = 3  # a phone screen: about three short sentences before "read more"
_SALUTATION = {Register.PAN: "Dzień dobry,", Register.TY: "Cześć,", Register.PANSTWO: "Szanowni Państwo,"}
_CLOSING = {Register.PAN: "Z poważaniem", Register.TY: "Pozdrawiam", Register.PANSTWO: "Z poważaniem"}
_MARKER = re.compile(r"\[(\d+)\]")
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_INLINE_ITEM = re.compile(r"(?:(?<=:)|(?<=,)|(?<=\.)|^)\s*[-–•]\s+(?=\S)")
_MARKDOWN = re.compile(r"(?m)^\s{0,3}#{1,6}\s+|\*\*|__|`|^\s*\|.*\|\s*$|^\s*[-:|]{3,}\s*$")


def render(text: str, channel: Channel | str, *, citations: Sequence[Citation] = (),
           persona: PersonaConfig | None = None) -> str:
    """``text`` (a reply pomocbot composed for chat) in the form of ``channel``.

    ``citations`` are the reply's sources (``reply.citations``); ``persona``
    the assistant's :class:`~pomocbot.config.PersonaConfig` (its register,
    greeting, sign-off, bot and company name). Pure and fast: no model is loaded.
    """
    channel = channel_of(channel)
    if channel is Channel.CHAT:
        return text
    parts = split_reply(text, persona)
    if channel is Channel.EMAIL:
        return _email(parts, citations, persona or PersonaConfig())
    if channel is Channel.SMS:
        return shorten_sms("\n".join(parts.body), "\n".join(parts.handover))
    if channel is Channel.VOICE:
        return speak(text)
    return _chat_app(parts, citations)


def _renumber(parts: ReplyParts, citations: Sequence[Citation]) -> tuple[dict[int, int], list[Citation]]:
    """New numbers by first use in the text; citations never marked keep their order after them."""
    by_number = {c.number: c for c in citations}
    mapping: dict[int, int] = {}
    listed: list[Citation] = []
    for line in parts.body + parts.handover:
        for match in _MARKER.finditer(line):
            number = int(match.group(1))
            if number in by_number and number not in mapping:
                mapping[number] = len(listed) + 1
                listed.append(by_number[number])
    listed += [c for c in citations if c.number not in mapping]
    return mapping, listed


def _paragraph(line: str) -> str:
    """A body line as an e-mail paragraph; an inline list ("podać: - a, - b") one item a line."""
    if len(_INLINE_ITEM.findall(line)) < 2:
        return line
    pieces = [p.strip().rstrip(",") for p in _INLINE_ITEM.split(line) if p.strip()]
    return "\n".join([pieces[0]] + [f"- {p}" for p in pieces[1:]]) if pieces else line


def _email(parts: ReplyParts, citations: Sequence[Citation], persona: PersonaConfig) -> str:
    mapping, listed = _renumber(parts, citations)

    def markers(line: str) -> str:
        def renumbered(match: re.Match[str]) -> str:
            number = int(match.group(1))
            return f"[{mapping[number]}]" if number in mapping else ""

        line = _MARKER.sub(renumbered, line)
        return re.sub(r"\s+([.,;:])", r"\1", line).strip()

    if persona.greeting:
        salutation = re.sub(r"[!.]+$", ",", persona.greeting.strip())
    else:
        salutation = _SALUTATION[persona.register]
    paragraphs = [salutation]
    paragraphs += [p for p in (parts.disclosure, parts.notice) if p]
    paragraphs += [_paragraph(markers(line)) for line in parts.body]
    paragraphs += [markers(line) for line in parts.handover]
    if parts.sign_off:
        paragraphs.append(parts.sign_off)
    name = persona.bot_name.strip()
    company = f" sklepu {persona.company_name}" if persona.company_name else ""
    who = f"Automatyczny asystent{company}" if name.lower() == "asystent" else \
        f"{name}\nautomatyczny asystent{company}"
    paragraphs.append(f"{_CLOSING[persona.register]}\n{who}")
    if listed:
        lines = ["Źródła:"]
        for number, citation in enumerate(listed, start=1):
            source = citation.source or ""
            url = f" — {source}" if _URL.match(source) else ""
            lines.append(f"[{number}] {citation.title}{url}")
        paragraphs.append("\n".join(lines))
    return "\n\n".join(p for p in paragraphs if p)


def _chat_app(parts: ReplyParts, citations: Sequence[Citation]) -> str:
    def plain(line: str) -> str:
        line = _MARKDOWN.sub("", without_markers(line))
        return " ".join(line.split())

    opening = " ".join(p for p in (parts.greeting, parts.disclosure) if p)
    body = [s for line in [parts.notice, *parts.body] if line for s in sentences(plain(line))]
    answer = " ".join(body[:CHAT_APP_MAX_SENTENCES])
    closing = " ".join(plain(line) for line in parts.handover) or parts.sign_off
    text = "\n\n".join(p for p in (opening, answer, closing) if p)
    titles = list(dict.fromkeys(c.title for c in citations))[:2]
    if titles:
        text += ("\nŹródło: " if len(titles) == 1 else "\nŹródła: ") + "; ".join(titles)
    return text
