"""Conversation state: turns, stores (memory, SQLite) and follow-up resolution.

>>> from pomocbot.config import ConversationConfig
>>> store = build_store(ConversationConfig())
>>> type(store).__name__, isinstance(store, ConversationStore)
('MemoryConversationStore', True)
"""

from __future__ import annotations

from pomocbot.config import ConversationConfig, ConversationStoreKind
from pomocbot.conversation.base import ConversationStore, Feedback, FeedbackStore, Turn
from pomocbot.conversation.feedback import record_feedback
from pomocbot.conversation.followup import ResolvedQuery, resolve_follow_up
from pomocbot.conversation.memory import MemoryConversationStore
from pomocbot.conversation.postgres import PostgresConversationStore
from pomocbot.conversation.sqlite import SQLiteConversationStore

__all__ = [
    "ConversationStore",
    "Feedback",
    "FeedbackStore",
    "MemoryConversationStore",
    "PostgresConversationStore",
    "ResolvedQuery",
    "SQLiteConversationStore",
    "Turn",
    "build_store",
    "record_feedback",
    "resolve_follow_up",
]


def build_store(config: ConversationConfig) -> ConversationStore:
    """The store ``config.store`` names: in memory, SQLite at ``config.sqlite_path``, or PostgreSQL.

    The config validates that ``sqlite`` comes with a path; an unusable path
    raises :class:`~pomocbot.errors.ConversationStoreError`. Close the returned
    store when done (both kinds have ``close()``).
    """
    kind = ConversationStoreKind(config.store)
    if kind is ConversationStoreKind.SQLITE:
        assert config.sqlite_path is not None  # checked by ConversationConfig
        return SQLiteConversationStore(config.sqlite_path)
    if kind is ConversationStoreKind.POSTGRES:
        assert config.postgres_url is not None  # checked by ConversationConfig
        return PostgresConversationStore(config.postgres_url)
    return MemoryConversationStore()
