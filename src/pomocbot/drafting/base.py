"""What every drafter receives and returns.

A drafter turns the retrieved chunks into an answer *body*: sentences with
``[n]`` markers that point into ``request.sources`` (1-based). The persona's
greeting and sign-off are added afterwards by the assistant, and the grounding
verifier checks every sentence against the source it cites.

>>> from pomocbot.types import Hit
>>> hit = Hit(doc_id="zwroty", chunk_id="zwroty#0", title="Zwroty", text="Masz 14 dni na zwrot.",
...           score=1.0, rank=1)
>>> request = DraftRequest(question="ile dni na zwrot?", sources=[hit])
>>> Draft(body="Masz 14 dni na zwrot [1].", cited=[1], drafter="extractive").cited
[1]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from pomocbot.config import PersonaConfig
from pomocbot.conversation.base import Turn
from pomocbot.types import Hit

__all__ = ["Draft", "DraftRequest", "Drafter"]


@dataclass(frozen=True)
class DraftRequest:
    """Everything a drafter may use; all texts are already redacted.

    ``question`` is what was searched (a follow-up carries terms of earlier
    turns); ``message`` the customer's message as written; ``sources`` the
    retrieved chunks, best first, numbered from 1 in the draft's markers.
    ``language`` is the detected language of the message; ``answer_language``
    the one the answer must be written in.
    """

    question: str
    sources: list[Hit]
    message: str = ""
    persona: PersonaConfig = field(default_factory=PersonaConfig)
    history: list[Turn] = field(default_factory=list)
    language: str = "pl"
    answer_language: str = "pl"
    max_sentences: int = 3
    max_words: int = 60


@dataclass(frozen=True)
class Draft:
    """An answer body with ``[n]`` markers (no greeting, no sign-off).

    ``cited`` lists the source numbers the body cites, in order of first use.
    ``support`` (0..1) is the drafter's own estimate of how well the sources
    answer the question (the extractive drafter's best sentence score); the
    assistant turns it into the reply's confidence. ``metadata`` carries
    details for debugging and analytics (never raw customer data), e.g.
    ``{"fallback": "llm timeout"}``.
    """

    body: str
    cited: list[int]
    drafter: str
    support: float = 0.0
    metadata: dict[str, Any] = field(default_factory=dict)


@runtime_checkable
class Drafter(Protocol):
    """Writes an answer body from retrieved sources."""

    def draft(self, request: DraftRequest) -> Draft:
        """Return the answer body for ``request`` (may be empty: nothing worth saying)."""
        ...
