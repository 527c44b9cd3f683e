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
import re
import threading
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pomocbot.config import AssistantConfig, EmbedderKind
from pomocbot.conversation import ConversationStore, build_store
from pomocbot.drafting.confidence import ConfidenceModel
from pomocbot.drafting.turn import TurnRunner
from pomocbot.errors import (
    ConfigError,
    DependencyMissingError,
    IndexCorruptError,
    IngestionError,
    InvalidArgumentError,
    InvalidConversationIdError,
    PomocbotError,
)
from pomocbot.guardrails.audit import AuditLog
from pomocbot.guardrails.base import PIIDetector
from pomocbot.guardrails.redaction import Redactor
from pomocbot.guardrails.vault import Vault
from pomocbot.knowledge.document import Document
from pomocbot.knowledge.loaders import load_directory
from pomocbot.retrieval.e5 import E5Embedder
from pomocbot.retrieval.embedders import Embedder, HuggingFaceEmbedder, UniversalSentenceEncoder
from pomocbot.retrieval.index import KnowledgeIndex, ProgressCallback
from pomocbot.retrieval.persistence import load_index, save_index
from pomocbot.text.stemming import PolishStemmer
from pomocbot.types import FrustrationAssessment, Hit, IngestionReport, KnowledgeFinding, Redaction, Reply

if TYPE_CHECKING:
    from pomocbot.escalate.semantic import SemanticTriggers
    from pomocbot.escalate.tone import ToneClassifier

__all__ = ["Assistant", "build_detector", "build_embedder", "embedder_for_index"]

logger = logging.getLogger(__name__)
_NOT_LOADED = object()  # the tone classifier is loaded on first use
_CONVERSATION_LOCK_STRIPES = 64
_MAX_CONVERSATION_ID = 200
# What a conversation id must never be (a name read in "c-pii" would only be the tagger guessing).
_ID_LIKE = frozenset({"PESEL", "NIP", "REGON", "DOWOD", "PASZPORT", "NUMER_KONTA", "KARTA", "TELEFON",
                      "EMAIL", "IP", "DATA_URODZENIA"})


def build_embedder(config: AssistantConfig) -> Embedder:
    """The embedder named by ``config.retrieval`` (multilingual-e5 by default; HF needs a model path)."""
    rc = config.retrieval
    if rc.embedder is EmbedderKind.E5:
        return E5Embedder(threads=rc.embedder_threads, build_threads=rc.build_threads)
    if rc.embedder is EmbedderKind.USE:
        return UniversalSentenceEncoder(threads=rc.embedder_threads)
    if not rc.embedder_model_path:
        raise ConfigError(
            "embedder 'huggingface' needs retrieval.embedder_model_path (a local model directory)"
        )
    return HuggingFaceEmbedder(rc.embedder_model_path, query_prefix=rc.query_prefix,
                               passage_prefix=rc.passage_prefix, threads=rc.embedder_threads)


_BUILT_IN_EMBEDDERS = {E5Embedder.name: EmbedderKind.E5, UniversalSentenceEncoder.name: EmbedderKind.USE}


def embedder_for_index(manifest: Mapping[str, Any], config: AssistantConfig) -> Embedder:
    """The embedder a saved index was built with, when it is one of the built-in ones; else ``config``'s.

    An index records its embedder's name; a config passed with another
    embedder kind (or an index built with an embedder instance the config did
    not name) would otherwise load with the wrong model and be refused.
    """
    name = manifest.get("embedder", {}).get("name") if isinstance(manifest.get("embedder"), dict) else None
    kind = _BUILT_IN_EMBEDDERS.get(name) if isinstance(name, str) else None
    if kind is not None and kind is not config.retrieval.embedder:
        retrieval = config.retrieval.model_copy(update={"embedder": kind})
        config = config.model_copy(update={"retrieval": retrieval})
    return build_embedder(config)


