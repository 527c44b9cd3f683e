"""One customer turn as a pipeline of named steps over explicit collaborators.

:class:`~pomocbot.pipeline.runner.TurnPipeline` runs guard → load →
understand → retrieve → answer → escalate → compose → persist → restore over
a :class:`~pomocbot.pipeline.context.TurnContext`;
:class:`~pomocbot.Assistant` builds its collaborators and calls it from
:meth:`~pomocbot.Assistant.reply`.
"""

from pomocbot.pipeline.context import TurnContext
from pomocbot.pipeline.escalator import Escalator
from pomocbot.pipeline.runner import TurnPipeline
from pomocbot.pipeline.understand import MessageFeatures, read_features

__all__ = ["Escalator", "MessageFeatures", "TurnContext", "TurnPipeline", "read_features"]
