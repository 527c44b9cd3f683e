"""Registering typed functions as actions: parameters from the signature, result from the return type."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, Field

from pomocbot.actions import Action, ActionRegistry, run_action
from pomocbot.errors import ConfigError

pytestmark = pytest.mark.unit


class Label(BaseModel):
    order_number: str
    customer_id: str
    return_code: str


def return_label(order_number: str, email: str | None = None) -> Label | None:
    """Etykieta zwrotna do zamówienia."""
    return Label(order_number=order_number, customer_id="K-1", return_code="ZW000001")


def test_parameters_and_result_from_the_signature() -> None:
    action = Action.from_function(return_label, source="system zwrotów")
    assert action.name == "return_label"
    assert action.description == "Etykieta zwrotna do zamówienia."
    assert list(action.parameters.model_fields) == ["order_number", "email"]
    assert action.required == ("order_number",)
    assert action.result is Label
    assert action.source == "system zwrotów"


def test_decorator_returns_the_function_and_registers_it() -> None:
    registry = ActionRegistry()
    fn = registry.action(description="Etykieta zwrotna", intent="return_label")(return_label)
    assert fn is return_label
    assert registry.names == ["return_label"] and "return_label" in registry
    with pytest.raises(ConfigError, match="already registered"):
        registry.register(return_label)


class Query(BaseModel):
    order_number: str = Field(description="numer zamówienia")


def test_a_single_model_parameter_is_the_parameters_model() -> None:
    def status(query: Query) -> Label:
        """Status."""
        return Label(order_number=query.order_number, customer_id="K-1", return_code="-")

    action = Action.from_function(status)
    assert action.parameters is Query
    assert run_action(action, {"order_number": "1"}, customer={"id": "K-1"}).result["order_number"] == "1"


def test_the_customer_parameter_is_passed_not_asked() -> None:
    seen = []

    def mine(order_number: str, customer: dict | None = None) -> Label:
        """Moje zamówienie."""
        seen.append(customer)
        return Label(order_number=order_number, customer_id=customer["id"], return_code="-")

    action = Action.from_function(mine)
    assert "customer" not in action.parameters.model_fields
    assert run_action(action, {"order_number": "1"}, customer={"id": "K-9"}).ok
    assert seen == [{"id": "K-9"}]


@pytest.mark.parametrize("fn, message", [
    (lambda order_number: None, "annotate the return type"),
])
def test_bad_functions_are_refused(fn, message) -> None:
    with pytest.raises(ConfigError, match=message):
        Action.from_function(fn, description="x")


def test_bad_options_are_refused() -> None:
    with pytest.raises(ConfigError, match="owner_field"):
        Action.from_function(return_label, owner_field="owner")
    with pytest.raises(ConfigError, match="timeout_s"):
        Action.from_function(return_label, timeout_s=0)
    with pytest.raises(ConfigError, match="name"):
        Action.from_function(return_label, name="Zwrot etykiety")

    def no_doc(order_number: str) -> Label: ...

    with pytest.raises(ConfigError, match="description"):
        Action.from_function(no_doc)
