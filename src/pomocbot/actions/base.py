"""A company action: a typed callable the assistant may run for a customer (order status, return label).

An :class:`Action` holds what the assistant needs to choose, run and cite it:
a Polish ``description`` and example phrasings (for matching), a pydantic
``parameters`` model (what to extract from the message), a ``result`` model
(what the call must return), whether the result reveals a customer's data and
which result field names its owner (for authorisation), a timeout, retries and
the ``source`` the reply cites ("system zamówień").

Build one from a typed function with :meth:`Action.from_function` (the
signature becomes the parameters model, the return annotation the result), or
with :class:`~pomocbot.actions.http.HttpAction` for an HTTP endpoint.

>>> from pydantic import BaseModel
>>> class Status(BaseModel):
...     order_number: str
...     status: str
...     customer_id: str
>>> def order_status(order_number: str) -> Status | None:
...     return Status(order_number=order_number, status="wysłane", customer_id="K-1")
>>> action = Action.from_function(order_status, description="Status zamówienia klienta")
>>> action.name, list(action.parameters.model_fields), action.result.__name__
('order_status', ['order_number'], 'Status')
>>> action.invoke(action.parameters(order_number="ZM-2026-000001"), None).status
'wysłane'
"""

from __future__ import annotations

import inspect
import re
import threading
import typing
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from pydantic import BaseModel, ConfigDict, create_model

from pomocbot.errors import ConfigError

__all__ = ["Action", "ResultRenderer"]

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
ResultRenderer = Callable[[Mapping[str, Any]], str]
"""Polish sentence(s) from a (redacted) result: what the customer is told."""


