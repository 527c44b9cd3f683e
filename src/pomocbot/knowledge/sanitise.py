"""A knowledge-base document as it may be indexed: unsafe sentences out, customers' personal data masked.

:meth:`pomocbot.Assistant.add_documents` runs every document through
:func:`sanitised`; what was removed or masked is reported as
:class:`~pomocbot.types.KnowledgeFinding` entries (never the values).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from pomocbot.config import AssistantConfig
from pomocbot.errors import DependencyMissingError, IngestionError, PomocbotError
from pomocbot.knowledge import safety
from pomocbot.knowledge.document import Document
from pomocbot.types import KnowledgeFinding, PIIEntity

__all__ = ["changed_documents", "sanitised", "sanitised_batch", "warn_personal_data_left"]

logger = logging.getLogger(__name__)


def sanitised(document: Document, config: AssistantConfig, detect: Callable[[str], list[PIIEntity]],
              findings: list[KnowledgeFinding], left: dict[str, Counter[str]]) -> Document:
    """``document`` as it may be indexed: unsafe sentences removed, personal data masked (see safety).

    The personal data found and not masked (a shop's own contact data, or all of it where masking
    is off) is counted in ``left`` for the warning; the text is scanned once.
    """
    knowledge = config.knowledge
    text = document.text
    removed = safety.unsafe_sentences(text) if knowledge.drop_unsafe_sentences else []
    masked: list = []
    entities: list = []
    if knowledge.redact_personal_data or config.privacy.warn_on_knowledge_pii:
        try:
            entities = detect(text)
        except (DependencyMissingError, PomocbotError) as exc:
            logger.debug("document %r not checked for personal data (%s)", document.id,
                         type(exc).__name__)
    if knowledge.redact_personal_data:
        personal = safety.personal_spans(text, entities)
        if personal and safety.keeps_personal_data(document.id, knowledge.keep_personal_data_in):
            kinds = safety.counts([e.entity_type for e in personal])
            findings.append(KnowledgeFinding(doc_id=document.id, kind="personal_data", action="kept",
                                             detail=f"personal data ({kinds})"))
        else:
            masked = [e for e in personal
                      if not any(r.start <= e.start < r.end for r in removed)]
    masked_ids = {id(e) for e in masked}
    left[document.id] = Counter(e.entity_type for e in entities if id(e) not in masked_ids)
    if not removed and not masked:
        return document
    for kind in sorted({r.kind for r in removed}):
        n = sum(r.kind == kind for r in removed)
        detail = next(r.detail for r in removed if r.kind == kind)
        findings.append(KnowledgeFinding(doc_id=document.id, kind=kind, action="removed",
                                         detail=f"{n} sentence(s): {detail}"))
    if masked:
        kinds = safety.counts([e.entity_type for e in masked])
        findings.append(KnowledgeFinding(doc_id=document.id, kind="personal_data", action="masked",
                                         detail=f"personal data ({kinds})"))
    edits = sorted([(r.start, r.end, "") for r in removed]
                   + [(e.start, e.end, f"[{e.entity_type}]") for e in masked])
    pieces, position = [], 0
    for start, end, replacement in edits:
        if start < position:
            continue
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = end
    pieces.append(text[position:])
    cleaned = re.sub(r"[ \t]{2,}", " ", "".join(pieces)).strip()
    return document.model_copy(update={"text": cleaned or document.title or document.id})


def warn_personal_data_left(changed: list[Document], left: dict[str, Counter[str]]) -> None:
    """Log the personal data found and left unmasked in new or changed documents (types and counts)."""
    for document in changed:
        if left.get(document.id):
            logger.warning("document %r contains personal data left unmasked (%s): check that no "
                           "customer data slipped into the knowledge base", document.id,
                           ", ".join(f"{kind}: {n}" for kind, n in sorted(left[document.id].items())))


def sanitised_batch(documents: object, config: AssistantConfig, detect: Callable[[str], list[PIIEntity]],
                    ) -> tuple[list, list[KnowledgeFinding], dict[str, Counter[str]]]:
    """:func:`sanitised` over a batch given to ``add_documents``: the documents, findings, data left.

    A non-Document item passes through (the index refuses it, before anything changes).
    """
    if isinstance(documents, Document):
        documents = [documents]
    if isinstance(documents, (str, bytes, Mapping)) or not isinstance(documents, Iterable):
        raise IngestionError(f"add_documents() takes Documents, not a {type(documents).__name__}")
    findings: list[KnowledgeFinding] = []
    left: dict[str, Counter[str]] = {}  # personal data found and left in the text, by document id
    cleaned = [sanitised(d, config, detect, findings, left) if isinstance(d, Document) else d
               for d in documents]
    return cleaned, findings, left


def changed_documents(documents: list, known: Mapping[str, object]) -> list[Document]:
    """The new or changed documents of a batch, against the index's entries (``content_hash``)."""
    latest = {d.id: d for d in documents if isinstance(d, Document)}
    return [d for d in latest.values()
            if (entry := known.get(d.id)) is None or getattr(entry, "content_hash", None) != d.content_hash]
