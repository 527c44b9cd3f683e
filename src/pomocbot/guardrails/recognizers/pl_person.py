"""Polish person names (OSOBA) without an NER model: gazetteer, surname shapes, capitals and context.

Evidence, strongest first:

* **context**: an honorific or title before a capitalised word ("Pan Kowalski",
  "pani Zofii", "dr Nowak"); an introduction ("nazywam się", "mam na imię",
  "z tej strony", "imię i nazwisko:", "odbiorca:"); a sign-off at the end
  ("Pozdrawiam, Anna Nowak"). Lower-case names ("jan kowalski") are taken only
  here, or when a known first name is followed by a surname-shaped word;
* **a known first name** in any case form (``names.first_name_lemma``), with
  the capitalised words after it as the surname ("Jana Kowalskiego");
* **a surname shape** on a capitalised word that is not at the start of a
  sentence: adjectival -ski/-cka/-dzki in every case, -wicz, a list of common
  surnames; noun shapes (-ak, -czyk, -ek) count less;
* a surname seen once as part of a name marks its other forms in the same text
  ("Jan Kowalski ... Kowalskiemu").

Scores say how strong the evidence is, so an analyzer threshold picks the
trade-off: 0.85 context or first name + surname; 0.6 a first name alone or
"jan kowalski" in lower case; 0.55 a surname by shape or list; 0.5 a name in a
list with another name, a speaker ("– tłumaczy Muszarraf"), an ambiguous first
name inside a sentence ("a Kuba leżał"); 0.45 a noun-shaped surname ("Wieczorka")
or a man's dative ("Grantowi"); 0.3 a guess: an unknown capitalised word inside
a sentence that looks like neither a place, a title nor a term (turn off with
``guess_unknown=False``). On PolEval 2018 the 0.3 guesses are right about 40%
of the time and bring recall from about 0.72 to 0.79 (``benchmarks/pii_names.py``).

Against false positives: a capital at the start of a sentence is weak evidence;
months, weekdays, holidays, the brands and services of e-commerce ("Paczkomat",
"InPost", "BLIK", "Allegro"), proper adjectives ("Polski", "Śląskiej"), and
town names (they are MIEJSCE) never make a person on their own; neither do
words in a street name ("ul. Mickiewicza" is an address) or after an
organisation word ("Uniwersytet Jagielloński").

The word lists (honorifics, words that are never a name, ...) are package data
in ``guardrails/data/``; what one word is taken for is decided in
:mod:`pomocbot.guardrails.recognizers.pl_person_words`.

>>> r = PlPersonRecognizer()
>>> text = "Przesyłka dla Jana Kowalskiego. Pozdrawiam, Anna Nowak"
>>> [text[x.start:x.end] for x in r.analyze(text, ["OSOBA"])]
['Jana Kowalskiego', 'Anna Nowak']
"""

from __future__ import annotations

import itertools

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from pomocbot.guardrails.names import FIRST_NAME_FORMS, first_name_lemma, surname_shape, surname_stem
from pomocbot.guardrails.recognizers.common import span_results
from pomocbot.guardrails.recognizers.pl_person_words import (
    AMBIGUOUS_FIRST,
    NOT_NAMES,
    WordScan,
    fold_caps,
    initials_tag_end,
    is_sentence_start,
    is_speaker,
    word_kind,
)
from pomocbot.guardrails.recognizers.pl_place import PLACE_FORMS
from pomocbot.guardrails.wordlists import load_words
from pomocbot.text.stopwords import POLISH_STOPWORDS

__all__ = ["PlPersonRecognizer"]

