"""The compose step: the reply's text from the answer, the persona and the handover decision.

The bot promises a consultant only when one is really coming (the decision's
own message says when). Grief, illness or danger get that message alone: no
"I don't know", no quoted policy, no "anything else?". An upset customer who
asks nothing ("mam was dość") gets the apology and the handover, not a quoted
article, and so does a request for a person (no knowledge-base line on how
to reach one: one is coming). A grounded answer to a question is kept when
the conversation is handed over, and so is a procedure quoted for the
matter (a complaint gets the shop's complaint procedure).
"""

from __future__ import annotations

import dataclasses
import re

from pomocbot.codes import REASONS, ReasonCode
from pomocbot.config import Register
from pomocbot.drafting.answer import Answer
from pomocbot.drafting.persona import Persona, informal_forms
from pomocbot.guardrails.output_guard import guard_secrets
from pomocbot.pipeline.understand import MessageFeatures
from pomocbot.types import EscalationDecision

__all__ = ["compose_text", "guarded", "register_mismatch"]

_EARLIER = "wcześniej w tej rozmowie"


def compose_text(persona: Persona, answer: Answer, features: MessageFeatures, *, first_turn: bool,
                 decision: EscalationDecision | None, ask_again: bool) -> str:
    """The whole reply; ``decision`` only when a consultant takes over.

    ``ask_again`` offers, after an abstention, to rephrase or ask for a
    consultant (when such a request would hand over).
    """
    non_polish = not features.language.is_polish and features.answer_language == "pl"
    notice = persona.other_language_notice(features.language.code) if non_polish else ""
    if decision is None:
        if features.courtesy:
            return persona.courtesy(features.courtesy, first_turn=first_turn)
        body = persona.abstention(ask_again=ask_again) if answer.abstained else answer.body
        return persona.compose(body, first_turn=first_turn, notice=notice)
    codes = {reason.code for reason in decision.reasons}
    # what this message is about: reasons carried from earlier turns ("wcześniej w tej rozmowie: …")
    # do not make "Chcę rozmawiać z człowiekiem" a question
    now_codes = {r.code for r in decision.reasons if not r.detail.startswith(_EARLIER)}
    if ReasonCode.SENSITIVE in codes:
        return persona.compose(decision.customer_message, first_turn=first_turn, notice=notice, sombre=True)
    quiet_codes = {code for code in now_codes if REASONS[code].upset or REASONS[code].asks_for_a_person}
    asks_nothing = not features.asks_something
    if answer.abstained:
        body = "" if asks_nothing and quiet_codes else persona.abstention()
    elif asks_nothing and all(REASONS[c].upset or REASONS[c].modifier or REASONS[c].asks_for_a_person
                              for c in now_codes):
        body = ""  # "Chcę rozmawiać z człowiekiem": no article on how to reach one, one is coming
    else:
        body = answer.body
    body = "\n".join(part for part in (body, decision.customer_message) if part)
    return persona.compose(body, first_turn=first_turn, notice=notice, sign_off=False)


def guarded(text: str, answer: Answer) -> tuple[str, Answer, int]:
    """``text`` and ``answer`` without sentences that ask for a password, PIN or CVV; how many went.

    A sentence quoted from the knowledge base stays unless it points at the chat.
    """
    sources = " ".join(" ".join(c.quote for c in answer.citations if getattr(c, "quote", None)).split())

    def quoted(sentence: str) -> bool:
        bare = " ".join(re.sub(r"\[\d+\]", "", sentence).split()).rstrip(" .")
        return bool(bare) and bare in sources

    text, removed = guard_secrets(text, quoted)
    if removed:
        answer = dataclasses.replace(answer, body=guard_secrets(answer.body, quoted)[0])
    return text, answer, removed


def register_mismatch(persona: Persona, answer: Answer) -> list[str]:
    """Informal words quoted under a formal persona (reported so the knowledge base can be fixed)."""
    return informal_forms(answer.body) if Register(persona.register) is not Register.TY else []
