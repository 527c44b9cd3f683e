"""What a worker of the service needs to know, from ``POMOCBOT_*`` environment variables.

Every worker of one deployment gets the same variables (a systemd unit, a
container's env, ``pomocbot serve``), so they share one state:

==============================  ==================================================================
``POMOCBOT_INDEX``              a folder saved by ``pomocbot index`` (each worker loads it)
``POMOCBOT_KNOWLEDGE_URL``      or a ``postgresql://`` URL of the pgvector knowledge store
``POMOCBOT_POSTGRES_URL``       conversations (and, unless ``POMOCBOT_STATE_URL`` says otherwise,
                                the encrypted vault and placeholder state)
``POMOCBOT_REDIS_URL``          per-conversation locks across workers
``POMOCBOT_STATE_URL``          ``redis://`` or ``postgresql://`` for the vault and placeholders
``POMOCBOT_VAULT_KEY``          Fernet key(s), comma-separated, newest first (never in a file here)
``POMOCBOT_SQLITE``             a single-worker deployment: conversations in this SQLite file
``POMOCBOT_CONFIG``             a YAML/JSON config (persona, escalation, privacy...), optional
``POMOCBOT_ACTIONS``            ``module:function`` returning the company's actions, optional
==============================  ==================================================================

>>> settings = ServiceSettings.from_env({"POMOCBOT_INDEX": "build/idx", "POMOCBOT_REDIS_URL": "redis://r/0"})
>>> settings.index, settings.redis_url, settings.multi_worker_ready()
('build/idx', 'redis://r/0', False)
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ServiceSettings"]


class ServiceSettings(BaseModel):
    """The service's settings; URLs are kept out of ``repr`` (they carry passwords)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    index: str | None = None
    knowledge_url: str | None = Field(None, repr=False)
    postgres_url: str | None = Field(None, repr=False)
    redis_url: str | None = Field(None, repr=False)
    state_url: str | None = Field(None, repr=False)
    vault_key: str | None = Field(None, repr=False)
    sqlite: str | None = None
    config: str | None = None
    actions: str | None = None
    worker: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ServiceSettings:
        env = os.environ if env is None else env
        names = {"index": "INDEX", "knowledge_url": "KNOWLEDGE_URL", "postgres_url": "POSTGRES_URL",
                 "redis_url": "REDIS_URL", "state_url": "STATE_URL", "vault_key": "VAULT_KEY",
                 "sqlite": "SQLITE", "config": "CONFIG", "actions": "ACTIONS", "worker": "WORKER"}
        return cls(**{field: env[f"POMOCBOT_{name}"] for field, name in names.items()
                      if env.get(f"POMOCBOT_{name}")})

    @property
    def shared_state_url(self) -> str | None:
        """Where the vault and the placeholder state live: ``state_url``, else ``postgres_url``."""
        return self.state_url or self.postgres_url

    def multi_worker_ready(self) -> bool:
        """True when nothing of a conversation stays in one worker's memory (shared store, locks, state)."""
        return bool(self.postgres_url and self.redis_url and self.shared_state_url)