class Action:
    """One company action. ``fn`` receives the validated parameters as keyword arguments.

    ``reveals_customer_data``: the result is personal (an order's status and
    address), so it is shown only when ``result[owner_field]`` equals the id the
    backend passed as ``customer["id"]``. ``intent`` names the built-in Polish
    phrase table it answers (``"order_status"``, ``"return_label"``,
    ``"complaint_status"``, see :mod:`pomocbot.actions.phrases`); ``patterns``
    are extra regular expressions over the folded message (lower case, no
    diacritics). ``task`` completes "Nie udało mi się teraz …" when it fails.
    ``render`` writes the reply from the result; without it the result fields
    are listed. A function with a ``customer`` parameter gets the backend's
    customer mapping (it is not a parameter the customer gives).
    """

    def __init__(self, name: str, fn: Callable[..., Any], *, description: str,
                 parameters: type[BaseModel], result: type[BaseModel], reveals_customer_data: bool = True,
                 owner_field: str | None = "customer_id", timeout_s: float = 5.0, retries: int = 1,
                 source: str = "system firmy", intent: str | None = None, examples: Sequence[str] = (),
                 patterns: Sequence[str] = (), task: str = "sprawdzić tej informacji",
                 render: ResultRenderer | None = None, max_result_bytes: int = 1_000_000,
                 passes_customer: bool = False) -> None:
        if not isinstance(name, str) or not _NAME.match(name):
            raise ConfigError(f"action name {name!r} is not allowed: use lower-case letters, digits and '_' "
                              "(e.g. 'order_status')")
        if not (0 < timeout_s <= 120):
            raise ConfigError(f"action {name!r}: timeout_s={timeout_s} must be in (0, 120] seconds")
        if not (isinstance(retries, int) and 0 <= retries <= 5):
            raise ConfigError(f"action {name!r}: retries={retries!r} must be an int from 0 to 5")
        if reveals_customer_data and owner_field is not None and owner_field not in result.model_fields:
            raise ConfigError(f"action {name!r}: owner_field {owner_field!r} is no field of "
                              f"{result.__name__} (fields: {', '.join(result.model_fields)})")
        if reveals_customer_data and owner_field is None and not passes_customer:
            raise ConfigError(f"action {name!r} reveals customer data but names no owner_field: the owner of "
                              "a result cannot be checked (name the result field with the customer id)")
        self.name = name
        self.fn = fn
        self.description = description
        self.parameters = parameters
        self.result = result
        self.reveals_customer_data = reveals_customer_data
        self.owner_field = owner_field
        self.timeout_s = float(timeout_s)
        self.retries = retries
        self.source = source
        self.intent = intent
        self.examples = tuple(examples)
        self.patterns = tuple(re.compile(p) for p in patterns)
        self.task = task
        self.render = render
        self.max_result_bytes = max_result_bytes
        self.passes_customer = passes_customer
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_function(cls, fn: Callable[..., Any], *, name: str | None = None, description: str | None = None,
                      **options: Any) -> Action:
        """An action from a typed function: parameters from its signature, result from its return type.

        The return annotation is a pydantic model, optionally ``| None`` (None
        means "not found"). A single parameter annotated with a pydantic model
        is the parameters model itself.
        """
        try:
            hints = typing.get_type_hints(fn, include_extras=True)
        except NameError as exc:
            raise ConfigError(f"action {getattr(fn, '__name__', fn)!r}: its annotations cannot be resolved "
                              f"({exc}); define the models at module level") from exc
        result = _result_model(hints.get("return"), fn)
        signature = inspect.signature(fn)
        fields: dict[str, Any] = {}
        passes_customer = False
        for parameter in signature.parameters.values():
            if parameter.name == "customer":
                passes_customer = True
                continue
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                raise ConfigError(f"action {fn.__name__!r}: *args/**kwargs cannot be action parameters")
            annotation = hints.get(parameter.name, str)
            default = ... if parameter.default is parameter.empty else parameter.default
            fields[parameter.name] = (annotation, default)
        single = next(iter(fields.values()))[0] if len(fields) == 1 else None
        if isinstance(single, type) and issubclass(single, BaseModel):
            model, call = single, _model_call(fn, next(iter(fields)), single)
        else:
            model = create_model(f"{_camel(fn.__name__)}Parameters", __config__=ConfigDict(extra="forbid"),
                                 **fields)
            call = fn
        doc = (description or inspect.getdoc(fn) or "").strip()
        if not doc:
            raise ConfigError(f"action {fn.__name__!r} needs a Polish description (description=... or a "
                              "docstring): it is what the message is matched against")
        return cls(name or fn.__name__, call, description=doc, parameters=model, result=result,
                   passes_customer=passes_customer, **options)

    @property
    def required(self) -> tuple[str, ...]:
        """Names of the parameters the customer must give."""
        return tuple(n for n, f in self.parameters.model_fields.items() if f.is_required())

    def invoke(self, params: BaseModel, customer: Mapping[str, Any] | None) -> Any:
        """One call with validated parameters (no timeout, no retries: see :func:`run_action`)."""
        kwargs = params.model_dump()
        if self.passes_customer:
            kwargs["customer"] = customer
        return self.fn(**kwargs)

    def executor(self) -> ThreadPoolExecutor:
        """The threads calls run in (so a hung call can be abandoned at its timeout)."""
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix=f"action-{self.name}")
            return self._executor

    def close(self) -> None:
        """Stop the action's threads (calls in flight finish in the background)."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def __repr__(self) -> str:
        return f"Action(name={self.name!r}, source={self.source!r}, intent={self.intent!r})"


def _result_model(annotation: Any, fn: Callable[..., Any]) -> type[BaseModel]:
    if annotation is not None:
        options = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
        if len(options) == 1 and isinstance(options[0], type) and issubclass(options[0], BaseModel):
            return options[0]
    raise ConfigError(f"action {getattr(fn, '__name__', fn)!r}: annotate the return type with a pydantic "
                      "model (optionally '| None' for 'not found'), e.g. '-> OrderStatus | None'")


def _model_call(fn: Callable[..., Any], name: str, model: type[BaseModel]) -> Callable[..., Any]:
    def call(**kwargs: Any) -> Any:
        customer = kwargs.pop("customer", None)
        extra = {"customer": customer} if "customer" in inspect.signature(fn).parameters else {}
        return fn(**{name: model(**kwargs)}, **extra)
    return call


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_")) or "Action"
