"""Polish numbers in words, in the case and gender the sentence needs.

`num2words <https://pypi.org/project/num2words/>`_ writes Polish cardinals and
masculine nominative ordinals ("dziewiętnaście", "dwudziesty piąty"). What
it does not do is written here: its currency form reads an ``int`` as grosze,
puts a comma between the parts and says "zero groszy" (``num2words(12,
lang="pl", to="currency")`` is "zero złotych, dwanaście groszy"), so
amounts take the plural rule below; ordinals are declined here for dates
("do dwudziestego piątego listopada") and hours ("o ósmej"); "dwie"/"jedna"
for feminine nouns; genitive cardinals for ranges ("od trzech do pięciu dni").

>>> money(19, 99), money(1, 0), money(2, 0), money(0, 50)
('dziewiętnaście złotych dziewięćdziesiąt dziewięć groszy', 'jeden złoty', 'dwa złote', 'pięćdziesiąt groszy')
>>> ordinal(25, case="gen"), ordinal(2026, case="gen"), hour(8, 0, case="gen"), hour(13, 30)
('dwudziestego piątego', 'dwa tysiące dwudziestego szóstego', 'ósmej', 'trzynasta trzydzieści')
"""

from __future__ import annotations

from typing import Literal

from num2words import num2words

__all__ = ["Case", "Gender", "cardinal", "cardinal_genitive", "digits", "hour", "money", "ordinal",
           "plural", "prefix_form"]

Case = Literal["nom", "gen", "acc", "inst", "loc"]
Gender = Literal["m", "f", "n"]

_DIGITS = ("zero", "jeden", "dwa", "trzy", "cztery", "pięć", "sześć", "siedem", "osiem", "dziewięć")
# Genitive of each cardinal word; in compounds every word is declined ("dwudziestu trzech") except a
# final "jeden", which compounds keep ("dwudziestu jeden").
_GENITIVE = dict(zip(
    "jeden dwa trzy cztery pięć sześć siedem osiem dziewięć dziesięć jedenaście dwanaście trzynaście "
    "czternaście piętnaście szesnaście siedemnaście osiemnaście dziewiętnaście dwadzieścia trzydzieści "
    "czterdzieści pięćdziesiąt sześćdziesiąt siedemdziesiąt osiemdziesiąt dziewięćdziesiąt sto dwieście "
    "trzysta czterysta pięćset sześćset siedemset osiemset dziewięćset tysiąc tysiące tysięcy zero".split(),
    "jednego dwóch trzech czterech pięciu sześciu siedmiu ośmiu dziewięciu dziesięciu jedenastu dwunastu "
    "trzynastu czternastu piętnastu szesnastu siedemnastu osiemnastu dziewiętnastu dwudziestu trzydziestu "
    "czterdziestu pięćdziesięciu sześćdziesięciu siedemdziesięciu osiemdziesięciu dziewięćdziesięciu stu "
    "dwustu trzystu czterystu pięciuset sześciuset siedmiuset ośmiuset dziewięciuset tysiąca tysięcy tysięcy "
    "zera".split(), strict=True))
_CARDINAL_ENDINGS = ("trzy", "cztery")  # cardinals ending like an ordinal adjective


def plural(n: int, one: str, few: str, many: str) -> str:
    """The noun form for ``n``: 1 złoty, 2-4 złote (not 12-14), else złotych.

    >>> [plural(n, "złoty", "złote", "złotych") for n in (1, 2, 5, 12, 22, 25, 101)]
    ['złoty', 'złote', 'złotych', 'złotych', 'złote', 'złotych', 'złotych']
    """
    if n == 1:
        return one
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return few
    return many


def cardinal(n: int, gender: Gender = "m") -> str:
    """``n`` in words; feminine "jedna"/"dwie", neuter "jedno" ("dwie godziny", "jedno zamówienie").

    >>> cardinal(14), cardinal(2, "f"), cardinal(22, "f"), cardinal(1, "n"), cardinal(1200)
    ('czternaście', 'dwie', 'dwadzieścia dwie', 'jedno', 'tysiąc dwieście')
    """
    words = num2words(n, lang="pl").split()
    if gender == "f" and words[-1] == "dwa":
        words[-1] = "dwie"
    if n == 1 and gender != "m":
        words = ["jedna" if gender == "f" else "jedno"]
    return " ".join(words)


