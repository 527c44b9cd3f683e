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
Each clause is read into a profile first (:mod:`pomocbot.text.clause_polarity`,
with the word tables of :mod:`pomocbot.text.polarity_lexicon`); this module
compares the profiles.

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

from dataclasses import dataclass

from pomocbot.text.clause_polarity import PolarityProfile, concept_key, polarity_profile
from pomocbot.text.normalize import fold_diacritics
from pomocbot.text.polarity_lexicon import OPPOSITE_OF

__all__ = ["PolarityConflict", "polarity_conflict", "polarity_profile"]


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



def _resolve_prefixes(profile: PolarityProfile, other: PolarityProfile) -> PolarityProfile:
    """Read "niedostępny" as "nie" + "dostępny" when the other clause has the plain word's key."""
    known = set(other.plain) | set(other.negated)
    sides = {False: dict(profile.plain), True: dict(profile.negated)}
    for negated, entries in ((False, profile.plain), (True, profile.negated)):
        for key, shown in entries.items():
            word = fold_diacritics(shown.rsplit(" ", 1)[-1].lower())
            for prefix in ("nie", "bez"):
                rest = word[len(prefix) :] if word.startswith(prefix) else ""
                if len(rest) >= 4 and concept_key(rest) in known and concept_key(rest) != key:
                    sides[negated].pop(key, None)
                    sides[not negated].setdefault(concept_key(rest), shown)
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
    return tuple(f"{o}:{target}" if target else o for o in OPPOSITE_OF.get(base, ()))
