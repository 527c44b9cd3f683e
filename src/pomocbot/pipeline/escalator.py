"""The escalate step's collaborator: the tone and semantic models, and the handover decision.

:class:`Escalator` owns the two embedding models shipped for the embedder
(loaded on first use) and reads both from the message's query embedding,
which the retrieve step computed and passes in: a message is embedded once.

>>> from pomocbot.config import AssistantConfig
>>> escalator = Escalator(AssistantConfig(), embedder=None)
>>> escalator.tone(None), escalator.semantic_codes(None)
(None, [])
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from pomocbot.config import AssistantConfig
from pomocbot.conversation.base import Turn
from pomocbot.drafting.answer import Answer
from pomocbot.escalate.step import TurnEscalation, escalate_turn
from pomocbot.pipeline.understand import MessageFeatures
from pomocbot.types import EscalationReason

if TYPE_CHECKING:
    from pomocbot.escalate.semantic import SemanticTriggers
    from pomocbot.escalate.tone import ToneClassifier

__all__ = ["Escalator"]

_NOT_LOADED: Any = object()


class Escalator:
    """Decides whether a consultant takes over, from the message's features and embedding.

    ``embedder`` picks the shipped tone and semantic models (None: no models).
    """

    def __init__(self, config: AssistantConfig, embedder: Any) -> None:
        self.config = config
        self.embedder = embedder
        self._tone: Any = _NOT_LOADED
        self._semantic: Any = _NOT_LOADED
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.config.escalation.enabled

    @property
    def needs_embedding(self) -> bool:
        """Whether :meth:`assess` reads the query embedding (a tone or semantic model is loaded)."""
        return self.enabled and (self.tone_classifier is not None or self.semantic_triggers is not None)

    @property
    def tone_classifier(self) -> ToneClassifier | None:
        """The tone classifier shipped for the embedder (None without one, or turned off)."""
        if self._tone is _NOT_LOADED:
            from pomocbot.escalate.tone import ToneClassifier

            self._tone = self._shipped(ToneClassifier, self.config.escalation.tone_classifier)
        return self._tone

    @property
    def semantic_triggers(self) -> SemanticTriggers | None:
        """Handover reasons by meaning, shipped for the embedder (None without a model, or turned off)."""
        if self._semantic is _NOT_LOADED:
            from pomocbot.escalate.semantic import SemanticTriggers

            self._semantic = self._shipped(SemanticTriggers, self.config.escalation.semantic_triggers)
        return self._semantic

    def _shipped(self, model: Any, wanted: bool) -> Any:
        """``model.for_embedder(embedder)`` when ``wanted`` and there is an embedder (loaded once)."""
        with self._lock:
            return model.for_embedder(self.embedder) if wanted and self.embedder is not None else None

    def tone(self, vector: np.ndarray | None) -> float | None:
        """Probability that the message with this query embedding sounds frustrated (None: no model)."""
        classifier = self.tone_classifier if vector is not None else None  # no vector: load nothing
        if vector is None or classifier is None:
            return None
        return float(classifier.probability(vector[None, :])[0])

    def semantic_codes(self, vector: np.ndarray | None) -> list[tuple[str, float]]:
        """Reason codes the message carries by meaning, with probabilities ([] without a model)."""
        model = self.semantic_triggers if vector is not None else None
        return [] if vector is None or model is None else model.detect(vector)

    def assess(self, features: MessageFeatures, history: Sequence[Turn], current: Turn, *, answer: Answer,
               vector: np.ndarray | None, customer: Mapping[str, Any] | None, pii_counts: Mapping[str, int],
               now: datetime, extra: Sequence[EscalationReason] = ()) -> TurnEscalation:
        """Frustration and the decision for the current turn (``current`` carries its tone)."""
        return escalate_turn(features.folded, history, config=self.config, now=now,
                             abstained=answer.abstained, confidence=answer.confidence,
                             citations=answer.citations, customer=customer, pii_counts=pii_counts,
                             current_turns=[current], semantic=self.semantic_codes(vector),
                             reading=features.reading, extra=extra)
