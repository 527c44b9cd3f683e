"""Handoff summary for the consultant: intent, short summary, answers, open questions, deadlines.

Everything is extracted from the (already redacted) turns, so placeholders
such as ``[PESEL]`` stay placeholders; personal data appears only as types
and counts. Statutory deadlines: a complaint must be answered within 14
days (art. 7a ustawy o prawach konsumenta), a RODO request within one month
(art. 12 ust. 3 RODO), counted from the day of the customer's message;
"one month" is calendar arithmetic: 31 January + 1 month = 28 (29) February.

>>> from datetime import datetime, timezone
>>> at = datetime(2026, 1, 31, 10, tzinfo=timezone.utc)
>>> turns = [Turn(role="customer", text="Usuńcie moje dane, [OSOBA_1].", at=at)]
>>> summary = build_handoff(turns, [EscalationReason(code="data_protection")], None, {"OSOBA": 1},
...                         now=at, cited=[])
>>> summary.deadlines
['Odpowiedź na żądanie RODO: do 28 lutego 2026 (miesiąc od 31 stycznia 2026, art. 12 ust. 3 RODO)']
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pomocbot.codes import REASONS, ReasonCode
from pomocbot.conversation.base import Turn
from pomocbot.conversation.meta import assistant_meta
from pomocbot.escalate.hours import polish_date
from pomocbot.escalate.policy import topic_queue
from pomocbot.escalate.triggers import fold_for_matching
from pomocbot.types import EscalationReason, FrustrationAssessment, HandoffSummary

__all__ = ["NEXT_STEPS", "add_months", "answer_text", "build_handoff", "shorten"]

NEXT_STEPS: dict[str, str] = {spec.code.value: spec.next_step for spec in REASONS.values()}
"""Reason code -> the consultant's first step (``ReasonSpec.next_step``)."""
_INTENT_LABELS = {"reklamacje": "reklamacja / zwrot", "płatności": "płatność", "dostawa": "dostawa",
                  "konto": "konto klienta", "RODO": "dane osobowe (RODO)"}
_WARSAW = ZoneInfo("Europe/Warsaw")
_SENTENCE_END = re.compile(r"[.!?…]+$")


_PSEUDONYM_MARK = re.compile(r" \(fikcyjn[ya]\)")


def shorten(text: str, limit: int = 120) -> str:
    """One line of at most ``limit`` characters, cut at a word boundary with "…".

    >>> shorten("Zwrot jest bezpłatny przez 30 dni od dnia otrzymania paczki.", 30)
    'Zwrot jest bezpłatny przez 30…'
    >>> shorten("Proszę oddzwonić pod numer +48 078 253 715 (fikcyjny) w sprawie zwrotu.", 50)
    'Proszę oddzwonić pod numer…'
    """
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    # Never cut a pseudonym from its mark: "078 253 715 (fikcyjny)" must not become "078 253 715…".
    marks = [m.span() for m in _PSEUDONYM_MARK.finditer(line)]
    for start, end in marks:
        value_start = line.rfind(" ", 0, max(0, start - 12))  # the pseudonym itself, before its mark
        if value_start < len(cut) < end:
            cut = line[:max(0, value_start)].rstrip(",;: ")
    return f"{cut}…"


def add_months(day: date, months: int = 1) -> date:
    """Calendar month arithmetic: the same day ``months`` later, or that month's last day.

    >>> add_months(date(2026, 1, 31)), add_months(date(2028, 1, 31)), add_months(date(2026, 12, 15))
    (datetime.date(2026, 2, 28), datetime.date(2028, 2, 29), datetime.date(2027, 1, 15))
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _long_date(day: date) -> str:
    return f"{polish_date(day)} {day.year}"


def _quote(text: str, limit: int = 110) -> str:
    return f"„{_SENTENCE_END.sub('', shorten(text, limit))}”"


def _cited_names(items: Sequence[Any]) -> list[str]:
    names = []
    for item in items:
        if isinstance(item, str):
            names.append(item)
        else:  # a Citation or Hit
            doc_id = getattr(item, "doc_id", "")
            number = getattr(item, "number", None)
            names.append(f"[{number}] {doc_id}" if number else str(doc_id))
    return list(dict.fromkeys(names))


def _day(moment: datetime) -> date:
    """The Warsaw calendar day of ``moment`` (naive moments are taken as local)."""
    return moment.astimezone(_WARSAW).date() if moment.tzinfo else moment.date()


def _trigger_day(turns: Sequence[Turn], pattern: re.Pattern[str], now: datetime) -> date:
    """The day of the first customer message matching ``pattern``, else of the last one, else ``now``."""
    customer = [turn for turn in turns if turn.role == "customer"]
    for turn in customer:
        if pattern.search(fold_for_matching(turn.text)):
            return _day(turn.at)
    return _day(customer[-1].at) if customer else _day(now)


# The words that start the clock: the day the customer first raised the matter.
_DEADLINE_WORDS: dict[str, re.Pattern[str]] = {
    ReasonCode.COMPLAINT: re.compile(r"\b(?:reklamac|uszkodz|zepsu|wad|zwrot|odmow|odrzuc|nie\W+dziala)"),
    ReasonCode.DATA_PROTECTION: re.compile(r"\b(?:rodo|dane|danych|zgod|art\w*\W*1[57]|zapomnian)"),
}


def _deadlines(codes: set[str], turns: Sequence[Turn], now: datetime) -> list[str]:
    """The statutory deadlines (``ReasonSpec.deadline``) of the reasons, in severity order."""
    deadlines = []
    for code, spec in REASONS.items():
        deadline = spec.deadline
        if deadline is None or code not in codes:
            continue
        start = _trigger_day(turns, _DEADLINE_WORDS[code], now)
        if deadline.months:
            span = "miesiąc" if deadline.months == 1 else f"{deadline.months} miesiące"
            end = add_months(start, deadline.months)
        else:
            end, span = start + timedelta(days=deadline.days), f"{deadline.days} dni"
        deadlines.append(f"{deadline.what}: do {_long_date(end)} ({span} od {_long_date(start)}, "
                         f"{deadline.basis})")
    return deadlines


def answer_text(turn: Turn) -> str:
    """What the assistant answered, without the greeting and sign-off (stored as ``metadata["answer"]``)."""
    answer = assistant_meta(turn).answer
    return turn.text if answer is None else answer


def _summary(turns: Sequence[Turn], reasons: Sequence[EscalationReason]) -> str:
    """2–4 sentences: first question, the bot's first answer, the last message, why it is handed over."""
    customer = [turn for turn in turns if turn.role == "customer"]
    answers = [turn for turn in turns if turn.role == "assistant"]
    sentences = []
    if customer:
        sentences.append(f"Klient zapytał: {_quote(customer[0].text)}.")
    if answers:
        first = answers[0]
        if assistant_meta(first).abstained:
            sentences.append("Asystent nie znalazł odpowiedzi w bazie wiedzy.")
        else:
            sentences.append(f"Asystent odpowiedział: {_quote(answer_text(first))}.")
    if len(customer) > 1:
        sentences.append(f"Ostatnio klient napisał: {_quote(customer[-1].text)}.")
    details = ", ".join(dict.fromkeys(reason.detail or reason.code for reason in reasons))
    sentences.append(f"Powód przekazania: {details}." if details else "Rozmowa przekazana do konsultanta.")
    return " ".join(sentences[:4])


