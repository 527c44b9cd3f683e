"""Parse what a language model wrote into an answer body with ``[n]`` markers.

Models cite in many ways despite the prompt: ``[1, 2]``, ``[1][2]``,
``[1] [2]``, ``[1-3]``, ``[źródło 2]``, ``(źródło 1)``, ``(źródła 1 i 2)``.
:func:`parse_answer` rewrites every form to adjacent ``[1][2]`` markers,
drops numbers outside ``1..n_sources`` (a model citing source 7 of 3 made it
up), moves a marker written after the sentence's full stop in front of it (so
the sentence splitter keeps it with its sentence) and detects the abstention
token. Reasoning blocks (``<think>…</think>``) of reasoning models are removed.

>>> parsed = parse_answer("Masz 14 dni na zwrot (źródło 1). Formularz jest w zakładce Zamówienia. [2, 7]",
...                       n_sources=2)
>>> parsed.body, parsed.cited, parsed.invalid_markers
('Masz 14 dni na zwrot [1]. Formularz jest w zakładce Zamówienia [2].', [1, 2], [7])
>>> parse_answer("BRAK_ODPOWIEDZI", n_sources=2).abstained
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["ParsedAnswer", "clean_rewrite", "normalize_citations", "parse_answer"]

_NUMBERS = r"\d+(?:\s*(?:,|;|-|–|\bi\b|\boraz\b|\band\b)\s*\d+)*"
_SOURCE_WORD = r"(?:źródł[oaeu]|zrodl[oaeu]|źr\.|sources?|src)"
# "[1]", "[1, 2]", "[1-3]", "[źródło 2]"; in parentheses only with the word: "(1)" is often a list item.
_MARKER = re.compile(
    rf"\[\s*(?:{_SOURCE_WORD}\s*:?\s*)?(?P<bracket>{_NUMBERS})\s*\]"
    rf"|\(\s*{_SOURCE_WORD}\s*:?\s*(?:nr\.?\s*)?(?P<paren>{_NUMBERS})\s*\)",
    re.IGNORECASE,
)
_SPLIT_NUMBERS = re.compile(r"\s*(?:,|;|\bi\b|\boraz\b|\band\b)\s*", re.IGNORECASE)
_RANGE = re.compile(r"^(\d+)\s*[-–]\s*(\d+)$")
_MAX_RANGE = 20  # "[1-3]" is three sources; "[1-1000]" is not a citation
# A marker group written after the sentence's end: "dni. [1]" -> "dni [1]."
_AFTER_STOP = re.compile(r"(?P<stop>[.!?…]+)(?P<close>[\"”’)]*)[ \t]*(?P<group>(?:\[\d+\])+)")
_THINK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
# "Odpowiedź:", "**Odpowiedź:**", "**Odpowiedź**:"
_LABEL_END = r"\s*(?::\s*(?:\*\*)?|\*\*\s*:)\s*"
_LABEL = re.compile(rf"^\s*(?:\*\*)?(?:odpowiedź|odpowiedz|answer){_LABEL_END}", re.IGNORECASE)
_SPACES = re.compile(r"[ \t]+")


@dataclass(frozen=True)
class ParsedAnswer:
    """A model's answer after parsing.

    ``cited`` lists the valid source numbers in order of first use;
    ``invalid_markers`` the numbers outside ``1..n_sources`` that were dropped.
    ``abstained`` is true when the model wrote the abstention token (``body``
    is then empty); ``empty`` when it wrote nothing usable.

    >>> ParsedAnswer(body="", abstained=False).empty
    True
    """

    body: str
    cited: list[int] = field(default_factory=list)
    invalid_markers: list[int] = field(default_factory=list)
    abstained: bool = False

    @property
    def empty(self) -> bool:
        """No answer and no abstention: the model failed to say anything."""
        return not self.body and not self.abstained


def _numbers(spec: str) -> list[int]:
    numbers: list[int] = []
    for part in _SPLIT_NUMBERS.split(spec.strip()):
        span = _RANGE.match(part)
        if span:
            start, end = int(span.group(1)), int(span.group(2))
            if start <= end and end - start <= _MAX_RANGE:
                numbers.extend(range(start, end + 1))
            else:
                numbers.extend((start, end))
        elif part.strip().isdigit():
            numbers.append(int(part))
    return numbers


def normalize_citations(text: str, n_sources: int) -> tuple[str, list[int], list[int]]:
    """Rewrite every citation form to ``[a][b]``; return (text, cited, invalid numbers).

    Adjacent markers merge into one group without repeats, and a group is
    separated from the preceding word by one space.

    >>> normalize_citations("Masz 14 dni [1] [1,2].", n_sources=3)
    ('Masz 14 dni [1][2].', [1, 2], [])
    >>> normalize_citations("Kod przychodzi SMS-em[źródło 3][0].", n_sources=3)
    ('Kod przychodzi SMS-em [3].', [3], [0])
    """
    pieces: list[str] = []
    cited: list[int] = []
    invalid: list[int] = []
    position = 0
    matches = list(_MARKER.finditer(text))
    index = 0
    while index < len(matches):
        # A run of markers separated only by spaces is one group: "[1] [2]", "[1][2]".
        run = [matches[index]]
        while index + 1 < len(matches) and not text[run[-1].end() : matches[index + 1].start()].strip():
            index += 1
            run.append(matches[index])
        index += 1
        group: list[int] = []
        for match in run:
            for number in _numbers(match.group("bracket") or match.group("paren")):
                if not 1 <= number <= n_sources:
                    if number not in invalid:
                        invalid.append(number)
                elif number not in group:
                    group.append(number)
        before = text[position : run[0].start()].rstrip(" \t")
        pieces.append(before)
        if group:
            separator = " " if before and not before.endswith(("\n", "(", "[")) else ""
            pieces.append(separator + "".join(f"[{number}]" for number in group))
            cited.extend(number for number in group if number not in cited)
        position = run[-1].end()
    pieces.append(text[position:])
    return "".join(pieces), cited, invalid


def _move_markers_before_stop(text: str) -> str:
    return _AFTER_STOP.sub(lambda m: f" {m.group('group')}{m.group('stop')}{m.group('close')}", text)


def parse_answer(text: str, n_sources: int, abstain_token: str = "BRAK_ODPOWIEDZI") -> ParsedAnswer:
    """Parse a model's raw answer: abstention, citation markers, labels and spacing.

    The abstention token counts wherever it appears, written with an
    underscore or a space, in capitals (``BRAK ODPOWIEDZI``) or with an
    underscore in any case (``brak_odpowiedzi``): a natural phrase such as
    "brak odpowiedzi od kuriera" is not an abstention.

    >>> parse_answer("Nie wiem. **BRAK ODPOWIEDZI**", n_sources=3).abstained
    True
    >>> parse_answer("W razie braku odpowiedzi od kuriera prosimy o kontakt [1].", n_sources=1).abstained
    False
    >>> parse_answer("<think>Źródło 1 mówi o zwrotach.</think>Odpowiedź: Masz 14 dni [1].", 1).body
    'Masz 14 dni [1].'
    """
    cleaned = _THINK.sub("", text or "")
    if re.search(r"<think>", cleaned, re.IGNORECASE):
        cleaned = ""  # reasoning cut off by max tokens: no answer was written
    if _abstains(cleaned, abstain_token):
        return ParsedAnswer(body="", abstained=True)
    cleaned = _LABEL.sub("", cleaned.strip()).strip().strip('"„”').strip()
    body, _, invalid = normalize_citations(cleaned, n_sources)
    body = _move_markers_before_stop(body)
    body = "\n".join(_SPACES.sub(" ", line).strip() for line in body.splitlines())
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    body = re.sub(r" +([.,;:!?])", r"\1", body)
    cited: list[int] = []
    for number in re.findall(r"\[(\d+)\]", body):
        if int(number) not in cited:
            cited.append(int(number))
    return ParsedAnswer(body=body, cited=cited, invalid_markers=invalid)


def _abstains(text: str, token: str) -> bool:
    if not token:
        return False
    exact = re.escape(token)
    spaced = r"[_\s]+".join(re.escape(part) for part in re.split(r"[_\s]+", token) if part)
    if re.search(exact, text, re.IGNORECASE) and ("_" in token):
        return True
    return re.search(rf"(?<!\w){spaced}(?!\w)", text) is not None


_REWRITE_LABEL = re.compile(
    rf"^\s*(?:\*\*)?(?:samodzielne\s+pytanie|pytanie|przepisane\s+pytanie|question){_LABEL_END}",
    re.IGNORECASE,
)
_MAX_REWRITE_CHARS = 500


def clean_rewrite(text: str, abstain_token: str = "BRAK_ODPOWIEDZI") -> str | None:
    """The standalone question from a rewrite answer, or ``None`` when there is none.

    Takes the first non-empty line, drops a "Pytanie:" label, quotes and
    citation markers; rejects an abstention and anything longer than a
    question could be.

    >>> clean_rewrite('Samodzielne pytanie: „Ile kosztuje dostawa do Paczkomatu InPost?”')
    'Ile kosztuje dostawa do Paczkomatu InPost?'
    >>> clean_rewrite("<think>klient pyta o paczkomat</think>\\n") is None
    True
    """
    cleaned = _THINK.sub("", text or "")
    if re.search(r"<think>", cleaned, re.IGNORECASE) or _abstains(cleaned, abstain_token):
        return None
    lines = [line.strip() for line in cleaned.splitlines() if line.strip()]
    if not lines:
        return None
    question = _REWRITE_LABEL.sub("", lines[0]).strip().strip("\"'„”“`*").strip()
    question = _SPACES.sub(" ", _MARKER.sub("", question)).strip()
    if not question or len(question) > _MAX_REWRITE_CHARS:
        return None
    return question


def strip_reasoning(text: str) -> str:
    """``text`` without ``<think>…</think>`` blocks (nothing left when the reasoning was cut off).

    >>> strip_reasoning("<think>źródło mówi o Czechach</think> NIE")
    ' NIE'
    """
    cleaned = _THINK.sub("", text)
    return "" if re.search(r"<think>", cleaned, re.IGNORECASE) else cleaned
