"""Polarity of a Polish claim against the source sentence it paraphrases.

Stems and embeddings cannot tell "Nie zwracamy kosztu odesłania" from
"Zwracamy koszt odesłania": "nie" is a stop word and the cosine of the two is
0.97 with e5. :func:`polarity_conflict` compares what the two sentences *say
about* their shared words:

- **negation**: a word under a negator ("nie", "brak", "bez", "żaden",
  "nigdy", "ani", "nic", "nikt"; the prefixes of "bezpłatny" and
  "niemożliwy") in one sentence and stated plainly in the other. A negator's
  scope is the next content word, and one more after a modal ("nie można
  zwrócić", "nie trzeba drukować"). Words of one idea share a key, so "bezpłatna"
  ("bez" + cost), "nie płaci" and "darmowa" agree, and "nie można" meets
  "zwrot jest możliwy";
- **quantifiers and bounds**: "wszystkie" against "żadne" or "niektóre",
  "zawsze" against "nigdy", "tylko" against "również", "co najmniej" against
  "najwyżej", "pierwszej" against "ostatniej", "przed odbiorem" against
  "po odbiorze", "od 200 zł" against "do 200 zł".

Fixed expressions are read first ("nie później niż" is "najpóźniej", "nie
tylko" is "również", "bez problemu" is no negation), and a leading answer
particle ("Tak,", "Nie,") belongs to the question, not to the clause after it.
Numbers are not compared here: :mod:`pomocbot.text.values` checks them.

>>> polarity_conflict("Zwracamy koszt odesłania towaru.", "Nie zwracamy kosztu odesłania.").kind
'negation'
>>> print(polarity_conflict("Za dostawę od 200 zł nie trzeba płacić.", "Dostawa jest bezpłatna od 200 zł."))
None
>>> polarity_conflict("Tak, można zwrócić meble.", "Mebli z katalogu nie można zwrócić.").describe()
'„nie można” w źródle, „można” w odpowiedzi'
>>> polarity_conflict("Zwracamy wszystkie produkty.", "Zwracamy tylko niektóre produkty.").kind
'quantifier'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pomocbot.text.normalize import fold_diacritics
from pomocbot.text.stopwords import is_stopword

__all__ = ["PolarityConflict", "polarity_conflict", "polarity_profile"]

_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|\w+|[,;:!?.()\[\]–—\"„”]")
# Clauses are compared with the source clause sharing most words; a negator's scope also ends at "i".
_CLAUSE_BREAK = frozenset(',;:!?.()[]–—"„”') | {"ale", "lecz", "jednak", "natomiast", "a", "zas"}
_SCOPE_BREAK = frozenset({"i", "oraz", "lub", "albo", "czy", "ani"})
_UNTIL = frozenset({"dopoki", "dopoty", "poki"})
_POSSESSIVES = ("nasz", "wasz", "twoj", "twoi", "swoj", "swoi", "moj", "moi", "jego", "jej", "ich")

# Fixed expressions, folded, read before anything else: (words, replacement words).
_EXPRESSIONS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = tuple(
    (tuple(a.split()), tuple(b.split())) for a, b in (
        ("nie pozniej niz", "najpozniej"), ("nie wczesniej niz", "najwczesniej"),
        ("nie wiecej niz", "najwyzej"), ("nie mniej niz", "conajmniej"), ("co najmniej", "conajmniej"),
        ("nie dluzej niz", "najwyzej"), ("nie krocej niz", "conajmniej"),
        ("nie tylko", "rowniez"), ("nie zawsze", "czasem"), ("nie wszystkie", "niektore"),
        ("nie wszystkich", "niektorych"), ("nie kazdy", "niektore"), ("nie kazda", "niektore"),
        ("nie kazde", "niektore"),
        # "without a problem" and friends say yes.
        ("bez problemu", ""), ("bez problemow", ""), ("bez trudu", ""), ("bez obaw", ""),
        ("bez zbednych", ""), ("bez wzgledu", ""), ("bez zmian", ""),
        ("nic nie stoi na przeszkodzie", "mozna"),
        ("nie ma problemu", ""), ("nie ma sprawy", ""), ("nic prostszego", ""), ("nie martw sie", ""),
        ("nie musi sie pan martwic", ""), ("nie musi sie pani martwic", ""),
        ("w ciagu", "najwyzej"), ("do konca", "najwyzej"),
        # "nie da się anulować" is "nie można"; "dopiero po" is a lower bound in time
        ("da sie", "mozna"), ("dalo sie", "mozna"), ("dopiero po", "najwczesniej po"),
        ("z wyjatkiem", "wyjatkiem"), ("za wyjatkiem", "wyjatkiem"), ("mniej wiecej", ""),
        ("w tym rowniez", "rowniez"), ("w tym takze", "rowniez"),
    )
)
_MAX_EXPRESSION = max(len(words) for words, _ in _EXPRESSIONS)

# After "nie" in one clause, "żadnego", "nic", "nigdy" repeat the negation (Polish negative concord).
_CONCORD = frozenset({"nic", "niczego", "niczym", "nikt", "nikogo", "nikomu", "nigdy", "zaden", "zadna",
                      "zadne", "zadnego", "zadnej", "zadnych", "zadnym", "zadnymi", "zadnemu"})
# "nic Pana nie kosztuje" says no cost, not "none of the orders"; "nigdy", "żaden" still quantify.
_CONCORD_PRONOUNS = frozenset({"nic", "niczego", "niczym", "nikt", "nikogo", "nikomu"})
_NEGATORS = frozenset({"nie", "brak", "braku", "bez", "ani"}) | _CONCORD
# Words carried over inside a negator's scope besides function words: "nie masz", "nie zostanie".
_TRANSPARENT = frozenset({"mamy", "masz", "macie", "miec", "mial", "miala", "mieli", "zbyt", "zostaje",
                          "zostana", "zostanie", "zostac", "zostala", "zostalo", "zostaly", "zostali",
                          # adverbs of time between "nie" and its verb: "nie został wcześniej zamontowany"
                          "wczesniej", "chwilowo", "obecnie", "aktualnie", "zwykle", "zazwyczaj", "nadal",
                          "wciaz", "ciagle", "dotad"})
# Pronouns that are the whole object of "bez"/"brak": "bez niego reklamacja ..." negates nothing after.
_PREPOSITIONS = frozenset({"do", "dla", "przy", "w", "we", "na", "od", "z", "ze", "po", "przez", "u"})
_BOUND_WORDS = frozenset({"najwczesniej", "najpozniej", "conajmniej", "najwyzej"})
_OBJECT_PRONOUNS = frozenset({"niego", "niej", "nich", "nim", "nimi", "niemu"})
_ADDRESS = frozenset({"pan", "pani", "panu", "pania", "pana", "panstwo", "panstwa", "panstwu", "panem"})
_MODALS = frozenset({"@mozna", "@musi"})
_LEADING_PARTICLES = frozenset({"tak", "nie", "niestety", "oczywiscie", "owszem", "jasne", "dobrze"})

# Words of one idea, by folded prefix (first match wins): the cost of something, whether it is
# allowed, required, working or accepted. A leading "-" marks a word that negates the idea itself.
_CONCEPTS: tuple[tuple[str, str], ...] = (
    ("platnosc", "platnosc"), ("platnicz", "platnicz"),  # paying by card is no cost
    ("nieodplatn", "-@koszt"), ("odplatn", "@koszt"), ("bezplatn", "-@koszt"), ("darmow", "-@koszt"),
    ("gratis", "-@koszt"), ("platn", "@koszt"), ("oplat", "@koszt"), ("dopla", "@koszt"), ("koszt", "@koszt"),
    ("placi", "@koszt"), ("placa", "@koszt"), ("placim", "@koszt"), ("placen", "@koszt"), ("zapla", "@koszt"),
    ("niemozliw", "-@mozna"), ("mozliw", "@mozna"), ("mozna", "@mozna"), ("mozesz", "@mozna"),
    ("moga", "@mozna"), ("moze", "@mozna"), ("mozecie", "@mozna"), ("mozemy", "@mozna"),
    ("dozwolon", "@mozna"), ("niedozwolon", "-@mozna"), ("zabronion", "-@mozna"), ("wolno", "@mozna"),
    # "nie podlega zwrotowi" is "nie można zwrócić"; "niedostępna" is "nie można"
    ("podleg", "@mozna"), ("niedostepn", "-@mozna"), ("dostepn", "@mozna"),
    ("trzeba", "@musi"), ("nalezy", "@musi"), ("musi", "@musi"), ("musza", "@musi"), ("musisz", "@musi"),
    ("konieczn", "@musi"), ("obowiazk", "@musi"), ("obowiazkow", "@musi"), ("wymagan", "@musi"),
    ("wymaga", "@musi"), ("potrzeb", "@musi"), ("niepotrzebn", "-@musi"), ("niekonieczn", "-@musi"),
    ("nieobowiazkow", "-@musi"), ("zbedn", "-@musi"),
    # what a price, a warranty or a service covers
    ("nieobjet", "-@obejm"), ("obejm", "@obejm"), ("objet", "@obejm"), ("objec", "@obejm"),
    ("wlicz", "@obejm"),
    ("nieczynn", "-@dziala"), ("czynn", "@dziala"), ("dziala", "@dziala"), ("zamkniet", "-@dziala"),
    ("otwart", "@dziala"), ("przyjm", "@przyjm"), ("przyjec", "@przyjm"), ("akcept", "@przyjm"),
    ("honoruj", "@przyjm"), ("obslugujem", "@przyjm"), ("obslugiw", "@przyjm"), ("obsluguj", "@przyjm"),
)
# Whole words the prefixes above cannot take ("plac" is also a square).
# Verbs of charging a fee ("nie pobieramy opłaty", "nie doliczamy kosztu"): the cost they take is
# negated with them, as the verb after a modal is. "pobierz fakturę" downloads, so whole words only.
_CHARGING = frozenset({"pobieramy", "pobiera", "pobierana", "pobierane", "pobierany", "pobieraja",
                       "pobierzemy",
                       "doliczamy", "dolicza", "doliczana", "doliczane", "doliczymy", "doliczy"})
_CONCEPT_WORDS = {"plac": "@koszt", "placcie": "@koszt", **dict.fromkeys(_CHARGING, "@koszt")}
_PREFIX_CHARS = 5

# Classes of quantifiers and bounds; each pair in _OPPOSITES contradicts.
_CLASSES: dict[str, str] = {
    **dict.fromkeys(("wszystkie", "wszystkich", "wszystko", "wszystkim", "wszystkimi", "kazdy", "kazda",
                     "kazde", "kazdego", "kazdej", "kazdym", "kazdorazowo", "zawsze"), "all"),
    **dict.fromkeys(("zaden", "zadna", "zadne", "zadnego", "zadnej", "zadnych", "zadnym", "nigdy", "nikt",
                     "nic"), "none"),
    **dict.fromkeys(("niektore", "niektorych", "niektorym", "niektorzy", "czesc", "czesci", "czasem",
                     "czasami", "niekiedy", "wybrane", "wybranych", "wybranym", "wybrani", "wybrana",
                     "wybrany", "rzadko"), "some"),
    **dict.fromkeys(("tylko", "wylacznie", "jedynie"), "only"),
    **dict.fromkeys(("rowniez", "takze", "tez"), "also"),
    "wyjatkiem": "except",
    **dict.fromkeys(("conajmniej", "minimum", "minimalnie", "powyzej", "ponad", "najmniej"), "lower"),
    **dict.fromkeys(("najwyzej", "maksimum", "maksymalnie", "maks", "ponizej"), "upper"),
    "najwczesniej": "earliest", "najpozniej": "latest",
    **dict.fromkeys(("pierwszy", "pierwsza", "pierwsze", "pierwszego", "pierwszej", "pierwszym"), "first"),
    **dict.fromkeys(("ostatni", "ostatnia", "ostatnie", "ostatniego", "ostatniej", "ostatnim"), "last"),
}
# Bounds and comparatives by folded prefix: "minimalna wartość", "niższa niż", "krócej niż".
_CLASS_PREFIXES: tuple[tuple[str, str], ...] = (
    ("minimaln", "lower"), ("maksymaln", "upper"), ("wyzsz", "lower"), ("wieksz", "lower"),
    ("nizsz", "upper"), ("mniejsz", "upper"),
)
# Comparatives that compare only with "niż" in the sentence ("wcześniej" alone is "previously").
_COMPARATIVE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("wiecej", "lower"), ("mniej", "upper"), ("dluzej", "longer"), ("dluzsz", "longer"),
    ("krocej", "shorter"), ("krotsz", "shorter"), ("szybciej", "faster"), ("szybsz", "faster"),
    ("wolniej", "slower"), ("wczesniej", "earlier"), ("pozniej", "later"),
)
_OPPOSITES = frozenset({("all", "none"), ("all", "some"), ("some", "none"), ("only", "also"),
                        ("lower", "upper"), ("earliest", "latest"), ("first", "last"), ("before", "after"),
                        ("from", "to"), ("except", "also"), ("longer", "shorter"), ("faster", "slower"),
                        ("earlier", "later")})
_OPPOSITE_OF: dict[str, tuple[str, ...]] = {
    kind: tuple(sorted(b for a, b in _OPPOSITES | {(b, a) for a, b in _OPPOSITES} if a == kind))
    for pair in _OPPOSITES for kind in pair
}
# "tylko do Niemiec" against "również do wybranych krajów" is no contradiction: these compare
# only when the same word follows ("tylko kartą" / "również kartą").
_SCOPED_CLASSES = frozenset({"only", "also", "except"})
# Position words whose class depends on what follows: "przed odbiorem", "od 200 zł".
_BEFORE_AFTER = {"przed": "before", "po": "after"}
_FROM_TO = {"od": "from", "do": "to"}


@dataclass(frozen=True)
class PolarityConflict:
    """Why a claim says the opposite of its source: the kind and the words on each side."""

    kind: str  # "negation" or "quantifier"
    source_words: str
    claim_words: str

    def describe(self) -> str:
        """Polish, for a grounding verdict.

        >>> PolarityConflict("negation", "nie zwracamy", "zwracamy").describe()
        '„nie zwracamy” w źródle, „zwracamy” w odpowiedzi'
        """
        return f"„{self.source_words}” w źródle, „{self.claim_words}” w odpowiedzi"


@dataclass(frozen=True)
class PolarityProfile:
    """What one sentence says about its words: keys stated plainly, keys negated, classes used."""

    plain: dict[str, str]  # key -> the words as written
    negated: dict[str, str]
    classes: dict[str, str]  # class -> the word as written
    via_modal: frozenset[str] = frozenset()  # negated only as the verb after a negated modal


def _key(word: str) -> str:
    if word in _CONCEPT_WORDS:
        return _CONCEPT_WORDS[word]
    for prefix, concept in _CONCEPTS:
        if word.startswith(prefix):
            return concept
    return word[:_PREFIX_CHARS]


def _tokens(text: str) -> list[tuple[str, str]]:
    """(folded, as written) per word or punctuation mark, fixed expressions replaced."""
    written = _TOKEN.findall(text)
    words = [(fold_diacritics(t.lower()), t) for t in written]
    # A leading "Tak," / "Nie," answers the question; "Nie zwracamy" is a negation.
    while len(words) > 1 and words[0][0] in _LEADING_PARTICLES and words[1][0] in {",", "!", ".", "–", "—"}:
        words = words[2:]
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        for size in range(min(_MAX_EXPRESSION, len(words) - i), 1, -1):
            folded = tuple(w for w, _ in words[i : i + size])
            replacement = next((r for e, r in _EXPRESSIONS if e == folded), None)
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
    key = _key(word)
    return (True, key[1:]) if key.startswith("-") else (False, key)


def _is_function_word(word: str) -> bool:
    return is_stopword(word) or word in _ADDRESS or word.startswith(_POSSESSIVES)


def _clauses(tokens: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    clauses: list[list[tuple[str, str]]] = [[]]
    for token in tokens:
        if token[0] in _CLAUSE_BREAK:
            if clauses[-1]:
                clauses.append([])
        else:
            clauses[-1].append(token)
    return [c for c in clauses if c]


def _class_of(word: str, comparing: bool) -> str | None:
    if word in _CLASSES:
        return _CLASSES[word]
    for prefix, kind in _CLASS_PREFIXES + (_COMPARATIVE_PREFIXES if comparing else ()):
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
        if word in _SCOPE_BREAK:
            scope = 0
            continue
        kind = None if (word in _CONCORD_PRONOUNS and with_nie) else _class_of(word, comparing)
        if kind is not None:
            classes.setdefault(kind, written)
        nxt, nxt_written = tokens[i + 1] if i + 1 < len(tokens) else ("", "")
        if word in _BEFORE_AFTER and nxt and (nxt[0].isdigit() or nxt.startswith("godz")):
            # "przed 14:00", "po godzinie 14": a time of day
            classes.setdefault(f"{_BEFORE_AFTER[word]}:#", f"{written} {nxt_written}")
        elif word in _BEFORE_AFTER and nxt and not _is_function_word(nxt):
            classes.setdefault(f"{_BEFORE_AFTER[word]}:{_key(nxt)}", f"{written} {nxt_written}")
        if kind in _SCOPED_CLASSES:
            # "tylko do Niemiec": the class belongs to the next content word
            target = next(((w, t) for w, t in tokens[i + 1 : i + 4] if not _is_function_word(w)), None)
            classes.pop(kind, None)
            if target is not None:
                classes.setdefault(f"{kind}:{_key(target[0])}", f"{written} {target[1]}")
        if word in _FROM_TO and nxt[:1].isdigit():
            classes.setdefault(_FROM_TO[word], f"{written} {nxt_written}")
        if word in _UNTIL:
            until = True
        if word in _NEGATORS:
            if word == "nie" and until:
                continue  # "dopóki paczka nie dotrze albo nie pokaże Pani dowodu": every "nie" of it
            if word in _CONCORD and with_nie and not seen_nie:
                continue  # "nikt ... nie może": the "nie" to come carries the negation
            if word in _CONCORD and seen_nie:
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
        if scope and word in _OBJECT_PRONOUNS and tokens[negator][0] in ("bez", "brak", "braku"):
            scope = 0  # "bez niego": the pronoun is all that is missing
            continue
        if scope and word in _TRANSPARENT and _key(word) not in _MODALS:
            continue
        if word in _BOUND_WORDS:
            continue  # "najpóźniej", "co najmniej": a bound (a class above), not a word of the claim
        if word[0].isdigit() or len(word) < 3 or (_is_function_word(word) and _key(word) not in _MODALS):
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
            if (key in _MODALS or word in _CHARGING) and nxt not in _PREPOSITIONS:
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
            if under and modal_scope and key not in _MODALS:
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


def _resolve_prefixes(profile: PolarityProfile, other: PolarityProfile) -> PolarityProfile:
    """Read "niedostępny" as "nie" + "dostępny" when the other clause has the plain word's key."""
    known = set(other.plain) | set(other.negated)
    sides = {False: dict(profile.plain), True: dict(profile.negated)}
    for negated, entries in ((False, profile.plain), (True, profile.negated)):
        for key, shown in entries.items():
            word = fold_diacritics(shown.rsplit(" ", 1)[-1].lower())
            for prefix in ("nie", "bez"):
                rest = word[len(prefix) :] if word.startswith(prefix) else ""
                if len(rest) >= 4 and _key(rest) in known and _key(rest) != key:
                    sides[negated].pop(key, None)
                    sides[not negated].setdefault(_key(rest), shown)
    return PolarityProfile(sides[False], sides[True], profile.classes, profile.via_modal)


