"""The FastAPI backend example (examples/backend) on the example shop's index, through TestClient."""

from __future__ import annotations

import doctest
import logging
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

import examples.backend.app as backend_app
import examples.backend.handoffs as backend_handoffs
from examples.backend.app import create_app
from fastapi.testclient import TestClient

from pomocbot import ConversationStoreError, EmbeddingError, IndexNotFoundError

pytestmark = pytest.mark.integration

PESEL = "02070803628"
PHONE = "601 234 567"
EMAIL = "jan.kowalski@poczta.example"
PII_MESSAGE = (f"Dzień dobry, nazywam się Jan Kowalski, PESEL {PESEL}, tel. {PHONE}, e-mail {EMAIL}. "
               "Chcę rozmawiać z konsultantem w sprawie reklamacji zepsutego odkurzacza.")
WITHDRAWAL_DOCS = {"faq-ile-mam-czasu-na-zwrot", "zwroty/prawo-odstapienia"}
RAW_VALUES = [PESEL, PHONE, "601234567", EMAIL, "Kowalski"]


@pytest.fixture(scope="module")
def app_files(shop_index_dir: Path, tmp_path_factory) -> tuple[Path, Path]:
    return shop_index_dir, tmp_path_factory.mktemp("backend") / "rozmowy.sqlite"


@pytest.fixture(scope="module")
def client(app_files, use_embedder):
    index_dir, db_path = app_files
    with TestClient(create_app(index_dir, db_path, embedder=use_embedder),
                    raise_server_exceptions=False) as client:
        yield client


def _db_bytes(db_path: Path) -> bytes:
    """The database file with its write-ahead log and shared-memory index, as stored on disk."""
    return b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))


def _post(client: TestClient, cid: str, text: str, **customer: object):
    return client.post(f"/conversations/{cid}/messages", json={"text": text, "customer": customer})


# -- answers ----------------------------------------------------------------------------------


def test_question_gets_a_grounded_answer_with_citations(client: TestClient) -> None:
    response = _post(client, "c-answer", "Ile mam czasu na odstąpienie od umowy?", order_value=120, vip=False)
    assert response.status_code == 200
    body = response.json()
    assert not body["abstained"] and body["confidence"] > 0
    assert body["citations"] and "14 dni" in body["answer"]
    assert {c["doc_id"] for c in body["citations"]} & WITHDRAWAL_DOCS
    assert "[1]" in body["text"] and body["turn"] == 0
    assert body["escalation"]["escalate"] is False
    assert client.get("/conversations/c-answer/handoff").status_code == 404


def test_follow_up_continues_the_stored_conversation(client: TestClient) -> None:
    _post(client, "c-follow", "Ile kosztuje dostawa kurierem?")
    body = _post(client, "c-follow", "a do paczkomatu?").json()
    assert body["turn"] == 1 and not body["abstained"]
    turns = client.get("/conversations/c-follow").json()["turns"]
    assert [t["role"] for t in turns] == ["customer", "assistant", "customer", "assistant"]


