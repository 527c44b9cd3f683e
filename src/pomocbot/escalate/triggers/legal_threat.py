"""Legal threats (``legal_threat``): courts, the consumer office, lawyers and the police.

An institution or a legal step is a threat on its own ("zgłoszę to do UOKiK",
"pozew"); a lawyer or the police only when the customer turns to them ("oddam
sprawę prawnikowi", "mój adwokat"), not "prowadzę kancelarię".

>>> from pomocbot.escalate.triggers.text import FoldedMessage
>>> RULE.reason(FoldedMessage.of("Sprawą zajmie się mój prawnik.")).evidence
'moj prawnik'
>>> RULE.reason(FoldedMessage.of("Mój brat jest adwokatem, ale to nieważne")) is None
True
"""

from __future__ import annotations

import re

from pomocbot.codes import ReasonCode
from pomocbot.escalate.triggers.rules import Rule

__all__ = ["RULE", "RULES"]

# Institutions and steps that are a threat on their own ("zgłoszę to do UOKiK", "pozew").
_LEGAL = re.compile(
    r"\b(?:uokik\w*|urz[ae]d\w*\W+ochrony\W+konkurencji|rzecznik\w*\W+(?:praw\W+)?konsument\w*|"
    r"rzecznik\w*\W+finansow\w*|pozew\w*|pozw\w*|pozywa\w*|sad(?:u|zie|em|owi|ow\w*)?|sadz[ai]\w*|"
    r"prokurat\w*|zawiadomieni\w*\W+o\W+(?:popelnieniu\W+)?przestepstw\w*|"
    r"europejsk\w*\W+centr\w*\W+konsumen\w*|(?:zawiadomi|powiadomi|zglos)\w*\W+(?:\w+\W+){0,3}?"
    r"(?:organ|sluzb|instytucj|urzed|urzad)\w*|zglosze\W+(?:was|to)\W*(?:$|[.!])|inspekcj\w*\W+handlow\w*|federacj\w*\W+konsument\w*|"
    r"drog\w*\W+sadow\w*|wezwani\w*\W+do\W+zaplaty|nakaz\w*\W+zaplaty)\b"
)
# Lawyers, the police, bailiffs: a threat only when the customer turns to them ("oddam sprawę
# prawnikowi", "mój adwokat", "zgłoszę na policję"), not "prowadzę kancelarię" or "brat jest adwokatem".
_LEGAL_PARTY = (r"(?:prawnik\w*|adwokat\w*|radc\w*\W+prawn\w*|kancelari\w*|mecenas\w*|policj\w*|"
                r"pelnomocnik\w*|komornik\w*)")
_LEGAL_TURN_TO = re.compile(
    rf"\b(?:(?:moj|mojego|mojemu|moim|nasz|naszego|naszemu|naszym)\W+{_LEGAL_PARTY}|"
    r"(?:do|na|przez|u)\W+(?:\w+\W+)?(?:prawnik|adwokat|mecenas|policj|radc\w*\W+prawn|komornik)\w*|"
    rf"(?:zglos|zglasz|zawiadom|skier|oddam|oddaj|oddac|przekaz|skonsult|porozmawiam|pogadam|pojd|"
    rf"ide|idziemy|zwroce|wezwe|wezwac|wynajm|zatrudni|nasle|nasyl|zaangaz|wezm|konsultow|"
    rf"konsultowal)\w*\W+(?:\w+\W+){{0,4}}?"
    rf"{_LEGAL_PARTY}|{_LEGAL_PARTY}\W+(?:\w+\W+){{0,2}}?(?:zajmie|skontaktuje|odezwie|napisze|wysle)\w*)"
)

RULE = Rule(ReasonCode.LEGAL_THREAT, "klient powołuje się na drogę prawną lub urząd",
            (_LEGAL, _LEGAL_TURN_TO))
"""Institutions and steps first, then a lawyer or the police turned to."""
RULES: tuple[Rule, ...] = (RULE,)
