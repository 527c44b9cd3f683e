"""HttpAction over httpx.MockTransport: ok, 404, 500 (retried), timeout, invalid JSON, a 10 MB body."""

from __future__ import annotations

import time

import httpx
import pytest
from pydantic import BaseModel

from pomocbot.actions import HttpAction, run_action
from pomocbot.errors import ActionError, ActionResultError, ActionTimeoutError

pytestmark = pytest.mark.unit


class Query(BaseModel):
    order_number: str
    email: str | None = None


class Status(BaseModel):
    order_number: str
    status: str
    customer_id: str


OK = {"order_number": "ZM-2026-001234", "status": "wysłane", "customer_id": "K-1"}


def _action(handler, **options) -> HttpAction:
    options.setdefault("retries", 1)
    return HttpAction(name="order_status", url="https://api.sklep.example/orders/{order_number}",
                      parameters=Query, result=Status, description="Status zamówienia",
                      transport=httpx.MockTransport(handler), auth=("bot", "sekret"),
                      headers={"X-Api": "1"}, **options)


def test_ok_fills_the_url_sends_the_rest_as_query_and_authenticates() -> None:
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=OK)

    outcome = run_action(_action(handler), {"order_number": "ZM-2026-001234", "email": "[EMAIL_1]"},
                         customer={"id": "K-1"}, lookup={"[EMAIL_1]": "ala@example.com"}.get)
    assert outcome.ok and outcome.result == {"order_number": "ZM-2026-001234", "status": "wysłane"}
    request = seen[0]
    assert request.url.path == "/orders/ZM-2026-001234"
    assert request.url.params["email"] == "ala@example.com"  # the vault's value goes to the action only
    assert request.headers["authorization"].startswith("Basic ") and request.headers["x-api"] == "1"
    assert outcome.params == {"order_number": "ZM-2026-001234", "email": "[EMAIL_1]"}
    assert "ala@example.com" not in outcome.record.model_dump_json()


def test_a_post_action_sends_json() -> None:
    bodies = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(request.content)
        return httpx.Response(200, json=OK)

    action = _action(handler, method="POST")
    assert run_action(action, {"order_number": "1", "email": "a@example.com"}, customer={"id": "K-1"}).ok
    assert b'"email":"a@example.com"' in bodies[0].replace(b" ", b"")


def test_404_is_not_found() -> None:
    outcome = run_action(_action(lambda r: httpx.Response(404)), {"order_number": "9"},
                         customer={"id": "K-1"})
    assert (outcome.ok, outcome.error, outcome.needs_escalation) == (False, "not_found", False)


def test_500_is_retried_then_failed() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(500, text="Internal Server Error")

    outcome = run_action(_action(handler, retries=2), {"order_number": "1"}, customer={"id": "K-1"})
    assert (outcome.error, outcome.attempts, len(calls)) == ("failed", 3, 3)
    assert isinstance(outcome.exception, ActionError)
    assert outcome.needs_escalation and outcome.reason_code.value == "action_failed"


def test_500_then_ok_succeeds_on_retry() -> None:
    answers = iter([httpx.Response(503), httpx.Response(200, json=OK)])
    outcome = run_action(_action(lambda r: next(answers)), {"order_number": "1"}, customer={"id": "K-1"})
    assert outcome.ok and outcome.attempts == 2


def test_an_httpx_timeout_is_a_timeout() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    outcome = run_action(_action(handler, retries=0), {"order_number": "1"}, customer={"id": "K-1"})
    assert outcome.error == "timeout" and isinstance(outcome.exception, ActionTimeoutError)


def test_a_hung_endpoint_is_abandoned_at_the_timeout() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        time.sleep(1.0)
        return httpx.Response(200, json=OK)

    started = time.perf_counter()
    outcome = run_action(_action(handler, retries=0, timeout_s=0.1), {"order_number": "1"},
                         customer={"id": "K-1"})
    assert outcome.error == "timeout" and time.perf_counter() - started < 0.8


@pytest.mark.parametrize("response", [
    httpx.Response(200, text="<html>nie JSON</html>"),
    httpx.Response(200, json=["lista", "nie obiekt"]),
    httpx.Response(200, json={"order_number": "1"}),  # fields missing
    httpx.Response(200, content=b"\xff\xfe"),
])
def test_invalid_results(response: httpx.Response) -> None:
    outcome = run_action(_action(lambda r: response), {"order_number": "1"}, customer={"id": "K-1"})
    assert outcome.error == "invalid_result" and isinstance(outcome.exception, ActionResultError)
    assert outcome.attempts == 1  # a bad result is not retried


def test_a_10_mb_body_is_refused_without_reading_it_all() -> None:
    big = b'{"order_number": "' + b"1" * 10_000_000 + b'"}'
    outcome = run_action(_action(lambda r: httpx.Response(200, content=big)), {"order_number": "1"},
                         customer={"id": "K-1"})
    assert outcome.error == "invalid_result" and "limit" in str(outcome.exception)


def test_a_streamed_body_over_the_limit_is_refused() -> None:
    def chunks():
        for _ in range(20):
            yield b"x" * 100_000

    outcome = run_action(_action(lambda r: httpx.Response(200, content=chunks())), {"order_number": "1"},
                         customer={"id": "K-1"})
    assert outcome.error == "invalid_result"


def test_another_customers_order_over_http_is_refused() -> None:
    outcome = run_action(_action(lambda r: httpx.Response(200, json=OK)), {"order_number": "1"},
                         customer={"id": "K-2"})
    assert outcome.error == "not_allowed" and outcome.result == {} and outcome.record.result == {}
