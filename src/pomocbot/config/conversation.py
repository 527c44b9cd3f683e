"""Conversation settings: where turns are kept, how many are used, how long they are kept.

>>> ConversationConfig(store="sqlite", sqlite_path="rozmowy.sqlite").store
<ConversationStoreKind.SQLITE: 'sqlite'>
"""

from __future__ import annotations

from pydantic import Field, model_validator

from pomocbot.config.base import _Config, _StrictEnum, load_time

__all__ = ["ConversationConfig", "ConversationStoreKind"]


class ConversationStoreKind(_StrictEnum):
    """``memory`` (default, lost on exit), ``sqlite`` (a file, survives restarts) or ``postgres`` (shared by
    several workers and machines; ``pip install 'pomocbot[postgres]'``)."""

    MEMORY = "memory"
    SQLITE = "sqlite"
    POSTGRES = "postgres"


class ConversationConfig(_Config):
    """Where conversation turns are kept and how much of them is used."""

    store: ConversationStoreKind = ConversationStoreKind.MEMORY
    sqlite_path: str | None = Field(None, description="file of the sqlite store")
    postgres_url: str | None = Field(None, repr=False, description=(
        "postgresql:// URL of the postgres store (its password is masked in every message)"))
    lock_url: str | None = load_time(None, repr=False, description=(
        "redis:// URL of the per-conversation locks shared by several workers (None: in-process locks)"))
    lock_timeout_s: float = load_time(10.0, gt=0, le=3600, description=(
        "a lock outlives a worker that died holding it by this long; a live turn renews it"))
    lock_wait_s: float = load_time(15.0, ge=0, le=600, description=(
        "how long a turn waits for another worker's turn of the same conversation"))
    history_turns: int = Field(6, ge=0, le=100, description="previous turns used for follow-ups and prompts")
    retention_days: float | None = Field(
        None, gt=0, description="conversations idle longer than this are dropped (None: kept)"
    )

    @model_validator(mode="after")
    def _sqlite_needs_path(self) -> ConversationConfig:
        if self.store is ConversationStoreKind.SQLITE and not self.sqlite_path:
            raise ValueError("conversation store 'sqlite' needs conversation.sqlite_path")
        if self.store is ConversationStoreKind.POSTGRES and not self.postgres_url:
            raise ValueError("conversation store 'postgres' needs conversation.postgres_url")
        return self
