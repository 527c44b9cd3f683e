"""Polish phrase tables of the usual action intents: where is my order, a return label, my complaint.

The tables read the folded message (lower case, no diacritics, see
:class:`~pomocbot.escalate.triggers.text.FoldedMessage`) after misspelt key
words were fixed ("zamowienei" → "zamowienie", "pczka" → "paczka"). An intent
fires on a *strong* phrase ("gdzie jest moja paczka", "status zamówienia",
"nie doszła paczka"), or on a *topic* word together with an order number or a
personal cue ("moje", "zamówiłem", "dostanę"). General questions about the
shop's rules ("ile kosztuje wysyłka?", "jak długo trwa dostawa?") and other
requests about an order ("anulować", "faktura") do not fire: the knowledge
base or a consultant answers them.

>>> intents_of(read("Dzien dobry, gdzie jest moja pczka?"), has_number=False)
['order_status']
>>> intents_of(read("Ile kosztuje wysyłka do paczkomatu?"), has_number=False)
[]
>>> intents_of(read("Jaki jest status reklamacji do zamówienia 123456?"), has_number=True)
['complaint_status', 'order_status']
"""

from __future__ import annotations

import functools
import re

from rapidfuzz import process
from rapidfuzz.distance import OSA

from pomocbot.escalate.triggers.text import FoldedMessage, Message

__all__ = ["INTENTS", "fix_key_words", "intents_of", "looks_general", "read"]

ORDER_STATUS, RETURN_LABEL, COMPLAINT_STATUS = "order_status", "return_label", "complaint_status"
INTENTS = (COMPLAINT_STATUS, RETURN_LABEL, ORDER_STATUS)
"""The built-in intents, most specific first (a complaint about an order is about the complaint)."""

_KEY_WORDS = sorted(set("""
zamowienie zamowienia zamowieniu zamowieniem zamowien zamowienie zamowilem zamowilam zamowilismy
paczka paczki paczke paczce paczka paczuszka przesylka przesylki przesylke przesylce przesylek
status statusu dostawa dostawy dostawe dostane dostaniemy dostalem dostalam doszla doszlo doszly dotarla
dotarlo dotarly przyszla przyszlo przyszly przyjdzie dojdzie dotrze kurier kuriera kurierem sledzenie
sledzenia sledzic etykieta etykiete etykiety etykieta zwrot zwrotu zwrotna zwrotnej zwrotne zwrocic
reklamacja reklamacji reklamacje reklamacje rozpatrzona rozpatrzenie wyslane wyslana wyslaliscie
wyslalem wyslalam wyslecie gdzie kiedy jeszcze nadal otrzymalem otrzymalam numer numeru sprawdzic
""".split()))

_WORD = re.compile(r"[a-z]{5,}")


@functools.lru_cache(maxsize=8192)
def _fixed(word: str) -> str:
    if word in _KEY_SET:
        return word
    limit = 1 if len(word) < 8 else 2
    best = process.extractOne(word, _KEY_WORDS, scorer=OSA.distance, score_cutoff=limit)
    if best is None or best[0][0] != word[0]:
        return word
    return best[0]


_KEY_SET = frozenset(_KEY_WORDS)


def fix_key_words(folded: str) -> str:
    """``folded`` with words one or two edits from a key word read as that word.

    >>> fix_key_words("gdzie jest moje zamowienei, nie doszla przesyka")
    'gdzie jest moje zamowienie, nie doszla przesylka'
    """
    return _WORD.sub(lambda m: _fixed(m.group(0)), folded)


def read(message: Message) -> str:
    """The text the tables match: folded, key words fixed."""
    return fix_key_words(FoldedMessage.of(message).folded)