def test_health(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["documents"] >= 90 and body["chunks"] > body["documents"]


# -- escalation and privacy -------------------------------------------------------------------


def test_escalation_gives_a_redacted_handoff(client: TestClient, app_files) -> None:
    body = _post(client, "c-pii", PII_MESSAGE, order_value=349.0, vip=True).json()
    escalation = body["escalation"]
    assert escalation["escalate"] is True
    assert "explicit_request" in {r["code"] for r in escalation["reasons"]}
    assert escalation["priority"] in {"P1", "P2", "P3"} and escalation["queue"]
    assert escalation["customer_message"] and escalation["handoff"]["summary"]
    assert body["pii_types"].get("PESEL") == 1 and "[PESEL_1]" in body["redacted_message"]

    response = client.get("/conversations/c-pii/handoff")
    assert response.status_code == 200
    handoff = response.json()
    assert handoff["turn"] == 0 and handoff["escalation"]["priority"] == escalation["priority"]
    assert handoff["escalation"]["handoff"]["entities"].get("PESEL") == 1  # types and counts, no values
    for value in RAW_VALUES:
        assert value not in response.text, value
        assert value not in body["redacted_message"]
    stored = _db_bytes(app_files[1])
    assert b"[PESEL_1]" in stored  # the turn and the handoff are there, redacted
    for value in RAW_VALUES:
        assert value.encode() not in stored, value


def test_vip_question_in_a_new_conversation_names_the_queue(client: TestClient) -> None:
    body = _post(client, "c-vip", "Chcę rozmawiać z konsultantem, paczka nie doszła.", order_value=5000,
                 vip=True).json()
    codes = {r["code"] for r in body["escalation"]["reasons"]}
    assert {"explicit_request", "vip"} <= codes or {"explicit_request", "high_value"} <= codes
    assert client.get("/conversations/c-vip/handoff").json()["escalation"]["queue"] == \
        body["escalation"]["queue"]


def test_delete_forgets_the_conversation_and_its_handoff(client: TestClient, app_files) -> None:
    cid = "c-erase"
    _post(client, cid, f"Mój PESEL to {PESEL}. Chcę rozmawiać z konsultantem!")
    assert client.get(f"/conversations/{cid}/handoff").status_code == 200
    response = client.delete(f"/conversations/{cid}")
    assert response.status_code == 200
    erased = response.json()["erased"]
    assert erased["turns"] == 2 and erased["handoffs"] == 1 and erased["audit_records"] >= 1
    assert client.get(f"/conversations/{cid}/handoff").status_code == 404
    assert client.get(f"/conversations/{cid}").status_code == 404
    assert PESEL.encode() not in _db_bytes(app_files[1])
    # Erasure is idempotent: a second request erases nothing and still succeeds.
    assert set(client.delete(f"/conversations/{cid}").json()["erased"].values()) == {0}


# -- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "payload"), [
    ("/conversations/c-bad/messages", {}),                                        # no text
    ("/conversations/c-bad/messages", {"text": ""}),                              # empty text
    ("/conversations/c-bad/messages", {"text": 5}),                               # not a string
    ("/conversations/c-bad/messages", {"text": "x" * 20_001}),                    # too long
    ("/conversations/c-bad/messages", {"text": "Zwrot?", "customer": {"order_value": -1}}),
    ("/conversations/c-bad/messages", {"text": "Zwrot?", "customer": {"vip": "bardzo"}}),
    ("/conversations/c-bad/messages", {"text": "Zwrot?", "pesel": PESEL}),       # unknown field
    ("/conversations/jan@poczta.example/messages", {"text": "Zwrot?"}),          # id that is an e-mail
])
def test_malformed_requests_are_422_without_echoing_input(client: TestClient, path: str, payload) -> None:
    response = client.post(path, json=payload)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "RequestValidationError" and body["detail"]
    assert all(set(error) == {"loc", "msg", "type"} for error in body["detail"])  # no "input", no "ctx"
    for echoed in (PESEL, "xxxxxxxx", "bardzo", "poczta"):
        assert echoed not in response.text


@pytest.mark.parametrize("text", ["   ", "\n\t "])
def test_whitespace_message_is_a_400(client: TestClient, text: str) -> None:
    response = _post(client, "c-blank", text)
    assert response.status_code == 400
    assert response.json()["error"] == "EmptyQueryError"


def test_unknown_conversation_is_404(client: TestClient) -> None:
    assert client.get("/conversations/c-nikt/handoff").status_code == 404
    assert client.get("/conversations/c-nikt").status_code == 404


def test_failing_part_is_a_503_without_personal_data(client: TestClient, monkeypatch) -> None:
    assistant = client.app.state.assistant

    def broken(*args, **kwargs):
        raise EmbeddingError("the embedder returned vectors of shape (1, 3), expected (1, 512)")

    monkeypatch.setattr(assistant, "reply", broken)
    response = _post(client, "c-503", PII_MESSAGE)
    assert response.status_code == 503
    assert response.json()["error"] == "EmbeddingError" and "shape" not in response.text


