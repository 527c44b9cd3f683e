"""Typed errors of the shared privacy state (see :mod:`pomocbot.shared`), defined in :mod:`pomocbot.errors`.

>>> issubclass(VaultKeyError, ConfigError), issubclass(StateConflictError, SharedStateError)
(True, True)
"""

from __future__ import annotations

from pomocbot.errors import ConfigError, SharedStateError, StateConflictError, VaultKeyError

__all__ = ["ConfigError", "SharedStateError", "StateConflictError", "VaultKeyError"]
