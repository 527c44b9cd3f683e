"""An action behind an HTTP endpoint of the company: :class:`HttpAction` (httpx, imported lazily).

The URL is a template filled with the parameters ("…/orders/{order_number}",
each value URL-quoted); the parameters not in the URL go as the query (GET)
or a JSON body (other methods). 404 means "not found" (``None``); any other
status ≥ 400, a network error or a timeout is an :class:`~pomocbot.errors.ActionError`
(retried by :func:`~pomocbot.actions.running.run_action`); a body over
``max_result_bytes`` or that is no JSON object is an :class:`~pomocbot.errors.ActionResultError`.

>>> import httpx
>>> from pydantic import BaseModel
>>> class Q(BaseModel):
...     order_number: str
>>> class S(BaseModel):
...     order_number: str
...     status: str
...     customer_id: str
>>> def handler(request):
...     number = request.url.path.rsplit("/", 1)[-1]
...     return httpx.Response(200, json={"order_number": number, "status": "wysłane", "customer_id": "K-1"})
>>> transport = httpx.MockTransport(handler)
>>> action = HttpAction(name="order_status", url="https://api.example.com/orders/{order_number}",
...                     parameters=Q, result=S, description="Status zamówienia", transport=transport)
>>> action.invoke(Q(order_number="ZM-2026-000001"), None)["status"]
'wysłane'
"""

from __future__ import annotations

import json
import string
import threading
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel

from pomocbot.actions.base import Action
from pomocbot.errors import ActionError, ActionResultError, ActionTimeoutError, DependencyMissingError

__all__ = ["HttpAction"]


def _httpx() -> Any:
    try:
        import httpx
    except ImportError as exc:  # pragma: no cover - httpx is installed with pomocbot
        raise DependencyMissingError("HttpAction needs httpx: pip install httpx") from exc
    return httpx


class HttpAction(Action):
    """A company action called over HTTP (JSON in, JSON out).

    ``auth`` is anything httpx takes (``("user", "secret")``, an ``httpx.Auth``);
    ``headers`` are sent with every request (an API key); ``transport`` is an
    httpx transport (``httpx.MockTransport`` in tests). Other options are those
    of :class:`~pomocbot.actions.base.Action`.
    """

    def __init__(self, *, name: str, url: str, parameters: type[BaseModel], result: type[BaseModel],
                 description: str, method: str = "GET", auth: Any = None,
                 headers: Mapping[str, str] | None = None, transport: Any = None, timeout_s: float = 5.0,
                 **options: Any) -> None:
        super().__init__(name, self._request, description=description, parameters=parameters, result=result,
                         timeout_s=timeout_s, **options)
        self.url = url
        self.method = method.upper()
        self.auth = auth
        self.headers = dict(headers or {})
        self.transport = transport
        self._url_fields = {f for _, f, _, _ in string.Formatter().parse(url) if f}
        self._client: Any = None
        self._client_lock = threading.Lock()

    def client(self) -> Any:
        """The httpx client (one per action, built on first use)."""
        with self._client_lock:
            if self._client is None:
                httpx = _httpx()
                self._client = httpx.Client(auth=self.auth, headers=self.headers, transport=self.transport,
                                            timeout=httpx.Timeout(self.timeout_s), follow_redirects=False)
            return self._client

    def _request(self, **params: Any) -> Any:
        httpx = _httpx()
        in_url = {k: quote(str(v), safe="") for k, v in params.items() if k in self._url_fields}
        rest = {k: v for k, v in params.items() if k not in self._url_fields and v is not None}
        url = self.url.format(**in_url)
        extra: dict[str, Any] = {"params": rest} if self.method == "GET" else {"json": rest}
        try:
            with self.client().stream(self.method, url, **extra) as response:
                if response.status_code == 404:
                    return None
                if response.status_code >= 400:
                    raise ActionError(f"action {self.name!r}: HTTP {response.status_code} from the company's "
                                      "system")
                body = self._read_capped(response)
        except httpx.TimeoutException as exc:
            raise ActionTimeoutError(f"action {self.name!r}: no HTTP answer within {self.timeout_s:g} s") \
                from exc
        except httpx.HTTPError as exc:
            raise ActionError(f"action {self.name!r}: HTTP request failed ({type(exc).__name__})") from exc
        try:
            data = json.loads(body)
        except (UnicodeDecodeError, ValueError) as exc:
            raise ActionResultError(f"action {self.name!r}: the answer is no JSON ({len(body)} bytes)") \
                from exc
        if data is None:
            return None
        if not isinstance(data, dict):
            raise ActionResultError(f"action {self.name!r}: the answer is a JSON {type(data).__name__}, "
                                    "not an object")
        return data

    def _read_capped(self, response: Any) -> bytes:
        limit = self.max_result_bytes
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise ActionResultError(f"action {self.name!r}: the answer of {declared} bytes is over the limit "
                                    f"of {limit}")
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > limit:
                raise ActionResultError(f"action {self.name!r}: the answer is over the limit of {limit} "
                                        "bytes")
        return bytes(body)

    def close(self) -> None:
        super().close()
        with self._client_lock:
            client, self._client = self._client, None
        if client is not None:
            client.close()
