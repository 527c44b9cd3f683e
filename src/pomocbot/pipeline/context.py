"""The state of one customer turn as it flows through the pipeline's steps.

Each step of :class:`~pomocbot.pipeline.runner.TurnPipeline` reads what the
steps before it wrote and fills its own fields; nothing else carries state
between steps. After the guard step ``message`` is empty: every later step
sees only ``redacted``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from pomocbot.actions import ActionMatch, ActionReply
from pomocbot.conversation.base import Turn
from pomocbot.drafting.answer import Answer
from pomocbot.escalate.step import TurnEscalation
from pomocbot.pipeline.understand import MessageFeatures
from pomocbot.types import ActionRecord, FollowUp, Hit, Redaction

__all__ = ["TurnContext"]


@dataclass
class TurnContext:
    """One turn: its inputs, then what each step (guard, load, understand, ... compose) wrote."""

    message: str
    conversation_id: str | None
    customer: Mapping[str, Any] | None
    now: datetime
    channel: str = "chat"
    started: float = field(default_factory=time.perf_counter)
    # guard
    redaction: Redaction = field(default_factory=lambda: Redaction(text=""))
    # load
    history: list[Turn] = field(default_factory=list)
    turn: int = 0
    # understand
    features: MessageFeatures | None = None
    query: str = ""
    follow_up: FollowUp = field(default_factory=FollowUp)
    searched: str = ""
    # retrieve
    query_vector: np.ndarray | None = None
    hits: list[Hit] = field(default_factory=list)
    # answer
    answer: Answer | None = None
    action_match: ActionMatch | None = None
    action_reply: ActionReply | None = None
    actions: list[ActionRecord] = field(default_factory=list)
    shown_values: dict[str, str] = field(default_factory=dict)  # action-result placeholder -> value
    # escalate
    customer_turn: Turn | None = None
    escalation: TurnEscalation | None = None
    # compose
    text: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def redacted(self) -> str:
        """The message as every step after the guard sees it."""
        return self.redaction.text

    @property
    def handing_over(self) -> bool:
        """Whether a consultant takes the conversation over after this turn."""
        return self.escalation is not None and self.escalation.decision.escalate
