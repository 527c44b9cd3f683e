"""Typed errors raised by pomocbot.

Every error the library raises on purpose derives from :class:`PomocbotError`,
so a backend can catch one type. Errors of dependencies (FAISS, bm25s, file
system) are re-raised as ours with ``raise ... from exc``. Messages name the bad
value, what is allowed and how to fix it; they never echo customer text that may
hold personal data (they give lengths and positions instead).

::

    PomocbotError
    ├── ConfigError                 invalid or inconsistent configuration
    │   └── VaultKeyError           the vault's key is missing, malformed or decrypts nothing stored
    ├── DatasetError                an evaluation data file (JSONL) is missing or malformed
    ├── DependencyMissingError      an optional extra is not installed
    ├── IngestionError              a document or knowledge-base file cannot be used
    │   ├── LoaderError             one file cannot be read (kept in IngestionReport)
    │   └── InvalidDocumentError    a Document with a bad field (a blank id, text that is no str)
    ├── InvalidArgumentError        a wrong argument (customer="vip", now="wczoraj")
    │   └── UnknownChannelError     reply(channel=...) names no channel pomocbot renders for
    ├── QueryError                  a query cannot be searched
    │   ├── EmptyQueryError         empty or whitespace-only query
    │   ├── InvalidQueryError       not a string
    │   └── InvalidConversationIdError  not a short string, or personal data (a phone, a PESEL)
    ├── EmbeddingError              the embedder failed or returned a bad shape
    ├── RayClusterError             the Ray cluster of `pomocbot index --ray` cannot be started or reached
    ├── ConversationStoreError      a conversation store cannot be opened, read or written
    │   └── ConversationLockError   the workers' shared lock (Redis) cannot be taken: nothing was done
    │       └── ConversationBusyError  another worker's turn of this conversation runs too long
    ├── RedactionError              the PII detector failed; the message was not processed or stored
    ├── SharedStateError            the shared vault or placeholder store cannot be reached
    │   └── StateConflictError      another worker saved the conversation's placeholders meanwhile
    ├── LLMError                    the language model failed, after retries (the reply falls back)
    │   └── LLMTimeoutError         no answer within LLMConfig.timeout_s
    ├── ActionError                 a company action failed (the reply says so and hands over)
    │   ├── ActionTimeoutError      no result within the action's timeout, after retries
    │   ├── ActionResultError       the result is invalid or too large
    │   └── ActionNotAllowedError   the action would reveal data of another customer than the backend's
    └── IndexStoreError             saving or loading an index failed
        ├── IndexNotFoundError      no index at the path
        ├── IndexCorruptError       a file is missing, truncated or inconsistent
        ├── IndexVersionError       written by an incompatible format version
        ├── EmbedderMismatchError   the index was built with another embedder
        ├── IndexConfigConflictError  load(config=...) asks for other index-time settings (chunks, HNSW)
        ├── PrivacyOffError         the index was saved with privacy off and the caller did not say so
        └── VectorStoreError        the pgvector store cannot be reached, read or written
"""

from __future__ import annotations

__all__ = [
    "ActionError",
    "ActionNotAllowedError",
    "ActionResultError",
    "ActionTimeoutError",
    "ConfigError",
    "ConversationBusyError",
    "ConversationLockError",
    "ConversationStoreError",
    "DatasetError",
    "DependencyMissingError",
    "EmbedderMismatchError",
    "EmbeddingError",
    "EmptyQueryError",
    "IndexConfigConflictError",
    "IndexCorruptError",
    "IndexNotFoundError",
    "IndexStoreError",
    "IndexVersionError",
    "IngestionError",
    "InvalidArgumentError",
    "InvalidConversationIdError",
    "InvalidDocumentError",
    "InvalidQueryError",
    "LLMError",
    "LLMTimeoutError",
    "LoaderError",
    "PomocbotError",
    "PrivacyOffError",
    "QueryError",
    "RayClusterError",
    "RedactionError",
    "SharedStateError",
    "StateConflictError",
    "UnknownChannelError",
    "VaultKeyError",
    "VectorStoreError",
]


class PomocbotError(Exception):
    """Base class of every error pomocbot raises on purpose."""


class ConfigError(PomocbotError, ValueError):
    """The configuration is invalid or inconsistent."""


