"""Handoff summary: intent, summary, answers with citations, open questions, deadlines, no raw PII."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pomocbot.conversation.base import Turn
from pomocbot.escalate.handoff import add_months, build_handoff, shorten
from pomocbot.types import EscalationReason, FrustrationAssessment

pytestmark = pytest.mark.unit

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def turns_of(*items: tuple[str, str, dict[str, object]], start: datetime = T0) -> list[Turn]:
    return [Turn(role=role, text=text, at=start + timedelta(minutes=i), metadata=meta)  # type: ignore[arg-type]
            for i, (role, text, meta) in enumerate(items)]


COMPLAINT_CHAT = turns_of(
    ("customer", "Dzień dobry, jak złożyć reklamację butów?", {}),
    ("assistant", "Reklamację złożysz formularzem w zakładce Zwroty [1].",
     {"abstained": False, "cited": ["zwroty/reklamacje"]}),
    ("customer", "A czy zwrócicie koszt przesyłki?", {}),
    ("assistant", "Nie znalazłem tej informacji.", {"abstained": True}),
    ("customer", "Buty się rozkleiły, nazywam się [OSOBA_1], PESEL [PESEL]. "
                 "Chcę rozmawiać z konsultantem!", {}),
)
REASONS = [EscalationReason(code="complaint", detail="reklamacja towaru z wadą lub uszkodzeniem"),
           EscalationReason(code="explicit_request", detail="klient prosi o rozmowę z człowiekiem")]
FRUSTRATION = FrustrationAssessment(score=0.6, level="zdenerwowany", trend="rośnie",
                                    per_message=[0.1, 0.2, 0.6])


def test_full_summary() -> None:
    summary = build_handoff(COMPLAINT_CHAT, REASONS, FRUSTRATION, {"OSOBA": 1, "PESEL": 1},
                            now=T0 + timedelta(minutes=5), cited=["zwroty/reklamacje"])
    assert summary.intent.startswith("reklamacja / zwrot: „Dzień dobry, jak złożyć reklamację butów")
    assert summary.summary.count(".") >= 2 and summary.summary.startswith("Klient zapytał:")
    assert "Powód przekazania: reklamacja towaru" in summary.summary
    assert summary.tried_answers[0].endswith("(źródła: zwroty/reklamacje)")
    assert summary.open_questions[0] == "A czy zwrócicie koszt przesyłki?"
    assert summary.open_questions[-1].startswith("Buty się rozkleiły")
    assert summary.entities == {"OSOBA": 1, "PESEL": 1}
    assert "rośnie" in summary.sentiment_trend and "0.10 → 0.20 → 0.60" in summary.sentiment_trend
    assert len(summary.next_steps) == 2
    assert summary.deadlines == ["Odpowiedź na reklamację: do 16 listopada 2026 (14 dni od 2 listopada 2026, "
                                 "art. 7a ustawy o prawach konsumenta)"]
    assert "Terminy ustawowe:" in summary.text and "PESEL ×1" in summary.text
    data = json.loads(summary.model_dump_json())
    assert data["entities"] == {"OSOBA": 1, "PESEL": 1} and data["text"] == summary.text


@pytest.mark.parametrize(("start", "complaint_end", "rodo_end"), [
    (date(2026, 11, 2), "16 listopada 2026", "2 grudnia 2026"),
    (date(2026, 1, 31), "14 lutego 2026", "28 lutego 2026"),
    (date(2028, 1, 31), "14 lutego 2028", "29 lutego 2028"),       # leap year
    (date(2026, 12, 20), "3 stycznia 2027", "20 stycznia 2027"),   # across the year
    (date(2026, 3, 31), "14 kwietnia 2026", "30 kwietnia 2026"),
])
def test_deadline_arithmetic(start: date, complaint_end: str, rodo_end: str) -> None:
    at = datetime(start.year, start.month, start.day, 12, tzinfo=timezone.utc)
    chat = turns_of(("customer", "Towar uszkodzony. Usuńcie też moje dane.", {}), start=at)
    reasons = [EscalationReason(code="complaint"), EscalationReason(code="data_protection")]
    deadlines = build_handoff(chat, reasons, None, {}, now=at, cited=[]).deadlines
    assert deadlines[0].startswith(f"Odpowiedź na reklamację: do {complaint_end} ")
    assert deadlines[1].startswith(f"Odpowiedź na żądanie RODO: do {rodo_end} ")


def test_deadline_uses_warsaw_day_and_first_mention() -> None:
    # 23:30 UTC on 31 Dec is already 1 January in Warsaw
    late = datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc)
    chat = turns_of(("customer", "Usuńcie moje dane", {}), start=late)
    reasons = [EscalationReason(code="data_protection")]
    deadlines = build_handoff(chat, reasons, None, {}, now=late, cited=[]).deadlines
    assert "do 1 lutego 2027" in deadlines[0]
    no_deadline = build_handoff(chat, [EscalationReason(code="loop")], None, {}, now=late, cited=[])
    assert no_deadline.deadlines == []


def test_add_months_and_shorten() -> None:
    assert add_months(date(2026, 5, 31), 1) == date(2026, 6, 30)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert shorten("krótko") == "krótko"


def test_empty_conversation() -> None:
    summary = build_handoff([], [], None, {}, now=T0, cited=[])
    assert summary.intent == "pytanie ogólne" and summary.sentiment_trend == "brak oceny"
    assert summary.next_steps and summary.text


PLACEHOLDERS = st.sampled_from(["[PESEL]", "[OSOBA_1]", "[TELEFON]", "[EMAIL]", "[ADRES]", "[NIP]"])
WORDS = st.sampled_from(["reklamacja", "paczka", "zwrot", "dane", "konsultant", "proszę", "zamówienie",
                         "buty"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.one_of(PLACEHOLDERS, WORDS), min_size=1, max_size=12), min_size=1, max_size=5))
def test_placeholders_stay_placeholders(messages: list[list[str]]) -> None:
    items: list[tuple[str, str, dict[str, object]]] = []
    for words in messages:
        items.append(("customer", " ".join(words), {}))
        items.append(("assistant", "Odpowiedź [1].", {"abstained": False, "cited": ["zwroty"]}))
    summary = build_handoff(turns_of(*items), [EscalationReason(code="complaint")], None, {"PESEL": 2},
                            now=T0, cited=[])
    rendered = summary.text + " " + " ".join(summary.summary.split())
    allowed = {"[PESEL]", "[OSOBA_1]", "[TELEFON]", "[EMAIL]", "[ADRES]", "[NIP]", "[1]"}
    # placeholders are either copied whole or cut away whole (shortening cuts at word boundaries)
    assert set(re.findall(r"\[[^\s\]]*\]?", rendered)) <= allowed
    assert not re.search(r"\d{9,}", rendered)
