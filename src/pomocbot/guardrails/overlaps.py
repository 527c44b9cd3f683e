"""Overlap resolution for detections: sorted by start, no two spans sharing a character.

The rules (see :class:`~pomocbot.guardrails.analyzer.PolishPIIDetector`): a span
that contains another wins over it; of equal spans the higher score wins; of two
partly overlapping spans the higher score (then the longer) keeps its span and
the other keeps the longest part outside it, trimmed to letters and digits, or
is dropped when under 2 characters are left.

>>> from presidio_analyzer import RecognizerResult
>>> text = "Kraków, ul. Długa 5"
>>> found = [RecognizerResult("MIEJSCE", 0, 6, 0.9), RecognizerResult("ADRES", 0, 19, 0.6)]
>>> [(r.entity_type, text[r.start:r.end]) for r in resolve_overlaps(found, text)]
[('ADRES', 'Kraków, ul. Długa 5')]
"""

from __future__ import annotations

from bisect import bisect_right

from presidio_analyzer import RecognizerResult

__all__ = ["resolve_overlaps"]


def resolve_overlaps(results: list[RecognizerResult], text: str) -> list[RecognizerResult]:
    """Non-overlapping results sorted by start (the rules are in the module docstring)."""
    # Containment first: the container wins; equal spans keep the higher score. Sorted by start, a
    # result lies inside an earlier one exactly when it ends before the furthest end so far.
    by_span = sorted(results, key=lambda r: (r.start, -(r.end - r.start), -r.score))
    outer: list[RecognizerResult] = []
    furthest = -1
    for result in by_span:
        if result.end <= furthest:
            continue
        outer.append(result)
        furthest = result.end
    if len(outer) < 2:
        return outer
    # Partial overlaps: the higher score (then longer) keeps its span, the other is trimmed. Accepted
    # spans never overlap, so sorted by start their ends are sorted too and the few that can touch a
    # result are found by bisection (linear in the results, not quadratic, on long inputs).
    accepted: list[RecognizerResult] = []
    ends: list[int] = []
    for result in sorted(outer, key=lambda r: (-r.score, -(r.end - r.start), r.start)):
        first = bisect_right(ends, result.start)
        last = first
        while last < len(accepted) and accepted[last].start < result.end:
            last += 1
        start, end = _longest_uncovered(result.start, result.end, accepted[first:last])
        if (start, end) != (result.start, result.end):
            while start < end and not text[start].isalnum():
                start += 1
            while end > start and not text[end - 1].isalnum():
                end -= 1
            if end - start < 2:
                continue
            result = RecognizerResult(result.entity_type, start, end, result.score,
                                      result.analysis_explanation, result.recognition_metadata)
        at = bisect_right(ends, result.start)
        accepted.insert(at, result)
        ends.insert(at, result.end)
    return accepted


def _longest_uncovered(start: int, end: int, spans: list[RecognizerResult]) -> tuple[int, int]:
    """The longest part of ``[start, end)`` that none of ``spans`` covers ((0, 0) when none)."""
    pieces = [(start, end)]
    for span in spans:
        pieces = [piece for a, b in pieces
                  for piece in ((a, min(b, span.start)), (max(a, span.end), b)) if piece[0] < piece[1]]
    return max(pieces, key=lambda p: p[1] - p[0], default=(0, 0))
