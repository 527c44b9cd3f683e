"""Polish stop words for lexical retrieval.

Function words, pronouns and the filler of customer questions ("czy", "jak",
"mogę", "proszę"). Matching is done on the folded form, so "ktory" written
without diacritics is a stop word too.

>>> is_stopword("która"), is_stopword("ktora"), is_stopword("zwrot")
(True, True, False)
"""

from __future__ import annotations

from pomocbot.text.normalize import fold_diacritics

__all__ = ["POLISH_STOPWORDS", "is_stopword"]

POLISH_STOPWORDS: frozenset[str] = frozenset(
    """
    a aby ach acz aczkolwiek aj albo ale ależ ani aż bardziej bardzo bo bowiem by byli bym
    bynajmniej być był była było były będzie będą cali cała cały ci ciebie cię co cokolwiek
    coś czasami czasem czemu czy czyli daleko dla dlaczego dlatego do dobrze dokąd dość dużo
    dwa dwaj dwie dwoje dziś dzisiaj gdy gdyby gdyż gdzie gdziekolwiek gdzieś go i ich ile im
    inna inne inny innych iż ja ją jak jakaś jakby jaki jakichś jakie jakiś jakiż jakkolwiek
    jako jakoś je jeden jedna jedno jednak jednakże jego jej jemu jest jestem jeszcze jeśli
    jeżeli już każdy kiedy kilka kimś kto ktokolwiek ktoś która które którego której który
    których którym którzy ku lecz lub ma mają mam mi mimo między mną mnie mogą moi moim moja
    moje może możliwe można mój mu musi my na nad nam nami nas nasi nasz nasza nasze naszego
    naszych natomiast nawet nią nic nich nie niego niej niemu nigdy nim nimi niż no o obok od
    około on ona one oni ono oraz owszem po pod podczas pomimo ponad ponieważ powinien
    powinna powinni powinno poza prawie przecież przed przede przedtem przez przy również sam
    sama są się skąd sobie sobą sposób swoje ta tak taka taki takie także tam te tego tej temu
    ten teraz też to tobą tobie toteż trzeba tu tutaj twoi twoim twoja twoje twym twój ty tych
    tylko tym u w wam wami was wasz wasza wasze we według wiele wielu więc więcej wszyscy
    wszystkich wszystkie wszystkim wszystko wtedy wy właśnie z za zapewne zawsze ze znowu znów
    został żaden żadna żadne żadnych że żeby
    proszę dzień dobry witam pozdrawiam hej mogę możemy chcę chciałbym chciałabym
    """.split()
)

_FOLDED_STOPWORDS = frozenset(fold_diacritics(word) for word in POLISH_STOPWORDS)


def is_stopword(word: str) -> bool:
    """True when the lower-cased ``word`` is a Polish stop word, with or without diacritics."""
    return fold_diacritics(word.lower()) in _FOLDED_STOPWORDS
