"""pomocbot: a Polish customer-support assistant that answers from your knowledge base.

>>> from pomocbot import Assistant, Document
"""

from __future__ import annotations

import logging

from pomocbot.assistant import Assistant
from pomocbot.config import (
    AssistantConfig,
    EmbedderKind,
    FusionMode,
    FusionWeights,
    IndexKind,
    KnowledgeConfig,
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
)
from pomocbot.knowledge.document import Document
from pomocbot.types import FileProblem, Hit, IngestionReport

__version__ = "0.1.0"

__all__ = [
    "Assistant",
    "AssistantConfig",
    "ConfigError",
    "ConversationStoreError",
    "DependencyMissingError",
    "Document",
    "EmbedderKind",
    "EmbedderMismatchError",
    "EmbeddingError",
    "EmptyQueryError",
    "FileProblem",
    "FusionMode",
    "FusionWeights",
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
    "LLMError",
    "LLMTimeoutError",
    "LoaderError",
    "PomocbotError",
    "QueryError",
    "RetrievalConfig",
    "__version__",
]

# A library adds only a NullHandler; the application decides where logs go.
logging.getLogger(__name__).addHandler(logging.NullHandler())
