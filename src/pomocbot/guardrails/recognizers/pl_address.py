"""Polish street address: "ul./al./os./pl." or the full word, a name and a house number.

>>> r = PlAddressRecognizer()
>>> text = "Proszę wysłać na Kraków, ul. Długa 5/3."
>>> [(text[x.start:x.end], x.score) for x in r.analyze(text, ["ADRES"])]
[('Kraków, ul. Długa 5/3', 0.6)]
>>> text = "mieszkam na os. Tysiąclecia 12 m. 5"
>>> [text[x.start:x.end] for x in r.analyze(text, ["ADRES"])]
['os. Tysiąclecia 12 m. 5']
>>> text = "Proszę wysłać na Długiej 5/7 w Warszawie, a nie na Black Friday 2024."
>>> [text[x.start:x.end] for x in r.analyze(text, ["ADRES"])]
['Długiej 5/7 w Warszawie']
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from pomocbot.guardrails.recognizers.common import polish_pattern_init
from pomocbot.guardrails.recognizers.pl_postal_code import CITY

__all__ = ["PlAddressRecognizer"]

_UP = "A-ZĄĆĘŁŃÓŚŹŻ"
_LOW = "a-ząćęłńóśźż"
# Titles inside street names: "ul. gen. Józefa Bema", "al. św. Marcina", "pl. im. ..."
_TITLE = r"(?:gen|ks|św|im|marsz|prof|dr|bp|abp|kard|płk|mjr|kpt|por|hetm|kr|gm)\. ?"
_CAP_WORD = rf"[{_UP}][\w'.-]*"
# "Długa", "3 Maja", "Jana Pawła II", "gen. Józefa Bema", "Nad Wisłą", "Marii Skłodowskiej-Curie"
_NAME = (
    rf"(?:\d{{1,2}} )?(?:{_TITLE}){{0,2}}{_CAP_WORD}"
    rf"(?: (?:(?:i|z|ze|nad|pod|na|w|przy) )?(?:{_TITLE})?{_CAP_WORD}){{0,4}}"
)
# Customers often type the name lower-case after an abbreviation: "ul. długa 5".
_NAME_LOWER = rf"[{_LOW}][\w'-]*(?: [{_LOW}][\w'-]*)?"
# "5", "5a", "5/3", "5A/12", "5 m. 3", "5, lok. 2"
_NUMBER = (
    r"\d{1,4}[A-Za-z]?(?: ?/ ?\d{1,4}[A-Za-z]?|,? (?:m\.?|lok\.?|mieszk\.?) ?\d{1,4}[A-Za-z]?)?(?![\w/])"
)
_ABBREV = r"(?:[Uu]l|[Aa]l|[Oo]s|[Pp]l)\. ?"
_WORD = (
    r"(?:[Uu]lic[aeyę]|[Uu]licą|[Aa]lej[aeię]|[Aa]lei|[Aa]leją|[Oo]siedl[eua]|[Oo]siedlem"
    r"|[Pp]lac|[Pp]lacu|[Pp]lacem) "
)
_CITY = rf"(?:{CITY}, ?)?"


# -- a street without "ul." ("na Długiej 5/7 w Warszawie", "Kwiatowa 3a/2, 00-950 Warszawa") ----------
# A capitalised name and a house number of at most three digits (a year, "Black Friday 2024", is four),
# then optionally "w <town>" or ", <postal code> <town>". Such a pair is also a product and its size
# ("Pralka Bosch 7 kg") or a brand and a count ("Allegro 5 dni"), so it is an address only when
#   * a postal code follows, or
#   * "na"/"przy" stands before it and "w <town>" follows or an address word opens the sentence
#     ("mieszkam przy Polnej 12 m. 4", "wyślijcie na Długiej 5"), or
#   * an address word stands right before it ("adres: Kwiatowa 20", "mieszkam Długa 5"),
# and no unit, count or month follows the number ("7 kg", "5 dni", "15 maja").
_BARE_NUMBER = (
    r"\d{1,3}[A-Za-z]?(?: ?/ ?\d{1,4}[A-Za-z]?|,? (?:m\.?|lok\.?|mieszk\.?) ?\d{1,4}[A-Za-z]?)?(?![\w/,.]\d)"
)
_TOWN = rf"[{_UP}][{_LOW}]+(?:[ -][{_UP}][{_LOW}]+)?"
# The street's words; unlike after "ul." no "na", "w" or "przy" inside ("Mieszkam przy Polnej 12").
_BARE_NAME = (
    rf"(?:\d{{1,2}} )?(?:{_TITLE}){{0,2}}{_CAP_WORD}"
    rf"(?: (?:(?:i|z|ze|nad|pod) )?(?:{_TITLE})?{_CAP_WORD}){{0,3}}"
)
_BARE = re.compile(
    rf"(?<![\w.@-])(?P<name>{_BARE_NAME}) (?P<number>{_BARE_NUMBER})(?![\w/])"
    rf"(?P<tail>,? (?:\d{{2}}-\d{{3}}(?: {CITY})?(?![\w-])|w {_TOWN}(?![\w-])))?"
)
_CUE = re.compile(r"adres|mieszk|wyśl|wysł|wysył|wysyl|dostaw|dowie|doręcz|przyśl")
# Every bare street taken has a cue, a postal code or "na/przy <Name> <number> w <Town>" in the message:
# most messages have none, and skip the scan (cheap tests first).
_POSTCODE = re.compile(r"\d\d-\d\d\d")
_NA_W = re.compile(rf"\b(?:na|przy) [{_UP}][^\n]{{0,40}}? \d{{1,3}}[^\n]{{0,12}}? w [{_UP}]")
_BEFORE = re.compile(r"(?:^|[\s(])(?:na|przy)\s+$")
_SENTENCE_BREAK = re.compile(r"[.!?\n]\s")
# What a number that is not a house number is followed by: units, counts, months, currencies.
_NOT_HOUSE_AFTER = re.compile(
    r" ?(?:%|x\b|(?:kg|g|dag|mg|l|ml|cm|mm|km|m|gb|tb|mb|szt|sztuk\w*|zł|pln|eur|usd|gr|dni|dzień|godz\w*|"
    r"min\w*|sek\w*|lat\w*|raz\w*|rok\w*|mies\w*|tyg\w*|os[oó]b\w*|cal\w*|kw|mah|hz|sty\w*|lut\w*|mar\w*|kwie\w*|"
    r"maj\w*|czerw\w*|lip\w*|sierp\w*|wrze\w*|paźdz\w*|paz\w*|list\w*|grud\w*|proc\w*|punkt\w*|pkt|zamów\w*)\b)",
    re.IGNORECASE,
)
# Capitalised words that open no street: brands, shops, carriers, products, holidays, honorifics.
_NOT_STREETS = frozenset(
    "allegro black cyber smart iphone galaxy samsung xiaomi bosch apple huawei lenovo dell hp lg sony "
    "philips windows android ios office playstation xbox nintendo pralka lodówka telewizor laptop telefon "
    "tablet wigilia wigilię wielkanoc boże sylwester mikołajki prime amazon ebay temu aliexpress olx inpost "
    "dpd dhl ups gls fedex poczta paczkomat paczkomacie orlen żabka biedronka lidl media rtv euro empik "
    "pan pani państwo pana panią panu".split()
)


class PlAddressRecognizer(PatternRecognizer):
    """Street, name and house number (with an optional flat), optionally after "City, ": 0.6.

    The house number is required, so "ulica była zamknięta" or "pl." in a
    domain name ("sklep.pl") are not addresses.
    """

    ENTITY = "ADRES"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "address",
            rf"(?<![\w.@]){_CITY}(?:{_ABBREV}(?:{_NAME}|{_NAME_LOWER})|{_WORD}{_NAME}) {_NUMBER}",
            0.6,
        ),
    ]
    # A street without its "ul." and with an address cue (see ``bare_streets``).
    SCORE_BARE = 0.6
    # "adres", "adresu", "mieszkam", "zamieszkania", "dostawy", "wysyłki".
    CONTEXT: ClassVar[list[str]] = ["adres", "mieszk", "dostaw", "wysył", "wysyl"]

    # Every address the pattern matches holds one of these (lower-cased); the
    # pattern has no literal prefix for the regex engine to search for, so
    # this check spares ~25 us per 100 words in the many messages without one.
    TRIGGERS: ClassVar[tuple[str, ...]] = (
        "ul.", "al.", "os.", "pl.", "ulic", "alej", "alei", "osiedl", "plac",
    )

    __init__ = polish_pattern_init

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        """Presidio's pattern analysis (skipped when no street word is in ``text``), then bare streets."""
        lowered = text.lower()
        results = []
        if any(trigger in lowered for trigger in self.TRIGGERS):
            results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        bare = [
            RecognizerResult(self.ENTITY, start, end, self.SCORE_BARE)
            for start, end in self.bare_streets(text, lowered)
            if not any(r.start < end and start < r.end for r in results)  # "ul. Długa 5" found already
        ]
        return results + bare if bare else results

    def bare_streets(self, text: str, lowered: str | None = None) -> list[tuple[int, int]]:
        """(start, end) of streets written without "ul." that the rules above take for addresses."""
        lowered = text.lower() if lowered is None else lowered
        spans: list[tuple[int, int]] = []
        if not (_CUE.search(lowered) or ("-" in text and _POSTCODE.search(text))
                or ((" na " in lowered or " przy " in lowered) and " w " in text and _NA_W.search(text))):
            return spans
        for match in _BARE.finditer(text):
            start, end = match.span()
            name = match.group("name")
            first_word = name.split(" ", 1)[0].lower().rstrip(".")
            tail = match.group("tail") or ""
            if first_word in _NOT_STREETS or (not tail and _NOT_HOUSE_AFTER.match(text, match.end("number"))):
                continue
            head = lowered[max(0, start - 60):start]
            breaks = list(_SENTENCE_BREAK.finditer(head))
            if _cued(head[breaks[-1].end():] if breaks else head, tail):
                spans.append((start, end))
        return spans


def _cued(sentence: str, tail: str) -> bool:
    """Whether the sentence before a street and what follows it make it an address (see ``_BARE``)."""
    if any(c.isdigit() for c in tail):  # a postal code follows
        return True
    if _BEFORE.search(sentence):  # "na Długiej 5 w Warszawie", "mieszkam przy Polnej 12"
        return bool(tail) or _CUE.search(sentence) is not None
    return _CUE.search(sentence[-25:]) is not None  # "adres: Kwiatowa 20"
