"""pomocbot's Polish hybrid retrieval as a LlamaIndex retriever, and a query engine that redacts first.

:class:`PomocbotRetriever` plugs an :class:`~pomocbot.Assistant` (or anything
with ``search(query, k) -> list[Hit]``, such as its
:class:`~pomocbot.retrieval.index.KnowledgeIndex`) into LlamaIndex: query
engines, chat engines, agents and rerankers then run on pomocbot's FAISS +
Stempel BM25 + n-gram fusion. Each :class:`~pomocbot.Hit` becomes a
``NodeWithScore``: a ``TextNode`` whose id is the chunk id, whose source
document is the pomocbot document, with metadata ``doc_id``, ``title``,
``url`` and ``heading``, scored with the fused score.

The query may hold personal data ("Jan Kowalski, PESEL 02070803628, gdzie
paczka?"), and whatever LlamaIndex does next (callbacks, tracing, an LLM
prompt) would see it, so by default it is redacted by the assistant's privacy
guard before the search, and the redacted text is what the nodes were found
for. The retriever can only redact what it searches: a
``RetrieverQueryEngine`` built on it still puts the caller's query, as given,
into its LLM prompt. For a customer's text use :class:`PomocbotQueryEngine`,
which redacts the query before any LlamaIndex object sees it (the search, the
LLM prompt, callbacks and instrumentation).
llama-index-core is imported by this module only; ``import pomocbot``
does not load it.

>>> from pomocbot import Assistant, Document
>>> from llama_index.core.schema import QueryBundle
>>> assistant = Assistant()
>>> _ = assistant.add_documents([
...     Document(id="zwroty", title="Zwroty", text="Masz 14 dni na zwrot towaru bez podania przyczyny."),
...     Document(id="dostawa", title="Dostawa", text="Kurier DPD kosztuje 14,99 zł, Paczkomat 11,99 zł."),
... ])
>>> retriever = PomocbotRetriever(assistant, k=1)
>>> [node.node.metadata["doc_id"] for node in retriever.retrieve("Ile mam dni na zwrot towaru?")]
['zwroty']
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from pomocbot.errors import ConfigError, DependencyMissingError, InvalidQueryError
from pomocbot.types import Hit

try:
    from llama_index.core.base.response.schema import RESPONSE_TYPE
    from llama_index.core.callbacks import CallbackManager
    from llama_index.core.llms import LLM
    from llama_index.core.query_engine import RetrieverQueryEngine
    from llama_index.core.retrievers import BaseRetriever
    from llama_index.core.schema import (
        NodeRelationship,
        NodeWithScore,
        QueryBundle,
        RelatedNodeInfo,
        TextNode,
    )
except ImportError as exc:  # pragma: no cover - llama-index-core is a dependency of pomocbot
    raise DependencyMissingError(
        f"pomocbot.interop.llama_index needs llama-index-core ({type(exc).__name__}: {exc}); "
        "install it with: pip install 'llama-index-core>=0.12'"
    ) from exc

__all__ = ["PomocbotQueryEngine", "PomocbotRetriever", "hit_to_node"]

logger = logging.getLogger(__name__)

# Shown to an LLM with the node text: the title and heading help it; ids and urls are noise there.
_LLM_HIDDEN_KEYS = ["doc_id", "url", "rank"]
_EMBED_HIDDEN_KEYS = ["doc_id", "url", "rank"]


class _Searchable(Protocol):
    def search(self, query: str, k: int = 5) -> list[Hit]: ...


def _guard(source: Any, redact: Callable[[str], str] | None, user: str) -> Callable[[str], str]:
    """``redact``, else the source's privacy guard (``source.redact(text).text``); ConfigError without one."""
    if redact is not None:
        return redact
    redact_method = getattr(source, "redact", None)
    if not callable(redact_method):
        raise ConfigError(
            f"{type(source).__name__} has no privacy guard to redact the query; pass the Assistant, "
            f"redact=<a function of str to str>{user}"
        )
    return lambda text: redact_method(text).text  # the Assistant's Redaction.text