def _config_for_embedder(config: AssistantConfig, embedder: Embedder | None) -> AssistantConfig:
    """``config`` naming the built-in embedder passed as an instance (saved indexes record the right kind).

    Retrieval settings the config left unset then take that embedder's tuned
    defaults (:data:`~pomocbot.config.EMBEDDER_RETRIEVAL_DEFAULTS`).
    """
    kind = _BUILT_IN_EMBEDDERS.get(getattr(embedder, "name", None) or "")
    if kind is None or kind is config.retrieval.embedder:
        return config
    given = config.retrieval.model_dump(include=config.retrieval.model_fields_set - {"embedder"})
    retrieval = type(config.retrieval).model_validate({**given, "embedder": kind})
    return config.model_copy(update={"retrieval": retrieval})


_TRUE = frozenset({"1", "true", "tak", "yes", "t", "y"})
_FALSE = frozenset({"0", "false", "nie", "no", "n", "f", ""})


def _checked_customer(customer: object) -> Mapping[str, Any] | None:
    """The backend's customer facts, validated: a mapping; ``vip`` a real boolean ("false" is False)."""
    if customer is None:
        return None
    if not isinstance(customer, Mapping):
        raise InvalidArgumentError(f"customer must be a mapping such as {{'id': ..., 'vip': True}}, "
                                   f"not {type(customer).__name__}")
    checked = dict(customer)
    if "vip" in checked:
        vip = checked["vip"]
        if isinstance(vip, str):
            if vip.strip().lower() not in _TRUE | _FALSE:
                raise InvalidArgumentError("customer['vip'] must be a boolean")
            checked["vip"] = vip.strip().lower() in _TRUE
        elif not isinstance(vip, (bool, int)) or vip is None:
            raise InvalidArgumentError("customer['vip'] must be a boolean")
        else:
            checked["vip"] = bool(vip)
    if checked.get("order_value") is not None:
        try:
            checked["order_value"] = float(str(checked["order_value"]).replace(",", ".").replace(" ", ""))
        except ValueError as error:
            raise InvalidArgumentError("customer['order_value'] must be a number (PLN)") from error
    return checked


def _checked_now(now: object) -> datetime | None:
    """``now`` as an aware datetime: a datetime (naive = UTC) or an ISO 8601 string."""
    if now is None:
        return None
    if isinstance(now, str):
        try:
            now = datetime.fromisoformat(now)
        except ValueError as error:
            raise InvalidArgumentError(f"now must be a datetime or ISO 8601 text, not {now!r}") from error
    if not isinstance(now, datetime):
        raise InvalidArgumentError(f"now must be a datetime, not {type(now).__name__}")
    if not 2 <= now.year <= 9998:
        # time-zone arithmetic (opening hours, retention) would overflow datetime's range
        raise InvalidArgumentError(f"now must lie between the years 2 and 9998, not in {now.year}")
    return now if now.tzinfo is not None else now.replace(tzinfo=timezone.utc)


def build_detector(config: AssistantConfig) -> PIIDetector:
    """The Polish PII detector for ``config.privacy`` (Presidio and pomocbot's recognizers, imported here)."""
    try:
        from pomocbot.guardrails.analyzer import PolishPIIDetector
    except ImportError as exc:
        raise DependencyMissingError(
            f"the Polish PII detector cannot be imported ({type(exc).__name__}: {exc}); install pomocbot "
            "with its dependencies (pip install pomocbot, which brings presidio-analyzer), or pass "
            "Assistant(detector=...), or set privacy.enabled=False"
        ) from exc
    return PolishPIIDetector(config.privacy)



def _holds_phone_or_pesel(conversation_id: str) -> bool:
    """A run of digits inside an id that is a phone number (9 digits, or 11 with 48) or a valid PESEL.

    Runs of other lengths pass: UUID groups have 4, 8 or 12 characters.
    """
    from stdnum.pl import pesel

    # digits, or groups of 2-3 as phones are written ("601-234-567"); a date's "2026-12-07-1" is no phone
    for match in re.finditer(r"(?<![0-9A-Za-z])\+?\d+(?:[ .-]\d{2,3})*(?![0-9A-Za-z])", conversation_id):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) == 9 or (len(digits) == 11 and (digits.startswith("48") or pesel.is_valid(digits))):
            return True
    return False

