"""Complaints needing a decision (``complaint``), and problems with an existing order.

A defect reported as a fact ("pralka przestała działać", "w paczce brakuje
śrub"), a complaint filed or a decision disputed ("reklamuję", "nie zgadzam się
z decyzją"), the word "reklamacja" said outside a question, or a refusal in a
dispute about a complaint or a refund. A hypothetical ("co jeśli paczka
będzie uszkodzona?") or a question about the rules is not a complaint.
:func:`order_issue` tells a problem with an order from a pre-sale question.

>>> from pomocbot.escalate.triggers.text import FoldedMessage
>>> def complaint(text):
...     return next((r.detail for rule in RULES if (r := rule.reason(FoldedMessage.of(text)))), None)
>>> complaint("Pralka przyszła uszkodzona, chcę ją zwrócić.")
'reklamacja towaru z wadą lub uszkodzeniem'
>>> complaint("Czy gwarancja obejmuje uszkodzenia mechaniczne?") is None
True
"""

from __future__ import annotations

import re

from pomocbot.codes import ReasonCode
from pomocbot.escalate.triggers.questions import INFO_QUESTION
from pomocbot.escalate.triggers.rules import Rule
from pomocbot.escalate.triggers.text import FoldedMessage, Message

__all__ = ["RULES", "order_issue"]

