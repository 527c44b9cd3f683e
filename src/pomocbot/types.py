"""Result models returned by pomocbot (frozen pydantic models).

>>> hit = Hit(doc_id="zwroty", chunk_id="zwroty#0", title="Zwroty", text="Masz 14 dni.",
...           score=1.2, dense_score=0.61, lexical_score=7.3, rank=1)
>>> hit.doc_id, hit.rank
('zwroty', 1)
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from pomocbot.codes import GENERAL_QUEUE, DrafterName, FrustrationLevel, Priority, ReasonCode, Trend

__all__ = [
    "ActionRecord",
    "Citation",
    "EscalationDecision",
    "EscalationReason",
    "FileProblem",
    "FollowUp",
    "FrustrationAssessment",
    "FrustrationSignal",
    "HandoffSummary",
    "Hit",
    "IngestionReport",
    "KnowledgeFinding",
    "PIIEntity",
    "Redaction",
    "Reply",
    "SentenceVerdict",
]


class Hit(BaseModel):
    """One retrieved chunk of the knowledge base.

    ``score`` is the fused score used for ranking (higher is better; its scale
    depends on the fusion mode). ``dense_score`` is the cosine similarity of the
    query and chunk embeddings; ``lexical_score`` the BM25 score over Polish
    stems (0 when no stem matched); ``ngram_score`` the BM25 score over
    character 4-grams. A component is ``None`` when that retriever did not
    return the chunk among its candidates.
    """

    model_config = ConfigDict(frozen=True)

    doc_id: str
    chunk_id: str
    title: str
    text: str
    score: float
    dense_score: float | None = None
    lexical_score: float | None = None
    ngram_score: float | None = None
    section: str | None = None
    source: str | None = None
    rank: int = Field(ge=1, description="1-based position in the result list")
    metadata: dict[str, Any] = Field(default_factory=dict)


class FileProblem(BaseModel):
    """A file that failed to load or was skipped, with the reason in plain words."""

    model_config = ConfigDict(frozen=True)

    path: str
    reason: str


class KnowledgeFinding(BaseModel):
    """Something in a knowledge-base document that was not indexed as written (never the value itself).

    ``kind``: ``personal_data`` (masked), ``instruction`` (text addressed to the
    assistant), ``asks_for_secret`` or ``premium_rate`` (sentence removed).
    """

    model_config = ConfigDict(frozen=True)

    doc_id: str
    kind: str
    detail: str
    action: str = Field(description="'masked', 'removed' or 'kept' (keep_personal_data_in)")


class IngestionReport(BaseModel):
    """What one call of ``add_documents`` / ``from_directory`` did.

    Filled in while ingesting; failures never abort the batch, they are listed
    here by file name.
    """

    files_loaded: int = 0
    documents_added: int = 0
    documents_updated: int = 0
    documents_unchanged: int = 0
    documents_removed: int = 0
    chunks_added: int = 0
    chunks_removed: int = 0
    chunks_embedded: int = 0
    chunks_from_cache: int = Field(0, description="chunks whose vector came from the embedding cache")
    failures: list[FileProblem] = Field(default_factory=list)
    skipped: list[FileProblem] = Field(default_factory=list)
    duplicate_ids: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    findings: list[KnowledgeFinding] = Field(
        default_factory=list, description="personal data masked and unsafe sentences removed before indexing")

    @property
    def ok(self) -> bool:
        """True when no file failed."""
        return not self.failures

    def merge(self, other: IngestionReport) -> IngestionReport:
        """Add ``other``'s counts and lists to this report (in place) and return it."""
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, list):
                value.extend(getattr(other, name))
            else:
                setattr(self, name, value + getattr(other, name))
        return self


class Citation(BaseModel):
    """A knowledge-base source the reply cites as ``[number]``.

    ``quote`` is the passage of the chunk the reply relies on (the sentences
    used, or the start of the chunk).
    """

    model_config = ConfigDict(frozen=True)

    number: int = Field(ge=1, description="the marker in the text: [number]")
    doc_id: str
    chunk_id: str
    title: str
    quote: str
    source: str | None = None
    section: str | None = None