# Words before a name that make the next capitalised word(s) a person.
_HONORIFICS = frozenset(load_words("person_honorifics"))
# Phrases after which the next one or two words are a name, even in lower case.
_INTRODUCTIONS = (
    ("nazywam", "się"), ("mam", "na", "imię"), ("na", "imię", "mam"), ("z", "tej", "strony"),
    ("imię", "i", "nazwisko"), ("nazwisko", "i", "imię"), ("odbiorca",), ("odbiorcy",), ("nadawca",),
    ("podpisano",), ("zamawiający",), ("zamawiająca",), ("kupujący",), ("kupująca",), ("nazwisko",),
    ("imię",), ("adresat",), ("nazywa", "się"), ("nazywają", "się"),
)
_SIGN_OFFS = frozenset(
    """
pozdrawiam pozdrawiamy pozdrowienia poważaniem szacunkiem szacunku dziękuję dziekuje dzięki serdecznie
""".split()
)
# Words that head a street: what follows is an address (ADRES), not a person ("ul. Mickiewicza").
_ORG_OR_STREET = frozenset(
    """
ul ul. ulica ulicy ulicę ulicą al al. aleja alei aleję os os. osiedle osiedlu pl pl. plac placu placem
rondo ronda skwer skweru most mostu park parku
""".split()
)
_ABBREV_BEFORE = frozenset(
    """ul al os pl im dr prof mgr inż ks red mec św o doc dyr hab lek bp abp kard płk gen mjr por kpt
    mr mrs ms""".split()
)
_MAX_CHAIN = 4