def hit_to_node(hit: Hit) -> NodeWithScore:
    """A pomocbot :class:`~pomocbot.Hit` as a LlamaIndex ``NodeWithScore``.

    The node id is the chunk id and its source (``ref_doc_id``) the document id;
    ``url`` is the hit's ``metadata["url"]`` when the document has one, else the
    file it was loaded from; ``heading`` is the section.

    >>> hit = Hit(doc_id="zwroty", chunk_id="zwroty#0", title="Zwroty", text="Masz 14 dni.",
    ...           score=1.2, section="Ile masz czasu", source="kb/zwroty.md", rank=1)
    >>> node = hit_to_node(hit)
    >>> node.node.node_id, node.node.ref_doc_id, node.score
    ('zwroty#0', 'zwroty', 1.2)
    >>> node.node.metadata
    {'doc_id': 'zwroty', 'title': 'Zwroty', 'url': 'kb/zwroty.md', 'heading': 'Ile masz czasu', 'rank': 1}
    """
    metadata: dict[str, Any] = {
        "doc_id": hit.doc_id,
        "title": hit.title,
        "url": hit.metadata.get("url") or hit.source,
        "heading": hit.section,
        "rank": hit.rank,
    }
    node = TextNode(
        id_=hit.chunk_id,
        text=hit.text,
        metadata=metadata,
        excluded_llm_metadata_keys=list(_LLM_HIDDEN_KEYS),
        excluded_embed_metadata_keys=list(_EMBED_HIDDEN_KEYS),
        relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=hit.doc_id)},
    )
    return NodeWithScore(node=node, score=hit.score)


class PomocbotRetriever(BaseRetriever):
    """A LlamaIndex ``BaseRetriever`` over pomocbot's Polish hybrid search.

    ``source`` is an :class:`~pomocbot.Assistant` or anything with
    ``search(query, k) -> list[Hit]`` (e.g. ``assistant.index``); ``k`` is the
    number of nodes returned. With ``redact_query`` (the default) the query
    goes through ``redact`` first; ``redact`` defaults to the assistant's
    privacy guard (``assistant.redact(query).text``), so a source without one
    needs ``redact=`` or ``redact_query=False``, else
    :class:`~pomocbot.ConfigError`. Errors of the search (e.g.
    :class:`~pomocbot.EmptyQueryError`) propagate unchanged.

    >>> from llama_index.core.query_engine import RetrieverQueryEngine
    >>> from llama_index.core.llms import MockLLM
    >>> from pomocbot import Assistant, Document
    >>> assistant = Assistant()
    >>> _ = assistant.add_documents([Document(id="blik", title="BLIK",
    ...     text="Płatność BLIK: wpisz sześciocyfrowy kod z aplikacji banku.")])
    >>> engine = RetrieverQueryEngine.from_args(PomocbotRetriever(assistant, k=1), llm=MockLLM())
    >>> engine.query("Jak zapłacić BLIKiem?").source_nodes[0].node.ref_doc_id
    'blik'
    """

    def __init__(self, source: Any, *, k: int = 5, redact_query: bool = True,
                 redact: Callable[[str], str] | None = None,
                 callback_manager: CallbackManager | None = None, verbose: bool = False) -> None:
        if not callable(getattr(source, "search", None)):
            raise ConfigError(
                f"PomocbotRetriever needs an Assistant or an object with search(query, k); got "
                f"{type(source).__name__}"
            )
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise ConfigError(f"k must be a positive integer, got {k!r}; pass e.g. k=5")
        if redact_query:
            redact = _guard(source, redact, ", or redact_query=False")
        self.source: _Searchable = source
        self.k = k
        self.redact_query = redact_query
        self._redact = redact
        super().__init__(callback_manager=callback_manager, verbose=verbose)

    def __repr__(self) -> str:
        return (f"PomocbotRetriever(source={type(self.source).__name__}, k={self.k}, "
                f"redact_query={self.redact_query})")

    def query_text(self, query: str) -> str:
        """What is searched for ``query``: redacted when ``redact_query`` is on.

        >>> from pomocbot import Assistant
        >>> PomocbotRetriever(Assistant(), redact_query=False).query_text("Anna Nowak pyta o zwrot")
        'Anna Nowak pyta o zwrot'
        """
        if self.redact_query and self._redact is not None:
            return self._redact(query)
        return query

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        query = self.query_text(query_bundle.query_str)
        hits = self.source.search(query, self.k)
        logger.debug("PomocbotRetriever: %d nodes for a query of %d characters", len(hits), len(query))
        return [hit_to_node(hit) for hit in hits]


