"""One customer turn, step by step: guard → load → understand → retrieve → answer → escalate → compose
→ persist → restore.

:class:`TurnPipeline` is built from explicit collaborators (it holds no
reference to :class:`~pomocbot.Assistant`, which wires them). The order is
the privacy contract: the message is redacted first and the turn's audit
record written; every later step — follow-up resolution, retrieval, the LLM
prompt, the conversation store, logs — sees only the redacted text. Only at
the very end, with a vault, are the customer's own values put back into the
text shown to them (the stored turn keeps the placeholders).
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from pomocbot.actions import ActionMatch, ActionRegistry, act, continue_action
from pomocbot.actions.llm_choice import choose_with_llm, is_function_calling
from pomocbot.channels import Channel, channel_of, render
from pomocbot.codes import REASONS, ReasonCode
from pomocbot.config import AssistantConfig, FusionMode, LLMConfig, Register
from pomocbot.conversation.base import ConversationStore, Turn
from pomocbot.conversation.followup import resolve_follow_up
from pomocbot.conversation.meta import AssistantTurnMeta, CustomerTurnMeta, assistant_meta, customer_meta
from pomocbot.drafting.answer import Answer, Answerer
from pomocbot.drafting.base import DraftRequest
from pomocbot.drafting.persona import Persona
from pomocbot.drafting.register import to_register
from pomocbot.guardrails.audit import AuditLog, AuditRecord
from pomocbot.guardrails.redaction import Redactor
from pomocbot.guardrails.vault import Vault
from pomocbot.pipeline.acting import action_answer, failed_actions, with_actions
from pomocbot.pipeline.compose import compose_text, guarded, register_mismatch
from pomocbot.pipeline.context import TurnContext
from pomocbot.pipeline.continuity import earlier_contacts, with_earlier_contacts
from pomocbot.pipeline.escalator import Escalator
from pomocbot.pipeline.understand import read_features
from pomocbot.retrieval.index import KnowledgeIndex
from pomocbot.retrieval.query import prepare_query
from pomocbot.text.placeholders import without_placeholders
from pomocbot.types import FollowUp, Redaction, Reply

__all__ = ["TurnPipeline"]


class TurnPipeline:
    """Answers customer messages (thread-safe: all per-turn state lives in a :class:`TurnContext`).

    ``redactor`` is called for the redactor on first need (building the PII
    detector is slow, and a pipeline with privacy off never needs it);
    ``index_lock`` is held while searching, so an upsert never changes the
    index under a search; ``llm`` rewrites follow-ups when configured.
    """

    def __init__(self, config: AssistantConfig, *, redactor: Callable[[], Redactor],
                 conversations: ConversationStore, audit_log: AuditLog, index: KnowledgeIndex,
                 index_lock: threading.RLock, answerer: Answerer, escalator: Escalator, persona: Persona,
                 vault: Vault | None, llm: Any | None = None, actions: ActionRegistry | None = None) -> None:
        self.config = config
        self.redactor = redactor
        self.conversations = conversations
        self.audit_log = audit_log
        self.index = index
        self.index_lock = index_lock
        self.answerer = answerer
        self.escalator = escalator
        self.persona = persona
        self.vault = vault
        self.llm = llm
        self.actions = actions if actions is not None else ActionRegistry()

    def run(self, message: str, conversation_id: str | None, *, customer: Mapping[str, Any] | None = None,
            now: datetime | None = None, channel: Channel | str = Channel.CHAT) -> Reply:
        """The reply to one message (inputs checked by the caller: id, customer, ``now``, channel)."""
        ctx = TurnContext(message=message, conversation_id=conversation_id, customer=customer,
                          now=now or datetime.now(timezone.utc), channel=channel_of(channel).value)
        for step in (self.guard, self.load, self.understand, self.act, self.retrieve, self.answer,
                     self.escalate, self.compose, self.persist):
            step(ctx)
        return self.restore(ctx)

    # -- the steps, in order ---------------------------------------------
    def guard(self, ctx: TurnContext) -> None:
        """Check and cut the message, redact it, and write the audit record; the original is dropped."""
        # a typed error for a non-string or an empty message; long ones are cut at a word boundary
        message = prepare_query(ctx.message, self.config.retrieval.max_query_chars)
        ctx.redaction = self.redaction(message, ctx.conversation_id)
        ctx.message = ""

    def load(self, ctx: TurnContext) -> None:
        """The conversation's recent turns and this turn's number; then the audit record."""
        conversation = self.config.conversation
        if ctx.conversation_id and conversation.history_turns:
            ctx.history = self.conversations.turns(ctx.conversation_id, last=2 * conversation.history_turns)
        ctx.turn = _next_turn(ctx.history)
        privacy = self.config.privacy
        if privacy.enabled and privacy.audit:
            self.audit_log.append(AuditRecord.from_entities(
                ctx.redaction.entities, conversation_id=ctx.conversation_id, turn=ctx.turn,
                mode=ctx.redaction.mode))

    def understand(self, ctx: TurnContext) -> None:
        """Every feature of the message once; what to search (a follow-up made standalone)."""
        own_language = self.config.drafting.answer_in_customer_language and self.llm is not None
        ctx.features = features = read_features(ctx.redacted, answer_in_customer_language=own_language)
        if features.courtesy:
            # "dzięki, to biorę" asks nothing: no search, no "I don't know", no abstention counted.
            ctx.query = ctx.searched = ctx.redacted
            return
        if self.actions.names:
            # the customer's own words pick an action, not a follow-up's carried topic
            ctx.action_match = self.actions.match(features.folded) or self._awaited(ctx)
            if ctx.action_match is None and self.llm is not None and is_function_calling(self.llm):
                ctx.action_match = choose_with_llm(self.llm, self.actions, ctx.redacted)
        ctx.query, ctx.follow_up = self._query(ctx.redacted, ctx.history)
        # Placeholders are not what the customer asks about ("tel. [TELEFON_1]" is not about phones).
        ctx.searched = without_placeholders(ctx.query) or ctx.query

    def act(self, ctx: TurnContext) -> None:
        """A company action the message needs (order status): ask for what is missing, or run it."""
        if ctx.action_match is None:
            return
        cid, vault = ctx.conversation_id, self.vault
        # personal-data parameters come from the vault, straight to the action; the result is redacted
        lookup = (lambda token: vault.get(cid, token)) if vault is not None and cid else None

        def redact(text: str) -> str:
            # the result is stored redacted; its values go back only into the text the customer sees
            redaction = self.redaction(text, cid)
            for entity, token in zip(redaction.entities, redaction.replacements, strict=False):
                ctx.shown_values[token] = text[entity.start:entity.end]
            return redaction.text

        ctx.action_reply = reply = act(ctx.action_match, customer=ctx.customer, persona=self.config.persona,
                                       lookup=lookup, redact=redact)
        ctx.actions = reply.records

    def retrieve(self, ctx: TurnContext) -> None:
        """The query's embedding (once: search and the escalator read it) and the best chunks."""
        if ctx.features is not None and ctx.features.courtesy:
            return
        searched = prepare_query(ctx.searched, self.config.retrieval.max_query_chars)
        dense = self.config.retrieval.fusion is not FusionMode.LEXICAL
        with self.index_lock:
            if (dense and self.index.chunks and ctx.action_reply is None) or self.escalator.needs_embedding:
                ctx.query_vector = self.index.query_vector(searched)
            if ctx.action_reply is None:  # an action answers this turn: the knowledge base is not searched
                ctx.hits = self.index.search_prepared(searched, self.config.drafting.hits,
                                                      query_vector=ctx.query_vector)

    def answer(self, ctx: TurnContext) -> None:
        """The verified answer (or an honest abstention); quotes in the persona's register."""
        features = ctx.features
        assert features is not None
        if features.courtesy:
            ctx.answer = Answer(body="", citations=[], grounding=[], confidence=1.0, abstained=False,
                                drafter="smalltalk", metadata={"smalltalk": features.courtesy})
            return
        if ctx.action_reply is not None:
            ctx.answer = action_answer(ctx.action_reply)
            return
        # The drafter and the answerability signals read the searched words: a placeholder such as
        # "[TELEFON_1]" is no term of the question ("telefon" would count as a missing word).
        ctx.answer = self._answered(ctx, ctx.searched, ctx.hits)

    def escalate(self, ctx: TurnContext) -> None:
        """The customer turn as stored (with its tone) and, when enabled, the handover decision."""
        features, answer = ctx.features, ctx.answer
        assert features is not None and answer is not None
        pii: dict[str, int] = {}
        for entity in ctx.redaction.entities:
            pii[entity.entity_type] = pii.get(entity.entity_type, 0) + 1
        # The tone (a number, never text) is kept so later turns weigh the whole talk.
        tone = self.escalator.tone(ctx.query_vector) if self.escalator.enabled else None
        customer_id = (ctx.customer or {}).get("id")
        meta = CustomerTurnMeta(query=ctx.query, turn=ctx.turn, pii=pii,
                                tone=round(tone, 4) if tone is not None else None, channel=ctx.channel,
                                customer_id=str(customer_id) if customer_id is not None else None)
        ctx.customer_turn = Turn(role="customer", text=ctx.redacted, at=ctx.now, metadata=meta.as_metadata())
        if self.escalator.enabled:
            ctx.escalation = self.escalator.assess(features, ctx.history, ctx.customer_turn, answer=answer,
                                                   vector=ctx.query_vector, customer=ctx.customer,
                                                   pii_counts=pii, now=ctx.now,
                                                   extra=failed_actions(ctx.actions))
        decision = ctx.escalation.decision if ctx.escalation is not None else None
        if ctx.escalation is not None and decision is not None and decision.escalate and decision.handoff:
            contacts = earlier_contacts(self.conversations, meta.customer_id, current=ctx.conversation_id)
            handoff = with_actions(with_earlier_contacts(decision.handoff, contacts), ctx.actions)
            ctx.escalation = dataclasses.replace(
                ctx.escalation, decision=decision.model_copy(update={"handoff": handoff}))
        if ctx.handing_over and (answer.abstained or not features.asks_something):
            # a report ("pralka przyszła pęknięta") asks nothing: the matter's procedure answers it
            self._procedure(ctx)

    def compose(self, ctx: TurnContext) -> None:
        """The text the customer sees, checked for requests of secrets."""
        features, answer = ctx.features, ctx.answer
        assert features is not None and answer is not None
        first_turn = not any(t.role == "assistant" for t in ctx.history)
        decision = ctx.escalation.decision if ctx.handing_over and ctx.escalation else None
        text = compose_text(self.persona, answer, features, first_turn=first_turn, decision=decision,
                            ask_again=self.config.escalation.enabled)
        # Every path (quoted, LLM, fallback) ends here: never ask the customer for a password, PIN or CVV.
        ctx.text, ctx.answer, removed = guarded(text, answer)
        ctx.metadata = dict(ctx.answer.metadata)
        if removed:
            ctx.metadata["output_guard"] = removed
        ctx.metadata["follow_up"] = ctx.follow_up.model_dump(exclude_none=True)
        if mismatch := register_mismatch(self.persona, ctx.answer):
            ctx.metadata["register_mismatch"] = mismatch

    def persist(self, ctx: TurnContext) -> None:
        """Both turns into the conversation store (redacted text, codes and numbers only)."""
        if not ctx.conversation_id or ctx.customer_turn is None or ctx.answer is None:
            return
        answer = ctx.answer
        decision = ctx.escalation.decision if ctx.handing_over and ctx.escalation else None
        meta = AssistantTurnMeta(
            abstained=answer.abstained, confidence=answer.confidence, answer=answer.body,
            cited=[c.doc_id for c in answer.citations], escalated=ctx.handing_over,
            # Reason codes and queue (no text) feed the knowledge-gap analytics.
            reasons=[r.code.value for r in decision.reasons] if decision else [],
            queue=decision.queue if decision else None, channel=ctx.channel,
            awaiting_action=ctx.action_match.action.name if ctx.action_reply and ctx.action_reply.asked
            and ctx.action_match else None,
            actions=[a.model_dump(mode="json") for a in ctx.actions],
            escalation=decision.model_dump(mode="json") if decision else None)
        # the reply is stamped when it is ready: first-response times in the service metrics are real
        answered_at = ctx.now + timedelta(seconds=time.perf_counter() - ctx.started)
        reply_turn = Turn(role="assistant", text=ctx.text, at=answered_at, metadata=meta.as_metadata())
        self.conversations.append(ctx.conversation_id, [ctx.customer_turn, reply_turn])

    def restore(self, ctx: TurnContext) -> Reply:
        """The reply, with the customer's own values put back into its text (never into the store),
        written for the channel (the store keeps the chat form)."""
        text, answer, features = ctx.text, ctx.answer, ctx.features
        assert answer is not None and features is not None
        if self.vault is not None and ctx.conversation_id and self.config.privacy.enabled:
            text = self.vault.restore(text, ctx.conversation_id)
        for token, value in ctx.shown_values.items():  # an action's result, for its authorised owner
            text = text.replace(token, value)
        if ctx.channel != Channel.CHAT:
            text = render(text, Channel(ctx.channel), citations=answer.citations, persona=self.config.persona)
        escalation = ctx.escalation
        metadata = ctx.metadata
        return Reply(text=text, answer=answer.body, citations=answer.citations, abstained=answer.abstained,
                     confidence=answer.confidence, grounding=answer.grounding,
                     conversation_id=ctx.conversation_id, turn=ctx.turn, redacted_message=ctx.redacted,
                     query=ctx.query, language=features.language.code,
                     non_polish=not features.language.is_polish, drafter=answer.drafter,
                     pii=ctx.redaction.entities, frustration=escalation.frustration if escalation else None,
                     escalation=escalation.decision if escalation else None, follow_up=ctx.follow_up,
                     channel=ctx.channel, actions=ctx.actions,
                     abstain_reason=metadata.get("abstain_reason"), fallback=metadata.get("fallback"),
                     register_mismatch=metadata.get("register_mismatch", []), metadata=metadata)

    # -- helpers -----------------------------------------------------------
    def _awaited(self, ctx: TurnContext) -> ActionMatch | None:
        """The action the bot asked a parameter for last turn, completed by this message ("ZM-…")."""
        last = next((t for t in reversed(ctx.history) if t.role == "assistant"), None)
        name = assistant_meta(last).awaiting_action if last is not None else None
        if name is None or name not in self.actions:
            return None
        return continue_action(self.actions.get(name), ctx.features.folded if ctx.features else ctx.redacted)

    def _answered(self, ctx: TurnContext, question: str, hits: list, message: str | None = None) -> Answer:
        """The answer to ``question`` from ``hits`` (``message``: the customer's words, default the
        turn's), quoted sentences in the persona's register."""
        features, drafting, persona = ctx.features, self.config.drafting, self.config.persona
        assert features is not None
        request = DraftRequest(question=question, sources=hits, message=message or ctx.redacted,
                               persona=persona, history=ctx.history, language=features.language.code,
                               answer_language=features.answer_language, max_sentences=drafting.max_sentences,
                               max_words=drafting.max_words)
        answer = self.answerer.answer(request)
        register = Register(persona.register)
        if answer.drafter == "extractive" and register is not Register.TY and answer.body \
                and persona.quotes_in_register:
            # Quoted "ty" sentences in the persona's register ("Masz 14 dni" -> "Ma Pan/Pani 14 dni"),
            # after grounding and answerability judged the sentences as the page wrote them.
            answer = dataclasses.replace(answer, body=to_register(answer.body, register))
        return answer

    def _procedure(self, ctx: TurnContext) -> None:
        """With a handover for a matter the knowledge base explains (a complaint), that explanation.

        "Pralka przyszła z pękniętą obudową" asks no question the base
        answers, but the base says how to file a complaint about damaged goods:
        the customer gets that with the handover, not "nie znalazłem" nor a
        sentence that merely shares its words. Kept only when grounded.
        """
        assert ctx.escalation is not None
        now_reasons = [r for r in ctx.escalation.decision.reasons if not r.detail.startswith("wcześniej")]
        procedure = next((REASONS[r.code].procedure for r in now_reasons if REASONS[r.code].procedure), None)
        if procedure is None or ReasonCode.SENSITIVE in {r.code for r in now_reasons}:
            return
        # The customer's words pick the page (damage in transport, a defect, the wrong item); the
        # procedure is the question answered from it, so words the base never mentions ("pralka") do
        # not make it unanswerable.
        search = prepare_query(f"{procedure} {ctx.searched}", self.config.retrieval.max_query_chars)
        with self.index_lock:
            hits = self.index.search(search, self.config.drafting.hits)
        own = ctx.answer
        if own is not None and not own.abstained and {c.doc_id for c in own.citations} & {
                h.doc_id for h in hits}:
            return  # the message's own answer quotes a page about the matter: keep it
        answer = self._answered(ctx, procedure, hits, message=procedure)
        if not answer.abstained:
            ctx.answer = dataclasses.replace(answer, metadata={**answer.metadata, "procedure": procedure})

    def redaction(self, message: str, conversation_id: str | None = None) -> Redaction:
        """The redacted message with the entities found (none when ``privacy.enabled`` is off)."""
        if not self.config.privacy.enabled:
            return Redaction(text=message, mode="off")
        return self.redactor().redact(message, conversation_id)

    def _query(self, message: str, history: list[Turn]) -> tuple[str, FollowUp]:
        """What to search: the message, or a follow-up made standalone."""
        if not history:
            return message, FollowUp()
        resolved = resolve_follow_up(message, history, self.index.stemmer.stem)
        follow_up = FollowUp(is_follow_up=resolved.is_follow_up, carried_terms=list(resolved.carried_terms))
        llm_config = self.config.drafting.llm or LLMConfig()
        if resolved.is_follow_up and self.llm is not None and llm_config.rewrite_follow_ups:
            from pomocbot.drafting.llm import rewrite_follow_up

            rewritten = rewrite_follow_up(self.llm, history, message, config=llm_config)
            if rewritten:
                return rewritten, follow_up.model_copy(update={"rewritten_by": "llm"})
        return resolved.text, follow_up


def _next_turn(history: list[Turn]) -> int:
    """0-based number of the next customer message; exact even when ``history`` holds only the last turns."""
    for past in reversed(history):
        if past.role == "customer":
            number = customer_meta(past).turn
            if number is not None:
                return number + 1
            break
    return sum(1 for t in history if t.role == "customer")
