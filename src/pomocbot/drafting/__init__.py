"""Answer drafting: extractive (default) or LLM drafts, grounding verification, confidence, persona.

>>> from pomocbot.drafting import ExtractiveDrafter, GroundingVerifier, Persona
"""

from __future__ import annotations

from pomocbot.drafting.answer import Answer, Answerer
from pomocbot.drafting.base import Draft, Drafter, DraftRequest
from pomocbot.drafting.confidence import ConfidenceModel, ConfidenceSignals, fit_logistic
from pomocbot.drafting.extractive import ExtractiveDrafter
from pomocbot.drafting.grounding import GroundingResult, GroundingVerifier
from pomocbot.drafting.persona import Persona, informal_forms
from pomocbot.drafting.prompts import PromptSet

__all__ = [
    "Answer",
    "Answerer",
    "ConfidenceModel",
    "ConfidenceSignals",
    "Draft",
    "DraftRequest",
    "Drafter",
    "ExtractiveDrafter",
    "GroundingResult",
    "GroundingVerifier",
    "Persona",
    "PromptSet",
    "fit_logistic",
    "informal_forms",
]
