"""Cite-or-abstain: draft, verify every sentence, score confidence, number the citations.

:class:`Answerer` runs one answer through the whole chain:

1. the configured drafter writes a body (an LLM, or the extractive drafter);
   an LLM failure falls back to the extractive draft, and the reason is kept
   in ``metadata["fallback"]``;
2. the grounding verifier checks each sentence against the source it cites
   and removes unsupported ones; when less than ``min_kept_fraction`` of an
   LLM draft survives, the extractive draft replaces it;
3. the answerability model (:mod:`pomocbot.drafting.confidence`) turns
   retrieval and support signals into a probability; below ``abstain_below``
   (or with nothing left to say) the answer abstains, and
   ``metadata["abstain_reason"]`` says why; with an LLM, an answer that would
   be given is checked once more ("czy ten fragment odpowiada na pytanie?",
   :meth:`~pomocbot.drafting.llm.LLMDrafter.check_answerable`), and a "NIE"
   makes it abstain;
4. the citation markers are renumbered ``[1]``, ``[2]`` … in order of first
   use, and each gets a :class:`~pomocbot.types.Citation` with its quote.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pomocbot.config import DraftingConfig
from pomocbot.drafting.answerability import answerability_signals
from pomocbot.drafting.base import Draft, Drafter, DraftRequest
from pomocbot.drafting.confidence import ConfidenceModel, ConfidenceSignals
from pomocbot.drafting.extractive import ExtractiveDrafter
from pomocbot.drafting.grounding import GroundingVerifier
from pomocbot.errors import PomocbotError
from pomocbot.text.sentences import split_sentences
from pomocbot.types import Citation, Hit, SentenceVerdict

__all__ = ["Answer", "Answerer"]

logger = logging.getLogger(__name__)

_MARKER = re.compile(r"\[(\d+)\]")
_QUOTE_CHARS = 300


@dataclass(frozen=True)
class Answer:
    """The verified answer to one question (before the persona's frame is added)."""

    body: str
    citations: list[Citation]
    grounding: list[SentenceVerdict]
    confidence: float
    abstained: bool
    drafter: str
    metadata: dict[str, Any] = field(default_factory=dict)


class Answerer:
    """Drafts, verifies and scores answers (see the module docstring)."""

    def __init__(self, config: DraftingConfig, extractive: ExtractiveDrafter, verifier: GroundingVerifier,
                 stems: Callable[[str], list[str]], *, llm_drafter: Drafter | None = None,
                 confidence: ConfidenceModel | None = None) -> None:
        self.config = config
        self.extractive = extractive
        self.verifier = verifier
        self.llm_drafter = llm_drafter
        self.confidence_model = confidence or ConfidenceModel.lexical()
        self._stems = stems

    def answer(self, request: DraftRequest) -> Answer:
        if not request.sources:
            return Answer("", [], [], 0.0, True, "none", {"abstain_reason": "no sources"})
        metadata: dict[str, Any] = {}
        extractive = self.extractive.draft(request)
        draft = extractive
        if self.llm_drafter is not None:
            try:
                draft = self.llm_drafter.draft(request)
            except PomocbotError as exc:  # LLMError and its kind: answer anyway, from the knowledge base
                logger.warning("LLM drafter failed (%s); using the extractive draft", type(exc).__name__)
                metadata["fallback"] = f"{type(exc).__name__}: {exc}"[:300]
        verified = self.verifier.verify(draft.body, request.sources)
        if draft is not extractive and (not verified.body.strip()
                                        or verified.kept_fraction < self.config.grounding.min_kept_fraction):
            if not draft.metadata.get("abstained"):
                metadata["fallback"] = (f"LLM draft poorly grounded "
                                        f"(kept {verified.kept_fraction:.0%} of sentences)")
            draft, verified = extractive, self.verifier.verify(extractive.body, request.sources)
        metadata.update({k: v for k, v in draft.metadata.items() if k != "question_stems"})

        signals = self.signals(request, extractive, verified.kept_fraction)
        confidence = round(self.confidence_model.predict(signals), 4)
        # Unknown signals (NaN: too few hits to compare) are left out of the metadata (JSON has no NaN).
        metadata["signals"] = {name: round(value, 4) for name, value in vars(signals).items()
                               if value == value}
        abstained = confidence < self.config.abstain_below or not verified.body.strip()
        if not abstained and self.llm_drafter is not None and self.config.llm_answerability_check:
            # A second opinion that reads the text: the LLM may only veto an answer, never force one.
            check = getattr(self.llm_drafter, "check_answerable", None)
            verdict = check(request) if check is not None else None
            metadata["llm_answerable"] = verdict
            if verdict is False:
                metadata["abstain_reason"] = "llm: the sources do not answer the question"
                return Answer("", [], verified.verdicts, confidence, True, draft.drafter, metadata)
        if abstained:
            metadata["abstain_reason"] = ("nothing grounded to say" if not verified.body.strip()
                                          else self.confidence_model.explain(signals))
            return Answer("", [], verified.verdicts, confidence, True, draft.drafter, metadata)
        body, citations = self._number_citations(verified.body, request.sources, draft)
        return Answer(body, citations, verified.verdicts, confidence, False, draft.drafter, metadata)

    def signals(self, request: DraftRequest, extractive: Draft, grounded: float) -> ConfidenceSignals:
        """Answerability signals (the extractive draft measures support in every mode)."""
        stems = extractive.metadata.get("question_stems")
        question_stems = self._stems(request.question) if stems is None else stems
        return answerability_signals(
            request.question, request.sources, question_stems, self.extractive.top_chunk(request.sources[0]),
            idf=self.extractive.idf,
            best_stem_coverage=float(extractive.metadata.get("best_stem_coverage", 0.0)),
            best_ngram_coverage=float(extractive.metadata.get("best_ngram_coverage", 0.0)), grounded=grounded,
            message=request.message, known=self.extractive.known)

    @staticmethod
    def _number_citations(body: str, sources: list[Hit], draft: Draft) -> tuple[str, list[Citation]]:
        """Renumber markers by first use and build the citations with their quotes."""
        order: dict[int, int] = {}
        for match in _MARKER.finditer(body):
            original = int(match.group(1))
            if 1 <= original <= len(sources):
                order.setdefault(original, len(order) + 1)
        body = _MARKER.sub(lambda m: f"[{order[int(m.group(1))]}]" if int(m.group(1)) in order else "", body)
        body = re.sub(r"\s+([.,!?:;])", r"\1", re.sub(r"[ \t]{2,}", " ", body)).strip()
        used = _used_sentences(draft)
        citations = []
        for original, number in order.items():
            hit = sources[original - 1]
            sentences = split_sentences(hit.text)
            picked = [sentences[i] for i in used.get(original, []) if i < len(sentences)]
            quote = " ".join(picked) if picked else _truncate(hit.text)
            citations.append(Citation(number=number, doc_id=hit.doc_id, chunk_id=hit.chunk_id,
                                      title=hit.title, quote=quote, source=hit.source, section=hit.section))
        return body, citations


def _used_sentences(draft: Draft) -> dict[int, list[int]]:
    used: dict[int, list[int]] = {}
    for source, position in draft.metadata.get("sentences", []):
        used.setdefault(source, []).append(position)
    return used


def _truncate(text: str) -> str:
    if len(text) <= _QUOTE_CHARS:
        return text
    cut = text.rfind(" ", 0, _QUOTE_CHARS)
    return text[: cut if cut > 0 else _QUOTE_CHARS] + "…"
