"""The front object: :class:`Assistant` wires knowledge, retrieval and (later) drafting.

>>> from pomocbot import Assistant, Document
>>> assistant = Assistant()
>>> report = assistant.add_documents([
...     Document(id="zwroty", title="Zwroty", text="Masz 14 dni na zwrot towaru bez podania przyczyny."),
...     Document(id="dostawa", title="Dostawa", text="Kurier DPD kosztuje 14,99 zł, Paczkomat 11,99 zł."),
... ])
>>> report.documents_added, len(assistant)
(2, 2)
>>> assistant.search("ile mam dni na zwrocenie towaru?", k=1)[0].doc_id
'zwroty'
"""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pomocbot import parts
from pomocbot.actions import ActionRegistry
from pomocbot.channels import channel_of
from pomocbot.config import AssistantConfig
from pomocbot.conversation import ConversationStore, Feedback, build_store
from pomocbot.conversation.locks import ConversationLocks, build_locks
from pomocbot.drafting.confidence import ConfidenceModel
from pomocbot.drafting.persona import Persona
from pomocbot.erasure import forget_conversation, purge_retention
from pomocbot.errors import InvalidArgumentError, InvalidConversationIdError
from pomocbot.guardrails.audit import AuditLog
from pomocbot.guardrails.base import PIIDetector
from pomocbot.guardrails.redaction import Redactor
from pomocbot.guardrails.vault import Vault
from pomocbot.inputs import ConversationIdCache, check_parts, checked_customer, checked_messages, checked_now
from pomocbot.knowledge.document import Document
from pomocbot.knowledge.loaders import load_directory
from pomocbot.knowledge.sanitise import changed_documents, sanitised_batch, warn_personal_data_left
from pomocbot.parts import build_detector, build_embedder, embedder_for_index  # re-exported here
from pomocbot.pipeline import Escalator, TurnPipeline
from pomocbot.retrieval.embedders import Embedder
from pomocbot.retrieval.index import KnowledgeIndex, ProgressCallback
from pomocbot.retrieval.persistence import load_index, save_index
from pomocbot.text.stemming import PolishStemmer
from pomocbot.types import FrustrationAssessment, Hit, IngestionReport, Redaction, Reply

if TYPE_CHECKING:
    from pomocbot.escalate.semantic import SemanticTriggers
    from pomocbot.escalate.tone import ToneClassifier

__all__ = ["Assistant", "build_detector", "build_embedder", "embedder_for_index"]

logger = logging.getLogger(__name__)


