"""Phrase rules (pomocbot.escalate.triggers.rules), their order, the reason codes and the word lists."""

from __future__ import annotations

import re

import pytest

from pomocbot.codes import REASONS, ReasonCode
from pomocbot.escalate.triggers import (
    REASON_CODES,
    abuse,
    complaint,
    data_protection,
    explicit_request,
    legal_threat,
    sensitive,
)
from pomocbot.escalate.triggers.detect import PHRASE_RULES
from pomocbot.escalate.triggers.rules import Rule
from pomocbot.escalate.triggers.text import FoldedMessage
from pomocbot.escalate.triggers.wordlists import load_words

pytestmark = pytest.mark.unit

SEVERITY = list(ReasonCode)


def test_reason_codes_follow_the_one_table() -> None:
    assert tuple(code.value for code in REASONS) == REASON_CODES
    assert REASON_CODES.index("frustration") == REASON_CODES.index("data_protection") + 1


def test_phrase_rules_run_in_severity_order() -> None:
    ranks = [SEVERITY.index(rule.code) for rule in PHRASE_RULES]
    assert ranks == sorted(ranks)


@pytest.mark.parametrize(("module", "code"), [
    (sensitive, ReasonCode.SENSITIVE),
    (legal_threat, ReasonCode.LEGAL_THREAT),
    (abuse, ReasonCode.ABUSE),
    (explicit_request, ReasonCode.EXPLICIT_REQUEST),
    (complaint, ReasonCode.COMPLAINT),
    (data_protection, ReasonCode.DATA_PROTECTION),
])
def test_each_module_holds_the_rules_of_its_code(module: object, code: ReasonCode) -> None:
    rules = module.RULES  # type: ignore[attr-defined]
    assert rules and {rule.code for rule in rules} == {code}
    assert all(rule.detail and rule.patterns for rule in rules)


WORD = re.compile(r"\bkot\w*")
STEM = re.compile(r"konsultant\b")


def _not_first(message: FoldedMessage, match: re.Match[str]) -> bool:
    return match.start() == 0


# (rule, message, evidence or None)
RULE_CASES = [
    # no guard: the first pattern that matches, its first match
    (Rule(ReasonCode.ABUSE, "d", (re.compile("pies"), WORD)), "kot i pies", "pies"),
    # a rejected first match: only with every_match are later matches tried
    (Rule(ReasonCode.ABUSE, "d", (WORD,), unless=_not_first), "kot i kotek", None),
    (Rule(ReasonCode.ABUSE, "d", (WORD,), unless=_not_first, every_match=True), "kot i kotek", "kotek"),
    # a condition on the whole message
    (Rule(ReasonCode.ABUSE, "d", (WORD,), when=lambda m: "?" not in m.folded), "Kot?", None),
    # on the typo-fixed text
    (Rule(ReasonCode.ABUSE, "d", (STEM,), typo_fixed=True), "konsultnat!", "konsultant"),
    (Rule(ReasonCode.ABUSE, "d", (STEM,)), "konsultnat!", None),
]


@pytest.mark.parametrize(("rule", "message", "evidence"), RULE_CASES)
def test_rule_matching(rule: Rule, message: str, evidence: str | None) -> None:
    reason = rule.reason(FoldedMessage.of(message))
    assert (reason.evidence if reason else None) == evidence
    if reason:
        assert (reason.code, reason.detail) == ("abuse", "d")


@pytest.mark.parametrize("name", ["child_nouns", "abuse_plurals", "abuse_vocatives"])
def test_word_lists(name: str) -> None:
    words = load_words(name)
    assert len(words) >= 5 and len(set(words)) == len(words)
    assert all(re.fullmatch(r"[^\W\d_]+", word) for word in words)  # plain words, no regex


@pytest.mark.parametrize("name", ["abuse_plurals", "abuse_vocatives"])
def test_abuse_lists_are_folded(name: str) -> None:
    assert all(re.fullmatch("[a-z]+", word) for word in load_words(name))
