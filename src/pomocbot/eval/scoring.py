"""Run and score one evaluation case: answer a question, play a conversation, detect personal data.

Each function turns a case of :mod:`pomocbot.eval.formats` into a row of
:mod:`pomocbot.eval.results` with the figures and the failures spelled out;
:func:`~pomocbot.eval.runner.evaluate` calls them once per configuration
(its docstring says how answers, abstentions and latencies are taken).

>>> from pomocbot import Assistant, AssistantConfig, Document
>>> from pomocbot.eval.formats import QuestionCase
>>> assistant = Assistant(AssistantConfig(drafting={"abstain_below": 0.0}))
>>> _ = assistant.add_documents([Document(id="zwroty", title="Zwroty",
...     text="Na zwrot towaru masz 14 dni od dnia odbioru paczki.")])
>>> case = QuestionCase(id="q1", question="Ile mam dni na zwrot towaru?", gold=["zwroty"], answer="14 dni")
>>> (row,) = run_questions(assistant, [case], threshold=0.0, k_max=3, advance=lambda: None)
>>> row.ranked, row.contained, row.failures
(['zwroty'], True, [])
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import timedelta

from pomocbot.assistant import Assistant
from pomocbot.errors import PomocbotError
from pomocbot.eval import metrics
from pomocbot.eval.formats import ConversationCase, PIICase, QuestionCase
from pomocbot.eval.results import ConversationRow, PIIRow, QuestionRow

__all__ = ["PRIORITY_RANK", "TURN_GAP", "Advance", "run_conversations", "run_pii", "run_questions"]

TURN_GAP = timedelta(minutes=2)
"""Time between two turns of a played conversation (escalation reads how fast a customer writes)."""
PRIORITY_RANK = {"P1": 1, "P2": 2, "P3": 3, "P4": 4}
"""Order of escalation priorities, most urgent first: a conversation keeps its most urgent one."""
Advance = Callable[[], None]
"""Called once per finished case (a progress bar step)."""


# -- questions ---------------------------------------------------------------
def run_questions(assistant: Assistant, cases: list[QuestionCase], threshold: float, k_max: int,
                  advance: Advance) -> list[QuestionRow]:
    """One row per question: answered, ranked to ``k_max``, judged against ``threshold``, redacted.

    Example in the module docstring.
    """
    rows = []
    for case in cases:
        rows.append(_question_row(assistant, case, threshold, k_max))
        advance()
    return rows


def _question_row(assistant: Assistant, case: QuestionCase, threshold: float, k_max: int) -> QuestionRow:
    return _redacted(assistant, _answered(assistant, case, threshold, k_max))


def _answered(assistant: Assistant, case: QuestionCase, threshold: float, k_max: int) -> QuestionRow:
    row = QuestionRow(id=case.id, question=case.question, gold=case.gold, expected=case.answers,
                      should_abstain=case.should_abstain)
    started = time.perf_counter()
    try:
        reply = assistant.reply(case.question)
    except PomocbotError as exc:
        row.latency_ms = round(1000 * (time.perf_counter() - started), 3)
        row.failures.append(f"error: {type(exc).__name__}")
        return row
    row.latency_ms = round(1000 * (time.perf_counter() - started), 3)
    started = time.perf_counter()
    try:
        hits = assistant.search(reply.query or reply.redacted_message or case.question, k=3 * k_max)
    except PomocbotError:
        hits = []
    row.search_ms = round(1000 * (time.perf_counter() - started), 3)
    row.ranked = metrics.unique(h.doc_id for h in hits)[:k_max]
    row.confidence = reply.confidence
    row.answer = reply.answer
    row.cited = [c.doc_id for c in reply.citations]
    row.abstained = reply.abstained or reply.confidence < threshold
    row.supported_sentences = sum(v.supported for v in reply.grounding)
    row.verified_sentences = len(reply.grounding)
    if case.answers:
        row.contained = metrics.answer_contained(reply.answer, case.answers)
    if case.should_abstain:
        row.correct = row.abstained
    elif not row.abstained:
        row.correct = (row.contained if row.contained is not None
                       else bool(row.cited) and row.cited[0] in case.gold)
    row.failures = _question_failures(row, reply.abstained, reply.metadata.get("abstain_reason"),
                                      threshold, k_max)
    return row


def _redacted(assistant: Assistant, row: QuestionRow) -> QuestionRow:
    """``row`` with its texts redacted when privacy is on, one numbering for all ("[TELEFON_1]").

    A scratch conversation, forgotten at once; texts that cannot be redacted are not shown.
    """
    if not assistant.config.privacy.enabled:
        return row
    scratch = f"eval-report-{uuid.uuid4().hex}"
    redactor = None
    try:
        redactor = assistant.redactor

        def redact(text: str) -> str:
            return redactor.redact(text, scratch).text if text.strip() else text

        question, answer = redact(row.question), redact(row.answer)
        expected = [redact(text) for text in row.expected]
    except PomocbotError as exc:
        hidden = f"[nie pokazano: {type(exc).__name__}]"
        question, answer, expected = hidden, hidden if row.answer else "", [hidden for _ in row.expected]
    finally:
        if redactor is not None:
            redactor.forget(scratch)
            if redactor.vault is not None:
                redactor.vault.forget(scratch)
    return row.model_copy(update={"question": question, "answer": answer, "expected": expected})


def _question_failures(row: QuestionRow, drafter_abstained: bool, reason: object, threshold: float,
                       k_max: int) -> list[str]:
    failures = []
    if row.gold and not set(row.gold) & set(row.ranked):
        failures.append(f"no gold document in the top {k_max}")
    if row.should_abstain and not row.abstained:
        failures.append(f"answered a question it should not "
                        f"(confidence {row.confidence:.2f} >= {threshold:.2f})")
    if not row.should_abstain and row.abstained:
        why = reason if drafter_abstained and reason else f"confidence {row.confidence:.2f} < {threshold:.2f}"
        failures.append(f"abstained ({why})")
    if not row.abstained and not row.should_abstain:
        if row.contained is False:
            failures.append("answer lacks the expected value")
        if row.gold and row.cited and not set(row.cited) & set(row.gold):
            failures.append("cites no gold document")
    return failures


# -- conversations -------------------------------------------------------------
def run_conversations(assistant: Assistant, run: str, cases: list[ConversationCase],
                      advance: Advance) -> list[ConversationRow]:
    """One row per conversation, played turn by turn as ``eval-{run}-{id}`` and forgotten after.

    The first escalating turn, the reasons of all and the most urgent priority are compared with the
    expected escalation.
    """
    rows = []
    for case in cases:
        rows.append(_play(assistant, run, case))
        advance()
    return rows


def _play(assistant: Assistant, run: str, case: ConversationCase) -> ConversationRow:
    expected = case.expected
    row = ConversationRow(id=case.id, turns=len(case.turns), expected_escalate=expected.escalate,
                          expected_reasons=expected.reasons, expected_priority=expected.priority,
                          expected_queue=expected.queue, expected_turn=expected.turn)
    cid = f"eval-{run}-{case.id}"
    decisions = []
    try:
        for i, message in enumerate(case.turns):
            started = time.perf_counter()
            reply = assistant.reply(message, conversation_id=cid, customer=case.customer,
                                    now=case.at + TURN_GAP * i)
            row.latency_ms.append(round(1000 * (time.perf_counter() - started), 3))
            decisions.append(reply.escalation)
    except PomocbotError as exc:
        row.failures.append(f"error at turn {len(decisions)}: {type(exc).__name__}")
        return row
    finally:
        assistant.forget(cid)
    handed = {i: d for i, d in enumerate(decisions) if d is not None and d.escalate}
    escalating = sorted(handed)
    row.escalated = bool(escalating)
    if escalating:
        row.first_turn = escalating[0]
        row.reasons = sorted({r.code for d in handed.values() for r in d.reasons})
        row.priority = min((d.priority for d in handed.values()), key=lambda p: PRIORITY_RANK.get(p, 9))
        at_turn = expected.turn if expected.turn is not None else len(decisions) - 1
        row.queue = handed[at_turn if at_turn in handed else escalating[0]].queue
    row.failures = _conversation_failures(row)
    return row


def _conversation_failures(row: ConversationRow) -> list[str]:
    if not row.expected_escalate:
        if not row.escalated:
            return []
        return [f"escalated without need at turn {row.first_turn} ({', '.join(row.reasons)})"]
    if not row.escalated:
        return [f"missed escalation (expected {', '.join(row.expected_reasons) or 'any reason'})"]
    failures = []
    if row.expected_turn is not None and (row.first_turn or 0) > row.expected_turn:
        failures.append(f"late: first escalation at turn {row.first_turn}, expected by {row.expected_turn}")
    missing = sorted(set(row.expected_reasons) - set(row.reasons))
    if missing:
        failures.append(f"missing reasons: {', '.join(missing)}")
    if row.expected_priority and row.priority != row.expected_priority:
        failures.append(f"priority {row.priority}, expected {row.expected_priority}")
    if row.expected_queue and row.queue != row.expected_queue:
        failures.append(f"queue {row.queue!r}, expected {row.expected_queue!r}")
    return failures


# -- personal data ---------------------------------------------------------------
def run_pii(assistant: Assistant, cases: list[PIICase], rule: str, advance: Advance) -> list[PIIRow]:
    """One row per text: the detector's spans matched to the gold ones by ``rule`` (see
    :func:`~pomocbot.eval.metrics.match_spans`), misses and false alarms listed."""
    redactor = assistant.redactor
    rows = []
    for case in cases:
        gold = [(s.type, s.start, s.end) for s in case.entities]
        started = time.perf_counter()
        found = redactor.detect(case.text)
        latency = round(1000 * (time.perf_counter() - started), 3)
        predicted = [(e.entity_type, e.start, e.end) for e in found]
        pairs = metrics.match_spans(gold, predicted, rule)
        matched_gold, matched_pred = {i for i, _ in pairs}, {j for _, j in pairs}
        rows.append(PIIRow(id=case.id, gold=gold, predicted=predicted, latency_ms=latency,
                           missed=[s for i, s in enumerate(gold) if i not in matched_gold],
                           false_alarms=[s for j, s in enumerate(predicted) if j not in matched_pred]))
        advance()
    return rows
