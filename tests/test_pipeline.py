"""The turn pipeline: named steps over explicit collaborators, typed contracts, each feature computed once."""

from __future__ import annotations

import threading
from datetime import datetime, timezone

import pytest

from pomocbot import Assistant, AssistantConfig
from pomocbot.codes import REASONS, FrustrationLevel, ReasonCode, codes_where, default_queues
from pomocbot.config import EscalationConfig
from pomocbot.conversation.memory import MemoryConversationStore
from pomocbot.conversation.meta import assistant_meta, customer_meta
from pomocbot.drafting.persona import Persona
from pomocbot.guardrails.audit import AuditLog
from pomocbot.parts import build_answerer
from pomocbot.pipeline import Escalator, TurnPipeline
from pomocbot.retrieval.index import KnowledgeIndex
from pomocbot.types import Redaction, Reply
from tests.conftest import SMALL_KB

pytestmark = pytest.mark.unit

WEDNESDAY_10 = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)  # 10:00 in Warsaw, open
STEPS = ["guard", "load", "understand", "act", "retrieve", "answer", "escalate", "compose", "persist",
         "restore"]


class _NoPII:
    """A redactor stand-in for a pipeline built by hand: this test's messages carry no personal data."""

    def redact(self, text: str, conversation_id: str | None = None) -> Redaction:
        return Redaction(text=text)


def _pipeline(fake_embedder, fake_stemmer, config: AssistantConfig | None = None) -> TurnPipeline:
    config = config or AssistantConfig()
    index = KnowledgeIndex(config, fake_embedder, fake_stemmer)
    index.upsert(list(SMALL_KB))
    return TurnPipeline(config, redactor=lambda: _NoPII(), conversations=MemoryConversationStore(),
                        audit_log=AuditLog(), index=index, index_lock=threading.RLock(),
                        answerer=build_answerer(config, index, fake_embedder, llm=None),
                        escalator=Escalator(config, fake_embedder), persona=Persona(config.persona),
                        vault=None)


def test_a_pipeline_built_from_its_collaborators_answers_without_an_assistant(fake_embedder,
                                                                             fake_stemmer) -> None:
    pipeline = _pipeline(fake_embedder, fake_stemmer)
    reply = pipeline.run("Ile mam dni na zwrot towaru?", "c-1", now=WEDNESDAY_10)
    assert not reply.abstained and reply.citations[0].doc_id == "zwroty" and "14 dni" in reply.answer
    assert [t.role for t in pipeline.conversations.turns("c-1")] == ["customer", "assistant"]


