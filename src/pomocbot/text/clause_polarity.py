"""What one Polish clause says about its words: stated plainly, negated, quantified.

:func:`polarity_profile` reads a sentence clause by clause into
:class:`PolarityProfile` records, which :func:`pomocbot.text.polarity.polarity_conflict`
compares between a claim and its source. A word's *key* (:func:`concept_key`)
is its idea where it has one ("bezpłatna", "darmowa" and "koszt" share
``@koszt``), else its first letters; the word tables are in
:mod:`pomocbot.text.polarity_lexicon`.

>>> [clause] = polarity_profile("Dostawa jest bezpłatna.")
>>> clause.negated
{'@koszt': 'bezpłatna'}
>>> [(p.plain, p.negated) for p in polarity_profile("Zwracamy koszt, ale nie odsyłamy paczek.")]
[({'zwrac': 'Zwracamy', '@koszt': 'koszt'}, {}), ({'pacze': 'paczek'}, {'odsyl': 'nie odsyłamy'})]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pomocbot.text.normalize import fold_diacritics
from pomocbot.text.polarity_lexicon import (
    ADDRESS,
    BEFORE_AFTER,
    BOUND_WORDS,
    CHARGING,
    CLASS_PREFIXES,
    CLASSES,
    CLAUSE_BREAK,
    COMPARATIVE_PREFIXES,
    CONCEPT_WORDS,
    CONCEPTS,
    CONCORD,
    CONCORD_PRONOUNS,
    EXPRESSIONS,
    FROM_TO,
    LEADING_PARTICLES,
    MAX_EXPRESSION,
    MODALS,
    NEGATORS,
    OBJECT_PRONOUNS,
    POSSESSIVES,
    PREFIX_CHARS,
    PREPOSITIONS,
    SCOPE_BREAK,
    SCOPED_CLASSES,
    TRANSPARENT,
    UNTIL,
)
from pomocbot.text.stopwords import is_stopword

__all__ = ["PolarityProfile", "concept_key", "polarity_profile"]

_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|\w+|[,;:!?.()\[\]–—\"„”]")


@dataclass(frozen=True)
class PolarityProfile:
    """What one sentence says about its words: keys stated plainly, keys negated, classes used."""

    plain: dict[str, str]  # key -> the words as written
    negated: dict[str, str]
    classes: dict[str, str]  # class -> the word as written
    via_modal: frozenset[str] = frozenset()  # negated only as the verb after a negated modal


def concept_key(word: str) -> str:
    if word in CONCEPT_WORDS:
        return CONCEPT_WORDS[word]
    for prefix, concept in CONCEPTS:
        if word.startswith(prefix):
            return concept
    return word[:PREFIX_CHARS]


def _tokens(text: str) -> list[tuple[str, str]]:
    """(folded, as written) per word or punctuation mark, fixed expressions replaced."""
    written = _TOKEN.findall(text)
    words = [(fold_diacritics(t.lower()), t) for t in written]
    # A leading "Tak," / "Nie," answers the question; "Nie zwracamy" is a negation.
    while len(words) > 1 and words[0][0] in LEADING_PARTICLES and words[1][0] in {",", "!", ".", "–", "—"}:
        words = words[2:]
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        for size in range(min(MAX_EXPRESSION, len(words) - i), 1, -1):
            folded = tuple(w for w, _ in words[i : i + size])
            replacement = next((r for e, r in EXPRESSIONS if e == folded), None)
            if replacement is not None:
                shown = " ".join(t for _, t in words[i : i + size])
                out.extend((r, shown) for r in replacement)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _split_prefix(word: str) -> tuple[bool, str]:
    """A word's key and whether the word negates it by itself ("bezpłatny", "niemożliwy").

    >>> _split_prefix("bezpłatny".replace("ł", "l")), _split_prefix("zwrotu")
    ((True, '@koszt'), (False, 'zwrot'))
    """
    key = concept_key(word)
    return (True, key[1:]) if key.startswith("-") else (False, key)


def _is_function_word(word: str) -> bool:
    return is_stopword(word) or word in ADDRESS or word.startswith(POSSESSIVES)


def _clauses(tokens: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    clauses: list[list[tuple[str, str]]] = [[]]
    for token in tokens:
        if token[0] in CLAUSE_BREAK:
            if clauses[-1]:
                clauses.append([])
        else:
            clauses[-1].append(token)
    return [c for c in clauses if c]


def _class_of(word: str, comparing: bool) -> str | None:
    if word in CLASSES:
        return CLASSES[word]
    for prefix, kind in CLASS_PREFIXES + (COMPARATIVE_PREFIXES if comparing else ()):
        if word.startswith(prefix):
            return kind
    return None


def _clause_profile(tokens: list[tuple[str, str]], comparing: bool = False) -> PolarityProfile:
    """One clause's profile; ``comparing``: the sentence compares ("niż"), so comparatives count."""
    plain: dict[str, str] = {}
    negated: dict[str, str] = {}
    classes: dict[str, str] = {}
    via_modal: set[str] = set()
    # "Nikt z działu nie może", "nic Pana nie kosztuje": with a "nie" in the clause the concord word
    # only repeats the negation of the verb: it negates nothing itself (and "nic", "nikt" quantify nothing).
    with_nie = any(w == "nie" for w, _ in tokens)
    double_negation = False  # "nie rozpatrujemy bez dowodu"
    scope = 0  # content words still under the last negator
    negator = 0  # where the last negator stands
    modal_scope = False  # the scope was extended by a negated modal
    until = False  # "dopóki ... nie" means "until": that "nie" negates nothing
    seen_nie = False
    concord = False
    last_content: tuple[int, str] | None = None
    for i, (word, written) in enumerate(tokens):
        if word in SCOPE_BREAK:
            scope = 0
            continue
        kind = None if (word in CONCORD_PRONOUNS and with_nie) else _class_of(word, comparing)
        if kind is not None:
            classes.setdefault(kind, written)
        nxt, nxt_written = tokens[i + 1] if i + 1 < len(tokens) else ("", "")
        if word in BEFORE_AFTER and nxt and (nxt[0].isdigit() or nxt.startswith("godz")):
            # "przed 14:00", "po godzinie 14": a time of day
            classes.setdefault(f"{BEFORE_AFTER[word]}:#", f"{written} {nxt_written}")
        elif word in BEFORE_AFTER and nxt and not _is_function_word(nxt):
            classes.setdefault(f"{BEFORE_AFTER[word]}:{concept_key(nxt)}", f"{written} {nxt_written}")
        if kind in SCOPED_CLASSES:
            # "tylko do Niemiec": the class belongs to the next content word
            target = next(((w, t) for w, t in tokens[i + 1 : i + 4] if not _is_function_word(w)), None)
            classes.pop(kind, None)
            if target is not None:
                classes.setdefault(f"{kind}:{concept_key(target[0])}", f"{written} {target[1]}")
        if word in FROM_TO and nxt[:1].isdigit():
            classes.setdefault(FROM_TO[word], f"{written} {nxt_written}")
        if word in UNTIL:
            until = True
        if word in NEGATORS:
            if word == "nie" and until:
                continue  # "dopóki paczka nie dotrze albo nie pokaże Pani dowodu": every "nie" of it
            if word in CONCORD and with_nie and not seen_nie:
                continue  # "nikt ... nie może": the "nie" to come carries the negation
            if word in CONCORD and seen_nie:
                # "nie musisz wpisywać żadnego kodu": one negation, of the verb; the noun after
                # the concord word counts only when it names an idea ("nie pobieramy żadnych opłat")
                concord, negator = True, i
                continue
            seen_nie = seen_nie or word == "nie"
            scope, negator, modal_scope = 1, i, False
            # "bez" right after a negated verb (and its object) makes a requirement: "nie rozpatrujemy
            # bez dowodu", "nie wysyłamy zamówień bez wpłaty"; "w budynkach bez przyłącza" does not
            verb = next((k for k in (i - 1, i - 2) if k >= 1 and tokens[k - 1][0] == "nie"), None)
            double_negation = word == "bez" and not until and verb is not None
            if double_negation:
                # ... and the verb holds under a condition: "nie wysyłamy bez wpłaty" = "wysyłamy po wpłacie"
                plain.setdefault(_split_prefix(tokens[verb][0])[1], tokens[verb][1])
            continue
        if scope and word in OBJECT_PRONOUNS and tokens[negator][0] in ("bez", "brak", "braku"):
            scope = 0  # "bez niego": the pronoun is all that is missing
            continue
        if scope and word in TRANSPARENT and concept_key(word) not in MODALS:
            continue
        if word in BOUND_WORDS:
            continue  # "najpóźniej", "co najmniej": a bound (a class above), not a word of the claim
        if (word[0].isdigit() or len(word) < 3
                or (_is_function_word(word) and concept_key(word) not in MODALS)):
            continue  # numbers, units ("zł", "kg") and function words say nothing about polarity
        inherent, key = _split_prefix(word)
        if concord:
            concord = False
            if not key.startswith("@"):
                continue
            scope = 1
        under = bool(scope)
        if under:
            scope -= 1
            if (key in MODALS or word in CHARGING) and nxt not in PREPOSITIONS:
                # "nie można zwrócić": the verb after the modal is negated too ("nie jest potrzebny do
                # założenia" names a purpose, not a negated act)
                scope, modal_scope = 1, True
                # "wpisywać nie trzeba": so is an infinitive right before it
                before = last_content is not None and last_content[0] == negator - 1
                if before and _infinitive(tokens[negator - 1][1]):
                    shown_before = plain.pop(last_content[1], None)
                    if shown_before is not None:
                        negated.setdefault(last_content[1], f"{shown_before} {tokens[negator][1]}")
        shown = " ".join(t for _, t in tokens[negator : i + 1]) if under else written
        if under and tokens[negator][0] == "bez" and double_negation:
            under = False  # "nie rozpatrujemy bez dowodu": the proof is required, not missing
        if under != inherent:
            negated.setdefault(key, shown)
            if under and modal_scope and key not in MODALS:
                via_modal.add(key)
        else:
            plain.setdefault(key, shown)
        last_content = (i, key)
    return PolarityProfile(plain, negated, classes, frozenset(via_modal))


def _infinitive(written: str) -> bool:
    return len(written) > 3 and written.lower().endswith(("ć", "ac", "ec", "ic", "yc"))


@lru_cache(maxsize=8192)
def polarity_profile(text: str) -> tuple[PolarityProfile, ...]:
    """Per clause: the keys stated plainly and under a negation, and the quantifier classes.

    >>> [clause] = polarity_profile("Nie można zwrócić mebli na zamówienie.")
    >>> sorted(clause.negated), clause.negated["zwroc"]
    (['@mozna', 'zwroc'], 'Nie można zwrócić')
    """
    tokens = _tokens(text)
    comparing = any(word == "niz" for word, _ in tokens)
    return tuple(_clause_profile(clause, comparing) for clause in _clauses(tokens))
