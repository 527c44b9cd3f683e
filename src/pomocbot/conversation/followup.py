"""Follow-up questions resolved without an LLM: carry the topic of the previous question.

Customers ask in pieces: "Ile kosztuje dostawa kurierem?" then "a do paczkomatu?".
Searched alone, the second message finds nothing useful; searched as
"a do paczkomatu? paczkomatu dostawa kosztuje" it finds the parcel-locker price.

Approach (rules over small word classes, all matched on folded lower-case words,
so "też" and "tez" are the same):

1. Each word of a message gets a *kind*: stop word, question word ("ile",
   "kiedy"), filler ("dziękuję", "chciałbym", "zapytać"), anaphora ("to", "tego",
   "tam", "też", "także"), *attribute* (what is asked about a topic: price
   "kosztuje", time "trwa", "długo"), a *slot* (delivery method "kurier",
   "paczkomat"; payment "blik", "przelew"; time "weekend", "sobota"; place
   "granica", "Niemcy"; the order itself "zamówienie", "paczka"), *process* (the
   subject of a question: "dostawa", "zwrot", "reklamacja", "faktura") or plain
   *topic* (any other content word: "buty", "kurtka").
2. A message is a follow-up of the previous customer question when
   * it asks "co z ...", "co do ...", "jak z ..." ("a co z kurierem?"), or
   * it has anaphora and at most two content words of its own ("ile to kosztuje?",
     "a do paczkomatu też?"), or
   * it has no topic of its own but asks something ("a jak długo?", "a kiedy?"), or
   * it starts with a connective ("a", "i", "oraz", "to", "ale", "czyli") and has one
     topic word, or a few that introduce no new process ("a do paczkomatu w weekend?"), or
   * it has one topic word which is a variation of the previous question (same
     slot or same process: "Ile kosztuje paczkomat?" after a courier question) or
     comes with no question word at all ("buty?", "w weekend?").
   A complete question with its own subject ("Jak złożyć reklamację?") is not a
   follow-up, even after another topic; neither is courtesy ("dziękuję", "ok").
3. The previous question's content words are carried, except those the new
   message *replaces*: the same stem, or the same slot/attribute/process
   ("paczkomatu" replaces "kurierem": both are delivery methods; "zwrot" replaces
   "dostawa"; "trwa" replaces "kosztuje"). Process and topic words come first,
   attributes last; at most :data:`MAX_CARRIED` words are carried.
4. The query is the message, then its own content words again (repetition
   weighs them above the carried ones in BM25 and in the embedding), then the
   carried words. Chains work: the context is rebuilt over the last customer
   turns, each follow-up merging into the one before ("a do paczkomatu?", then
   "a w weekend?" still carries "dostawa" and "kosztuje").

Why rules and not similarity to the previous answer: they are explainable, cost
tens of microseconds, need no model, and fail safe (a wrong "not a follow-up"
gives the plain message, which is what the customer typed). The word classes
are e-shop vocabulary; extend them when a knowledge base brings new methods.

>>> from datetime import datetime, timezone
>>> from pomocbot.conversation.base import Turn
>>> at = datetime(2026, 11, 2, tzinfo=timezone.utc)
>>> history = [Turn(role="customer", text="Ile kosztuje dostawa kurierem?", at=at),
...            Turn(role="assistant", text="Dostawa kurierem kosztuje 14,99 zł [1].", at=at)]
>>> stem = lambda word: word[:6]
>>> resolved = resolve_follow_up("a do paczkomatu?", history, stem)
>>> resolved.is_follow_up, resolved.carried_terms, resolved.text
(True, ['dostawa', 'kosztuje'], 'a do paczkomatu? paczkomatu dostawa kosztuje')
>>> resolve_follow_up("Jak złożyć reklamację?", history, stem).is_follow_up
False
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from pomocbot.conversation.base import Turn
from pomocbot.text.normalize import fold_diacritics
from pomocbot.text.stopwords import is_stopword
from pomocbot.text.tokenize import word_tokens

__all__ = ["MAX_CARRIED", "ResolvedQuery", "resolve_follow_up"]

MAX_CARRIED = 6
# Older questions rarely matter once the customer asked three new things.
_CONTEXT_TURNS = 4


class ResolvedQuery(BaseModel):
    """The query to search for a message, after follow-up resolution.

    ``text`` is the message itself when it is not a follow-up;
    ``carried_terms`` are the words taken over from earlier questions.

    >>> ResolvedQuery(text="Jak złożyć reklamację?", is_follow_up=False).carried_terms
    []
    """

    model_config = ConfigDict(frozen=True)

    text: str
    is_follow_up: bool
    carried_terms: list[str] = Field(default_factory=list)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Word classes (folded). Single words are sets; open families are prefixes.
_QUESTION = _words(
    "jak jaki jaka jakie jakiego jakiej jakim jakich ile ilu kiedy kiedyz gdzie dokad skad czy co czego "
    "czym czemu dlaczego ktory ktora ktore ktorego ktorej ktorym kto komu kogo"
)
_FILLER = _words(
    "dzien dobry dobrze witam hej halo czesc siema prosze dziekuje dziekuja dzieki dzieks pozdrawiam "
    "pozdrowienia ok okej okay oki super spoko jasne rozumiem aha mam masz ma mamy macie pytanie "
    "pytanko zapytac spytac zapytanie chce chcialbym chcialabym chcialem chcialam chcemy moge mozna "
    "mozecie mozesz moglbym moglabym wiedziec dowiedziec sie jest sa byc bedzie beda byl byla bylo "
    "potrzebuje interesuje mnie mi moj moja moje mojego mojej moim moich panstwo pan pani wam was "
    "wasz wasza wasze waszego jeszcze tylko wlasnie teraz jednak kupilem kupilam kupione kupiony "
    "kupiona kupic zl pln zlotych zlote zloty groszy"
)
_ANAPHORA = _words(
    "to tego tym ten ta te tej tamto tamten tamta tamtego tam tu tutaj tez takze rowniez wtedy "
    "wowczas jego jej ich nim niej nich ono podobnie analogicznie"
)
_CONNECTIVES = _words("a i oraz to ale czyli no tylko albo lub plus takze tez rowniez")
# "co z kurierem?", "a co do zwrotu?", "a jak z paczkomatem?"
_WHAT_ABOUT = re.compile(r"^(?:a |i |no |to )?(?:co|jak) (?:z|ze|do)\b")
# "co to jest BLIK?", "czy to prawda, że ...": "to" does not point back here.
_DEFINITION = re.compile(r"\b(?:co to (?:jest|znaczy|oznacza)|czy to prawda)\b")

_ATTRIBUTE = "attribute"
_PROCESS = "process"
_TOPIC = "topic"
# (kind, word prefixes), matched in this order: "paczkomat" is a method before "paczk" is a
# process, "płatność" a process before "płatn(y)" an attribute.
_CLASSES: tuple[tuple[str, str], ...] = (
    ("method", "kurier paczkomat inpost dpd dhl ups gls fedex poczt orlen zabk odbior osobist punkt "
               "automat"),
    ("payment", "blik kart przelew pobrani paypal payu gotowk raty ratach rata apple google twisto "
                "odroczon"),
    ("when", "weekend sobot niedziel swiet(?!n) poniedzial wtorek wtorku sroda srode srody srodzie "
             "czwart piat dzis jutr wieczor rano noc wakacj"),
    ("where", "granic zagranic niemiec niemc czech ukrain slowac litw europ angli polsk kraj wysp"),
    ("order", "zamowi paczk przesylk"),
    (_PROCESS, "dostaw wysylk wysyl zwrot zwroc oddac reklamac reklamow wymian wymien "
               "gwarancj faktur rachun paragon konto konta kontem koncie hasl logow rejestr rabat "
               "kupon promoc newsletter rodo danych anulow rezygn platnos zaplac zaplat status sledz "
               "odstapi"),
    (_ATTRIBUTE, "koszt cen oplat platn darm gratis trwa dlug czas szybk szybc termin mozliw dostepn "
                 "dziala"),
)
_CLASS_RES = tuple(
    (kind, re.compile("(?:" + "|".join(sorted(prefixes.split(), key=len, reverse=True)) + ")"))
    for kind, prefixes in _CLASSES
)
_SALIENCE = {_PROCESS: 0, _TOPIC: 1, _ATTRIBUTE: 3}  # slots: 2


class _Term(NamedTuple):
    word: str  # lower-cased as typed
    stem: str  # folded stem
    kind: str  # a slot, process, attribute or topic


class _Message(NamedTuple):
    terms: list[_Term]  # content words, in order
    asks: bool  # has a question word or an attribute
    anaphora: bool
    connective: bool
    what_about: bool


def _kind(folded: str) -> str:
    for kind, pattern in _CLASS_RES:
        if pattern.match(folded):
            return kind
    return _TOPIC


def _analyse(text: str, stem: Callable[[str], str]) -> _Message:
    words = [token.lower() for token in word_tokens(text)]
    folded_words = [fold_diacritics(word) for word in words]
    joined = " ".join(folded_words)
    terms: list[_Term] = []
    asks = anaphora = False
    seen: set[str] = set()
    definition = _DEFINITION.search(joined) is not None
    for word, folded in zip(words, folded_words, strict=True):
        if folded in _ANAPHORA:
            anaphora = anaphora or not (definition and folded == "to")
            continue
        if folded in _QUESTION:
            asks = True
            continue
        if folded[0].isdigit() or folded in _FILLER or is_stopword(folded) or len(folded) < 2:
            continue
        kind = _kind(folded)
        asks = asks or kind == _ATTRIBUTE
        stemmed = fold_diacritics(stem(word))
        if stemmed not in seen:
            seen.add(stemmed)
            terms.append(_Term(word, stemmed, kind))
    connective = bool(folded_words) and folded_words[0] in _CONNECTIVES
    return _Message(terms, asks, anaphora, connective, _WHAT_ABOUT.match(joined) is not None)


def _is_follow_up(message: _Message, context: list[_Term]) -> bool:
    if not context:
        return False
    if message.what_about:
        return True
    topics = [term for term in message.terms if term.kind != _ATTRIBUTE]
    if message.anaphora and len(topics) <= 2:
        return True
    if not topics:
        # "a jak długo?", "a kiedy?" ask about the previous topic; "dziękuję" asks nothing.
        return message.asks or message.connective or message.anaphora
    context_stems = {term.stem for term in context}
    context_kinds = {term.kind for term in context}
    new_process = any(t.kind == _PROCESS and t.stem not in context_stems for t in topics)
    if message.connective:
        return len(topics) == 1 or (len(topics) <= 3 and not new_process)
    if len(topics) > 1:
        return False
    (topic,) = topics
    if topic.kind == _PROCESS:
        return not new_process  # "Jak długo trwa dostawa?" after a delivery question
    if topic.kind != _TOPIC and topic.kind in context_kinds:
        return True  # "Ile kosztuje paczkomat?" after a courier question
    return not message.asks  # "buty?", "w weekend?"


def _carry(message: _Message, context: list[_Term]) -> list[_Term]:
    """Context terms the message does not replace, most salient first."""
    stems = {term.stem for term in message.terms}
    kinds = {term.kind for term in message.terms if term.kind != _TOPIC}
    kept = [term for term in context if term.stem not in stems and term.kind not in kinds]
    kept.sort(key=lambda term: _SALIENCE.get(term.kind, 2))  # stable: original order within a rank
    return kept[:MAX_CARRIED]


def resolve_follow_up(message: str, history: Sequence[Turn], stem: Callable[[str], str]) -> ResolvedQuery:
    """Resolve ``message`` against the previous customer turns of ``history``.

    ``history`` holds the turns *before* ``message``, oldest first (assistant
    turns are skipped). ``stem`` maps a lower-cased word to its stem (e.g.
    ``PolishStemmer().stem``); stems decide which words are the same. See the
    module docstring for the rules.

    >>> from datetime import datetime, timezone
    >>> at = datetime(2026, 11, 2, tzinfo=timezone.utc)
    >>> history = [Turn(role="customer", text="Czy mogę zwrócić buty kupione w promocji?", at=at)]
    >>> resolve_follow_up("a ile mam na to czasu?", history, stem=str).text
    'a ile mam na to czasu? czasu zwrócić promocji buty'
    """
    customer_texts = [turn.text for turn in history if turn.role == "customer"][-_CONTEXT_TURNS:]
    context: list[_Term] = []
    for text in customer_texts:
        previous = _analyse(text, stem)
        if _is_follow_up(previous, context):
            context = previous.terms + _carry(previous, context)
        elif previous.terms:
            context = previous.terms
    current = _analyse(message, stem)
    if not _is_follow_up(current, context):
        return ResolvedQuery(text=message, is_follow_up=False)
    carried = [term.word for term in _carry(current, context)]
    text = " ".join([message.strip(), *(term.word for term in current.terms), *carried])
    return ResolvedQuery(text=text, is_follow_up=True, carried_terms=carried)