def _keys(profile: PolarityProfile) -> set[str]:
    return set(profile.plain) | set(profile.negated)


def _polarity_of(profile: PolarityProfile, key: str) -> set[bool]:
    """{False} stated plainly, {True} negated, both, or neither."""
    return {negated for negated, side in ((False, profile.plain), (True, profile.negated)) if key in side}


def _idea_negated(profile: PolarityProfile) -> bool:
    """Whether a modal or another idea is negated: "nie wolno", "nie przyjmujemy", "nie podlega"."""
    return any(key.startswith("@") for key in profile.negated)


def _has_prefixed(profile: PolarityProfile, key: str) -> bool:
    """Whether a word of ``profile`` is ``key``'s word with a prefix ("naliczamy" for "liczy")."""
    stem = key[:4]
    return len(stem) == 4 and any(
        stem in word[1:] for shown in (*profile.plain.values(), *profile.negated.values())
        for word in fold_diacritics(shown.lower()).split())


def _negation_conflict(
    said: PolarityProfile, truths: tuple[PolarityProfile, ...], whole: PolarityProfile,
    said_whole: PolarityProfile | None = None,
) -> PolarityConflict | None:
    """A key the claim clause states with the polarity the source never gives it, where it applies.

    Whether something costs, is allowed, required, working or accepted (the ``@`` ideas) is said
    once per sentence: "reklamację składamy my – nie musisz sam ..." answers "trzeba samodzielnie
    złożyć". Other words are compared in the source clause sharing most other words with the claim
    clause ("punkty naliczamy od pierwszego zamówienia; wcześniejszych nie liczymy"), and when the
    source gives a word both polarities, only where that clause shares two more words. An idea
    the claim itself gives both polarities in different clauses is compared clause by clause too.
    A word negated only as the verb after a negated modal ("nie wolno udostępniać") is compared
    through the modal when the other side negates one ("udostępnianie jest zabronione").
    """
    said_whole = said_whole or said
    for negated, side in ((False, said.plain), (True, said.negated)):
        for key, words in side.items():
            if len(_polarity_of(said, key)) == 2:
                continue  # the claim says both ("zapłaci Pan bez żadnych opłat"): nothing to compare
            truth_polarity = _polarity_of(whole, key)
            if (not negated) not in truth_polarity:
                continue
            if (key in said.via_modal and _idea_negated(whole)) or (
                    key in whole.via_modal and _idea_negated(said)):
                continue
            both = negated in truth_polarity
            opposite = whole.negated[key] if not negated else whole.plain[key]
            if key.startswith("@") and not both and len(_polarity_of(said_whole, key)) < 2:
                return PolarityConflict("negation", opposite, words)
            others = _keys(said) - {key}
            shared = [len(others & _keys(truth)) for truth in truths]
            best = max(shared, default=0)
            aligned = [truth for truth, n in zip(truths, shared, strict=True) if n == best]
            if not both:
                # The source says it one way only: compare where it says it, if that clause shares a word,
                # unless the clause closest to the claim has the word with a prefix ("naliczamy" for
                # "liczymy"): then the claim paraphrases that clause.
                with_key = max((n for t, n in zip(truths, shared, strict=True) if key in _keys(t)), default=0)
                if with_key >= 1 and (with_key == best or not any(_has_prefixed(t, key) for t in aligned)):
                    return PolarityConflict("negation", opposite, words)
                continue
            if best < 2:
                continue
            if all(_polarity_of(truth, key) == {not negated} for truth in aligned):
                return PolarityConflict("negation", opposite, words)
    return None


