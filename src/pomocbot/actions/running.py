"""Running an action safely: :func:`run_action` → :class:`ActionOutcome`, never an exception.

Order of the checks, each a privacy or safety rule:

1. an action that reveals customer data runs only for a customer id the
   backend passed (``customer["id"]``); without one the outcome is
   ``"login_required"`` and nothing is called;
2. placeholders ("[EMAIL_1]") are swapped for the vault's originals for the
   call only (``lookup``); the outcome and its record keep the placeholders;
3. the call runs in a thread with the action's timeout, retried
   ``action.retries`` times on a timeout or a failure (not on a bad result);
4. the result must validate against the action's result model and stay under
   ``action.max_result_bytes`` (1 MB), else ``"invalid_result"``;
5. its owner (``result[action.owner_field]``) must be the customer, else
   ``"not_allowed"`` (:class:`~pomocbot.errors.ActionNotAllowedError`) and the
   data are dropped;
6. every string of the result is redacted (``redact``) before it is kept, and
   the owner field is left out.

Failures become typed errors internally (``outcome.exception``) and
``ActionOutcome(ok=False, error=...)`` outside.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from pomocbot.actions.base import Action
from pomocbot.actions.params import resolve_parameters
from pomocbot.codes import ReasonCode
from pomocbot.errors import ActionError, ActionNotAllowedError, ActionResultError, ActionTimeoutError
from pomocbot.types import ActionRecord

__all__ = ["FAILURES", "ActionOutcome", "run_action"]

FAILURES = frozenset({"timeout", "invalid_result", "failed", "unresolved_parameter"})
"""Error kinds that hand the conversation over (reason code ``action_failed``); the others
(``login_required``, ``not_allowed``, ``not_found``, ``invalid_parameters``) are answered by the bot."""


@dataclass(frozen=True)
class ActionOutcome:
    """What one action call gave: a redacted result, or the kind of failure.

    ``params`` are the matched parameters (placeholders, never the vault's
    values); ``result`` the redacted result without its owner field;
    ``elapsed_ms`` the time of the call itself (all attempts); ``exception``
    the typed error behind ``error`` (its message holds no personal data).
    """

    action: Action
    ok: bool
    params: dict[str, str] = field(default_factory=dict)
    result: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    elapsed_ms: float = 0.0
    attempts: int = 0
    exception: ActionError | None = field(default=None, repr=False, compare=False)

    @property
    def needs_escalation(self) -> bool:
        """Whether a consultant should take over (the company's system failed)."""
        return not self.ok and self.error in FAILURES

    @property
    def reason_code(self) -> ReasonCode | None:
        """``ReasonCode.ACTION_FAILED`` when :attr:`needs_escalation`, else None."""
        return ReasonCode.ACTION_FAILED if self.needs_escalation else None

    @property
    def source(self) -> str:
        return self.action.source

    @property
    def record(self) -> ActionRecord:
        """The turn's :class:`~pomocbot.types.ActionRecord` (redacted parameters and result)."""
        return ActionRecord(name=self.action.name, parameters={k: str(v) for k, v in self.params.items()},
                            ok=self.ok, error=self.error, result=self.result if self.ok else {},
                            source=self.action.source, elapsed_ms=round(self.elapsed_ms, 3))


def _fail(action: Action, params: Mapping[str, str], kind: str, exception: ActionError | None = None, *,
          elapsed_ms: float = 0.0, attempts: int = 0) -> ActionOutcome:
    return ActionOutcome(action=action, ok=False, params=dict(params), error=kind, elapsed_ms=elapsed_ms,
                         attempts=attempts, exception=exception)


def run_action(action: Action, params: Mapping[str, str], *, customer: Mapping[str, Any] | None,
               lookup: Callable[[str], str | None] | None = None,
               redact: Callable[[str], str] | None = None) -> ActionOutcome:
    """Run ``action`` with ``params`` for ``customer``; an outcome in every case.

    ``lookup(token)`` gives a placeholder's original (e.g.
    ``lambda t: vault.get(conversation_id, t)``); ``redact(text)`` the redacted
    text (e.g. ``lambda t: assistant.redact(t, conversation_id).text``; None
    keeps strings as they are — only for results without personal data).

    >>> from pydantic import BaseModel
    >>> class Status(BaseModel):
    ...     order_number: str
    ...     status: str
    ...     customer_id: str
    >>> def order_status(order_number: str) -> Status | None:
    ...     '''Status zamówienia.'''
    ...     return Status(order_number=order_number, status="wysłane", customer_id="K-1")
    >>> action = Action.from_function(order_status)
    >>> run_action(action, {"order_number": "ZM-2026-000001"}, customer={"id": "K-1"}).result
    {'order_number': 'ZM-2026-000001', 'status': 'wysłane'}
    >>> run_action(action, {"order_number": "ZM-2026-000001"}, customer={"id": "K-2"}).error
    'not_allowed'
    >>> run_action(action, {"order_number": "ZM-2026-000001"}, customer=None).error
    'login_required'
    """
    params = {k: v for k, v in params.items() if k in action.parameters.model_fields}
    customer_id = _customer_id(customer)
    if action.reveals_customer_data and customer_id is None:
        return _fail(action, params, "login_required",
                     ActionNotAllowedError(f"action {action.name!r} reveals customer data and no customer id "
                                           "was passed (reply(..., customer={'id': ...}))"))
    try:
        resolved = resolve_parameters(action.parameters, params, lookup)
    except LookupError as exc:
        return _fail(action, params, "unresolved_parameter", ActionError(str(exc)))
    try:
        validated = action.parameters.model_validate(resolved)
    except ValidationError as exc:
        # The error's text would echo the customer's value: only the field names are kept.
        names = ", ".join(sorted({str(e["loc"][0]) for e in exc.errors() if e.get("loc")}))
        return _fail(action, params, "invalid_parameters",
                     ActionError(f"action {action.name!r}: invalid parameters: {names}"))
    del resolved
    started = time.perf_counter()
    attempts, raw, error = 0, None, None
    for _ in range(action.retries + 1):
        attempts += 1
        try:
            raw, error = _call(action, validated, customer), None
            break
        except (ActionResultError, ActionNotAllowedError) as exc:
            error = exc
            break
        except ActionError as exc:
            error = exc
    elapsed_ms = (time.perf_counter() - started) * 1000
    if error is not None:
        kind = ("timeout" if isinstance(error, ActionTimeoutError) else
                "invalid_result" if isinstance(error, ActionResultError) else
                "not_allowed" if isinstance(error, ActionNotAllowedError) else "failed")
        return _fail(action, params, kind, error, elapsed_ms=elapsed_ms, attempts=attempts)
    try:
        result = _checked_result(action, raw)
        if result is None:
            return _fail(action, params, "not_found", elapsed_ms=elapsed_ms, attempts=attempts)
        _authorised(action, result, customer_id)
        kept = _redacted(action, result, redact)
    except ActionError as exc:
        kind = "not_allowed" if isinstance(exc, ActionNotAllowedError) else (
            "invalid_result" if isinstance(exc, ActionResultError) else "failed")
        return _fail(action, params, kind, exc, elapsed_ms=elapsed_ms, attempts=attempts)
    return ActionOutcome(action=action, ok=True, params=dict(params), result=kept, elapsed_ms=elapsed_ms,
                         attempts=attempts)


def _customer_id(customer: Mapping[str, Any] | None) -> str | None:
    if not isinstance(customer, Mapping):
        return None
    value = customer.get("id")
    if value is None or isinstance(value, bool) or str(value).strip() == "":
        return None
    return str(value)


def _call(action: Action, params: BaseModel, customer: Mapping[str, Any] | None) -> Any:
    future = action.executor().submit(action.invoke, params, customer)
    try:
        return future.result(timeout=action.timeout_s)
    except FutureTimeout:
        future.cancel()
        raise ActionTimeoutError(f"action {action.name!r} gave no result within {action.timeout_s:g} "
                                 "s") from None
    except ActionError:
        raise
    except TimeoutError as exc:
        raise ActionTimeoutError(f"action {action.name!r} timed out: {type(exc).__name__}") from exc
    except Exception as exc:  # the company's code: any failure is an action failure
        raise ActionError(f"action {action.name!r} failed: {type(exc).__name__}") from exc


def _checked_result(action: Action, raw: Any) -> BaseModel | None:
    if raw is None:
        return None
    try:
        result = raw if isinstance(raw, action.result) else action.result.model_validate(raw)
    except ValidationError as exc:
        fields = ", ".join(sorted({".".join(map(str, e["loc"])) for e in exc.errors()})) or "?"
        raise ActionResultError(f"action {action.name!r}: the result does not fit {action.result.__name__} "
                                f"(fields: {fields})") from None
    size = len(result.model_dump_json().encode("utf-8"))
    if size > action.max_result_bytes:
        raise ActionResultError(f"action {action.name!r}: result of {size} bytes is over the limit of "
                                f"{action.max_result_bytes}")
    return result


def _authorised(action: Action, result: BaseModel, customer_id: str | None) -> None:
    if not action.reveals_customer_data or action.owner_field is None:
        return
    owner = getattr(result, action.owner_field, None)
    if owner is None or customer_id is None or str(owner) != customer_id:
        raise ActionNotAllowedError(f"action {action.name!r}: the result belongs to another customer than "
                                    "the one the backend passed; it was dropped")


def _redacted(action: Action, result: BaseModel, redact: Callable[[str], str] | None) -> dict[str, Any]:
    data = json.loads(result.model_dump_json())
    if action.owner_field is not None:
        data.pop(action.owner_field, None)
    if redact is None:
        return data
    try:
        return {key: _redact_value(value, redact) for key, value in data.items()}
    except Exception as exc:  # a result that cannot be redacted is not kept
        raise ActionError(f"action {action.name!r}: the result could not be redacted "
                          f"({type(exc).__name__})") from exc


def _redact_value(value: Any, redact: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return redact(value) if value.strip() and not _is_iso_date(value) else value
    if isinstance(value, list):
        return [_redact_value(v, redact) for v in value]
    if isinstance(value, dict):
        return {k: _redact_value(v, redact) for k, v in value.items()}
    return value


def _is_iso_date(value: str) -> bool:
    # Dates of the company's system (shipped, delivered) are no personal data; a birth date would not be
    # a result field of an order.
    return len(value) >= 10 and value[4] == "-" and value[7] == "-" and value[:4].isdigit() and \
        value[5:7].isdigit() and value[8:10].isdigit() and (len(value) == 10 or value[10] == "T")
