"""Explicit requests for a person (``explicit_request``), and whether a message names one at all.

The customer asks for a consultant ("połącz mnie z konsultantem", "KONSULTANT
NATYCHMIAST"), refuses the bot ("nie będę gadać z botem"), asks to be called
back or whether anyone is there ("jest tam ktoś żywy?"). "Nie"/"bez" just
before a request negates it ("nie potrzebuję konsultanta"), except in the
bot-rejection tables, which carry their own "nie". Key words are read with
typos fixed ("konsultnat").

>>> from pomocbot.escalate.triggers.text import FoldedMessage
>>> def asks(text):
...     return next((r.evidence for rule in RULES if (r := rule.reason(FoldedMessage.of(text)))), None)
>>> asks("Połącz mnie z konsultantem!"), asks("Nie potrzebuję konsultanta, dzięki.")
('polacz mnie z konsultantem', None)
>>> asks("nie chcę gadać z botem")
'nie chce gadac z botem'
"""

from __future__ import annotations

import re

from pomocbot.codes import ReasonCode
from pomocbot.escalate.triggers.rules import Rule
from pomocbot.escalate.triggers.text import FoldedMessage, Message

__all__ = ["DETAIL", "RULES", "names_a_person"]

DETAIL = "klient prosi o rozmowę z człowiekiem"


def _words(n: int) -> str:
    """Up to ``n`` intervening words (lazy) within one clause, for "verb ... noun" windows."""
    return rf"(?:[^\w.,;!?]+\w+){{0,{n}}}?[^\w.,;!?]+"