class PomocbotQueryEngine:
    """LlamaIndex question answering over pomocbot's search, the query redacted before LlamaIndex sees it.

    :meth:`query` redacts the text with the assistant's privacy guard
    (``assistant.redact(text).text``, or ``redact``) and asks ``engine`` the
    redacted text: the search, the LLM prompt, LlamaIndex's callbacks and its
    instrumentation (spans, ``QueryStartEvent``) never get the raw text.
    ``engine`` defaults to ``RetrieverQueryEngine.from_args(PomocbotRetriever(source, k=k), llm=llm,
    **engine_args)``; pass your own (with rerankers, another response mode)
    to put the redaction in front of it. Not itself a ``BaseQueryEngine``:
    LlamaIndex records the arguments of a ``BaseQueryEngine.query`` call, so
    the raw text must not be one. Where LlamaIndex needs a query engine (a
    tool, a router), give it :attr:`engine` with text already redacted.

    ``source`` is an :class:`~pomocbot.Assistant` or anything with ``search``
    and ``redact``; a source without ``redact`` (``assistant.index``) needs
    ``redact=``, else :class:`~pomocbot.ConfigError`, as does ``engine=``
    together with ``llm`` or ``engine_args``.

    >>> from llama_index.core.llms import MockLLM
    >>> from pomocbot import Assistant, Document
    >>> assistant = Assistant()
    >>> _ = assistant.add_documents([Document(id="zwroty", title="Zwroty",
    ...     text="Masz 14 dni na zwrot towaru bez podania przyczyny.")])
    >>> engine = PomocbotQueryEngine(assistant, llm=MockLLM(), k=1)
    >>> response = engine.query("Mój PESEL to 02070803628. Ile mam dni na zwrot towaru?")
    >>> prompt = str(response)  # MockLLM answers with the prompt it was sent
    >>> "02070803628" in prompt, "Mój PESEL to [PESEL_1]" in prompt
    (False, True)
    >>> response.source_nodes[0].node.ref_doc_id
    'zwroty'
    """

    def __init__(self, source: Any, *, llm: LLM | None = None, k: int = 5, engine: Any = None,
                 redact: Callable[[str], str] | None = None, **engine_args: Any) -> None:
        self._redact = _guard(source, redact, "")
        if engine is None:
            retriever = PomocbotRetriever(source, k=k, redact=self._redact)  # redacts again: idempotent
            engine = RetrieverQueryEngine.from_args(retriever, llm=llm, **engine_args)
        elif llm is not None or engine_args:
            extra = ", ".join(["llm"] * (llm is not None) + sorted(engine_args))
            raise ConfigError(f"PomocbotQueryEngine got engine= and also {extra}; build the engine with "
                              "them, or pass llm= and its options without engine=")
        if not callable(getattr(engine, "query", None)):
            raise ConfigError(f"engine must be a LlamaIndex query engine (with query()), got "
                              f"{type(engine).__name__}")
        self.engine = engine

    def __repr__(self) -> str:
        return f"PomocbotQueryEngine(engine={type(self.engine).__name__})"

    def redacted(self, query: str | QueryBundle) -> QueryBundle:
        """The query as the engine is asked it: the text (and custom embedding strings) redacted.

        A precomputed ``embedding`` is dropped (it was computed from the raw text).

        >>> from llama_index.core.llms import MockLLM
        >>> from pomocbot import Assistant
        >>> engine = PomocbotQueryEngine(Assistant(), llm=MockLLM())
        >>> engine.redacted("Dzwońcie na 601 234 567").query_str
        'Dzwońcie na [TELEFON_1]'
        """
        if isinstance(query, str):
            return QueryBundle(self._redact(query))
        if not isinstance(query, QueryBundle):
            raise InvalidQueryError(f"the query must be a str or a QueryBundle, got {type(query).__name__}")
        custom = query.custom_embedding_strs
        if custom is not None:
            custom = [self._redact(text) for text in custom]
        return QueryBundle(query_str=self._redact(query.query_str), image_path=query.image_path,
                           custom_embedding_strs=custom)

    def query(self, query: str | QueryBundle) -> RESPONSE_TYPE:
        """Answer ``query`` (a customer's text): redacted first, then ``engine.query``."""
        return self.engine.query(self.redacted(query))

    async def aquery(self, query: str | QueryBundle) -> RESPONSE_TYPE:
        """:meth:`query`, asynchronously (``engine.aquery``)."""
        return await self.engine.aquery(self.redacted(query))