def test_unexpected_error_is_a_bare_500_and_logs_no_text(client: TestClient, monkeypatch, caplog) -> None:
    def crash(message, *args, **kwargs):
        raise RuntimeError(f"unexpected: {message}")

    monkeypatch.setattr(client.app.state.assistant, "reply", crash)
    with caplog.at_level(logging.ERROR):
        response = _post(client, "c-500", PII_MESSAGE)
    assert response.status_code == 500
    assert response.json() == {"error": "InternalError", "detail": "internal error"}
    assert PESEL not in caplog.text and "RuntimeError" in caplog.text


def test_unusable_database_is_503_on_health(client: TestClient, monkeypatch) -> None:
    def down() -> None:
        raise ConversationStoreError("database is locked")

    monkeypatch.setattr(client.app.state.handoffs, "ping", down)
    assert client.get("/health").status_code == 503


def test_missing_index_fails_at_startup(tmp_path: Path, use_embedder) -> None:
    with pytest.raises(IndexNotFoundError):
        create_app(tmp_path / "brak", tmp_path / "rozmowy.sqlite", embedder=use_embedder)


# -- the examples in the docstrings run -------------------------------------------------------


@pytest.mark.parametrize("module", [backend_app, backend_handoffs], ids=lambda m: m.__name__)
def test_docstring_examples(module) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_handoff_holding_a_raw_value_is_not_stored(client: TestClient, monkeypatch) -> None:
    # A last check in the backend: should a handoff ever carry a detected value, it is not kept.
    from pomocbot import EscalationDecision, HandoffSummary, PIIEntity, Reply

    message = f"Mój PESEL to {PESEL}, chcę rozmawiać z konsultantem."
    start = message.index(PESEL)
    leaky = Reply(text="Przekazuję rozmowę konsultantowi.", pii=[
        PIIEntity(entity_type="PESEL", start=start, end=start + len(PESEL), score=1.0)],
        escalation=EscalationDecision(escalate=True, handoff=HandoffSummary(summary=f"PESEL {PESEL}")))
    monkeypatch.setattr(client.app.state.assistant, "reply", lambda *args, **kwargs: leaky)
    assert _post(client, "c-leak", message).status_code == 200
    assert client.get("/conversations/c-leak/handoff").status_code == 404


def test_an_index_saved_with_privacy_off_does_not_switch_redaction_off(
        shop_index_dir: Path, tmp_path: Path, use_embedder) -> None:
    from pomocbot import Assistant, AssistantConfig

    off = tmp_path / "bez-prywatnosci"
    without_privacy = AssistantConfig(privacy={"enabled": False})
    Assistant.load(shop_index_dir, without_privacy, embedder=use_embedder).save(off)
    db_path = tmp_path / "rozmowy.sqlite"
    with TestClient(create_app(off, db_path, embedder=use_embedder), raise_server_exceptions=False) as client:
        assert _post(client, "prywatnosc-1", PII_MESSAGE).status_code == 200
    stored = _db_bytes(db_path)
    assert not [value for value in RAW_VALUES if value.encode() in stored]


@pytest.mark.parametrize("cid", ["601234567", "klient-601234567", "c:601-234-567", "user-48601234567",
                                 "pesel-02070803628"])
def test_ids_holding_a_phone_or_pesel_are_refused_on_every_reading_endpoint(client: TestClient,
                                                                           cid: str) -> None:
    assert _post(client, cid, "Ile kosztuje dostawa?").status_code == 400
    assert client.get(f"/conversations/{cid}").status_code == 400
    assert client.get(f"/conversations/{cid}/handoff").status_code == 400
    assert client.delete(f"/conversations/{cid}").status_code == 200  # erasure never fails
