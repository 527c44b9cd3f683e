"""The service's FastAPI app: any worker answers any turn, because no state is the worker's own.

Endpoints (ids are opaque: letters, digits, ``. _ : -``):

============================================  =================================================
``POST /conversations/{id}/messages``         a customer message -> the reply for its channel
``GET /conversations/{id}``                   the stored (redacted) turns; 404 when unknown
``GET /conversations/{id}/handoff``           the latest handoff (from the store: any worker)
``POST /conversations/{id}/feedback``         CSAT / NPS / a comment (redacted)
``DELETE /conversations/{id}``                RODO art. 17 erasure in every store
``GET /health``                               liveness: the process answers
``GET /ready``                                readiness: index loaded, database, Redis, vault up
``GET /metrics``                              Prometheus (latency, handoffs, abstentions, errors)
============================================  =================================================

Logs are JSON lines with ids, turns, latencies and codes (:mod:`pomocbot.serve.logs`), never a
message's text. Build the app with :func:`create_service` (an assistant you made) or
:func:`app_from_env` (``uvicorn --factory pomocbot.serve.app:app_from_env``; what ``pomocbot serve`` runs).

>>> from fastapi.testclient import TestClient
>>> from pomocbot import Assistant, Document
>>> shop = Assistant()
>>> _ = shop.add_documents([Document(id="zwroty", title="Zwroty", text="Na zwrot masz 14 dni.")])
>>> with TestClient(create_service(shop)) as client:
...     reply = client.post("/conversations/c-1/messages", json={"text": "Ile mam dni na zwrot?"}).json()
...     ready = client.get("/ready").json()["status"]
>>> reply["citations"][0]["doc_id"], ready
('zwroty', 'ready')
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from typing import Any

from fastapi import FastAPI, HTTPException, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from pomocbot import Assistant, EscalationDecision, PomocbotError
from pomocbot.conversation.meta import assistant_meta
from pomocbot.serve.http_errors import install_error_handlers
from pomocbot.serve.metrics import ServiceMetrics
from pomocbot.serve.schema import (
    ConversationId,
    ConversationOut,
    ErasureOut,
    HandoffOut,
    MessageIn,
    ReplyOut,
    TurnOut,
    escalation_out,
    reply_out,
)

__all__ = ["FeedbackIn", "app_from_env", "create_service"]

logger = logging.getLogger("pomocbot.serve")


class FeedbackIn(BaseModel):
    csat: int | None = Field(None, ge=1, le=5)
    nps: int | None = Field(None, ge=0, le=10)
    comment: str | None = Field(None, max_length=2000)


def _checks(assistant: Assistant) -> dict[str, Callable[[], object]]:
    """What readiness probes: each part a turn needs, by a cheap real call."""
    def index() -> None:
        if not len(assistant):
            raise RuntimeError("the index is empty")

    checks: dict[str, Callable[[], object]] = {
        "index": index,
        "conversations": lambda: assistant.conversations.turns("pomocbot-ready-probe"),
        "locks": assistant.locks.ping,
    }
    states = getattr(assistant.redactor, "state_store", None) if assistant.config.privacy.enabled else None
    if states is not None:  # the shared placeholder state and vault (one server for both)
        checks["privacy_state"] = lambda: states.placeholders("pomocbot-ready-probe")
    return checks


def create_service(assistant: Assistant, *, metrics: ServiceMetrics | None = None,
                   on_shutdown: Callable[[], None] | None = None) -> FastAPI:
    """The app over ``assistant`` (its stores, locks and vault decide what is shared between workers)."""
    metrics = metrics or ServiceMetrics()
    checks = _checks(assistant)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if on_shutdown is not None:
            on_shutdown()

    app = FastAPI(title="pomocbot", lifespan=lifespan)
    app.state.assistant, app.state.metrics = assistant, metrics
    install_error_handlers(app)

    @app.middleware("http")
    async def count_errors(request: Any, call_next: Callable[[Any], Any]) -> Any:
        response = await call_next(request)
        if response.status_code >= 400:
            metrics.errors.labels(str(response.status_code)).inc()
        return response

    # Plain `def` endpoints: FastAPI runs them in its thread pool; the assistant is thread-safe.
    @app.post("/conversations/{conversation_id}/messages", response_model=ReplyOut)
    def post_message(conversation_id: ConversationId, message: MessageIn) -> ReplyOut:
        """Answer one customer message; a handoff is stored with the turn for any worker to show."""
        started = time.perf_counter()
        reply = assistant.reply(message.text, conversation_id, channel=message.channel,
                                customer=message.customer.model_dump(exclude_none=True))
        seconds = time.perf_counter() - started
        decision = reply.escalation if reply.escalation and reply.escalation.escalate else None
        reasons = [r.code for r in decision.reasons] if decision else []
        metrics.observe_reply(channel=message.channel, seconds=seconds, abstained=reply.abstained,
                              reasons=reasons, queue=decision.queue if decision else None)
        logger.info("reply", extra={"fields": {
            "conversation_id": conversation_id, "turn": reply.turn, "channel": message.channel,
            "latency_ms": round(seconds * 1000, 1), "abstained": reply.abstained,
            "confidence": round(reply.confidence, 3), "handoff": bool(decision), "reasons": reasons,
            "pii_types": sorted({e.entity_type for e in reply.pii})}})
        return reply_out(conversation_id, reply)

    @app.get("/conversations/{conversation_id}", response_model=ConversationOut)
    def get_conversation(conversation_id: ConversationId) -> ConversationOut:
        """The stored turns (redacted text), oldest first."""
        turns = assistant.conversations.turns(assistant.check_conversation_id(conversation_id))
        if not turns:
            raise HTTPException(404, "no such conversation")
        return ConversationOut(conversation_id=conversation_id,
                               turns=[TurnOut(role=t.role, text=t.text, at=t.at) for t in turns])

    @app.get("/conversations/{conversation_id}/handoff", response_model=HandoffOut)
    def get_handoff(conversation_id: ConversationId) -> HandoffOut:
        """The latest handoff of the conversation, whichever worker made it."""
        turns = assistant.conversations.turns(assistant.check_conversation_id(conversation_id))
        for number, turn in reversed(list(enumerate(turns))):
            stored = assistant_meta(turn).escalation if turn.role == "assistant" else None
            if stored:
                decision = EscalationDecision.model_validate(stored)
                return HandoffOut(conversation_id=conversation_id, turn=number // 2 + 1, at=turn.at,
                                  escalation=escalation_out(decision))
        raise HTTPException(404, "no handoff for this conversation")

    @app.post("/conversations/{conversation_id}/feedback")
    def post_feedback(conversation_id: ConversationId, feedback: FeedbackIn) -> dict[str, object]:
        """The customer's rating; the comment is redacted like the messages."""
        kept = assistant.feedback(conversation_id, csat=feedback.csat, nps=feedback.nps,
                                  comment=feedback.comment)
        return {"conversation_id": conversation_id, "csat": kept.csat, "nps": kept.nps}

    @app.delete("/conversations/{conversation_id}", response_model=ErasureOut)
    def delete_conversation(conversation_id: ConversationId) -> ErasureOut:
        """Erase everything kept about the conversation in every shared store (RODO art. 17); idempotent."""
        erased = assistant.forget(conversation_id)
        metrics.erasures.inc()
        logger.info("erased", extra={"fields": {"conversation_id": conversation_id, **erased}})
        return ErasureOut(conversation_id=conversation_id, erased=erased)

    @app.get("/health")
    def health() -> dict[str, str]:
        """Liveness: the worker answers (a load balancer restarts it when this fails)."""
        return {"status": "alive", "at": datetime.now(timezone.utc).isoformat()}

    @app.get("/ready")
    def ready() -> JSONResponse:
        """Readiness: 200 when every part a turn needs answers, else 503 naming the failing part."""
        failing = {}
        for name, check in checks.items():
            try:
                check()
            except (PomocbotError, RuntimeError, OSError) as exc:
                failing[name] = type(exc).__name__
        body = {"status": "not ready" if failing else "ready", "failing": failing,
                "chunks": len(assistant), "documents": len(assistant.document_ids)}
        return JSONResponse(body, status_code=503 if failing else 200)

    @app.get("/metrics")
    def prometheus_metrics() -> Response:
        payload, content_type = metrics.exposition()
        return Response(payload, media_type=content_type)

    return app


def app_from_env() -> FastAPI:
    """The app for ``uvicorn --factory pomocbot.serve.app:app_from_env``, from ``POMOCBOT_*`` variables."""
    from pomocbot.serve.logs import configure_logging
    from pomocbot.serve.settings import ServiceSettings
    from pomocbot.serve.wiring import assistant_from_settings

    settings = ServiceSettings.from_env()
    configure_logging(worker=settings.worker)
    assistant = assistant_from_settings(settings)
    close = getattr(assistant.conversations, "close", None)
    return create_service(assistant, on_shutdown=close if callable(close) else None)
