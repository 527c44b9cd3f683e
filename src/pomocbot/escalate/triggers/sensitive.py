"""Sensitive situations (``sensitive``): self-harm, bereavement, illness and hardship.

A customer in danger, in grief or in a hard situation needs a careful person,
whatever the question. The three rules are tried in this order and the first
gives the one ``sensitive`` reason: a threat of self-harm (urgent), a death,
an illness or hardship.

>>> from pomocbot.escalate.triggers.text import FoldedMessage
>>> [r.detail for rule in RULES if (r := rule.reason(FoldedMessage.of("Mama zmarła w zeszłym tygodniu")))]
['żałoba / śmierć bliskiej osoby']
>>> [r.detail for rule in RULES if (r := rule.reason(FoldedMessage.of("Umarł mi laptop po tygodniu")))]
[]
"""

from __future__ import annotations

import re

from pomocbot.codes import ReasonCode
from pomocbot.escalate.triggers.rules import Rule
from pomocbot.escalate.triggers.text import FoldedMessage, Message
from pomocbot.escalate.triggers.wordlists import load_words

__all__ = ["RULES", "death_of_a_thing"]

_SELF_HARM = re.compile(
    r"\b(?:zabij\w*\W+sie|zabic\W+sie|sie\W+(?:zabij|zabic|zabil)\w*|odebrac\W+sobie\W+zycie|odbiore\W+sobie\W+zycie|samobojstw\w*|"
    r"samobojcz\w*|skoncz\w*\W+ze\W+soba|nie\W+chce\W+(?:mi\W+sie\W+)?(?:juz\W+)?zyc|"
    r"(?:pociac|potne|powiesic|powiesze)\W+sie|zrobi\w*\W+sobie\W+krzywd\w*|nie\W+ma\W+sensu\W+zyc|"
    r"skocz\w*\W+z\W+(?:mostu|dachu|okna|balkonu)|chce\W+umrzec|mam\W+dosc\W+zycia|"
    r"ze\W+soba\W+(?:\w+\W+)?skonczyc|zniknac\W+na\W+zawsze|nie\W+widze\W+sensu\W+(?:\w+\W+){0,3}?(?:zycia|zyc)|"
    r"(?:mysle|myslalem|myslalam|mysli)\W+(?:\w+\W+){0,3}?(?:samobojstw\w*|zeby\W+(?:umrzec|zniknac|nie\W+zyc))|"
    # indirect: no strength to live, wanting to vanish, cutting, "soon I won't be here", "nobody would notice"
    r"nie\W+mam\W+(?:juz\W+)?sil\w*\W+(?:\w+\W+)?(?:zyc|zycia|dalej)|nie\W+chce\W+(?:juz\W+)?tu\W+byc|"
    r"chce\W+(?:po\W+prostu\W+)?zniknac(?!\W+z\W)|tne\W+sie|sie\W+tne\b|"
    r"okaleczam\W+sie|samookalecz\w*|niedlugo\W+mnie\W+(?:juz\W+)?nie\W+bedzie|"
    r"(?:nikt\W+by\W+nie\W+zauwazyl|lepiej\W+by\W+bylo|bez\W+roznicy)\w*\W+(?:\w+\W+){0,2}?gdyby\W+mnie\W+nie\W+bylo|"
    r"swiat\W+(?:bylby|bedzie)\W+lepszy\W+beze\W+mnie|polkn\w*\W+(?:\w+\W+)?(?:tabletk|leki|proszk)\w*)"
)
# Hardship that needs a careful person: violence at home, disability, disaster, loss of a pregnancy.
_HARDSHIP = re.compile(
    r"\b(?:przemoc\w*|(?:maz|partner|ojciec|byly|on)\W+(?:\w+\W+)?(?:mnie\W+)?(?:bije|bil|grozi|zastrasza)\w*|"
    r"uciekl\w*\W+(?:od|przed)\W+(?:\w+\W+)?(?:mez|partner|przemoc)\w*|niewidom\w*|niedowidz\w*|"
    r"nieslyszac\w*|gluchoniem\w*|(?:jestem|jest)\W+(?:\w+\W+)?gluch\w*|(?:jestem|porusza\w*\W+sie)\W+na\W+wozku|"
    r"wozk\w*\W+inwalidzk\w*|poronil\w*|poronieni\w*|stracil\w*\W+dzieck\w*|alzheimer\w*|demencj\w*|"
    r"spalil\w*\W+(?:nam\W+|mi\W+)?(?:sie\W+)?(?:mieszkani|dom)\w*|"
    r"zalal\w*\W+(?:nam\W+|mi\W+)?(?:mieszkani|dom)\w*|uzaleznion\w*|alkoholi[kz]\w*)"
)
_BEREAVEMENT = re.compile(
    r"\b(?:zmarl\w*|zmarla|umarl\w*|nie\W+zyje|smierc\w*|smierci|pogrzeb\w*|zgon\w*|zalob\w*|"
    r"odszedl|odeszla|owdowial\w*|wdow\w*|zgin\w*\W+w\W+(?:wypadku|katastrofie)|"
    r"(?:syn|corka|maz|zona|ojciec|tata|mama|matka|brat|siostra|babcia|dziadek|partner\w*|narzeczon\w*)"
    r"\W+(?:\w+\W+)?zgin\w*)\b"
)
_ILLNESS = re.compile(
    r"\b(?:chory|chora|chorzy|chorob\w*|choruj\w*|szpital\w*|nowotwor\w*|rak\w*\W+(?:pluc|piersi|jelit)\w*|"
    r"onkolog\w*|chemi\w*terapi\w*|hospicj\w*|niepelnospraw\w*|udar\w*|zawal\w*|depresj\w*|"
    r"po\W+operacji|wypad\w*\W+samochodow\w*|na\W+oiom\w*|"
    r"(?:po|w\W+trakcie)\W+(?:chemii|chemioterapii|radioterapii|naswietlaniach|przeszczepie|udarze|wylewie|"
    r"zawale)|(?:mam|ma|wykryto|zdiagnozowano)\W+(?:\w+\W+)?(?:raka|nowotw\w*|guza|bialaczk\w*|stwardnien\w*)|"
    r"przechodz\w*\W+(?:chemi|radioterapi|leczeni\w*\W+onkolog)\w*|nie\W+radze\W+sobie\W+(?:juz\W+)?(?:z\W+niczym|z\W+zyciem|ze\W+wszystkim))\b"
)
# "Umarł mi kwiatek", "laptop nie żyje": the verbs of dying are said of things too; "zmarł" is not.
_DEATH_OF_ANYONE = re.compile(r"\b(?:umarl\w*|nie\W+zyje|odszedl|odeszla|zdechl\w*)")
_CLAUSE_BREAK = re.compile(r"[,.;:!?()\n\u2013\u2014]|\b(?:i|a|ale|to|bo|czy|oraz|lecz|wiec)\b")
# Lemmas of a child: a child who died is grief even where Morfeusz reads the noun as a thing.
_CHILD_NOUNS = frozenset(load_words("child_nouns"))