def _c(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


_PACZKA = r"paczk(?!omat)\w*|przesyl\w*|zamowien\w*|towar\w*|zakup\w*|kurier\w*|sprzet\w*|rzecz\w*"
_PERSONAL = _c(
    r"\b(moj\w*|mnie|mi|nasz\w*|swoj\w*)\b",
    r"\b(dostane|dostaniemy|dostalem|dostalam|zamowil\w*|kupil\w*|czekam\w*|zlozyl\w*|wyslal(em|am)"
    r"|odeslal\w*|nadal(em|am)|zaplacil\w*|oplacil\w*|otrzymal\w*|zglosil\w*)\b",
)
_ORDER_TOPIC = _c(rf"\b({_PACZKA}|dostaw\w*|sledz\w*|wysylk\w*|tracking\w*|status\w*|adres\w*)")

_STRONG: dict[str, re.Pattern[str]] = {
    ORDER_STATUS: _c(
        rf"\bgdzie\s+(jest\s+|sa\s+|jest\s+teraz\s+|znajduje\s+sie\s+)?(\w+\s+)?({_PACZKA})",
        rf"\bstatus\w*\s+(\w+\s+)?({_PACZKA})",
        rf"\b({_PACZKA})\s+(\w+\s+){{0,3}}(nie\s+|jeszcze\s+nie\s+|nadal\s+nie\s+|wciaz\s+nie\s+)"
        r"(doszl|dotarl|przyszl|przyjechal|dojechal|ma\b|dostarcz)",
        rf"\bnie\s+(doszl|dotarl|przyszl|przyjechal|dojechal|dostal|otrzymal)\w*\s+(\w+\s+)?({_PACZKA}|nic)",
        r"\bkiedy\s+(\w+\s+){0,3}(przyjdzie|dojdzie|dotrze|przyjedzie|doreczy|dostarcz\w*|bedzie\s+u\s+mnie"
        r"|dostane|dostaniemy|otrzymam)",
        rf"\bco\s+(sie\s+dzieje\s+|jest\s+)?z\s+(\w+\s+)?({_PACZKA})",
        rf"\bczy\s+(\w+\s+){{0,2}}({_PACZKA})\s+(\w+\s+){{0,2}}(wyslan|nadan|wyszl|w\s+drodze|dostarczon)",
        r"\bczy\s+(juz\s+)?(wyszlo|wyszla)\b",
        r"\b(czy\s+)?(juz\s+)?(wyslaliscie|nadaliscie|wyslano)\b",
        r"\b(nadal\s+|dalej\s+|wciaz\s+|jeszcze\s+)?nic\s+(do\s+mnie\s+)?nie\s+(przyszl|doszl|dotarl|przyjechal)",
        r"\b(jeszcze|nadal|wciaz|ciagle|dalej)\s+(nie\s+)?(czekam|nie\s+ma)",
        r"\bstatus\s+(mojego|mojej|moich)\b",
        rf"\b({_PACZKA})\W+(\w+\s+){{0,2}}gdzie\s+(sa|jest|one|ono|ona)\b",
    ),
    RETURN_LABEL: _c(
        r"\betykiet\w*\s+(\w+\s+)?(zwrot\w*|do\s+zwrotu|do\s+odeslania|nadawcz\w*)",
        r"\b(kod\w*|numer\w*)\s+(do\s+)?zwrot\w*",
        r"\b(chce|chcialbym|chcialabym|chcemy|musze|potrzebuje|prosze\s+o)\s+(\w+\s+){0,2}"
        r"(zwrocic|zwrot\w*|oddac|odeslac)",
        r"\b(wyslij\w*|przeslij\w*|wygeneruj\w*|daj\w*)\s+(mi\s+)?(\w+\s+)?etykiet",
    ),
    COMPLAINT_STATUS: _c(
        r"\breklamac\w*\s+(\w+\s+){0,4}(status\w*|etap\w*|rozpatrz\w*|decyzj\w*|odpowiedz\w*|nadal|wciaz"
        r"|juz|bez\s+odpowiedzi|czeka|minel\w*|minal)",
        r"\b(status\w*|etap\w*|co\s+z|co\s+sie\s+dzieje\s+z|jak\s+(idzie|wyglada)|czy\s+(jest\s+)?(juz\s+)?"
        r"rozpatrz\w*)\s+(\w+\s+){0,2}reklamac",
        r"\b(zlozyl\w*|zglosil\w*|wyslal\w*)\s+(\w+\s+){0,3}reklamac",
        r"\b(moj\w*|nasz\w*)\s+reklamac",
        r"\breklamac\w*\s+(\w+\s+){0,3}(kiedy|ile\s+jeszcze)",
    ),
}
_TOPIC: dict[str, re.Pattern[str]] = {
    ORDER_STATUS: _ORDER_TOPIC,
    RETURN_LABEL: _c(r"\b(zwrot\w*|zwroc\w*|odesl\w*|oddac|etykiet\w*)"),
    COMPLAINT_STATUS: _c(r"\b(reklamac\w*|zareklamowa\w*)"),
}
# General questions about the rules: no action without an order number or a personal cue.
_GENERAL = _c(
    r"\b(ile\s+kosztuj\w*|koszt\w*|cen[aey]\b|cennik|darmow\w*|bezplatn\w*|oplat[ay])",
    r"\b(jak\s+dlugo|ile\s+(trwa|dni|czasu)|w\s+jakim\s+czasie|ile\s+macie)",
    r"\b(czy\s+wysylacie|czy\s+dostarczacie|czy\s+mozna|jakie\s+(sa\s+)?(formy|metody|sposoby|opcje)"
    r"|jakim\s+kurierem|jakimi\s+kurierami|z\s+jakim\s+kurierem)",
    r"\bjak\s+(moge\s+|mozna\s+|sie\s+)?(zlozyc|zamowic|sledzic|zareklamowac|zwrocic|wyslac|odeslac|zrobic"
    r"|dokonac)",
    r"\b(jesli|jezeli|gdybym|gdy)\s+(\w+\s+)?(zamowie|zloze|kupie|zamowi)",
    r"\b(regulamin\w*|zasad\w*|polityk\w*)",
    r"\bzamowienia\s+zlozone\b",
)
# Other requests about an order: never the status action (a consultant or the base answers them).
_OTHER_REQUEST = _c(
    r"\b(anulow\w*|anulac\w*|zrezygnow\w*|zmien\w*|zmian\w*|wymien\w*|wymian\w*|faktur\w*|rabat\w*"
    r"|kod\s+promocyjn\w*|opini\w*|rat[ay]\b|raty)",
)
# A number and words that ask for the order itself ("sprawdź", "adres", "gdzie").
_ASKING = _c(r"\b(sprawdz\w*|gdzie|kiedy|co\s+z|prosze|podaj\w*|jaki|jaka|jakie|info\w*)\b")


def intents_of(text: str, *, has_number: bool) -> list[str]:
    """The intents ``text`` (see :func:`read`) asks for, most specific first."""
    personal = bool(_PERSONAL.search(text))
    general = bool(_GENERAL.search(text))
    other = bool(_OTHER_REQUEST.search(text))
    found = []
    for intent in INTENTS:
        strong = _STRONG[intent].search(text)
        topic = _TOPIC[intent].search(text)
        if intent == ORDER_STATUS and other and not strong:
            continue
        by_strong = bool(strong) and not (general and not has_number and not personal)
        by_topic = bool(topic) and (has_number or (personal and not general)) and not (
            intent == ORDER_STATUS and general and not has_number)
        by_number = intent == ORDER_STATUS and has_number and not other and bool(_ASKING.search(text))
        if by_strong or by_topic or by_number:
            found.append(intent)
    return found


def looks_general(text: str, *, has_number: bool) -> bool:
    """A question about the rules or another request, with no order number: no action by meaning either.

    >>> looks_general(read("Ile kosztuje wysyłka?"), has_number=False)
    True
    """
    if has_number:
        return bool(_OTHER_REQUEST.search(text))
    return bool(_GENERAL.search(text) or _OTHER_REQUEST.search(text)) and not _PERSONAL.search(text)