def _render(summary: HandoffSummary) -> str:
    lines = [f"Intencja: {summary.intent}", f"Podsumowanie: {summary.summary}"]
    sections = [("Odpowiedzi asystenta", summary.tried_answers), ("Otwarte pytania", summary.open_questions),
                ("Sugerowane kroki", summary.next_steps), ("Terminy ustawowe", summary.deadlines)]
    lines.append(f"Nastrój klienta: {summary.sentiment_trend}")
    entities = ", ".join(f"{kind} ×{count}" for kind, count in summary.entities.items())
    lines.append(f"Dane osobowe w rozmowie (typy): {entities or 'brak'}")
    for title, items in sections:
        if items:
            lines.append(f"{title}:")
            lines.extend(f"- {item}" for item in items)
    return "\n".join(lines)


def build_handoff(
    turns: Sequence[Turn],
    reasons: Sequence[EscalationReason],
    frustration: FrustrationAssessment | None,
    pii_types: Mapping[str, int],
    *,
    now: datetime,
    cited: Sequence[Any],
) -> HandoffSummary:
    """What a consultant needs to take over (Polish, from redacted turns only).

    ``turns`` is the conversation including the current customer message;
    ``pii_types`` the personal-data types found and their counts; ``cited``
    the current reply's citations (``Citation`` objects or doc ids). JSON:
    ``summary.model_dump_json()``.
    """
    customer = [turn for turn in turns if turn.role == "customer"]
    topic = next((q for q in (topic_queue(turn.text) for turn in customer) if q), None)
    codes: set[str] = {reason.code for reason in reasons}
    if "complaint" in codes or "data_protection" in codes:  # the reason names the matter better than words
        topic = "reklamacje" if "complaint" in codes else "RODO"
    label = _INTENT_LABELS.get(topic or "", "kontakt z konsultantem" if any(
        r.code == "explicit_request" for r in reasons) else "pytanie ogólne")
    intent = f"{label}: {_quote(customer[0].text, 90)}" if customer else label

    tried, open_questions = [], []
    for i, turn in enumerate(turns):
        if turn.role == "customer":
            following = next((t for t in turns[i + 1:] if t.role == "assistant"), None)
            if following is None or assistant_meta(following).abstained:
                open_questions.append(shorten(turn.text))
        elif not assistant_meta(turn).abstained and answer_text(turn):  # courtesy replies have no answer
            sources = _cited_names(assistant_meta(turn).cited)
            suffix = f" (źródła: {', '.join(sources)})" if sources else ""
            tried.append(f"{_quote(answer_text(turn))}{suffix}")
    if cited:
        tried.append(f"Bieżąca odpowiedź oparta na: {', '.join(_cited_names(cited))}")

    if frustration is None:
        trend = "brak oceny"
    else:
        trend = (f"{frustration.level.label} (wynik {frustration.score:.2f}), "
                 f"trend: {frustration.trend.label}")
        if frustration.per_message:
            trend += " — " + " → ".join(f"{score:.2f}" for score in frustration.per_message)

    steps = [NEXT_STEPS[reason.code] for reason in reasons if reason.code in NEXT_STEPS]
    summary = HandoffSummary(
        intent=intent,
        summary=_summary(turns, reasons),
        tried_answers=tried,
        open_questions=list(dict.fromkeys(open_questions)),
        sentiment_trend=trend,
        entities={kind: int(count) for kind, count in sorted(pii_types.items()) if count},
        next_steps=list(dict.fromkeys(steps)) or ["Przejąć rozmowę i odpowiedzieć klientowi."],
        deadlines=_deadlines(codes, turns, now),
    )
    return summary.model_copy(update={"text": _render(summary)})
