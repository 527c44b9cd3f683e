"""Escalation policy: from reasons and frustration to priority, queue and the customer's message.

Priorities: **P1** sensitive situation (bereavement, illness, self-harm);
**P2** legal threat, abuse or a furious customer; **P3** explicit request for
a human, complaint needing a decision, RODO request, frustration above the
threshold; **P4** the rest (loops, repeated "nie wiem", low confidence,
order value). A VIP or high-value order moves P4/P3 one step up. Each
code's base priority is its ``ReasonSpec.priority`` in :data:`pomocbot.codes.REASONS`.

Queue: the first reason (most severe first) with a route in
``config.queues``; otherwise the topic of ``queue_hint`` (cited document ids
such as ``"zwroty/formularz"`` or the customer's words); otherwise
``"ogólne"``.

>>> from datetime import datetime
>>> from pomocbot.config import EscalationConfig, PersonaConfig
>>> from pomocbot.types import EscalationReason
>>> decision = decide([EscalationReason(code="explicit_request")], None, config=EscalationConfig(),
...                   persona=PersonaConfig(), now=datetime(2026, 11, 7, 16, 0),
...                   queue_hint="dostawa/paczkomaty")
>>> decision.escalate, decision.priority, decision.queue
(True, 'P3', 'dostawa')
>>> print(decision.customer_message)
Przekazuję rozmowę konsultantowi. Teraz jesteśmy poza godzinami pracy, więc odezwie się w poniedziałek, \
9 listopada, po 8:00. Nie musi Pan/Pani niczego powtarzać — konsultant zobaczy całą naszą rozmowę.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from pomocbot.codes import GENERAL_QUEUE, REASONS, FrustrationLevel, ReasonCode, codes_where
from pomocbot.config import EscalationConfig, PersonaConfig, Register
from pomocbot.escalate.hours import is_open, local_time, next_opening, when_phrase
from pomocbot.escalate.triggers import fold_for_matching
from pomocbot.types import EscalationDecision, EscalationReason, FrustrationAssessment

__all__ = ["FURIOUS_LEVEL", "TOPIC_QUEUES", "decide", "priority_for", "queue_for", "topic_queue"]

FURIOUS_LEVEL = FrustrationLevel.FURIOUS
_BOOST = codes_where(modifier=True)
_SEVERITY: dict[str, int] = {code: rank for rank, code in enumerate(ReasonCode)}

# Topic queues by folded stems; checked in this order (a complaint about a payment goes to reklamacje).
TOPIC_QUEUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("RODO", re.compile(r"\b(?:rodo|gdpr|prywatn\w*|dane\W+osobow\w*|danych\W+osobow\w*"
                        r"|zgod\w*\W+marketing)")),
    ("reklamacje", re.compile(r"\b(?:reklamac\w*|zwrot\w*|wad\w*|uszkodz\w*|gwaranc\w*|rekojm\w*"
                              r"|odstapien\w*)")),
    ("płatności", re.compile(r"\b(?:platn\w*|plac\w*|zaplac\w*|faktur\w*|blik\w*|przelew\w*|kart\w*\W+platnic"
                             r"|oplat\w*|rat[ay]\b|raty|paragon\w*|pieniadz\w*|pieniedzy|nadplat\w*|payu)")),
    ("dostawa", re.compile(r"\b(?:dostaw\w*|kurier\w*|paczk\w*|paczkomat\w*|przesyl\w*|wysyl\w*|wysla\w*|"
                           r"odbior\w*|inpost|dpd|poczt\w*|tracking|sledzeni\w*)")),
    ("konto", re.compile(r"\b(?:kont[aoue]?\b|koncie|logow\w*|zalog\w*|hasl\w*|rejestrac\w*|newsletter\w*|"
                         r"login\w*|e?mail\w*|profil\w*)")),
)

_MESSAGES = {
    "in_hours": "Przekazuję rozmowę konsultantowi, który zaraz dołączy.",
    "outside": "Przekazuję rozmowę konsultantowi. Teraz jesteśmy poza godzinami pracy, "
               "więc odezwie się {when}.",
}
# Said before the handover when the customer is upset: the bot owns the trouble, it does not argue.
_APOLOGY = {
    Register.PAN: "Przepraszam za kłopot i rozumiem Pana/Pani zdenerwowanie.",
    Register.TY: "Przepraszam za kłopot i rozumiem Twoje zdenerwowanie.",
    Register.PANSTWO: "Przepraszamy za kłopot i rozumiemy Państwa zdenerwowanie.",
}
_NO_REPEAT = {
    Register.PAN: "Nie musi Pan/Pani niczego powtarzać — konsultant zobaczy całą naszą rozmowę.",
    Register.TY: "Nie musisz niczego powtarzać — konsultant zobaczy całą naszą rozmowę.",
    Register.PANSTWO: "Nie muszą Państwo niczego powtarzać — konsultant zobaczy całą naszą rozmowę.",
}
_SELF_HARM_HELP = {
    Register.PAN: "Jeśli jest Pan/Pani w niebezpieczeństwie, proszę zadzwonić pod 112 albo na bezpłatny "
                  "telefon zaufania 116 123.",
    Register.TY: "Jeśli jesteś w niebezpieczeństwie, zadzwoń pod 112 albo na bezpłatny "
                 "telefon zaufania 116 123.",
    Register.PANSTWO: "Jeśli są Państwo w niebezpieczeństwie, prosimy zadzwonić pod 112 albo na bezpłatny "
                      "telefon zaufania 116 123.",
}
_CONDOLENCES = {
    Register.PAN: "Bardzo mi przykro z powodu tej sytuacji.",
    Register.TY: "Bardzo mi przykro z powodu tej sytuacji.",
    Register.PANSTWO: "Bardzo nam przykro z powodu tej sytuacji.",
}


def priority_for(codes: Sequence[str], frustration: FrustrationAssessment | None = None) -> str:
    """``"P1"`` .. ``"P4"`` for a set of reason codes (see the module docstring).

    >>> priority_for(["loop"]), priority_for(["loop", "vip"]), priority_for(["sensitive", "loop"])
    ('P4', 'P3', 'P1')
    """
    found = set(codes)
    level = min((REASONS[code].priority for code in found if code in REASONS), default=4)
    if level == 1:
        return "P1"
    if level == 2 or (frustration is not None and frustration.level == FURIOUS_LEVEL):
        return "P2"
    if found & _BOOST:
        level = max(2, level - 1)
    return "P3" if level == 3 else "P2" if level == 2 else "P4"


def _hint_text(queue_hint: str | Sequence[str] | None) -> str:
    if queue_hint is None:
        return ""
    if isinstance(queue_hint, str):
        return queue_hint
    return " ".join(str(part) for part in queue_hint)


def topic_queue(text: str) -> str | None:
    """The topic queue of doc ids or words, or ``None``.

    >>> topic_queue("zwroty/formularz"), topic_queue("Nie mogę się zalogować"), topic_queue("Dzień dobry")
    ('reklamacje', 'konto', None)
    """
    folded = fold_for_matching(text).replace("/", " ").replace("_", " ").replace("-", " ")
    for queue, pattern in TOPIC_QUEUES:
        if pattern.search(folded):
            return queue
    return None


def queue_for(reasons: Sequence[EscalationReason], config: EscalationConfig,
              queue_hint: str | Sequence[str] | None = None) -> str:
    """Route by reason code (``config.queues``), then by topic, else ``"ogólne"``.

    >>> queue_for([EscalationReason(code="data_protection")], EscalationConfig())
    'RODO'
    """
    for reason in reasons:
        if reason.code in config.queues:
            return config.queues[reason.code]
    return topic_queue(_hint_text(queue_hint)) or GENERAL_QUEUE


def _customer_message(reasons: Sequence[EscalationReason], *, config: EscalationConfig,
                      persona: PersonaConfig, now: datetime) -> str:
    register = Register(persona.register)
    parts: list[str] = []
    sensitive = [r for r in reasons if r.code == "sensitive"]
    if any("pilne" in r.detail for r in sensitive):
        parts.append(_SELF_HARM_HELP[register])
    elif sensitive:
        parts.append(_CONDOLENCES[register])
    elif any(REASONS[r.code].upset for r in reasons):
        parts.append(_APOLOGY[register])
    if is_open(now, config):
        parts.append(_MESSAGES["in_hours"])
    else:
        opening = next_opening(now, config)
        parts.append(_MESSAGES["outside"].format(when=when_phrase(opening, now=local_time(now, config))))
    parts.append(_NO_REPEAT[register])
    return " ".join(parts)


def decide(
    reasons: Sequence[EscalationReason],
    frustration: FrustrationAssessment | None,
    *,
    config: EscalationConfig,
    persona: PersonaConfig,
    now: datetime,
    queue_hint: str | Sequence[str] | None = None,
) -> EscalationDecision:
    """Whether to escalate, how urgently, where to, and what to tell the customer.

    A ``frustration`` score at or above ``config.frustration_threshold`` adds a
    ``"frustration"`` reason. Any reason escalates unless ``config.enabled`` is
    off (the reasons are still reported). ``handoff`` is left ``None``: build
    it with :func:`pomocbot.escalate.handoff.build_handoff` and
    ``decision.model_copy(update={"handoff": ...})``.

    >>> from pomocbot.config import EscalationConfig, PersonaConfig
    >>> decide([], None, config=EscalationConfig(), persona=PersonaConfig(),
    ...        now=datetime(2026, 11, 2, 10)).escalate
    False
    """
    reasons = list(reasons)
    codes: list[str] = [reason.code for reason in reasons]
    if (frustration is not None and frustration.score >= config.frustration_threshold
            and "frustration" not in codes):
        evidence = ", ".join(dict.fromkeys(signal.evidence for signal in frustration.signals
                                           if signal.evidence))
        reasons.append(EscalationReason(
            code=ReasonCode.FRUSTRATION,
            detail=(f"frustracja {frustration.score:.2f} ({frustration.level.label}, "
                    f"trend: {frustration.trend.label})"),
            evidence=evidence[:200],
        ))
        codes.append("frustration")
    reasons.sort(key=lambda reason: _SEVERITY[reason.code])  # most severe first (the order of ReasonCode)
    escalate = config.enabled and bool(reasons)
    return EscalationDecision(
        escalate=escalate,
        reasons=reasons,
        priority=priority_for(codes, frustration) if reasons else "P4",
        queue=queue_for(reasons, config, queue_hint),
        customer_message=(_customer_message(reasons, config=config, persona=persona, now=now)
                          if escalate else ""),
    )
