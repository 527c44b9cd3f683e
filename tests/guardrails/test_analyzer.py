"""The Polish detector: no spaCy model, our registry only, overlaps, min_score, entities, offsets."""

from __future__ import annotations

import itertools
import threading

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer import RecognizerResult

from pomocbot.config import PrivacyConfig
from pomocbot.errors import ConfigError, InvalidQueryError
from pomocbot.guardrails.analyzer import (
    LightNlpEngine,
    PolishPIIDetector,
    build_analyzer,
    build_registry,
)
from pomocbot.guardrails.base import ENTITY_TYPES, PIIDetector
from pomocbot.guardrails.overlaps import resolve_overlaps

pytestmark = pytest.mark.unit

MESSAGE = ("Dzień dobry, mój PESEL to 02070803628, tel. 601 234 567, e-mail ala.nowak@wp.pl. "
           "Proszę o zwrot na konto PL61 1090 1014 0000 0712 1981 2874. Zamówienie nr 123456789.")
EXPECTED = [("PESEL", "02070803628"), ("TELEFON", "601 234 567"), ("EMAIL", "ala.nowak@wp.pl"),
            ("NUMER_KONTA", "PL61 1090 1014 0000 0712 1981 2874")]
STRUCTURED = tuple(t for t in ENTITY_TYPES if t not in ("OSOBA", "MIEJSCE", "ORGANIZACJA"))


@pytest.fixture(scope="module")
def detector() -> PolishPIIDetector:
    return PolishPIIDetector(PrivacyConfig(entities=STRUCTURED))


def found(detector: PolishPIIDetector, text: str) -> list[tuple[str, str]]:
    return [(e.entity_type, text[e.start:e.end]) for e in detector.detect(text)]


def test_no_spacy_model_is_loaded_or_downloaded(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"spaCy model requested: {args}")

    monkeypatch.setattr(spacy, "load", refuse)
    monkeypatch.setattr(spacy.cli, "download", refuse)
    monkeypatch.setattr(spacy.util, "load_model", refuse)
    detector = PolishPIIDetector()
    assert set(EXPECTED) <= set(found(detector, MESSAGE))
    assert detector.detect_via_analyzer(MESSAGE) == detector.detect(MESSAGE)
    engine = build_analyzer()
    assert isinstance(engine.nlp_engine, LightNlpEngine)
    assert {r.entity_type for r in engine.analyze(MESSAGE, language="pl")} >= {"PESEL", "EMAIL"}


def test_detector_implements_the_protocol(detector: PolishPIIDetector) -> None:
    assert isinstance(detector, PIIDetector)


def test_registry_holds_only_pomocbots_recognizers() -> None:
    registry = build_registry()
    assert registry.supported_languages == ["pl"]
    modules = {type(r).__module__ for r in registry.recognizers}
    assert all(module.startswith("pomocbot.guardrails.recognizers.") for module in modules)
    assert sorted(registry.get_supported_entities(["pl"])) == sorted(ENTITY_TYPES)
    assert len({type(r) for r in registry.recognizers}) == len(registry.recognizers)


def test_analyzer_engine_speaks_polish_only() -> None:
    engine = build_analyzer()
    assert engine.supported_languages == ["pl"]
    with pytest.raises(ValueError):
        engine.analyze(MESSAGE, language="en")


def test_offsets_are_exact_and_sorted(detector: PolishPIIDetector) -> None:
    text = "Zażółć gęślą jaźń! " + MESSAGE
    entities = detector.detect(text)
    assert [(e.entity_type, text[e.start:e.end]) for e in entities] == EXPECTED
    assert [e.start for e in entities] == sorted(e.start for e in entities)
    assert all(e.recognizer for e in entities)


def test_entities_filter() -> None:
    detector = PolishPIIDetector(PrivacyConfig(entities=("EMAIL", "TELEFON")))
    assert found(detector, MESSAGE) == [("TELEFON", "601 234 567"), ("EMAIL", "ala.nowak@wp.pl")]
    assert PolishPIIDetector(PrivacyConfig(entities=())).detect(MESSAGE) == []


def test_unknown_entity_type_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="PHONE_NUMBER"):
        PolishPIIDetector(PrivacyConfig(entities=("PHONE_NUMBER",)))


@pytest.mark.parametrize(
    ("min_score", "expected"),
    [
        (0.2, [("TELEFON", "601234567"), ("TELEFON", "601 234 567")]),  # bare digits score 0.3
        (0.5, [("TELEFON", "601 234 567")]),
        (0.6, []),
    ],
)
def test_min_score(min_score: float, expected: list[tuple[str, str]]) -> None:
    detector = PolishPIIDetector(PrivacyConfig(entities=("TELEFON",), min_score=min_score))
    assert found(detector, "Kod 601234567 i numer 601 234 567") == expected


def test_empty_and_wrong_input(detector: PolishPIIDetector) -> None:
    assert detector.detect("") == []
    assert detector.detect("   \n") == []
    with pytest.raises(InvalidQueryError):
        detector.detect(None)  # type: ignore[arg-type]