def polarity_conflict(claim: str, source: str) -> PolarityConflict | None:
    """How ``claim`` contradicts ``source`` in polarity, or ``None`` when it does not.

    >>> print(polarity_conflict("Produktów na zamówienie nie można zwrócić.",
    ...                         "Nie przyjmujemy zwrotów produktów na zamówienie."))
    None
    >>> polarity_conflict("Paczkę można odebrać przed zapłatą.", "Paczkę można odebrać po zapłacie.").kind
    'quantifier'
    >>> print(polarity_conflict("Od 199 zł dostawa jest darmowa.",
    ...                         "Dostawa kosztuje 14,99 zł, a od 199 zł jest darmowa."))
    None
    """
    claims = polarity_profile(claim)
    said_whole = _merge(claims)
    truths = tuple(_resolve_prefixes(t, said_whole) for t in polarity_profile(source))
    whole = _merge(truths)
    for said in claims:
        said = _resolve_prefixes(said, whole)
        conflict = _negation_conflict(said, truths, whole, said_whole)
        if conflict is not None:
            return conflict
        for kind, words in said.classes.items():
            if kind in whole.classes:
                continue
            opposite = next((o for o in _opposites(kind) if o in whole.classes), None)
            if opposite is not None:
                return PolarityConflict("quantifier", whole.classes[opposite], words)
    return _widened(said_whole, whole)


