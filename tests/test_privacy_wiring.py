"""Privacy wiring of Assistant: redaction first, nothing raw downstream, vault, audit, forget, retention."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from pomocbot import Assistant, AssistantConfig, Document, InvalidQueryError, PomocbotError
from pomocbot.conversation.base import Turn
from pomocbot.errors import DependencyMissingError
from pomocbot.guardrails import AUDIT_LOGGER
from pomocbot.types import PIIEntity
from tests.conftest import SMALL_KB
from tests.fakes import FakeLLM
from tests.guardrails.fake_detector import FakeDetector, messages_in_context, messages_with_pii, valid_pesel

pytestmark = pytest.mark.unit

# USE's grounding thresholds: the fake embedder is uncalibrated and would get the strictest ones.
LLM = {"drafter": "llm", "llm": {"model": "fake", "timeout_s": 0.3, "max_retries": 0},
       "grounding": {"dense_floor": 0.55, "min_dense_similarity": 0.75}}
PESEL = "02070803628"
PHONE = "600 100 200"
EMAIL = "jan.kowalski@wp.pl"
MESSAGE = f"Jan Kowalski, gdzie jest kod odbioru do paczkomatu? PESEL {PESEL}, tel. {PHONE}, mail {EMAIL}"
SHORT = f"Jan Kowalski, gdzie jest kod odbioru do paczkomatu? Mój telefon {PHONE}"


def make(fake_embedder, fake_stemmer, *, llm: FakeLLM | None = None, detector=None, documents=SMALL_KB,
         **sections) -> Assistant:
    if llm is not None:
        sections.setdefault("drafting", LLM)
    assistant = Assistant(AssistantConfig(**sections), embedder=fake_embedder, stemmer=fake_stemmer, llm=llm,
                          detector=detector if detector is not None else FakeDetector())
    assistant.add_documents(documents)
    return assistant


def raw_forms(value: str) -> list[str]:
    """The value as typed and, for numbers, its bare digits."""
    digits = re.sub(r"\D", "", value)
    return [value] + ([digits] if len(digits) >= 9 else [])


def assert_absent(values: list[str], *places: str) -> None:
    haystack = "\n".join(places)
    bare = re.sub(r"\D", "", haystack)
    for value in values:
        for form in raw_forms(value):
            target = bare if form.isdigit() else haystack
            assert form not in target, f"a raw value of {len(value)} characters leaked"


def llm_text(llm: FakeLLM) -> str:
    return "\n".join(m.content or "" for call in llm.history for m in call)


def logs_text(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(f"{r.getMessage()} {vars(r)!r}" for r in caplog.records)


def sqlite_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


# -- redaction comes first -------------------------------------------------------------------
def test_every_step_sees_the_redacted_message(fake_embedder, fake_stemmer) -> None:
    llm = FakeLLM().enqueue("Kod odbioru przychodzi SMS-em [1].")
    detector = FakeDetector()
    assistant = make(fake_embedder, fake_stemmer, llm=llm, detector=detector)
    reply = assistant.reply(MESSAGE, conversation_id="c-1")
    expected = ("[OSOBA_1], gdzie jest kod odbioru do paczkomatu? PESEL [PESEL_1], tel. [TELEFON_1], "
                "mail [EMAIL_1]")
    assert reply.redacted_message == expected
    assert reply.query.startswith(expected)
    assert [(e.entity_type, MESSAGE[e.start:e.end]) for e in reply.pii] == [
        ("OSOBA", "Jan Kowalski"), ("PESEL", PESEL), ("TELEFON", PHONE), ("EMAIL", EMAIL)]
    # the detector is the only part that saw the original (a second pass sees it masked)
    assert detector.calls[-2:] == [MESSAGE, "[OSOBA], gdzie jest kod odbioru do paczkomatu? PESEL [PESEL], "
                                            "tel. [TELEFON], mail [EMAIL]"]
    assert expected in llm_text(llm)
    assert assistant.conversations.turns("c-1")[0].text == expected
    assert_absent([PESEL, PHONE, EMAIL, "Kowalski"], llm_text(llm), reply.model_dump_json(),
                  repr(assistant.conversations.turns("c-1")))


def test_history_in_later_prompts_is_redacted(fake_embedder, fake_stemmer) -> None:
    llm = FakeLLM().enqueue("Kod odbioru przychodzi SMS-em [1].", "Paczka czeka w automacie 48 godzin [1].",
                            "Paczka czeka w automacie 48 godzin [1].")
    assistant = make(fake_embedder, fake_stemmer, llm=llm)
    assistant.reply(MESSAGE, conversation_id="c-1")
    reply = assistant.reply(f"A jak długo czeka paczka? Dzwońcie na {PHONE}", conversation_id="c-1")
    # the same number, the same token
    assert reply.redacted_message == "A jak długo czeka paczka? Dzwońcie na [TELEFON_1]"
    assert "[PESEL_1]" in llm_text(llm)  # the first turn, from the history
    assert_absent([PESEL, PHONE, EMAIL], llm_text(llm))


@pytest.mark.parametrize("mode", ["mask", "placeholder", "pseudonym"])
def test_no_raw_value_reaches_prompt_logs_store_or_reply(fake_embedder, fake_stemmer, mode: str,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    llm = FakeLLM()
    assistant = make(fake_embedder, fake_stemmer, llm=llm, privacy={"mode": mode})
    counter = iter(range(10_000))

    @settings(max_examples=25, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(case=messages_with_pii())
    def check(case: tuple[str, list[str]]) -> None:
        message, values = case
        caplog.clear()
        caplog.set_level(logging.DEBUG)
        llm.enqueue("Dostawa kurierem kosztuje 14,99 zł [1].")
        cid = f"c-{next(counter)}"
        reply = assistant.reply(message, conversation_id=cid)
        assert reply.pii
        assert_absent(values, llm_text(llm), logs_text(caplog), repr(assistant.conversations.turns(cid)),
                      json.dumps(reply.metadata, default=str), reply.redacted_message, reply.text,
                      reply.answer, reply.query)

    check()


def test_sqlite_store_file_never_holds_a_raw_value(fake_embedder, fake_stemmer, tmp_path: Path) -> None:
    path = tmp_path / "rozmowy.sqlite"
    llm = FakeLLM()
    assistant = make(fake_embedder, fake_stemmer, llm=llm,
                     conversation={"store": "sqlite", "sqlite_path": str(path)}, privacy={"vault": True})
    seen: list[str] = []
    counter = iter(range(10_000))

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(case=messages_with_pii())
    def check(case: tuple[str, list[str]]) -> None:
        message, values = case
        llm.enqueue("Dostawa kurierem kosztuje 14,99 zł [1].")
        assistant.reply(message, conversation_id=f"c-{next(counter) % 4}")
        seen.extend(values)

    check()
    data = sqlite_bytes(path)
    assert b"[TELEFON_1]" in data or b"[PESEL_1]" in data or b"[EMAIL_1]" in data  # turns are there
    for value in seen:
        for form in raw_forms(value):
            assert form.encode() not in data
    assistant.conversations.close()
    data = sqlite_bytes(path)
    for value in seen:
        assert value.encode() not in data


# -- vault -------------------------------------------------------------------------------------
def test_vault_restores_values_in_the_shown_text_only(fake_embedder, fake_stemmer) -> None:
    llm = FakeLLM().enqueue("Kod odbioru przychodzi SMS-em na numer [TELEFON_1] [1].")
    assistant = make(fake_embedder, fake_stemmer, llm=llm, privacy={"vault": True})
    reply = assistant.reply(SHORT, conversation_id="c-1")
    assert f"SMS-em na numer {PHONE} [1]" in reply.text
    assert "[TELEFON_1]" in reply.answer  # only .text is restored
    stored = assistant.conversations.turns("c-1")[1].text
    assert "[TELEFON_1]" in stored and PHONE not in stored
    assert "[TELEFON_1]" in llm_text(llm) and PHONE not in llm_text(llm)
    assert assistant.vault is not None and assistant.vault.size("c-1") == 2


def test_without_vault_nothing_personal_is_kept(fake_embedder, fake_stemmer) -> None:
    llm = FakeLLM().enqueue("Kod odbioru przychodzi SMS-em na numer [TELEFON_1] [1].")
    assistant = make(fake_embedder, fake_stemmer, llm=llm)
    reply = assistant.reply(SHORT, conversation_id="c-1")
    assert assistant.vault is None
    assert "[TELEFON_1]" in reply.text
    state = assistant.redactor._states["c-1"]
    kept = repr(vars(state)).encode() + b"".join(state.tokens) + b"".join(state.issued)
    for value in (PHONE, "Kowalski", "kowalsk"):
        assert value.encode() not in kept


# -- audit -------------------------------------------------------------------------------------
def test_one_audit_record_per_turn_without_values(fake_embedder, fake_stemmer,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=AUDIT_LOGGER)
    assistant = make(fake_embedder, fake_stemmer)
    assistant.reply(MESSAGE, conversation_id="c-1")
    assistant.reply("A ile kosztuje kurier?", conversation_id="c-1")
    records = assistant.audit_log.records("c-1")
    assert [(r.turn, r.counts) for r in records] == [
        (0, {"EMAIL": 1, "OSOBA": 1, "PESEL": 1, "TELEFON": 1}), (1, {})]
    assert records[0].recognizers == ["FakeEmailRecognizer", "FakeOsobaRecognizer", "FakePeselRecognizer",
                                      "FakeTelefonRecognizer"]
    assert records[0].mode == "placeholder"
    assert len([r for r in caplog.records if r.name == AUDIT_LOGGER]) == 2
    assert_absent([PESEL, PHONE, EMAIL, "Kowalski"], assistant.audit_log.records()[0].model_dump_json(),
                  logs_text(caplog))


def test_audit_can_be_switched_off(fake_embedder, fake_stemmer) -> None:
    assistant = make(fake_embedder, fake_stemmer, privacy={"audit": False})
    assistant.reply(MESSAGE, conversation_id="c-1")
    assert assistant.audit_log.records() == []


# -- forget and retention --------------------------------------------------------------------------
def test_forget_leaves_nothing_behind(fake_embedder, fake_stemmer, tmp_path: Path) -> None:
    path = tmp_path / "rozmowy.sqlite"
    assistant = make(fake_embedder, fake_stemmer, conversation={"store": "sqlite", "sqlite_path": str(path)},
                     privacy={"vault": True})
    assistant.reply(f"Zamawiałem dla Jana Kowalskiego, tel. {PHONE}. Gdzie paczka Zielonogórska?",
                    conversation_id="c-1")
    assistant.reply(f"Mój PESEL {PESEL}, mail {EMAIL}, a ile kosztuje kurier?", conversation_id="c-1")
    assistant.reply("Ile kosztuje Paczkomat Wrocławski?", conversation_id="c-2")
    assert b"Zielonog" in sqlite_bytes(path)

    erased = assistant.forget("c-1")
    assert erased == {"turns": 4, "vault_values": 4, "placeholders": 4, "audit_records": 2}
    data = sqlite_bytes(path)
    for trace in (b"Zielonog", "Zielonogórska".encode(), b"[TELEFON_1]", b"[PESEL_1]", b"c-1"):
        assert trace not in data
    assert "Wrocławski".encode() in data  # the other conversation stays
    assert assistant.conversations.turns("c-1") == []
    assert assistant.vault is not None and assistant.vault.size("c-1") == 0
    assert assistant.redactor.placeholders("c-1") == 0 and "c-1" not in assistant.redactor.conversation_ids()
    assert assistant.audit_log.records("c-1") == []
    assert len(assistant.audit_log.records("c-2")) == 1
    assert assistant.forget("c-1") == {"turns": 0, "vault_values": 0, "placeholders": 0, "audit_records": 0}
    # numbering starts afresh: nothing links the new turn to the forgotten ones
    assert assistant.reply(f"tel. {PHONE}", conversation_id="c-1").redacted_message == "tel. [TELEFON_1]"
    assistant.conversations.close()


def test_purge_expired_drops_idle_conversations_everywhere(fake_embedder, fake_stemmer) -> None:
    assistant = make(fake_embedder, fake_stemmer, conversation={"retention_days": 30},
                     privacy={"vault": True})
    assistant.reply(f"Mail {EMAIL}, gdzie paczka?", conversation_id="old")
    assistant.reply(f"Tel. {PHONE}, gdzie paczka?", conversation_id="new")
    later = datetime.now(timezone.utc) + timedelta(days=20)
    assistant.conversations.append("new", [Turn(role="customer", text="[TELEFON_1]?", at=later)])
    assistant.vault.put("new", "[TELEFON_1]", PHONE, at=later)  # type: ignore[union-attr]
    assistant.redactor._states["new"].last_used = later

    assert assistant.purge_expired(now=datetime.now(timezone.utc) + timedelta(days=29)) == []
    assert assistant.purge_expired(now=datetime.now(timezone.utc) + timedelta(days=31)) == ["old"]
    assert assistant.conversations.conversation_ids() == ["new"]
    assert assistant.vault.conversation_ids() == ["new"]  # type: ignore[union-attr]
    assert assistant.redactor.conversation_ids() == ["new"]
    assert [r.conversation_id for r in assistant.audit_log.records()] == ["new"]


def test_purge_expired_without_retention_keeps_everything(fake_embedder, fake_stemmer) -> None:
    assistant = make(fake_embedder, fake_stemmer)
    assistant.reply(f"Mail {EMAIL}", conversation_id="c-1")
    assert assistant.purge_expired(now=datetime.now(timezone.utc) + timedelta(days=3650)) == []
    assert assistant.conversations.conversation_ids() == ["c-1"]


# -- isolation between conversations ----------------------------------------------------------------
def test_parallel_conversations_never_see_each_others_placeholders(fake_embedder, fake_stemmer) -> None:
    assistant = make(fake_embedder, fake_stemmer, detector=FakeDetector(delay_s=0.0005),
                     privacy={"vault": True})
    values = {w: f"{60 + w}1 200 30{w}" for w in range(6)}
    errors: list[str] = []
    barrier = threading.Barrier(6)

    def converse(worker: int) -> None:
        barrier.wait()
        for turn in range(6):
            cid = f"c-{worker}"
            message = f"Mój telefon {values[worker]}" if turn % 2 == 0 else f"Dla pewności {values[worker]}"
            reply = assistant.reply(message, conversation_id=cid)
            if not reply.redacted_message.endswith("[TELEFON_1]"):
                errors.append(f"{cid}: {reply.redacted_message}")
            if assistant.vault.restore("[TELEFON_1]", cid) != values[worker]:  # type: ignore[union-attr]
                errors.append(f"{cid}: another conversation's value")

    threads = [threading.Thread(target=converse, args=(w,)) for w in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for worker in range(6):
        stored = " ".join(t.text for t in assistant.conversations.turns(f"c-{worker}"))
        assert "[TELEFON_2]" not in stored and values[worker] not in stored


# -- direct use, switches, laziness -------------------------------------------------------------
def test_assistant_redact_for_direct_use(fake_embedder, fake_stemmer) -> None:
    placeholder = make(fake_embedder, fake_stemmer)
    assert placeholder.redact(f"Mój PESEL to {PESEL}").text == "Mój PESEL to [PESEL_1]"
    masked = make(fake_embedder, fake_stemmer, privacy={"mode": "mask", "enabled": False})
    redaction = masked.redact(f"Mój PESEL to {PESEL}")  # works even with privacy.enabled off
    assert redaction.text == "Mój PESEL to [PESEL]" and redaction.entities[0].entity_type == "PESEL"
    assert masked.conversations.conversation_ids() == [] and masked.audit_log.records() == []


def test_privacy_disabled_passes_the_message_through(fake_embedder, fake_stemmer) -> None:
    assistant = make(fake_embedder, fake_stemmer, privacy={"enabled": False})
    reply = assistant.reply(f"Mój PESEL {PESEL}", conversation_id="c-1")
    assert reply.redacted_message == f"Mój PESEL {PESEL}" and reply.pii == []
    assert assistant.audit_log.records() == []


def test_detector_is_built_lazily_and_missing_one_is_a_typed_error(fake_embedder, fake_stemmer,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pomocbot.guardrails.analyzer", None)  # import fails
    assistant = Assistant(AssistantConfig(privacy={"warn_on_knowledge_pii": False}), embedder=fake_embedder,
                          stemmer=fake_stemmer)
    assistant.add_documents(SMALL_KB)
    assert assistant._detector is None  # nothing built yet
    with pytest.raises(DependencyMissingError, match=r"privacy\.enabled=False"):
        assistant.reply("Gdzie jest moja paczka?")
    off = Assistant(AssistantConfig(privacy={"enabled": False}), embedder=fake_embedder, stemmer=fake_stemmer)
    assert not off.reply("Gdzie jest moja paczka?").pii  # no detector needed


def test_import_does_not_load_presidio() -> None:
    code = "import sys, pomocbot, pomocbot.guardrails; print('presidio_analyzer' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            timeout=60)
    assert result.stdout.strip() == "False"


# -- knowledge base ---------------------------------------------------------------------------------
def test_documents_with_personal_data_are_masked_and_company_contacts_kept(
        fake_embedder, fake_stemmer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    documents = [Document(id="notatka", title="Notatka", text=f"Pisz do Jana Kowalskiego: {EMAIL}, {PHONE}."),
                 Document(id="kontakt", title="Kontakt", text=f"Biuro obsługi: {EMAIL}."),
                 Document(id="zwroty", title="Zwroty", text="Masz 14 dni na zwrot towaru.")]
    assistant = make(fake_embedder, fake_stemmer, documents=documents)
    report = assistant.last_report
    assert [(f.doc_id, f.kind, f.action) for f in report.findings] == [("notatka", "personal_data", "masked")]
    indexed = " ".join(c.text for c in assistant.index.chunks.values())
    assert "Kowalski" not in indexed and PHONE not in indexed
    assert EMAIL in assistant.search("biuro obsługi", k=1)[0].text  # the company's own contact stays
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == ["document 'kontakt' contains personal data left unmasked (EMAIL: 1): check that no "
                        "customer data slipped into the knowledge base"]
    assert_absent([EMAIL, PHONE], logs_text(caplog) + " ".join(report.warnings))
    caplog.clear()
    assistant.add_documents(documents)  # unchanged: not warned about again
    assert not [r for r in caplog.records if r.levelno == logging.WARNING]


def test_knowledge_warning_can_be_switched_off(fake_embedder, fake_stemmer,
                                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    detector = FakeDetector()
    make(fake_embedder, fake_stemmer, detector=detector, privacy={"warn_on_knowledge_pii": False},
         knowledge={"redact_personal_data": False},
         documents=[Document(id="kontakt", title="Kontakt", text=f"Mail: {EMAIL}")])
    assert caplog.records == [] and detector.calls == []


def test_knowledge_warning_skipped_without_a_detector(fake_embedder, fake_stemmer,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pomocbot.guardrails.analyzer", None)
    assistant = Assistant(AssistantConfig(), embedder=fake_embedder, stemmer=fake_stemmer)
    report = assistant.add_documents([Document(id="kontakt", title="Kontakt", text=f"Mail: {EMAIL}")])
    assert report.documents_added == 1


# -- errors never echo values ------------------------------------------------------------------------
def test_detector_failure_stops_the_turn_without_echoing_or_storing(fake_embedder, fake_stemmer) -> None:
    class Broken:
        def detect(self, text: str) -> list[PIIEntity]:
            raise RuntimeError(f"nie umiem: {text}")

    assistant = make(fake_embedder, fake_stemmer, detector=Broken(), privacy={"warn_on_knowledge_pii": False})
    with pytest.raises(PomocbotError) as info:
        assistant.reply(f"Mój PESEL {PESEL}", conversation_id="c-1")
    assert PESEL not in str(info.value) and info.value.__cause__ is None
    assert assistant.conversations.turns("c-1") == []  # fails closed: nothing stored
    with pytest.raises(InvalidQueryError) as bad:
        assistant.redact(PESEL.encode())  # type: ignore[arg-type]
    assert PESEL not in str(bad.value)


# -- with pomocbot's real detector ---------------------------------------------------------------------
def test_real_detector_end_to_end(fake_embedder, fake_stemmer, caplog: pytest.LogCaptureFixture) -> None:
    pytest.importorskip("pomocbot.guardrails.analyzer")
    caplog.set_level(logging.DEBUG)
    llm = FakeLLM().enqueue("Kod odbioru przychodzi SMS-em [1].")
    assistant = Assistant(AssistantConfig(drafting=LLM), embedder=fake_embedder, stemmer=fake_stemmer,
                          llm=llm)
    assistant.add_documents(SMALL_KB)
    message = (f"Dzień dobry, nazywam się Jan Kowalski, mój PESEL to {PESEL}, tel. {PHONE}, "
               f"e-mail {EMAIL}, nr konta PL61 1090 1014 0000 0712 1981 2874. Gdzie jest kod odbioru?")
    reply = assistant.reply(message, conversation_id="c-1")
    assert type(assistant.detector).__name__ == "PolishPIIDetector"
    assert {"PESEL", "TELEFON", "EMAIL", "NUMER_KONTA", "OSOBA"} <= {e.entity_type for e in reply.pii}
    assert "[PESEL_1]" in reply.redacted_message and "[OSOBA_1]" in reply.redacted_message
    assert_absent([PESEL, PHONE, EMAIL, "1090 1014 0000 0712", "Kowalski"], llm_text(llm), logs_text(caplog),
                  repr(assistant.conversations.turns("c-1")), reply.model_dump_json())
    assert assistant.redact(f"Mój PESEL to {PESEL}").text == "Mój PESEL to [PESEL_1]"


def test_real_detector_pseudonyms_are_not_detected_again(fake_embedder, fake_stemmer) -> None:
    pytest.importorskip("pomocbot.guardrails.analyzer")
    assistant = Assistant(AssistantConfig(privacy={"mode": "pseudonym"}), embedder=fake_embedder,
                          stemmer=fake_stemmer)
    first = assistant.redact(f"Mój PESEL to {PESEL}, tel. {PHONE}, e-mail {EMAIL}", "c-1")
    assert PESEL not in first.text and valid_pesel(first.replacements[0])
    assert {e.entity_type for e in assistant.detector.detect(first.text)} >= {"PESEL", "EMAIL"}  # well-formed
    assert assistant.redact(first.text, "c-1").text == first.text  # and idempotent


def test_real_detector_no_raw_value_reaches_prompt_logs_or_store(fake_embedder, fake_stemmer, tmp_path: Path,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    pytest.importorskip("pomocbot.guardrails.analyzer")
    path = tmp_path / "rozmowy.sqlite"
    llm = FakeLLM()
    config = AssistantConfig(drafting=LLM, conversation={"store": "sqlite", "sqlite_path": str(path)})
    assistant = Assistant(config, embedder=fake_embedder, stemmer=fake_stemmer, llm=llm)
    assistant.add_documents(SMALL_KB)
    seen: list[str] = []
    counter = iter(range(10_000))

    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(case=messages_in_context())
    def check(case: tuple[str, list[str]]) -> None:
        message, values = case
        caplog.clear()
        caplog.set_level(logging.DEBUG)
        llm.enqueue("Dostawa kurierem kosztuje 14,99 zł [1].")
        cid = f"c-{next(counter) % 5}"
        reply = assistant.reply(message, conversation_id=cid)
        seen.extend(values)
        assert_absent(values, llm_text(llm), logs_text(caplog), repr(assistant.conversations.turns(cid)),
                      reply.model_dump_json())

    check()
    data = sqlite_bytes(path)
    for value in seen:
        assert value.encode() not in data
    assistant.conversations.close()


# -- names found by the learned tagger never leak ------------------------------------------------------
_FIRST = ["Anna", "Bożydar", "Wiesława", "Zbigniew", "Teodora", "Przemysław", "Jadwiga", "Kasia", "Jarosław"]
_LAST = ["Kowalska", "Grzegorczyk", "Wróbel", "Szczęsny", "Pietrzykowska", "Lis", "Nowak-Jeziorańska"]
_FRAMES = ["Dzień dobry, nazywam się {name} i chcę rozmawiać z konsultantem o reklamacji.",
           "Reklamację składam w imieniu {name}, proszę o kontakt z człowiekiem.",
           "Pozdrawiam,\n{name}\nProszę o przekazanie sprawy konsultantowi, to skarga."]


@pytest.mark.integration
def test_no_name_the_tagger_finds_reaches_store_prompt_or_handoff(fake_embedder, fake_stemmer) -> None:
    from hypothesis import strategies as st

    llm = FakeLLM()
    assistant = Assistant(AssistantConfig(drafting=LLM), embedder=fake_embedder, stemmer=fake_stemmer,
                          llm=llm)
    assistant.add_documents(SMALL_KB)
    counter = iter(range(10_000))

    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(first=st.sampled_from(_FIRST), last=st.sampled_from(_LAST), frame=st.sampled_from(_FRAMES))
    def check(first: str, last: str, frame: str) -> None:
        name = f"{first} {last}"
        for _ in range(3):
            llm.enqueue("Reklamację rozpatrujemy w 14 dni [1].")
        cid = f"n-{next(counter)}"
        reply = assistant.reply(frame.format(name=name), conversation_id=cid)
        found = [e for e in reply.pii if e.entity_type == "OSOBA"]
        assert found, "the tagger missed a name in a plain frame"
        escalation = reply.escalation
        handoff = escalation.handoff.model_dump_json() if escalation and escalation.handoff else ""
        places = [llm_text(llm), repr(assistant.conversations.turns(cid)), reply.redacted_message, handoff,
                  json.dumps(reply.metadata, default=str)]
        for word in (first, last):
            assert all(word not in place for place in places), "a name reached the store, prompt or handoff"

    check()
