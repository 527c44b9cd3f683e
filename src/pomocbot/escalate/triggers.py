"""Escalation triggers: Polish phrase tables and conversation rules with reason codes.

Every phrase table is a regex over *folded* text (lower case, diacritics
folded to ASCII, "@"/"$" and digits inside words de-obfuscated, runs of a
letter shortened), so "chce rozmawiac z czlowiekiem", "CHCĘ ROZMAWIAĆ Z
CZŁOWIEKIEM!!!" and "człowiekaaaa" meet the same pattern. Stems end in ``\\w*``
so every case ending counts ("konsultant", "konsultanta", "konsultantem").

Reason codes, in order of severity: ``sensitive``, ``legal_threat``,
``abuse``, ``explicit_request``, ``complaint``, ``data_protection``,
``repeated_abstention``, ``unanswered``, ``loop``, ``vip``, ``high_value``, ``low_confidence``
(``frustration`` is added by :func:`pomocbot.escalate.policy.decide`).

>>> from pomocbot.config import EscalationConfig
>>> [r.code for r in detect_triggers("Połącz mnie z konsultantem!", [], config=EscalationConfig())]
['explicit_request']
>>> detect_triggers("Nie potrzebuję konsultanta, dzięki.", [], config=EscalationConfig())
[]
>>> found = detect_triggers("Oddam sprawę do sądu i zgłoszę to do UOKiK", [], config=EscalationConfig())
>>> [r.code for r in found]
['legal_threat']
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pomocbot.config import EscalationConfig
from pomocbot.conversation.base import Turn
from pomocbot.escalate import lexicon
from pomocbot.text.stopwords import is_stopword
from pomocbot.types import EscalationReason

__all__ = [
    "REASON_CODES",
    "addresses_someone",
    "death_of_a_thing",
    "detect_triggers",
    "fold_for_matching",
    "is_information_question",
    "names_a_person",
    "order_issue",
    "question_overlap",
]

REASON_CODES: tuple[str, ...] = (
    "sensitive", "legal_threat", "abuse", "explicit_request", "complaint", "data_protection",
    "repeated_abstention", "unanswered", "loop", "vip", "high_value", "low_confidence", "frustration",
)

_LETTER_RUN = re.compile(r"([a-z])\1{2,}")


def fold_for_matching(text: str) -> str:
    """The lexicon's folding (diacritics, "kurw@"-style obfuscation), plus shortened letter runs.

    >>> fold_for_matching("CZŁOWIEKAAAA, k0nsultant, kurw@!")
    'czlowieka, konsultant, kurwa!'
    """
    return _LETTER_RUN.sub(r"\1", lexicon.fold_for_matching(text))


def _words(n: int) -> str:
    """Up to ``n`` intervening words (lazy) within one clause, for "verb ... noun" windows."""
    return rf"(?:[^\w.,;!?]+\w+){{0,{n}}}?[^\w.,;!?]+"


# --- explicit request for a human -------------------------------------------------------------
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
_EXPLICIT = [
    re.compile(rf"\b{_ASK}{_words(5)}{_HUMAN}"),
    re.compile(rf"\b{_ASK}\W+(?:z|ze|mi|do|o)\W+(?:kims|kogos)\b"),
    # "konsultant już!" asks; "konsultantka już mi pomogła" does not
    re.compile(rf"\b{_HUMAN}\W+(?:prosz\w*|poprosz\w*|natychmiast|teraz|juz(?!\W+\w)|please|pls|plz|asap)\b"),
    re.compile(r"\b(?:czy\W+)?(?:jest|sa|bedzie)\W+(?:tu|tam|tutaj|u\W+was)\W+(?:jakis\W+|ktos\W+)?"
               r"(?:czlowiek|ktos\W+zyw|zyw\w*\W+(?:osob|czlowiek)|konsultant|pracownik)\w*"),
    re.compile(r"\bczy\W+(?:jest\W+)?ktos\W+(?:zyw\w*|prawdziw\w*)"),
    re.compile(r"\bnie\W+(?:chc\w*|bede|zamierzam|mam\W+zamiaru)\W+(?:\w+\W+)?(?:gadac|rozmawiac|pisac|"
               r"rozmow\w*|korespondowac)\W+(?:\w+\W+)?z\W+(?:\w+\W+)?(?:bot\w*|maszyn\w*|automat\w*|"
               r"robot\w*|program\w*|komputer\w*|ai\b|sztuczn\w*)"),
    re.compile(r"\b(?:dosc|mam\W+dosc|koniec\W+z|wylacz\w*|spadaj)\W+(?:\w+\W+){0,3}?"
               r"(?:bot\w*|automat\w*|maszyn\w*|robot\w*)"),
    re.compile(r"\bnie\W+(?:chc\w*|potrzebuj\w*)\W+(?:\w+\W+)?(?:bota|botow|automatu|maszyny)\b"),
]
# Asking to be called back, for "someone from customer service", or just shouting for a human.
_EXPLICIT_MORE = [
    re.compile(r"\b(?:od|za|prze)dzwon(?:cie|c)\b|\boddzwonieni\w*|"
               r"\b(?:niech|moze|mozecie|moglby|moglaby|mogliby|prosze|prosic)\W+(?:\w+\W+){0,5}?"
               r"(?:od|za)dzwon\w*"),
    re.compile(r"\b(?:ktos|komus|kogos|kims)\W+z\W+(?:obslugi|dzialu|firmy|biura|waszej\W+firmy)\b"),
    re.compile(r"\bktos\W+(?:zyw|prawdziw|realn)\w*"),
    re.compile(r"\bprzelacz\w*\W+(?:\w+\W+)?do\W+(?:dzial\w*|konsultant\w*|czlowiek\w*)"),
    re.compile(r"^\W*(?:czlowiek\w*|konsultant\w*|operator\w*|pracownik\w*)\W*$"),
    re.compile(r"\bniech\W+(?:\w+\W+){0,3}?(?:zajmie|odezwie|odpisze|skontaktuje|oddzwoni|zadzwoni)\w*"
               r"\W+(?:\w+\W+){0,2}?(?:pracownik|konsultant|czlowiek|ktos|obslug)\w*"),
]
# A live person by name ("żywy człowiek jest tam jakiś?", "ktoś na żywo"), a human preferred to a
# program, a call back, a consultant asked to help.
_EXPLICIT_LIVE = [
    re.compile(r"\b(?:zyw|prawdziw)\w*\W+(?:czlowiek|osob|konsultant|pracownik)\w*|\bna\W+zywo\b"),
    re.compile(r"\b(?:osob|czlowiek|konsultant|pracownik)\w*\W+(?:\w+\W+)?a\W+nie\W+(?:bot|program|automat|maszyn|"
               r"robot|komputer)\w*"),
    re.compile(r"\btelefon\w*\W+zwrotn\w*|\bktos\W+(?:\w+\W+){0,3}?(?:od|za)dzwon\w*"),
    re.compile(r"\b(?:konsultant|pracownik|doradc|czlowiek)\w*\W+(?:\w+\W+)?(?:moze|moglby|moglaby|mogl)\W+"
               r"(?:\w+\W+)?(?:pomoc|doradzic|zadzwonic|odpisac|sprawdzic|wyjasnic|zajac)\w*"),
]
# Refusing to explain things to a machine, English requests, availability questions, a phone call or
# contact from a person, "someone who knows".
_MACHINE = r"(?:maszyn|bot|automat|program|algorytm|komputer|robot|ai\b|sztuczn)\w*"
_EXPLICIT_REFUSAL = [
    re.compile(rf"\bnie\W+(?:bede|zamierzam|chce|mam\W+zamiaru)\W+(?:\w+\W+){{0,3}}?(?:tlumaczyc|pisac|wyjasniac|"
               rf"opisywac|gadac|rozmawiac|klocic|dyskutowac)\w*\W+(?:\w+\W+){{0,2}}?(?:z\W+)?{_MACHINE}"),
    re.compile(rf"\ba\W+nie\W+(?:z\W+)?(?:tym\W+|jakims\W+)?{_MACHINE}"),
]
_EXPLICIT_WIDE = [
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
]
_ALL_EXPLICIT = (*_EXPLICIT, *_EXPLICIT_MORE, *_EXPLICIT_LIVE, *_EXPLICIT_REFUSAL, *_EXPLICIT_WIDE)
# The bot-rejection patterns carry their own "nie" ("nie chcę gadać z botem"): never negated.
_BOT_REJECTION = frozenset([*_EXPLICIT[5:], *_EXPLICIT_REFUSAL])
# Misspelt key words ("konsultnat", "czlowiekem") are read as the word they are meant to be.
_TYPO_TARGETS = (("konsultant", 2), ("czlowiek", 1), ("pracownik", 1))
_TYPO_CANDIDATE = re.compile(r"\b(?:ko|cz|pr)[a-z]{5,12}\b")


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _fix_typos(folded: str) -> str:
    """Tokens within a small edit distance of a key word's stem become that stem.

    >>> _fix_typos("konsultnat plz, daj czlowek, czlowiekiem")
    'konsultant plz, daj czlowiek, czlowiekiem'
    """
    def fix(match: re.Match[str]) -> str:
        word = match.group()
        for target, allowed in _TYPO_TARGETS:
            if word[:2] == target[:2] and not word.startswith(target) and (
                    _edit_distance(word[: len(target)], target) <= allowed):
                return target
        return word

    return _TYPO_CANDIDATE.sub(fix, folded)
# "nie"/"bez" at most one word before the request negates it, unless the "nie" belongs to a
# complaint about the bot ("nic nie rozumiesz, daj człowieka") or a question ("czemu nie mogę...").
_NEGATION_BEFORE = re.compile(r"\b(?:nie|bez|zadn\w*|nikogo|no|not|dont|never)\W+(?:\w+\W+)?$")
_NOT_A_NEGATION = re.compile(
    r"\b(?:czy|dlaczego|czemu)\W+(?:\w+\W+)?nie\b|"
    r"\bnie\W+(?:umiesz|potrafisz|rozumiesz|pomagasz|pomogl\w*|wiesz|odpowiadasz|ogarniasz)\b"
)

# --- legal threat -----------------------------------------------------------------------------
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

# --- formal complaint needing a decision ------------------------------------------------------
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
_INFO_QUESTION = re.compile(r"^\W*(?:a\W+)?(?:jak|ile|gdzie|kiedy|czy|co|jakie|jaki|ktor\w*)\b")
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

# --- data protection (RODO / GDPR) ------------------------------------------------------------
_DATA_PROTECTION = [
    ("art. 15 (dostęp do danych)", re.compile(
        r"\b(?:art\w*\W*15\b|dostep\w*\W+do\W+(?:moich\W+)?danych|kopi\w*\W+(?:moich\W+)?danych|"
        r"dane\W+(?:\w+\W+){0,3}?(?:na\W+moj\W+temat|o\W+mnie)|skad\W+macie\W+(?:moj|moje|moja)\w*|"
        r"(?:komu|gdzie|jak)\W+(?:\w+\W+){0,2}?(?:przekaz|udostep|przetwarza|uzywa|sprzeda)\w*\W+(?:\w+\W+)?dan\w*|"
        r"(?:przenie|eksport|pobra)\w*\W+(?:\w+\W+){0,2}?dan\w*|"
        r"jakie\W+(?:moje\W+)?dane\W+(?:o\W+mnie\W+)?(?:przechowuj|przetwarza|posiada|macie|zbiera)\w*|"
        r"(?:wglad|informacj\w*)\W+(?:w|o)\W+(?:moich\W+|moje\W+)?(?:dan\w*\W+osobow|przetwarzani)\w*)")),
    ("art. 17 (usunięcie danych)", re.compile(
        r"\b(?:art\w*\W*17\b|(?:usun|usuwa|skasuj|wymaz|zniszcz)\w*\W+(?:\w+\W+)?(?:moje\W+|wszystkie\W+)?"
        r"dane|usunieci\w*\W+(?:\w+\W+)?danych|bycia\W+zapomnian\w*|zapomnijcie\W+o\W+mnie)")),
    ("wycofanie zgody", re.compile(
        r"\b(?:(?:wycof|cofam|cofn|odwol|anulu)\w*\W+(?:\w+\W+)?zgod\w*|"
        r"sprzeciw\w*\W+(?:\w+\W+){0,2}?przetwarza\w*|nie\W+wyrazam\W+zgody|ogranicz\w*\W+(?:\w+\W+)?przetwarza\w*|"
        r"(?:nie\W+zycze\W+sobie|nie\W+zgadzam\W+sie)\W+(?:\w+\W+){0,4}?(?:przetwarza|dane|danych)\w*)")),
    # Asked as "how do I ...?" these two are self-service questions the knowledge base answers.
    ("art. 17 (usunięcie konta lub danych kontaktowych)", re.compile(
        r"\b(?:(?:usun|usuw|skasuj|skasow|wykasow|wykresl|wymaz)\w*\W+(?:\w+\W+){0,3}?(?:konto|konta|numer\w*|"
        r"adres\w*|z\W+(?:\w+\W+)?baz\w*)|(?:usunieci|wykasowani|wykresleni|skasowani)\w*\W+(?:\w+\W+){0,2}?"
        r"(?:konta|danych|numeru|adresu))")),
    ("wycofanie zgody na marketing", re.compile(
        r"\b(?:unsubscribe|wypis\w*\W+(?:\w+\W+){0,3}?(?:newsletter|list|mailing|subskrypc|powiadomien|baz)\w*|"
        r"(?:rezygn|zrezygn)\w*\W+(?:\w+\W+){0,3}?(?:newsletter|maili|wiadomosci|subskrypc|powiadomien|reklam|ofert)\w*|"
        r"przestan\w*\W+(?:\w+\W+){0,3}?(?:dzwoni|wysyla|pisa|spamowa)\w*|"
        r"nie\W+(?:chce|zycze\W+sobie)\W+(?:\w+\W+){0,3}?(?:maili|wiadomosci|ofert|newsletter|sms\w*|telefonow|reklam)\w*)")),
    ("RODO", re.compile(r"\b(?:rodo|gdpr|iod\b|inspektor\w*\W+ochrony\W+danych|"
                        r"ochron\w*\W+danych\W+osobow\w*|"
                        r"sprostowa\w*\W+(?:moich\W+)?danych|przenoszeni\w*\W+danych)")),
]

_SELF_SERVICE = frozenset({"art. 17 (usunięcie konta lub danych kontaktowych)",
                           "wycofanie zgody na marketing", "RODO"})

# --- sensitive situations -----------------------------------------------------------------------
_SELF_HARM = re.compile(
    r"\b(?:zabij\w*\W+sie|zabic\W+sie|sie\W+(?:zabij|zabic|zabil)\w*|odebrac\W+sobie\W+zycie|odbiore\W+sobie\W+zycie|samobojstw\w*|"
    r"samobojcz\w*|skoncz\w*\W+ze\W+soba|nie\W+chce\W+(?:mi\W+sie\W+)?(?:juz\W+)?zyc|"
    r"(?:pociac|potne|powiesic|powiesze)\W+sie|zrobi\w*\W+sobie\W+krzywd\w*|nie\W+ma\W+sensu\W+zyc|"
    r"skocz\w*\W+z\W+(?:mostu|dachu|okna|balkonu)|chce\W+umrzec|mam\W+dosc\W+zycia|"
    r"ze\W+soba\W+(?:\w+\W+)?skonczyc|zniknac\W+na\W+zawsze|nie\W+widze\W+sensu\W+(?:\w+\W+){0,3}?(?:zycia|zyc)|"
    r"(?:mysle|myslalem|myslalam|mysli)\W+(?:\w+\W+){0,3}?(?:samobojstw\w*|zeby\W+(?:umrzec|zniknac|nie\W+zyc))|"
    # indirect: no strength to live, wanting to vanish, cutting, "soon I won't be here", "nobody would notice"
    r"nie\W+mam\W+(?:juz\W+)?sil\w*\W+(?:\w+\W+)?(?:zyc|zycia|dalej)|nie\W+chce\W+(?:juz\W+)?tu\W+byc|"
    r"chce\W+(?:po\W+prostu\W+)?zniknac(?!\W+z\W)|tne\W+sie|sie\W+tne\b|"
    r"okaleczam\W+sie|samookalecz\w*|niedlugo\W+mnie\W+(?:juz\W+)?nie\W+bedzie|"
    r"(?:nikt\W+by\W+nie\W+zauwazyl|lepiej\W+by\W+bylo|bez\W+roznicy)\w*\W+(?:\w+\W+){0,2}?gdyby\W+mnie\W+nie\W+bylo|"
    r"swiat\W+(?:bylby|bedzie)\W+lepszy\W+beze\W+mnie|polkn\w*\W+(?:\w+\W+)?(?:tabletk|leki|proszk)\w*)"
)
# Hardship that needs a careful person: violence at home, disability, disaster, loss of a pregnancy.
_HARDSHIP = re.compile(
    r"\b(?:przemoc\w*|(?:maz|partner|ojciec|byly|on)\W+(?:\w+\W+)?(?:mnie\W+)?(?:bije|bil|grozi|zastrasza)\w*|"
    r"uciekl\w*\W+(?:od|przed)\W+(?:\w+\W+)?(?:mez|partner|przemoc)\w*|niewidom\w*|niedowidz\w*|"
    r"nieslyszac\w*|gluchoniem\w*|(?:jestem|jest)\W+(?:\w+\W+)?gluch\w*|(?:jestem|porusza\w*\W+sie)\W+na\W+wozku|"
    r"wozk\w*\W+inwalidzk\w*|poronil\w*|poronieni\w*|stracil\w*\W+dzieck\w*|alzheimer\w*|demencj\w*|"
    r"spalil\w*\W+(?:nam\W+|mi\W+)?(?:sie\W+)?(?:mieszkani|dom)\w*|"
    r"zalal\w*\W+(?:nam\W+|mi\W+)?(?:mieszkani|dom)\w*|uzaleznion\w*|alkoholi[kz]\w*)"
)
_BEREAVEMENT = re.compile(
    r"\b(?:zmarl\w*|zmarla|umarl\w*|nie\W+zyje|smierc\w*|smierci|pogrzeb\w*|zgon\w*|zalob\w*|"
    r"odszedl|odeszla|owdowial\w*|wdow\w*|zgin\w*\W+w\W+(?:wypadku|katastrofie)|"
    r"(?:syn|corka|maz|zona|ojciec|tata|mama|matka|brat|siostra|babcia|dziadek|partner\w*|narzeczon\w*)"
    r"\W+(?:\w+\W+)?zgin\w*)\b"
)
_ILLNESS = re.compile(
    r"\b(?:chory|chora|chorzy|chorob\w*|choruj\w*|szpital\w*|nowotwor\w*|rak\w*\W+(?:pluc|piersi|jelit)\w*|"
    r"onkolog\w*|chemi\w*terapi\w*|hospicj\w*|niepelnospraw\w*|udar\w*|zawal\w*|depresj\w*|"
    r"po\W+operacji|wypad\w*\W+samochodow\w*|na\W+oiom\w*|"
    r"(?:po|w\W+trakcie)\W+(?:chemii|chemioterapii|radioterapii|naswietlaniach|przeszczepie|udarze|wylewie|"
    r"zawale)|(?:mam|ma|wykryto|zdiagnozowano)\W+(?:\w+\W+)?(?:raka|nowotw\w*|guza|bialaczk\w*|stwardnien\w*)|"
    r"przechodz\w*\W+(?:chemi|radioterapi|leczeni\w*\W+onkolog)\w*|nie\W+radze\W+sobie\W+(?:juz\W+)?(?:z\W+niczym|z\W+zyciem|ze\W+wszystkim))\b"
)
# "Umarł mi kwiatek", "laptop nie żyje": the verbs of dying are said of things too; "zmarł" is not.
_DEATH_OF_ANYONE = re.compile(r"\b(?:umarl\w*|nie\W+zyje|odszedl|odeszla|zdechl\w*)")
_CLAUSE_BREAK = re.compile(r"[,.;:!?()\n\u2013\u2014]|\b(?:i|a|ale|to|bo|czy|oraz|lecz|wiec)\b")
_CHILD_NOUNS = frozenset({"dziecko", "dziecię", "niemowlę", "niemowlak", "dzieciątko", "maleństwo", "wnuczę"})


def death_of_a_thing(message: str, start: int, end: int) -> bool:
    """Whether the dying at ``message[start:end]`` is said of a thing ("umarł mi kwiatek").

    True only when the clause names subjects (nouns that can be nominative) and
    every one is a thing: Morfeusz gives it no masculine-personal reading (``m1``; "mąż", "tata", and pets,
    which SGJP reads as ``m1`` too: "pies", "kot") and it is neither feminine
    (a woman or a thing: we keep to the safe side) nor a child. A clause with no
    noun ("umarł wczoraj") or a placeholder ("[OSOBA_1] nie żyje") is grief.

    >>> t = "umarł mi kwiatek, to reklamacja?"
    >>> death_of_a_thing(t, 0, 5)
    True
    >>> t = "umarł mi mąż, jak zamknąć jego konto?"
    >>> death_of_a_thing(t, 0, 5)
    False
    """
    from pomocbot.text.morphology import default_morphology

    folded = fold_for_matching(message)
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(folded, 0, start)), default=0)
    following = _CLAUSE_BREAK.search(folded, end)
    right = following.start() if following else len(message)
    clause = message[left:start] + " " + message[end:right]
    if "[" in clause:  # a redacted name or another placeholder: a person
        return False
    morph = default_morphology()
    nouns = 0
    for word in re.findall(r"[^\W\d_]+", clause):
        readings = [r for r in morph.analyse(word) if r.pos not in ("frag", "brev")]
        if not readings or any(r.pos not in ("subst", "depr") for r in readings):
            continue  # not surely a noun: "wczoraj" is also an adverb, "mi" a pronoun
        # the one who died is the subject: "po aktualizacji", "w tygodniu" are not
        subjects = [r for r in readings if "nom" in r.cases]
        if not subjects:
            continue
        nouns += 1
        if any("m1" in r.genders or "f" in r.genders or r.lemma.lower() in _CHILD_NOUNS for r in subjects):
            return False
    return nouns > 0


# Who abuse is aimed at: "you" (singular, plural, polite), the company, its staff, the bot.
_TARGET = re.compile(
    r"\b(?:ty|ci|cie|ciebie|tobie|toba|twoj\w*|jestes\w*|wy|was|wam|wami|wasz\w*|jestescie|pan|pani|panu|"
    r"panem|konsultan\w*|bot\w*|bocie|obslug\w*|firm\w*|sklep\w*|czat\w*|infolini\w*|pracowni\w*|ludzie|mu|jemu|"
    r"\w+(?:esz|isz|ysz|ecie|icie|ycie|acie)|\w+cie\W+sie)\b"
)


def addresses_someone(message: str) -> bool:
    """Whether the message is aimed at someone: "you", the shop, its staff or the bot.

    Abuse needs a target; "paczka nie doszła" names none, "jesteście bandą" does.

    An imperative ("zamknij mordę", "spadaj") is said to someone too (Morfeusz's ``impt``).

    >>> addresses_someone("paczka nie doszła"), addresses_someone("jesteście nienormalni")
    (False, True)
    >>> addresses_someone("Zamknij mordę i odpowiedz wreszcie.")
    True
    """
    if _TARGET.search(fold_for_matching(message)):
        return True
    from pomocbot.text.morphology import default_morphology

    morph = default_morphology()
    for word in re.findall(r"[^\W\d_]+", message[:2000]):
        readings = morph.analyse(word)
        imperative = [r.pos == "impt" for r in readings]
        # only an imperative reading, or one that opens a sentence ("Lecz się", not "lecz" = "but")
        if imperative and (all(imperative) or (word[0].isupper() and any(imperative))):
            return True
    return False


# --- abuse aimed at staff -------------------------------------------------------------------
_INSULT = (
    r"(?:debil\w*|idio\w*|kretyn\w*|durni\w*|durn\w*|dure\w*|matol\w*|palant\w*|cymbal\w*|baran\w*|"
    r"osl\w*|osiol|glupk\w*|glupi\w*|tepa\w*|tepy|tepe|oszus\w*|zlodziej\w*|zlodzie\w*|zlodzi\w*|"
    r"zlodzi|zlodzieje|naciagacz\w*|frajer\w*|chuj\w*|huj\w*|skurw\w*|kurw\w*|pizd\w*|cwel\w*|"
    r"smiec\w*|gnoj\w*|gowno\w*|gowian\w*|szmat\w*|nieuk\w*|nieudacznik\w*|patol\w*|bydl\w*|scierw\w*|"
    r"k\*+a|ch\*+|p\*+ol\w*|banda\W+\w+|pajac\w*|bezmozg\w*|partacz\w*|kmiot\w*)"
)
_ABUSE = [
    re.compile(rf"\b(?:jestes\w*|jestescie|jestes|ty|wy|wasz\w*|pan|pani|bot\w*|konsultan\w*|"
               rf"obslug\w*|firm\w*|sklep\w*|ten\W+czat)\W+(?:\w+\W+){{0,2}}?{_INSULT}"),
    re.compile(rf"\b{_INSULT}\W+(?:jeden|jedna|jedne|jestes\w*|z\W+was|jak\W+(?:ty|wy))\b"),
    # "konsultantka [OSOBA_1] to skończona kretynka": a person called an insult noun (not "to głupie").
    re.compile(r"\b(?:to|jest|sa)\W+(?:(?:skonczon|kompletn|totaln|straszn|zwykl|jakis|jakas|kawal)\w*\W+)?"
               r"(?:debil|idiot|kretyn|matol|palant|cymbal|glupek|glupk|oszust|zlodziej|nieuk|nieudacznik|"
               r"szmat|smiec|gnoj|frajer|baran|osiol|dure)\w*"),
    # plural vocatives and "co za debile", a gang of crooks, "X z działu reklamacji"
    re.compile(r"\b(?:gnoje|debile|idioci|kretyni|matoly|palanty|frajerzy|barany|nieuki|nieudacznicy|pajace|"
               r"partacze|smiecie|chamy|dupki)\b|\bco\W+za\W+(?:\w+\W+)?(?:debil|idio|kretyn|matol|palant|pajac|"
               r"oszus|zlodzie|partacz|cham|dupk)\w*|\bbanda\W+(?:\w+\W+)?(?:oszust|zlodzie|idiot|debil|kretyn|"
               r"naciagacz|matol|nieudacznik|partacz|amator)\w*"),
    re.compile(rf"\b{_INSULT}\W+(?:\w+\W+)?z\W+(?:dzialu|obslugi|firmy|czatu|infolinii|biura|sklepu|reklamacji)"),
    re.compile(r"\b(?:chuj|huj)\W+(?:wam|ci|tobie)|\bw\W+dupe\b|\b(?:was|cie|ciebie)\W+(?:\w+\W+)?"
               r"(?:dorw|dopadn|zabij|zajeb|znajd|rozwal|obij)\w*|\bpozaluj\w*|"
               r"\b(?:pajac|debil|idiot|kretyn)\w*\W+a\W+nie\W+(?:bot|konsultant|obslug|sklep|firm|czat)\w*"),
    re.compile(r"\b(?:debilu|idioto|kretynie|baranie|osle|chamie|zlodzieju|oszuscie|oszusci|zlodzieje|"
               r"glupku|palancie|frajerze|gnoju|smieciu|matole|cymbale|nieudaczniku|skurwysynu|chuju)\b"),
    re.compile(r"\b(?:(?:pierdol|jeb|wal|odwal|spadaj|spieprz)\w*\W+(?:sie|stad|ode\W+mnie)\b|"
               r"spierdal\w*|wypierdal\w*|odpierdol\w*|spieprzaj\w*|zjezdzaj\w*|"
               r"(?:pierdole|jebac|jebie)\W+(?:was|cie|ciebie|ten|te|to|tego|twoj\w*|wasz\w*|"
               r"bot\w*|sklep\w*|firm\w*|obslug\w*))"),
    re.compile(r"\b(?:zabij\w*|zajeb\w*|dorw\w*|znajd\w*|dopadn\w*|obij\w*|rozwal\w*)\W+(?:was|cie|ciebie)\b|"
               r"\bwiem\W+gdzie\W+(?:mieszkasz|pracujesz|macie|jestescie)"),
]

LOOP_OVERLAP = 0.75
"""Share of content terms two questions must share to count as the same. 2 of 3 is too little:
"dostawa kurierem za granicę" after "dostawa do paczkomatu" is a new question."""
_LOOP_MARKER = re.compile(
    r"\b(?:(?:pytam|pisze|powtarzam)\W+(?:\w+\W+)?(?:jeszcze\W+raz|ponownie|znowu|kolejny\W+raz|po\W+raz)|"
    r"jeszcze\W+raz\W+(?:pytam|pisze|powtarzam)|nie\W+odpowiedzial\w*\W+na\W+(?:moje\W+)?pytani\w*|"
    r"to\W+nie\W+jest\W+odpowiedz\w*|nie\W+o\W+to\W+pytal\w*)"
)


def _first(patterns: Sequence[re.Pattern[str]], folded: str) -> re.Match[str] | None:
    for pattern in patterns:
        match = pattern.search(folded)
        if match:
            return match
    return None


def _explicit_request(folded: str) -> re.Match[str] | None:
    """A request for a human, unless "nie"/"bez" negates it ("nie potrzebuję konsultanta")."""
    folded = _fix_typos(folded)
    for pattern in _ALL_EXPLICIT:
        for match in pattern.finditer(folded):
            if pattern in _BOT_REJECTION:
                return match
            before = folded[max(0, match.start() - 60):match.start()]
            clause = re.split(r"[.,;!?]|\b(?:ale|tylko|lecz|wiec)\b", before)[-1]
            if _NEGATION_BEFORE.search(clause) and not _NOT_A_NEGATION.search(clause):
                continue
            return match
    return None


_HUMAN_WORD = re.compile(rf"\b{_HUMAN}")


def names_a_person(message: str) -> bool:
    """Whether ``message`` names a consultant, a person or staff at all (asked for or not).

    When it does and no request pattern matched, the patterns have seen the word and judged it
    ("nie potrzebuję konsultanta", "rozmawiałam już z człowiekiem"); meaning alone should not overrule them.

    >>> names_a_person("nie potrzebuję konsultanta"), names_a_person("Nie będę tego tłumaczyć maszynie")
    (True, False)
    """
    return bool(_HUMAN_WORD.search(_fix_typos(fold_for_matching(message))))


def _complaint(folded: str) -> tuple[str, str] | None:
    defect = _DEFECT.search(folded)
    if defect and not (_HYPOTHETICAL.search(folded[:defect.start()])
                       or _GENERAL_QUESTION.search(folded[:defect.start()])):
        return "reklamacja towaru z wadą lub uszkodzeniem", defect.group(0)
    filed = _COMPLAINT_FILED.search(folded)
    if filed:
        return "reklamacja lub spór o decyzję", filed.group(0)
    word = _COMPLAINT_WORD.search(folded)
    if word and "?" not in folded and not _INFO_QUESTION.search(folded):
        return "reklamacja zgłoszona w rozmowie", word.group(0)
    refused = _REFUSED.search(folded)
    if refused and (_COMPLAINT_WORD.search(folded) or _REFUND.search(folded)):
        return "spór o reklamację lub zwrot pieniędzy", refused.group(0)
    return None


# An existing order with a problem or a change: what makes a VIP or a big order worth a person.
_ORDER_PROBLEM = re.compile(
    r"\b(?:odrzuc\w*|nie\W+(?:\w+\W+)?(?:doszl|dotarl|przyszl|widze|widac|moge|mozna|dziala|dostal|otrzymal|"
    r"zaksiegowal|przyjech|dojechal)\w*|opozni\w*|spozni\w*|spoznia\w*|mija\b|minel\w*|przesun\w*|"
    r"przelozy\w*|zmieni\w*|zmian\w*|dopisa\w*|dodac\W+(?:\w+\W+)?do\W+zamowienia|anulow\w*|wstrzyma\w*|"
    r"brak\w*|blad\w*|bledn\w*|problem\w*|reklamac\w*|zwrot\w*|w\W+realizacji|w\W+koncu|nadal|wciaz|dalej\W+nic|"
    r"korekt\w*|korygujac\w*|pomylk\w*|zgubi\w*|zaginel\w*|uszkodz\w*)"
)


def order_issue(message: str) -> str | None:
    """Evidence that ``message`` is about a problem or a change to an order, not a pre-sale question.

    >>> order_issue("płatność ratami za zamówienie została odrzucona, co teraz?")
    'odrzucona'
    >>> order_issue("czy mogę rozłożyć zamówienie za 2600 zł na raty?") is None
    True
    """
    match = _ORDER_PROBLEM.search(fold_for_matching(message))
    return match.group(0) if match else None


def is_information_question(message: str) -> bool:
    """Whether ``message`` opens with a question word ("jak", "czy", "gdzie", ...): asking, not requesting.

    >>> is_information_question("Jak się wypisać z newslettera?")
    True
    >>> is_information_question("Usuńcie moje dane")
    False
    """
    return bool(_INFO_QUESTION.search(fold_for_matching(message)))


def _order_value(customer: Mapping[str, Any]) -> float | None:
    value = customer.get("order_value")
    if isinstance(value, str):
        value = value.replace(" ", "").replace("\u00a0", "").replace("zł", "").replace(",", ".")
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _content_terms(text: str) -> set[str]:
    """Folded content words cut to 5 letters: a crude stem that joins case forms."""
    words = re.findall(r"[a-z0-9]+", fold_for_matching(text))
    return {word[:5] for word in words if len(word) > 2 and not is_stopword(word)}


def question_overlap(a: str, b: str) -> float:
    """Share of shared content terms (overlap coefficient, 0..1) of two messages.

    >>> question_overlap("Gdzie jest moja paczka?", "gdzie jest MOJA paczka???")
    1.0
    >>> question_overlap("Ile kosztuje dostawa?", "Jak zwrócić buty?")
    0.0
    """
    ta, tb = _content_terms(a), _content_terms(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


def _abstentions_in_a_row(history: Sequence[Turn], abstained: bool | None) -> int:
    count = 1 if abstained else 0
    if abstained is False:
        return 0
    for turn in reversed(history):
        if turn.role != "assistant":
            continue
        if not turn.metadata.get("abstained"):
            break
        count += 1
    return count


def _loop(message: str, history: Sequence[Turn]) -> tuple[str, str] | None:
    """The same question again after the bot answered it (an earlier customer turn, then an answer)."""
    answered = [
        turn for i, turn in enumerate(history)
        if turn.role == "customer" and any(later.role == "assistant" for later in history[i + 1:])
    ]
    best, best_turn = 0.0, None
    for turn in answered:
        overlap = question_overlap(message, turn.text)
        if overlap > best:
            best, best_turn = overlap, turn
    if best_turn is not None and best >= LOOP_OVERLAP and len(_content_terms(message)) >= 2:
        return f"to samo pytanie ponownie (podobieństwo {best:.2f})", best_turn.text[:120]
    marker = _LOOP_MARKER.search(fold_for_matching(message))
    if marker and answered:
        return "klient ponawia pytanie po odpowiedzi", marker.group(0)
    return None


def detect_triggers(
    message: str,
    history: Sequence[Turn],
    *,
    customer: Mapping[str, Any] | None = None,
    confidence: float | None = None,
    abstained: bool | None = None,
    config: EscalationConfig,
) -> list[EscalationReason]:
    """Reasons to hand the conversation to a human, most severe first ([] when none).

    ``message`` is the current (redacted) customer message, ``history`` the
    earlier turns (assistant turns carry ``metadata["abstained"]``),
    ``customer`` optional metadata (``order_value`` in PLN, ``vip``),
    ``confidence``/``abstained`` the bot's answer to ``message`` when known.

    >>> from datetime import datetime, timezone
    >>> at = datetime(2026, 11, 2, 9, tzinfo=timezone.utc)
    >>> history = [Turn(role="customer", text="Gdzie moja paczka?", at=at),
    ...            Turn(role="assistant", text="Nie wiem.", at=at, metadata={"abstained": True})]
    >>> [r.code for r in detect_triggers("A kiedy przyjdzie?", history, abstained=True,
    ...                                  customer={"vip": True}, config=EscalationConfig())]
    ['repeated_abstention', 'vip']
    """
    folded = fold_for_matching(message)
    reasons: list[EscalationReason] = []

    def add(code: str, detail: str, evidence: str) -> None:
        reasons.append(EscalationReason(code=code, detail=detail, evidence=evidence.strip()))

    if match := _SELF_HARM.search(folded):
        add("sensitive", "zagrożenie samookaleczeniem — pilne", match.group(0))
    elif match := next((m for m in _BEREAVEMENT.finditer(folded) if not (
            _DEATH_OF_ANYONE.match(folded, m.start()) and death_of_a_thing(message, *m.span()))), None):
        add("sensitive", "żałoba / śmierć bliskiej osoby", match.group(0))
    elif match := _ILLNESS.search(folded) or _HARDSHIP.search(folded):
        add("sensitive", "choroba lub trudna sytuacja życiowa", match.group(0))
    if match := _LEGAL.search(folded) or _LEGAL_TURN_TO.search(folded):
        add("legal_threat", "klient powołuje się na drogę prawną lub urząd", match.group(0))
    if match := _first(_ABUSE, folded):
        add("abuse", "obraźliwe słowa lub groźby wobec obsługi", match.group(0))
    if match := _explicit_request(folded):
        add("explicit_request", "klient prosi o rozmowę z człowiekiem", match.group(0))
    if complaint := _complaint(folded):
        add("complaint", *complaint)
    for detail, pattern in _DATA_PROTECTION:
        if detail in _SELF_SERVICE and _INFO_QUESTION.search(folded):
            # "Czy przetwarzacie dane zgodnie z RODO?", "Jak się wypisać z newslettera?" request nothing.
            continue
        if match := pattern.search(folded):
            add("data_protection", f"żądanie RODO: {detail}", match.group(0))
            break
    streak = _abstentions_in_a_row(history, abstained)
    if streak >= config.abstentions_in_a_row:
        add("repeated_abstention", f"asystent nie znał odpowiedzi {streak} razy z rzędu", "")
    elif abstained and config.abstention_escalates:
        # The bot says it does not know; a consultant answers instead (or the bot promises nothing).
        add("unanswered", "asystent nie znalazł odpowiedzi w bazie wiedzy", "")
    if loop := _loop(message, history):
        add("loop", *loop)
    customer = customer or {}
    if customer.get("vip"):
        add("vip", "klient oznaczony jako VIP", "vip")
    value = _order_value(customer)
    if value is not None and value >= config.high_order_value:
        add("high_value", f"wartość zamówienia {value:.2f} zł ≥ {config.high_order_value:.0f} zł",
            f"order_value={value:.2f}")
    if confidence is not None and not abstained and confidence < config.low_confidence_below:
        add("low_confidence", f"niska pewność odpowiedzi ({confidence:.2f})", f"confidence={confidence:.2f}")
    return reasons
