"""Polish frustration lexicons: stems, phrases and obfuscated profanity.

Every entry was written by hand from knowledge of Polish; nothing here is
derived from the shared data sets (they are only for measuring). Entries are
matched on *folded* text (:func:`fold_keeping_length`: lower case, no
diacritics, leetspeak digits inside words read as letters), and single words
are stems matched at a word start, so every case ending counts: ``wkurz``
matches "wkurzony", "wkurzają", "wkurzyłem".

Weights are in "evidence units": 1.0 is one clear sign of anger. They were
set by hand on our own example tables (``tests/escalate``) in three tiers:
mild dissatisfaction 0.3-0.5 ("niestety", "problem"), clear negativity 0.6-0.9
("skandal", "nie polecam"), and open hostility 1.2-1.6 (profanity, insults,
churn threats). Only the *tiers* were then checked against aggregate AUC on
a tuning half of the benchmark data; no text was read to pick words.

>>> fold_keeping_length("Kurw@, ŻENADA!!!")
'kurwa, zenada!!!'
>>> len(fold_keeping_length("Świetna obsługa")) == len("Świetna obsługa")
True

``fold_for_matching`` is the older name of :func:`fold_keeping_length`, kept as an alias. It is
not :func:`pomocbot.escalate.triggers.fold_for_matching` (that one, ``fold_squeezing_runs``, also
shortens letter runs, so its offsets drift from the original's).
>>> unmask_profanity("k***a"), unmask_profanity("sp******ac"), unmask_profanity("m***a")
('kurwa', 'spierdalac', None)
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = [
    "AT_US",
    "IRONY_MARKER",
    "LEXICON",
    "MASKED_WORD",
    "NEGATION",
    "POSITIVE",
    "PRAISE",
    "PROBLEM",
    "LexiconEntry",
    "fold_for_matching",
    "fold_keeping_length",
    "is_negated",
    "unmask_profanity",
]

_FOLD = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzacelnoszz")
_LEET = {"@": "a", "4": "a", "3": "e", "0": "o", "1": "i", "$": "s", "5": "s"}
# a leet character only counts when it touches a letter: "od 3 dni" keeps its 3
_LEET_RE = re.compile(r"(?<=[a-z])[@43105$]|[@43105$](?=[a-z])")


def fold_keeping_length(text: str) -> str:
    """Lower-case, strip Polish diacritics and read leetspeak; same length as ``text``.

    Offsets found in the folded text are offsets in the original.

    >>> fold_keeping_length("JEST ŹLE, d3bile")
    'jest zle, debile'
    >>> fold_keeping_length("İ")  # a lower case two characters long is cut to one
    'i'
    """
    low = text.translate(_FOLD).lower()
    if len(low) != len(text):  # rare letters whose lower case is longer (e.g. "İ")
        low = "".join(ch.translate(_FOLD).lower()[:1] or ch for ch in text)
    return _LEET_RE.sub(lambda m: _LEET[m.group()], low)


fold_for_matching = fold_keeping_length
"""The older name of :func:`fold_keeping_length` (``frustration`` and its tests import it)."""


class LexiconEntry(NamedTuple):
    """One lexicon group: signal ``kind``, ``weight``, compiled ``pattern``,
    and whether a preceding negation ("nie", "bez", "żaden") cancels it."""

    kind: str
    weight: float
    pattern: re.Pattern[str]
    negatable: bool


def _stems(*stems: str) -> str:
    # a stem matches at a word start and takes any ending
    return r"\b(?:" + "|".join(stems) + r")\w*"


def _words(*words: str) -> str:
    # whole words only (stems that would swallow innocent words: "suka" vs "sukces")
    return r"\b(?:" + "|".join(words) + r")\b"


def _phrases(*phrases: str) -> str:
    return r"\b(?:" + "|".join(phrases) + r")"


_ANGER = _stems(
    "wkurz", "zdenerw", "denerw", "wscie", "furi", "irytu", "zirytow", "irytac", "oburz",
    "bulwers", "szlag", "wnerw", "rozwscieczon", "wkurzon",
)
_ANGER_PHRASES = _phrases(
    r"mam (?:juz )?(?:tego |was )?dosc", r"dosc tego", r"nie wytrzymam", r"puszczaja mi nerwy",
    r"konczy mi sie cierpliwosc", r"trac\w* cierpliwosc", r"jestem zl[ya]", r"jestem wsciek\w*",
    r"krew mnie zalewa", r"co za (?:ludzie|firma|obsluga|sklep)", r"to jakis zart",
    r"smiech na sali", r"nie do przyjecia", r"co wy sobie wyobrazacie", r"jak tak mozna",
)
_STRONG_NEGATIVE = _stems(
    "skandal", "zenad", "zenuj", "beznadziej", "dramat", "tragedi", "tragiczn", "kpin", "porazk",
    "fatal", "okropn", "rozczarow", "niedopuszczaln", "masakr", "koszmar", "oszu", "zlodziej",
    "okradl", "okradz", "naciag", "kompromitac", "skompromit", "chamst", "chamsk", "bezczel",
    "arogan", "lekcewaz", "zlekcewaz", "olewa", "olewk", "olal", "zbywa", "zbyl", "hanb",
    "obrzydliw", "ohydn", "paranoj", "absurd", "niekompetent", "nieprofesjonaln", "opryskliw",
    "najgorsz", "odradzam", "badziew", "bubel", "bubl", "szajs", "tandet", "chlam", "syf",
    "smierdz", "smrod", "obskurn", "klamst", "klamc", "oklam", "sciem", "zawiod", "zawiedz",
    "wstyd",
)
_STRONG_NEGATIVE_PHRASES = _phrases(
    r"nie polecam", r"nie kupujcie", r"nie warto", r"strata (?:czasu|pieniedzy|kasy)",
    r"szkoda (?:czasu|pieniedzy|kasy|nerwow)", r"wyrzucone pieniadze", r"omijac\w*",
    r"omijajcie", r"szerokim lukiem", r"do (?:dupy|bani|niczego|kitu)", r"\bdno\b",
    r"dno i metr mulu", r"nie nadaje sie", r"nie dziala", r"przestal\w* dzialac",
    r"nie zgadza sie", r"niezgodn\w* z opisem", r"wprowadz\w* w blad", r"nikt nie odpowiada",
    r"nikt nic nie", r"zero (?:kontaktu|odpowiedzi|informacji|pomocy)", r"brak (?:kontaktu|odpowiedzi)",
)
_MILD_NEGATIVE = _stems(
    "niestety", "problem", "klopot", "pretensj", "reklamac", "zepsu", "popsu", "uszkodz", "wadliw",
    "usterk", "awari", "defekt", "pekl", "peka", "rozpad", "porysow", "zarysow", "brud",
    "kiepsk", "slab", "marn", "nedzn", "lipn", "niemil", "nieuprzejm", "niegrzeczn", "nieprzyjemn",
    "niezadowol", "niesmacz", "niedobr", "gorsz", "gorzej", "straszn", "ignoruj", "zignorow",
    "zaniedban", "niedzial", "nieczyn", "blad", "bled", "pomylk", "opozni", "spozni", "zgubi",
    "zaginel", "zaginie", "nieodpowiedzialn", "niechlujn", "balagan", "halas", "zlosc", "zlosci",
    "smutn", "przykr", "niepowaz", "lipa",
) + "|" + _words("zly", "zla", "zle", "zlo", "zlego", "zlej", "zlym", "zli", "wada", "wady", "wade")
_MILD_NEGATIVE_PHRASES = _phrases(
    r"nie dostal\w*", r"nie otrzymal\w*", r"nie dotarl\w*", r"nie doszl\w*", r"nie przyszl\w*",
    r"nie odpowiad\w*", r"nie spelnia", r"zwrot pieniedzy", r"nie trzyma", r"odpada",
    r"rozkleil\w*", r"nie tak", r"nie ma kontaktu",
    # a delay told as a fact: "przyszła po miesiącu", "odpisali dopiero po dwóch tygodniach"
    r"dopiero po\b",
    r"(?:przyszl|dotarl|doszl|przyjech|dojech|wyslal|wyslan|odpisal|oddzwoni|zwrocil|oddal)\w* "
    r"(?:\w+ )?po (?:\w+ )?(?:miesiac\w*|tygodni\w*|tygodniu|kilkunastu dniach|\d{2,} dniach)",
)
_PROFANITY = _stems(
    "kurw", "skurw", "kurews", "chuj", "huj", "chuj", "ch00j",
    r"(?:za|wy|na|po|do|od|prze|roz|u|z|s|w|przy)?jeb", "jebn",
    r"(?:s|w|wy|od|za|przy|roz|pod|na|po|prze|do)?pierd", "pizd", "gown", "zasran", "spieprz",
    "wypieprz", "odpieprz", "pieprzon", "cholern", "cholera", "dupk",
) + "|" + _words("dupa", "dupy", "dupe", "dupie", "dupo", "fuck", "shit", "wtf", "cipa", "cipo", "cipy")
_INSULT = _stems(
    "idiot", "idioc", "debil", "kretyn", "imbecyl", "matol", "palant", "frajer", "dureni", "durni",
    "cham(?!p)", "bydl", "pajac", "blazn", "oszolom", "scierw", "gnoj", "mend", "szuj", "lajdak",
    "gamon", "cwel", "psychol", "swir", "popapr", "cwok", "tuman", "gnid", "padalc", "kmiot",
    "prostak", "menel", "holot", "szmat", "dziwk", "lamus", "nieuk", "tepak", "tepy", "tepa",
    "nieudacz", "partacz", "patalach", "niedojd", "pacan", "ciul", "zjeb", "pojeb", "glupek",
    "glupc", "glupi(?!o)", "zlamas", "kanalio", "kanalie", "kanalia", "dyletan",
    "upierdliw", "zidiocial", "wariat", "hipokry", "klamca", "zdrajc", "zakal",
) + "|" + _words(
    "duren", "suka", "suko", "suki", "dzban", "dzbanie", "dzbany", "baran", "baranie", "osle",
    "swinia", "swinio", "swinie", "malpo", "ryj", "ryja", "morde", "morda", "gad", "gadzie",
    "smieciu", "smiec", "cioto", "ciota", "ciole", "pedale", "lachudra",
)
_INSULT_PHRASES = _phrases(
    r"banda (?:oszustow|zlodziei|idiotow|kretynow|debili|nieudacznikow|amatorow|cwaniakow|partaczy)",
    r"zamknij (?:mordo|morde|ryj|pysk|jape)", r"spadaj", r"zdychaj", r"zdechn\w*", r"wal sie",
    r"zabij sie", r"won\b", r"odwal sie", r"idz do diabla", r"powinn\w* cie zamknac",
    r"nie masz mozgu", r"brak mozgu",
)
_SARCASM = _phrases(
    r"dzieki za nic", r"dziekuje za nic", r"dziekuje bardzo za nic", r"no brawo", r"brawo wy",
    r"gratuluje", r"gratulacje", r"jasne,? jasne", r"no jasne",
    r"juz to widze", r"bardzo smieszne", r"no pieknie", r"no ladnie",
    r"jak zwykle", r"mistrzowie", r"geniusze", r"wielkie dzieki\W+(?:naprawde|serio)",
    r"serio\?", r"naprawde\?!", r"super,? dzieki za nic", r"pieknie dziekuje",
)
_TIME_PRESSURE = _phrases(
    r"(?:drugi|trzeci|czwarty|piaty|szosty|kolejny|n-ty|enty|setny|ktorys|\d+\.?) raz",
    r"po raz (?:drugi|trzeci|czwarty|piaty|kolejny|n-ty|enty|setny|ktorys)",
    r"od (?:tygodnia|tygodni|miesiaca|miesiecy|"
    r"(?:dwoch|trzech|kilku|wielu|paru|\d+) (?:tygodni|dni|miesiecy))",
    r"ile (?:mozna|mam|jeszcze|bede) czekac", r"ile (?:jeszcze|razy)",
    r"(?:wciaz|nadal|dalej|ciagle|do tej pory|do dzis|do dzisiaj) (?:nic|brak|czekam|nie ma|nie)",
    r"czekam i czekam", r"czekam juz", r"juz (?:tydzien|miesiac|\d+ dni|dwa tygodnie|trzy tygodnie)",
    r"minel\w* (?:tydzien|miesiac|\d+ dni|dwa tygodnie|trzy tygodnie)",
    r"(?:zadnej|bez) odpowiedzi", r"pilne\b", r"natychmiast", r"asap", r"kiedy (?:w koncu|wreszcie)",
    r"jak dlugo", r"caly czas czekam", r"kolejny (?:tydzien|dzien|miesiac)",
)
_CHURN = _phrases(
    r"z?rezygnuj\w*", r"nigdy wiecej", r"nigdy juz", r"ostatni raz (?:u was|zamawiam|kupuje|korzystam)",
    r"pierwszy i ostatni", r"odchodze",
    r"do konkurencji", r"(?:usuwam|usuncie|zamykam|zamknijcie|likwiduje) (?:moje |swoje )?konto",
    r"wiecej nie (?:kupie|zamowie|skorzystam)", r"nie kupie (?:u was )?wiecej", r"ostrzegam innych",
    r"(?:wystawi\w*|dam|zostawie) (?:negatywn\w*|zl\w*) (?:opini\w*|komentarz\w*|ocen\w*)",
    r"negatywn\w* (?:opini\w*|komentarz\w*)", r"moja noga", r"opisze to", r"noga moja",
    r"wypowiadam umow\w*",
)

LEXICON: tuple[LexiconEntry, ...] = (
    LexiconEntry("profanity", 1.3, re.compile(_PROFANITY), False),
    LexiconEntry("insult", 1.5, re.compile(_INSULT), True),
    LexiconEntry("insult", 1.5, re.compile(_INSULT_PHRASES), False),
    LexiconEntry("anger", 1.0, re.compile(_ANGER), True),
    LexiconEntry("anger", 1.0, re.compile(_ANGER_PHRASES), True),
    LexiconEntry("negative", 0.8, re.compile(_STRONG_NEGATIVE), True),
    LexiconEntry("negative", 0.8, re.compile(_STRONG_NEGATIVE_PHRASES), False),
    LexiconEntry("complaint", 0.4, re.compile(_MILD_NEGATIVE), True),
    LexiconEntry("complaint", 0.4, re.compile(_MILD_NEGATIVE_PHRASES), False),
    LexiconEntry("sarcasm", 0.9, re.compile(_SARCASM), False),
    LexiconEntry("time_pressure", 0.8, re.compile(_TIME_PRESSURE), False),
    LexiconEntry("churn", 1.2, re.compile(_CHURN), False),
)
"""Lexicon groups in matching order; see the module docstring for the weights."""

POSITIVE = re.compile(_stems(
    "polec", "dziek", "dzieki", "super", "swietn", "doskonal", "znakomi", "rewelac", "idealn",
    "zadowol", "wspanial", "fajn", "solidn", "wygodn", "piekn", "profesjonaln", "rzetel",
    "uprzejm", "mil[yaeo]", "pomocn", "sprawn", "szybk", "ekspresow", "perfekc", "bezproblem", "bomb",
    "extra", "ekstra", "najlepsz", "cudown", "genialn", "pozdrawiam", "zachwyc", "smaczn",
) + "|" + _phrases(r"bez zarzutu", r"bez problemu", r"zgodn\w* z opisem", r"jak najbardziej",
                   r"wszystko ok", r"\bok\b", r"dobr\w*", r"warto\b"))
"""Words of satisfaction; each lowers a message's evidence a little (see frustration)."""

