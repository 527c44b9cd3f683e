"""A customer message folded once for the phrase tables: :class:`FoldedMessage`.

The tables match *folded* text: :func:`pomocbot.escalate.lexicon.fold_keeping_length`
(lower case, diacritics folded to ASCII, "@"/"$" and digits inside words read
as letters) with runs of a letter shortened, so "CZŁOWIEKAAAA!!!" and
"człowieka" meet the same pattern. Shortening runs changes the length: offsets in
``folded`` are not offsets in ``text`` once a run was cut.

Every function of :mod:`pomocbot.escalate.triggers` takes a ``str`` or a
:class:`FoldedMessage`; a caller that asks several of them about one message
folds it once with :meth:`FoldedMessage.of` and passes that.

>>> m = FoldedMessage.of("Daj CZŁOWIEKAAAA, konsultnat plz!")
>>> m.folded
'daj czlowieka, konsultnat plz!'
>>> m.typo_fixed
'daj czlowieka, konsultant plz!'
>>> FoldedMessage.of(m) is m
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from pomocbot.escalate.lexicon import fold_keeping_length
from pomocbot.escalate.triggers.typos import fix_typos

__all__ = ["FoldedMessage", "Message", "fold_for_matching", "fold_squeezing_runs"]

# Three or more of one letter ("czlowiekaaaa") are one; a double letter ("zaangażować") stays.
_LETTER_RUN = re.compile(r"([a-z])\1{2,}")


def fold_squeezing_runs(text: str) -> str:
    """The lexicon's folding (diacritics, "kurw@"-style obfuscation), plus shortened letter runs.

    >>> fold_squeezing_runs("CZŁOWIEKAAAA, k0nsultant, kurw@!")
    'czlowieka, konsultant, kurwa!'
    """
    return _LETTER_RUN.sub(r"\1", fold_keeping_length(text))


fold_for_matching = fold_squeezing_runs
"""The older name of :func:`fold_squeezing_runs` (``policy`` and ``handoff`` import it)."""


@dataclass(frozen=True)
class FoldedMessage:
    """A message (``text``) with its ``folded`` form, and misspelt key words fixed on demand.

    >>> m = FoldedMessage("Poproszę PRACOWMIKA")
    >>> m.text, m.folded, m.typo_fixed
    ('Poproszę PRACOWMIKA', 'poprosze pracowmika', 'poprosze pracownik')
    """

    text: str
    folded: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "folded", fold_squeezing_runs(self.text))

    @classmethod
    def of(cls, message: Message) -> FoldedMessage:
        """``message`` folded; a :class:`FoldedMessage` is returned as it is (no second folding)."""
        return message if isinstance(message, FoldedMessage) else cls(message)

    @cached_property
    def typo_fixed(self) -> str:
        """``folded`` with misspelt key words ("konsultnat", "czlowek") read as the words meant."""
        return fix_typos(self.folded)


Message = str | FoldedMessage
"""What the trigger functions accept: the raw text, or the message already folded."""
