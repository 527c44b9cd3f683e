"""Replies from an action's outcome, in the persona's register, with every number taken from the result.

* :func:`ask_for` — the question for a missing parameter ("Proszę podać numer zamówienia
  (np. ZM-2026-001234)").
* :func:`draft_reply` — the answer from a result ("Według systemu zamówień zamówienie ZM-2026-001234
  zostało wysłane 24 listopada kurierem DPD; przewidywana dostawa: 26 listopada."), a refusal
  (another customer's order, no login) or an honest failure, and the label the reply cites.
* :func:`numbers_from_result_only` — the numbers and dates of a text that the result does not back
  (the grounding check refuses a draft with any).

>>> from pomocbot.config import Register
>>> result = {"order_number": "ZM-2026-001234", "status": "wysłane", "carrier": "DPD",
...           "delivery_method": "kurier", "shipped_at": "2026-11-24", "expected_delivery": "2026-11-26"}
>>> order_status_text(result)
'Według systemu zamówień zamówienie ZM-2026-001234 zostało wysłane 24 listopada kurierem DPD;
 przewidywana dostawa: 26 listopada.'
>>> numbers_from_result_only("Zamówienie ZM-2026-001234 dotrze 27 listopada.", result)
['27 listopada']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from pomocbot.actions.matching import ActionMatch
from pomocbot.actions.params import ParameterKind, parameter_kind
from pomocbot.actions.running import ActionOutcome
from pomocbot.config import PersonaConfig, Register
from pomocbot.text.placeholders import PLACEHOLDER
from pomocbot.text.values import extract_values, missing_values

__all__ = ["ask_for", "draft_replies", "draft_reply", "numbers_from_result_only", "order_status_text",
           "polish_date"]

_MONTHS = ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
           "października", "listopada", "grudnia")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")


def _register(persona: Any) -> Register:
    """A Persona, a PersonaConfig, a Register or its name."""
    if isinstance(persona, Register):
        return persona
    if isinstance(persona, str):
        return Register(persona)
    if isinstance(persona, PersonaConfig):
        return persona.register
    register = getattr(persona, "register", None)
    return Register(register) if register is not None else Register.PAN


def polish_date(value: Any, *, year: bool = False) -> str:
    """An ISO date ("2026-11-24", or a datetime) as Polish text: "24 listopada" ("24 listopada 2026").

    >>> polish_date("2026-11-24"), polish_date("2026-03-01T10:00:00", year=True)
    ('24 listopada', '1 marca 2026')
    """
    if isinstance(value, date):
        day, month, y = value.day, value.month, value.year
    else:
        m = _ISO.match(str(value))
        if not m:
            return str(value)
        y, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return f"{day} {_MONTHS[month - 1]}" + (f" {y}" if year else "")


# -- questions for missing parameters --------------------------------------------------------------
_WHAT: dict[ParameterKind, tuple[str, str]] = {  # singular, plural
    ParameterKind.ORDER_NUMBER: ("numer zamówienia", "numery zamówień"),
    ParameterKind.EMAIL: ("adres e-mail podany przy zamówieniu", "adres e-mail podany przy zamówieniach"),
    ParameterKind.POSTCODE: ("kod pocztowy adresu dostawy", "kod pocztowy adresu dostawy"),
    ParameterKind.PHONE: ("numer telefonu podany przy zamówieniu", "numer telefonu podany przy zamówieniach"),
}
_ASK = {Register.PAN: "Proszę podać {what}.", Register.TY: "Podaj {what}.",
        Register.PANSTWO: "Prosimy podać {what}."}
_FIND = {Register.PAN: ("znajdzie go Pan/Pani", "znajdzie je Pan/Pani"),
         Register.TY: ("znajdziesz go", "znajdziesz je"),
         Register.PANSTWO: ("znajdą go Państwo", "znajdą je Państwo")}


def ask_for(match: ActionMatch, persona: Any) -> str | None:
    """The question for the parameters ``match`` misses, in the persona's register (None: nothing missing).

    >>> from pomocbot.actions.base import Action
    >>> from pydantic import BaseModel, Field
    >>> class S(BaseModel):
    ...     customer_id: str
    >>> def status(order_number: str = Field(examples=["ZM-2026-001234"])) -> S: ...
    >>> action = Action.from_function(status, description="Status zamówienia")
    >>> ask_for(ActionMatch(action, 0.9, "phrases", missing=("order_number",)), "pan")
    'Proszę podać numer zamówienia (np. ZM-2026-001234) — znajdzie go Pan/Pani w e-mailu
     z potwierdzeniem zamówienia.'
    >>> ask_for(ActionMatch(action, 0.9, "phrases", missing=("order_number",), several=True), "ty")
    'Podaj numery zamówień (np. ZM-2026-001234) — znajdziesz je w e-mailu z potwierdzeniem zamówienia.'
    """
    if not match.missing:
        return None
    register = _register(persona)
    parts, order = [], False
    for name in match.missing:
        info = match.action.parameters.model_fields.get(name)
        kind = parameter_kind(name, info)
        if kind is ParameterKind.ORDER_NUMBER:
            order = True
            what = _WHAT[kind][1 if match.several else 0]
        else:
            what = _WHAT.get(kind, (info.description if info and info.description else name.replace("_", " "),
                                    ""))[0]
        examples = getattr(info, "examples", None) or []
        parts.append(f"{what} (np. {examples[0]})" if examples else what)
    question = _ASK[register].format(what=" oraz ".join(parts))
    if order:
        where = _FIND[register][1 if match.several else 0]
        question = question[:-1] + f" — {where} w e-mailu z potwierdzeniem zamówienia."
    return question


# -- replies from outcomes -------------------------------------------------------------------------
_ACCOUNT = {Register.PAN: "Pana/Pani konta", Register.TY: "Twojego konta", Register.PANSTWO: "Państwa konta"}
_ACCOUNT_OF_ORDER = "na konto, z którego złożono zamówienie"
_CHECK = {Register.PAN: f"proszę sprawdzić numer lub zalogować się {_ACCOUNT_OF_ORDER}",
          Register.TY: f"sprawdź numer albo zaloguj się {_ACCOUNT_OF_ORDER}",
          Register.PANSTWO: f"prosimy sprawdzić numer lub zalogować się {_ACCOUNT_OF_ORDER}"}
_THEN = "wtedy od razu sprawdzę, co się z nim dzieje."
_LOGIN = {Register.PAN: f"Aby sprawdzić zamówienie, proszę zalogować się na swoje konto w sklepie — {_THEN}",
          Register.TY: f"Aby sprawdzić zamówienie, zaloguj się na swoje konto w sklepie — {_THEN}",
          Register.PANSTWO: "Aby sprawdzić zamówienie, prosimy zalogować się na konto Państwa w sklepie — "
                            + _THEN}
_INVALID = {Register.PAN: "Podany numer nie wygląda na numer zamówienia — proszę go sprawdzić.",
            Register.TY: "Podany numer nie wygląda na numer zamówienia — sprawdź go, proszę.",
            Register.PANSTWO: "Podany numer nie wygląda na numer zamówienia — prosimy go sprawdzić."}


def _refusal(outcome: ActionOutcome, register: Register) -> str:
    # "Not yours" and "no such order" read the same: the reply never tells whether an order exists.
    number = next((v for k, v in outcome.params.items() if parameter_kind(k) is ParameterKind.ORDER_NUMBER
                   and not PLACEHOLDER.fullmatch(v)), None)
    which = f"zamówienia {number}" if number else "tego zamówienia"
    return (f"Ze względów bezpieczeństwa mogę sprawdzić tylko zamówienia przypisane do {_ACCOUNT[register]}. "
            f"Nie znajduję wśród nich {which} — {_CHECK[register]}.")


def _failure(outcome: ActionOutcome) -> str:
    return (f"Nie udało mi się teraz {outcome.action.task}: {outcome.action.source} chwilowo nie odpowiada. "
            "Sprawdzimy to ręcznie.")


def _listing(outcome: ActionOutcome) -> str:
    fields = outcome.action.result.model_fields
    parts = []
    for key, value in outcome.result.items():
        if value in (None, "", [], {}):
            continue
        info = fields.get(key)
        label = (info.title or info.description) if info else None
        shown = polish_date(value) if isinstance(value, str) and _ISO.match(value) else value
        parts.append(f"{label or key.replace('_', ' ')}: {shown}")
    return f"Według {_genitive(outcome.action.source)}: " + "; ".join(parts) + "."


def _genitive(source: str) -> str:
    words = source.split(" ", 1)
    head = {"system": "systemu", "serwis": "serwisu", "panel": "panelu", "dział": "działu"}.get(words[0])
    return f"{head} {words[1]}" if head and len(words) == 2 else source


def draft_reply(outcome: ActionOutcome, persona: Any) -> tuple[str, str]:
    """The customer's text from ``outcome`` and the label to cite ("" when nothing is cited).

    A failure gives an honest sentence; ``outcome.needs_escalation`` then says
    the conversation goes to a consultant (reason ``action_failed``).
    """
    register = _register(persona)
    if outcome.ok:
        render = outcome.action.render
        return (render(outcome.result) if render is not None else _listing(outcome)), outcome.action.source
    if outcome.error in ("not_allowed", "not_found"):
        return _refusal(outcome, register), ""
    if outcome.error == "login_required":
        return _LOGIN[register], ""
    if outcome.error == "invalid_parameters":
        return _INVALID[register], ""
    return _failure(outcome), ""


def draft_replies(outcomes: Sequence[ActionOutcome], persona: Any) -> tuple[str, list[str]]:
    """:func:`draft_reply` for several calls (several orders), joined; the distinct labels cited."""
    texts, labels = [], []
    for outcome in outcomes:
        text, label = draft_reply(outcome, persona)
        if text not in texts:
            texts.append(text)
        if label and label not in labels:
            labels.append(label)
    return " ".join(texts), labels


# -- the order status sentence ---------------------------------------------------------------------
def _via(result: Mapping[str, Any]) -> str:
    carrier, method = result.get("carrier"), str(result.get("delivery_method") or "kurier")
    if not carrier:
        return ""
    if method.startswith("paczkomat"):
        return f" do paczkomatu {carrier}"
    if method.startswith("kurier"):
        return f" kurierem {carrier}"
    return f" przez {carrier}"


def order_status_text(result: Mapping[str, Any], *, source: str = "systemu zamówień") -> str:
    """The order-status sentence from the usual fields: ``order_number``, ``status`` (nowe, opłacone,
    wysłane, dostarczone, anulowane), ``carrier``, ``delivery_method``, ``tracking_number``, ``placed_at``,
    ``shipped_at``, ``expected_delivery``, ``delivered_at``, ``cancelled_at``, ``delivery_address``."""
    number = result.get("order_number", "")
    status = str(result.get("status", "")).lower()
    lead = f"Według {source} zamówienie {number}"
    eta = result.get("expected_delivery")
    eta_text = f"; przewidywana dostawa: {polish_date(eta)}" if eta else ""
    if status == "wysłane":
        shipped = f" {polish_date(result['shipped_at'])}" if result.get("shipped_at") else ""
        text = f"{lead} zostało wysłane{shipped}{_via(result)}{eta_text}."
        if result.get("tracking_number"):
            text += f" Numer przesyłki: {result['tracking_number']}."
    elif status == "dostarczone":
        when = f" {polish_date(result['delivered_at'])}" if result.get("delivered_at") else ""
        text = f"{lead} zostało dostarczone{when}."
    elif status == "anulowane":
        when = f" {polish_date(result['cancelled_at'])}" if result.get("cancelled_at") else ""
        text = f"{lead} zostało anulowane{when}."
    elif status == "opłacone":
        text = f"{lead} jest opłacone i przygotowujemy je do wysyłki{eta_text}."
    elif status == "nowe":
        placed = f" złożone {polish_date(result['placed_at'])}" if result.get("placed_at") else ""
        text = f"{lead}{placed} czeka na płatność."
    else:
        text = f"{lead} ma status: {status}{eta_text}."
    if status in ("nowe", "opłacone", "wysłane") and result.get("delivery_address"):
        text += f" Adres dostawy: {result['delivery_address']}."
    return text


# -- grounding: numbers must come from the result ------------------------------------------------
_DIGITS = re.compile(r"[\w/-]*\d[\w/-]*")


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str) and _ISO.match(value):
        yield value[:10]
        yield polish_date(value, year=True)
    elif value is not None and not isinstance(value, bool):
        yield str(value)


def _numbers(value: Any) -> Iterable[float]:
    if isinstance(value, Mapping):
        for item in value.values():
            yield from _numbers(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _numbers(item)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield value


def _number_key(value: float) -> str:
    # as pomocbot.text.values writes keys: "129.99", "20" (no trailing zeros)
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def numbers_from_result_only(text: str, result: Mapping[str, Any]) -> list[str]:
    """The numbers, dates and identifiers of ``text`` that ``result`` does not hold (empty: all backed).

    Values are compared as the grounding verifier compares them
    (:mod:`pomocbot.text.values`: "24 listopada" is backed by "2026-11-24",
    "129,99 zł" by 129.99); identifiers with digits ("ZM-2026-001234", a
    tracking number) must appear in a result field as written. Placeholders
    ("[ADRES_1]") are not numbers.

    >>> numbers_from_result_only("Koszt: 129,99 zł, numer 0034", {"price": 129.99, "tracking": "0034"})
    []
    """
    cleaned = PLACEHOLDER.sub(lambda m: " " * len(m.group(0)), text)
    strings = list(_strings(result))
    source = " ; ".join(strings)
    claimed = extract_values(cleaned)
    numbers = {_number_key(v) for v in _numbers(result)}
    missing = [v.text for v in missing_values(claimed, extract_values(source))
               if not (v.kind in ("amount", "percent") and v.key.split()[0] in numbers)]
    covered = bytearray(len(cleaned))
    for value in claimed:
        covered[value.start:value.end] = b"\x01" * (value.end - value.start)
    folded_source = source.casefold()
    for m in _DIGITS.finditer(cleaned):
        token = m.group(0).strip("-/")
        if any(covered[m.start():m.end()]) or not token:
            continue
        if token.casefold() not in folded_source and token not in missing:
            missing.append(token)
    return missing
