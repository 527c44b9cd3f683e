"""Polish organisation names (ORGANIZACJA) from legal forms, head nouns, acronyms and a short list.

Four kinds of evidence:

* a **legal form** after a capitalised or quoted name: "Kowalski i Syn sp. z o.o.",
  "ABC S.A.", "„Żuk” sp.j.", "Müller GmbH" (score 0.85);
* a capitalised **head noun** of an institution followed by a capitalised name:
  "Fundacja Dzieciom", "Stowarzyszenia Przyjaciół Ziemi", "Uniwersytet Warszawski",
  "Bank Spółdzielczy w Pucku", with capitalised adjectives before it
  ("Narodowy Fundusz Zdrowia") (0.75);
* a quoted name after "firma", "spółka", "gazeta"... ("w firmie „Promyk”") (0.7);
* **known organisations** (public institutions, parties, banks, media) and
  **acronyms** (two to six capitals, "PiS", "MPWiK") (0.5; a shouted message in
  capitals gives no acronyms).

Decision on e-commerce services: carriers, payment services and marketplaces
("InPost", "Paczkomat", "Poczta Polska", "DPD", "BLIK", "PayU", "Allegro") are
*not* reported. They are no one's personal data, and the customer's question
is about them ("gdzie jest paczka z InPost?"), so hiding them would only break
retrieval. The list is ``SERVICES``; pass ``ignore=()`` to report them too, or
add the shop's own name to it.

>>> r = PlOrganizationRecognizer()
>>> text = "Pracuję w Kowalski i Syn sp. z o.o., paczka przyszła przez InPost."
>>> [text[x.start:x.end] for x in r.analyze(text, ["ORGANIZACJA"])]
['Kowalski i Syn sp. z o.o.']
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from pomocbot.guardrails.recognizers.common import span_results
from pomocbot.guardrails.recognizers.pl_place import place_forms
from pomocbot.text.stopwords import POLISH_STOPWORDS

__all__ = ["KNOWN_ORGANIZATIONS", "ORGANIZATION_HEADS", "SERVICES", "PlOrganizationRecognizer"]

#: carriers, payment services, marketplaces: not reported by default (see the module docstring)
SERVICES: frozenset[str] = frozenset(
    """
inpost paczkomat paczkomaty paczkomatu paczkomacie poczta polska poczty polskiej poczcie polskiej pocztą
polską pocztex dpd dhl gls ups fedex orlen paczka blik payu przelewy24 paypal visa mastercard allegro olx
google pay apple pay tpay dotpay revolut
""".split()
)
KNOWN_ORGANIZATIONS: frozenset[str] = frozenset(
    """