PRAISE = re.compile(_phrases(
    r"(?:swietn|super|wspanial|rewelacyjn|profesjonaln|doskonal|cudown)\w* "
    r"(?:obslug|kontakt|podejsci|firm|sklep|serwis|robot)\w*",
    r"super\b", r"swietnie", r"brawo", r"gratul\w*", r"dziek\w*", r"cudownie",
))
"""Praise that turns into sarcasm when the same message is negative."""

IRONY_MARKER = re.compile(
    r"\b\w*([a-z])\1\1\w*|;\)|;-\)|\U0001f643|\U0001f609|\U0001f644|"
    r"[\"\u201e\u201d\u00ab\u00bb']\w+[\"\u201d\u00bb']|\bpo prostu\b|\bno (?:to )?(?:super|pieknie|swietnie)"
)
"""What makes praise next to a complaint ironic: a stretched word ("baaardzo"), a wink, quotes
around a word, "po prostu", "no to super"."""

PROBLEM = re.compile(_phrases(
    r"gdzie (?:jest |sa |sie podzial\w* )?(?:moj\w*|ta |ten |to |te |nasz\w*)",
    r"kiedy (?:w koncu |wreszcie )?(?:dostane|przyjdzie|dojdzie|dotrze|bedzie|wyslecie|oddacie|zwrocicie)",
    r"co (?:sie dzieje |jest )?z (?:moj\w*|ta |tym |ta )", r"dlaczego (?:nie|nadal|wciaz|znowu)",
    r"czemu (?:nie|nadal|wciaz|znowu)",
))
"""A problem the customer asks about ("gdzie moja paczka", "kiedy w końcu dostanę"): a curse next to
one is anger at the situation, not a habit of speech."""