class SentenceVerdict(BaseModel):
    """The grounding verifier's verdict on one sentence of a draft.

    ``stem_overlap`` is the share of the sentence's content stems found in the
    best supporting source, ``dense_similarity`` the best cosine similarity to
    a sentence of that source, ``missing_values`` the numbers, prices, dates
    and durations of the sentence that the source does not contain.
    """

    model_config = ConfigDict(frozen=True)

    sentence: str
    supported: bool
    kept: bool
    source_numbers: list[int] = Field(default_factory=list, description="citation numbers backing it")
    stem_overlap: float = 0.0
    dense_similarity: float | None = None
    missing_values: list[str] = Field(default_factory=list)
    reason: str = ""


class PIIEntity(BaseModel):
    """A piece of personal data found in a text: its type and position, never its value.

    ``entity_type`` is one of :data:`pomocbot.guardrails.base.ENTITY_TYPES`
    ("PESEL", "OSOBA", "TELEFON", ...); ``recognizer`` names the recognizer
    that found it (for the audit trail).

    >>> PIIEntity(entity_type="PESEL", start=12, end=23, score=1.0, recognizer="PlPeselRecognizer").end
    23
    """

    model_config = ConfigDict(frozen=True)

    entity_type: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    score: float = Field(ge=0, le=1)
    recognizer: str = ""


class Redaction(BaseModel):
    """A text with its personal data replaced, and where the replacements are.

    ``entities`` are positions in the *original* text; ``replacements`` are the
    tokens that took their place, in the same order (``"[PESEL]"``,
    ``"[OSOBA_1]"`` or a pseudonym).
    """

    model_config = ConfigDict(frozen=True)

    text: str
    entities: list[PIIEntity] = Field(default_factory=list)
    replacements: list[str] = Field(default_factory=list)
    mode: str = "placeholder"


class FrustrationSignal(BaseModel):
    """One piece of evidence of frustration: its kind, weight and where it is.

    ``kind`` is e.g. ``"anger"``, ``"profanity"``, ``"sarcasm"``, ``"caps"``,
    ``"punctuation"``, ``"time_pressure"``, ``"churn"``, ``"repeat"``; ``start``
    and ``end`` are offsets in the (redacted) message, ``evidence`` the matched
    text (never personal data: it is taken from redacted text).
    """

    model_config = ConfigDict(frozen=True)

    kind: str
    weight: float
    start: int = Field(0, ge=0)
    end: int = Field(0, ge=0)
    evidence: str = ""
    message: int = Field(0, ge=0, description="index of the message in the assessed conversation")


class FrustrationAssessment(BaseModel):
    """How frustrated the customer is: ``score`` 0..1, a ``level`` and the evidence.

    ``level`` is a :class:`~pomocbot.codes.FrustrationLevel` (``calm``,
    ``impatient``, ``upset``, ``furious``; the Polish word is ``level.label``:
    "spokojny" .. "wściekły"); ``trend`` a :class:`~pomocbot.codes.Trend`
    comparing the last message with the earlier ones (``rising``, ``falling``,
    ``stable``; ``trend.label``: "rośnie", "maleje", "stabilny"). Polish
    labels are accepted on input (results stored by older versions).
    """

    model_config = ConfigDict(frozen=True)

    score: float = Field(ge=0, le=1)
    level: FrustrationLevel
    signals: list[FrustrationSignal] = Field(default_factory=list)
    trend: Trend = Trend.STABLE
    per_message: list[float] = Field(default_factory=list)


class EscalationReason(BaseModel):
    """Why a human should take over: a stable ``code`` (a :class:`~pomocbot.codes.ReasonCode`, equal to
    its string: ``"explicit_request"``, ``"legal_threat"``, ``"complaint"``, ...; what each means, its
    priority and queue are in :data:`pomocbot.codes.REASONS`), a Polish ``detail`` and the ``evidence``."""

    model_config = ConfigDict(frozen=True)

    code: ReasonCode
    detail: str = ""
    evidence: str = ""


class HandoffSummary(BaseModel):
    """What a consultant needs to take over without asking again (redacted, Polish)."""

    model_config = ConfigDict(frozen=True)

    intent: str = ""
    summary: str = ""
    tried_answers: list[str] = Field(default_factory=list,
                                     description="what the bot answered, with citations")
    open_questions: list[str] = Field(default_factory=list)
    sentiment_trend: str = ""
    entities: dict[str, int] = Field(default_factory=dict,
                                     description="personal-data types and counts, no values")
    next_steps: list[str] = Field(default_factory=list)
    deadlines: list[str] = Field(default_factory=list, description="statutory deadlines with dates")
    actions: list[str] = Field(default_factory=list,
                               description="company actions run in the turn: parameters and result, redacted")
    earlier_contacts: list[str] = Field(
        default_factory=list, description="what the same customer wrote in other conversations (any channel)")
    text: str = ""


