"""Data-protection requests (``data_protection``): the GDPR (RODO) rights of access, erasure and objection.

A request to see, export or delete one's data, or to withdraw consent, goes
to the data protection officer within a month. Asked as a question ("Jak się
wypisać z newslettera?", "Czy przetwarzacie dane zgodnie z RODO?") the self-service
ones (deleting an account, leaving a mailing list, RODO in general) are for the
knowledge base.

>>> from pomocbot.escalate.triggers.text import FoldedMessage
>>> def rodo(text):
...     return next((r.detail for rule in RULES if (r := rule.reason(FoldedMessage.of(text)))), None)
>>> rodo("Proszę o usunięcie moich danych osobowych.")
'żądanie RODO: art. 17 (usunięcie danych)'
>>> rodo("Wypiszcie mnie z newslettera"), rodo("Jak się wypisać z newslettera?")
('żądanie RODO: wycofanie zgody na marketing', None)
"""

from __future__ import annotations

import re

from pomocbot.codes import ReasonCode
from pomocbot.escalate.triggers.questions import INFO_QUESTION
from pomocbot.escalate.triggers.rules import Rule
from pomocbot.escalate.triggers.text import FoldedMessage

__all__ = ["RULES"]

# (right, pattern, self-service): a self-service request asked as a question ("how do I ...?") is one
# the knowledge base answers.
_DATA_PROTECTION: tuple[tuple[str, re.Pattern[str], bool], ...] = (
    ("art. 15 (dostęp do danych)", re.compile(
        r"\b(?:art\w*\W*15\b|dostep\w*\W+do\W+(?:moich\W+)?danych|kopi\w*\W+(?:moich\W+)?danych|"
        r"dane\W+(?:\w+\W+){0,3}?(?:na\W+moj\W+temat|o\W+mnie)|skad\W+macie\W+(?:moj|moje|moja)\w*|"
        r"(?:komu|gdzie|jak)\W+(?:\w+\W+){0,2}?(?:przekaz|udostep|przetwarza|uzywa|sprzeda)\w*\W+(?:\w+\W+)?dan\w*|"
        r"(?:przenie|eksport|pobra)\w*\W+(?:\w+\W+){0,2}?dan\w*|"
        r"jakie\W+(?:moje\W+)?dane\W+(?:o\W+mnie\W+)?(?:przechowuj|przetwarza|posiada|macie|zbiera)\w*|"
        r"(?:wglad|informacj\w*)\W+(?:w|o)\W+(?:moich\W+|moje\W+)?(?:dan\w*\W+osobow|przetwarzani)\w*)"),
     False),
    ("art. 17 (usunięcie danych)", re.compile(
        r"\b(?:art\w*\W*17\b|(?:usun|usuwa|skasuj|wymaz|zniszcz)\w*\W+(?:\w+\W+)?(?:moje\W+|wszystkie\W+)?"
        r"dane|usunieci\w*\W+(?:\w+\W+)?danych|bycia\W+zapomnian\w*|zapomnijcie\W+o\W+mnie)"),
     False),
    ("wycofanie zgody", re.compile(
        r"\b(?:(?:wycof|cofam|cofn|odwol|anulu)\w*\W+(?:\w+\W+)?zgod\w*|"
        r"sprzeciw\w*\W+(?:\w+\W+){0,2}?przetwarza\w*|nie\W+wyrazam\W+zgody|ogranicz\w*\W+(?:\w+\W+)?przetwarza\w*|"
        r"(?:nie\W+zycze\W+sobie|nie\W+zgadzam\W+sie)\W+(?:\w+\W+){0,4}?(?:przetwarza|dane|danych)\w*)"),
     False),
    # self-service: deleting an account or a contact, leaving a mailing list, RODO in general
    ("art. 17 (usunięcie konta lub danych kontaktowych)", re.compile(
        r"\b(?:(?:usun|usuw|skasuj|skasow|wykasow|wykresl|wymaz)\w*\W+(?:\w+\W+){0,3}?(?:konto|konta|numer\w*|"
        r"adres\w*|z\W+(?:\w+\W+)?baz\w*)|(?:usunieci|wykasowani|wykresleni|skasowani)\w*\W+(?:\w+\W+){0,2}?"
        r"(?:konta|danych|numeru|adresu))"),
     True),
    ("wycofanie zgody na marketing", re.compile(
        r"\b(?:unsubscribe|wypis\w*\W+(?:\w+\W+){0,3}?(?:newsletter|list|mailing|subskrypc|powiadomien|baz)\w*|"
        r"(?:rezygn|zrezygn)\w*\W+(?:\w+\W+){0,3}?(?:newsletter|maili|wiadomosci|subskrypc|powiadomien|reklam|ofert)\w*|"
        r"przestan\w*\W+(?:\w+\W+){0,3}?(?:dzwoni|wysyla|pisa|spamowa)\w*|"
        r"nie\W+(?:chce|zycze\W+sobie)\W+(?:\w+\W+){0,3}?(?:maili|wiadomosci|ofert|newsletter|sms\w*|telefonow|reklam)\w*)"),
     True),
    ("RODO", re.compile(r"\b(?:rodo|gdpr|iod\b|inspektor\w*\W+ochrony\W+danych|"
                        r"ochron\w*\W+danych\W+osobow\w*|"
                        r"sprostowa\w*\W+(?:moich\W+)?danych|przenoszeni\w*\W+danych)"),
     True),
)


def _not_a_question(message: FoldedMessage) -> bool:
    # "Czy przetwarzacie dane zgodnie z RODO?", "Jak się wypisać z newslettera?" request nothing.
    return not INFO_QUESTION.search(message.folded)


RULES: tuple[Rule, ...] = tuple(
    Rule(ReasonCode.DATA_PROTECTION, f"żądanie RODO: {right}", (pattern,),
         when=_not_a_question if self_service else None)
    for right, pattern, self_service in _DATA_PROTECTION
)
"""One rule per right, in the table's order: the first that matches gives the reason."""
