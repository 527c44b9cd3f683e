"""Claims of a knowledge base: what a sentence states about which subject.

A *value claim* is one value of a sentence (:func:`pomocbot.text.values.extract_values`)
with what it is about: the stems of the sentence's words, weighted by
closeness to the value (its clause counts fully, the rest of the sentence and
the chunk's title and section less), the value's *role* and the sentence's
*qualifiers*. A *yes/no claim* is the "Tak"/"Nie" answering a "Czy ...?"
question (a FAQ entry's title, a section heading or the sentence before).

* **role**: the words in front of a value change what it means: "od 199 zł"
  and "powyżej 199 zł" are a threshold (``min``), "do 500 zł" a cap (``max``),
  "o 21 zł" and "+5 zł" a change (``delta``), "po 14 dniach" a moment
  (``after``), "zamiast 20 zł" an old price (``former``). Only values of one
  role are compared, so "darmowa dostawa od 199 zł" never contradicts
  "dostawa kosztuje 11,99 zł". For durations "do 14 dni" means "within 14
  days", the plain role.
* **qualifiers**: words naming a special context (a promotion, business
  customers, the loyalty club, delivery abroad, Saturdays, ...). Claims
  compare only under equal qualifier sets: "zwrot w 30 dni w promocji Black
  Friday" is not a rival of "zwrot w 14 dni".

>>> claims = extract_claims("zwroty#0", "zwroty", "Na zwrot masz 14 dni, a w promocji 30 dni.",
...                         title="Zwroty", stem=str)
>>> [(c.kind, c.role, c.key, sorted(c.qualifiers)) for c in claims]
[('duration', '', '336', []), ('duration', '', '720', ['promo'])]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from pomocbot.text.normalize import fold_diacritics
from pomocbot.text.sentences import split_sentences
from pomocbot.text.stopwords import is_stopword
from pomocbot.text.values import Value, ValueKind, extract_values

__all__ = ["LIGHT_WORDS", "SYNONYMS", "YES_NO", "Claim", "comparable", "extract_claims", "qualifiers",
           "same_value"]

YES_NO = "yes_no"

# Words before a value (folded, lower-cased) that give it a role; "godz." of a
# time belongs to the value's span, so "do godz. 13:00" reads "do".
_ROLES = (
    ("min", re.compile(r"(?:\bod|powyzej|ponad|co najmniej|minimum|min\.?|przynajmniej|(?:wiecej|dluzej) niz"
                       r"|nie mniej niz|nie krocej niz)\s*$")),
    ("max", re.compile(r"(?:\bdo|ponizej|maksymalnie|maks\.?|max\.?|najwyzej|(?:mniej|krocej) niz"
                       r"|nie (?:wiecej|dluzej) niz|nie przekracza\w*)\s*$")),
    ("after", re.compile(r"\bpo\s*$")),
    ("delta", re.compile(r"(?:\bo|\+|doplat\w*|dolicza\w*|taniej|drozej)\s*$")),
    ("former", re.compile(r"(?:zamiast|wczesniej|poprzednio|przed obnizka)\s*$")),
)
# Numbers that name a thing rather than state a quantity: "art. 15", "nr 5".
_REFERENCE = re.compile(r"(?:\bart|\bust|\bpkt|\bpar|\bnr|\bpoz|§|\bkod\w*|\bnumer\w*)\.?\s*$")

# Special contexts, matched on folded text outside the values. A claim is
# compared only with claims naming the same set of contexts.
_QUALIFIERS = {
    "promo": r"promocj|promocyjn|black friday|cyber monday|wyprzedaz|okazj|\bakcj|kampani|do odwolania"
             r"|tymczasow|czasowo|limitowan|swiateczn",
    "business": r"\bfirm|przedsiebior|\bb2b\b|dzialalnosc|biznesow|hurtow",
    "member": r"\bklub|czlonk|srebrn|poziom|\bvip\b|lojalnosc",
    "abroad": r"granic|zagraniczn|niemiec|niemc|czech|slowacj|litw|austri|\bue\b|unii europejsk",
    "saturday": r"sobot|\bsob\b",
    "sunday": r"niedziel|\bndz\b|\bswiet|\bswiat\b|\bswiat(?:ach|a)\b",
    "weekday": r"\bpn\b|\bpon\b|poniedzial|piat|\bpt\b",
}
_QUALIFIER_PATTERNS = {name: re.compile(pattern) for name, pattern in _QUALIFIERS.items()}

# Words that say little about the subject ("masz 14 dni", "kosztuje 11,99 zł",
# "w ciągu"): kept with a small weight so that they neither make nor break a match.
LIGHT_WORDS = frozenset(fold_diacritics(w) for w in """
    masz mamy macie ma mają mieć wynosi wynoszą wynosić kosztuje kosztują kosztować koszt trwa trwają trwać
    zajmuje zajmują ciągu okres okresie czas czasu termin terminie zwykle zazwyczaj około ok maksymalnie
    najpóźniej nawet tylko już też również jest są będzie będą można należy dokonać dokonasz wynosi zawsze
    łącznie razem cały całe dzień dni dnia dniu tego samego pan pani państwo twój twoja twoje twojego twojej
    klient klienta klienci kupujący miec wynosic kosztowac trwac zajmowac dzien
    możesz możemy możecie mogą musisz musimy musicie muszą musi trzeba możliwy możliwa możliwe możliwość
    możliwości dokonania przysługuje