class Assistant:
    """A Polish customer-support assistant over a company's knowledge base.

    Every part not passed is built from ``config`` with an offline default.
    Methods are thread-safe (one lock per assistant).

    Privacy (``config.privacy``): the PII ``detector`` (default ``PolishPIIDetector``) and the
    ``redactor`` are built on first use unless passed; ``vault`` keeps the customer's values when
    ``privacy.vault`` is on (else None); ``audit_log`` holds one ``AuditRecord`` per turn.
    """

    def __init__(self, config: AssistantConfig | None = None, *, embedder: Embedder | None = None,
                 stemmer: PolishStemmer | None = None, llm: Any | None = None,
                 conversations: ConversationStore | None = None, confidence: ConfidenceModel | None = None,
                 detector: PIIDetector | None = None, redactor: Redactor | None = None,
                 actions: ActionRegistry | None = None, locks: ConversationLocks | None = None,
                 _index: KnowledgeIndex | None = None) -> None:
        check_parts(conversations=(conversations, ConversationStore),
                    confidence=(confidence, ConfidenceModel), redactor=(redactor, Redactor))
        self.config = parts.config_for_embedder(config or AssistantConfig(), embedder)
        self.embedder = embedder or (_index.embedder if _index else build_embedder(self.config))
        self.index = _index or KnowledgeIndex(self.config, self.embedder, stemmer)
        self._lock, cc = threading.RLock(), self.config.conversation
        # Turns of one conversation run one at a time, in this process or across workers (lock_url).
        self.locks = locks or build_locks(cc.lock_url, timeout_s=cc.lock_timeout_s, wait_s=cc.lock_wait_s)
        self._checked_ids = ConversationIdCache()
        self.last_report: IngestionReport | None = None
        self.conversations = conversations or build_store(self.config.conversation)
        self._detector = detector if detector is not None else (redactor.detector if redactor else None)
        self._redactor, self._privacy_lock = redactor, threading.Lock()
        self.vault: Vault | None = redactor.vault if redactor is not None else (
            Vault(self.config.conversation.retention_days) if self.config.privacy.vault else None)
        self.audit_log = AuditLog()
        llm = parts.build_llm(self.config, llm)
        self.escalator = Escalator(self.config, self.embedder)
        # One turn, step by step (guard → load → understand → retrieve → answer → escalate → compose →
        # persist → restore): see pomocbot.pipeline.runner.TurnPipeline.
        self._pipeline = TurnPipeline(
            self.config, redactor=lambda: self.redactor, conversations=self.conversations,
            audit_log=self.audit_log, index=self.index, index_lock=self._lock,
            answerer=parts.build_answerer(self.config, self.index, self.embedder, llm=llm,
                                          confidence=confidence),
            escalator=self.escalator, persona=Persona(self.config.persona), vault=self.vault, llm=llm,
            actions=actions)
        self.actions = self._pipeline.actions  # assistant.actions.register(order_status)

    def __len__(self) -> int:
        """Number of indexed chunks."""
        return len(self.index)

    def __repr__(self) -> str:
        return (f"Assistant(documents={len(self.index.documents)}, chunks={len(self.index)}, "
                f"embedder={self.embedder.name!r})")

    @property
    def document_ids(self) -> list[str]:
        """Ids of the indexed documents."""
        return list(self.index.documents)

    # -- knowledge base -------------------------------------------------
    @classmethod
    def from_directory(cls, path: str | Path, config: AssistantConfig | None = None, *,
                       embedder: Embedder | None = None,
                       progress: ProgressCallback | None = None) -> Assistant:
        """Load and index every supported file under ``path``; the report is in ``last_report``.

        Files that cannot be read are listed in ``assistant.last_report.failures``.
        """
        assistant = cls(config, embedder=embedder)
        assistant.add_directory(path, progress=progress)
        return assistant

    def add_directory(self, path: str | Path, *, progress: ProgressCallback | None = None) -> IngestionReport:
        """Upsert all documents of a folder (see :func:`pomocbot.knowledge.load_directory`)."""
        kc = self.config.knowledge
        documents, report = load_directory(path, encodings=kc.encodings, max_bytes=kc.max_file_bytes)
        return self.add_documents(documents, progress=progress, _report=report)

    def add_documents(self, documents: Iterable[Document], *, progress: ProgressCallback | None = None,
                      _report: IngestionReport | None = None) -> IngestionReport:
        """Insert new documents and replace changed ones (by id); unchanged ones cost nothing.

        Duplicate ids within one batch: the last one wins and the id is listed
        in ``report.duplicate_ids``.
        """
        # the detector is built only if a document needs checking
        documents, findings, left = sanitised_batch(documents, self.config, lambda t: self.redactor.detect(t))
        with self._lock:
            # Warn only for new and changed documents (compared before the upsert replaces them).
            changed = (changed_documents(documents, self.index.documents)
                       if self.config.privacy.warn_on_knowledge_pii else [])
            report = self.index.upsert(documents, progress=progress, report=_report)
            report.findings.extend(findings)
            report.warnings.extend(f"document {f.doc_id!r}: {f.detail} ({f.action})" for f in findings)
            self.last_report = report
        warn_personal_data_left(changed, left)
        return report

    def remove_documents(self, doc_ids: Iterable[str]) -> IngestionReport:
        """Delete documents by id; unknown ids are reported in ``report.warnings``."""
        with self._lock:
            report = self.index.remove(doc_ids)
            self.last_report = report
            return report

    # -- privacy --------------------------------------------------------
    @property
    def detector(self) -> PIIDetector:
        """The PII detector (built from ``config.privacy`` on first use unless one was passed)."""
        if self._detector is None:
            with self._privacy_lock:
                if self._detector is None:
                    self._detector = build_detector(self.config)
        return self._detector

    @property
    def redactor(self) -> Redactor:
        """The :class:`~pomocbot.guardrails.redaction.Redactor` of replies (built on first use)."""
        if self._redactor is None:
            detector = self.detector
            privacy = self.config.privacy
            with self._privacy_lock:
                if self._redactor is None:
                    self._redactor = Redactor(detector, privacy.mode, vault=self.vault,
                                              entities=privacy.entities, min_score=privacy.min_score)
        return self._redactor

    @property
    def tone_classifier(self) -> ToneClassifier | None:
        """The tone classifier shipped for this embedder (None if there is none or it is turned off)."""
        return self.escalator.tone_classifier

    @property
    def semantic_triggers(self) -> SemanticTriggers | None:
        """Handover reasons recognised by meaning (None without a model for this embedder, or turned off)."""
        return self.escalator.semantic_triggers

    def tone_of(self, text: str) -> float | None:
        """Deprecated (0.2): ``assistant.escalator.tone(assistant.index.query_vector(text))``."""
        warnings.warn("use assistant.escalator.tone(vector)", DeprecationWarning, stacklevel=2)
        return self.escalator.tone(self.index.query_vector(text))

    def semantic_codes_of(self, text: str) -> list[tuple[str, float]]:
        """Deprecated (0.2): ``assistant.escalator.semantic_codes(assistant.index.query_vector(text))``."""
        warnings.warn("use assistant.escalator.semantic_codes(vector)", DeprecationWarning, stacklevel=2)
        return self.escalator.semantic_codes(self.index.query_vector(text))

    def redact(self, text: str, conversation_id: str | None = None) -> Redaction:
        """``text`` with its personal data replaced in ``privacy.mode``, and where it was.

        Without a ``conversation_id`` placeholders are numbered within ``text``
        alone and nothing is kept; with one they continue that conversation's
        numbering (as :meth:`reply` does). Works whether or not
        ``privacy.enabled`` is on (that switch governs :meth:`reply`).

        >>> import re
        >>> from pomocbot.types import PIIEntity
        >>> class Pesels:  # a toy detector; the default is PolishPIIDetector
        ...     def detect(self, text):
        ...         return [PIIEntity(entity_type="PESEL", start=m.start(), end=m.end(), score=1.0)
        ...                 for m in re.finditer(r"[0-9]{11}", text)]
        >>> Assistant(detector=Pesels()).redact("Mój PESEL to 02070803628").text
        'Mój PESEL to [PESEL_1]'
        """
        return self.redactor.redact(text, conversation_id)

    def purge_expired(self, now: datetime | None = None) -> list[str]:
        """Erase conversations idle longer than ``conversation.retention_days``; returns their ids.

        Turns, vault values, placeholder state and audit records go, as with
        :meth:`forget`. Nothing happens when ``retention_days`` is None. Call it
        periodically (e.g. hourly) from the backend.
        """
        return purge_retention(self.config.conversation.retention_days, checked_now(now), vault=self.vault,
                               conversations=self.conversations, redactor=self._redactor,
                               audit_log=self.audit_log)

    # -- retrieval ------------------------------------------------------
    def search(self, query: str, k: int = 5) -> list[Hit]:
        """The ``k`` chunks that best answer ``query``, best first.

        Raises :class:`~pomocbot.EmptyQueryError` for an empty query and
        :class:`~pomocbot.InvalidQueryError` for a non-string. A query longer
        than ``retrieval.max_query_chars`` (default 2000) is cut at a word
        boundary. An empty index returns ``[]``.
        """
        with self._lock:
            return self.index.search(query, k)

    # -- answering ------------------------------------------------------
    def reply(self, message: str, conversation_id: str | None = None, *, customer: Mapping | None = None,
              now: datetime | None = None, channel: str = "chat") -> Reply:
        """Answer one customer message from the knowledge base, or abstain honestly.

        Every sentence of ``reply.answer`` is quoted from or verified against a
        cited chunk (``reply.citations``, ``reply.grounding``). With a
        ``conversation_id`` the turn is stored and a follow-up ("a do
        paczkomatu?") is read in the light of the earlier questions. ``reply.text``
        is written for ``channel``: chat, email, sms, messenger, whatsapp or voice.

        >>> from pomocbot import Assistant, Document
        >>> assistant = Assistant()
        >>> _ = assistant.add_documents([Document(id="zwroty", title="Zwrot towaru",
        ...     text="Na zwrot towaru masz 14 dni od dnia odbioru paczki. "
        ...          "Zwrot przez Paczkomat jest bezpłatny.")])
        >>> reply = assistant.reply("Ile mam dni na zwrot towaru?", conversation_id="c-1")
        >>> reply.abstained, reply.citations[0].doc_id
        (False, 'zwroty')
        >>> "14 dni" in reply.answer
        True
        """
        conversation_id = self._checked_conversation_id(conversation_id)
        run = partial(self._pipeline.run, message, conversation_id, customer=checked_customer(customer),
                      now=checked_now(now), channel=channel_of(channel))
        if conversation_id is None:
            return run()
        with self.locks.hold(conversation_id):
            return run()

    def check_conversation_id(self, conversation_id: object) -> str:
        """``conversation_id`` if it is a usable id, else :class:`~pomocbot.InvalidConversationIdError`.

        The check :meth:`reply` makes (a short string, no phone, PESEL or e-mail
        in it), for a backend's other endpoints that take an id from a URL.

        >>> Assistant().check_conversation_id("klient-601234567")
        Traceback (most recent call last):
        ...
        pomocbot.errors.InvalidConversationIdError: conversation_id looks like personal data (a phone number \
or PESEL inside the id); use an opaque id (a UUID), never the customer's phone, e-mail or PESEL
        """
        checked = self._checked_conversation_id(conversation_id)
        if checked is None:
            raise InvalidConversationIdError("conversation_id must be a str, not None")
        return checked

    def _checked_conversation_id(self, conversation_id: object) -> str | None:
        """``conversation_id`` if usable (see :func:`pomocbot.inputs.checked_conversation_id`), cached."""
        detect = (lambda text: self.redactor.detect(text)) if self.config.privacy.enabled else None
        return self._checked_ids.check(conversation_id, detect)

    def feedback(self, conversation_id: str, *, csat: int | None = None, nps: int | None = None,
                 comment: str | None = None, now: datetime | None = None) -> Feedback:
        """Keep a customer's rating of a stored conversation: CSAT 1..5, NPS 0..10, a comment (redacted).

        The comment is redacted like the conversation's messages (same placeholders, same vault), so
        :meth:`forget` erases it with them; ``pomocbot stats`` reports CSAT and NPS.
        """
        from pomocbot.conversation.feedback import record_feedback

        conversation_id = self.check_conversation_id(conversation_id)
        at = checked_now(now) or datetime.now(timezone.utc)
        privacy = self.config.privacy.enabled
        with self.locks.hold(conversation_id):
            return record_feedback(self.conversations, conversation_id, csat=csat, nps=nps,
                                   comment=comment, at=at,
                                   redact=lambda t: self.redact(t, conversation_id).text if privacy else t)

    def assess_frustration(self, messages: Sequence[str]) -> FrustrationAssessment:
        """Frustration over a customer's messages (oldest first), computed on redacted text.

        >>> Assistant().assess_frustration(["Trzeci raz piszę!!! Gdzie jest paczka?"]).score > 0.5
        True
        """
        from pomocbot.escalate.frustration import assess_conversation

        # Long messages are cut like a reply's (max_query_chars): the score reads the opening anyway.
        messages = checked_messages(messages, self.config.retrieval.max_query_chars)
        texts = [self.redact(m).text for m in messages] if self.config.privacy.enabled else list(messages)
        tones = [self.escalator.tone(self.index.query_vector(t)) if t.strip() else None for t in texts]
        return assess_conversation(texts, tones)

    def forget(self, conversation_id: str) -> dict[str, int]:
        """Erase everything kept about a conversation (RODO art. 17); returns what was erased.

        The counts: stored ``turns`` (the SQLite store overwrites them on
        disk), ``vault_values`` (originals kept for restoring), ``placeholders``
        (the redactor's tokens and the conversation's secret) and
        ``audit_records``.

        >>> Assistant().forget("c-unknown")
        {'turns': 0, 'vault_values': 0, 'placeholders': 0, 'audit_records': 0}
        """
        return forget_conversation(conversation_id, conversations=self.conversations, vault=self.vault,
                                   redactor=self._redactor, audit_log=self.audit_log)

    def update_retrieval(self, **changes: object) -> None:
        """Change query-time retrieval settings (fusion mode and weights, candidates, ...) in place.

        Settings that shape the index (embedder, BM25 parameters, chunking)
        need a rebuild and raise :class:`~pomocbot.ConfigError` (the fields
        say which are which: :func:`pomocbot.config.query_time_fields`).

        >>> assistant = Assistant()
        >>> assistant.update_retrieval(fusion="rrf")
        >>> assistant.config.retrieval.fusion.value
        'rrf'
        """
        with self._lock:
            self.config = self.config.with_query_time_changes("retrieval", **changes)
            self.index.config = self._pipeline.config = self.escalator.config = self.config

    # -- persistence ----------------------------------------------------
    def save(self, path: str | Path) -> None:
        """Atomically save the index to the directory ``path`` (see :mod:`pomocbot.retrieval.persistence`)."""
        with self._lock:
            save_index(self.index, path)

    @classmethod
    def load(cls, path: str | Path, config: AssistantConfig | None = None, *,
             embedder: Embedder | None = None, privacy_off_acknowledged: bool = False,
             **parts: Any) -> Assistant:
        """Load a saved index, with the saved config or ``config`` merged in; ``parts`` go to ``__init__``.

        The index keeps the settings it was built with (embedder, chunks,
        index kind, ...); ``config`` gives the rest (fusion, drafting, persona,
        privacy, escalation). A ``config`` that explicitly asks for other
        index-time settings raises :class:`~pomocbot.IndexConfigConflictError`;
        an index saved with privacy off raises :class:`~pomocbot.PrivacyOffError`
        unless ``config`` or ``privacy_off_acknowledged=True`` says so (see
        :mod:`pomocbot.retrieval.saved_config`).

        Also raises :class:`~pomocbot.IndexNotFoundError`, :class:`~pomocbot.IndexCorruptError`,
        :class:`~pomocbot.IndexVersionError` or :class:`~pomocbot.EmbedderMismatchError`.
        """
        from pomocbot.retrieval.persistence import read_manifest
        from pomocbot.retrieval.saved_config import config_for_loading, saved_config_of

        manifest = read_manifest(path)
        saved_config = saved_config_of(manifest, path)
        if config is not None and not isinstance(config, AssistantConfig):
            raise InvalidArgumentError(
                f"config must be an AssistantConfig or None, not {type(config).__name__}")
        config = config_for_loading(saved_config, config, path=path,
                                    privacy_off_acknowledged=privacy_off_acknowledged)
        index = load_index(path, embedder or embedder_for_index(manifest, config), config)
        return cls(config, _index=index, **parts)  # e.g. redactor=, conversations=, locks= of a service
