"""SMS: plain text that fits in at most three segments.

An SMS segment holds 160 GSM-7 characters, or 153 each when a message is
split in parts (7 septets go to the concatenation header); with a single
character outside GSM-7 (ETSI TS 123 038) the whole message is UCS-2: 70
characters, 67 per part. Polish diacritics (ą, ć, ę, ł, ń, ś, ź, ż; ó is
not in the GSM-7 table either) are all outside GSM-7, so one "ą" would cut
the room to less than half. We **transliterate to ASCII** ("Zwrot jest
bezpłatny" -> "Zwrot jest bezplatny"): Polish text without diacritics is
what people write in SMS anyway, stays readable, and gets 2.3x the room (3
segments: 459 characters instead of 201). :func:`segments` counts honestly
either way, so a caller that keeps diacritics (``transliterate=False``)
gets the UCS-2 budget.

What is kept, in this order of importance: the first sentence of the
answer, the first sentence of a handover (a customer must know a person is
coming), then the rest of the answer and the handover while they fit. The
greeting, the bot disclosure, the sign-off and ``[n]`` markers are left out
(an SMS thread already says who writes). A reply is cut only between
sentences; a single sentence too long for three segments is cut between
words with "...".

>>> shorten_sms("Zwrot jest bezpłatny [1]. Formularz znajdzie Pan/Pani w zakładce „Moje zamówienia”.")
'Zwrot jest bezplatny. Formularz znajdzie Pan/Pani w zakladce "Moje zamowienia".'
>>> segments("Zwrot jest bezpłatny."), segments("Zwrot jest bezplatny."), segments("x" * 161)
(1, 1, 2)
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["GSM7_BASIC", "GSM7_EXTENSION", "MAX_SEGMENTS", "is_gsm7", "segments", "shorten_sms",
           "sms_length", "transliterate"]

MAX_SEGMENTS = 3
# GSM 03.38 default alphabet (basic table) and the extension table (each costs 2 septets: ESC + char).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")
_SINGLE, _MULTI = {"gsm7": 160, "ucs2": 70}, {"gsm7": 153, "ucs2": 67}
# Polish letters and the typography pomocbot's texts use; the rest goes through NFKD (é -> e).
_ASCII = str.maketrans({
    "ą": "a", "ć": "c", "ę": "e", "ł": "l", "ń": "n", "ó": "o", "ś": "s", "ź": "z", "ż": "z",
    "Ą": "A", "Ć": "C", "Ę": "E", "Ł": "L", "Ń": "N", "Ó": "O", "Ś": "S", "Ź": "Z", "Ż": "Z",
    "„": '"', "”": '"', "“": '"', "»": '"', "«": '"', "‘": "'", "’": "'", "–": "-", "—": "-",
    "…": "...", "→": "->", "×": "x", "\u00a0": " ", "\u202f": " ", "•": "-", "€": "EUR",
})
_MARKER = re.compile(r"\s*\[\d+\]")


def transliterate(text: str) -> str:
    """``text`` in GSM-7 basic characters: Polish letters without diacritics, plain quotes and dashes.

    >>> transliterate("Żółć – „źdźbło” → 5 €")
    'Zolc - "zdzblo" -> 5 EUR'
    """
    text = text.translate(_ASCII)
    out = []
    for char in text:
        if char in GSM7_BASIC:
            out.append(char)
            continue
        folded = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        out.append(folded if folded and all(c in GSM7_BASIC for c in folded) else "")
    return "".join(out)


def is_gsm7(text: str) -> bool:
    """True when every character is in the GSM-7 basic or extension table."""
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def sms_length(text: str) -> tuple[int, str]:
    """Length in the units SMS counts, and the encoding: ``(septets, "gsm7")`` or ``(units, "ucs2")``.

    >>> sms_length("Cena: 5€"), sms_length("Cena: 5 zł")
    ((9, 'gsm7'), (10, 'ucs2'))
    """
    if is_gsm7(text):
        return sum(2 if c in GSM7_EXTENSION else 1 for c in text), "gsm7"
    return sum(2 if ord(c) > 0xFFFF else 1 for c in text), "ucs2"  # UTF-16 code units


def segments(text: str) -> int:
    """How many SMS segments ``text`` takes (0 for an empty text)."""
    length, encoding = sms_length(text)
    if length == 0:
        return 0
    if length <= _SINGLE[encoding]:
        return 1
    return -(-length // _MULTI[encoding])


def _fits(text: str, max_segments: int) -> bool:
    return segments(text) <= max_segments


def _cut_words(sentence: str, max_segments: int) -> str:
    """The longest start of ``sentence`` ending between words, with "..." (never mid-word)."""
    words = sentence.split()
    while words:
        candidate = " ".join(words).rstrip(",;:-") + "..."
        if _fits(candidate, max_segments):
            return candidate
        words.pop()
    return ""


def shorten_sms(body: str, handover: str = "", *, transliterate_text: bool = True,
                max_segments: int = MAX_SEGMENTS) -> str:
    """``body`` and ``handover`` (both already without greeting and sign-off) as one SMS.

    One segment (160 GSM-7 characters) when the important sentences fit in
    it; otherwise as many segments as they need, never more than
    ``max_segments``. Sentences are kept in their order; the ones that do not
    fit are left out.

    >>> text = shorten_sms("Zwrot jest bezpłatny [1]. Etykietę wygeneruje Pan/Pani w panelu [1]. "
    ...                    "Paczkę nada Pan/Pani w dowolnym Paczkomacie w Polsce, bez drukarki [1].",
    ...                    "Przekazuję rozmowę konsultantowi, który zaraz dołączy. Nie musi Pan/Pani "
    ...                    "niczego powtarzać.")
    >>> text
    'Zwrot jest bezplatny. Etykiete wygeneruje Pan/Pani w panelu. Przekazuje rozmowe konsultantowi, \
ktory zaraz dolaczy. Nie musi Pan/Pani niczego powtarzac.'
    >>> segments(text)
    1
    """
    from pomocbot.channels.parts import sentences

    def clean(text: str) -> str:
        text = _MARKER.sub("", text)
        text = re.sub(r"(?m)^\s*[-*•]\s+", "", text)
        text = re.sub(r"\s+-\s+(?=\w)", ", ", text)  # inline list items "a: - b, - c"
        text = " ".join(text.split())
        return transliterate(text) if transliterate_text else text

    answer = [clean(s) for s in sentences(body)]
    answer = [s if _fits(s, max_segments) else _cut_words(s, max_segments) for s in answer if s]
    handing = [clean(s) for s in sentences(handover)]
    handing = [s if _fits(s, max_segments) else _cut_words(s, max_segments) for s in handing if s]
    # Order of importance: first answer sentence, the handover's key sentence, then the rest in order.
    ranked: list[tuple[int, int]] = []  # (group, index): group 0 answer, 1 handover
    if answer:
        ranked.append((0, 0))
    key = next((i for i, s in enumerate(handing) if s.lower().startswith(("przekazuje", "przekaze"))), 0)
    if handing:
        ranked.append((1, key))
    ranked += [(0, i) for i in range(1, len(answer))]
    ranked += [(1, i) for i in range(len(handing)) if i != key]
    groups = (answer, handing)

    def assemble(chosen: set[tuple[int, int]]) -> str:
        picked = [groups[g][i] for g in (0, 1) for i in range(len(groups[g])) if (g, i) in chosen]
        return " ".join(picked)

    chosen: set[tuple[int, int]] = set()
    essentials = ranked[:2]
    for item in essentials:
        if _fits(assemble(chosen | {item}), max_segments):
            chosen.add(item)
    budget = max(1, segments(assemble(chosen)))
    for item in ranked[2:]:
        if _fits(assemble(chosen | {item}), budget):
            chosen.add(item)
    return assemble(chosen)
