"""Polish sentence splitting that survives abbreviations.

A full stop ends a sentence only when the next word starts one (capital letter,
digit, quote or bracket) and the word before it is not an abbreviation that
is always followed by more text: "ul. Składowa 12", "np. BLIK", "godz. 13:00",
"art. 15", "tzw. rękojmia", "nr 5". Dates ("1.05.2026") and decimals ("19.99")
never split because no space follows the dot. Blank lines and list items always
start a new sentence.

>>> split_sentences("Odbiór: ul. Składowa 12, godz. 9-18. Koszt to 0 zł. Np. BLIK też działa.")
['Odbiór: ul. Składowa 12, godz. 9-18.', 'Koszt to 0 zł.', 'Np. BLIK też działa.']
>>> split_sentences("Zgodnie z art. 15 RODO masz prawo dostępu. Odpowiemy do 3.05.2026 r. w e-mailu.")
['Zgodnie z art. 15 RODO masz prawo dostępu.', 'Odpowiemy do 3.05.2026 r. w e-mailu.']
"""

from __future__ import annotations

import re

__all__ = ["NON_FINAL_ABBREVIATIONS", "sentence_spans", "split_sentences"]

# Abbreviations that are never the last word of a sentence: a capital after
# them ("ul. Składowa", "np. BLIK", "dr Nowak") does not start a new sentence.
# Lower-case, without the dot. Abbreviations that can end a sentence ("itd.",
# "itp.", "r." for "roku", "zł", "gr", "tys.", "mln") are deliberately not here.
NON_FINAL_ABBREVIATIONS: frozenset[str] = frozenset(
    """
    ul al os pl np tzw godz nr art ust pkt par poz tj tel wg ok ds zob por m.in min
    dr prof mgr inż hab lek płk gen ks św red tłum im przyp kol pn wt śr czw pt sob ndz
    pon niedz sb ndz lit rozdz str s tab rys wyd t zał ww jw tzn ob mies
    woj pow gm m st sp nt dot wz bł b.d
    """.split()
)

_CANDIDATE = re.compile(r"[.!?…]+[\"'”»)]*(?=\s)")
_NEXT_STARTS_SENTENCE = re.compile(r"\s+[\"'„«(\[]?[A-ZĄĆĘŁŃÓŚŹŻ0-9]")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_LOOK_BEHIND = 32
_LIST_NUMBER = re.compile(r"^\s*\d{1,3}$")
_HARD_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*•–]\s|\d{1,2}[.)]\s))")


def _is_abbreviation(text: str, dot_index: int) -> bool:
    # Look just behind the dot: searching from the start of the block made
    # splitting quadratic in its length. A match that reaches the window's
    # left edge may be part of a longer run, so only then search it all.
    window = max(0, dot_index - _LOOK_BEHIND)
    match = _WORD_BEFORE.search(text, window, dot_index)
    if match and match.start() == window > 0:
        match = _WORD_BEFORE.search(text, 0, dot_index)
    if not match:
        return False
    word = match.group(1).lower()
    if word in NON_FINAL_ABBREVIATIONS or word.rstrip(".") in NON_FINAL_ABBREVIATIONS:
        return True
    # A single capital letter is an initial ("J. Kowalski"), not a sentence end.
    return len(word) == 1 and match.group(1).isupper()


def _split_block(text: str, offset: int, spans: list[tuple[int, int]]) -> None:
    start = 0
    for match in _CANDIDATE.finditer(text):
        end = match.end()
        if not _NEXT_STARTS_SENTENCE.match(text, end):
            continue
        # A lone dot after "ul." ("ul. Składowa") or a list number ("1. Zaloguj się.") ends nothing.
        if text[match.start()] == "." and match.end() - match.start() == 1 and (
            _is_abbreviation(text, match.start()) or _LIST_NUMBER.match(text, start, match.start())
        ):
            continue
        _add_span(text, start, end, offset, spans)
        start = end
    _add_span(text, start, len(text), offset, spans)


def _add_span(text: str, start: int, end: int, offset: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((offset + start, offset + end))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text``, in order.

    >>> sentence_spans("Tak. Nie.")
    [(0, 4), (5, 9)]
    """
    spans: list[tuple[int, int]] = []
    block_start = 0
    for brk in _HARD_BREAK.finditer(text):
        _split_block(text[block_start : brk.start()], block_start, spans)
        block_start = brk.end()
    _split_block(text[block_start:], block_start, spans)
    return spans


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` with inner line breaks and runs of spaces collapsed."""
    return [" ".join(text[start:end].split()) for start, end in sentence_spans(text)]
