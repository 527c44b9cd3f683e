"""Privacy state shared by several workers: an encrypted vault and redaction state in PostgreSQL or Redis.

Light names are imported here; the backends (psycopg, redis-py) load on first use.

>>> from pomocbot.shared import open_shared_privacy, generate_key, VaultKeyError
>>> len(generate_key())
44
"""

from __future__ import annotations

import importlib
from typing import Any

from pomocbot.shared.errors import SharedStateError, StateConflictError, VaultKeyError

__all__ = [
    "ENV_VAR",
    "KeyRing",
    "SharedPrivacy",
    "SharedStateError",
    "SharedStateStore",
    "SharedVault",
    "StateConflictError",
    "VaultKeyError",
    "generate_key",
    "open_shared_privacy",
]

# name -> module, imported on first access (guardrails imports the errors above, not the backends)
_LAZY = {
    "ENV_VAR": "pomocbot.shared.crypto",
    "KeyRing": "pomocbot.shared.crypto",
    "generate_key": "pomocbot.shared.crypto",
    "SharedVault": "pomocbot.shared.vault",
    "SharedStateStore": "pomocbot.shared.states",
    "SharedPrivacy": "pomocbot.shared.factory",
    "open_shared_privacy": "pomocbot.shared.factory",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
