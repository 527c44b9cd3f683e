"""Audit records: one per turn, types/counts/positions/recognizers, never values; bounded; erasable."""

from __future__ import annotations

import logging
import threading

import pytest

from pomocbot.guardrails import AUDIT_LOGGER, AuditLog, AuditRecord, Redactor
from tests.guardrails.fake_detector import FakeDetector

pytestmark = pytest.mark.unit

PESEL = "02070803628"
EMAIL = "jan.kowalski@wp.pl"
MESSAGE = f"Mój PESEL {PESEL}, mail {EMAIL}, drugi mail ola@onet.pl"


def record_of(message: str = MESSAGE, conversation_id: str | None = "c-1", turn: int = 0) -> AuditRecord:
    redaction = Redactor(FakeDetector(), "placeholder").redact(message, conversation_id)
    return AuditRecord.from_entities(redaction.entities, conversation_id=conversation_id, turn=turn,
                                     mode=redaction.mode)


def test_record_has_types_counts_positions_and_recognizers() -> None:
    record = record_of()
    assert record.counts == {"EMAIL": 2, "PESEL": 1}
    assert [(e.entity_type, MESSAGE[e.start:e.end]) for e in record.entities] == [
        ("PESEL", PESEL), ("EMAIL", EMAIL), ("EMAIL", "ola@onet.pl")]
    assert record.recognizers == ["FakeEmailRecognizer", "FakePeselRecognizer"]
    assert record.mode == "placeholder" and record.turn == 0 and record.at.tzinfo is not None


def test_record_holds_no_value() -> None:
    dumped = record_of().model_dump_json()
    for value in (PESEL, EMAIL, "ola@onet.pl", "onet"):
        assert value not in dumped


def test_log_keeps_records_per_conversation_and_forgets_them() -> None:
    log = AuditLog(emit=False)
    log.append(record_of(conversation_id="c-1", turn=0))
    log.append(record_of(conversation_id="c-2", turn=0))
    log.append(record_of(conversation_id="c-1", turn=1))
    assert [r.turn for r in log.records("c-1")] == [0, 1]
    assert len(log.records()) == 3
    assert log.forget("c-1") == 2
    assert log.forget("c-1") == 0
    assert [r.conversation_id for r in log.records()] == ["c-2"]
    assert log.forget_many(["c-2", "c-3"]) == 1 and len(log) == 0


def test_log_is_bounded_oldest_first_out() -> None:
    log = AuditLog(max_records=3, emit=False)
    for turn in range(5):
        log.append(AuditRecord(conversation_id="c", turn=turn, mode="mask"))
    assert [r.turn for r in log.records()] == [2, 3, 4]
    with pytest.raises(ValueError):
        AuditLog(max_records=0)


def test_each_record_is_logged_at_info_without_values(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    AuditLog().append(record_of())
    (logged,) = [r for r in caplog.records if r.name == AUDIT_LOGGER]
    assert logged.levelno == logging.INFO
    assert logged.getMessage() == ("personal data in conversation c-1 turn 0: EMAIL=2, PESEL=1 "
                                   "(mode placeholder)")
    assert logged.audit["counts"] == {"EMAIL": 2, "PESEL": 1}  # type: ignore[attr-defined]
    everything = repr(vars(logged)) + logged.getMessage()
    assert PESEL not in everything and EMAIL not in everything


def test_no_log_when_emit_is_off(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    AuditLog(emit=False).append(record_of())
    assert not [r for r in caplog.records if r.name == AUDIT_LOGGER]


def test_append_is_thread_safe() -> None:
    log = AuditLog(max_records=10_000, emit=False)

    def work(worker: int) -> None:
        for turn in range(300):
            log.append(AuditRecord(conversation_id=f"c-{worker}", turn=turn, mode="mask"))

    threads = [threading.Thread(target=work, args=(w,)) for w in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(log) == 1800
    assert [r.turn for r in log.records("c-3")] == list(range(300))
