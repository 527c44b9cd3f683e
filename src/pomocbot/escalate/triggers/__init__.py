"""Escalation triggers: Polish phrase tables and conversation rules with reason codes.

Every phrase table is a regex over *folded* text (lower case, diacritics
folded to ASCII, "@"/"$" and digits inside words de-obfuscated, runs of a
letter shortened; see :mod:`~pomocbot.escalate.triggers.text`), so "chce
rozmawiac z czlowiekiem", "CHCĘ ROZMAWIAĆ Z CZŁOWIEKIEM!!!" and "człowiekaaaa"
meet the same pattern. Stems end in ``\\w*`` so every case ending counts
("konsultant", "konsultanta", "konsultantem").

One module per reason code keeps its :class:`~pomocbot.escalate.triggers.rules.Rule`
objects next to their tables: ``sensitive``, ``legal_threat``, ``abuse``,
``explicit_request``, ``complaint``, ``data_protection``; ``conversation``
(``repeated_abstention``, ``unanswered``, ``loop``) and ``customer`` (``vip``,
``high_value``, ``low_confidence``) read the history and metadata;
:func:`detect_triggers` (``detect``) runs them in the severity order of
:class:`pomocbot.codes.ReasonCode` (``frustration`` is added by
:func:`pomocbot.escalate.policy.decide`).

>>> from pomocbot.config import EscalationConfig
>>> [r.code for r in detect_triggers("Połącz mnie z konsultantem!", [], config=EscalationConfig())]
['explicit_request']
>>> detect_triggers("Nie potrzebuję konsultanta, dzięki.", [], config=EscalationConfig())
[]
>>> found = detect_triggers("Oddam sprawę do sądu i zgłoszę to do UOKiK", [], config=EscalationConfig())
>>> [r.code for r in found]
['legal_threat']

A caller asking several questions of one message folds it once:

>>> message = FoldedMessage.of("Jak mogę porozmawiać z konsultantem?")
>>> is_information_question(message), names_a_person(message), order_issue(message)
(True, True, None)
"""

from pomocbot.escalate.triggers.abuse import addresses_someone
from pomocbot.escalate.triggers.complaint import order_issue
from pomocbot.escalate.triggers.conversation import LOOP_OVERLAP, question_overlap
from pomocbot.escalate.triggers.detect import REASON_CODES, detect_triggers
from pomocbot.escalate.triggers.explicit_request import names_a_person
from pomocbot.escalate.triggers.questions import is_information_question
from pomocbot.escalate.triggers.rules import Rule
from pomocbot.escalate.triggers.sensitive import death_of_a_thing
from pomocbot.escalate.triggers.text import FoldedMessage, fold_for_matching, fold_squeezing_runs

__all__ = [
    "LOOP_OVERLAP",
    "REASON_CODES",
    "FoldedMessage",
    "Rule",
    "addresses_someone",
    "death_of_a_thing",
    "detect_triggers",
    "fold_for_matching",
    "fold_squeezing_runs",
    "is_information_question",
    "names_a_person",
    "order_issue",
    "question_overlap",
]
