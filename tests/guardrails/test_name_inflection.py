"""Inflected pseudonyms: the replacement takes the original's case, number and gender; the vault restores."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pomocbot.guardrails import Redactor, Vault
from pomocbot.guardrails.name_inflection import inflect_name, name_grammar

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from pseudonym_agreement import SpanDetector, agrees, evaluate  # noqa: E402


@pytest.mark.parametrize(
    ("name", "before", "case", "gender", "replacement", "expected"),
    [
        ("Anny Kowalskiej", "w imieniu", "gen", "f", ("Maria", "Nowakowska"), "Marii Nowakowskiej"),
        ("Markiem Zielińskim", "rozmawiałem z", "inst", "m", ("Piotr", "Wiśniewski"), "Piotrem Wiśniewskim"),
        ("Zbyszkowi", "przekażcie", "dat", "m", ("Tomasz", "Nowak"), "Tomaszowi"),
        ("Tomaszu", "Panie", "voc", "m", ("Piotr", "Nowak"), "Piotrze"),
        ("Nowak", "z panią", "inst", "f", ("Ewa", "Wójcik"), "Wójcik"),
        ("Kowalskich", "u", "gen", "m", ("Jan", "Zieliński"), "Zielińskich"),
    ],
)
def test_grammar_and_inflection(name, before, case, gender, replacement, expected) -> None:
    grammar = name_grammar(name, before)
    assert (grammar.case, grammar.gender) == (case, gender)
    assert inflect_name(replacement, grammar) == expected
    assert agrees(expected, case, grammar.number, gender)


def test_the_written_table_agrees_in_at_least_95_percent() -> None:
    # 218 sentences in all seven cases (tests/data/pseudonym_cases.jsonl), three replacement people each.
    result = evaluate(ROOT / "tests" / "data" / "pseudonym_cases.jsonl", seeds=3)
    assert result["sentences"] >= 100
    assert result["agreement"] >= 0.95, result["failures"][:5]
    assert result["restored_by_vault"] == 1.0
    assert min(result["per_case"].values()) >= 0.9


def test_one_person_one_replacement_in_every_form_and_the_vault_restores_each() -> None:
    detector = SpanDetector()
    vault = Vault()
    redactor = Redactor(detector, "pseudonym", vault=vault, secret=b"s" * 32)  # type: ignore[arg-type]
    texts = ["Dzwoniła Anna Kowalska.", "Paczka dla Anny Kowalskiej.", "Rozmawiałem z Anną Kowalską."]
    forms = ["Anna Kowalska", "Anny Kowalskiej", "Anną Kowalską"]
    replaced = []
    for text, form in zip(texts, forms, strict=True):
        start = text.index(form)
        detector.span, detector.name = (start, start + len(form)), form
        result = redactor.redact(text, "c-1")
        replaced.append(result.replacements[0])
        assert form not in result.text
        assert vault.restore(result.text, "c-1") == text
    firsts = {name_grammar(r).case for r in replaced}
    assert len(set(replaced)) == 3 and firsts == {"nom", "gen", "inst"}
    lemmas = {r.split()[0][:3] for r in replaced}
    assert len(lemmas) == 1  # the same replacement person throughout
