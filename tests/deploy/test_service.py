"""The service's app in one process (TestClient): endpoints, readiness, metrics, logs without PII."""

from __future__ import annotations

import json
import logging

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("prometheus_client")

from fastapi.testclient import TestClient

from pomocbot import Assistant, AssistantConfig, Document
from pomocbot.conversation.locks import RedisLocks
from pomocbot.errors import ConfigError
from pomocbot.serve.app import create_service
from pomocbot.serve.cli import run_serve
from pomocbot.serve.logs import JsonFormatter
from pomocbot.serve.settings import ServiceSettings
from pomocbot.serve.wiring import assistant_from_settings, service_config
from tests.conftest import FakeEmbedder
from tests.servers import free_port

DOCS = [Document(id="zwroty", title="Zwroty", text="Na zwrot towaru masz 14 dni od dnia odbioru paczki."),
        Document(id="dostawa", title="Dostawa", text="Kurier DPD kosztuje 14,99 zł, Paczkomat 11,99 zł.")]


_DETECTOR: list[object] = []  # the Polish PII detector, built once for the module (a few seconds)


def _assistant(**parts: object) -> Assistant:
    if not _DETECTOR:
        from pomocbot.parts import build_detector

        _DETECTOR.append(build_detector(AssistantConfig()))
    assistant = Assistant(embedder=FakeEmbedder(), detector=_DETECTOR[0], **parts)  # type: ignore[arg-type]
    assistant.add_documents(DOCS)
    return assistant


def test_a_reply_its_turns_and_erasure() -> None:
    with TestClient(create_service(_assistant())) as client:
        body = client.post("/conversations/c-1/messages",
                           json={"text": "Ile mam dni na zwrot? Mój telefon 600 100 200"}).json()
        assert body["citations"][0]["doc_id"] == "zwroty"
        assert "[TELEFON_1]" in body["redacted_message"]
        turns = client.get("/conversations/c-1").json()["turns"]
        assert [t["role"] for t in turns] == ["customer", "assistant"]
        assert "600 100 200" not in json.dumps(turns)
        assert client.get("/conversations/c-1/handoff").status_code == 404
        erased = client.delete("/conversations/c-1").json()["erased"]
        assert erased["turns"] == 2
        assert client.get("/conversations/c-1").status_code == 404


def test_a_handoff_is_read_back_from_the_store() -> None:
    with TestClient(create_service(_assistant())) as client:
        client.post("/conversations/c-2/messages", json={"text": "Gdzie jest paczka? Tel. 600 100 200"})
        client.post("/conversations/c-2/messages", json={"text": "Chcę rozmawiać z konsultantem, już!"})
        handoff = client.get("/conversations/c-2/handoff")
        assert handoff.status_code == 200
        escalation = handoff.json()["escalation"]
        assert escalation["escalate"] and handoff.json()["turn"] == 2
        assert "explicit_request" in [r["code"] for r in escalation["reasons"]]
        assert escalation["handoff"]["entities"].get("TELEFON") == 1


def test_metrics_count_replies_handoffs_and_abstentions() -> None:
    with TestClient(create_service(_assistant())) as client:
        client.post("/conversations/c-3/messages", json={"text": "Ile kosztuje kurier DPD?"})
        client.post("/conversations/c-3/messages", json={"text": "Chcę rozmawiać z człowiekiem."})
        client.post("/conversations/c-4/messages", json={"text": "Jaka jest pogoda na Marsie w lipcu?"})
        text = client.get("/metrics").text
    assert 'pomocbot_reply_seconds_count{channel="chat",outcome="answered"} 1.0' in text
    assert 'pomocbot_handoffs_total{queue=' in text and 'reason="explicit_request"' in text
    assert 'pomocbot_abstentions_total{channel="chat"}' in text