class Assistant:
    """A Polish customer-support assistant over a company's knowledge base.

    Every part not passed is built from ``config`` with an offline default.
    Methods are thread-safe (one lock per assistant).

    Privacy (``config.privacy``): the PII ``detector`` (default
    :class:`~pomocbot.guardrails.analyzer.PolishPIIDetector`, built on first
    use) and the ``redactor`` are built lazily unless passed; ``vault`` is a
    :class:`~pomocbot.guardrails.vault.Vault` when ``privacy.vault`` is on
    (else None); ``audit_log`` holds one
    :class:`~pomocbot.guardrails.audit.AuditRecord` per turn.
    """

    def __init__(self, config: AssistantConfig | None = None, *, embedder: Embedder | None = None,
                 stemmer: PolishStemmer | None = None, llm: Any | None = None,
                 conversations: ConversationStore | None = None, confidence: ConfidenceModel | None = None,
                 detector: PIIDetector | None = None, redactor: Redactor | None = None,
                 _index: KnowledgeIndex | None = None) -> None:
        parts = (("conversations", conversations, ConversationStore),
                 ("confidence", confidence, ConfidenceModel), ("redactor", redactor, Redactor))
        for name, part, kind in parts:
            if part is not None and not isinstance(part, kind):
                raise InvalidArgumentError(
                    f"{name} must be a {kind.__name__} or None, not {type(part).__name__}")
        self.config = _config_for_embedder(config or AssistantConfig(), embedder)
        self.embedder = embedder or (_index.embedder if _index else build_embedder(self.config))
        self.index = _index or KnowledgeIndex(self.config, self.embedder, stemmer)
        self._lock = threading.RLock()
        # Replies in one conversation run one at a time (a double click, two tabs, a retry): each gets its
        # own turn number and sees the turns before it. Striped, so the locks stay bounded.
        self._conversation_locks = tuple(threading.Lock() for _ in range(_CONVERSATION_LOCK_STRIPES))
        self._checked_ids: set[str] = set()
        self.last_report: IngestionReport | None = None
        self.conversations = conversations or build_store(self.config.conversation)
        privacy = self.config.privacy
        self._detector = detector if detector is not None else (redactor.detector if redactor else None)
        self._redactor = redactor
        self._privacy_lock = threading.Lock()
        if redactor is not None:
            self.vault: Vault | None = redactor.vault
        else:
            self.vault = Vault(self.config.conversation.retention_days) if privacy.vault else None
        self.audit_log = AuditLog()
        self._tone: Any = _NOT_LOADED
        self._semantic: Any = _NOT_LOADED
        self._turns = TurnRunner(self, llm=llm, confidence=confidence)

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
        if isinstance(documents, Document):
            documents = [documents]
        if documents is None or isinstance(documents, (str, bytes, Mapping)) or not isinstance(
                documents, Iterable):
            raise IngestionError(f"add_documents() takes Documents, not a {type(documents).__name__}")
        documents = list(documents)  # a non-Document item is refused by the index, before anything changes
        findings: list[KnowledgeFinding] = []
        left: dict[str, Counter[str]] = {}  # personal data found and left in the text, by document id
        if any(isinstance(d, Document) for d in documents):
            documents = [self._sanitised(d, findings, left) if isinstance(d, Document) else d
                         for d in documents]
        with self._lock:
            # Warn only for new and changed documents (compared before the upsert replaces them).
            changed = self._changed_documents(documents) if self.config.privacy.warn_on_knowledge_pii else []
            report = self.index.upsert(documents, progress=progress, report=_report)
            report.findings.extend(findings)
            report.warnings.extend(f"document {f.doc_id!r}: {f.detail} ({f.action})" for f in findings)
            self.last_report = report
        for document in changed:
            if left.get(document.id):
                logger.warning("document %r contains personal data left unmasked (%s): check that no "
                               "customer data slipped into the knowledge base", document.id,
                               ", ".join(f"{kind}: {n}" for kind, n in sorted(left[document.id].items())))
        return report

    def _sanitised(self, document: Document, findings: list[KnowledgeFinding],
                   left: dict[str, Counter[str]]) -> Document:
        """``document`` as it may be indexed: unsafe sentences removed, personal data masked (see safety).

        The personal data found and not masked (a shop's own contact data, or all of it where masking
        is off) is counted in ``left`` for the warning; the text is scanned once.
        """
        from pomocbot.knowledge import safety

        knowledge = self.config.knowledge
        text = document.text
        removed = safety.unsafe_sentences(text) if knowledge.drop_unsafe_sentences else []
        masked: list = []
        entities: list = []
        if knowledge.redact_personal_data or self.config.privacy.warn_on_knowledge_pii:
            try:
                entities = self.redactor.detect(text)
            except (DependencyMissingError, PomocbotError) as exc:
                logger.debug("document %r not checked for personal data (%s)", document.id,
                             type(exc).__name__)
        if knowledge.redact_personal_data:
            personal = safety.personal_spans(text, entities)
            if personal and safety.keeps_personal_data(document.id, knowledge.keep_personal_data_in):
                kinds = safety.counts([e.entity_type for e in personal])
                findings.append(KnowledgeFinding(doc_id=document.id, kind="personal_data", action="kept",
                                                 detail=f"personal data ({kinds})"))
            else:
                masked = [e for e in personal
                          if not any(r.start <= e.start < r.end for r in removed)]
        masked_ids = {id(e) for e in masked}
        left[document.id] = Counter(e.entity_type for e in entities if id(e) not in masked_ids)
        if not removed and not masked:
            return document
        for kind in sorted({r.kind for r in removed}):
            n = sum(r.kind == kind for r in removed)
            detail = next(r.detail for r in removed if r.kind == kind)
            findings.append(KnowledgeFinding(doc_id=document.id, kind=kind, action="removed",
                                             detail=f"{n} sentence(s): {detail}"))
        if masked:
            kinds = safety.counts([e.entity_type for e in masked])
            findings.append(KnowledgeFinding(doc_id=document.id, kind="personal_data", action="masked",
                                             detail=f"personal data ({kinds})"))
        edits = sorted([(r.start, r.end, "") for r in removed]
                       + [(e.start, e.end, f"[{e.entity_type}]") for e in masked])
        pieces, position = [], 0
        for start, end, replacement in edits:
            if start < position:
                continue
            pieces.append(text[position:start])
            pieces.append(replacement)
            position = end
        pieces.append(text[position:])
        cleaned = re.sub(r"[ \t]{2,}", " ", "".join(pieces)).strip()
        return document.model_copy(update={"text": cleaned or document.title or document.id})

    def _changed_documents(self, documents: list[Document]) -> list[Document]:
        latest = {d.id: d for d in documents if isinstance(d, Document)}
        return [d for d in latest.values()
                if (entry := self.index.documents.get(d.id)) is None or entry.content_hash != d.content_hash]

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
        if self._tone is _NOT_LOADED:
            from pomocbot.escalate.tone import ToneClassifier

            enabled = self.config.escalation.tone_classifier
            self._tone = ToneClassifier.for_embedder(self.embedder) if enabled else None
        return self._tone

    def tone_of(self, text: str) -> float | None:
        """Probability that a (redacted) message sounds frustrated, or None without a tone classifier.

        The embedding comes from the index's query cache, so a message that was
        just searched costs no second embedding.
        """
        classifier = self.tone_classifier
        if classifier is None:
            return None
        return float(classifier.probability(self.index.query_vector(text)[None, :])[0])

    @property
    def semantic_triggers(self) -> SemanticTriggers | None:
        """Handover reasons recognised by meaning (None without a model for this embedder, or turned off)."""
        if self._semantic is _NOT_LOADED:
            from pomocbot.escalate.semantic import SemanticTriggers

            enabled = self.config.escalation.semantic_triggers
            self._semantic = SemanticTriggers.for_embedder(self.embedder) if enabled else None
        return self._semantic

    def semantic_codes_of(self, text: str) -> list[tuple[str, float]]:
        """Reason codes a (redacted) message carries by meaning, with probabilities ([] without a model)."""
        model = self.semantic_triggers
        return [] if model is None else model.detect(self.index.query_vector(text))

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
        days = self.config.conversation.retention_days
        moment = _checked_now(now) or datetime.now(timezone.utc)
        if days is None:
            return []
        cutoff = moment - timedelta(days=days)
        ids = list(self.conversations.delete_idle_since(cutoff))
        if self.vault is not None:
            ids += self.vault.purge_idle_since(cutoff)
        if self._redactor is not None:
            ids += self._redactor.purge_idle_since(cutoff)
        ids = list(dict.fromkeys(ids))
        for cid in ids:  # idle in one place means gone from all of them
            if self.vault is not None:
                self.vault.forget(cid)
            if self._redactor is not None:
                self._redactor.forget(cid)
        self.audit_log.forget_many(ids)
        return ids

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
    def reply(self, message: str, conversation_id: str | None = None, *,
              customer: Mapping[str, Any] | None = None, now: datetime | None = None) -> Reply:
        """Answer one customer message from the knowledge base, or abstain honestly.

        Every sentence of ``reply.answer`` is quoted from or verified against a
        cited chunk (``reply.citations``, ``reply.grounding``). With a
        ``conversation_id`` the turn is stored and a follow-up ("a do
        paczkomatu?") is read in the light of the earlier questions.

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
        customer = _checked_customer(customer)
        now = _checked_now(now)
        if conversation_id is None:
            return self._turns.run(message, conversation_id, customer=customer, now=now)
        lock = self._conversation_locks[hash(conversation_id) % len(self._conversation_locks)]
        with lock:
            return self._turns.run(message, conversation_id, customer=customer, now=now)

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
        """``conversation_id`` if usable: ``None`` or a short string that carries no personal data."""
        if conversation_id is None:
            return None
        if not isinstance(conversation_id, str):
            raise InvalidConversationIdError(
                f"conversation_id must be a str or None, not {type(conversation_id).__name__}")
        if not conversation_id.strip() or len(conversation_id) > _MAX_CONVERSATION_ID:
            raise InvalidConversationIdError(
                f"conversation_id must be 1 to {_MAX_CONVERSATION_ID} characters and not blank")
        if self.config.privacy.enabled and conversation_id not in self._checked_ids:
            # Ids are stored, logged and sent to analytics in clear: never a phone number or a PESEL.
            spaced = conversation_id.replace("-", " ").replace("_", " ").replace(":", " ")
            found = [e for text in {conversation_id, spaced} for e in self.redactor.detect(text)]
            kinds = sorted({e.entity_type for e in found if e.entity_type in _ID_LIKE and e.score >= 0.5})
            digits = sum(c.isdigit() for c in conversation_id)
            if not kinds and digits >= 9 and all(c.isdigit() or c in " +-./()_" for c in conversation_id):
                kinds = ["a number such as a phone, PESEL or account"]  # bare digits: no label needed
            if not kinds and _holds_phone_or_pesel(conversation_id):
                kinds = ["a phone number or PESEL inside the id"]  # "klient-601234567", "c:48601234567"
            if kinds:
                raise InvalidConversationIdError(
                    f"conversation_id looks like personal data ({', '.join(kinds)}); use an opaque id "
                    "(a UUID), never the customer's phone, e-mail or PESEL")
            if len(self._checked_ids) > 10_000:
                self._checked_ids.clear()
            self._checked_ids.add(conversation_id)
        return conversation_id

    def assess_frustration(self, messages: Sequence[str]) -> FrustrationAssessment:
        """Frustration over a customer's messages (oldest first), computed on redacted text.

        >>> Assistant().assess_frustration(["Trzeci raz piszę!!! Gdzie jest paczka?"]).score > 0.5
        True
        """
        from pomocbot.escalate.frustration import assess_conversation

        if isinstance(messages, str):
            messages = [messages]  # one message, not its characters
        if not isinstance(messages, Iterable):
            raise InvalidArgumentError(f"assess_frustration() takes a list of str messages, not "
                                       f"{type(messages).__name__}")
        messages = list(messages)
        if not all(isinstance(m, str) for m in messages):
            raise InvalidArgumentError("assess_frustration() takes a list of str messages")
        # Long messages are cut like a reply's (max_query_chars): the score reads the opening anyway.
        limit = self.config.retrieval.max_query_chars
        messages = [m[:limit] for m in messages]
        texts = [self.redact(m).text for m in messages] if self.config.privacy.enabled else list(messages)
        return assess_conversation(texts, [self.tone_of(t) if t.strip() else None for t in texts])

    def forget(self, conversation_id: str) -> dict[str, int]:
        """Erase everything kept about a conversation (RODO art. 17); returns what was erased.

        The counts: stored ``turns`` (the SQLite store overwrites them on
        disk), ``vault_values`` (originals kept for restoring), ``placeholders``
        (the redactor's tokens and the conversation's secret) and
        ``audit_records``.

        >>> Assistant().forget("c-unknown")
        {'turns': 0, 'vault_values': 0, 'placeholders': 0, 'audit_records': 0}
        """
        # In-memory parts first: they cannot fail, the store can.
        vault_values = self.vault.forget(conversation_id) if self.vault is not None else 0
        placeholders = self._redactor.forget(conversation_id) if self._redactor is not None else 0
        audit_records = self.audit_log.forget(conversation_id)
        return {"turns": self.conversations.delete(conversation_id), "vault_values": vault_values,
                "placeholders": placeholders, "audit_records": audit_records}

    _QUERY_TIME_SETTINGS = frozenset({"fusion", "weights", "feedback", "answer_type_prior", "candidates",
                                      "rrf_k", "max_query_chars"})

    def update_retrieval(self, **changes: object) -> None:
        """Change query-time retrieval settings (fusion mode and weights, candidates, ...) in place.

        Settings that shape the index (embedder, BM25 parameters, chunking)
        need a rebuild and raise :class:`~pomocbot.ConfigError`.

        >>> assistant = Assistant()
        >>> assistant.update_retrieval(fusion="rrf")
        >>> assistant.config.retrieval.fusion.value
        'rrf'
        """
        index_time = set(changes) - self._QUERY_TIME_SETTINGS
        if index_time:
            raise ConfigError(f"{', '.join(sorted(index_time))} cannot change without rebuilding the index; "
                              f"query-time settings are {', '.join(sorted(self._QUERY_TIME_SETTINGS))}")
        with self._lock:
            retrieval = type(self.config.retrieval).model_validate(
                {**self.config.retrieval.model_dump(), **changes})
            self.config = self.config.model_copy(update={"retrieval": retrieval})
            self.index.config = self.config

    # -- persistence ----------------------------------------------------
    def save(self, path: str | Path) -> None:
        """Atomically save the index to the directory ``path`` (see :mod:`pomocbot.retrieval.persistence`)."""
        with self._lock:
            save_index(self.index, path)

    @classmethod
    def load(cls, path: str | Path, config: AssistantConfig | None = None, *,
             embedder: Embedder | None = None, privacy_off_acknowledged: bool = False) -> Assistant:
        """Load a saved index, with the saved config or ``config`` merged into it.

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
        from pomocbot.retrieval.saved_config import config_for_loading

        manifest = read_manifest(path)
        try:
            saved_config = AssistantConfig.model_validate(manifest["config"])
        except (KeyError, TypeError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
            raise IndexCorruptError(
                f"the index at {path} has a missing or invalid saved config ({type(exc).__name__}); "
                "save the index again"
            ) from exc
        if config is not None and not isinstance(config, AssistantConfig):
            raise InvalidArgumentError(
                f"config must be an AssistantConfig or None, not {type(config).__name__}")
        config = config_for_loading(saved_config, config, path=path,
                                    privacy_off_acknowledged=privacy_off_acknowledged)
        index = load_index(path, embedder or embedder_for_index(manifest, config), config)
        return cls(config, _index=index)