class EscalationDecision(BaseModel):
    """Whether to hand the conversation to a human, why, how urgently, to which queue."""

    model_config = ConfigDict(frozen=True)

    escalate: bool = False
    reasons: list[EscalationReason] = Field(default_factory=list)
    priority: Priority = "P4"
    queue: str = GENERAL_QUEUE
    customer_message: str = ""
    handoff: HandoffSummary | None = None


class ActionRecord(BaseModel):
    """One company action run during a turn (order status, return label): what the reply drew on.

    ``parameters`` and ``result`` are redacted (placeholders for personal data);
    ``error`` names the failure kind (``"timeout"``, ``"invalid_result"``,
    ``"not_allowed"``, ``"failed"``) when ``ok`` is false; ``source`` is how the
    reply cites it ("system zamówień").
    """

    model_config = ConfigDict(frozen=True)

    name: str
    parameters: dict[str, str] = Field(default_factory=dict)
    ok: bool = True
    error: str | None = None
    result: dict[str, Any] = Field(default_factory=dict)
    source: str = ""
    elapsed_ms: float = 0.0


class FollowUp(BaseModel):
    """How a message was read against the conversation: a standalone question or a follow-up.

    ``carried_terms`` are the earlier topic words added to the search
    ("a do paczkomatu?" after a question about delivery costs);
    ``rewritten_by`` is ``"llm"`` when an LLM rewrote the follow-up.
    """

    model_config = ConfigDict(frozen=True)

    is_follow_up: bool = False
    carried_terms: list[str] = Field(default_factory=list)
    rewritten_by: Literal["llm"] | None = None


class Reply(BaseModel):
    """What :meth:`pomocbot.Assistant.reply` returns for one customer message.

    ``text`` is what the customer sees (persona greeting, answer with ``[n]``
    markers, sign-off); ``answer`` is the answer alone. When the knowledge
    base does not answer the question, ``abstained`` is true and ``text``
    says so in the persona's words. ``confidence`` (0..1) is calibrated on the
    example shop's questions (see ``benchmarks/answers.py``).

    >>> reply = Reply(text="Masz 14 dni [1].", answer="Masz 14 dni [1].", confidence=0.9)
    >>> reply.abstained, reply.citations
    (False, [])
    """

    model_config = ConfigDict(frozen=True)

    text: str
    answer: str = ""
    citations: list[Citation] = Field(default_factory=list)
    abstained: bool = False
    confidence: float = Field(0.0, ge=0, le=1)
    grounding: list[SentenceVerdict] = Field(default_factory=list)
    conversation_id: str | None = None
    turn: int = Field(0, ge=0, description="0-based index of the customer message in the conversation")
    redacted_message: str = ""
    query: str = Field("", description="what was searched (follow-ups carry earlier terms)")
    language: str = Field("pl", description="detected language of the message (ISO 639-1)")
    non_polish: bool = False
    drafter: DrafterName = Field("extractive", description=(
        "'extractive', 'llm', 'none' (abstained early) or 'smalltalk' (courtesy, nothing searched)"))
    pii: list[PIIEntity] = Field(default_factory=list, description="personal data found in the message")
    frustration: FrustrationAssessment | None = None
    escalation: EscalationDecision | None = None
    follow_up: FollowUp = Field(default_factory=FollowUp)
    channel: str = Field("chat", description="chat, email, sms, messenger, whatsapp or voice")
    actions: list[ActionRecord] = Field(default_factory=list, description="company actions run this turn")
    abstain_reason: str | None = Field(None, description="why the bot abstained, in plain words (English)")
    fallback: str | None = Field(None, description="why the LLM draft was replaced by quoted sentences")
    register_mismatch: list[str] = Field(default_factory=list, description=(
        "informal words quoted from the knowledge base under a formal persona"))
    metadata: dict[str, Any] = Field(default_factory=dict, description=(
        "the drafter's diagnostics; 'follow_up', 'abstain_reason', 'fallback' and 'register_mismatch' "
        "are also kept here for code written against 0.1"))