def test_the_steps_run_in_their_documented_order(fake_embedder, fake_stemmer,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline = _pipeline(fake_embedder, fake_stemmer)
    ran: list[str] = []
    for name in STEPS:
        step = getattr(pipeline, name)
        monkeypatch.setattr(pipeline, name, lambda ctx, step=step, name=name: ran.append(name) or step(ctx))
    assert isinstance(pipeline.run("Ile kosztuje paczkomat?", "c-1", now=WEDNESDAY_10), Reply)
    assert ran == STEPS


def test_the_message_is_embedded_once_per_turn(assistant: Assistant, fake_embedder) -> None:
    assistant.reply("Ile kosztuje dostawa kurierem?", "c-1", now=WEDNESDAY_10)
    queries = [texts for kind, texts in fake_embedder.calls if kind == "query"]
    assert queries == [["Ile kosztuje dostawa kurierem?"]]


def test_damaged_goods_get_the_complaint_procedure_with_the_handover(assistant: Assistant) -> None:
    reply = assistant.reply("Pralka przyszła z pękniętą obudową.", "c-1", now=WEDNESDAY_10)
    assert reply.escalation is not None and reply.escalation.escalate
    assert [r.code for r in reply.escalation.reasons][:1] == [ReasonCode.COMPLAINT]
    assert "reklamacja" in [c.doc_id for c in reply.citations]
    assert "formularz" in reply.text and "nie znalazłem" not in reply.text
    assert reply.text.rstrip().endswith("konsultant zobaczy całą naszą rozmowę.")
    assert reply.metadata["procedure"] == REASONS[ReasonCode.COMPLAINT].procedure


def test_stored_turns_carry_typed_metadata(assistant: Assistant) -> None:
    assistant.reply("Ile mam dni na zwrot?", "c-1", now=WEDNESDAY_10)
    assistant.reply("Chcę rozmawiać z człowiekiem!", "c-1", now=WEDNESDAY_10)
    customer, answer, second, handover = assistant.conversations.turns("c-1")
    assert customer_meta(customer).turn == 0 and customer_meta(second).turn == 1
    assert customer_meta(customer).query == "Ile mam dni na zwrot?"
    assert assistant_meta(answer).cited == ["zwroty"] and not assistant_meta(answer).escalated
    assert assistant_meta(handover).escalated and assistant_meta(handover).reasons == ["explicit_request"]


def test_malformed_stored_metadata_reads_as_defaults() -> None:
    from pomocbot.conversation.base import Turn

    turn = Turn(role="customer", text="...", at=WEDNESDAY_10, metadata={"turn": "trzy", "pii": {"OSOBA": 1}})
    meta = customer_meta(turn)
    assert meta.turn is None and meta.pii == {"OSOBA": 1}


def test_reply_fields_are_typed_and_the_old_metadata_keys_stay(assistant: Assistant) -> None:
    assistant.reply("Ile kosztuje dostawa kurierem?", "c-1", now=WEDNESDAY_10)
    reply = assistant.reply("a do paczkomatu?", "c-1", now=WEDNESDAY_10)
    assert reply.follow_up.is_follow_up and reply.follow_up.carried_terms
    assert reply.metadata["follow_up"]["is_follow_up"]  # the 0.1 key
    assert reply.frustration is not None and reply.frustration.level is FrustrationLevel.CALM
    unknown = assistant.reply("Jaką moc ssania ma odkurzacz bezworkowy?", "c-2", now=WEDNESDAY_10)
    assert unknown.abstained and unknown.abstain_reason == unknown.metadata["abstain_reason"]
    with pytest.raises(ValueError):
        Reply(text="", drafter="poem")


def test_every_reason_code_has_one_spec_and_the_config_routes_from_it() -> None:
    assert list(REASONS) == list(ReasonCode)
    assert EscalationConfig().queues == default_queues() == {
        "legal_threat": "reklamacje", "complaint": "reklamacje", "data_protection": "RODO"}
    assert codes_where(modifier=True) == {ReasonCode.VIP, ReasonCode.HIGH_VALUE}
    assert codes_where(in_questions=True) == {ReasonCode.EXPLICIT_REQUEST}
    assert [code for code, spec in REASONS.items() if spec.priority == 1] == [ReasonCode.SENSITIVE]
    assert repr(ReasonCode.LOOP) == "'loop'" and ReasonCode.LOOP == "loop"


def test_stored_turns_carry_channel_customer_and_the_reply_time(assistant: Assistant) -> None:
    assistant.reply("Ile mam dni na zwrot?", "c-1", customer={"id": "K-17"}, now=WEDNESDAY_10)
    customer, answer = assistant.conversations.turns("c-1")
    assert customer_meta(customer).customer_id == "K-17" and customer_meta(customer).channel == "chat"
    assert assistant_meta(answer).channel == "chat"
    assert answer.at > customer.at == WEDNESDAY_10  # first-response time is the real processing time


def test_feedback_is_kept_redacted_and_forgotten_with_the_conversation(tmp_path, fake_embedder,
                                                                       fake_stemmer) -> None:
    from pomocbot.errors import InvalidArgumentError

    config = AssistantConfig(conversation={"store": "sqlite", "sqlite_path": str(tmp_path / "c.sqlite")})
    assistant = Assistant(config, embedder=fake_embedder, stemmer=fake_stemmer)
    assistant.add_documents(list(SMALL_KB))
    assistant.reply("Ile mam dni na zwrot?", "c-1", now=WEDNESDAY_10)
    kept = assistant.feedback("c-1", csat=2, nps=3, comment="Dzwońcie pod 601 234 567, nikt nie odbiera",
                              now=WEDNESDAY_10)
    assert kept.csat == 2 and "601" not in (kept.comment or "") and "[TELEFON_1]" in (kept.comment or "")
    with pytest.raises(InvalidArgumentError):
        assistant.feedback("c-1", csat=6)
    with pytest.raises(InvalidArgumentError):
        assistant.feedback("c-1", nps=-1)
    assistant.forget("c-1")
    assert assistant.conversations.feedback("c-1") == []


def test_a_handoff_shows_what_the_customer_said_on_another_channel(assistant: Assistant) -> None:
    customer = {"id": "K-42"}
    assistant.reply("Zamówienie miało być wczoraj, a nadal go nie ma.", "mail-1", customer=customer,
                    now=WEDNESDAY_10)
    reply = assistant.reply("Chcę rozmawiać z człowiekiem!", "chat-2", customer=customer, now=WEDNESDAY_10)
    handoff = reply.escalation.handoff
    assert handoff is not None and len(handoff.earlier_contacts) == 1
    assert "nadal go nie ma" in handoff.earlier_contacts[0] and "Wcześniejsze kontakty" in handoff.text
    stranger = assistant.reply("Chcę rozmawiać z człowiekiem!", "chat-3", customer={"id": "K-43"},
                               now=WEDNESDAY_10)
    assert stranger.escalation.handoff.earlier_contacts == []


@pytest.mark.parametrize("channel", ["email", "sms", "messenger", "whatsapp", "voice"])
def test_a_reply_is_written_for_its_channel_and_stored_as_chat(assistant: Assistant, channel: str) -> None:
    from pomocbot.channels import segments

    reply = assistant.reply("Ile kosztuje dostawa kurierem?", "c-1", channel=channel, now=WEDNESDAY_10)
    chat = assistant.conversations.turns("c-1")[-1]
    assert reply.channel == channel and assistant_meta(chat).channel == channel
    assert "[1]" in chat.text  # the store keeps the chat form
    if channel == "sms":
        assert segments(reply.text) <= 3 and "[1]" not in reply.text
    if channel == "voice":
        assert not any(c.isdigit() for c in reply.text)
    if channel == "email":
        assert reply.text.startswith("Dzień dobry,") and "Źródła:" in reply.text


def test_an_unknown_channel_is_a_typed_error_before_anything_is_stored(assistant: Assistant) -> None:
    from pomocbot.errors import UnknownChannelError

    with pytest.raises(UnknownChannelError, match="allowed: chat, email"):
        assistant.reply("Ile kosztuje dostawa kurierem?", "c-1", channel="fax")
    assert assistant.conversations.turns("c-1") == []
