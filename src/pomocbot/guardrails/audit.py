"""Audit trail of personal-data handling: one record per turn, never a value.

RODO art. 5(2) and 30 ask a controller to show what personal data it
processed and how. An :class:`AuditRecord` says, for one customer turn, which
types of personal data were found where (character positions in the message),
by which recognizer, and how they were replaced — but never the values, so
the trail itself holds no personal data beyond the conversation id.

Records are kept in an :class:`AuditLog` (in memory, bounded: the oldest go
first) that a backend reads with ``assistant.audit_log.records("c-1")`` and
that :meth:`~pomocbot.Assistant.forget` erases with the conversation. Each
record is also emitted as an INFO record on the logger ``pomocbot.audit``
with the record's fields in ``extra={"audit": {...}}``, for a backend that
ships logs to its own audit store.

>>> from pomocbot.types import PIIEntity
>>> log = AuditLog(max_records=100)
>>> record = AuditRecord.from_entities(
...     [PIIEntity(entity_type="PESEL", start=12, end=23, score=1.0, recognizer="PlPeselRecognizer")],
...     conversation_id="c-1", turn=0, mode="placeholder")
>>> log.append(record)
>>> [(r.counts, r.entities[0].start) for r in log.records("c-1")]
[({'PESEL': 1}, 12)]
>>> log.forget("c-1"), log.records("c-1")
(1, [])
"""

from __future__ import annotations

import logging
import threading
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone

from pydantic import BaseModel, ConfigDict, Field

from pomocbot.errors import InvalidConversationIdError
from pomocbot.guardrails.base import checked_conversation_id
from pomocbot.types import PIIEntity

__all__ = ["AUDIT_LOGGER", "AuditEntity", "AuditLog", "AuditRecord"]

AUDIT_LOGGER = "pomocbot.audit"

audit_logger = logging.getLogger(AUDIT_LOGGER)


# An audit entry is exactly a PIIEntity: type, position, score, recognizer — never a value.
AuditEntity = PIIEntity


class AuditRecord(BaseModel):
    """What personal-data handling happened in one turn.

    ``entities`` are positions in the customer's message (after it was
    stripped and cut to ``retrieval.max_query_chars``); ``counts`` per type;
    ``recognizers`` the distinct recognizer names; ``mode`` the redaction mode.

    >>> AuditRecord(conversation_id="c-1", turn=2, mode="mask").counts
    {}
    """

    model_config = ConfigDict(frozen=True)

    conversation_id: str | None
    turn: int | None = None
    at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    mode: str
    entities: list[AuditEntity] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict)
    recognizers: list[str] = Field(default_factory=list)

    @classmethod
    def from_entities(cls, entities: Sequence[PIIEntity], *, conversation_id: str | None, turn: int | None,
                      mode: str, at: datetime | None = None) -> AuditRecord:
        """The record of one turn from the entities its redaction found (values are not passed in)."""
        audit_entities = list(entities)
        counts = Counter(e.entity_type for e in entities)
        recognizers = sorted({e.recognizer for e in entities if e.recognizer})
        return cls(conversation_id=conversation_id, turn=turn, mode=mode, entities=audit_entities,
                   counts=dict(sorted(counts.items())), recognizers=recognizers,
                   **({"at": at} if at else {}))


class AuditLog:
    """Thread-safe, bounded, in-memory list of :class:`AuditRecord`, oldest first.

    ``max_records`` bounds memory: when full, the oldest record is dropped
    (ship records to a durable store through the ``pomocbot.audit`` logger if
    they must outlive that). ``emit`` logs each appended record at INFO.

    >>> log = AuditLog(max_records=2, emit=False)
    >>> for turn in range(3):
    ...     log.append(AuditRecord(conversation_id="c-1", turn=turn, mode="mask"))
    >>> [r.turn for r in log.records()], len(log)
    ([1, 2], 2)
    """

    def __init__(self, max_records: int = 10_000, *, emit: bool = True) -> None:
        if max_records < 1:
            raise ValueError(f"max_records must be at least 1, got {max_records}")
        self.max_records = max_records
        self.emit = emit
        self._records: deque[AuditRecord] = deque(maxlen=max_records)
        self._lock = threading.Lock()

    def append(self, record: AuditRecord) -> None:
        """Keep ``record`` (dropping the oldest when full) and log it at INFO on ``pomocbot.audit``."""
        with self._lock:
            self._records.append(record)
        if self.emit and audit_logger.isEnabledFor(logging.INFO):
            counts = ", ".join(f"{kind}={n}" for kind, n in record.counts.items()) or "none"
            audit_logger.info("personal data in conversation %s turn %s: %s (mode %s)",
                              record.conversation_id, record.turn, counts, record.mode,
                              extra={"audit": record.model_dump(mode="json")})

    def records(self, conversation_id: str | None = None) -> list[AuditRecord]:
        """Records of one conversation (all when None), oldest first."""
        conversation_id = checked_conversation_id(conversation_id)
        with self._lock:
            if conversation_id is None:
                return list(self._records)
            return [r for r in self._records if r.conversation_id == conversation_id]

    def forget(self, conversation_id: str) -> int:
        """Erase a conversation's records; returns how many were erased."""
        return self.forget_many([checked_conversation_id(conversation_id)])

    def forget_many(self, conversation_ids: Iterable[str]) -> int:
        """Erase the records of several conversations; returns how many were erased."""
        if isinstance(conversation_ids, str) or not isinstance(conversation_ids, Iterable):
            raise InvalidConversationIdError(f"forget_many() takes conversation ids (str), not a "
                                             f"{type(conversation_ids).__name__}")
        ids = {checked_conversation_id(cid) for cid in conversation_ids}
        if not ids:
            return 0
        with self._lock:
            kept = [r for r in self._records if r.conversation_id not in ids]
            erased = len(self._records) - len(kept)
            if erased:
                self._records.clear()
                self._records.extend(kept)
        return erased

    def clear(self) -> None:
        with self._lock:
            self._records.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._records)

    def __repr__(self) -> str:
        return f"AuditLog(records={len(self)}, max_records={self.max_records})"