""".split())
_MORE_STOPWORDS = frozenset("bez wraz jego jej ich swój swoje swojego".split())

# Stem prefixes (folded) of words that customer-support texts use for one
# thing: "dostawa"/"wysyłka"/"przesyłka", "zwrot"/"zwrócić"/"odstąpienie",
# "płacić"/"zapłacić"/"płatność", "odbiór"/"otrzymanie".
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("dostaw", "dostarcz", "wysyl", "wysla", "przesyl"),
    ("zwrot", "zwroc", "zwrac", "odstap", "odda"),
    ("plac", "zaplac", "platn", "oplac", "zaplat"),
    ("odbior", "odbier", "odebra", "otrzym", "dotar"),
    ("zakup", "kupi", "kupuj", "zamow"),
    ("mail", "email", "wiadomosc"),
)

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]–—]|\s-\s")
# A worked example states made-up amounts ("Przykład: za 349,90 zł dostaniesz 349 punktów").
_EXAMPLE = re.compile(r"\bprzyk[łl]ad|^\W*np\.", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|[,;:()\[\]–—]|#+")
_PHRASE_STARTS = frozenset("w we na do i a przez po z ze oraz lub albo ale czy że który która które gdy jeśli"
                           .split())
_NOUN_AFTER = re.compile(r"\s*([^\W\d_]+)")
_LIST_ITEM = re.compile(r"(?:^|\s)[-•*]\s+")
_ANSWER = re.compile(r"^\W*(tak|nie|owszem|niestety)\b", re.IGNORECASE)
# Durations in hours, so that "12 miesięcy" equals "1 rok" and "24 godziny" "1 dzień".
_HOURS = {"second": Decimal(1) / 3600, "minute": Decimal(1) / 60, "hour": Decimal(1), "day": Decimal(24),
          "workday": Decimal(24), "month": Decimal(730), "year": Decimal(8760)}
_CLAUSE, _SENTENCE, _HEADING, _LIGHT = 1.0, 0.3, 0.4, 0.2


@dataclass(frozen=True)
class Claim:
    """One checkable statement of a sentence.

    ``kind`` is a :class:`~pomocbot.text.values.ValueKind` value or ``"yes_no"``;
    ``key`` the value compared (a duration in hours, an amount "11.99 PLN",
    ``"yes"``/``"no"``); ``text`` the value as written; ``subject`` stem ->
    weight; ``context`` every stem of the sentence, title and section (what a
    rival's subject is looked up in); ``siblings`` the keys of the sentence's
    other values of this kind (a sentence listing both prices contradicts
    neither); ``words`` the sentence's ``(word, stem)`` pairs, for the topic;
    ``companions`` the other values of a clause that counts things ("100
    punktów to 5 zł", "10 rat po 50 zł"): such a rate is compared only with
    one whose companions are equal.
    """

    chunk_id: str
    doc_id: str
    sentence: str
    kind: str
    role: str
    key: str
    text: str
    title: str = ""
    subject: dict[str, float] = field(default_factory=dict)
    context: frozenset[str] = frozenset()
    qualifiers: frozenset[str] = frozenset()
    siblings: frozenset[str] = frozenset()
    words: tuple[tuple[str, str], ...] = ()
    companions: frozenset[str] = frozenset()


def comparable(kind: str, left: str, right: str) -> bool:
    """True when two keys of ``kind`` measure the same thing, so that unequal ones disagree.

    Counts need the same counted noun and amounts the same currency;
    durations more than 50 times apart ("2 minuty", "14 dni") are about
    different things.

    >>> comparable("number", "10 rata", "12 rata"), comparable("number", "3 cyfra", "100 punkt")
    (True, False)
    >>> comparable("duration", "336", "720"), comparable("duration", "0.0333", "336")
    (True, False)
    """
    if kind in (ValueKind.NUMBER.value, ValueKind.AMOUNT.value):
        return left.partition(" ")[2] == right.partition(" ")[2]
    if kind == ValueKind.DURATION.value:
        a, b = sorted((Decimal(left), Decimal(right)))
        return a > 0 and b / a <= 50
    return True


def same_value(kind: str, left: str, right: str) -> bool:
    """True when two keys of ``kind`` state the same value.

    Durations (hours) are equal within 3 % ("1 miesiąc" = "30 dni"); a date
    without a year equals that day of any year.

    >>> same_value("duration", "720", "730"), same_value("duration", "336", "720")
    (True, False)
    >>> same_value("date", "--06-03", "2026-06-03")
    True
    """
    if left == right:
        return True
    if kind == ValueKind.DURATION.value:
        a, b = Decimal(left), Decimal(right)
        return abs(a - b) <= Decimal("0.03") * max(a, b)
    if kind == ValueKind.DATE.value and (left.startswith("--") or right.startswith("--")):
        return left[-6:] == right[-6:]
    return False


def _key(value: Value, sentence: str, stem: Callable[[str], str]) -> str:
    if value.kind is ValueKind.DURATION:
        count, unit = value.key.split()
        return format((Decimal(count) * _HOURS[unit]).normalize(), "f")
    if value.kind is ValueKind.NUMBER:  # what is counted: "10 rat" -> "10 rata"
        noun = _NOUN_AFTER.match(sentence, value.end)
        if noun and not is_stopword(noun.group(1).lower()):
            return f"{value.key} {fold_diacritics(stem(noun.group(1).lower()))}"
    return value.key


def _role(kind: ValueKind, before: str) -> str | None:
    """The role of a value from the folded text in front of it; None for a reference number."""
    if kind is ValueKind.NUMBER and _REFERENCE.search(before):
        return None
    for role, pattern in _ROLES:
        if pattern.search(before):
            # "do 14 dni" / "w ciągu 14 dni" is the plain deadline of a duration.
            return "" if role == "max" and kind is ValueKind.DURATION else role
    return ""


def qualifiers(folded: str) -> frozenset[str]:
    """Names of the special contexts that the folded lower-cased text mentions.

    >>> sorted(qualifiers("w promocji black friday dla firm"))
    ['business', 'promo']
    """
    return frozenset(name for name, pattern in _QUALIFIER_PATTERNS.items() if pattern.search(folded))


def _terms(text: str, stem: Callable[[str], str]) -> list[tuple[int, str, str]]:
    """``(offset, word, folded stem)`` of the content words of ``text``."""
    terms = []
    for match in _WORD.finditer(text):
        word = match.group(0).lower().replace("-", "")
        if len(word) > 1 and not is_stopword(word) and word not in _MORE_STOPWORDS:
            terms.append((match.start(), match.group(0), fold_diacritics(stem(word))))
    return terms


def _weight(word: str, stem: str) -> float:
    return _LIGHT if stem in LIGHT_WORDS or fold_diacritics(word.lower()) in LIGHT_WORDS else 1.0


def _adjuncts(masked: str) -> set[int]:
    """Offsets of words in adjunct phrases: "bez podawania przyczyny" and, right after a
    value, "od otrzymania przesyłki" (when a period starts), which say little about the subject."""
    offsets: set[int] = set()
    inside = False
    for match in _TOKEN.finditer(masked):
        token = match.group(0).lower()
        if _CLAUSE_BREAK.fullmatch(token.strip()) or token in _PHRASE_STARTS:
            inside = False
        if token == "bez" or (token == "od" and masked[: match.start()].rstrip().endswith("#")):
            inside = True
        elif inside and token[0].isalpha():
            offsets.add(match.start())
    return offsets


def _subject(terms: list[tuple[int, str, str]], clause: tuple[int, int], heading: list[tuple[int, str, str]],
             adjuncts: set[int]) -> dict[str, float]:
    subject: dict[str, float] = {}
    for offset, word, stem_ in terms:
        near = _CLAUSE if clause[0] <= offset < clause[1] and offset not in adjuncts else _SENTENCE
        subject[stem_] = max(subject.get(stem_, 0.0), near * _weight(word, stem_))
    # The title stands in for a subject the sentence leaves out ("Kosztuje 9,99 zł."),
    # and otherwise counts little: a page's title is not what each sentence is about.
    head = _HEADING if max(subject.values(), default=0.0) < _CLAUSE else _HEADING / 3
    for _, word, stem_ in heading:
        subject[stem_] = max(subject.get(stem_, 0.0), head * _weight(word, stem_))
    return subject


def _clause(masked: str, start: int) -> tuple[int, int]:
    """The span of the clause around ``start``, cut at punctuation outside values.

    A short label before a colon or dash belongs to the clause: it names what
    the value is about ("Srebrny — od 1 000 zł", "Za granicę: 39 zł").
    """
    breaks = [m for m in _CLAUSE_BREAK.finditer(masked, 0, start)]
    left = breaks[-1].end() if breaks else 0
    if breaks and breaks[-1].group(0).strip() in ":–—-":
        label_start = breaks[-2].end() if len(breaks) > 1 else 0
        if len(masked[label_start : breaks[-1].start()].split()) <= 4:
            left = label_start
    right = next((m.start() for m in _CLAUSE_BREAK.finditer(masked, start)), len(masked))
    return left, right


def _value_claims(chunk_id: str, doc_id: str, sentence: str, title: str,
                  heading: list[tuple[int, str, str]], stem: Callable[[str], str]) -> list[Claim]:
    values = extract_values(sentence)
    if not values or _EXAMPLE.search(sentence):
        return []
    masked = list(sentence)
    for value in values:
        masked[value.start : value.end] = "#" * (value.end - value.start)
    masked_text = "".join(masked)
    terms = _terms(masked_text, stem)
    folded = fold_diacritics(masked_text.lower())
    # A qualifier in a clause with another value is that value's ("14 dni, a w promocji 30 dni");
    # one in a clause without values, or in the title, holds for the whole sentence.
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^,;:()\[\]–—]+", folded)]
    shared = qualifiers(" ".join(fold_diacritics(w.lower()) for _, w, _ in heading) + " " + " ".join(
        folded[a:b] for a, b in spans if "#" not in folded[a:b]))
    context = frozenset(s for _, _, s in terms) | frozenset(s for _, _, s in heading)
    words = tuple((w, s) for _, w, s in terms)
    keys = [_key(value, sentence, stem) for value in values]
    adjuncts = _adjuncts(masked_text)
    claims = []
    for n, value in enumerate(values):
        role = _role(value.kind, fold_diacritics(sentence[max(0, value.start - 24) : value.start].lower()))
        if role is None:
            continue
        clause = _clause(masked_text, value.start)
        siblings = frozenset(keys[m] for m, v in enumerate(values) if v.kind is value.kind and m != n)
        in_clause = [m for m, v in enumerate(values) if clause[0] <= v.start < clause[1] and m != n]
        counts = any(values[m].kind is ValueKind.NUMBER for m in [n, *in_clause])
        companions = frozenset(f"{values[m].kind.value}:{keys[m]}" for m in in_clause if counts)
        claims.append(Claim(chunk_id, doc_id, sentence, value.kind.value, role, keys[n], value.text, title,
                            _subject(terms, clause, heading, adjuncts), context,
                            shared | qualifiers(folded[clause[0] : clause[1]]), siblings, words,
                            companions))
    return claims


def _yes_no_claim(chunk_id: str, doc_id: str, question: str, answer: str, title: str,
                  stem: Callable[[str], str]) -> Claim | None:
    match = _ANSWER.match(answer)
    if not match or not fold_diacritics(question.lower()).lstrip(" \"„'(").startswith("czy "):
        return None
    first = match.group(1).lower()
    if first == "niestety" and not re.match(r"^\W*niestety\W+nie\b", answer, re.IGNORECASE):
        return None
    terms = _terms(question, stem)
    subject = {s: _CLAUSE * _weight(w, s) for _, w, s in terms}
    if not subject:
        return None
    key = "yes" if first in ("tak", "owszem") else "no"
    folded = fold_diacritics(question.lower())
    return Claim(chunk_id, doc_id, f"{question} {answer}", YES_NO, "", key, match.group(0).strip(" ,.!"),
                 title, subject, frozenset(subject), qualifiers(folded), frozenset(),
                 tuple((w, s) for _, w, s in terms))


def extract_claims(chunk_id: str, doc_id: str, text: str, *, title: str = "", section: str | None = None,
                   stem: Callable[[str], str]) -> list[Claim]:
    """The value and yes/no claims of one chunk's ``text``, in reading order.

    >>> [(c.kind, c.key, c.text) for c in extract_claims(
    ...     "faq#0", "faq", "Tak, obsługujemy pobranie.", title="Czy można płacić przy odbiorze?", stem=str)]
    [('yes_no', 'yes', 'Tak')]
    """
    heading_text = " ".join(part for part in (title, section) if part)
    heading = _terms(heading_text, stem)
    # List items are statements of their own; the chunker's text has lost the
    # line breaks, so an item shows as " - " inside a sentence.
    sentences = [item for sentence in split_sentences(text) for item in _LIST_ITEM.split(sentence) if item]
    claims: list[Claim] = []
    for index, sentence in enumerate(sentences):
        claims.extend(_value_claims(chunk_id, doc_id, sentence, title, heading, stem))
        if _ANSWER.match(sentence) and not sentence.endswith("?"):
            if index > 0:
                question = sentences[index - 1] if sentences[index - 1].endswith("?") else None
            else:
                question = next((h.strip() for h in (section, title) if h and h.rstrip().endswith("?")), None)
            if question is None:
                continue
            claim = _yes_no_claim(chunk_id, doc_id, question, sentence, title, stem)
            if claim:
                claims.append(claim)
    return claims