class PlPersonRecognizer(LocalRecognizer):
    """Finds person names (OSOBA) in Polish text; needs no nlp_artifacts.

    >>> r = PlPersonRecognizer()
    >>> text = "nazywam się jan kowalski, rozmawiałem z Panią Zofią i z K. Nowakiem"
    >>> [text[x.start:x.end] for x in r.analyze(text, ["OSOBA"])]
    ['jan kowalski', 'Zofią', 'K. Nowakiem']
    """

    ENTITY = "OSOBA"
    SCORE_CONTEXT = 0.85
    SCORE_FULL_NAME = 0.85
    SCORE_FIRST_NAME = 0.6
    SCORE_SURNAME = 0.55
    SCORE_MEDIUM = 0.5
    SCORE_WEAK = 0.45
    SCORE_GUESS = 0.3

    def __init__(self, supported_language: str = "pl", guess_unknown: bool = True) -> None:
        self.guess_unknown = guess_unknown
        super().__init__(supported_entities=[self.ENTITY], supported_language=supported_language,
                         name="PlPersonRecognizer")

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str] | None = None, nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        return span_results(self.ENTITY, entities, lambda: self.find_spans(text))

    def find_spans(self, text: str) -> list[tuple[int, int, float]]:
        """(start, end, score) of every person name in ``text``, in order, not overlapping.

        Words in capitals are read title-cased (``fold_caps``: "ANNA NOWAK"), same offsets.
        """
        folded = fold_caps(text)
        scan = WordScan(folded)
        words, lowers, n = scan.words, scan.lowers, scan.n
        i = 0
        while i < n:
            word = words[i]
            first_char = word[0]
            low = lowers[i]
            if not first_char.isalpha():
                i += 1
                continue
            if low in _TRIGGER_LAST:  # the name comes after it: "nazywam się Jan", "Pozdrawiam, Anna"
                k = i + 1
                while k < n and lowers[k] in _CONTEXT_PUNCT:
                    k += 1
                if k < n and words[k][0].isalpha() and (low in _SIGN_OFFS or not any(
                        lowers[m] in _HARD_STOP for m in range(i + 1, k))):
                    count = self._context_words(scan, k, i)
                    if count:
                        scan.add(k, k + count, self.SCORE_CONTEXT)
                        i = k + count
                        continue
            if first_char.isupper():
                if len(word) == 1 and word in _INITIALS and i + 1 < n and words[i + 1] == ".":
                    if i and lowers[i - 1] in _HONORIFICS and lowers[i - 1] not in _ABBREV_BEFORE:
                        scan.add(i, i + 2, self.SCORE_CONTEXT)  # "pani B.", "Pan F."
                        i += 2
                        continue
                    tag = initials_tag_end(words, i)
                    if tag:  # "A.S.: Tak, ..." - the speaker of an interview
                        scan.add(i, tag, self.SCORE_MEDIUM)
                        i = tag
                        continue
                    if i + 2 < n and words[i + 2][0].isupper() and lowers[i + 2] not in POLISH_STOPWORDS:
                        found = self._initials(scan, i)
                        if found:
                            scan.add(i, found, self.SCORE_FULL_NAME)
                            i = found
                            continue
                j = i + 1
                while j < n and j - i < _MAX_CHAIN and words[j][0].isupper() and words[j][0].isalpha() \
                        and lowers[j] not in _PAN:
                    j += 1
                if j == i + 1 and (low in POLISH_STOPWORDS or low in NOT_NAMES):
                    i = j  # "Czy", "Jak", "Dzień": the common case, decided without more work
                    continue
                judged = self._judge_chain(scan, i, j)
                if judged is not None:
                    scan.add(*judged)
                i = j
                continue
            # Lower case: a known first name then a surname-shaped word ("jan kowalski", "dla jana nowaka").
            if low in _LOWER_FIRST and i + 1 < n:
                nxt = lowers[i + 1]
                if nxt[0].isalpha() and nxt not in POLISH_STOPWORDS and nxt not in NOT_NAMES \
                        and surname_shape(nxt) in ("adj", "wicz", "noun") \
                        and not nxt.endswith(("scy", "ccy")):
                    strong = surname_shape(nxt) != "noun"
                    scan.add(i, i + 2, self.SCORE_FIRST_NAME if strong else self.SCORE_MEDIUM)
                    i += 2
                    continue
            i += 1
        # Unknown words in a list with a name: "Habermas i Derrida", "Kowalski, Grant i Gołota".
        for a, b in scan.pending:
            left = a >= 2 and lowers[a - 1] in _LIST_JOINERS and scan.taken[a - 2]
            right = b + 1 < n and lowers[b] in _LIST_JOINERS and scan.taken[b + 1]
            if left or right:
                scan.add(a, b, self.SCORE_MEDIUM)
            elif self.guess_unknown and self._guessable(scan, a, b):
                scan.add(a, b, self.SCORE_GUESS)
        self._propagate(scan)
        spans = scan.char_spans()
        if folded is not text:
            # Words in capitals are shouting as often as names: only real evidence (a known first
            # name, a context) makes them one, not a list neighbour or a guess ("ZAMAWIAŁEM PRALKĘ, JAN").
            spans = [s for s in spans if s[2] >= self.SCORE_FIRST_NAME or not text[s[0]:s[1]].isupper()]
        return spans

    def _guessable(self, scan: WordScan, i: int, j: int) -> bool:
        """An unknown capitalised word inside a sentence that does not look like a place, title or term."""
        lowers = scan.lowers
        if j - i != 1 or i == 0 or is_sentence_start(lowers, i):
            return False
        low = lowers[i]
        nxt = lowers[j] if j < scan.n else ""
        if len(low) < 4 or low.endswith(_GUESS_BAD_ENDINGS) or lowers[i - 1] in _GUESS_BAD_BEFORE \
                or nxt in _GUESS_BAD_AFTER or nxt.isdigit() or low in POLISH_STOPWORDS:
            return False
        return low not in scan.lowercase_words()

    def _context_words(self, scan: WordScan, i: int, trigger: int) -> int:
        """How many words from ``i`` an introduction or sign-off at ``trigger`` marks as a name (0: none)."""
        words, lowers, n = scan.words, scan.lowers, scan.n
        # A one-word label needs a colon or dash ("Odbiorca: Jan Kowalski"); phrases do not.
        hit = any(
            trigger + 1 >= len(phrase) and tuple(lowers[trigger + 1 - len(phrase) : trigger + 1]) == phrase
            and (len(phrase) > 1 or any(lowers[k] in (":", "-", "–") for k in range(trigger + 1, i)))
            for phrase in _INTRODUCTIONS
        )
        loose = lowers[trigger] == "się"  # "nazywam się kowalski": anything but a function word
        signed = False  # a sign-off: "Pozdrawiam,\njan mazur" ends the message with the name
        if not hit and lowers[trigger] in _SIGN_OFFS and all(lowers[k] in (",", "\n", "!", ".", "-", "–")
                                                             for k in range(trigger + 1, i)):
            # At most three words may follow; count no further (a long text has many sign-off words).
            rest = sum(1 for _ in itertools.islice((k for k in range(i, n) if words[k][0].isalpha()), 4))
            hit = rest <= 3 and (words[i][0].isupper() or first_name_lemma(words[i]) is not None)
            signed = hit and first_name_lemma(words[i]) is not None
        if not hit:
            return 0
        count = 0
        while i + count < n and count < 3:
            word = words[i + count]
            low = lowers[i + count]
            if not word[0].isalpha() or low in NOT_NAMES or low in POLISH_STOPWORDS \
                    or (count == 0 and low in _HONORIFICS):
                break
            if len(word) == 1 and word.isupper() and i + count + 1 < n and words[i + count + 1] == ".":
                count += 2  # an initial: "J. Kowalski"
                continue
            known = first_name_lemma(word) is not None or surname_shape(word) is not None \
                or (signed and count == 1 and word.isalpha())  # the surname after a signed first name
            if not (word[0].isupper() or known or (loose and count == 0)):
                break
            if count and not word[0].isupper() and not known:
                break
            count += 1
        return count

    def _initials(self, scan: WordScan, i: int) -> int:
        """End of "K. Nowak", "A.P. Kaczmarek" starting at ``i`` (0 when it is not one)."""
        words, lowers, n = scan.words, scan.lowers, scan.n
        if i and (lowers[i - 1] in _ORG_OR_STREET
                  or (lowers[i - 1] == "." and i > 1 and lowers[i - 2] in _ORG_OR_STREET)):
            return 0
        j = i
        while j + 1 < n and len(words[j]) == 1 and words[j].isupper() and words[j + 1] == ".":
            j += 2
        if j >= n or not words[j][0].isupper() or word_kind(words[j], lowers[j]) in ("X", "P"):
            return 0
        end = j + 1
        if end < n and words[end][0].isupper() and word_kind(words[end], lowers[end]) in ("S", "A", "N"):
            end += 1
        return end

    def _judge_chain(self, scan: WordScan, i: int, j: int) -> tuple[int, int, float] | None:
        """Decide whether the run of capitalised words ``i:j`` is a person: (start, end, score) or None."""
        words, lowers = scan.words, scan.lowers
        prev = i - 1
        if prev > 0 and lowers[prev] == "." and lowers[prev - 1] in _ABBREV_BEFORE:
            prev -= 1
        prev_low = lowers[prev] if prev >= 0 else "\n"
        if prev_low in _ORG_OR_STREET:
            return None
        sentence_start = is_sentence_start(lowers, i)
        kinds = [word_kind(words[k], lowers[k]) for k in range(i, j)]
        if lowers[i] in _HONORIFICS:  # "Pan Kowalski", "Pani Anna"; but not "Minister Finansów"
            if len(kinds) > 1 and kinds[1] not in ("X", "P") and (kinds[1] != "U" or lowers[i] in _PAN):
                end = 2
                while end < len(kinds) and kinds[end] not in ("X", "P"):
                    end += 1
                return i + 1, i + end, self.SCORE_CONTEXT
            return None
        if prev_low in _HONORIFICS and prev >= 0 and kinds[0] not in ("X", "P") \
                and not (words[prev][0].isupper() and is_sentence_start(lowers, prev) and kinds[0] == "U"):
            end = 1
            while end < len(kinds) and kinds[end] not in ("X", "P"):
                end += 1
            return i, i + end, self.SCORE_CONTEXT
        quoted = prev >= 0 and prev_low in _OPENING_QUOTES  # a title: "Lalka", "Kamizelka"
        if "F" in kinds:
            first = kinds.index("F")
            start = first - 1 if first > 0 and kinds[first - 1] in ("S", "A") else first
            end = first + 1
            while end < len(kinds) and kinds[end] != "X":
                end += 1
            if end - start > 1:
                return i + start, i + end, self.SCORE_FULL_NAME
            low = lowers[i + first]
            if low in PLACE_FORMS and prev_low in _PLACE_PREPOSITIONS:
                return None
            if low in AMBIGUOUS_FIRST or low in POLISH_STOPWORDS or quoted:
                # "Marka", "Kuba", "Róża": a name inside a sentence, a word at its start
                if (sentence_start and not is_speaker(lowers, i, j)) or first > 0 \
                        or prev_low in _PLACE_PREPOSITIONS or low in POLISH_STOPWORDS:
                    return None
                return i + start, i + end, self.SCORE_MEDIUM
            return i + start, i + end, self.SCORE_FIRST_NAME
        if "X" in kinds or "P" in kinds or quoted:
            return None
        if len(kinds) == 1:
            kind = kinds[0]
            word = words[i]
            if kind == "S" or (kind == "A" and not sentence_start):
                if kind == "A" and prev_low in _STREET_PREPOSITIONS \
                        and lowers[i].endswith(("skiej", "ckiej", "dzkiej")):
                    return None  # "przy Puławskiej": a street
                return i, j, self.SCORE_SURNAME
            if kind == "N" and not sentence_start:
                return i, j, self.SCORE_WEAK
            if kind == "A" and lowers[i].endswith(("ski", "cki", "dzki")) and j < scan.n \
                    and lowers[j].endswith("ł") and lowers[j][0].isalpha() and words[j][0].islower():
                return i, j, self.SCORE_MEDIUM  # "Kowalski napisał": a man's surname as the subject
            if "'" in word or "’" in word or (not sentence_start and is_speaker(lowers, i, j)):
                return i, j, self.SCORE_MEDIUM  # speaker; foreign name inflected with an apostrophe (Bowe'a)
            if not sentence_start and lowers[i].endswith("owi") and len(word) > 5:
                return i, j, self.SCORE_WEAK  # dative of a man's name: Scheiblerowi, Grantowi
            if not sentence_start or kind in ("N", "A"):
                scan.pending.append((i, j))
            return None
        if len(kinds) <= 3 and all(k in ("S", "A", "N") for k in kinds) and ("S" in kinds or "A" in kinds):
            return i, j, self.SCORE_SURNAME
        if len(kinds) == 2 and kinds[1] == "S":
            return i, j, self.SCORE_SURNAME
        if len(kinds) <= 3 and is_speaker(lowers, i, j):
            return i, j, self.SCORE_MEDIUM
        if len(kinds) <= 3:
            scan.pending.append((i, j))  # "Bob Rafelson i Oliver Stone": decided by its neighbours
        return None

    def _propagate(self, scan: WordScan) -> None:
        """Mark other forms of a surname already found in a name ("Kowalskiemu" after "Jan Kowalski")."""
        words, lowers = scan.words, scan.lowers
        known = {
            surname_stem(words[k])
            for i, j, score in scan.spans if score >= self.SCORE_SURNAME
            for k in range(i, j)
            if words[k][0].isupper() and len(words[k]) > 2 and first_name_lemma(words[k]) is None
            and lowers[k] not in _HONORIFICS
        }
        if not known:
            return
        for k, word in enumerate(words):
            if not scan.taken[k] and word[0].isupper() and len(word) > 2 and lowers[k] not in NOT_NAMES \
                    and surname_stem(word) in known:
                scan.add(k, k + 1, self.SCORE_SURNAME)