ZUS NFZ UOKiK KRUS GUS NBP KNF UODO GIODO PIP UKE URE CBA ABW CBŚ KRS ONZ NATO WHO UNESCO UNICEF PKP PKS
PZU PKO Pekao mBank ING Santander Millennium Alior Polsat TVN TVP RMF Sejm Sejmu Sejmie Senat Senatu
Senacie PiS PSL SLD Lewica Lewicy Konfederacja Konfederacji Solidarność Solidarności OPZZ Legia Legii
Cracovia Cracovii Jagiellonia Jagiellonii Widzew Widzewa ŁKS PGE Tauron Enea Energa PGNiG KGHM
""".split()
)
# Shops and consumer brands are left out on purpose: a question about "Samsung" or "Biedronka" is not
# personal data and needs the name to be answered.
# Institution head nouns, written in the nominative; case forms are generated.
_HEADS = """
Fundacja Stowarzyszenie Uniwersytet Politechnika Akademia Instytut Bank Ministerstwo Sąd Prokuratura
Komenda Szpital Przychodnia Klinika Teatr Muzeum Filharmonia Opera Biblioteka Szkoła Liceum Gimnazjum
Przedszkole Zespół Związek Towarzystwo Spółdzielnia Zakład Przedsiębiorstwo Agencja Komitet Komisja Rada
Zarząd Izba Kancelaria Biuro Centrum Ośrodek Klub Partia Fundusz Kasa Inspekcja Inspektorat Straż Wydział
Departament Kuria Parafia Ambasada Konsulat Grupa Koncern Korporacja Federacja Konfederacja Wspólnota
Wydawnictwo Redakcja Telewizja Radio Gazeta Dziennik Tygodnik Miesięcznik Kongregacja Zgromadzenie
Zjednoczenie Porozumienie Platforma Sojusz Ruch Unia Urząd Kościół Spółka Firma Hurtownia Drukarnia Apteka
Galeria Stocznia Huta Kopalnia Elektrownia Orkiestra Chór Teatr Kolegium Seminarium Kolej Koleje Linie
Komisariat Prezydium Trybunał Senat Kapituła Fabryka Gabinet Laboratorium Studio Ministerstwo Urząd
"""
_IRREGULAR_HEADS = (
    "Urzędu Urzędzie Urzędem Urzędy Urzędów Kościoła Kościele Kościołem Związku Związkiem Sądu Sądzie Sądem"
)
ORGANIZATION_HEADS: frozenset[str] = frozenset(
    {f for h in _HEADS.split() for f in place_forms(h)} | set(_IRREGULAR_HEADS.split())
)
_WORD = r"[A-ZĄĆĘŁŃÓŚŹŻ0-9][\w&'’.+-]*"
_QUOTED = r"[\"„“”«»][^\"„“”«»\n]{1,60}[\"„“”«»]"
_LEGAL = (
    r"(?:(?i:sp\.\s?z\s?o\.\s?o\.?|sp\.\s?j\.?|sp\.\s?k\.?|sp\.\s?p\.?|s\.\s?a\.|s\.\s?c\.|"
    r"spółka z ograniczoną odpowiedzialnością|spółka akcyjna|spółka jawna|spółka komandytowa|spółka cywilna)|"
    r"S\.A\.?|GmbH|Ltd\.?|Inc\.?|LLC|AG|SE|PLC|B\.V\.|s\.r\.o\.)"
)
_LEGAL_NAME = re.compile(
    rf"(?:{_QUOTED}|{_WORD}(?:(?:\s+|\s*&\s*|\s+(?:i|und|and)\s+|-){_WORD}){{0,4}})\s*,?\s+{_LEGAL}(?!\w)",
)
_QUOTED_AFTER = re.compile(
    rf"\b(?:firm(?:a|y|ie|ę|ą)|spół(?:ka|ki|ce|kę|ką)|wydawnictw(?:o|a|ie|em)|gazet(?:a|y|cie|ę|ą)|"
    rf"dziennik(?:a|u|iem)?|tygodnik(?:a|u|iem)?|klub(?:u|ie|em)?|zesp(?:ół|ołu|ole|ołem)|"
    rf"fundacj(?:a|i|ę|ą)|hurtowni(?:a|i|ę|ą)|sieci(?:ą)?)\s+({_QUOTED})",
    re.IGNORECASE,
)
_QUOTE_HEADS = ("firm", "spół", "wydawnictw", "gazet", "dziennik", "tygodnik", "klub", "zesp", "fundacj",
                "hurtowni",
                "sieci")
_CAPITALISED = re.compile(r"\b[A-ZĄĆĘŁŃÓŚŹŻ][^\W_]*(?:-[^\W_]+)*")
_CAPS_WORD = re.compile(r"(?<![\w-])[A-ZĄĆĘŁŃÓŚŹŻ]{3,}(?![\w-])")
_LEGAL_HINTS = (
    "sp.", "s.a", "s. a", "s.c", "s. c", "spółka ", "gmbh", "ltd", "inc", "llc", "plc", "b.v.", "s.r.o",
)
_TAIL_WORD = r"(?:[A-ZĄĆĘŁŃÓŚŹŻ0-9][\w&+-]*|„[^”\"\n]{1,40}[”\"]|\"[^\"\n]{1,40}\")"
_HEAD_TAIL = re.compile(
    rf"(?:[ \t]+(?:(?:i|w|we|im\.|imienia|ds\.|na|dla|do|przy|pod|nr|z|ze|oraz|św\.)[ \t]+)*{_TAIL_WORD})+"
)
_ADJECTIVES_BEFORE = re.compile(
    r"(?<![\w-])(?:[A-ZĄĆĘŁŃÓŚŹŻ][^\W\d_]*"
    r"(?:[nwcłk][yae]|ego|ej|ych|ym|ymi|iego|iej|ich|im|ą|ski|cki|dzki|ska|cka|skie|ckie)[ \t]+)+$"
)
_ACRONYM = re.compile(r"^(?=(?:.*[A-ZĄĆĘŁŃÓŚŹŻ]){2})[A-ZĄĆĘŁŃÓŚŹŻ][A-Za-ząćęłńóśźżĄĆĘŁŃÓŚŹŻ]{1,6}$")
_NOT_ACRONYMS = frozenset(
    """
