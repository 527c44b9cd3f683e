"""Voice: a reply written out to be read aloud by a Polish text-to-speech engine.

No ``[n]`` markers and no symbols (→, /, „”, %, ×); every number is a word.
The rules run in a fixed order, most specific first, so a phone number is
not read as an amount and a date not as a decimal:

1. e-mail and web addresses ("reklamacje małpa modrzew kropka example");
2. phone numbers, digit by digit in their groups ("sześć zero jeden, dwa trzy cztery, ...");
   postal codes ("sześćdziesiąt jeden, zero zero jeden");
3. dates ("25.11.2026", "25 listopada", "2023 r.") as ordinals;
4. clock times ("8:00", "8.00", "8:00–20:00") as feminine ordinals;
5. amounts ("19,99 zł"), percentages, ranges ("3–5 dni") and units;
6. any number left: a cardinal, or digit by digit when it is a code (leading zero, five digits or more).

**Case.** Polish says dates and hours in the case the preceding word asks
for: "do dwudziestego piątego listopada", "o ósmej", "przed ósmą". A date
or hour after a preposition or "godz." takes that case; a date elsewhere
answers "kiedy?" and takes the genitive ("wysłane dziesiątego marca"), as
Polish does; a date or hour after a colon or at the start of a sentence is a
label and stays in the nominative ("Sylwester: trzydziesty pierwszy grudnia",
"ósma"). An hour range is read "od ósmej do dwudziestej".

**Gender.** "Pan/Pani" is read "Pan lub Pani" and "wysłał(a)" "wysłał lub
wysłała": the voice does not guess who is calling. Numbers agree with a
following feminine or neuter noun from a short list ("dwie godziny",
"jedno zamówienie"); Morfeusz would know every noun, but loading it costs
0.6 s and this stays a pure function.

>>> print(speak("Zwrot kosztuje 19,99 zł [1]. Masz 14 dni, do 25.11.2026 r. Infolinia: 8:00–20:00."))
Zwrot kosztuje dziewiętnaście złotych dziewięćdziesiąt dziewięć groszy. Masz czternaście dni, \
do dwudziestego piątego listopada dwa tysiące dwudziestego szóstego roku. Infolinia: od ósmej do dwudziestej.
>>> print(speak("Proszę napisać na reklamacje@modrzew.example albo zadzwonić pod 601 234 567."))
Proszę napisać na reklamacje małpa modrzew kropka example albo zadzwonić pod sześć zero jeden, \
dwa trzy cztery, pięć sześć siedem.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pomocbot.channels.spoken import (
    Case,
    Gender,
    cardinal,
    cardinal_genitive,
    digits,
    hour,
    money,
    ordinal,
    plural,
    prefix_form,
)

__all__ = ["speak"]

MONTHS = ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
          "października", "listopada", "grudnia")
_DASH = "[-–—]"
# The case a preposition asks of a following date or hour (feminine: godzina; masculine: dzień).
_CASE_AFTER: dict[str, Case] = {
    "do": "gen", "od": "gen", "z": "gen", "ze": "gen", "dnia": "gen", "około": "gen", "ok.": "gen",
    "sprzed": "gen", "godz.": "gen", "godziny": "gen", "począwszy": "gen", "aż": "gen",
    "o": "loc", "po": "loc", "w": "loc", "godzinie": "loc",
    "przed": "inst", "między": "inst", "za": "inst", "nad": "inst", "pod": "inst", "na": "acc",
}
# Words after which a number is in the genitive ("od stu dziewięćdziesięciu dziewięciu złotych").
_GENITIVE_BEFORE = frozenset("od do poniżej powyżej ciągu około ok. z ze bez dla u sprzed wysokości "
                             "spośród zamiast".split())
_FEMININE = re.compile(r"(?:godzin|minut|sekund|osob|osób|sztuk|rat[ay]?\b|przesyłk|paczk|noc|dob[ay]?\b|"
                       r"faktur|wiadomoś|złotówk|kart[ay]?\b|wpłat|zmian)", re.IGNORECASE)
_NEUTER = re.compile(r"(?:zamówieni|zgłoszeni|urządzeni|opakowani|konto\b|miejsc|okno\b|dziecko)",
                     re.IGNORECASE)
_UNITS = {
    "cm": ("centymetr", "centymetry", "centymetrów"), "mm": ("milimetr", "milimetry", "milimetrów"),
    "km": ("kilometr", "kilometry", "kilometrów"), "kg": ("kilogram", "kilogramy", "kilogramów"),
    "g": ("gram", "gramy", "gramów"), "l": ("litr", "litry", "litrów"), "szt.": ("sztuka", "sztuki", "sztuk"),
    "min": ("minuta", "minuty", "minut"), "h": ("godzina", "godziny", "godzin"),
    "godz.": ("godzina", "godziny", "godzin"), "MB": ("megabajt", "megabajty", "megabajtów"),
    "GB": ("gigabajt", "gigabajty", "gigabajtów"), "W": ("wat", "waty", "watów"),
}
_ABBREVIATIONS = (
    (r"\bsp\. z o\.\s?o\.", "spółka z ograniczoną odpowiedzialnością"),
    (r"\bm\.in\.", "między innymi"), (r"\bnp\.", "na przykład"), (r"\btzw\.", "tak zwany"),
    (r"\bprzy ul\.", "przy ulicy"), (r"\bul\.", "ulica"), (r"\bal\.", "aleja"), (r"\bnr\b\.?", "numer"),
    (r"\btel\.", "telefon"), (r"\b(o|po) godz\.", r"\1 godzinie"), (r"\bw godz\.", "w godzinach"),
    (r"\bgodz\.", "godziny"),
    (r"\bart\.", "artykuł"), (r"\bust\.", "ustęp"), (r"\bpkt\b\.?", "punkt"), (r"\bitp\.", "i tym podobne"),
    (r"\bitd\.", "i tak dalej"), (r"\bok\.", "około"), (r"\btj\.", "to jest"), (r"\btzn\.", "to znaczy"),
    (r"\bwg\b", "według"), (r"\bds\.", "do spraw"), (r"\bdot\.", "dotyczy"), (r"\bzł\b", "złotych"),
    (r"\bpn\b\.?", "poniedziałek"), (r"\bwt\b\.?", "wtorek"), (r"\bśr\b\.?", "środa"),
    (r"\bczw\b\.?", "czwartek"), (r"\bpt\b\.?", "piątek"), (r"\bsob\b\.?", "sobota"),
    (r"\b(?:nd|ndz|niedz)\b\.?", "niedziela"), (r"\bwww\.", "wu wu wu kropka "),
)
_DAY = "(pn|pon|wt|śr|czw|pt|sob|nd|ndz)"
_WEEKDAY_RANGE = re.compile(rf"\b{_DAY}\.?\s?{_DASH}\s?{_DAY}\b\.?")
_WEEKDAY_GEN = {"pn": "poniedziałku", "pon": "poniedziałku", "wt": "wtorku", "śr": "środy", "czw": "czwartku",
                "pt": "piątku", "sob": "soboty", "nd": "niedzieli", "ndz": "niedzieli"}

_MARKER = re.compile(r"\s*\[\d+\]")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_URL = re.compile(r"\b(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:pl|com|eu|org|net|example|info|io)"
                  r"\b(?:/[\w./?=&%-]*)?", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w,])(?:(\+48|0048)[ \u00a0-]?)?(\d{3}[ \u00a0-]\d{3}[ \u00a0-]\d{3}|"
                    r"\d{2}[ \u00a0-]\d{3}[ \u00a0-]\d{2}[ \u00a0-]\d{2}|\d{9})(?!\d|,\d|\s?zł)")
_SHORT_PHONE = re.compile(r"\b(pod|nr\.?|numer|numerem|tel\.|telefon|telefonu|infolinia:?)\s"
                          r"(\d{3}(?: \d{3})?)\b"
                          r"(?![\d,]|\s?(?:zł|dni|%))", re.IGNORECASE)
# Order numbers and references: "260501-1234", "RK/2026/01234" (read part by part, digit by digit when long).
_CODE = re.compile(r"\b(?=[\w/-]*\d)(?:\d{5,}(?:-\d+)+|\w+(?:/\w+)+)\b")
_POSTAL = re.compile(r"\b(\d{2})-(\d{3})\b")
_DATE_NUMERIC = re.compile(r"\b(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?\b(?:\s?(r\.|roku))?(?![\d:])")
# "25 listopada", and "2 i 3 maja": every day of such a list.
_DATE_WORDS = re.compile(r"\b(\d{1,2})(?=(?:\s?(?:,|i|lub|albo|oraz)\s?\d{1,2})*\s(?:"
                         + "|".join(MONTHS) + r")\b)")
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\s?(r\.|roku)(?!\w)")
_CLOCK = r"([01]?\d|2[0-4])[:.]([0-5]\d)\b"
_TIME = re.compile(r"\b" + _CLOCK + r"(?:\s?" + _DASH + r"\s?" + _CLOCK + ")?")
_MONEY = re.compile(r"([+-]\s?)?\b(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:,(\d{1,2}))?\s?(zł|PLN|złotych|zl)"
                    r"(?!\w)")
_PERCENT = re.compile(r"\b(\d+)(?:,(\d+))?\s?%")
_RANGE = re.compile(r"\b(\d{1,4})\s?" + _DASH + r"\s?(\d{1,4})\b(?=\s*([\wąćęłńóśźż.]*))")
_UNIT = re.compile(r"\b(\d+)(?:,(\d+))?\s?(" + "|".join(re.escape(u) for u in _UNITS)
                   + r")(?=\s|[,;:!?]|\.\s|\.?$)")
_TIMES_SIGN = re.compile(r"(\d)\s?[×x]\s?(\d)")
_COMPOUND = re.compile(r"\b(\d+)-(?=[a-ząćęłńóśźż])")
_LIST_ITEM = re.compile(r"(^|[:.!?,]\s+)(\d{1,2})[.)]\s+(?=\S)", re.MULTILINE)
_GROUPED = re.compile(r"\b\d{1,3}(?:[ \u00a0]\d{3})+\b")
_NUMBER = re.compile(r"\d+(?:,\d+)?")
_SLASH_WORDS = re.compile(r"\b([A-Za-zĄĆĘŁŃÓŚŹŻąćęłńóśźż]+)/([A-Za-zĄĆĘŁŃÓŚŹŻąćęłńóśźż]+)\b")
_GENDER_ENDING = re.compile(r"\b(\w+)\((a|am|aś|y)\)")


def _preceding(text: str, start: int) -> str:
    before = text[:start].rstrip()
    match = re.search(r"(\S+)$", before)
    return match.group(1).lower() if match else ""


def _label(text: str, start: int) -> bool:
    """A date or hour after a colon, at the start of a sentence or a line."""
    before = text[:start].rstrip()
    return not before or before[-1] in ":.!?\n"


def _case_at(text: str, start: int, default: Case) -> Case:
    word = _preceding(text, start)
    if word in _CASE_AFTER:
        return _CASE_AFTER[word]
    return "nom" if _label(text, start) else default


def _gender_of(following: str) -> Gender:
    if _FEMININE.match(following):
        return "f"
    return "n" if _NEUTER.match(following) else "m"


def _number_words(value: str, following: str = "") -> str:
    if "," in value:
        whole, fraction = value.split(",", 1)
        after = digits(fraction) if fraction.startswith("0") else cardinal(int(fraction))
        return f"{cardinal(int(whole))} przecinek {after}"
    if len(value) >= 5 or (len(value) > 1 and value.startswith("0")):
        return digits(value)  # an order number or a code: read digit by digit
    return cardinal(int(value), _gender_of(following))


def _sub(pattern: re.Pattern[str], text: str, spoken: Callable[[re.Match[str], str], str]) -> str:
    """Like ``pattern.sub`` but the replacement also sees the text (for the preceding word)."""
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(text[last:match.start()])
        out.append(spoken(match, text))
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def _address(match: re.Match[str], _text: str) -> str:
    value = match.group().removeprefix("https://").removeprefix("http://")
    value = re.sub(r"^www\.", "wu wu wu.", value)
    for symbol, word in (("@", " małpa "), (".", " kropka "), ("/", " ukośnik "), ("-", " myślnik "),
                         ("_", " podkreślnik "), ("+", " plus ")):
        value = value.replace(symbol, word)
    return re.sub(r"\d+", lambda m: _number_words(m.group()), " ".join(value.split()))


def _code(match: re.Match[str], _text: str) -> str:
    parts = re.split(r"([/-])", match.group())
    spoken = []
    for part in parts:
        if part == "/":
            spoken.append("łamane przez")
        elif part == "-":
            spoken.append(",")
        elif part.isdigit():
            spoken.append(_number_words(part))
        else:
            spoken.append(re.sub(r"\d+", lambda m: " " + _number_words(m.group()) + " ", part))
    return " ".join(spoken).replace(" ,", ",")


def _phone(match: re.Match[str], _text: str) -> str:
    prefix = "plus czterdzieści osiem, " if match.group(1) else ""
    groups = re.split(r"[ \u00a0-]", match.group(2))
    if len(groups) == 1:
        groups = [groups[0][i:i + 3] for i in range(0, len(groups[0]), 3)]
    return prefix + ", ".join(digits(g) for g in groups)


def _date(day: int, month: int, year: int | None, case: Case, with_roku: bool) -> str:
    spoken = f"{ordinal(day, case=case)} {MONTHS[month - 1]}"
    if year is not None:
        spoken += f" {ordinal(year, case='gen')}" + (" roku" if with_roku else "")
    return spoken


def _sentence_end(match: re.Match[str], text: str) -> str:
    """The full stop of an "r." that also ended its sentence."""
    if match.group().endswith("r.") and re.match(r"\s*(?:$|[A-ZĄĆĘŁŃÓŚŹŻ])", text[match.end():]):
        return "."
    return ""


def _numeric_date(match: re.Match[str], text: str) -> str:
    day, month = int(match.group(1)), int(match.group(2))
    if not (1 <= day <= 31 and 1 <= month <= 12) or _preceding(text, match.start()) in ("godz.", "godziny"):
        return match.group()
    year = int(match.group(3)) if match.group(3) else None
    spoken = _date(day, month, year, _case_at(text, match.start(), "gen"), with_roku=year is not None)
    if match.group(4) and year is None:
        spoken += " roku"
    return spoken + _sentence_end(match, text)


def _word_date(match: re.Match[str], text: str) -> str:
    day = int(match.group(1))
    if not 1 <= day <= 31:
        return match.group()
    return ordinal(day, case=_case_at(text, match.start(), "gen"))


def _year(match: re.Match[str], text: str) -> str:
    case = _case_at(text, match.start(), "gen")
    year = ordinal(int(match.group(1)), case="gen" if case == "nom" else case)
    return f"{year} roku{_sentence_end(match, text)}"


def _time(match: re.Match[str], text: str) -> str:
    h, m = int(match.group(1)), int(match.group(2))
    if match.group(3) is not None:
        to = hour(int(match.group(3)), int(match.group(4)), case="gen")
        lead = "" if _preceding(text, match.start()) == "od" else "od "
        return f"{lead}{hour(h, m, case='gen')} do {to}"
    return hour(h, m, case=_case_at(text, match.start(), "nom"))


def _genitive_here(text: str, start: int) -> bool:
    return _preceding(text, start) in _GENITIVE_BEFORE


def _money(match: re.Match[str], text: str) -> str:
    sign = {"+": "plus ", "-": "minus "}.get((match.group(1) or "").strip(), "")
    zloty = int(re.sub(r"\D", "", match.group(2)))
    grosze = int((match.group(3) or "0").ljust(2, "0"))
    if not _genitive_here(text, match.start()):
        return sign + money(zloty, grosze)
    parts = []
    if zloty or not grosze:
        parts.append(f"{cardinal_genitive(zloty)} {'złotego' if zloty == 1 else 'złotych'}")
    if grosze:
        parts.append(f"{cardinal_genitive(grosze)} {'grosza' if grosze == 1 else 'groszy'}")
    return sign + " ".join(parts)


def _percent(match: re.Match[str], _text: str) -> str:
    value = match.group(1) + (f",{match.group(2)}" if match.group(2) else "")
    return f"{_number_words(value)} procent"


def _range(match: re.Match[str], text: str) -> str:
    low, high = int(match.group(1)), int(match.group(2))
    noun = match.group(3)
    if _genitive_here(text, match.start()):
        return f"{cardinal_genitive(low)} lub {cardinal_genitive(high)}"  # "w ciągu dwóch lub trzech dni"
    if high % 10 in (2, 3, 4) and high % 100 not in (12, 13, 14) and high - low == 1:
        gender = _gender_of(noun)
        return f"{cardinal(low, gender)} lub {cardinal(high, gender)}"  # "dwa lub trzy tygodnie"
    return f"od {cardinal_genitive(low)} do {cardinal_genitive(high)}"  # the noun is genitive after 5+


def _unit(match: re.Match[str], text: str) -> str:
    one, few, many = _UNITS[match.group(3)]
    if not match.group(2) and _genitive_here(text, match.start()):
        n = int(match.group(1))
        return f"{cardinal_genitive(n)} {many if n != 1 else few}"
    if match.group(2):
        return f"{_number_words(match.group(1) + ',' + match.group(2))} {many}"
    n = int(match.group(1))
    gender: Gender = "f" if one in ("sztuka", "minuta", "godzina") else "m"
    return f"{cardinal(n, gender)} {plural(n, one, few, many)}"


def _list_item(match: re.Match[str], _text: str) -> str:
    return f"{match.group(1)}Po {ordinal(int(match.group(2)), gender='n')}, "


def _remaining(match: re.Match[str], text: str) -> str:
    value = match.group()
    plain_number = value.isdigit() and len(value) < 5 and not value.startswith("0")
    if plain_number and _genitive_here(text, match.start()):
        return cardinal_genitive(int(value))
    return _number_words(value, text[match.end():].lstrip())


def _symbols(text: str) -> str:
    text = _SLASH_WORDS.sub(r"\1 lub \2", text)
    text = _GENDER_ENDING.sub(lambda m: f"{m.group(1)} lub {m.group(1)}{m.group(2)}", text)
    text = re.sub(r"\s*→\s*", ", potem ", text)
    text = re.sub(r"[„”\"“«»*#|_~^`<>{}\[\]]", "", text)
    text = re.sub(r"\s*[()]\s*", ", ", text)
    text = re.sub(r"\s+[–—-]\s+|\s*[–—]\s*", ", ", text)
    text = re.sub(r"(?m)^\s*[-•]\s*", "", text)
    text = text.replace("&", " i ").replace("+", " plus ").replace("=", " równa się ").replace("/", " ")
    text = text.replace("…", " ").replace(";", ",").replace("×", " na ").replace("%", " procent")
    text = re.sub(r"[^\w\s.,:?!'\-]", " ", text)
    text = re.sub(r"\s+([.,:?!])", r"\1", text)
    text = re.sub(r",(\s*,)+", ",", text)
    text = re.sub(r",\s*([.:?!])", r"\1", text)
    text = re.sub(r"([:.!?])\s*,", r"\1", text)
    text = re.sub(r"(?m)^\s*,\s*", "", text)
    return text


def speak(text: str) -> str:
    """``text`` with every number, symbol and abbreviation written as it is said (see the module doc)."""
    text = _MARKER.sub("", text)
    text = _sub(_EMAIL, text, _address)
    text = _sub(_URL, text, _address)
    text = _sub(_PHONE, text, _phone)
    text = _sub(_CODE, text, _code)
    text = _SHORT_PHONE.sub(lambda m: f"{m.group(1)} " + ", ".join(map(digits, m.group(2).split())), text)
    text = _sub(_POSTAL, text, lambda m, _t: f"{cardinal(int(m.group(1)))}, {digits(m.group(2))}")
    text = _sub(_LIST_ITEM, text, _list_item)
    text = _sub(_DATE_NUMERIC, text, _numeric_date)
    text = _sub(_DATE_WORDS, text, _word_date)
    text = _sub(_YEAR, text, _year)
    text = _WEEKDAY_RANGE.sub(lambda m: f"od {_WEEKDAY_GEN[m.group(1)]} do {_WEEKDAY_GEN[m.group(2)]}", text)
    text = _sub(_TIME, text, _time)
    text = _sub(_MONEY, text, _money)
    text = _sub(_PERCENT, text, _percent)
    text = _TIMES_SIGN.sub(r"\1 na \2", text)
    text = _sub(_UNIT, text, _unit)
    text = _sub(_RANGE, text, _range)
    text = _COMPOUND.sub(lambda m: prefix_form(int(m.group(1))), text)
    text = _GROUPED.sub(lambda m: re.sub(r"\D", "", m.group()), text)
    text = re.sub(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])", " ", text)  # "Przelewy24", "2FA"
    text = _sub(_NUMBER, text, _remaining)
    for pattern, spoken in _ABBREVIATIONS:
        text = re.sub(pattern, spoken, text)
    text = _symbols(text)
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
