"""What the Polish recognizers share: the pattern recognizers' constructor and span results.

Each recognizer keeps its patterns and Polish context words as class
constants (``ENTITY``, ``PATTERNS``, ``CONTEXT``); ``__init__ =
polish_pattern_init`` builds Presidio's :class:`PatternRecognizer` from them,
so no recognizer repeats the constructor (and none sits two levels below
Presidio's base class).

>>> from presidio_analyzer import Pattern, PatternRecognizer
>>> class Kod(PatternRecognizer):
...     ENTITY, PATTERNS, CONTEXT = "KOD", [Pattern("kod", r"\\bK-\\d{4}\\b", 0.5)], ["kod"]
...     __init__ = polish_pattern_init
>>> [(r.entity_type, r.start) for r in Kod().analyze("kod K-1234", ["KOD"])]
[('KOD', 4)]
"""

from __future__ import annotations

from collections.abc import Callable

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult

__all__ = ["polish_pattern_init", "span_results"]


def polish_pattern_init(self: PatternRecognizer, patterns: list[Pattern] | None = None,
                        context: list[str] | None = None, supported_language: str = "pl",
                        supported_entity: str | None = None, name: str | None = None) -> None:
    """A pattern recognizer from its class constants; each argument overrides its constant."""
    PatternRecognizer.__init__(self, supported_entity=supported_entity or self.ENTITY,  # type: ignore[attr-defined]
                               patterns=patterns or self.PATTERNS,  # type: ignore[attr-defined]
                               context=context or self.CONTEXT,  # type: ignore[attr-defined]
                               supported_language=supported_language, name=name or type(self).__name__,
                               global_regex_flags=0)


def span_results(entity: str, entities: list[str] | None,
                 spans: Callable[[], list[tuple[int, int, float]]]) -> list[RecognizerResult]:
    """``entity`` results for the (start, end, score) ``spans``, unless ``entities`` leaves it out."""
    if entities and entity not in entities:
        return []
    return [RecognizerResult(entity, start, end, score) for start, end, score in spans()]
