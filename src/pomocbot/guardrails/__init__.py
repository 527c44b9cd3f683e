"""Personal-data (RODO) guardrails: detection, redaction, vault, audit.

Light parts are imported here; the Presidio-based detector
(:class:`~pomocbot.guardrails.analyzer.PolishPIIDetector`) and the name tools
are loaded on first access, so ``import pomocbot`` does not import Presidio.

>>> from pomocbot.guardrails import Redactor, Vault, AuditLog
>>> "PESEL" in ENTITY_TYPES
True
"""

from __future__ import annotations

import importlib
from typing import Any

from pomocbot.guardrails.audit import AUDIT_LOGGER, AuditEntity, AuditLog, AuditRecord
from pomocbot.guardrails.base import ENTITY_TYPES, PIIDetector
from pomocbot.guardrails.pseudonyms import pseudonym
from pomocbot.guardrails.redaction import TOKEN_PATTERN, Redactor, simple_name_key
from pomocbot.guardrails.vault import Vault

__all__ = [
    "AUDIT_LOGGER",
    "ENTITY_TYPES",
    "TOKEN_PATTERN",
    "AuditEntity",
    "AuditLog",
    "AuditRecord",
    "PIIDetector",
    "PolishPIIDetector",
    "Redactor",
    "Vault",
    "name_key",
    "pseudonym",
    "simple_name_key",
]

# name -> module, imported on first access (Presidio takes seconds to import)
_LAZY = {"PolishPIIDetector": "pomocbot.guardrails.analyzer", "name_key": "pomocbot.guardrails.names"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
