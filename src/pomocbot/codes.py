"""Stable machine values that results carry, each with its Polish label kept apart.

A backend routes and stores the codes (``"explicit_request"``, ``"upset"``,
``"rising"``); a consultant reads the labels. Everything pomocbot knows about
one reason code — priority, default queue, what to tell the consultant, the
statutory deadline, whether it counts inside a question — is one row of
:data:`REASONS`, so no other module keeps its own list.

>>> spec = REASONS[ReasonCode.COMPLAINT]
>>> spec.priority, spec.queue, spec.deadline.days
(3, 'reklamacje', 14)
>>> ReasonCode("explicit_request") == "explicit_request", REASONS["explicit_request"].in_questions
(True, True)
>>> FrustrationLevel.for_score(0.9), FrustrationLevel.for_score(0.9).label
(<FrustrationLevel.FURIOUS: 'furious'>, 'wściekły')
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "GENERAL_QUEUE",
    "REASONS",
    "Deadline",
    "DrafterName",
    "FrustrationLevel",
    "Priority",
    "ReasonCode",
    "ReasonSpec",
    "Trend",
    "codes_where",
    "default_queues",
]

GENERAL_QUEUE = "ogólne"
"""The queue of a handover no reason or topic routes. Queue names are the company's own (its help desk's
queues, set in ``EscalationConfig.queues``), so they stay the words its consultants use."""

Priority = Literal["P1", "P2", "P3", "P4"]
"""How urgently a consultant should take over: P1 first."""

DrafterName = Literal["extractive", "llm", "none", "smalltalk", "action"]
"""What wrote ``Reply.answer``: quoted sentences, an LLM draft, nothing (abstained), a courtesy reply."""


class _Labelled(str, enum.Enum):
    """A code with a Polish ``label``; Polish labels are accepted on input too (older stores, configs)."""

    label: str

    def __new__(cls, value: str, label: str) -> _Labelled:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    def __str__(self) -> str:
        return self.value

    @classmethod
    def _missing_(cls, value: object) -> _Labelled | None:
        return next((member for member in cls if member.label == value), None)


class FrustrationLevel(_Labelled):
    """How frustrated the customer sounds, from a frustration score (0..1)."""

    CALM = "calm", "spokojny"
    IMPATIENT = "impatient", "zniecierpliwiony"
    UPSET = "upset", "zdenerwowany"
    FURIOUS = "furious", "wściekły"

    @classmethod
    def for_score(cls, score: float) -> FrustrationLevel:
        """The level of a score: below 0.3 calm, 0.55 impatient, 0.8 upset, else furious."""
        for bound, level in _LEVEL_BOUNDS:
            if score < bound:
                return level
        return cls.FURIOUS


_LEVEL_BOUNDS = ((0.3, FrustrationLevel.CALM), (0.55, FrustrationLevel.IMPATIENT),
                 (0.8, FrustrationLevel.UPSET), (1.01, FrustrationLevel.FURIOUS))


class Trend(_Labelled):
    """Whether the last message sounds more or less frustrated than the earlier ones."""

    RISING = "rising", "rośnie"
    FALLING = "falling", "maleje"
    STABLE = "stable", "stabilny"


class ReasonCode(str, enum.Enum):
    """Why a human should take over; the order is severity, most severe first."""

    SENSITIVE = "sensitive"
    LEGAL_THREAT = "legal_threat"
    ABUSE = "abuse"
    EXPLICIT_REQUEST = "explicit_request"
    COMPLAINT = "complaint"
    DATA_PROTECTION = "data_protection"
    FRUSTRATION = "frustration"
    ACTION_FAILED = "action_failed"
    REPEATED_ABSTENTION = "repeated_abstention"
    UNANSWERED = "unanswered"
    LOOP = "loop"
    VIP = "vip"
    HIGH_VALUE = "high_value"
    LOW_CONFIDENCE = "low_confidence"

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        # a code prints as the string it equals, so lists of codes read as they did when they were strings
        return repr(self.value)

    @property
    def spec(self) -> ReasonSpec:
        """This code's row of :data:`REASONS`."""
        return REASONS[self]


@dataclass(frozen=True)
class Deadline:
    """A statutory answer deadline, counted from the day the customer first raised the matter."""

    what: str
    basis: str
    days: int = 0
    months: int = 0


@dataclass(frozen=True)
class ReasonSpec:
    """Everything about one reason code.

    ``priority`` is the base priority (1 = P1); ``queue`` the default route
    (``EscalationConfig.queues`` starts from these); ``label`` the short
    Polish name ("wcześniej w tej rozmowie: reklamacja"); ``next_step`` the
    handoff's advice; ``in_questions`` whether meaning alone may find it inside
    a question ("jest tam ktoś żywy?"); ``modifier`` codes (VIP, order value)
    only lower the bar and raise the priority; ``upset`` codes say the customer
    is upset rather than asking (the handover starts with an apology);
    ``meaning_detail`` is the reason's detail when found by meaning;
    ``procedure`` the question the knowledge base answers for this matter
    ("how do I file a complaint?"), quoted with the handover when the
    customer's own message found no answer.
    """

    code: ReasonCode
    priority: int
    label: str
    next_step: str
    queue: str | None = None
    in_questions: bool = False
    modifier: bool = False
    upset: bool = False
    asks_for_a_person: bool = False
    deadline: Deadline | None = None
    meaning_detail: str | None = None
    procedure: str | None = None


