"""Abuse aimed at staff (``abuse``): insults, vulgar dismissals and threats, and whom they address.

A curse at a parcel ("kurwa, paczka nie doszła") is frustration; an insult
at the consultant, the shop or the bot ("jesteście bandą oszustów") or a threat
("wiem, gdzie pracujesz") is abuse. :func:`addresses_someone` tells whether a
message is aimed at anyone at all.

>>> from pomocbot.escalate.triggers.text import FoldedMessage
>>> RULE.reason(FoldedMessage.of("Jesteście bandą oszustów!")).evidence
'jestescie banda oszustow'
>>> RULE.reason(FoldedMessage.of("paczka nie doszła, masakra")) is None
True
"""

from __future__ import annotations

import re

from pomocbot.codes import ReasonCode
from pomocbot.escalate.triggers.rules import Rule
from pomocbot.escalate.triggers.text import FoldedMessage, Message
from pomocbot.escalate.triggers.wordlists import whole_words

__all__ = ["RULE", "RULES", "addresses_someone"]

# Who abuse is aimed at: "you" (singular, plural, polite), the company, its staff, the bot.
_TARGET = re.compile(
    r"\b(?:ty|ci|cie|ciebie|tobie|toba|twoj\w*|jestes\w*|wy|was|wam|wami|wasz\w*|jestescie|pan|pani|panu|"
    r"panem|konsultan\w*|bot\w*|bocie|obslug\w*|firm\w*|sklep\w*|czat\w*|infolini\w*|pracowni\w*|ludzie|mu|jemu|"
    r"\w+(?:esz|isz|ysz|ecie|icie|ycie|acie)|\w+cie\W+sie)\b"
)


def addresses_someone(message: Message) -> bool:
    """Whether the message is aimed at someone: "you", the shop, its staff or the bot.

    Abuse needs a target; "paczka nie doszła" names none, "jesteście bandą" does.

    An imperative ("zamknij mordę", "spadaj") is said to someone too (Morfeusz's ``impt``).

    >>> addresses_someone("paczka nie doszła"), addresses_someone("jesteście nienormalni")
    (False, True)
    >>> addresses_someone("Zamknij mordę i odpowiedz wreszcie.")
    True
    """
    folded = FoldedMessage.of(message)
    if _TARGET.search(folded.folded):
        return True
    from pomocbot.text.morphology import default_morphology

    morph = default_morphology()
    for word in re.findall(r"[^\W\d_]+", folded.text[:2000]):
        readings = morph.analyse(word)
        imperative = [r.pos == "impt" for r in readings]
        # only an imperative reading, or one that opens a sentence ("Lecz się", not "lecz" = "but")
        if imperative and (all(imperative) or (word[0].isupper() and any(imperative))):
            return True
    return False


_INSULT = (
    r"(?:debil\w*|idio\w*|kretyn\w*|durni\w*|durn\w*|dure\w*|matol\w*|palant\w*|cymbal\w*|baran\w*|"
    r"osl\w*|osiol|glupk\w*|glupi\w*|tepa\w*|tepy|tepe|oszus\w*|zlodziej\w*|zlodzie\w*|zlodzi\w*|"
    r"zlodzi|zlodzieje|naciagacz\w*|frajer\w*|chuj\w*|huj\w*|skurw\w*|kurw\w*|pizd\w*|cwel\w*|"
    r"smiec\w*|gnoj\w*|gowno\w*|gowian\w*|szmat\w*|nieuk\w*|nieudacznik\w*|patol\w*|bydl\w*|scierw\w*|"
    r"k\*+a|ch\*+|p\*+ol\w*|banda\W+\w+|pajac\w*|bezmozg\w*|partacz\w*|kmiot\w*)"
)
# Whole-word insults said to a group ("gnoje", "partacze") or to one person ("debilu", "złodzieju").
_PLURAL_INSULTS = whole_words("abuse_plurals")
_VOCATIVE_INSULTS = whole_words("abuse_vocatives")
_ABUSE = (
    re.compile(rf"\b(?:jestes\w*|jestescie|jestes|ty|wy|wasz\w*|pan|pani|bot\w*|konsultan\w*|"
               rf"obslug\w*|firm\w*|sklep\w*|ten\W+czat)\W+(?:\w+\W+){{0,2}}?{_INSULT}"),
    re.compile(rf"\b{_INSULT}\W+(?:jeden|jedna|jedne|jestes\w*|z\W+was|jak\W+(?:ty|wy))\b"),
    # "konsultantka [OSOBA_1] to skończona kretynka": a person called an insult noun (not "to głupie").
    re.compile(r"\b(?:to|jest|sa)\W+(?:(?:skonczon|kompletn|totaln|straszn|zwykl|jakis|jakas|kawal)\w*\W+)?"
               r"(?:debil|idiot|kretyn|matol|palant|cymbal|glupek|glupk|oszust|zlodziej|nieuk|nieudacznik|"
               r"szmat|smiec|gnoj|frajer|baran|osiol|dure)\w*"),
    # plural vocatives and "co za debile", a gang of crooks, "X z działu reklamacji"
    re.compile(_PLURAL_INSULTS + r"|\bco\W+za\W+(?:\w+\W+)?(?:debil|idio|kretyn|matol|palant|pajac|"
               r"oszus|zlodzie|partacz|cham|dupk)\w*|\bbanda\W+(?:\w+\W+)?(?:oszust|zlodzie|idiot|debil|kretyn|"
               r"naciagacz|matol|nieudacznik|partacz|amator)\w*"),
    re.compile(rf"\b{_INSULT}\W+(?:\w+\W+)?z\W+(?:dzialu|obslugi|firmy|czatu|infolinii|biura|sklepu|reklamacji)"),
    re.compile(r"\b(?:chuj|huj)\W+(?:wam|ci|tobie)|\bw\W+dupe\b|\b(?:was|cie|ciebie)\W+(?:\w+\W+)?"
               r"(?:dorw|dopadn|zabij|zajeb|znajd|rozwal|obij)\w*|\bpozaluj\w*|"
               r"\b(?:pajac|debil|idiot|kretyn)\w*\W+a\W+nie\W+(?:bot|konsultant|obslug|sklep|firm|czat)\w*"),
    re.compile(_VOCATIVE_INSULTS),
    re.compile(r"\b(?:(?:pierdol|jeb|wal|odwal|spadaj|spieprz)\w*\W+(?:sie|stad|ode\W+mnie)\b|"
               r"spierdal\w*|wypierdal\w*|odpierdol\w*|spieprzaj\w*|zjezdzaj\w*|"
               r"(?:pierdole|jebac|jebie)\W+(?:was|cie|ciebie|ten|te|to|tego|twoj\w*|wasz\w*|"
               r"bot\w*|sklep\w*|firm\w*|obslug\w*))"),
    re.compile(r"\b(?:zabij\w*|zajeb\w*|dorw\w*|znajd\w*|dopadn\w*|obij\w*|rozwal\w*)\W+(?:was|cie|ciebie)\b|"
               r"\bwiem\W+gdzie\W+(?:mieszkasz|pracujesz|macie|jestescie)"),
)

RULE = Rule(ReasonCode.ABUSE, "obraźliwe słowa lub groźby wobec obsługi", _ABUSE)
"""Any of the abuse patterns, in their order."""
RULES: tuple[Rule, ...] = (RULE,)
