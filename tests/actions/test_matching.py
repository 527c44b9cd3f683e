"""Choosing the action and reading its parameters from Polish messages."""

from __future__ import annotations

import numpy as np
import pytest

from pomocbot.actions import find_values
from pomocbot.escalate.triggers.text import FoldedMessage

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("text, expected", [
    # the full form, however it is typed
    ("Status ZM-2026-001234", ["ZM-2026-001234"]),
    ("zm 2026 001234", ["ZM-2026-001234"]),
    ("ZM2026001234?", ["ZM-2026-001234"]),
    # digits after a cue word
    ("zamówienie nr 123456", ["123456"]),
    ("Mój numer zamówienia to 123", ["123"]),
    ("zamowienia 123456", ["123456"]),
    ("#123456", ["123456"]),
    ("nr zam. 1201", ["1201"]),
    # several
    ("paczki 1203 oraz 1213", ["1203", "1213"]),
    ("1204, 1214 i 1224", ["1204", "1214", "1224"]),
    # not order numbers
    ("paczka za 129,99 zł", []),
    ("miała przyjść w 3 dni", []),
    ("w 2026 roku", []),
    ("tel [TELEFON_1]", []),
])
def test_order_numbers(text: str, expected: list[str]) -> None:
    assert find_values(text)["order_number"] == expected


def test_placeholders_are_parameter_values() -> None:
    found = find_values("mail [EMAIL_1], tel. [TELEFON_2], kod [KOD_POCZTOWY_1], [OSOBA_1]")
    assert (found["email"], found["phone"], found["postcode"]) == (["[EMAIL_1]"], ["[TELEFON_2]"],
                                                                   ["[KOD_POCZTOWY_1]"])


@pytest.mark.parametrize("message", [
    "gdzie jest moja paczka",
    "Kiedy dostanę zamówienie?",
    "status zamówienia 123456",
    "nie doszła paczka",
    "NIE DOSZLA PACZKA!!!",
    "gdzie jest moje zamowienei",   # typo
    "gdize jest moja pczka",         # typos
    "mam dwa zamówienia i żadne nie doszło",
    "Zamówiłem tydzień temu i nadal nic nie przyszło",
])
def test_wismo_phrasings_choose_the_order_status(registry, message: str) -> None:
    match = registry.match(message)
    assert match is not None and match.action.name == "order_status"


@pytest.mark.parametrize("message", [
    "ile kosztuje wysyłka?",
    "Jak długo trwa dostawa?",
    "Gdzie jest najbliższy paczkomat?",
    "Kiedy wysyłacie zamówienia złożone w weekend?",
    "Chcę anulować zamówienie 123456",
    "Dzień dobry",
])
def test_look_alikes_choose_nothing(registry, message: str) -> None:
    assert registry.match(message) is None


def test_a_folded_message_is_accepted(registry) -> None:
    match = registry.match(FoldedMessage.of("Gdzie jest moja paczka 123456?"))
    assert match.params == {"order_number": "123456"}


def test_several_orders_give_one_call_each(registry) -> None:
    match = registry.match("Mam dwa zamówienia: ZM-2026-001234 i #123")
    assert match.several and [c["order_number"] for c in match.calls] == ["ZM-2026-001234", "123"]
    assert registry.match("mam dwa zamówienia, gdzie są?").several


def test_missing_number_is_missing(registry) -> None:
    match = registry.match("kiedy dostanę paczkę")
    assert match.missing == ("order_number",) and not match.ready


class _Embed:
    """A toy embedder: a message about a 'przesyłka' leans toward the order action's examples."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, texts):
        self.calls += 1
        words = ("status", "przesył", "paczk", "zamówien", "kurier")
        rows = [[1.0, 0.1] if any(w in t.lower() for w in words) else [0.0, 1.0] for t in texts]
        return np.asarray(rows, dtype=np.float32) / np.linalg.norm(rows, axis=1, keepdims=True)


def test_embedding_matches_what_the_phrases_miss_and_is_cached(registry) -> None:
    embed = _Embed()
    message = "coś kombinujecie z tą przesyłką"
    assert registry.match(message) is None
    match = registry.match(message, embed=embed)
    assert match is not None and match.by == "embedding" and match.score >= 0.8
    registry.match(message, embed=embed)
    assert embed.calls == 3  # examples once, the message twice


def test_embedding_never_takes_a_general_question(registry) -> None:
    assert registry.match("ile kosztuje kurier?", embed=_Embed()) is None
