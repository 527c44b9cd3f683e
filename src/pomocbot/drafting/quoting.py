"""A quoted sentence that reads on its own, away from the page it was cut from.

A help page's sentences lean on each other: "Możesz **też** zalogować się
linkiem" adds to the sentence before it, "**Wtedy** kliknij Wyślij" needs
that sentence's condition, "**Poniżej** znajdziesz listę" announces what
follows, "**jak wyżej**" points back, and "**Tak,** możesz zwrócić…" answers
the page's own question, which may not be the customer's. Quoted alone they
mislead or puzzle. :func:`context_need` says what a sentence needs;
:func:`standalone` removes what can go without changing what it states:

* an additive particle ("też", "także", "również", "ponadto", "poza tym",
  "dodatkowo") when the sentence it adds to is not quoted: "A also B" still
  holds as "A B";
* a leading answer particle ("Tak,", "Nie,") when the customer did not ask
  the page's own question (the caller decides; :func:`answers_the_question`);
  "Nie, nie można" keeps its second "nie", so the statement stays negative.

Sentences that lean back in a way that cannot be cut ("Wtedy…", "W takim
przypadku…", "jak wyżej") need the sentence before them; one announcing what
follows ("Poniżej…", "…:") needs the next one. The extractive drafter takes
the neighbour when it fits and otherwise leaves the sentence out.

>>> standalone("Możesz też zalogować się linkiem z e-maila.", previous_quoted=False)
'Możesz zalogować się linkiem z e-maila.'
>>> standalone("Tak, możesz zwrócić buty bez paragonu.", previous_quoted=False, keep_answer=False)
'Możesz zwrócić buty bez paragonu.'
>>> context_need("Wtedy kliknij „Wyślij link ponownie”."), context_need("Poniżej zasady zwrotu:")
('previous', 'next')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

__all__ = ["answers_the_question", "context_need", "standalone"]

# Additive particles (folded matching is not needed: they have no diacritics but "też").
_ADDITIVE = re.compile(r"(?<![\w-])(?:też|także|również|ponadto|dodatkowo)(?![\w-])\s*", re.IGNORECASE)
_ADDITIVE_OPENING = re.compile(r"^(?:Poza tym|Oprócz tego|Ponadto|Dodatkowo|Również|Także|Też)\s*,?\s+",
                               re.IGNORECASE)
# Openings that carry the previous sentence's condition or subject: they cannot simply be cut.
_LEANS_BACK = re.compile(
    r"^(?:wtedy|wówczas|w takim (?:przypadku|razie|wypadku)|w tym (?:przypadku|celu|czasie)|"
    r"w takiej sytuacji|w tej sytuacji|potem|następnie|dzięki temu|z tego powodu|dlatego|to samo|"
    r"tak samo|tę samą|ten sam|to oznacza|oznacza to|jeśli tak|jeżeli tak|jeśli nie|jeżeli nie)\b",
    re.IGNORECASE)
_POINTS_BACK = re.compile(r"\b(?:jak wyżej|jak powyżej|powyższ\w*|wymienion\w* wyżej|opisan\w* wyżej|"
                          r"wspomnian\w* wyżej|o którym mowa wyżej)\b", re.IGNORECASE)
_POINTS_FORWARD = re.compile(r"(?:^poniżej\b|\bponiższ\w*|\bjak niżej\b|\bwymienion\w* niżej\b|:\s*$)",
                             re.IGNORECASE)
_ANSWER_PARTICLE = re.compile(r"^(?:Tak|Nie)\s*[,!.–—-]\s*", re.IGNORECASE)


# "kartą, a także BLIK-iem", "jak również": the particle joins two parts of this very sentence.
_JOINING = re.compile(r"(?:^|\s)(?:a|i|oraz|jak|ale|lecz)\s*$", re.IGNORECASE)


def _joins_within(text: str, start: int) -> bool:
    return start == 0 or _JOINING.search(text[max(0, start - 8):start]) is not None


def context_need(sentence: str) -> str | None:
    """``"previous"``, ``"next"`` or ``None``: which neighbour the sentence cannot go without."""
    text = sentence.strip()
    if _LEANS_BACK.match(text) or _POINTS_BACK.search(text):
        return "previous"
    if _POINTS_FORWARD.search(text):
        return "next"
    return None


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def standalone(sentence: str, *, previous_quoted: bool, keep_answer: bool = True) -> str:
    """``sentence`` without the particles that need a context it will not have (see the module).

    ``previous_quoted``: the sentence before it in the page is quoted right
    before it (then "też" has its antecedent); ``keep_answer``: the customer
    asked the question this sentence's "Tak,"/"Nie," answers.

    >>> standalone("Ponadto zwrot jest bezpłatny.", previous_quoted=False)
    'Zwrot jest bezpłatny.'
    >>> standalone("Nie, nie wysyłamy do Norwegii.", previous_quoted=False, keep_answer=False)
    'Nie wysyłamy do Norwegii.'
    >>> standalone("Zwrot możesz też zgłosić w sklepie.", previous_quoted=True)
    'Zwrot możesz też zgłosić w sklepie.'
    """
    text = sentence.strip()
    if not keep_answer:
        stripped = _ANSWER_PARTICLE.sub("", text, count=1)
        if stripped != text and len(stripped.split()) >= 3:
            text = _capitalised(stripped)
    if not previous_quoted:
        opened = _ADDITIVE_OPENING.sub("", text, count=1)
        if opened != text and len(opened.split()) >= 3:
            text = _capitalised(opened)
        text = _ADDITIVE.sub(lambda m: m.group() if _joins_within(text, m.start()) else "", text)
        text = re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", text)).strip()
    return text


_WH_WORD = re.compile(r"^\W*(?:jak\w*|gdzie|ile|kiedy|dlaczego|czemu|co|kto|który\w*|w jaki|po jakim|"
                      r"od kiedy|do kiedy|skąd|dokąd)\b", re.IGNORECASE)
_NOT = re.compile(r"\bnie\b", re.IGNORECASE)


def answers_the_question(question: str, question_stems: Sequence[str], title: str,
                         stems: Callable[[str], list[str]], *, share: float = 0.6) -> bool:
    """Whether the "Tak,"/"Nie," answering ``title`` (an FAQ entry's question) answers the customer too.

    The customer must ask a yes/no question (not "Jak…?", "Ile…?"), with the
    same polarity ("Czy nie muszę…?" against "Czy muszę…?" flips the answer),
    and most of the title's content stems must be in it.

    >>> st = lambda t: [w.strip("?,.").lower()[:5] for w in t.split() if len(w) > 2]
    >>> page = "Czy mogę zwrócić buty bez paragonu?"
    >>> answers_the_question("Czy mogę oddać buty bez paragonu?", st("mogę oddać buty bez paragonu"),
    ...                      page, st)
    True
    >>> answers_the_question("Jak zwrócić buty bez paragonu?", st("zwrócić buty bez paragonu"), page, st)
    False
    >>> answers_the_question("Czy nie mogę zwrócić butów bez paragonu?", st("mogę zwrócić butów paragonu"),
    ...                      page, st)
    False
    """
    if not title.strip().endswith("?") or _WH_WORD.match(question):
        return False
    if bool(_NOT.search(question)) != bool(_NOT.search(title)):
        return False
    asked, own = set(question_stems), set(stems(title))
    return bool(own) and len(asked & own) >= share * len(own)