def _table(*specs: ReasonSpec) -> dict[str, ReasonSpec]:
    # keyed by the code, which equals its string: REASONS["complaint"] and REASONS[ReasonCode.COMPLAINT]
    table: dict[str, ReasonSpec] = {spec.code: spec for spec in specs}
    assert list(table) == list(ReasonCode), "REASONS must list every ReasonCode once, in severity order"
    return table


C = ReasonCode
REASONS: dict[str, ReasonSpec] = _table(
    ReasonSpec(C.SENSITIVE, 1, "trudna sytuacja klienta",
               "Odpowiedzieć osobiście i z empatią; w razie zagrożenia życia wskazać 112 / 116 123.",
               # Meaning alone cannot tell grief from danger: urgent; the message offers 112 / 116 123.
               meaning_detail=("trudna sytuacja klienta — sprawdzić, czy nie grozi mu niebezpieczeństwo, "
                               "pilne")),
    ReasonSpec(C.LEGAL_THREAT, 2, "groźba drogi prawnej",
               "Zweryfikować sprawę z działem prawnym przed odpowiedzią; nie składać deklaracji.",
               queue="reklamacje", meaning_detail="klient zapowiada kroki prawne lub urzędowe"),
    ReasonSpec(C.ABUSE, 2, "obraźliwe słowa",
               "Odpowiedzieć spokojnie, przypomnieć zasady kontaktu; w razie gróźb powiadomić przełożonego.",
               upset=True, meaning_detail="obraźliwe słowa lub groźby wobec obsługi"),
    ReasonSpec(C.EXPLICIT_REQUEST, 3, "prośba o człowieka",
               "Przejąć rozmowę i przedstawić się; klient prosił o kontakt z człowiekiem.",
               in_questions=True, asks_for_a_person=True,
               meaning_detail="klient chce rozmawiać z człowiekiem"),
    ReasonSpec(C.COMPLAINT, 3, "reklamacja",
               "Rozpatrzyć reklamację (zdjęcia, numer zamówienia) i odpowiedzieć w ustawowym terminie.",
               queue="reklamacje", meaning_detail="reklamacja lub spór wymagający decyzji",
               procedure="Jak złożyć reklamację?",
               deadline=Deadline("Odpowiedź na reklamację", "art. 7a ustawy o prawach konsumenta", days=14)),
    ReasonSpec(C.DATA_PROTECTION, 3, "żądanie RODO",
               "Przekazać żądanie inspektorowi ochrony danych; potwierdzić tożsamość klienta.",
               queue="RODO", meaning_detail="żądanie dotyczące danych osobowych (RODO)",
               procedure="Jak złożyć wniosek w sprawie danych osobowych (RODO)?",
               deadline=Deadline("Odpowiedź na żądanie RODO", "art. 12 ust. 3 RODO", months=1)),
    ReasonSpec(C.FRUSTRATION, 3, "frustracja",
               "Zacząć od przeprosin za niedogodności i zaproponować konkretne rozwiązanie.", upset=True),
    ReasonSpec(C.ACTION_FAILED, 3, "błąd systemu firmy",
               "Sprawdzić sprawę ręcznie w systemie (zamówienia, zwroty); akcja asystenta nie zadziałała."),
    ReasonSpec(C.REPEATED_ABSTENTION, 4, "brak odpowiedzi asystenta",
               "Odpowiedzieć na pytania, na które asystent nie znał odpowiedzi; uzupełnić bazę wiedzy."),
    ReasonSpec(C.UNANSWERED, 4, "pytanie spoza bazy wiedzy",
               "Odpowiedzieć na pytanie, którego nie ma w bazie wiedzy; rozważyć dopisanie artykułu."),
    ReasonSpec(C.LOOP, 4, "powtórzone pytanie",
               "Wyjaśnić sprawę inaczej niż asystent — poprzednia odpowiedź nie pomogła."),
    ReasonSpec(C.VIP, 4, "klient VIP", "Obsłużyć priorytetowo (klient VIP).", modifier=True),
    ReasonSpec(C.HIGH_VALUE, 4, "zamówienie o wysokiej wartości",
               "Obsłużyć priorytetowo (zamówienie o wysokiej wartości).", modifier=True),
    ReasonSpec(C.LOW_CONFIDENCE, 4, "niepewna odpowiedź", "Sprawdzić odpowiedź asystenta — była niepewna."),
)
"""One row per :class:`ReasonCode`, in severity order."""
del C


def codes_where(**flags: bool) -> frozenset[ReasonCode]:
    """The codes whose spec has every given flag, e.g. ``codes_where(modifier=True)``.

    >>> sorted(codes_where(modifier=True))
    ['high_value', 'vip']
    """
    return frozenset(spec.code for spec in REASONS.values()
                     if all(getattr(spec, name) == wanted for name, wanted in flags.items()))


def default_queues() -> dict[str, str]:
    """Reason code -> queue, the routes :data:`REASONS` declares (``EscalationConfig.queues``' default)."""
    return {spec.code.value: spec.queue for spec in REASONS.values() if spec.queue}