AT_US = re.compile(r"\b(?:was|wami|wam|wy|wasz\w*|tym sklep\w*|ta firm\w*|tej firm\w*|ten sklep|ta obslug\w*|"
                   r"tej obslug\w*)\b")
"""The company addressed ("mam was dość", "wasza obsługa to żenada"): anger aimed at us."""

NEGATION = re.compile(r"\b(?:nie|bez|ani|zaden|zadn\w*|zero|wcale nie|nigdy nie)\s+(?:\w+\s+)?$")
"""A negation at most one word before a match: "nie jestem zły", "bez pretensji"."""

MASKED_WORD = re.compile(r"\b[a-z]*[*#%]+[a-z]*[*#%]*[a-z]*")
"""A word with masking characters: "k***a", "ch*j", "sp******ac"."""

_MASKED_FORMS = (
    "kurwa", "kurwy", "kurwo", "kurwe", "kurwica", "skurwysyn", "skurwiel", "chuj", "chuja", "chuju",
    "chujowy", "chujowo", "jebac", "jebany", "jebana", "jebane", "jebie", "jebal", "zajebac", "zajebiscie",
    "pojebany", "pojebane", "zjebany", "zjebali", "wyjebac", "pierdolic", "pierdole", "pierdolony",
    "pierdolona", "pierdolone", "spierdalac", "spierdalaj", "spierdolic", "spierdolili", "wypierdalac",
    "wypierdalaj", "odpierdol", "pizda", "pizdy", "pizdo", "gowno", "gowna", "fuck", "debil", "idiota",
)


def unmask_profanity(word: str) -> str | None:
    """The profane word that a masked spelling stands for, or ``None``.

    The letters shown must be the start and end of a known profane form and
    the mask must hide at least one letter; the word must show a letter.

    >>> unmask_profanity("ch*j"), unmask_profanity("j*bac"), unmask_profanity("***")
    ('chuj', 'jebac', None)
    """
    parts = re.split(r"[*#%]+", word)
    head, tail = parts[0], parts[-1]
    if not head:
        return None
    inner = [p for p in parts[1:-1] if p]
    for form in _MASKED_FORMS:
        if (form.startswith(head) and form.endswith(tail)
                and len(head) + len(tail) < len(form) and all(p in form for p in inner)):
            return form
    return None


def is_negated(folded: str, start: int) -> bool:
    """Whether a negation stands at most one word before ``folded[start:]``.

    >>> t = fold_keeping_length("Nie jestem zły, nie ma problemu")
    >>> is_negated(t, t.index("zly")), is_negated(t, t.index("problemu"))
    (True, True)
    >>> is_negated("to jest skandal", 8)
    False
    """
    return NEGATION.search(folded, max(0, start - 24), start) is not None
