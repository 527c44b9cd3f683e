"""How an :class:`~pomocbot.Assistant`'s parts are built from its config: embedder, PII detector, answerer.

>>> from pomocbot.config import AssistantConfig
>>> build_embedder(AssistantConfig()).name
'multilingual-e5-small-q4'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pomocbot.config import AssistantConfig, DrafterKind, EmbedderKind, LLMConfig
from pomocbot.drafting.answer import Answerer
from pomocbot.drafting.confidence import ConfidenceModel
from pomocbot.drafting.extractive import ExtractiveDrafter
from pomocbot.drafting.grounding import GroundingVerifier
from pomocbot.errors import ConfigError, DependencyMissingError
from pomocbot.guardrails.base import PIIDetector
from pomocbot.retrieval.e5 import E5Embedder
from pomocbot.retrieval.embedders import Embedder, HuggingFaceEmbedder, UniversalSentenceEncoder
from pomocbot.retrieval.index import KnowledgeIndex

__all__ = ["build_answerer", "build_detector", "build_embedder", "build_llm", "config_for_embedder",
           "embedder_for_index"]


def build_embedder(config: AssistantConfig) -> Embedder:
    """The embedder named by ``config.retrieval`` (multilingual-e5 by default; HF needs a model path)."""
    rc = config.retrieval
    if rc.embedder is EmbedderKind.E5:
        return E5Embedder(threads=rc.embedder_threads, build_threads=rc.build_threads)
    if rc.embedder is EmbedderKind.USE:
        return UniversalSentenceEncoder(threads=rc.embedder_threads)
    if not rc.embedder_model_path:
        raise ConfigError(
            "embedder 'huggingface' needs retrieval.embedder_model_path (a local model directory)"
        )
    return HuggingFaceEmbedder(rc.embedder_model_path, query_prefix=rc.query_prefix,
                               passage_prefix=rc.passage_prefix, threads=rc.embedder_threads)


_BUILT_IN_EMBEDDERS = {E5Embedder.name: EmbedderKind.E5, UniversalSentenceEncoder.name: EmbedderKind.USE}


def embedder_for_index(manifest: Mapping[str, Any], config: AssistantConfig) -> Embedder:
    """The embedder a saved index was built with, when it is one of the built-in ones; else ``config``'s.

    An index records its embedder's name; a config passed with another
    embedder kind (or an index built with an embedder instance the config did
    not name) would otherwise load with the wrong model and be refused.
    """
    name = manifest.get("embedder", {}).get("name") if isinstance(manifest.get("embedder"), dict) else None
    kind = _BUILT_IN_EMBEDDERS.get(name) if isinstance(name, str) else None
    if kind is not None and kind is not config.retrieval.embedder:
        retrieval = config.retrieval.model_copy(update={"embedder": kind})
        config = config.model_copy(update={"retrieval": retrieval})
    return build_embedder(config)


def config_for_embedder(config: AssistantConfig, embedder: Embedder | None) -> AssistantConfig:
    """``config`` naming the built-in embedder passed as an instance (saved indexes record the right kind).

    Retrieval settings the config left unset then take that embedder's tuned
    defaults (:data:`~pomocbot.config.EMBEDDER_RETRIEVAL_DEFAULTS`).
    """
    kind = _BUILT_IN_EMBEDDERS.get(getattr(embedder, "name", None) or "")
    if kind is None or kind is config.retrieval.embedder:
        return config
    given = config.retrieval.model_dump(include=config.retrieval.model_fields_set - {"embedder"})
    retrieval = type(config.retrieval).model_validate({**given, "embedder": kind})
    return config.model_copy(update={"retrieval": retrieval})


def build_detector(config: AssistantConfig) -> PIIDetector:
    """The Polish PII detector for ``config.privacy`` (Presidio and pomocbot's recognizers, imported here)."""
    try:
        from pomocbot.guardrails.analyzer import PolishPIIDetector
    except ImportError as exc:
        raise DependencyMissingError(
            f"the Polish PII detector cannot be imported ({type(exc).__name__}: {exc}); install pomocbot "
            "with its dependencies (pip install pomocbot, which brings presidio-analyzer), or pass "
            "Assistant(detector=...), or set privacy.enabled=False"
        ) from exc
    return PolishPIIDetector(config.privacy)


def build_llm(config: AssistantConfig, llm: Any | None = None) -> Any | None:
    """The LLM to draft with: ``llm`` when given, else the one ``drafting.llm`` names (drafter "llm")."""
    if llm is None and config.drafting.drafter is DrafterKind.LLM:
        from pomocbot.drafting.llm_factory import build_llm as from_config

        llm = from_config(config.drafting.llm or LLMConfig())
    return llm


def build_answerer(config: AssistantConfig, index: KnowledgeIndex, embedder: Embedder, *, llm: Any | None,
                   confidence: ConfidenceModel | None = None) -> Answerer:
    """The cite-or-abstain chain over ``index``: extractive drafter, grounding verifier, LLM drafter."""
    drafting = config.drafting
    extractive = ExtractiveDrafter(stems=index.analyzer.query_stems, idf=index.stem_idf,
                                   ngram_size=config.retrieval.ngram_size, analyze=index.analyzer.analyze,
                                   known=index.known_stems)
    verifier = GroundingVerifier(embedder, index.stemmer.stem, drafting.grounding)
    llm_drafter = None
    if llm is not None:
        from pomocbot.drafting.llm import LLMDrafter

        llm_drafter = LLMDrafter(llm, drafting.llm or LLMConfig())
    # The answerability model is fitted per embedder (cosine scales differ between models).
    return Answerer(drafting, extractive, verifier, index.analyzer.query_stems, llm_drafter=llm_drafter,
                    confidence=confidence or ConfidenceModel.for_embedder(embedder))
