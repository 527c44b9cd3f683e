"""Choosing an action for a message, offline: phrase tables, the action's patterns, or an embedding.

:func:`match_action` reads the (redacted) message once: the folded text with
key words fixed (:func:`pomocbot.actions.phrases.read`), the parameter values
(:func:`pomocbot.actions.params.find_values`), then asks, per action,

1. its built-in intent (``Action.intent``) or its own ``patterns`` — score 0.9;
2. its example phrasings, by shared word stems (5-letter prefixes) — score = overlap;
3. with ``embed`` (an embedder's query vectors), the cosine between the message
   and the action's description and examples, from ``threshold`` up.

A general question about the rules ("ile kosztuje wysyłka?") is never taken
for an action by the embedding either. The chosen action's parameters are
filled from the values found; one parameter set per order number given
("mam dwa zamówienia: 123456 i 123457"), at most :data:`MAX_CALLS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pomocbot.actions.base import Action
from pomocbot.actions.params import ParameterKind, find_values, parameter_kind
from pomocbot.actions.phrases import intents_of, looks_general, read
from pomocbot.escalate.triggers.text import FoldedMessage, Message

__all__ = ["MAX_CALLS", "ActionMatch", "Embed", "continue_action", "match_action"]

MAX_CALLS = 3
Embed = Callable[[Sequence[str]], np.ndarray]
"""Texts to L2-normalised query vectors, one row per text
(e.g. ``lambda t: embedder.embed(t, kind="query")``)."""

_SEVERAL = re.compile(r"\b(dwa|dwie|trzy|cztery|kilka|kilku|oba|obie|obu|pare|kilkoro)\s+(\w+\s+)?"
                      r"(zamowien\w*|paczk\w*|przesyl\w*)")
_STEM = re.compile(r"[a-z]{3,}")


@dataclass(frozen=True)
class ActionMatch:
    """The action a message asks for, with its parameters (placeholders for personal data).

    ``calls`` holds one parameter set per order number the customer gave;
    ``missing`` the required parameters not found (ask for them with
    :func:`pomocbot.actions.drafting.ask_for`); ``several`` says the customer
    speaks of more than one order. ``by`` is how it was chosen: ``"phrases"``,
    ``"patterns"``, ``"examples"`` or ``"embedding"``.
    """

    action: Action
    score: float
    by: str
    calls: tuple[dict[str, str], ...] = ()
    missing: tuple[str, ...] = ()
    several: bool = False
    values: dict[str, list[str]] = field(default_factory=dict, repr=False)

    @property
    def params(self) -> dict[str, str]:
        """The first parameter set (all of them: :attr:`calls`)."""
        return dict(self.calls[0]) if self.calls else {}

    @property
    def ready(self) -> bool:
        """Whether the action can run (no required parameter missing)."""
        return not self.missing and bool(self.calls)


def _stems(text: str) -> frozenset[str]:
    return frozenset(word[:5] for word in _STEM.findall(text))


def _parameter_sets(action: Action, values: dict[str, list[str]]) -> tuple[tuple[dict[str, str], ...],
                                                                            tuple[str, ...]]:
    base: dict[str, str] = {}
    many_name, many_values = None, []
    missing = []
    for name, info in action.parameters.model_fields.items():
        kind = parameter_kind(name, info)
        found = values.get(kind.value, []) if kind is not ParameterKind.TEXT else []
        if not found:
            if info.is_required():
                missing.append(name)
            continue
        if kind is ParameterKind.ORDER_NUMBER and len(found) > 1 and many_name is None:
            many_name, many_values = name, found[:MAX_CALLS]
        base[name] = found[0]
    if many_name is None:
        return (base,), tuple(missing)
    return tuple({**base, many_name: value} for value in many_values), tuple(missing)


def match_action(actions: Sequence[Action], message: Message, *, embed: Embed | None = None,
                 vectors: Callable[[Embed], tuple[np.ndarray, list[int]]] | None = None,
                 threshold: float = 0.8, min_overlap: float = 0.75) -> ActionMatch | None:
    """The best action for ``message`` (redacted text or a :class:`FoldedMessage`), or None.

    ``vectors(embed)`` returns the example vectors and, per row, the index of
    its action (the registry caches them); without it they are embedded here.
    """
    if not actions:
        return None
    folded = FoldedMessage.of(message)
    text = read(folded)
    values = find_values(folded.text)
    has_number = bool(values[ParameterKind.ORDER_NUMBER.value])
    intents = intents_of(text, has_number=has_number)
    chosen: tuple[Action, float, str] | None = None
    for intent in intents:
        action = next((a for a in actions if a.intent == intent), None)
        if action is not None:
            chosen = (action, 0.9, "phrases")
            break
    if chosen is None:
        chosen = _by_patterns(actions, text, min_overlap)
    if chosen is None and embed is not None and not looks_general(text, has_number=has_number):
        chosen = _by_embedding(actions, folded.text, embed, vectors, threshold)
    if chosen is None:
        return None
    action, score, by = chosen
    calls, missing = _parameter_sets(action, values)
    several = bool(_SEVERAL.search(text)) or len(calls) > 1
    return ActionMatch(action=action, score=score, by=by, calls=calls, missing=missing, several=several,
                       values=values)


def continue_action(action: Action, message: Message) -> ActionMatch | None:
    """The answer to the bot's question for ``action``'s parameters ("ZM-2026-001201" after "Proszę
    podać numer zamówienia"), or None when the message gives none of them."""
    folded = FoldedMessage.of(message)
    values = find_values(folded.text)
    calls, missing = _parameter_sets(action, values)
    if len(missing) == len([n for n, f in action.parameters.model_fields.items() if f.is_required()]):
        return None
    return ActionMatch(action=action, score=1.0, by="follow_up", calls=calls, missing=missing,
                       several=len(calls) > 1, values=values)


def _by_patterns(actions: Sequence[Action], text: str,
                 min_overlap: float) -> tuple[Action, float, str] | None:
    for action in actions:
        if any(p.search(text) for p in action.patterns):
            return action, 0.9, "patterns"
    words = _stems(text)
    best: tuple[Action, float, str] | None = None
    for action in actions:
        if action.intent is not None:  # the phrase tables decide for a built-in intent
            continue
        for example in action.examples:
            stems = _stems(read(example))
            if len(stems) < 2:
                continue
            overlap = len(words & stems) / len(stems)
            if overlap >= min_overlap and (best is None or overlap > best[1]):
                best = (action, round(overlap, 4), "examples")
    return best


def example_texts(action: Action) -> list[str]:
    """What an action's meaning is embedded from: its description and example phrasings."""
    return [action.description, *action.examples]


def embed_examples(actions: Sequence[Action], embed: Embed) -> tuple[np.ndarray, list[int]]:
    """The vectors of every action's description and examples, and each row's action index."""
    texts, owners = [], []
    for index, action in enumerate(actions):
        for text in example_texts(action):
            texts.append(text)
            owners.append(index)
    return np.asarray(embed(texts), dtype=np.float32), owners


def _by_embedding(actions: Sequence[Action], text: str, embed: Embed, vectors: Any,
                  threshold: float) -> tuple[Action, float, str] | None:
    matrix, owners = vectors(embed) if vectors is not None else embed_examples(actions, embed)
    if not len(owners):
        return None
    query = np.asarray(embed([text]), dtype=np.float32)[0]
    scores = matrix @ query
    best = int(np.argmax(scores))
    if float(scores[best]) < threshold:
        return None
    return actions[owners[best]], round(float(scores[best]), 4), "embedding"