_CONTEXT_PUNCT = frozenset(":,-–\n.!")
_HARD_STOP = frozenset(".!?")
_STREET_PREPOSITIONS = frozenset("przy róg rogu".split())
# The last resort (score 0.3): an unknown capitalised word inside a sentence, unless it follows a
# preposition of place, a quote or a bracket, ends like a place, an abstract noun or a plural, or is
# followed by a quote, a number or English.
_GUESS_BAD_BEFORE = frozenset(load_words("person_guess_bad_before"))
_GUESS_BAD_AFTER = frozenset("\" ” ' » ) ] & / of the and in for : ( -".split())
_GUESS_BAD_ENDINGS = (
    "ów", "ach", "ami", "ii", "cji", "nia", "nie", "cie", "ice", "icy", "ych", "ej", "ym", "ich", "stwo",
    "stwa",
    "ość", "ości", "enie", "anie", "acja", "ja", "um", "ia", "ią", "ię", "ska", "cka", "sku", "cku", "owie",
    "u",  # genitive of a thing (Regulaminu, Internetu); a man's name takes -a
)
_INITIALS = frozenset("ABCDEFGHIJKLMNOPRSTUWZĆŁŚŻŹ")
_LIST_JOINERS = frozenset({",", "i", "oraz", "a"})
_OPENING_QUOTES = frozenset("\"„“«'‚")
_PAN = frozenset("pan pani panu panią pana panem panie państwo państwa panowie panów".split())
_TRIGGER_LAST = frozenset({p[-1] for p in _INTRODUCTIONS} | _SIGN_OFFS)
_PLACE_PREPOSITIONS = frozenset("w we z ze do pod koło od przez".split())
_LOWER_FIRST = frozenset(
    form.lower() for form in FIRST_NAME_FORMS
    if form.lower() not in POLISH_STOPWORDS and form.lower() not in AMBIGUOUS_FIRST and len(form) > 2
)