PESEL NIP REGON VAT PLN EUR USD GBP CHF SMS MMS PDF OK TV RTV AGD GPS PIN PUK IBAN BIC SWIFT FAQ CV DVD CD
USB HDMI LED LCD OLED PC WC AM PM ID IT PR HR CEO DJ UFO IQ PS NR UL ZŁ BLIK USA UK EU RP PRL FV KRS SKU
EAN QR RAM SSD HDD CPU GPU WIFI WiFi LTE GB MB TB KB XL XXL XS ABS ESP VIN MPK KM HP SUV ISBN ATM NFC DNA
SOS II III IV VI VII VIII IX XI XII XIII XIV XV XVI XVII XVIII XIX XX XXI PS2 PS4 PS5 OSOBA MIEJSCE
ORGANIZACJA ADRES TELEFON EMAIL KARTA DOWOD PASZPORT IP BHP RODO
""".split()
)


class PlOrganizationRecognizer(LocalRecognizer):
    """Finds organisation names (ORGANIZACJA) in Polish text; needs no nlp_artifacts.

    >>> r = PlOrganizationRecognizer()
    >>> text = "Dostałem pismo z ZUS i z Narodowego Funduszu Zdrowia."
    >>> [text[x.start:x.end] for x in r.analyze(text, ["ORGANIZACJA"])]
    ['ZUS', 'Narodowego Funduszu Zdrowia']
    """

    ENTITY = "ORGANIZACJA"
    SCORE_LEGAL = 0.85
    SCORE_HEAD = 0.75
    SCORE_QUOTED = 0.7
    SCORE_KNOWN = 0.5

    def __init__(self, supported_language: str = "pl", ignore: Iterable[str] = SERVICES) -> None:
        self._ignore_words = frozenset(w.lower() for w in ignore)
        super().__init__(supported_entities=[self.ENTITY], supported_language=supported_language,
                         name="PlOrganizationRecognizer")

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str] | None = None, nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        return span_results(self.ENTITY, entities, lambda: self.find_spans(text))

    def _ignored(self, name: str) -> bool:
        words = re.findall(r"\w+", name.lower())
        return bool(words) and all(w in self._ignore_words for w in words)

    def find_spans(self, text: str) -> list[tuple[int, int, float]]:
        """(start, end, score) of every organisation name in ``text``, in order, not overlapping."""
        spans: list[tuple[int, int, float]] = []
        low = text.lower()
        if any(hint in low for hint in _LEGAL_HINTS) or " AG" in text or " SE" in text:
            spans += [(m.start(), m.end(), self.SCORE_LEGAL) for m in _LEGAL_NAME.finditer(text)]
        if ('"' in text or "„" in text or "“" in text or "«" in text) and any(w in low for w in _QUOTE_HEADS):
            for m in _QUOTED_AFTER.finditer(text):
                if not self._ignored(m.group(1)):
                    spans.append((m.start(1), m.end(1), self.SCORE_QUOTED))
        shouting: bool | None = None
        last_end = -1
        for m in _CAPITALISED.finditer(text):
            start, end = m.span()
            if start < last_end:
                continue
            word = m.group()
            if word in ORGANIZATION_HEADS:
                tail = _HEAD_TAIL.match(text, end)
                if tail is None:
                    continue
                before = _ADJECTIVES_BEFORE.search(text, max(0, start - 80), start)
                first = before.start() if before else start
                name = text[first : tail.end()]
                if not self._ignored(name):
                    spans.append((first, tail.end(), self.SCORE_HEAD))
                last_end = tail.end()
            elif word in KNOWN_ORGANIZATIONS or (
                    1 < len(word) <= 7 and not word[1:].islower() and word not in _NOT_ACRONYMS
                    and _ACRONYM.match(word) and word.lower() not in POLISH_STOPWORDS):
                if shouting is None:  # a message in capitals has no acronyms
                    shouting = len(_CAPS_WORD.findall(text)) > max(3, text.count(" ") // 4)
                if not shouting and not self._ignored(word):
                    spans.append((start, end, self.SCORE_KNOWN))
        return _resolve(spans)


def _resolve(spans: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Drop spans overlapping a longer (or earlier equally long) one."""
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    kept: list[tuple[int, int, float]] = []
    for s in spans:
        if all(s[1] <= k[0] or k[1] <= s[0] for k in kept):
            kept.append(s)
    return sorted(kept)
