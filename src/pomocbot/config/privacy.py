"""Personal-data (RODO) settings of the customer's messages.

What is masked in the knowledge base is a knowledge setting, fixed when the
index is built (:class:`~pomocbot.config.KnowledgeConfig`); these apply to
each message.

>>> PrivacyConfig(mode="mask").mode
<RedactionMode.MASK: 'mask'>
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pomocbot.config.base import _Config, _StrictEnum

__all__ = ["PrivacyConfig", "RedactionMode"]


class RedactionMode(_StrictEnum):
    """How personal data is replaced: ``mask`` ("[PESEL]"), ``placeholder`` ("[OSOBA_1]",
    numbered and consistent within a conversation) or ``pseudonym`` (a fake, well-formed value)."""

    MASK = "mask"
    PLACEHOLDER = "placeholder"
    PSEUDONYM = "pseudonym"


class PrivacyConfig(_Config):
    """Personal-data (RODO) guardrails: detection, redaction, vault, audit.

    With ``enabled`` the customer's message is redacted before retrieval, an
    LLM, the conversation store, logs and analytics see it. The ``vault``
    keeps the original values per conversation so a reply may restore them
    (off by default: nothing personal is kept). ``entities`` are the types
    redacted. By default these are all personal types but not ``MIEJSCE`` and
    ``ORGANIZACJA``: "Czy wysyłacie do Krakowa?" or "czy PZU to ubezpiecza?"
    names no one, and hiding the place or company would break the answer.
    ``None`` means every type.
    """

    enabled: bool = True
    mode: RedactionMode = RedactionMode.PLACEHOLDER
    vault: bool = False
    min_score: float = Field(0.5, ge=0, le=1, description="detections below this score are ignored")
    entities: tuple[str, ...] | None = (
        "PESEL", "NIP", "REGON", "DOWOD", "PASZPORT", "NUMER_KONTA", "KARTA", "TELEFON", "EMAIL", "ADRES",
        "KOD_POCZTOWY", "IP", "DATA_URODZENIA", "OSOBA",
    )
    person_recognizer: Literal["model", "rules"] = Field(
        "model", description="person names: the learned tagger (CRF over Morfeusz 2 readings, calibrated "
                             "scores) or the hand-written rules alone")
    audit: bool = True
    warn_on_knowledge_pii: bool = Field(True, description="log a warning when ingested documents contain PII")
