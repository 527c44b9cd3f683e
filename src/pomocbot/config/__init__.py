"""Configuration: one pydantic model per area, combined in :class:`AssistantConfig`.

Every field has an offline default, so ``AssistantConfig()`` works on a machine
without network. Modes are enums that accept strings. Each field says when it
takes effect: fixed when the index is built, when its parts are built, or on
every query (:func:`index_time_fields`, :func:`query_time_fields`), and
every model's ``merged(overrides)`` applies overrides (:mod:`pomocbot.config.base`).

>>> config = AssistantConfig(retrieval={"index_kind": "hnsw", "fusion": "rrf"})
>>> config.retrieval.index_kind, config.retrieval.fusion
(<IndexKind.HNSW: 'hnsw'>, <FusionMode.RRF: 'rrf'>)
>>> AssistantConfig.model_validate_json(config.model_dump_json()) == config
True
>>> config.merged({"drafting": {"abstain_below": 0.5}}).drafting.abstain_below
0.5
"""

from __future__ import annotations

from pomocbot.config.assistant import (
    AssistantConfig,
    config_sections,
    index_time_fields,
    query_time_fields,
    settings_at,
)
from pomocbot.config.base import (
    SettingTime,
    _Config,  # noqa: F401 (private: the machinery, importable from here as before the split)
    _explain,  # noqa: F401
    _StrictEnum,  # noqa: F401
    deep_merge,
    index_time,
    load_time,
    setting_time,
)
from pomocbot.config.conversation import ConversationConfig, ConversationStoreKind
from pomocbot.config.drafting import (
    DrafterKind,
    DraftingConfig,
    GroundingConfig,
    LLMConfig,
    LLMProvider,
    PersonaConfig,
    Register,
)
from pomocbot.config.escalation import EscalationConfig
from pomocbot.config.knowledge import KnowledgeConfig
from pomocbot.config.privacy import PrivacyConfig, RedactionMode
from pomocbot.config.retrieval import (
    EMBEDDER_RETRIEVAL_DEFAULTS,
    EmbedderKind,
    FeedbackConfig,
    FusionMode,
    FusionWeights,
    IndexKind,
    RetrievalConfig,
    VectorStoreKind,
)

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
    "SettingTime",
    "VectorStoreKind",
    "config_sections",
    "deep_merge",
    "index_time",
    "index_time_fields",
    "load_time",
    "query_time_fields",
    "setting_time",
    "settings_at",
]
