"""The persona: every phrase the assistant writes itself, in the configured register.

The extractive drafter quotes the knowledge base and writes nothing of its
own except the phrases here, so they are the whole of the bot's "voice":
greeting, the disclosure that a bot is answering, the sign-off, the
abstention, and the notice for a message in another language. Each exists in
three registers (see :class:`~pomocbot.config.Register`): formal singular
("Pan/Pani", the default of Polish customer service), informal ("ty") and
formal plural ("Państwo"). Where the customer's gender is unknown the formal
singular writes "Pan/Pani", as Polish support teams do.

Quoted knowledge-base sentences written to "ty" are put in a formal
persona's register by grammar (:mod:`pomocbot.drafting.register`: "Masz 14
dni" is quoted as "Ma Pan/Pani 14 dni"; ``PersonaConfig.quotes_in_register``
turns it off); the LLM drafter is instructed to keep the register.
:func:`informal_forms` finds the "ty" forms left, so a mismatch can be reported.

>>> from pomocbot.config import PersonaConfig
>>> persona = Persona(PersonaConfig(register="pan", company_name="Modrzew"))
>>> print(persona.compose("Zwrot jest bezpłatny [1].", first_turn=True))
Dzień dobry! Jestem automatycznym asystentem sklepu Modrzew.
Zwrot jest bezpłatny [1].
Czy mogę jeszcze w czymś pomóc?
>>> informal_forms(persona.abstention())
[]
>>> informal_forms("Możesz to zrobić w Twoim panelu.")
['Możesz', 'Twoim']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pomocbot.config import PersonaConfig, Register

__all__ = ["Persona", "PersonaPhrases", "informal_forms"]


@dataclass(frozen=True)
class PersonaPhrases:
    """The default phrases of one register (``{you}`` etc. are already filled in)."""

    greeting: str
    sign_off: str
    abstention: str
    handoff_promise: str
    other_language: str
    ask_again: str


_PHRASES: dict[Register, PersonaPhrases] = {
    Register.PAN: PersonaPhrases(
        greeting="Dzień dobry!",
        sign_off="Czy mogę jeszcze w czymś pomóc?",
        abstention="Niestety nie znalazłem tej informacji w naszej bazie wiedzy i nie chcę zgadywać.",
        handoff_promise="Przekażę pytanie konsultantowi, który odpowie Panu/Pani najszybciej, "
                        "jak to możliwe.",
        other_language="Odpowiadam po polsku, bo w tym języku prowadzimy obsługę. "
                       "Jeśli woli Pan/Pani inny język, konsultant postara się pomóc.",
        ask_again="Może Pan/Pani zapytać inaczej albo poprosić o rozmowę z konsultantem.",
    ),
    Register.TY: PersonaPhrases(
        greeting="Cześć!",
        sign_off="Daj znać, jeśli mogę jeszcze w czymś pomóc.",
        abstention="Niestety nie znalazłem tej informacji w naszej bazie wiedzy i nie chcę zgadywać.",
        handoff_promise="Przekażę Twoje pytanie konsultantowi, który odpowie najszybciej, jak to możliwe.",
        other_language="Odpowiadam po polsku, bo w tym języku prowadzimy obsługę. "
                       "Jeśli wolisz inny język, konsultant postara się pomóc.",
        ask_again="Możesz zapytać inaczej albo poprosić o rozmowę z konsultantem.",
    ),
    Register.PANSTWO: PersonaPhrases(
        greeting="Dzień dobry Państwu!",
        sign_off="Czy mogę jeszcze w czymś Państwu pomóc?",
        abstention="Niestety nie znalazłem tej informacji w naszej bazie wiedzy i nie chcę zgadywać.",
        handoff_promise="Przekażę Państwa pytanie konsultantowi, który odpowie najszybciej, jak to możliwe.",
        other_language="Odpowiadamy po polsku, bo w tym języku prowadzimy obsługę. "
                       "Jeśli wolą Państwo inny język, konsultant postara się pomóc.",
        ask_again="Mogą Państwo zapytać inaczej albo poprosić o rozmowę z konsultantem.",
    ),
}

# Answers to courtesy messages (see pomocbot.text.smalltalk), per register.
_COURTESY: dict[Register, dict[str, str]] = {
    Register.PAN: {
        "thanks": "Cieszę się, że mogłem pomóc.",
        "acknowledgement": "W porządku.",
        "greeting": "W czym mogę pomóc?",
        "farewell": "Dziękuję za rozmowę i życzę miłego dnia!",
    },
    Register.TY: {
        "thanks": "Cieszę się, że mogłem pomóc.",
        "acknowledgement": "Jasne.",
        "greeting": "W czym mogę Ci pomóc?",
        "farewell": "Dzięki za rozmowę, miłego dnia!",
    },
    Register.PANSTWO: {
        "thanks": "Cieszymy się, że mogliśmy pomóc.",
        "acknowledgement": "W porządku.",
        "greeting": "W czym możemy Państwu pomóc?",
        "farewell": "Dziękujemy za rozmowę i życzymy miłego dnia!",
    },
}

# A short English line for customers who may not read Polish at all.
_OTHER_LANGUAGE_EN = "(We answer in Polish; a consultant can help in English.)"


class Persona:
    """Phrases of one :class:`~pomocbot.config.PersonaConfig`, and the frame around an answer."""

    def __init__(self, config: PersonaConfig | None = None) -> None:
        self.config = config or PersonaConfig()
        self.phrases = _PHRASES[self.config.register]

    @property
    def register(self) -> Register:
        return self.config.register

    def greeting(self) -> str:
        return self.phrases.greeting if self.config.greeting is None else self.config.greeting

    def sign_off(self) -> str:
        return self.phrases.sign_off if self.config.sign_off is None else self.config.sign_off

    def disclosure(self) -> str:
        """The sentence that says a bot is answering ('' when ``disclose_bot`` is off)."""
        if not self.config.disclose_bot:
            return ""
        company = f" sklepu {self.config.company_name}" if self.config.company_name else ""
        name = self.config.bot_name.strip()
        if name.lower() == "asystent":
            return f"Jestem automatycznym asystentem{company}."
        return f"Nazywam się {name} i jestem automatycznym asystentem{company}."

    def abstention(self, *, handoff: bool = False, ask_again: bool = False) -> str:
        """The honest "I don't know"; ``handoff`` adds the promise of a consultant.

        Promise a consultant only when the conversation really is handed over
        (the reply pipeline puts the escalation's own message there instead);
        ``ask_again`` offers to rephrase or to ask for a consultant, for when
        such a request (or a second "I don't know") does hand over.

        >>> print(Persona().abstention(ask_again=True))
        Niestety nie znalazłem tej informacji w naszej bazie wiedzy i nie chcę zgadywać. \
Może Pan/Pani zapytać inaczej albo poprosić o rozmowę z konsultantem.
        """
        text = self.phrases.abstention
        if handoff:
            return f"{text} {self.phrases.handoff_promise}"
        return f"{text} {self.phrases.ask_again}" if ask_again else text

    def courtesy(self, kind: str, *, first_turn: bool = False) -> str:
        """The whole reply to a courtesy message (``kind`` from :func:`pomocbot.text.smalltalk.small_talk`).

        >>> print(Persona().courtesy("thanks"))
        Cieszę się, że mogłem pomóc.
        Czy mogę jeszcze w czymś pomóc?
        >>> print(Persona().courtesy("farewell"))
        Dziękuję za rozmowę i życzę miłego dnia!
        """
        body = _COURTESY[self.register][kind]
        if kind == "greeting":
            # "W czym mogę pomóc?" already offers help: no sign-off after it.
            opening = " ".join(p for p in (self.greeting(), self.disclosure() if first_turn else "") if p)
            return "\n".join(line for line in (opening, body) if line)
        if kind == "farewell":
            return body
        return self.compose(body, first_turn=first_turn)

    def other_language_notice(self, language: str) -> str:
        """Why the answer is in Polish, for a message written in ``language`` (ISO 639-1)."""
        notice = self.phrases.other_language
        return f"{notice} {_OTHER_LANGUAGE_EN}" if language != "pl" else notice

    def compose(self, body: str, *, first_turn: bool = False, notice: str = "", sign_off: bool = True,
                sombre: bool = False) -> str:
        """Greeting (and disclosure on the first turn), an optional notice, the body, the sign-off.

        Later turns of a conversation skip the greeting, as a person would.
        ``sign_off=False`` leaves out "Czy mogę jeszcze w czymś pomóc?" (a
        consultant takes over); ``sombre`` is for grief, illness or danger:
        the greeting without its exclamation mark and no sign-off.

        >>> print(Persona().compose("Bardzo mi przykro.", first_turn=True, sombre=True))
        Dzień dobry. Jestem automatycznym asystentem.
        Bardzo mi przykro.
        """
        greeting = self.greeting() if first_turn else ""
        if sombre:
            greeting = re.sub(r"!+$", ".", greeting.strip())
        opening = " ".join(part for part in (greeting, self.disclosure() if first_turn else "") if part)
        closing = self.sign_off() if sign_off and not sombre else ""
        lines = [line for line in (opening, notice, body.strip(), closing) if line]
        return "\n".join(lines)


# Second person singular: pronouns, possessives and present/future verb forms
# ("masz", "możesz", "wyślesz", "jesteś"). Words ending in -sz that are not
# verbs are excluded by the list below.
_INFORMAL_PRONOUNS = re.compile(
    r"\b(ty|ciebie|cię|tobie|ci|tobą|twój|twoja|twoje|twojego|twojej|twoim|twoją|twoich|twoimi|twym|twego|"
    r"tw(?:ój|oja|oje))\b", re.IGNORECASE)
_INFORMAL_VERB = re.compile(r"\b\w+(?:asz|esz|isz|ysz|eś|aś|iś)\b", re.IGNORECASE)
_NOT_VERBS = frozenset({
    "nasz", "wasz", "kosz", "grosz", "arkusz", "listonosz", "afisz", "kapelusz", "plusz", "mysz", "gulasz",
    "kalosz", "kontusz", "tusz", "marsz", "wiersz", "pierwsz", "zarazem", "dopiero", "kiedyś", "gdzieś",
    "coś", "ktoś", "jakiś", "jakaś", "czyjś", "czyjaś", "któryś", "któraś", "ileś", "dziś", "klawisz",
})


def informal_forms(text: str) -> list[str]:
    """"Ty"-register words in ``text`` (pronouns and 2nd-person verb forms), in order.

    >>> informal_forms("Ma Pan/Pani 14 dni na zwrot.")
    []
    >>> informal_forms("Jeśli jesteś zalogowany, masz dostęp do faktur.")
    ['jesteś', 'masz']
    """
    found: list[tuple[int, str]] = [(m.start(), m.group(0)) for m in _INFORMAL_PRONOUNS.finditer(text)]
    found += [(m.start(), m.group(0)) for m in _INFORMAL_VERB.finditer(text)
              if m.group(0).lower() not in _NOT_VERBS]
    return [word for _, word in sorted(found)]