def cardinal_genitive(n: int) -> str:
    """``n`` in the genitive, for "od ... do ...".

    >>> cardinal_genitive(1), cardinal_genitive(21), cardinal_genitive(5), cardinal_genitive(300)
    ('jednego', 'dwudziestu jeden', 'pięciu', 'trzystu')
    """
    words = num2words(n, lang="pl").split()
    declined = [_GENITIVE.get(w, w) for w in words]
    if len(words) > 1 and words[-1] == "jeden":
        declined[-1] = "jeden"
    return " ".join(declined)


def prefix_form(n: int) -> str:
    """The compound prefix of ``n``: "6-cyfrowy" -> "sześciocyfrowy", "14-dniowy" -> "czternastodniowy".

    >>> prefix_form(6), prefix_form(2), prefix_form(14), prefix_form(1)
    ('sześcio', 'dwu', 'czternasto', 'jedno')
    """
    special = {1: "jedno", 2: "dwu", 3: "trzy", 4: "cztero", 100: "stu"}
    if n in special:
        return special[n]
    genitive = cardinal_genitive(n)
    if " " not in genitive and genitive.endswith("u"):
        return genitive[:-1] + "o"
    return genitive.replace(" ", "")


def _decline_ordinal_word(word: str, case: Case, gender: Gender) -> str:
    if word.endswith("i"):  # drugi, trzeci: soft or velar stems
        stem, velar = word[:-1], word[:-1].endswith(("g", "k"))
        masc = {"nom": word, "gen": stem + "iego", "acc": word, "inst": stem + "im", "loc": stem + "im"}
        fem = {"nom": stem + ("a" if velar else "ia"), "gen": stem + "iej", "loc": stem + "iej",
               "acc": stem + ("ą" if velar else "ią"), "inst": stem + ("ą" if velar else "ią")}
        neut = {"nom": stem + "ie", "gen": stem + "iego", "acc": stem + "ie", "inst": stem + "im",
                "loc": stem + "im"}
    else:  # piąty, dwudziesty
        stem = word[:-1]
        masc = {"nom": word, "gen": stem + "ego", "acc": word, "inst": stem + "ym", "loc": stem + "ym"}
        fem = {"nom": stem + "a", "gen": stem + "ej", "loc": stem + "ej", "acc": stem + "ą",
               "inst": stem + "ą"}
        neut = {"nom": stem + "e", "gen": stem + "ego", "acc": stem + "e", "inst": stem + "ym",
                "loc": stem + "ym"}
    return {"m": masc, "f": fem, "n": neut}[gender][case]


def ordinal(n: int, *, case: Case = "nom", gender: Gender = "m") -> str:
    """The ordinal of ``n`` (≥ 1) declined; only its ordinal words change ("dwa tysiące dwudziestego ...").

    >>> ordinal(3, case="inst"), ordinal(2, gender="f"), ordinal(31, case="gen"), ordinal(1, gender="n")
    ('trzecim', 'druga', 'trzydziestego pierwszego', 'pierwsze')
    """
    words = num2words(max(1, n), lang="pl", to="ordinal").split()
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if not word.endswith(("y", "i")) or word in _CARDINAL_ENDINGS:
            break
        words[i] = _decline_ordinal_word(word, case, gender)
    return " ".join(words)


def money(zloty: int, grosze: int = 0) -> str:
    """An amount in PLN as spoken: "dziewiętnaście złotych dziewięćdziesiąt dziewięć groszy"."""
    parts = []
    if zloty or not grosze:
        parts.append(f"{cardinal(zloty)} {plural(zloty, 'złoty', 'złote', 'złotych')}")
    if grosze:
        parts.append(f"{cardinal(grosze)} {plural(grosze, 'grosz', 'grosze', 'groszy')}")
    return " ".join(parts)


def hour(h: int, m: int = 0, *, case: Case = "nom") -> str:
    """A clock time: the hour as a feminine ordinal (godzina ósma), minutes as a cardinal.

    "0:00" is read as "dwudziesta czwarta" (as opening hours say it); "8:05" as "ósma zero pięć".

    >>> hour(8, 0, case="inst"), hour(0, 0, case="gen"), hour(8, 5, case="loc")
    ('ósmą', 'dwudziestej czwartej', 'ósmej zero pięć')
    """
    if h == 0 and m == 0:
        h = 24
    spoken = ordinal(h, case=case, gender="f") if h else "zero"
    if m:
        spoken += (" zero " if m < 10 else " ") + cardinal(m)
    return spoken


def digits(text: str) -> str:
    """Every digit of ``text`` as a word: "601" -> "sześć zero jeden".

    >>> digits("0048")
    'zero zero cztery osiem'
    """
    return " ".join(_DIGITS[int(c)] for c in text if c.isdigit())