_DEFECT = re.compile(
    r"\b(?:uszkodz\w*|zepsu\w*|popsu\w*|wadliw\w*|wad[aey]\b|wad\w*\W+fabryczn\w*|peknie\w*|pekni\w*|"
    r"pekl\w*|peka\w*|porysowan\w*|zarysowan\w*|zniszczon\w*|rozbit\w*|stluczon\w*|zgniecion\w*|"
    r"niesprawn\w*|rozklei\w*|rozpru\w*|przeciek\w*|przestal\w*\W+dzialac|nie\W+dziala\w*|"
    r"nie\W+wlacza|nie\W+laduje|niezgodn\w*\W+z\W+(?:umow|opis|zamowien)\w*|brakuje\W+czesc\w*|"
    r"niekomplet\w*|podrob\w*|zamiast\W+zamowion\w*|zmechac\w*|odpadl\w*|odpada\w*|usterk\w*|"
    r"nie\W+(?:gra|wiruje|reaguje|grzeje|chlodzi|ssie|czyta|drukuje|pierze|kreci|odpala|zamyka|domyka)\b|"
    r"przestal\w*\W+(?:\w+\W+)?(?:ssac|grac|grzac|chlodzic|prac|ladowac|reagowac|czytac|drukowac)|"
    r"wyswietla\W+(?:\w+\W+)?blad|psuje\W+sie|cieknie|zardzewial\w*|"
    r"brakuje\W+(?:\w+\W+)?(?:zamowieni|produkt|towar|sztuk|polowy)\w*|"
    # the wrong item ("inny model niż zamówiłem", "nie to, co zamawiałam", "pomylili zamówienie")
    r"(?:inn|zl|niewlasciw|bledn)\w*\W+(?:\w+\W+){0,2}?(?:model|produkt|towar|rozmiar|kolor|rzecz|"
    r"przedmiot|wersj)\w*\W+(?:\w+\W+){0,3}?niz\W+(?:\w+\W+)?(?:zamow|zamawia|kupi|wybra)\w*|"
    r"nie\W+(?:to|ten|ta|te)\W+(?:\w+\W+)?(?:co|ktor\w*)\W+(?:\w+\W+)?(?:zamow|zamawia|kupi|wybra)\w*|"
    r"pomyl\w*\W+(?:\w+\W+)?zamowieni\w*|"
    # "przyszedł zły rozmiar", "dostałam inny kolor"
    r"(?:przyszl|przyszedl|dostal|otrzymal|wyslal|przyslal)\w*\W+(?:\w+\W+)?(?:inn|zl|niewlasciw|bledn)\w*\W+"
    r"(?:\w+\W+)?(?:model|produkt|towar|rozmiar|kolor|rzecz|przedmiot|wersj)\w*|"
    # "zamówiłem rozmiar 42, a przyszło 44", "zamówiłam czerwoną, a dostałam niebieską": what was ordered
    # (a number, size, colour, model) against what came
    r"zamow\w*\W+(?:\w+\W+){0,5}?(?:\d+|rozmiar\w*|kolor\w*|model\w*|wersj\w*|sztuk\w*|czerwon\w*|"
    r"niebiesk\w*|zielon\w*|czarn\w*|bial\w*|szar\w*|rozow\w*|zolt\w*|granatow\w*|brazow\w*)"
    r"\W+(?:\w+\W+){0,3}?a\W+(?:\w+\W+)?(?:przyszl|przyszedl|dostal|otrzymal|przyjechal|przyslal|wyslal)\w*|"
    # missing parts ("w komplecie brakuje nóżek", "brak śrub w paczce")
    r"(?:w\W+(?:komplecie|zestawie|paczce|przesylce|pudelku|opakowaniu|kartonie)\W+(?:\w+\W+)?brak\w*|"
    r"brak\w*\W+(?:\w+\W+){0,3}?w\W+(?:komplecie|zestawie|paczce|przesylce|pudelku|opakowaniu|kartonie)|"
    r"brak\w*\W+(?:\w+\W+)?(?:czesc|element|srub|nozek|nog|kabl|ladowark|instrukcj|akcesori|pilot)\w*))"
)
_COMPLAINT_WORD = re.compile(r"\b(?:reklamac\w*|reklamowa\w*|rekalmac\w*|skarg\w*)")
# Filing one or disputing a decision, said as a statement: "reklamuję pralkę", "Reklamacja: płyta
# wyświetla błąd", "chcę skorzystać z gwarancji", "nie zgadzam się z decyzją".
_COMPLAINT_FILED = re.compile(
    r"\b(?:reklamuj\w*|reklamuje|skladam\W+reklamacj\w*|zglaszam\W+reklamacj\w*|"
    r"(?:skorzyst|naprawa|naprawe|naprawy|napraw)\w*\W+(?:\w+\W+){0,3}?(?:gwarancj|rekojmi)\w*|"
    r"nie\W+zgadzam\W+sie\W+z\W+(?:\w+\W+)?(?:decyzj|rozpatrzen|odmow|ocen|wycen)\w*|"
    r"odwoluj\w*\W+sie\W+od\W+(?:\w+\W+)?decyzj\w*|"
    r"domagam\W+sie\W+(?:\w+\W+){0,2}?(?:zwrot|kwot|pieniedz|rekompensat|odszkodowan|wymian|naprawy)\w*)"
)
# "czy gwarancja obejmuje uszkodzenia?" asks about the rules; it reports no defect.
_GENERAL_QUESTION = re.compile(
    r"\bczy\W+(?:\w+\W+){0,3}?(?:obejmuj|dotycz|przysluguj|mozna|moge|da\W+sie|uwzgledni|przyjmuj)\w*")
