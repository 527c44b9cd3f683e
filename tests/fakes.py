"""Fakes of language models for tests: no network beyond loopback, no model weights.

:class:`FakeLLM` is a real LlamaIndex ``CustomLLM``: queue answers (or
exceptions) with :meth:`FakeLLM.enqueue`, read what it was sent in
:attr:`FakeLLM.history`. :class:`FakeLLMServer` is a loopback HTTP server
speaking OpenAI's ``/v1/chat/completions`` and Ollama's ``/api/chat``, for
the clients' real HTTP paths (timeouts, retries, status codes).

    from tests.fakes import FakeLLM
    llm = FakeLLM().enqueue("Masz 14 dni na zwrot [1].")
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    CompletionResponse,
    CompletionResponseGen,
    LLMMetadata,
    MessageRole,
)
from llama_index.core.bridge.pydantic import PrivateAttr
from llama_index.core.llms.callbacks import llm_chat_callback, llm_completion_callback
from llama_index.core.llms.custom import CustomLLM

__all__ = ["FakeLLM", "FakeLLMServer", "ServedRequest"]


class FakeLLM(CustomLLM):
    """A LlamaIndex LLM answering from a queue.

    ``enqueue("text")`` queues an answer, ``enqueue(TimeoutError())`` an
    exception to raise, ``delay_s`` a pause before either (to test deadlines).
    ``history`` holds the messages of every call, oldest first; a call with an
    empty queue raises ``RuntimeError`` (a test that forgot to enqueue).
    """

    model_name: str = "fake-llm"

    _queue: deque[tuple[str | BaseException, float]] = PrivateAttr(default_factory=deque)
    _history: list[list[ChatMessage]] = PrivateAttr(default_factory=list)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @classmethod
    def class_name(cls) -> str:
        return "fake_llm"

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(model_name=self.model_name, is_chat_model=True)

    def enqueue(self, *items: str | BaseException, delay_s: float = 0.0) -> FakeLLM:
        """Queue answers or exceptions, each after ``delay_s`` seconds; returns ``self``."""
        with self._lock:
            self._queue.extend((item, delay_s) for item in items)
        return self

    @property
    def history(self) -> list[list[ChatMessage]]:
        """Messages of every call so far (a completion is one user message)."""
        with self._lock:
            return list(self._history)

    @property
    def calls(self) -> int:
        return len(self.history)

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    def last_text(self, role: str = "user") -> str:
        """Text of the last call's message with ``role`` ("system" or "user")."""
        return next(m.content or "" for m in reversed(self.history[-1]) if m.role.value == role)

    def _answer(self, messages: Sequence[ChatMessage]) -> str:
        with self._lock:
            self._history.append(list(messages))
            if not self._queue:
                raise RuntimeError("FakeLLM: no answer enqueued")
            item, delay_s = self._queue.popleft()
        if delay_s:
            time.sleep(delay_s)
        if isinstance(item, BaseException):
            raise item
        return item

    @llm_chat_callback()
    def chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        text = self._answer(messages)
        return ChatResponse(message=ChatMessage(role=MessageRole.ASSISTANT, content=text))

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        return CompletionResponse(text=self._answer([ChatMessage(role=MessageRole.USER, content=prompt)]))

    @llm_completion_callback()
    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        response = self.complete(prompt, formatted=formatted)

        def gen() -> CompletionResponseGen:
            yield CompletionResponse(text=response.text, delta=response.text)

        return gen()


@dataclass(frozen=True)
class ServedRequest:
    """One request the fake server received."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]


class FakeLLMServer:
    """A loopback OpenAI-compatible and Ollama server in a thread.

    ``enqueue(text)`` queues a 200 answer; ``enqueue(status=500)`` an error;
    ``delay_s`` a pause before the response. ``base_url`` is the
    OpenAI-style ``http://127.0.0.1:<port>/v1``, ``url`` the bare one (Ollama).
    ``requests`` records what was received. Use as a context manager.
    """

    def __init__(self) -> None:
        self.requests: list[ServedRequest] = []
        self._responses: deque[tuple[str, int, float]] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        name="fake-llm-server", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/v1"

    def enqueue(self, text: str = "", *, status: int = 200, delay_s: float = 0.0) -> FakeLLMServer:
        with self._lock:
            self._responses.append((text, status, delay_s))
        return self

    def __enter__(self) -> FakeLLMServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stopping.set()  # wakes handlers sleeping in a delay
        self._server.shutdown()
        self._server.server_close()

    def _next(self, request: ServedRequest) -> tuple[str, int, float]:
        with self._lock:
            self.requests.append(request)
            if not self._responses:
                return "FakeLLMServer: no response enqueued", 500, 0.0
            return self._responses.popleft()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet test output
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                request = ServedRequest(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                text, status, delay_s = server._next(request)
                if delay_s and server._stopping.wait(delay_s):
                    return
                payload = _payload(self.path, body, text, status)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout) before the answer

        return Handler


def _payload(path: str, body: dict[str, Any], text: str, status: int) -> bytes:
    model = body.get("model", "fake")
    if status >= 400:
        error: Any = text if path.startswith("/api/") else {"message": text or "fake failure",
                                                             "type": "server_error"}
        return json.dumps({"error": error}).encode()
    if path.startswith("/api/chat"):  # Ollama
        data: dict[str, Any] = {
            "model": model, "created_at": "2026-01-01T00:00:00Z",
            "message": {"role": "assistant", "content": text},
            "done": True, "done_reason": "stop", "prompt_eval_count": 10, "eval_count": 5,
        }
    else:  # OpenAI chat completions
        data = {
            "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
        }
    return json.dumps(data).encode()
