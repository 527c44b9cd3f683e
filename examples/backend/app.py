"""A company's backend with pomocbot inside: a small FastAPI app.

The assistant is loaded once, from an index saved by
``pomocbot index examples/sklep/kb --out build/demo-index``; conversation
state lives in one SQLite file (pomocbot's conversation store plus a
``backend_handoffs`` table, see :mod:`examples.backend.handoffs`). Endpoints:

==========================================  =====================================================
``POST /conversations/{id}/messages``       a customer message -> the reply (text, citations,
                                            confidence, escalation with the handoff summary)
``GET /conversations/{id}``                 the stored (redacted) turns; 404 when unknown
``GET /conversations/{id}/handoff``         the latest handoff summary; 404 when there is none
``DELETE /conversations/{id}``              RODO art. 17 erasure; the counts of what was erased
``GET /health``                             the index size; 503 when the database is unusable
==========================================  =====================================================

Errors never carry customer text: pomocbot's typed errors become 400 (bad
message), 404 or 503 (a part is down) with the error's type; the 422 of a
malformed request lists where and what, without the input; anything else is a
bare 500 and the log names only the exception type.

>>> import tempfile, pathlib
>>> from fastapi.testclient import TestClient
>>> from pomocbot import Assistant, Document
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> shop = Assistant()
>>> _ = shop.add_documents([Document(id="zwroty", title="Zwroty",
...     text="Na zwrot towaru masz 14 dni od dnia odbioru paczki.")])
>>> shop.save(folder / "index")
>>> with TestClient(create_app(folder / "index", folder / "rozmowy.sqlite")) as client:
...     body = client.post("/conversations/c-1/messages", json={"text": "Ile mam dni na zwrot?"}).json()
...     status = client.get("/conversations/c-1/handoff").status_code
>>> body["citations"][0]["doc_id"], body["abstained"], status
('zwroty', False, 404)
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, HTTPException

from examples.backend.handoffs import HandoffStore
from pomocbot import Assistant, AssistantConfig, ConversationConfig, PIIEntity
from pomocbot.actions import ActionRegistry
from pomocbot.retrieval.embedders import Embedder
from pomocbot.retrieval.query import prepare_query
from pomocbot.retrieval.saved_config import saved_config_base
from pomocbot.serve.http_errors import install_error_handlers
from pomocbot.serve.schema import (
    ConversationId,
    ConversationOut,
    ErasureOut,
    HandoffOut,
    HealthOut,
    MessageIn,
    ReplyOut,
    TurnOut,
    escalation_out,
    reply_out,
)

__all__ = ["app_from_env", "create_app"]

logger = logging.getLogger("examples.backend")

def _holds_raw_values(payload: str, message: str, entities: list[PIIEntity]) -> bool:
    """True when ``payload`` holds a value the detector found in ``message`` (checked before storing)."""
    return any(len(value) >= 4 and value in payload
               for value in (message[e.start:e.end].strip() for e in entities))


# -- the app ----------------------------------------------------------------------------------
def _config(index_dir: Path, db_path: Path, config: AssistantConfig | None) -> AssistantConfig:
    """``config`` (or the index's saved one) with conversations kept in the SQLite file ``db_path``."""
    if config is None:
        # The saved settings, except that an index file never switches privacy off (see saved_config).
        config = saved_config_base(index_dir)
    conversation = ConversationConfig.model_validate(
        {**config.conversation.model_dump(), "store": "sqlite", "sqlite_path": str(db_path)})
    return config.model_copy(update={"conversation": conversation})


def create_app(index_dir: str | os.PathLike[str], db_path: str | os.PathLike[str], *,
               config: AssistantConfig | None = None, embedder: Embedder | None = None,
               actions: ActionRegistry | None = None) -> FastAPI:
    """The FastAPI app answering from the index at ``index_dir``, with conversations in ``db_path``.

    The assistant is loaded here, once (index errors such as
    :class:`~pomocbot.IndexNotFoundError` are raised now, not per request).
    ``config`` replaces the index's saved config (e.g. a persona, an LLM);
    the conversation store is always the SQLite file ``db_path``. ``embedder``
    is passed to :meth:`~pomocbot.Assistant.load` (tests share one). The
    assistant and the handoff store are ``app.state.assistant`` and
    ``app.state.handoffs``; both are closed when the app shuts down.
    """
    index_dir, db_path = Path(index_dir), Path(db_path)
    assistant = Assistant.load(index_dir, _config(index_dir, db_path, config), embedder=embedder)
    for action in actions or ():  # the company's own systems (examples.sklep.orders.demo_actions)
        assistant.actions.add(action)
    # After the assistant: its conversation store creates the file's schema first.
    handoffs = HandoffStore(db_path)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        handoffs.close()
        close = getattr(assistant.conversations, "close", None)
        if callable(close):
            close()

    app = FastAPI(title="pomocbot backend example", lifespan=lifespan)
    app.state.assistant = assistant
    app.state.handoffs = handoffs
    install_error_handlers(app)

    # Plain `def` endpoints: FastAPI runs them in its thread pool; the assistant is thread-safe.
    @app.post("/conversations/{conversation_id}/messages", response_model=ReplyOut)
    def post_message(conversation_id: ConversationId, message: MessageIn) -> ReplyOut:
        """Answer one customer message; an escalation's handoff is kept for the consultant."""
        reply = assistant.reply(message.text, conversation_id, channel=message.channel,
                                customer=message.customer.model_dump(exclude_none=True))
        decision = reply.escalation
        if decision is not None and decision.escalate and decision.handoff is not None:
            searched = prepare_query(message.text, assistant.config.retrieval.max_query_chars)
            if _holds_raw_values(decision.model_dump_json(), searched, reply.pii):
                logger.error("handoff of turn %d not stored: it holds a detected personal-data value",
                             reply.turn)
            else:
                handoffs.put(conversation_id, reply.turn, decision)
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
        """The latest handoff of the conversation, for the consultant taking over."""
        stored = handoffs.get(assistant.check_conversation_id(conversation_id))
        if stored is None:
            raise HTTPException(404, "no handoff for this conversation")
        return HandoffOut(conversation_id=conversation_id, turn=stored.turn, at=stored.at,
                          escalation=escalation_out(stored.decision))

    @app.delete("/conversations/{conversation_id}", response_model=ErasureOut)
    def delete_conversation(conversation_id: ConversationId) -> ErasureOut:
        """Erase everything kept about the conversation (RODO art. 17); idempotent.

        Any id is accepted: an erasure request never fails (an id that is personal data was never stored).
        """
        erased = assistant.forget(conversation_id)
        erased["handoffs"] = handoffs.delete(conversation_id)
        logger.info("conversation erased: %s", erased)
        return ErasureOut(conversation_id=conversation_id, erased=erased)

    @app.get("/health", response_model=HealthOut)
    def health() -> HealthOut:
        """Liveness and the index size; 503 when the conversation database cannot be read."""
        handoffs.ping()
        return HealthOut(status="ok", documents=len(assistant.document_ids), chunks=len(assistant),
                         embedder=assistant.embedder.name)

    return app


def app_from_env() -> FastAPI:
    """The app for ``uvicorn --factory examples.backend.app:app_from_env``.

    Reads ``POMOCBOT_INDEX`` (default ``build/demo-index``) and ``POMOCBOT_DB``
    (default ``build/rozmowy.sqlite``) when called, not at import.
    """
    return create_app(os.environ.get("POMOCBOT_INDEX", "build/demo-index"),
                      os.environ.get("POMOCBOT_DB", "build/rozmowy.sqlite"))