_REFUSED = re.compile(
    r"\b(?:odmow\w*|odmawia\w*|odmowil\w*|odrzuc\w*|odrzuci\w*|nie\W+uzna\w*|nieuzna\w*|"
    r"nie\W+(?:dostal\w*|otrzymal\w*|zwrocil\w*|oddal\w*)|nadal\W+nie|wciaz\W+nie|dalej\W+nie|"
    r"do\W+dzis\W+nie|nie\W+ma\W+(?:zwrotu|pieniedzy|przelewu)|bezpodstawn\w*|niesluszn\w*|"
    # a complaint left unanswered past its deadline also needs a decision
    r"nikt\W+(?:\w+\W+)?nie\W+(?:odpowiedzial|odpisal|odezwal|rozpatrzyl)\w*|bez\W+(?:zadnej\W+)?odpowiedzi|"
    r"brak\W+(?:\w+\W+)?odpowiedzi|nie\W+(?:odpowiedzieli|odpisali|rozpatrzyli)\w*)"
)
_REFUND = re.compile(
    r"\b(?:zwrot\w*\W+(?:pieniedzy|pieniadz\w*|srodkow|kasy|naleznosci|platnosci|kwoty)|"
    r"(?:oddajcie|zwroc\w*|oddac|oddal\w*|odeslac)\W+(?:mi\W+)?(?:moje\W+)?(?:pieniadz\w*|kase|srodki)|"
    r"pieniadz\w*|pieniedzy|zwrotu|chargeback\w*|obciazeni\w*\W+zwrotn\w*)"
)
# A hypothetical ("co jeśli paczka będzie uszkodzona?") is a question the bot can answer.
_HYPOTHETICAL = re.compile(r"\b(?:jesli|jezeli|gdyby|w\W+razie|w\W+przypadku|a\W+co\W+gdy|kiedy\W+moge)\b")


def _not_a_report(message: FoldedMessage, defect: re.Match[str]) -> bool:
    """A hypothetical or a question about the rules before the defect: it reports nothing."""
    before = message.folded[:defect.start()]
    return bool(_HYPOTHETICAL.search(before) or _GENERAL_QUESTION.search(before))


def _said_not_asked(message: FoldedMessage) -> bool:
    # "jak złożyć reklamację?" asks how; the knowledge base answers it
    return "?" not in message.folded and not INFO_QUESTION.search(message.folded)


def _about_a_complaint_or_refund(message: FoldedMessage) -> bool:
    return bool(_COMPLAINT_WORD.search(message.folded) or _REFUND.search(message.folded))


RULES: tuple[Rule, ...] = (
    Rule(ReasonCode.COMPLAINT, "reklamacja towaru z wadą lub uszkodzeniem", (_DEFECT,), unless=_not_a_report),
    Rule(ReasonCode.COMPLAINT, "reklamacja lub spór o decyzję", (_COMPLAINT_FILED,)),
    Rule(ReasonCode.COMPLAINT, "reklamacja zgłoszona w rozmowie", (_COMPLAINT_WORD,), when=_said_not_asked),
    Rule(ReasonCode.COMPLAINT, "spór o reklamację lub zwrot pieniędzy", (_REFUSED,),
         when=_about_a_complaint_or_refund),
)
"""The ``complaint`` rules in order: the first that matches gives the reason and its detail."""

# An existing order with a problem or a change: what makes a VIP or a big order worth a person.
_ORDER_PROBLEM = re.compile(
    r"\b(?:odrzuc\w*|nie\W+(?:\w+\W+)?(?:doszl|dotarl|przyszl|widze|widac|moge|mozna|dziala|dostal|otrzymal|"
    r"zaksiegowal|przyjech|dojechal)\w*|opozni\w*|spozni\w*|spoznia\w*|mija\b|minel\w*|przesun\w*|"
    r"przelozy\w*|zmieni\w*|zmian\w*|dopisa\w*|dodac\W+(?:\w+\W+)?do\W+zamowienia|anulow\w*|wstrzyma\w*|"
    r"brak\w*|blad\w*|bledn\w*|problem\w*|reklamac\w*|zwrot\w*|w\W+realizacji|w\W+koncu|nadal|wciaz|dalej\W+nic|"
    r"korekt\w*|korygujac\w*|pomylk\w*|zgubi\w*|zaginel\w*|uszkodz\w*)"
)


def order_issue(message: Message) -> str | None:
    """Evidence that ``message`` is about a problem or a change to an order, not a pre-sale question.

    >>> order_issue("płatność ratami za zamówienie została odrzucona, co teraz?")
    'odrzucona'
    >>> order_issue("czy mogę rozłożyć zamówienie za 2600 zł na raty?") is None
    True
    """
    match = _ORDER_PROBLEM.search(FoldedMessage.of(message).folded)
    return match.group(0) if match else None
