"""The one place pomocbot re-implements Presidio: ``AnalyzerEngine.analyze`` without its bookkeeping.

On a 100-word message Presidio's bookkeeping costs more than the regular
expressions: per pattern a clock and a debug log, per match an explanation
object, a deep copy of every result before context enhancement, duplicate
removal over all results, and NLP artifacts for the whole text before any
recognizer has found anything. Going through ``AnalyzerEngine.analyze`` made
``PolishPIIDetector.detect`` about 1.5 times slower (p50 over 442 Polish
messages, see the pull request that introduced this module), so
:meth:`FastAnalyzer.analyze` applies the same rules to the same recognizer
objects through their public methods, and everything else stays on Presidio's
public API.

Kept in step with Presidio by two tests: ``tests/guardrails/test_presidio_compat.py``
pins the Presidio API this module relies on and compares ``detect`` with
``PolishPIIDetector.detect_via_analyzer`` (the same pass through
``AnalyzerEngine.analyze``) on a few hundred Polish texts.

>>> from pomocbot.guardrails.analyzer import build_registry
>>> from pomocbot.guardrails.nlp import LightNlpEngine, context_enhancer
>>> recognizers = build_registry().recognizers
>>> fast = FastAnalyzer(recognizers, LightNlpEngine(), context_enhancer())
>>> results, _ = fast.analyze("PESEL 02070803628", recognizers, ["PESEL"], lambda result, recognizer: True)
>>> [(r.entity_type, r.start, r.end, r.score) for r in results]
[('PESEL', 6, 17, 1.0)]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import regex
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts

from pomocbot.guardrails.nlp import LightNlpEngine

__all__ = ["FastAnalyzer"]

_NAME = RecognizerResult.RECOGNIZER_NAME_KEY
_ID = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY


class FastAnalyzer:
    """``AnalyzerEngine.analyze``'s rules for the given recognizers, with artifacts only where needed.

    The same steps: every recognizer's results, tagged with its name and id;
    each recognizer's ``enhance_using_context`` with its own and the others'
    results; then the engine's context enhancer. A recognizer that keeps
    ``PatternRecognizer.analyze`` has it applied here (see
    :func:`_pattern_results`), with its patterns compiled once. Different on
    purpose: recognizers get no NLP artifacts (ours need none), and
    artifacts are made only for the words around results that
    ``needs_words`` says can change (60 characters before, 30 after; see
    :meth:`LightNlpEngine.process_windows`), so a message with no candidate
    costs no tokenising; a context word beyond that window is not seen.
    Low scores, duplicates and overlaps are left to the caller.
    """

    def __init__(self, recognizers: Iterable[EntityRecognizer], nlp_engine: LightNlpEngine,
                 enhancer: ContextAwareEnhancer) -> None:
        self.nlp_engine = nlp_engine
        self.enhancer = enhancer
        self._compiled: dict[str, list[tuple[Pattern, Any]]] = {
            r.id: [(p, regex.compile(p.regex, flags=r.global_regex_flags)) for p in r.patterns]  # type: ignore[attr-defined]
            for r in recognizers if type(r).analyze is PatternRecognizer.analyze
        }

    def analyze(self, text: str, recognizers: Sequence[EntityRecognizer], entities: list[str],
                needs_words: Callable[[RecognizerResult, EntityRecognizer], bool],
                ) -> tuple[list[RecognizerResult], NlpArtifacts | None]:
        """Results of ``recognizers`` on ``text`` after context enhancement, and the artifacts (or None)."""
        raw: list[RecognizerResult] = []
        by_id: dict[str, EntityRecognizer] = {}
        for recognizer in recognizers:
            compiled = self._compiled.get(recognizer.id)
            if compiled is not None:
                found = _pattern_results(recognizer, compiled, text)  # type: ignore[arg-type]
            else:
                found = recognizer.analyze(text, entities, None)  # type: ignore[arg-type]
            if not found:
                continue
            by_id[recognizer.id] = recognizer
            for result in found:
                if result.recognition_metadata is None:
                    result.recognition_metadata = {}
                result.recognition_metadata.setdefault(_NAME, recognizer.name)  # type: ignore[has-type]
                result.recognition_metadata.setdefault(_ID, recognizer.id)
            raw.extend(found)
        needy = [(r.start, r.end) for r in raw if needs_words(r, by_id[r.recognition_metadata[_ID]])]
        if not needy:
            return raw, None
        artifacts = self.nlp_engine.process_windows(text, needy)
        results: list[RecognizerResult] = []
        for recognizer in by_id.values():
            own = [r for r in raw if r.recognition_metadata[_ID] == recognizer.id]
            others = [r for r in raw if r.recognition_metadata[_ID] != recognizer.id]
            results.extend(recognizer.enhance_using_context(text, own, others, artifacts, None))
        return self.enhancer.enhance_using_context(text, results, artifacts, list(by_id.values())), artifacts


def _pattern_results(recognizer: PatternRecognizer, compiled: list[tuple[Pattern, Any]],
                     text: str) -> list[RecognizerResult]:
    """What ``PatternRecognizer.analyze`` returns, less its bookkeeping.

    The same rule: every non-empty match of every pattern scores the
    pattern's score; ``validate_result`` True makes it 1.0, False 0;
    ``invalidate_result`` True makes it 0; zero scores are dropped, then
    contained duplicates (``EntityRecognizer.remove_duplicates``). Left out:
    the clock and debug log per pattern, the regex timeout (our patterns
    have bounded repetition) and the explanation object per match.
    """
    results: list[RecognizerResult] = []
    entity = recognizer.supported_entities[0]
    metadata = {_NAME: recognizer.name, _ID: recognizer.id}  # type: ignore[has-type]
    for pattern, expression in compiled:
        for match in expression.finditer(text):
            start, end = match.span()
            if start == end:
                continue
            value = text[start:end]
            score = pattern.score
            valid = recognizer.validate_result(value)
            if valid is not None:
                score = EntityRecognizer.MAX_SCORE if valid else EntityRecognizer.MIN_SCORE
            if recognizer.invalidate_result(value):
                score = EntityRecognizer.MIN_SCORE
            if score > EntityRecognizer.MIN_SCORE:
                results.append(RecognizerResult(entity, start, end, score, None,  # type: ignore[arg-type]
                                                dict(metadata)))
    return EntityRecognizer.remove_duplicates(results) if len(results) > 1 else results
