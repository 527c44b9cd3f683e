"""Take a composed chat reply apart: opening, notice, answer, handover, sign-off.

pomocbot composes a chat reply as lines (see
:meth:`pomocbot.drafting.persona.Persona.compose` and
:func:`pomocbot.pipeline.compose.compose_text`): the greeting and the bot
disclosure on the first line of a conversation, an optional notice (a
message in another language), the answer, the handover message of an
escalation, and the sign-off. Channels keep, drop or reshape each part, so
the renderers first find them again. The phrases are recognised by how they
begin; the patterns below mirror ``drafting/persona.py`` and
``escalate/policy.py`` (``tests/channels/test_parts.py`` checks them against
the messages those modules really write).

>>> parts = split_reply("Dzień dobry! Jestem automatycznym asystentem.\\nZwrot jest bezpłatny [1].\\n"
...                     "Czy mogę jeszcze w czymś pomóc?")
>>> parts.greeting, parts.disclosure, parts.body, parts.sign_off
('Dzień dobry!', 'Jestem automatycznym asystentem.', ['Zwrot jest bezpłatny [1].'], \
'Czy mogę jeszcze w czymś pomóc?')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pomocbot.config import PersonaConfig, Register
from pomocbot.drafting.persona import Persona
from pomocbot.text.sentences import split_sentences

__all__ = ["ReplyParts", "is_handover_sentence", "sentences", "split_reply"]

_DISCLOSURE = re.compile(r"(?:Nazywam się .{1,60}? i jestem|Jestem) automatycznym asystentem[^.]*\.")
_NOTICE = re.compile(r"^Odpowiadam(?:y)? po polsku\b")
# The first words of every sentence the escalation policy writes for the customer.
_HANDOVER = re.compile(
    r"^(?:Przepraszam(?:y)? za kłopot|Przekazuję rozmowę|Przekażę\b|Przekażemy\b"
    r"|Nie (?:musi|musisz|muszą)\b.*powtarzać|Jeśli (?:jest Pan|jesteś|są Państwo) w niebezpieczeństwie"
    r"|Bardzo (?:mi|nam) przykro|Konsultant (?:odezwie|oddzwoni|odpowie)|Teraz jesteśmy poza godzinami)")
_MARKER = re.compile(r"\s*\[\d+\]")


@dataclass
class ReplyParts:
    """The parts of one composed reply; ``body`` and ``handover`` are lists of lines (paragraphs)."""

    greeting: str = ""
    disclosure: str = ""
    notice: str = ""
    body: list[str] = field(default_factory=list)
    handover: list[str] = field(default_factory=list)
    sign_off: str = ""


def _known_phrases(persona: PersonaConfig | None) -> tuple[set[str], set[str]]:
    """Greetings and sign-offs of every register, and the configured ones."""
    greetings, sign_offs = set(), set()
    for register in Register:
        phrases = Persona(PersonaConfig(register=register)).phrases
        greetings.add(phrases.greeting)
        sign_offs.add(phrases.sign_off)
    if persona is not None:
        configured = Persona(persona)
        greetings.add(configured.greeting())
        sign_offs.add(configured.sign_off())
    greetings |= {re.sub(r"!+$", ".", g) for g in greetings}  # the sombre form
    return {g for g in greetings if g}, {s for s in sign_offs if s}


def is_handover_sentence(sentence: str) -> bool:
    """True for a sentence of the escalation policy's message to the customer.

    >>> is_handover_sentence("Przekazuję rozmowę konsultantowi, który zaraz dołączy.")
    True
    >>> is_handover_sentence("Zwrot przyjmiemy w ciągu 14 dni.")
    False
    """
    return bool(_HANDOVER.match(sentence.strip()))


def split_reply(text: str, persona: PersonaConfig | None = None) -> ReplyParts:
    """The parts of a chat reply composed by pomocbot (text not composed by it is all ``body``)."""
    greetings, sign_offs = _known_phrases(persona)
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    parts = ReplyParts()
    if lines:
        first = lines[0]
        greeting = next((g for g in sorted(greetings, key=len, reverse=True) if first.startswith(g)), "")
        rest = first[len(greeting):].strip()
        disclosure = _DISCLOSURE.match(rest)
        if greeting or disclosure:
            parts.greeting = greeting
            if disclosure:
                parts.disclosure = disclosure.group()
                rest = rest[disclosure.end():].strip()
            lines = ([rest] if rest else []) + lines[1:]
    if lines and lines[-1] in sign_offs:
        parts.sign_off = lines.pop()
    for line in lines:
        if _NOTICE.match(line) and not parts.body:
            parts.notice = line
        elif parts.handover or is_handover_sentence(line):
            parts.handover.append(line)
        else:
            parts.body.append(line)
    return parts


def sentences(text: str) -> list[str]:
    """Polish sentences of ``text`` (abbreviations such as "np.", "godz." do not end one)."""
    return [s.strip() for s in split_sentences(text) if s.strip()]


def without_markers(text: str) -> str:
    """``text`` without ``[n]`` citation markers.

    >>> without_markers("Zwrot jest bezpłatny [1]. Kurier [2][3] przyjedzie.")
    'Zwrot jest bezpłatny. Kurier przyjedzie.'
    """
    return _MARKER.sub("", text)