class DatasetError(PomocbotError, ValueError):
    """An evaluation data file is missing or malformed; ``path`` and ``line`` (1-based) say where.

    The message names the file, the line and the field, never the line's text
    (evaluation data may hold personal data, e.g. PII test cases).

    >>> error = DatasetError("q.jsonl, line 3: field 'question' is missing", path="q.jsonl", line=3)
    >>> error.line
    3
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.line = line


class DependencyMissingError(PomocbotError, ImportError):
    """An optional dependency is missing; the message says which extra installs it."""


class IngestionError(PomocbotError):
    """A document or knowledge-base file cannot be ingested."""


class LoaderError(IngestionError):
    """One file cannot be read; batch ingestion records it and goes on."""


class InvalidDocumentError(IngestionError, ValueError):
    """A :class:`~pomocbot.Document` field is wrong: a blank or multi-line id, text that is not a str."""


class QueryError(PomocbotError, ValueError):
    """A query cannot be searched."""


class EmptyQueryError(QueryError):
    """The query is empty or contains only whitespace."""


class InvalidQueryError(QueryError, TypeError):
    """The query is not a string."""


class InvalidArgumentError(PomocbotError, TypeError):
    """A wrong argument: ``customer="vip"``, ``now="wczoraj"``, ``add_documents(None)``."""


class InvalidConversationIdError(QueryError, TypeError):
    """A conversation id that is not a short string, or that carries personal data (a phone, a PESEL)."""


class EmbeddingError(PomocbotError):
    """The embedder failed or returned vectors of the wrong shape."""


class ConversationStoreError(PomocbotError):
    """A conversation store cannot be opened, read or written (bad path, locked or corrupt file)."""


class ConversationLockError(ConversationStoreError):
    """The per-conversation lock shared by the workers (Redis) cannot be taken: the server is unreachable.

    Raised before anything of the turn happened; the message was neither answered nor stored."""


class ConversationBusyError(ConversationLockError):
    """Another worker holds this conversation's lock for longer than ``conversation.lock_wait_s``.

    A retry later will do (HTTP 409/503); two turns of one conversation never interleave."""


class LLMError(PomocbotError):
    """The language model failed (error, bad or empty answer), after the configured retries."""


class LLMTimeoutError(LLMError, TimeoutError):
    """The language model did not answer within ``LLMConfig.timeout_s``, after the configured retries."""


class IndexStoreError(PomocbotError):
    """Saving or loading an index failed."""


class IndexNotFoundError(IndexStoreError, FileNotFoundError):
    """There is no index at the given path."""


class IndexCorruptError(IndexStoreError):
    """An index file is missing, truncated or inconsistent with the manifest."""


class IndexVersionError(IndexStoreError):
    """The index was written by an incompatible format version."""


class EmbedderMismatchError(IndexStoreError):
    """The index was built with a different embedder (name or dimension)."""


class IndexConfigConflictError(IndexStoreError, ConfigError):
    """``Assistant.load(path, config)``: the config asks for index-time settings the saved index was not
    built with (embedder, chunk size, index kind, ...); rebuild the index or drop those settings."""


class PrivacyOffError(IndexStoreError, ConfigError):
    """The index was saved with ``privacy.enabled=False``; loading it switches redaction off only when
    the caller says so (``Assistant.load(..., privacy_off_acknowledged=True)`` or its own config)."""


class RedactionError(PomocbotError):
    """The personal-data detector failed; the message was neither answered nor stored.

    The message never echoes the text (it may hold the very data to protect).
    """


class UnknownChannelError(InvalidArgumentError, ValueError):
    """``channel`` is none of chat, email, sms, messenger, whatsapp, voice."""


class ActionError(PomocbotError):
    """A company action (order status, return label, ...) failed; the customer is told and handed over."""


class ActionTimeoutError(ActionError, TimeoutError):
    """The action gave no result within its timeout, after its retries."""


class ActionResultError(ActionError, ValueError):
    """The action's result does not validate against its result model, or is too large."""


class ActionNotAllowedError(ActionError, PermissionError):
    """The action would reveal another customer's data than the identity the backend passed."""


class VaultKeyError(ConfigError):
    """The vault's master key is missing (no argument, no ``POMOCBOT_VAULT_KEY``), is not a Fernet key,
    or none of the keys given decrypts what the store holds (a wrong key, or one rotated out too early).

    The message never echoes a key."""


class SharedStateError(PomocbotError):
    """The shared privacy store (PostgreSQL, Redis) cannot be opened, read or written."""


class StateConflictError(SharedStateError):
    """A redaction state was saved by another worker between this worker's load and save.

    Nothing of the losing write was kept, so no token is silently lost; the
    :class:`~pomocbot.guardrails.redaction.Redactor` retries, and raises this
    only when the conversation keeps changing (callers hold the conversation's lock across workers)."""


class VectorStoreError(IndexStoreError):
    """The external vector store (PostgreSQL with pgvector) cannot be reached, read or written.

    The URL's password is masked in the message."""


class RayClusterError(PomocbotError, ConnectionError):
    """The Ray cluster cannot be started or reached (``pomocbot index --ray ADDRESS``)."""
