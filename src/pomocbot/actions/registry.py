"""The company's actions, registered explicitly: :class:`ActionRegistry`.

>>> from pydantic import BaseModel
>>> class Status(BaseModel):
...     order_number: str
...     status: str
...     customer_id: str
>>> registry = ActionRegistry()
>>> @registry.action(description="Status zamówienia klienta", intent="order_status", source="system zamówień")
... def order_status(order_number: str) -> Status | None:
...     return Status(order_number=order_number, status="wysłane", customer_id="K-1")
>>> match = registry.match("Gdzie jest moje zamowienie ZM-2026-001234?")
>>> match.action.name, match.params, match.missing
('order_status', {'order_number': 'ZM-2026-001234'}, ())
>>> registry.match("Ile kosztuje wysyłka?") is None
True
>>> registry.match("Kiedy dostanę paczkę?").missing
('order_number',)
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from pomocbot.actions.base import Action
from pomocbot.actions.matching import ActionMatch, Embed, embed_examples, match_action
from pomocbot.errors import ConfigError
from pomocbot.escalate.triggers.text import Message

__all__ = ["ActionRegistry"]


class ActionRegistry:
    """Named actions; :meth:`match` picks the one a message asks for.

    ``threshold`` is the least cosine for a match by embedding (only used
    when :meth:`match` gets ``embed``); the vectors of the actions' examples
    are computed once per ``embed`` callable and kept.
    """

    def __init__(self, actions: list[Action] | None = None, *, threshold: float = 0.8) -> None:
        self._actions: dict[str, Action] = {}
        self.threshold = threshold
        self._vectors: dict[Any, tuple[np.ndarray, list[int]]] = {}
        self._lock = threading.Lock()
        for action in actions or []:
            self.add(action)

    def add(self, action: Action) -> Action:
        """Register a built action (an :class:`~pomocbot.actions.http.HttpAction`, say)."""
        if not isinstance(action, Action):
            raise ConfigError(f"ActionRegistry.add takes an Action, not {type(action).__name__}")
        if action.name in self._actions:
            raise ConfigError(f"an action named {action.name!r} is already registered; names are unique")
        with self._lock:
            self._actions[action.name] = action
            self._vectors.clear()
        return action

    def register(self, fn: Callable[..., Any], **options: Any) -> Action:
        """Register a typed function (see :meth:`Action.from_function` for ``options``)."""
        return self.add(Action.from_function(fn, **options))

    def action(self, **options: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Decorator form of :meth:`register`; the function itself is returned unchanged."""
        def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
            self.register(fn, **options)
            return fn
        return decorate

    def get(self, name: str) -> Action:
        """The action named ``name`` (``KeyError`` names the registered ones)."""
        try:
            return self._actions[name]
        except KeyError:
            raise KeyError(f"no action {name!r}; registered: {', '.join(self._actions) or 'none'}") from None

    @property
    def names(self) -> list[str]:
        return list(self._actions)

    def __iter__(self) -> Iterator[Action]:
        return iter(list(self._actions.values()))

    def __len__(self) -> int:
        return len(self._actions)

    def __contains__(self, name: object) -> bool:
        return name in self._actions

    def match(self, message: Message, *, embed: Embed | None = None) -> ActionMatch | None:
        """The action ``message`` (redacted text or a FoldedMessage) asks for, with parameters, or None."""
        actions = list(self._actions.values())
        return match_action(actions, message, embed=embed, vectors=self._cached(actions),
                            threshold=self.threshold)

    def _cached(self, actions: list[Action]) -> Callable[[Embed], tuple[np.ndarray, list[int]]]:
        def vectors(embed: Embed) -> tuple[np.ndarray, list[int]]:
            with self._lock:
                cached = self._vectors.get(embed)
            if cached is None:
                cached = embed_examples(actions, embed)
                with self._lock:
                    self._vectors[embed] = cached
            return cached
        return vectors

    def close(self) -> None:
        """Stop every action's threads and HTTP clients."""
        for action in self._actions.values():
            action.close()

    def __repr__(self) -> str:
        return f"ActionRegistry({', '.join(self._actions)})"
