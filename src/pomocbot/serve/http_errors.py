"""Typed errors to HTTP statuses, with bodies that never carry customer text.

pomocbot's typed errors become 400 (a bad message), 409 (another worker's
turn of the conversation still runs: retry), or 503 (a part is down); the 422
of a malformed request lists where and what, without the input; anything
else is a bare 500 and the log names only the exception type.

>>> status_of(__import__("pomocbot").ConversationBusyError("busy"))
409
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from pomocbot import (
    ConfigError,
    ConversationBusyError,
    ConversationStoreError,
    DependencyMissingError,
    EmbeddingError,
    IndexStoreError,
    LLMError,
    PomocbotError,
    QueryError,
    RedactionError,
    SharedStateError,
    VaultKeyError,
)

__all__ = ["NoTracebacks", "install_error_handlers", "status_of"]

logger = logging.getLogger("pomocbot.serve")

# Most specific first: the first matching class decides.
_STATUS: tuple[tuple[type[PomocbotError], int], ...] = (
    (QueryError, 400),
    (ConversationBusyError, 409),
    (VaultKeyError, 503),  # the deployment's key, not the request, is wrong
    (ConfigError, 400),
    (SharedStateError, 503),
    (ConversationStoreError, 503),
    (RedactionError, 503),
    (EmbeddingError, 503),
    (LLMError, 503),
    (DependencyMissingError, 503),
    (IndexStoreError, 503),
)


async def _pomocbot_error(request: Request, exc: Exception) -> JSONResponse:
    status = status_of(exc)
    # pomocbot's messages name types, lengths and positions, never customer text; still, only 4xx
    # messages (about the request itself) go to the client, the rest stays in the server log.
    logger.warning("%s %s -> %d %s: %s", request.method, request.url.path, status, type(exc).__name__, exc)
    detail = str(exc) if status < 500 else "a part of the assistant is unavailable; try again later"
    headers = {"Retry-After": "1"} if status in (409, 503) else None
    return JSONResponse({"error": type(exc).__name__, "detail": detail}, status_code=status, headers=headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    # FastAPI's default body echoes the rejected input, which may be the customer's message.
    errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
              for e in getattr(exc, "errors", list)()]
    return JSONResponse({"error": "RequestValidationError", "detail": errors}, status_code=422)


class NoTracebacks:
    """ASGI middleware: an unexpected exception becomes a bare 500; the log gets its type, not its text.

    Without it Starlette's error middleware would print the traceback, whose
    message and locals may quote the customer's message.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: dict) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            logger.error("%s %s failed with %s", scope.get("method"), scope.get("path"), type(exc).__name__)
            if started:
                raise RuntimeError("response failed after it started") from None
            response = JSONResponse({"error": "InternalError", "detail": "internal error"}, status_code=500)
            await response(scope, receive, send)


def status_of(exc: Exception) -> int:
    """The HTTP status of ``exc`` (500 for anything not a known pomocbot error)."""
    return next((code for kind, code in _STATUS if isinstance(exc, kind)), 500)


def install_error_handlers(app: FastAPI) -> None:
    """pomocbot's errors, validation errors and unexpected exceptions, all without customer text."""
    app.add_exception_handler(PomocbotError, _pomocbot_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_middleware(NoTracebacks)
