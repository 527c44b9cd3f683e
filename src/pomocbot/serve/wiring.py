"""One worker's :class:`~pomocbot.Assistant`, built from :class:`~pomocbot.serve.settings.ServiceSettings`.

Each part that must be shared between workers comes from a server named in
the settings: conversations from PostgreSQL, the per-conversation locks from
Redis, the vault and the placeholder state from Redis or PostgreSQL
(encrypted under ``POMOCBOT_VAULT_KEY``), the knowledge from a saved index
folder every worker loads or from the pgvector store. What is missing falls
back to the single-process default, and :func:`deployment_warnings` says so.

>>> from pomocbot.serve.settings import ServiceSettings
>>> len(deployment_warnings(ServiceSettings(index="build/idx"))), deployment_warnings(ServiceSettings(
...     index="build/idx", postgres_url="postgresql://db/x", redis_url="redis://r/0"))
(3, [])
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from pomocbot import Assistant, AssistantConfig
from pomocbot.errors import ConfigError
from pomocbot.serve.settings import ServiceSettings

__all__ = ["assistant_from_settings", "deployment_warnings", "service_config"]

logger = logging.getLogger("pomocbot.serve")


def deployment_warnings(settings: ServiceSettings) -> list[str]:
    """What keeps state in one worker, with the variable that moves it to a shared server."""
    warnings = []
    if not settings.postgres_url:
        warnings.append("conversations are kept in " + ("one SQLite file: one worker only" if settings.sqlite
                        else "this worker's memory: set POMOCBOT_POSTGRES_URL (or POMOCBOT_SQLITE for one "
                        "worker)"))
    if not settings.redis_url:
        warnings.append("conversation locks are this worker's own: set POMOCBOT_REDIS_URL for several "
                        "workers")
    if not settings.shared_state_url:
        warnings.append("placeholders and the vault are this worker's own: set POMOCBOT_STATE_URL or "
                        "POMOCBOT_POSTGRES_URL")
    return warnings


def service_config(settings: ServiceSettings, base: AssistantConfig | None = None) -> AssistantConfig:
    """``base`` (or the defaults) with ``POMOCBOT_CONFIG``'s overrides and the servers of ``settings``."""
    config = base or AssistantConfig()
    if settings.config:
        from pomocbot.eval.configs import load_overrides

        config = config.merged(load_overrides(settings.config))
    conversation: dict[str, Any] = {"lock_url": settings.redis_url}
    if settings.postgres_url:
        conversation |= {"store": "postgres", "postgres_url": settings.postgres_url}
    elif settings.sqlite:
        conversation |= {"store": "sqlite", "sqlite_path": settings.sqlite}
    return config.merged({"conversation": conversation})


def _actions(spec: str | None) -> Any:
    """The company's actions from ``module:function`` (a function returning an iterable of actions)."""
    if not spec:
        return ()
    module_name, _, function_name = spec.partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), function_name or "actions")
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"POMOCBOT_ACTIONS={spec!r} cannot be imported ({type(exc).__name__})") from None
    return factory()


def _shared_redactor(settings: ServiceSettings, config: AssistantConfig) -> Any:
    """A redactor whose placeholder state (and vault, when ``privacy.vault`` is on) live in the shared
    store, encrypted under ``POMOCBOT_VAULT_KEY``; None without a shared store or with privacy off."""
    if not settings.shared_state_url or not config.privacy.enabled:
        return None
    from pomocbot.guardrails.redaction import Redactor
    from pomocbot.parts import build_detector
    from pomocbot.shared import open_shared_privacy

    privacy = config.privacy
    shared = open_shared_privacy(settings.shared_state_url, key=settings.vault_key,
                                 retention_days=config.conversation.retention_days)
    return Redactor(build_detector(config), privacy.mode, vault=shared.vault if privacy.vault else None,
                    entities=privacy.entities, min_score=privacy.min_score, state_store=shared.states)


def assistant_from_settings(settings: ServiceSettings, *, embedder: Any | None = None) -> Assistant:
    """The worker's assistant; raises a :class:`~pomocbot.PomocbotError` naming what cannot start."""
    for warning in deployment_warnings(settings):
        logger.warning(warning)
    parts: dict[str, Any] = {}
    if settings.knowledge_url:
        # the pgvector store: the index loads its chunks and rebuilds BM25 from it on start
        config = service_config(settings).merged(
            {"retrieval": {"vector_store": "pgvector", "vector_store_url": settings.knowledge_url}})
        redactor = _shared_redactor(settings, config)
        if redactor is not None:
            parts["redactor"] = redactor
        assistant = Assistant(config, embedder=embedder, **parts)
    elif settings.index:
        from pomocbot.retrieval.saved_config import saved_config_base

        config = service_config(settings, saved_config_base(settings.index))
        redactor = _shared_redactor(settings, config)
        if redactor is not None:
            parts["redactor"] = redactor
        assistant = Assistant.load(settings.index, config, embedder=embedder, **parts)
    else:
        raise ConfigError("the service needs knowledge: set POMOCBOT_INDEX (a folder saved by `pomocbot "
                          "index`) or POMOCBOT_KNOWLEDGE_URL (the pgvector store)")
    for action in _actions(settings.actions):
        assistant.actions.add(action)
    return assistant