def _widened(said: PolarityProfile, whole: PolarityProfile) -> PolarityConflict | None:
    """A claim that adds to what the source limits: "tylko X" or "z wyjątkiem Y" against "także Z".

    The claim must name the limited word itself ("na rachunek ..., a także na inny"), and the
    source must add nothing of its own ("również"), so "tylko do Niemiec" meets "również do
    wybranych krajów" only when the claim says "do Niemiec" too.
    """
    also = [(kind, words) for kind, words in said.classes.items() if kind.startswith("also:")]
    if not also or any(kind.startswith("also") for kind in whole.classes):
        return None
    for kind, words in whole.classes.items():
        limit, _, target = kind.partition(":")
        if limit == "only" and target and target in _keys(said):
            return PolarityConflict("quantifier", words, also[0][1])
        if limit == "except" and target:
            named = next((w for k, w in also if k.partition(":")[2][:4] == target[:4]), None)
            if named is not None:
                return PolarityConflict("quantifier", words, named)
    return None


def _merge(profiles: tuple[PolarityProfile, ...]) -> PolarityProfile:
    plain: dict[str, str] = {}
    negated: dict[str, str] = {}
    classes: dict[str, str] = {}
    via_modal: set[str] = set()
    for profile in profiles:
        via_modal |= profile.via_modal
        sides = ((plain, profile.plain), (negated, profile.negated), (classes, profile.classes))
        for target, entries in sides:
            for key, words in entries.items():
                target.setdefault(key, words)
    return PolarityProfile(plain, negated, classes, frozenset(via_modal))


def _opposites(kind: str) -> tuple[str, ...]:
    """The classes contradicting ``kind``; a scoped class keeps its word: "before:odbio" -> "after:odbio"."""
    base, _, target = kind.partition(":")
    return tuple(f"{o}:{target}" if target else o for o in _OPPOSITE_OF.get(base, ()))