# People the customer may ask for; "operator" not when it is the payment/phone operator.
_HUMAN = (
    r"(?:konsultant\w*|czlowiek\w*|ludzi[ea]?\b|ludzm\w*|pracownik\w*|pracowniczk\w*|doradc\w*|"
    r"operator(?!\w*\W+(?:platn|sieci|komork|pocztow|logist))\w*|agent(?!\w*\W+ubezp)\w*|"
    r"przelozon\w*|kierownik\w*|kierowniczk\w*|menedzer\w*|manager\w*|supervisor\w*|"
    r"obslug\w*\W+klient\w*|biur\w*\W+obslugi|dzial\w*\W+obslugi|infolini\w*|"
    r"(?:zyw|prawdziw|normaln|realn)\w*\W+(?:osob|czlowiek|istot|konsultant|pracownik)\w*|"
    r"kogos\W+(?:zyw|prawdziw|normaln|z\W+obslugi|z\W+firmy|od\W+was|z\W+was|kompetentn)\w*|"
    r"kims\W+(?:zyw|prawdziw|normaln|z\W+obslugi|z\W+firmy|od\W+was|kompetentn)\w*|"
    r"(?:human|real\W+person|live\W+agent|real\W+agent))"
)
# Verbs and phrases of wanting, connecting or talking.
_ASK = (
    r"(?:chc\w*|chcial\w*|poprosz\w*|prosz\w*|popros\w*|prosic|prosimy|daj\w*|dawaj\w*|dawac|polacz\w*|"
    r"przelacz\w*|przekier\w*|przekaz\w*|(?:po)?rozmawiac|(?:po)?rozmawiam|(?:po)?gadac|(?:po)?gadam|"
    r"pisac|napisac|(?:po)?mowic|kontakt|kontaktu|skontaktowac|skontaktuj\w*|potrzebuj\w*|potrzebn\w*|musz\w*|wolal\w*|wole|zawola\w*|"
    r"wezwij\w*|sciagnij\w*|zadam\w*|domagam\w*|oczekuj\w*|talk|speak|connect|want|need)"
)
# Asking for a person: "verb ... person", "person, please!", "is there a person here?"
_ASKING = (
    re.compile(rf"\b{_ASK}{_words(5)}{_HUMAN}"),
    re.compile(rf"\b{_ASK}\W+(?:z|ze|mi|do|o)\W+(?:kims|kogos)\b"),
    # "konsultant już!" asks; "konsultantka już mi pomogła" does not
    re.compile(rf"\b{_HUMAN}\W+(?:prosz\w*|poprosz\w*|natychmiast|teraz|juz(?!\W+\w)|please|pls|plz|asap)\b"),
    re.compile(r"\b(?:czy\W+)?(?:jest|sa|bedzie)\W+(?:tu|tam|tutaj|u\W+was)\W+(?:jakis\W+|ktos\W+)?"
               r"(?:czlowiek|ktos\W+zyw|zyw\w*\W+(?:osob|czlowiek)|konsultant|pracownik)\w*"),
    re.compile(r"\bczy\W+(?:jest\W+)?ktos\W+(?:zyw\w*|prawdziw\w*)"),
)
# Rejecting the bot ("nie chcę gadać z botem", "mam dość tego bota"): the "nie" is the request's own.
_BOT_REJECTION = (
    re.compile(r"\bnie\W+(?:chc\w*|bede|zamierzam|mam\W+zamiaru)\W+(?:\w+\W+)?(?:gadac|rozmawiac|pisac|"
               r"rozmow\w*|korespondowac)\W+(?:\w+\W+)?z\W+(?:\w+\W+)?(?:bot\w*|maszyn\w*|automat\w*|"
               r"robot\w*|program\w*|komputer\w*|ai\b|sztuczn\w*)"),
    re.compile(r"\b(?:dosc|mam\W+dosc|koniec\W+z|wylacz\w*|spadaj)\W+(?:\w+\W+){0,3}?"
               r"(?:bot\w*|automat\w*|maszyn\w*|robot\w*)"),
    re.compile(r"\bnie\W+(?:chc\w*|potrzebuj\w*)\W+(?:\w+\W+)?(?:bota|botow|automatu|maszyny)\b"),
)
# Asking to be called back, for "someone from customer service", or just shouting for a human.
_EXPLICIT_MORE = (
    re.compile(r"\b(?:od|za|prze)dzwon(?:cie|c)\b|\boddzwonieni\w*|"
               r"\b(?:niech|moze|mozecie|moglby|moglaby|mogliby|prosze|prosic)\W+(?:\w+\W+){0,5}?"
               r"(?:od|za)dzwon\w*"),
    re.compile(r"\b(?:ktos|komus|kogos|kims)\W+z\W+(?:obslugi|dzialu|firmy|biura|waszej\W+firmy)\b"),
    re.compile(r"\bktos\W+(?:zyw|prawdziw|realn)\w*"),
    re.compile(r"\bprzelacz\w*\W+(?:\w+\W+)?do\W+(?:dzial\w*|konsultant\w*|czlowiek\w*)"),
    re.compile(r"^\W*(?:czlowiek\w*|konsultant\w*|operator\w*|pracownik\w*)\W*$"),
    re.compile(r"\bniech\W+(?:\w+\W+){0,3}?(?:zajmie|odezwie|odpisze|skontaktuje|oddzwoni|zadzwoni)\w*"
               r"\W+(?:\w+\W+){0,2}?(?:pracownik|konsultant|czlowiek|ktos|obslug)\w*"),
)
# A live person by name ("żywy człowiek jest tam jakiś?", "ktoś na żywo"), a human preferred to a
# program, a call back, a consultant asked to help.
_EXPLICIT_LIVE = (
    re.compile(r"\b(?:zyw|prawdziw)\w*\W+(?:czlowiek|osob|konsultant|pracownik)\w*|\bna\W+zywo\b"),
    re.compile(r"\b(?:osob|czlowiek|konsultant|pracownik)\w*\W+(?:\w+\W+)?a\W+nie\W+(?:bot|program|automat|maszyn|"
               r"robot|komputer)\w*"),
    re.compile(r"\btelefon\w*\W+zwrotn\w*|\bktos\W+(?:\w+\W+){0,3}?(?:od|za)dzwon\w*"),
    re.compile(r"\b(?:konsultant|pracownik|doradc|czlowiek)\w*\W+(?:\w+\W+)?(?:moze|moglby|moglaby|mogl)\W+"
               r"(?:\w+\W+)?(?:pomoc|doradzic|zadzwonic|odpisac|sprawdzic|wyjasnic|zajac)\w*"),
)
# Refusing to explain things to a machine, English requests, availability questions, a phone call or
# contact from a person, "someone who knows".
_MACHINE = r"(?:maszyn|bot|automat|program|algorytm|komputer|robot|ai\b|sztuczn)\w*"
_EXPLICIT_REFUSAL = (
    re.compile(rf"\bnie\W+(?:bede|zamierzam|chce|mam\W+zamiaru)\W+(?:\w+\W+){{0,3}}?(?:tlumaczyc|pisac|wyjasniac|"
               rf"opisywac|gadac|rozmawiac|klocic|dyskutowac)\w*\W+(?:\w+\W+){{0,2}}?(?:z\W+)?{_MACHINE}"),
    re.compile(rf"\ba\W+nie\W+(?:z\W+)?(?:tym\W+|jakims\W+)?{_MACHINE}"),
)
_EXPLICIT_WIDE = (
    re.compile(r"\b(?:(?:get|give|want|need)\W+(?:me\W+)?(?:an?\W+|to\W+)?(?:talk\W+to\W+)?(?:a\W+)?"
               r"(?:agent|human|person|representative|operator)|(?:can|could|may)\W+i\W+(?:talk|speak)\W+to|"
               r"(?:agent|human|representative)\W+(?:please|pls|plz|now|asap)|call\W*back|customer\W+service\W+please)\b"),
    re.compile(r"\b(?:jest|sa|bedzie)\W+(?:\w+\W+){0,2}?(?:konsultant|pracownik|czlowiek|doradc|ktos\W+z\W+obslugi)\w*"
               r"\W+(?:\w+\W+){0,3}?(?:dostepn|na\W+czacie|na\W+linii|online|w\W+pracy)\w*|"
               r"\b(?:konsultant|pracownik|czlowiek|doradc)\w*\W+(?:\w+\W+){0,2}?(?:jest|sa)\W+(?:\w+\W+)?"
               r"(?:dostepn|online|na\W+czacie)\w*|^\W*(?:jakis|jakas)\W+(?:czlowiek|pracownik|konsultant|osob)\w*"),
    re.compile(r"\b(?:prosz\w*|poprosz\w*|chc\w*|czekam)\W+(?:\w+\W+){0,2}?o\W+(?:\w+\W+)?(?:kontakt|telefon|rozmow)\w*"
               r"|\bkontakt\w*\W+telefoniczn\w*|\brozmow\w*\W+zwrotn\w*|\b(?:zlapac|zlapie|lapac)\W+(?:mnie\W+)?"
               r"telefonicznie|\bosob\w*\W+odpowiedzialn\w*"),
    re.compile(r"\b(?:ktos|kogos|kims|komus|ziomk\w*|kolesi\w*)\W+(?:\w+\W+)?(?:z|od)\W+(?:zespolu|obslugi|"
               r"firmy|dzialu|biura|was|sklepu)\b|\b(?:ktos|kogos|kims)\W*,?\W+kto\W+(?:\w+\W+)?(?:ogarnia|sie\W+zna|"
               r"wie|potrafi|umie|rozumie)"),
)
# "nie"/"bez" at most one word before the request negates it, unless the "nie" belongs to a
# complaint about the bot ("nic nie rozumiesz, daj człowieka") or a question ("czemu nie mogę...").
_NEGATION_BEFORE = re.compile(r"\b(?:nie|bez|zadn\w*|nikogo|no|not|dont|never)\W+(?:\w+\W+)?$")
_NOT_A_NEGATION = re.compile(
    r"\b(?:czy|dlaczego|czemu)\W+(?:\w+\W+)?nie\b|"
    r"\bnie\W+(?:umiesz|potrafisz|rozumiesz|pomagasz|pomogl\w*|wiesz|odpowiadasz|ogarniasz)\b"
)


