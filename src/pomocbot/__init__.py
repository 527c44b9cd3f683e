"""pomocbot: a Polish customer-support assistant that answers from your knowledge base.

>>> from pomocbot import Assistant, Document
"""

from __future__ import annotations

import logging

from pomocbot.assistant import Assistant
from pomocbot.config import (
    AssistantConfig,
    ConversationConfig,
    DrafterKind,
    DraftingConfig,
    EmbedderKind,
    EscalationConfig,
    FeedbackConfig,
    FusionMode,
    FusionWeights,
    GroundingConfig,
    IndexKind,
    KnowledgeConfig,
    LLMConfig,
    LLMProvider,
    PersonaConfig,
    PrivacyConfig,
    RedactionMode,
    Register,
    RetrievalConfig,
)
from pomocbot.errors import (
    ConfigError,
    ConversationStoreError,
    DependencyMissingError,
    EmbedderMismatchError,
    EmbeddingError,
    EmptyQueryError,
    IndexCorruptError,
    IndexNotFoundError,
    IndexStoreError,
    IndexVersionError,
    IngestionError,
    InvalidQueryError,
    LLMError,
    LLMTimeoutError,
    LoaderError,
    PomocbotError,
    QueryError,
    RedactionError,
)
from pomocbot.knowledge.document import Document
from pomocbot.types import (
    Citation,
    EscalationDecision,
    EscalationReason,
    FileProblem,
    FrustrationAssessment,
    FrustrationSignal,
    HandoffSummary,
    Hit,
    IngestionReport,
    PIIEntity,
    Redaction,
    Reply,
    SentenceVerdict,
)

__version__ = "0.1.0"

__all__ = [
    "Assistant",
    "AssistantConfig",
    "Citation",
    "ConfigError",
    "ConversationConfig",
    "ConversationStoreError",
    "DependencyMissingError",
    "Document",
    "DrafterKind",
    "DraftingConfig",
    "EmbedderKind",
    "EmbedderMismatchError",
    "EmbeddingError",
    "EmptyQueryError",
    "EscalationConfig",
    "EscalationDecision",
    "EscalationReason",
    "FeedbackConfig",
    "FileProblem",
    "FrustrationAssessment",
    "FrustrationSignal",
    "FusionMode",
    "FusionWeights",
    "GroundingConfig",
    "HandoffSummary",
    "Hit",
    "IndexCorruptError",
    "IndexKind",
    "IndexNotFoundError",
    "IndexStoreError",
    "IndexVersionError",
    "IngestionError",
    "IngestionReport",
    "InvalidQueryError",
    "KnowledgeConfig",
    "LLMConfig",
    "LLMError",
    "LLMProvider",
    "LLMTimeoutError",
    "LoaderError",
    "PIIEntity",
    "PersonaConfig",
    "PomocbotError",
    "PrivacyConfig",
    "QueryError",
    "Redaction",
    "RedactionError",
    "RedactionMode",
    "Register",
    "Reply",
    "RetrievalConfig",
    "SentenceVerdict",
    "__version__",
]

# A library adds only a NullHandler; the application decides where logs go.
logging.getLogger(__name__).addHandler(logging.NullHandler())
