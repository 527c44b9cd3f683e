"""Polish street address: "ul./al./os./pl." or the full word, a name and a house number.

>>> r = PlAddressRecognizer()
>>> text = "Proszę wysłać na Kraków, ul. Długa 5/3."
>>> [(text[x.start:x.end], x.score) for x in r.analyze(text, ["ADRES"])]
[('Kraków, ul. Długa 5/3', 0.6)]
>>> text = "mieszkam na os. Tysiąclecia 12 m. 5"
>>> [text[x.start:x.end] for x in r.analyze(text, ["ADRES"])]
['os. Tysiąclecia 12 m. 5']
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

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
    # "adres", "adresu", "mieszkam", "zamieszkania", "dostawy", "wysyłki".
    CONTEXT: ClassVar[list[str]] = ["adres", "mieszk", "dostaw", "wysył", "wysyl"]

    # Every address the pattern matches holds one of these (lower-cased); the
    # pattern has no literal prefix for the regex engine to search for, so
    # this check spares ~25 us per 100 words in the many messages without one.
    TRIGGERS: ClassVar[tuple[str, ...]] = (
        "ul.", "al.", "os.", "pl.", "ulic", "alej", "alei", "osiedl", "plac",
    )

    def __init__(self, patterns: list[Pattern] | None = None, context: list[str] | None = None,
                 supported_language: str = "pl", supported_entity: str = ENTITY,
                 name: str | None = None) -> None:
        super().__init__(supported_entity=supported_entity, patterns=patterns or self.PATTERNS,
                         context=context or self.CONTEXT, supported_language=supported_language,
                         name=name or type(self).__name__, global_regex_flags=0)

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        """Presidio's pattern analysis, skipped when no street word is in ``text``."""
        lowered = text.lower()
        if not any(trigger in lowered for trigger in self.TRIGGERS):
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)