def death_of_a_thing(message: Message, start: int, end: int) -> bool:
    """Whether the dying at ``message[start:end]`` is said of a thing ("umarł mi kwiatek").

    True only when the clause names subjects (nouns that can be nominative) and
    every one is a thing: Morfeusz gives it no masculine-personal reading (``m1``; "mąż", "tata", and pets,
    which SGJP reads as ``m1`` too: "pies", "kot") and it is neither feminine
    (a woman or a thing: we keep to the safe side) nor a child. A clause with no
    noun ("umarł wczoraj") or a placeholder ("[OSOBA_1] nie żyje") is grief.

    ``start`` and ``end`` are offsets in the folded text; the clause is cut from the
    original text at the same offsets (they agree unless a letter run was shortened).

    >>> t = "umarł mi kwiatek, to reklamacja?"
    >>> death_of_a_thing(t, 0, 5)
    True
    >>> t = "umarł mi mąż, jak zamknąć jego konto?"
    >>> death_of_a_thing(t, 0, 5)
    False
    """
    from pomocbot.text.morphology import default_morphology

    folded_message = FoldedMessage.of(message)
    folded, text = folded_message.folded, folded_message.text
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(folded, 0, start)), default=0)
    following = _CLAUSE_BREAK.search(folded, end)
    right = following.start() if following else len(text)
    clause = text[left:start] + " " + text[end:right]
    if "[" in clause:  # a redacted name or another placeholder: a person
        return False
    morph = default_morphology()
    nouns = 0
    for word in re.findall(r"[^\W\d_]+", clause):
        readings = [r for r in morph.analyse(word) if r.pos not in ("frag", "brev")]
        if not readings or any(r.pos not in ("subst", "depr") for r in readings):
            continue  # not surely a noun: "wczoraj" is also an adverb, "mi" a pronoun
        # the one who died is the subject: "po aktualizacji", "w tygodniu" are not
        subjects = [r for r in readings if "nom" in r.cases]
        if not subjects:
            continue
        nouns += 1
        if any("m1" in r.genders or "f" in r.genders or r.lemma.lower() in _CHILD_NOUNS for r in subjects):
            return False
    return nouns > 0


def _said_of_a_thing(message: FoldedMessage, match: re.Match[str]) -> bool:
    # only the verbs of dying are said of things; "zmarł", "pogrzeb" are always grief
    dying = _DEATH_OF_ANYONE.match(message.folded, match.start())
    return bool(dying) and death_of_a_thing(message, *match.span())


RULES: tuple[Rule, ...] = (
    Rule(ReasonCode.SENSITIVE, "zagrożenie samookaleczeniem — pilne", (_SELF_HARM,)),
    Rule(ReasonCode.SENSITIVE, "żałoba / śmierć bliskiej osoby", (_BEREAVEMENT,),
         unless=_said_of_a_thing, every_match=True),
    Rule(ReasonCode.SENSITIVE, "choroba lub trudna sytuacja życiowa", (_ILLNESS, _HARDSHIP)),
)
"""The ``sensitive`` rules, most urgent first: the first that matches gives the reason."""
