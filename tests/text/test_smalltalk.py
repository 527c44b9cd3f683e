"""Courtesy messages are recognised narrowly; a question with a greeting is still a question."""

from __future__ import annotations

import pytest

from pomocbot.text.smalltalk import small_talk


@pytest.mark.parametrize(("message", "kind"), [
    ("Dzięki!", "thanks"),
    ("dzieki, to biore", "thanks"),
    ("DZIĘKUJĘ ŚLICZNIE", "thanks"),
    ("Dziękuję, wszystko jasne :)", "thanks"),
    ("thx", "thanks"),
    ("haha dzięki, kot będzie zawiedziony", "thanks"),
    ("Dzień dobry", "greeting"),
    ("witam serdecznie", "greeting"),
    ("hej", "greeting"),
    ("ok", "acknowledgement"),
    ("Okej, rozumiem", "acknowledgement"),
    ("To wszystko, do widzenia", "farewell"),
    ("Pozdrawiam", "farewell"),
    ("dzięki, to wszystko jasne", "thanks"),
])
def test_courtesy(message: str, kind: str) -> None:
    assert small_talk(message) == kind


@pytest.mark.parametrize("message", [
    "Dzień dobry, ile kosztuje kurier?",
    "dzięki, a jak zwrócić buty",
    "Dzień dobry, mam problem z zamówieniem",
    "witam, zamówienie nie doszło",
    "dzieki ale to nie pomoglo",
    "Dobry produkt, ale drogi",
    "ok, to poproszę o fakturę",
    "Czy mogę zapłacić BLIKiem?",
    "zamawiam",
    "Dziękuję, ale chciałabym jeszcze zapytać o raty i o to, jak długo trwa dostawa kurierem do Gdańska",
])
def test_questions_are_not_small_talk(message: str) -> None:
    assert small_talk(message) is None
