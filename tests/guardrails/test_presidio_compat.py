"""The Presidio API pomocbot relies on, checked against the installed release.

pomocbot subclasses ``NlpEngine``, ``NlpArtifacts``, ``LemmaContextAwareEnhancer``,
``PatternRecognizer`` and ``LocalRecognizer``, calls ``AnalyzerEngine``,
``RecognizerRegistry`` and the recognizers' public methods, and applies
``AnalyzerEngine.analyze``'s rules itself in ``guardrails/fast_path.py``. A
Presidio release that changes any of that fails here with a message naming
what changed and where pomocbot uses it; a release outside ``SUPPORTED`` fails
first. To support a new release: run this file against it, fix what fails,
then widen ``SUPPORTED`` here and the pin in ``pyproject.toml`` together.
"""

from __future__ import annotations

import importlib.metadata
import inspect
import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest
import regex
from packaging.specifiers import SpecifierSet
from packaging.version import Version
from presidio_analyzer import (
    AnalysisExplanation,
    AnalyzerEngine,
    EntityRecognizer,
    LocalRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer, LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

from pomocbot.config import PrivacyConfig
from pomocbot.guardrails.analyzer import PolishPIIDetector, build_analyzer, build_registry
from pomocbot.guardrails.base import ENTITY_TYPES
from pomocbot.guardrails.fast_path import _pattern_results
from pomocbot.guardrails.nlp import ContextEnhancer, LightNlpEngine
from tests.guardrails.pii_format_cases import near_misses, planted

pytestmark = pytest.mark.unit

# The releases pomocbot is tested with: 2.2.355 (the oldest pinned) and 2.2.366.
SUPPORTED = SpecifierSet(">=2.2.355,<2.3")
VERSION = importlib.metadata.version("presidio-analyzer")
ROOT = Path(__file__).resolve().parents[2]


def test_installed_presidio_is_in_the_supported_range() -> None:
    assert Version(VERSION) in SUPPORTED, (
        f"presidio-analyzer {VERSION} is outside the range pomocbot is tested with ({SUPPORTED}); "
        "run tests/guardrails/test_presidio_compat.py against it, then widen SUPPORTED and pyproject.toml")


# -- signatures ------------------------------------------------------------
# (what, function, parameters passed by position in order, parameters passed by name, where pomocbot does it)
CALLS: list[tuple[str, Callable[..., object], tuple[str, ...], tuple[str, ...], str]] = [
    ("NlpArtifacts.__init__", NlpArtifacts.__init__, (),
     ("entities", "tokens", "tokens_indices", "lemmas", "nlp_engine", "language"),
     "nlp.LightNlpEngine.process_windows"),
    ("RecognizerResult.__init__", RecognizerResult.__init__,
     ("entity_type", "start", "end", "score", "analysis_explanation", "recognition_metadata"), (),
     "fast_path._pattern_results, overlaps.resolve_overlaps"),
    ("AnalyzerEngine.__init__", AnalyzerEngine.__init__, (),
     ("registry", "nlp_engine", "supported_languages", "context_aware_enhancer"), "analyzer.build_analyzer"),
    ("AnalyzerEngine.analyze", AnalyzerEngine.analyze, ("text", "language"),
     ("entities", "nlp_artifacts", "score_threshold"), "analyzer.PolishPIIDetector.detect_via_analyzer"),
    ("RecognizerRegistry.__init__", RecognizerRegistry.__init__, (), ("supported_languages",),
     "analyzer.build_registry"),
    ("RecognizerRegistry.add_recognizer", RecognizerRegistry.add_recognizer, ("recognizer",), (),
     "analyzer.build_registry"),
    ("RecognizerRegistry.get_supported_entities", RecognizerRegistry.get_supported_entities,
     ("languages",), (), "analyzer.build_registry's doctest"),
    ("EntityRecognizer.__init__", EntityRecognizer.__init__, (),
     ("supported_entities", "supported_language", "name"),
     "recognizers/pl_person*.py, pl_place.py, pl_organization.py"),
    ("EntityRecognizer.analyze", EntityRecognizer.analyze, ("text", "entities", "nlp_artifacts"), (),
     "fast_path.FastAnalyzer.analyze"),
    ("EntityRecognizer.enhance_using_context", EntityRecognizer.enhance_using_context,
     ("text", "raw_recognizer_results", "other_raw_recognizer_results", "nlp_artifacts", "context"), (),
     "fast_path.FastAnalyzer.analyze"),
    ("EntityRecognizer.remove_duplicates", EntityRecognizer.remove_duplicates, ("results",), (),
     "fast_path._pattern_results"),
    ("PatternRecognizer.__init__", PatternRecognizer.__init__, (),
     ("supported_entity", "patterns", "context", "supported_language", "name", "global_regex_flags"),
     "recognizers/pl_*.py (the pattern recognizers)"),
    ("PatternRecognizer.analyze", PatternRecognizer.analyze,
     ("text", "entities", "nlp_artifacts", "regex_flags"), (), "recognizers/pl_address.py"),
    ("PatternRecognizer.validate_result", PatternRecognizer.validate_result, ("pattern_text",), (),
     "fast_path._pattern_results"),
    ("PatternRecognizer.invalidate_result", PatternRecognizer.invalidate_result, ("pattern_text",), (),
     "fast_path._pattern_results"),
    ("Pattern.__init__", Pattern.__init__, ("name", "regex", "score"), (), "recognizers/pl_*.py"),
    ("LemmaContextAwareEnhancer.__init__", LemmaContextAwareEnhancer.__init__, (),
     ("context_similarity_factor", "min_score_with_context_similarity", "context_prefix_count",
      "context_suffix_count"), "nlp.context_enhancer"),
    ("AnalysisExplanation.set_supportive_context_word", AnalysisExplanation.set_supportive_context_word,
     ("word",), (), "nlp.ContextEnhancer"),
    ("AnalysisExplanation.set_improved_score", AnalysisExplanation.set_improved_score, ("score",), (),
     "nlp.ContextEnhancer"),
]


def _parameters(function: Callable[..., object]) -> list[inspect.Parameter]:
    return [p for p in inspect.signature(function).parameters.values() if p.name not in ("self", "cls")]


@pytest.mark.parametrize(("what", "function", "positional", "named", "where"), CALLS,
                         ids=[call[0] for call in CALLS])
def test_what_pomocbot_calls_keeps_its_parameters(what: str, function: Callable[..., object],
                                                  positional: tuple[str, ...], named: tuple[str, ...],
                                                  where: str) -> None:
    params = _parameters(function)
    found = f"presidio-analyzer {VERSION} has {what}{inspect.signature(function)}"
    leading = [p.name for p in params[:len(positional)]]
    assert leading == list(positional), (
        f"{found}; {where} passes {list(positional)} by position in that order")
    names = {p.name for p in params}
    missing = [name for name in named if name not in names]
    assert not missing, f"{found}; {where} passes {missing} by name"
    passed = set(positional) | set(named)
    required = [p.name for p in params if p.default is inspect.Parameter.empty
                and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.name not in passed]
    assert not required, f"{found}; {where} does not pass the new required parameters {required}"


# Presidio calls these on our subclasses by name (AnalyzerEngine.analyze, NlpArtifacts.set_keywords):
# our overrides must keep the base class's parameter names.
OVERRIDES = [
    (ContextEnhancer.enhance_using_context, ContextAwareEnhancer.enhance_using_context),
    *((getattr(LightNlpEngine, name), getattr(NlpEngine, name))
      for name in sorted(NlpEngine.__abstractmethods__)),
    *((type(r).analyze, EntityRecognizer.analyze) for r in build_registry().recognizers
      if type(r).analyze is not PatternRecognizer.analyze),
    *((type(r).analyze, EntityRecognizer.analyze) for r in build_registry("rules").recognizers
      if type(r).__name__ == "PlPersonRecognizer"),
]


@pytest.mark.parametrize(("ours", "base"), OVERRIDES, ids=[o[0].__qualname__ for o in OVERRIDES])
def test_our_overrides_take_the_parameters_presidio_passes(ours: Callable[..., object],
                                                           base: Callable[..., object]) -> None:
    theirs = [p.name for p in _parameters(base) if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    mine = [p.name for p in _parameters(ours)]
    assert mine[:len(theirs)] == theirs, (
        f"presidio-analyzer {VERSION} calls {base.__qualname__}{inspect.signature(base)}; "
        f"pomocbot's {ours.__module__}.{ours.__qualname__} takes {mine}: rename its parameters to match")


def test_nlp_engine_has_no_abstract_method_we_lack() -> None:
    missing = sorted(name for name in NlpEngine.__abstractmethods__ if name not in vars(LightNlpEngine))
    assert not missing, (f"presidio-analyzer {VERSION}'s NlpEngine has new abstract methods {missing}; "
                         "implement them in pomocbot.guardrails.nlp.LightNlpEngine")
    assert not LightNlpEngine.__abstractmethods__


# -- attributes and constants ----------------------------------------------
def test_recognizer_result_fields_and_keys() -> None:
    result = RecognizerResult("PESEL", 0, 11, 0.5, None, {"recognizer_name": "x"})
    fields = {"entity_type": "PESEL", "start": 0, "end": 11, "score": 0.5, "analysis_explanation": None,
              "recognition_metadata": {"recognizer_name": "x"}}
    changed = {name: getattr(result, name, "<missing>") for name, value in fields.items()
               if getattr(result, name, "<missing>") != value}
    assert not changed, f"presidio-analyzer {VERSION}: RecognizerResult fields changed: {changed}"
    keys = {"RECOGNIZER_NAME_KEY": "recognizer_name", "RECOGNIZER_IDENTIFIER_KEY": "recognizer_identifier",
            "IS_SCORE_ENHANCED_BY_CONTEXT_KEY": "is_score_enhanced_by_context"}
    changed = {name: getattr(RecognizerResult, name, "<missing>") for name, value in keys.items()
               if getattr(RecognizerResult, name, "<missing>") != value}
    assert not changed, f"presidio-analyzer {VERSION}: RecognizerResult metadata keys changed: {changed}"


def test_recognizer_attributes() -> None:
    assert (EntityRecognizer.MIN_SCORE, EntityRecognizer.MAX_SCORE) == (0, 1.0), (
        f"presidio-analyzer {VERSION}: EntityRecognizer.MIN_SCORE/MAX_SCORE are "
        f"{EntityRecognizer.MIN_SCORE}/{EntityRecognizer.MAX_SCORE}, fast_path expects 0/1.0")
    for recognizer in build_registry().recognizers:
        wanted = ["id", "name", "supported_entities", "supported_language", "context"]
        if isinstance(recognizer, PatternRecognizer):
            wanted += ["patterns", "global_regex_flags"]
        else:
            assert isinstance(recognizer, LocalRecognizer)
        missing = [name for name in wanted if not hasattr(recognizer, name)]
        assert not missing, f"presidio-analyzer {VERSION}: {type(recognizer).__name__} lacks {missing}"
    pattern = Pattern("p", r"\d+", 0.5)
    assert (pattern.name, pattern.regex, pattern.score) == ("p", r"\d+", 0.5)


def test_nlp_artifacts_built_by_the_constructor_keep_our_fields() -> None:
    artifacts = LightNlpEngine().process_text("Mój nr tel. to 601-234-567", "pl")
    assert isinstance(artifacts, NlpArtifacts)
    assert artifacts.tokens == ["Mój", "nr", "tel", ".", "to", "601-234-567"]
    assert artifacts.tokens_indices == [0, 4, 7, 10, 12, 15]
    assert artifacts.lemmas == ["mój", "numer", "telefon", ".", "to", "601-234-567"]
    # keywords are Presidio's rule (NlpArtifacts.set_keywords) over our is_stopword and is_punct
    assert artifacts.keywords == ["numer", "telefon", "601-234-567"], (
        f"presidio-analyzer {VERSION}: NlpArtifacts computes keywords differently: {artifacts.keywords}")
    assert (artifacts.entities, artifacts.scores) == ([], [])
    assert json.loads(artifacts.to_json())["tokens"] == artifacts.tokens


def test_engine_and_enhancer_attributes() -> None:
    engine = build_analyzer()
    missing = [name for name in ("registry", "nlp_engine", "supported_languages", "context_aware_enhancer")
               if not hasattr(engine, name)]
    assert not missing, f"presidio-analyzer {VERSION}: AnalyzerEngine lacks {missing}"
    enhancer = engine.context_aware_enhancer
    assert isinstance(enhancer, ContextEnhancer)
    settings = {name: getattr(enhancer, name, None) for name in (
        "context_similarity_factor", "min_score_with_context_similarity", "context_prefix_count",
        "context_suffix_count", "MAX_SCORE")}
    assert settings == {"context_similarity_factor": 0.35, "min_score_with_context_similarity": 0.4,
                        "context_prefix_count": 5, "context_suffix_count": 3, "MAX_SCORE": 1.0}, (
        f"presidio-analyzer {VERSION}: ContextAwareEnhancer settings read back as {settings}")
    registry = engine.registry
    assert registry.supported_languages == ["pl"] and len(registry.recognizers) == 16


# -- the re-implemented rules against Presidio's own ---------------------------
def _texts() -> list[str]:
    """Polish texts with and without personal data: shop cases, planted values, near misses, long mixes."""
    lines = (ROOT / "examples/sklep/pii_cases.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines if line.strip()]
    texts += [case.text for case in planted(random.Random(3), per_type=12)]
    texts += [case.text for case in near_misses(random.Random(4), per_kind=6)]
    rng = random.Random(5)
    pool = list(texts)
    texts += [" ".join(rng.sample(pool, 6)) for _ in range(40)]
    return texts


TEXTS = _texts()


def test_the_corpus_is_large_and_has_personal_data() -> None:
    assert len(TEXTS) >= 300
    assert sum(bool(PolishPIIDetector().detect(text)) for text in TEXTS) >= 200


def test_pattern_rule_matches_pattern_recognizer_analyze() -> None:
    recognizers = [r for r in build_registry().recognizers if type(r).analyze is PatternRecognizer.analyze]
    assert len(recognizers) >= 10
    for recognizer in recognizers:
        flags = recognizer.global_regex_flags
        compiled = [(p, regex.compile(p.regex, flags=flags)) for p in recognizer.patterns]
        for text in TEXTS:
            ours = {(r.entity_type, r.start, r.end, r.score)
                    for r in _pattern_results(recognizer, compiled, text)}
            theirs = {(r.entity_type, r.start, r.end, r.score)
                      for r in recognizer.analyze(text, recognizer.supported_entities)}
            assert ours == theirs, (
                f"presidio-analyzer {VERSION}: PatternRecognizer.analyze's rule changed for "
                f"{recognizer.name} on a {len(text)}-character text: Presidio {sorted(theirs - ours)}, "
                f"fast_path._pattern_results {sorted(ours - theirs)}; update fast_path._pattern_results")


@pytest.mark.parametrize("config", [
    PrivacyConfig(),
    PrivacyConfig(entities=None, person_recognizer="rules"),
    PrivacyConfig(entities=tuple(t for t in ENTITY_TYPES if t not in ("OSOBA", "MIEJSCE", "ORGANIZACJA")),
                  min_score=0.3),
], ids=["default", "all-types-rules", "ids-min-0.3"])
def test_detect_matches_the_public_analyzer_engine_path(config: PrivacyConfig) -> None:
    detector = PolishPIIDetector(config)
    for text in TEXTS:
        fast = [(e.entity_type, e.start, e.end, e.score, e.recognizer) for e in detector.detect(text)]
        public = [(e.entity_type, e.start, e.end, e.score, e.recognizer)
                  for e in detector.detect_via_analyzer(text)]
        assert fast == public, (
            f"presidio-analyzer {VERSION}: detect() and AnalyzerEngine.analyze disagree on a "
            f"{len(text)}-character text: {fast} != {public}; see guardrails/fast_path.py")


def test_the_known_difference_is_context_beyond_the_window() -> None:
    # detect() tokenises 60 characters before and 30 after a value; "dostawę" is the 3rd keyword after
    # the address but 40 characters away, so only the public path counts it. A change here means the
    # window or Presidio's context rule moved: update PolishPIIDetector.detect_via_analyzer's docstring.
    text = ("Zamówiłam wczoraj, proszę wysłać na al. Mickiewicza 56b, "
            "a jak i gdzie mogę ustawić darmową dostawę?")
    detector = PolishPIIDetector()
    assert [(e.entity_type, e.score) for e in detector.detect(text)] == [("ADRES", 0.6)]
    assert [(e.entity_type, e.score) for e in detector.detect_via_analyzer(text)] == [("ADRES", 0.95)]