def test_readiness_names_the_part_that_is_down_and_a_turn_fails_clearly() -> None:
    dead_redis = RedisLocks(f"redis://127.0.0.1:{free_port()}/0", wait_s=0.1)
    with TestClient(create_service(_assistant(locks=dead_redis))) as client:
        assert client.get("/health").status_code == 200
        ready = client.get("/ready")
        assert ready.status_code == 503 and ready.json()["failing"] == {"locks": "ConversationLockError"}
        response = client.post("/conversations/c-5/messages", json={"text": "Ile mam dni na zwrot?"})
        assert response.status_code == 503 and response.json()["error"] == "ConversationLockError"
        assert response.headers["retry-after"] == "1"


def test_a_conversation_busy_on_another_worker_is_409(redis_url: str) -> None:
    other_worker = RedisLocks(redis_url)
    with TestClient(create_service(_assistant(locks=RedisLocks(redis_url, wait_s=0.1)))) as client, \
            other_worker.hold("c-6"):
        response = client.post("/conversations/c-6/messages", json={"text": "Ile mam dni na zwrot?"})
    assert response.status_code == 409 and response.json()["error"] == "ConversationBusyError"


def test_logs_are_json_with_no_customer_text(caplog: pytest.LogCaptureFixture) -> None:
    app = create_service(_assistant())
    with caplog.at_level(logging.INFO, logger="pomocbot.serve"), TestClient(app) as c:
        c.post("/conversations/c-7/messages", json={"text": "Jan Wierzbicki, PESEL 02070803628: zwrot?"})
    lines = [JsonFormatter(worker="w0").format(r) for r in caplog.records if r.name == "pomocbot.serve"]
    entry = json.loads(lines[0])
    assert entry["event"] == "reply" and entry["conversation_id"] == "c-7" and entry["worker"] == "w0"
    assert "PESEL" in entry["pii_types"]
    assert not any("02070803628" in line or "Wierzbicki" in line for line in lines)


def test_settings_put_conversations_and_locks_on_the_servers() -> None:
    settings = ServiceSettings(index="x", postgres_url="postgresql://u:p@db/rozmowy", redis_url="redis://r/0")
    config = service_config(settings, AssistantConfig())
    assert config.conversation.store.value == "postgres" and config.conversation.lock_url == "redis://r/0"
    assert "p@db" not in repr(settings)
    sqlite = service_config(ServiceSettings(index="x", sqlite="rozmowy.sqlite"))
    assert sqlite.conversation.store.value == "sqlite"


def test_the_service_refuses_to_start_without_knowledge() -> None:
    with pytest.raises(ConfigError, match="POMOCBOT_INDEX"):
        assistant_from_settings(ServiceSettings())


def test_several_workers_need_shared_state(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    import argparse

    for name in ("POSTGRES_URL", "REDIS_URL", "KNOWLEDGE_URL"):
        monkeypatch.delenv(f"POMOCBOT_{name}", raising=False)
    args = argparse.Namespace(index="build/demo-index", knowledge_url=None, postgres=None, redis=None,
                              state_url=None, sqlite=None, config=None, actions=None, host="127.0.0.1",
                              port=free_port(), workers=3)
    monkeypatch.setenv("POMOCBOT_INDEX", "build/demo-index")
    assert run_serve(args) == 2
    assert "--postgres and --redis" in capsys.readouterr().err


def test_a_worker_reads_its_knowledge_from_the_pgvector_store(postgres_url: str) -> None:
    from pomocbot import RetrievalConfig

    writer = Assistant(AssistantConfig(retrieval=RetrievalConfig(
        vector_store="pgvector", vector_store_url=postgres_url)), embedder=FakeEmbedder())
    writer.add_documents(DOCS)
    worker = assistant_from_settings(ServiceSettings(knowledge_url=postgres_url), embedder=FakeEmbedder())
    assert sorted(worker.document_ids) == ["dostawa", "zwroty"]
    assert worker.search("ile mam dni na zwrot?", k=1)[0].doc_id == "zwroty"