def test_a_card_inside_an_account_is_never_reported(detector: PolishPIIDetector) -> None:
    assert found(detector, "PL61 1090 1014 0000 0712 1981 2874") == [
        ("NUMER_KONTA", "PL61 1090 1014 0000 0712 1981 2874")]


def test_container_wins_over_what_it_contains() -> None:
    text = "Adres: 31-042 Kraków, Kraków, ul. Długa 5/3"
    entities = PolishPIIDetector().detect(text)
    spans = [(e.entity_type, text[e.start:e.end]) for e in entities]
    assert ("KOD_POCZTOWY", "31-042 Kraków") in spans and ("ADRES", "Kraków, ul. Długa 5/3") in spans
    assert all(a.end <= b.start for a, b in itertools.pairwise(entities))


def _result(kind: str, start: int, end: int, score: float) -> RecognizerResult:
    metadata = {"recognizer_name": kind, "recognizer_identifier": kind}
    return RecognizerResult(kind, start, end, score, None, metadata)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        # containment: the container wins whatever the scores
        ([("MIEJSCE", 0, 6, 0.9), ("ADRES", 0, 21, 0.6)], [("ADRES", 0, 21)]),
        # equal spans: the higher score
        ([("TELEFON", 0, 9, 0.65), ("REGON", 0, 9, 0.75)], [("REGON", 0, 9)]),
        # partial overlap: the higher score keeps its span, the other keeps the rest
        ([("OSOBA", 0, 12, 0.9), ("ADRES", 4, 30, 0.6)], [("OSOBA", 0, 12), ("ADRES", 14, 30)]),
        # a rest shorter than 2 characters is dropped
        ([("A", 0, 10, 0.9), ("B", 9, 11, 0.5)], [("A", 0, 10)]),
    ],
)
def test_overlap_rules(results: list[tuple[str, int, int, float]],
                       expected: list[tuple[str, int, int]]) -> None:
    text = "Jan Kowalski, ul. Jana Kowalskiego 5 i tak dalej"
    resolved = resolve_overlaps([_result(*r) for r in results], text)
    assert [(r.entity_type, r.start, r.end) for r in resolved] == expected


_PIECES = ["02070803628", "601 234 567", "tel. 601234567", "ala@wp.pl", "PL61 1090 1014 0000 0712 1981 2874",
           "4111 1111 1111 1111", "ul. Długa 5/3", "31-042 Kraków", "Kraków,", "ABA300000", "EA8000000",
           "526-025-02-74", "NIP", "PESEL", "zamówienie", "nr", "192.168.0.1", "ur. 3.06.1985", "1 299,00 zł",
           "Jan Kowalski", "i", ",", ".", "dzień", "123456789"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14))
def test_results_never_overlap_and_stay_in_bounds(pieces: list[str]) -> None:
    text = " ".join(pieces)
    entities = PolishPIIDetector().detect(text)
    assert all(0 <= e.start < e.end <= len(text) for e in entities)
    assert all(a.end <= b.start for a, b in itertools.pairwise(entities))
    assert all(text[e.start].strip() and text[e.end - 1].strip() for e in entities)


@pytest.mark.parametrize("text", [
    MESSAGE,
    "Urodziłam się 3 czerwca 1985, mieszkam na ul. Lipowej 3, 00-950 Warszawa.",
    "NIP firmy 5260250274, REGON 123456785, dowód ABA 300000, paszport EA8000000, IP 83.12.45.6",
    "Proszę dzwonić 601234567 albo pisać na jan@firma.com.pl",
])
def test_fast_path_matches_presidio_analyzer_engine(detector: PolishPIIDetector, text: str) -> None:
    # detect() runs the same recognizers and context rule as AnalyzerEngine.analyze; here nothing
    # is dropped for a label or an overlap, so both give the same entities and scores.
    engine = [(r.entity_type, r.start, r.end, round(r.score, 4))
              for r in detector.analyzer.analyze(text, language="pl", entities=list(STRUCTURED))
              if r.score >= detector.config.min_score]
    fast = [(e.entity_type, e.start, e.end, e.score) for e in detector.detect(text)]
    assert fast == sorted(engine, key=lambda r: r[1])


def test_parallel_threads_agree(detector: PolishPIIDetector) -> None:
    texts = [MESSAGE, "tel. 601234567", "ul. Długa 5/3, 31-042 Kraków", "PESEL 02070803628"] * 25
    expected = [detector.detect(t) for t in texts]
    results: list[list[object]] = [[] for _ in range(4)]

    def work(slot: int) -> None:
        results[slot] = [detector.detect(t) for t in texts]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r == expected for r in results)


def test_light_engine_keeps_no_strings() -> None:
    engine = LightNlpEngine()
    artifacts = engine.process_text("Mój nr tel. to 601-234-567", "pl")
    assert artifacts.tokens == ["Mój", "nr", "tel", ".", "to", "601-234-567"]
    assert artifacts.tokens_indices == [0, 4, 7, 10, 12, 15]
    assert "telefon" in artifacts.keywords and "mój" not in artifacts.keywords
