"""The draft's side of grounding: its sentences and markers, and the verified body built back.

:class:`~pomocbot.drafting.grounding.GroundingVerifier` reads a draft into
:class:`DraftSentence` records, checks each against groups of sources
(:class:`SentenceCheck`), then :func:`settle_short_answers` and
:func:`verified_result` decide what is kept and join it into a
:class:`GroundingResult`.

>>> marker_numbers("Zwrot w 14 dni [2][1]. Kurier [1, 3].")
(2, 1, 3)
>>> quote("Masz 14 dni na zwrot [1].")
'masz 14 dni na zwrot'
>>> refs((1, 3))
'[1][3]'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pomocbot.text.normalize import fold_diacritics
from pomocbot.text.polarity import PolarityConflict
from pomocbot.text.values import Value
from pomocbot.types import SentenceVerdict

__all__ = ["END", "MARKER", "DraftSentence", "GroundingResult", "SentenceCheck", "folded", "marker_numbers",
           "quote", "refs", "settle_short_answers", "verified_result"]

MARKER = re.compile(r"(\s*)((?:\[\d+(?:\s*,\s*\d+)*\])+)")  # a run of markers: "[1]", "[1][2]", "[1, 2]"
END = re.compile(r"[\s.!?…:;]*[\"'”»)]*\s*$")
_SEPARATORS = (" ", "\n", "\n\n")  # between kept sentences, by the strongest break between them
_LONE_SHORT = "krótka odpowiedź bez popartego zdania po niej"


@dataclass(frozen=True)
class GroundingResult:
    """The verified body, one verdict per sentence of the draft, and the numbers the body cites."""

    body: str
    verdicts: list[SentenceVerdict]
    kept_fraction: float
    cited: list[int]


@dataclass
class DraftSentence:
    """One sentence of the draft, its markers and what it states (filled in by the verifier)."""

    raw: str  # as written, invalid markers dropped
    text: str  # without markers
    markers: tuple[int, ...]
    paragraph: int
    gap: int  # break before it: 0 space, 1 line, 2 paragraph
    stems: frozenset[str] = frozenset()
    values: tuple[Value, ...] = ()
    short: bool = False


@dataclass
class SentenceCheck:
    """One sentence checked against one group of sources (``numbers``, 1-based)."""

    numbers: tuple[int, ...]
    overlap: float
    missing: list[Value]
    verbatim: bool = False
    dense: float | None = None
    conflict: PolarityConflict | None = None
    supported: bool = False  # set on the check chosen for the sentence, with the fields below
    added: bool = False  # no own marker: the body may need the source's marker
    reason: str = ""


def refs(numbers: Sequence[int]) -> str:
    """The markers of ``numbers``, as written into a body."""
    return "".join(f"[{n}]" for n in numbers)


def folded(text: str) -> str:
    """Lower case, no diacritics, single spaces: the form sentences are compared in."""
    return " ".join(fold_diacritics(text.lower()).split())


def quote(sentence: str) -> str:
    """A sentence without markers and final punctuation, folded: to find verbatim quotes."""
    return folded(END.sub("", MARKER.sub("", sentence)))


def marker_numbers(text: str) -> tuple[int, ...]:
    """The source numbers the markers of ``text`` cite, in order, each once."""
    return tuple(dict.fromkeys(int(n) for run in MARKER.finditer(text) for n in re.findall(r"\d+", run[2])))


def settle_short_answers(sentences: list[DraftSentence], choices: list[SentenceCheck]) -> None:
    """Keep a short answer ("Tak.") only right before a supported sentence of its paragraph."""
    for i, sentence in enumerate(sentences):
        if not sentence.short:
            continue
        after = sentences[i + 1] if i + 1 < len(sentences) else None
        if (after is not None and after.paragraph == sentence.paragraph and not after.short
                and choices[i + 1].supported and set(sentence.markers) <= set(choices[i + 1].numbers)):
            numbers = choices[i + 1].numbers
            reason = f"krótka odpowiedź przed zdaniem popartym przez {refs(numbers)}"
            choices[i] = SentenceCheck(numbers, 0.0, [], supported=True, added=not sentence.markers,
                                       reason=reason)
        else:
            choices[i] = SentenceCheck(sentence.markers, 0.0, [], reason=_LONE_SHORT)


def verified_result(sentences: list[DraftSentence], choices: list[SentenceCheck]) -> GroundingResult:
    """The kept sentences joined into a body (markers added where needed), with one verdict each."""
    kept = [c.supported for c in choices]
    seen: set[str] = set()
    for i, sentence in enumerate(sentences):
        key = folded(sentence.text)
        if kept[i] and key in seen:
            kept[i] = False
            choices[i].reason = "powtórzenie wcześniejszego zdania"
        elif kept[i]:
            seen.add(key)
    parts: list[str] = []
    verdicts: list[SentenceVerdict] = []
    last_kept = -1
    for i, (sentence, choice) in enumerate(zip(sentences, choices, strict=True)):
        text, check = sentence.raw, choice
        if kept[i] and choice.added and not _carried(sentences, kept, i, check.numbers):
            cut = END.search(text).start()  # type: ignore[union-attr]  # END matches at the end
            text = f"{text[:cut]} {refs(check.numbers)}{text[cut:]}"
        if kept[i]:
            if parts:
                parts.append(_SEPARATORS[max(s.gap for s in sentences[last_kept + 1 : i + 1])])
            parts.append(text)
            last_kept = i
        verdicts.append(SentenceVerdict(
            sentence=text, supported=choice.supported, kept=kept[i], source_numbers=list(check.numbers),
            stem_overlap=round(check.overlap, 4),
            dense_similarity=None if check.dense is None else round(check.dense, 4),
            missing_values=list(dict.fromkeys(v.text for v in check.missing)), reason=choice.reason))
    body = "".join(parts)
    kept_fraction = sum(c.supported for c in choices) / len(sentences)
    return GroundingResult(body=body, verdicts=verdicts, kept_fraction=kept_fraction,
                           cited=list(marker_numbers(body)))


def _carried(sentences: list[DraftSentence], kept: list[bool], i: int, numbers: tuple[int, ...]) -> bool:
    """True when the next kept sentence of the paragraph with markers cites ``numbers``."""
    for j in range(i + 1, len(sentences)):
        if sentences[j].paragraph != sentences[i].paragraph:
            return False
        if kept[j] and sentences[j].markers:
            return set(numbers) <= set(sentences[j].markers)
    return False
