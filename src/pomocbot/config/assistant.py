"""The whole configuration, and which of its settings a loaded index can take.

Each field says when it takes effect (see :data:`~pomocbot.config.base.SettingTime`);
the sets below are derived from those marks, so the index builder, the
loader of saved indexes, the evaluation runner and
``Assistant.update_retrieval`` agree on one list.

>>> sorted(index_time_fields()["knowledge"])[:2]
['chunk_overlap_tokens', 'chunk_tokens']
>>> {"hnsw_ef_search", "ivf_nprobe", "search_threads"} <= query_time_fields("retrieval")
True
>>> AssistantConfig().with_query_time_changes("retrieval", fusion="rrf").retrieval.fusion.value
'rrf'
"""

from __future__ import annotations

from pydantic import BaseModel

from pomocbot.config.base import SettingTime, _Config, setting_time
from pomocbot.config.conversation import ConversationConfig
from pomocbot.config.drafting import DraftingConfig, PersonaConfig
from pomocbot.config.escalation import EscalationConfig
from pomocbot.config.knowledge import KnowledgeConfig
from pomocbot.config.privacy import PrivacyConfig
from pomocbot.config.retrieval import RetrievalConfig
from pomocbot.errors import ConfigError

__all__ = ["AssistantConfig", "config_sections", "index_time_fields", "query_time_fields", "settings_at"]


class AssistantConfig(_Config):
    """All settings of an :class:`~pomocbot.Assistant`."""

    knowledge: KnowledgeConfig = KnowledgeConfig()
    retrieval: RetrievalConfig = RetrievalConfig()
    drafting: DraftingConfig = DraftingConfig()
    persona: PersonaConfig = PersonaConfig()
    conversation: ConversationConfig = ConversationConfig()
    privacy: PrivacyConfig = PrivacyConfig()
    escalation: EscalationConfig = EscalationConfig()

    def with_query_time_changes(self, section: str = "retrieval", **changes: object) -> AssistantConfig:
        """A copy with ``changes`` to query-time settings of ``section`` (nested mappings merge).

        A change a loaded index cannot take raises :class:`~pomocbot.ConfigError`
        naming each such setting and what it needs: index-time ones a rebuild,
        load-time ones ``Assistant.load(path, config)`` or a new ``Assistant``.
        An invalid value raises it naming the field.

        >>> AssistantConfig().with_query_time_changes(weights={"dense": 1.0}).retrieval.weights.stems
        0.5
        >>> AssistantConfig().with_query_time_changes("retrieval", ngram_size=3, embedder_threads=2)
        Traceback (most recent call last):
        ...
        pomocbot.errors.ConfigError: retrieval settings that cannot change on a loaded index: ngram_size \
(fixed when the index is built: rebuild it, e.g. pomocbot index ...); embedder_threads (read when the \
index's parts are built: pass it to Assistant.load(path, config) or a new Assistant); query-time settings \
of retrieval are answer_type_prior, candidates, embed_batch_size, feedback, fusion, hnsw_ef_search, \
ivf_nprobe, max_query_chars, rrf_k, search_threads, weights
        """
        allowed = query_time_fields(section, type(self))
        refused = sorted(set(changes) - allowed)
        if refused:
            section_type = config_sections(type(self))[section]
            groups: dict[str, list[str]] = {"index": [], "load": [], "unknown": []}
            for name in refused:
                groups[setting_time(section_type, name) if name in section_type.model_fields
                       else "unknown"].append(name)
            why = {"index": "fixed when the index is built: rebuild it, e.g. pomocbot index ...",
                   "load": "read when the index's parts are built: pass it to Assistant.load(path, config) "
                           "or a new Assistant",
                   "unknown": f"not settings of {section}"}
            parts = [f"{', '.join(names)} ({why[kind]})" for kind, names in groups.items() if names]
            raise ConfigError(f"{section} settings that cannot change on a loaded index: {'; '.join(parts)}; "
                              f"query-time settings of {section} are {', '.join(sorted(allowed))}")
        return self.merged({section: changes})


def config_sections(config_type: type[BaseModel] = AssistantConfig) -> dict[str, type[_Config]]:
    """The sections of ``config_type`` by field name (``knowledge``, ``retrieval``, ...).

    >>> list(config_sections())[:2]
    ['knowledge', 'retrieval']
    """
    sections = {}
    for name, field in config_type.model_fields.items():
        if isinstance(field.annotation, type) and issubclass(field.annotation, _Config):
            sections[name] = field.annotation
    return sections


def settings_at(time: SettingTime,
                config_type: type[BaseModel] = AssistantConfig) -> dict[str, frozenset[str]]:
    """Every section's fields that take effect at ``time`` (``index``, ``load`` or ``query``).

    A nested model (``retrieval.weights``) is one setting of its section.

    >>> sorted(settings_at("load")["retrieval"])
    ['build_threads', 'embedder_threads', 'embedding_cache_size', 'vector_store', 'vector_store_url']
    """
    if time not in ("index", "load", "query"):
        raise ConfigError(f"{time!r} is not a setting time; allowed: 'index', 'load', 'query'")
    return {name: frozenset(field for field in section.model_fields if setting_time(section, field) == time)
            for name, section in config_sections(config_type).items()}


def index_time_fields(config_type: type[BaseModel] = AssistantConfig) -> dict[str, frozenset[str]]:
    """Every section's settings fixed when the index is built (changing one needs a rebuild).

    >>> sorted(index_time_fields()["retrieval"])[:4]
    ['bm25_b', 'bm25_k1', 'embedder', 'embedder_model_path']
    >>> index_time_fields()["drafting"]
    frozenset()
    """
    return settings_at("index", config_type)


def query_time_fields(section: str, config_type: type[BaseModel] = AssistantConfig) -> frozenset[str]:
    """The settings of ``section`` a loaded index takes as they are (on every query).

    >>> "fusion" in query_time_fields("retrieval"), "embedder" in query_time_fields("retrieval")
    (True, False)
    """
    fields = settings_at("query", config_type)
    if section not in fields:
        raise ConfigError(f"{section!r} is not a config section; sections are {', '.join(fields)}")
    return fields[section]