def _negated(message: FoldedMessage, match: re.Match[str]) -> bool:
    """Whether "nie"/"bez" in the clause just before ``match`` negates the request."""
    before = message.typo_fixed[max(0, match.start() - 60):match.start()]
    clause = re.split(r"[.,;!?]|\b(?:ale|tylko|lecz|wiec)\b", before)[-1]
    return bool(_NEGATION_BEFORE.search(clause)) and not _NOT_A_NEGATION.search(clause)


def _request(patterns: tuple[re.Pattern[str], ...], *, negatable: bool) -> Rule:
    return Rule(ReasonCode.EXPLICIT_REQUEST, DETAIL, patterns, unless=_negated if negatable else None,
                typo_fixed=True, every_match=negatable)


RULES: tuple[Rule, ...] = (
    _request(_ASKING, negatable=True),
    _request(_BOT_REJECTION, negatable=False),
    _request((*_EXPLICIT_MORE, *_EXPLICIT_LIVE), negatable=True),
    _request(_EXPLICIT_REFUSAL, negatable=False),
    _request(_EXPLICIT_WIDE, negatable=True),
)
"""The tables in matching order; the first match that no negation cancels is the request."""

_HUMAN_WORD = re.compile(rf"\b{_HUMAN}")


def names_a_person(message: Message) -> bool:
    """Whether ``message`` names a consultant, a person or staff at all (asked for or not).

    When it does and no request pattern matched, the patterns have seen the word and judged it
    ("nie potrzebuję konsultanta", "rozmawiałam już z człowiekiem"); meaning alone should not overrule them.

    >>> names_a_person("nie potrzebuję konsultanta"), names_a_person("Nie będę tego tłumaczyć maszynie")
    (True, False)
    """
    return bool(_HUMAN_WORD.search(FoldedMessage.of(message).typo_fixed))
