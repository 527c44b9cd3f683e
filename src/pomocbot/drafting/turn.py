"""One customer turn, end to end: language, follow-up, retrieval, answer, persona, storage.

:class:`TurnRunner` is the part of :class:`~pomocbot.Assistant` that owns
:meth:`~pomocbot.Assistant.reply`. The order matters for privacy: the message
is redacted first (:meth:`TurnRunner.redaction`, with the assistant's
:class:`~pomocbot.guardrails.redaction.Redactor`) and the turn's audit record
written; every later step — follow-up resolution, retrieval, the LLM prompt,
the conversation store, logs, ``Reply.metadata`` — sees only the redacted
text. Only at the very end, with a vault, are the customer's own values put
back into ``Reply.text`` (the stored assistant turn keeps the tokens).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, Protocol

from pomocbot.config import AssistantConfig, DrafterKind, LLMConfig, Register
from pomocbot.conversation.base import ConversationStore, Turn
from pomocbot.conversation.followup import resolve_follow_up
from pomocbot.drafting.answer import Answer, Answerer
from pomocbot.drafting.base import DraftRequest
from pomocbot.drafting.confidence import ConfidenceModel
from pomocbot.drafting.extractive import ExtractiveDrafter
from pomocbot.drafting.grounding import GroundingVerifier
from pomocbot.drafting.persona import Persona, informal_forms
from pomocbot.drafting.register import to_register
from pomocbot.escalate.frustration import assess_message
from pomocbot.escalate.triggers import is_information_question
from pomocbot.guardrails.audit import AuditLog, AuditRecord
from pomocbot.guardrails.redaction import Redactor
from pomocbot.guardrails.vault import Vault
from pomocbot.retrieval.embedders import Embedder
from pomocbot.retrieval.index import KnowledgeIndex
from pomocbot.retrieval.query import prepare_query
from pomocbot.text.placeholders import without_placeholders
from pomocbot.text.smalltalk import small_talk
from pomocbot.types import EscalationDecision, Hit, Redaction, Reply

__all__ = ["TurnParts", "TurnRunner"]


class TurnParts(Protocol):
    """What a turn uses of :class:`~pomocbot.Assistant` (named here, so this module needs no import of it).

    The list is the coupling to undo when the turn gets collaborators of its own.
    """

    config: AssistantConfig
    index: KnowledgeIndex
    embedder: Embedder
    conversations: ConversationStore
    audit_log: AuditLog
    vault: Vault | None

    @property
    def redactor(self) -> Redactor: ...

    def search(self, query: str, k: int = ...) -> list[Hit]: ...

    def tone_of(self, text: str) -> float | None: ...

    def semantic_codes_of(self, text: str) -> list[tuple[str, float]]: ...

# Reasons that say the customer is upset rather than asking something; "vip"/"high_value" only modify.
_UPSET = frozenset({"frustration", "abuse"})
_MODIFIERS = frozenset({"vip", "high_value"})
_ASKS_FOR_A_PERSON = frozenset({"explicit_request"})

logger = logging.getLogger(__name__)


class TurnRunner:
    """Answers customer messages for one assistant (thread-safe: no per-turn state on self)."""

    def __init__(self, assistant: TurnParts, *, llm: Any | None = None,
                 confidence: ConfidenceModel | None = None) -> None:
        self.assistant = assistant
        config = assistant.config
        drafting = config.drafting
        self.llm_config = drafting.llm or LLMConfig()
        if llm is None and drafting.drafter is DrafterKind.LLM:
            from pomocbot.drafting.llm_factory import build_llm

            llm = build_llm(self.llm_config)
        self.llm = llm
        index = assistant.index
        self.extractive = ExtractiveDrafter(stems=index.analyzer.query_stems, idf=index.stem_idf,
                                            ngram_size=config.retrieval.ngram_size,
                                            analyze=index.analyzer.analyze, known=index.known_stems)
        self.verifier = GroundingVerifier(assistant.embedder, index.stemmer.stem, drafting.grounding)
        llm_drafter = None
        if llm is not None:
            from pomocbot.drafting.llm import LLMDrafter

            llm_drafter = LLMDrafter(llm, self.llm_config)
        # The answerability model is fitted per embedder (cosine scales differ between models).
        self.answerer = Answerer(drafting, self.extractive, self.verifier, index.analyzer.query_stems,
                                 llm_drafter=llm_drafter,
                                 confidence=confidence or ConfidenceModel.for_embedder(assistant.embedder))
        self.persona = Persona(config.persona)

    def redact(self, message: str, conversation_id: str | None = None) -> str:
        """The message as downstream steps may see it: personal data replaced (``privacy.enabled``)."""
        return self.redaction(message, conversation_id).text

    def redaction(self, message: str, conversation_id: str | None = None) -> Redaction:
        """The redacted message with the entities found (none when ``privacy.enabled`` is off)."""
        if not self.assistant.config.privacy.enabled:
            return Redaction(text=message, mode="off")
        return self.assistant.redactor.redact(message, conversation_id)

    def run(self, message: str, conversation_id: str | None, *, customer: Mapping[str, Any] | None = None,
            now: datetime | None = None) -> Reply:
        config = self.assistant.config
        drafting = config.drafting
        # Same checks as search: a typed error for a non-string or an empty message; long ones are cut.
        message = prepare_query(message, config.retrieval.max_query_chars)
        # Privacy: redact first; nothing below sees the original message.
        redaction = self.redaction(message, conversation_id)
        redacted = redaction.text
        del message
        store = self.assistant.conversations
        history = store.turns(conversation_id, last=2 * config.conversation.history_turns) \
            if conversation_id and config.conversation.history_turns else []
        turn = _next_turn(history)
        privacy = config.privacy
        if privacy.enabled and privacy.audit:
            self.assistant.audit_log.append(AuditRecord.from_entities(
                redaction.entities, conversation_id=conversation_id, turn=turn, mode=redaction.mode))

        from pomocbot.text.language import detect_language

        language = detect_language(redacted)
        answer_language = language.code if (drafting.answer_in_customer_language and self.llm is not None
                                            and not language.is_polish) else "pl"
        courtesy = _courtesy_kind(redacted) if language.is_polish else None
        if courtesy:
            # "dzięki, to biorę" asks nothing: no search, no "I don't know", no abstention counted.
            query, follow_up = redacted, {"is_follow_up": False}
            searched = redacted
            answer = Answer(body="", citations=[], grounding=[], confidence=1.0, abstained=False,
                            drafter="smalltalk", metadata={"smalltalk": courtesy})
        else:
            query, follow_up = self._query(redacted, history)
            # Placeholders are not what the customer asks about ("tel. [TELEFON_1]" is not about phones).
            searched = without_placeholders(query) or query
            hits = self.assistant.search(searched, k=drafting.hits)
            # The drafter and the answerability signals read the searched words: a placeholder such as
            # "[TELEFON_1]" is no term of the question ("telefon" would count as a missing word).
            request = DraftRequest(question=searched, sources=hits, message=redacted, persona=config.persona,
                                   history=history, language=language.code, answer_language=answer_language,
                                   max_sentences=drafting.max_sentences, max_words=drafting.max_words)
            answer = self.answerer.answer(request)
            register = Register(config.persona.register)
            if (answer.drafter == "extractive" and register is not Register.TY and answer.body
                    and config.persona.quotes_in_register):
                # Quoted "ty" sentences in the persona's register ("Masz 14 dni" -> "Ma Pan/Pani 14 dni"),
                # after grounding and answerability judged the sentences as the page wrote them.
                answer = dataclasses.replace(answer, body=to_register(answer.body, register))
        now = now or datetime.now(timezone.utc)
        pii_counts: dict[str, int] = {}
        for entity in redaction.entities:
            pii_counts[entity.entity_type] = pii_counts.get(entity.entity_type, 0) + 1
        # Types and counts only, never values: the handoff lists what the whole conversation contained.
        turn_metadata: dict[str, Any] = {"query": query, "turn": turn, "pii": pii_counts}
        escalation = None
        if config.escalation.enabled:
            # The tone (a number, never text) is kept so later turns weigh the whole talk. It is read from
            # the searched query's embedding, already computed (a follow-up's query is the message plus the
            # carried topic words); a courtesy message was not searched and has no tone.
            tone = None if courtesy else self.assistant.tone_of(searched)
            if tone is not None:
                turn_metadata["tone"] = round(tone, 4)
            semantic = [] if courtesy else self.assistant.semantic_codes_of(searched)
        customer_turn = Turn(role="customer", text=redacted, at=now, metadata=turn_metadata)
        if config.escalation.enabled:
            from pomocbot.escalate.step import escalate_turn

            escalation = escalate_turn(redacted, history, config=config, now=now, abstained=answer.abstained,
                                       confidence=answer.confidence, citations=answer.citations,
                                       customer=customer, pii_counts=pii_counts,
                                       current_turns=[customer_turn], semantic=semantic)
        decision = escalation.decision if escalation is not None else None
        handing_over = decision is not None and decision.escalate
        first_turn = not any(t.role == "assistant" for t in history)
        if courtesy and not handing_over:
            text = self.persona.courtesy(courtesy, first_turn=first_turn)
        else:
            text = self._compose(answer, redacted, first_turn=first_turn,
                                 non_polish=not language.is_polish and answer_language == "pl",
                                 language=language.code, decision=decision if handing_over else None)

        metadata = dict(answer.metadata)
        # Every path (quoted, LLM, fallback) ends here: never ask the customer for a password, PIN or CVV.
        from pomocbot.guardrails.output_guard import guard_secrets

        sources = " ".join(c.quote for c in answer.citations if getattr(c, "quote", None))
        sources = " ".join(sources.split())

        def quoted(sentence: str) -> bool:
            bare = " ".join(re.sub(r"\[\d+\]", "", sentence).split()).rstrip(" .")
            return bool(bare) and bare in sources

        text, removed = guard_secrets(text, quoted)
        if removed:
            metadata["output_guard"] = removed
            answer = dataclasses.replace(answer, body=guard_secrets(answer.body, quoted)[0])
        metadata["follow_up"] = follow_up
        mismatch = informal_forms(answer.body) if Register(self.persona.register) is not Register.TY else []
        if mismatch:
            # Quoted knowledge-base sentences keep their register; report it so the base can be fixed.
            metadata["register_mismatch"] = mismatch
        if conversation_id:
            store.append(conversation_id, [
                customer_turn,
                Turn(role="assistant", text=text, at=now, metadata={
                    "abstained": answer.abstained, "confidence": answer.confidence, "answer": answer.body,
                    "cited": [c.doc_id for c in answer.citations], "escalated": handing_over,
                    # Reason codes and queue (no text) feed the knowledge-gap analytics.
                    "reasons": [r.code for r in decision.reasons] if decision and handing_over else [],
                    "queue": decision.queue if decision and handing_over else None}),
            ])
        vault = self.assistant.vault
        if vault is not None and conversation_id and privacy.enabled:
            # Values the customer gave, put back only into the text shown to them (never stored).
            text = vault.restore(text, conversation_id)
        return Reply(text=text, answer=answer.body, citations=answer.citations, abstained=answer.abstained,
                     confidence=answer.confidence, grounding=answer.grounding,
                     conversation_id=conversation_id, turn=turn, redacted_message=redacted, query=query,
                     language=language.code, non_polish=not language.is_polish, drafter=answer.drafter,
                     pii=redaction.entities, frustration=escalation.frustration if escalation else None,
                     escalation=escalation.decision if escalation else None, metadata=metadata)

    def _query(self, message: str, history: list[Turn]) -> tuple[str, dict[str, Any]]:
        """What to search: the message, or a follow-up made standalone."""
        if not history:
            return message, {"is_follow_up": False}
        resolved = resolve_follow_up(message, history, self.assistant.index.stemmer.stem)
        info: dict[str, Any] = {"is_follow_up": resolved.is_follow_up,
                                "carried_terms": resolved.carried_terms}
        if resolved.is_follow_up and self.llm is not None and self.llm_config.rewrite_follow_ups:
            from pomocbot.drafting.llm import rewrite_follow_up

            rewritten = rewrite_follow_up(self.llm, history, message, config=self.llm_config)
            if rewritten:
                info["rewritten_by"] = "llm"
                return rewritten, info
        return resolved.text, info

    def _compose(self, answer: Answer, message: str, *, first_turn: bool, non_polish: bool, language: str,
                 decision: EscalationDecision | None = None) -> str:
        """The reply's text; ``decision`` is given only when a consultant takes over.

        The bot promises a consultant only when one is really coming (the
        decision's own message says when). Grief, illness or danger get that
        message alone: no "I don't know", no quoted policy, no "anything
        else?". An upset customer who asks nothing ("mam was dość") gets the
        apology and the handover, not a quoted article, and so does a request
        for a person (no KB line on how to reach one: one is coming); a
        grounded answer to a question is kept when the conversation is handed over.
        """
        notice = self.persona.other_language_notice(language) if non_polish else ""
        if decision is None:
            # No consultant is coming now; a request for one (or another "I don't know") would bring one.
            body = (self.persona.abstention(ask_again=self.assistant.config.escalation.enabled)
                    if answer.abstained else answer.body)
            return self.persona.compose(body, first_turn=first_turn, notice=notice)
        codes = {reason.code for reason in decision.reasons}
        # what this message is about: reasons carried from earlier turns ("wcześniej w tej rozmowie: …")
        # do not make "Chcę rozmawiać z człowiekiem" a question
        now_codes = {r.code for r in decision.reasons if not r.detail.startswith("wcześniej w tej rozmowie")}
        if "sensitive" in codes:
            return self.persona.compose(decision.customer_message, first_turn=first_turn, notice=notice,
                                        sombre=True)
        asks_nothing = "?" not in message and not is_information_question(message)
        if answer.abstained:
            quiet = asks_nothing and now_codes & (_UPSET | _ASKS_FOR_A_PERSON)
            body = "" if quiet else self.persona.abstention()
        elif asks_nothing and now_codes <= _UPSET | _MODIFIERS | _ASKS_FOR_A_PERSON:
            body = ""  # "Chcę rozmawiać z człowiekiem": no article on how to reach one, one is coming
        else:
            body = answer.body
        body = "\n".join(part for part in (body, decision.customer_message) if part)
        return self.persona.compose(body, first_turn=first_turn, notice=notice, sign_off=False)


def _courtesy_kind(message: str) -> str | None:
    """The small-talk kind of a message, unless it carries frustration ("super, dzięki za nic")."""
    kind = small_talk(message)
    if kind and any(s.kind not in ("punctuation", "caps") for s in assess_message(message)):
        return None
    return kind


def _next_turn(history: list[Turn]) -> int:
    """0-based number of the next customer message; exact even when ``history`` holds only the last turns."""
    for past in reversed(history):
        if past.role == "customer":
            number = past.metadata.get("turn")
            if isinstance(number, int):
                return number + 1
            break
    return sum(1 for t in history if t.role == "customer")
