"""Polish personal names without a model: first-name gazetteer, inflection, surname shapes, a person key.

The first names (``guardrails/data/first_names_*.txt``) were written by hand
from general knowledge of Polish naming (common given names of all
generations, their everyday diminutives, and the foreign names most often met
in Poland). ``benchmarks/pii_names.py`` *measures* their coverage against the
PESEL registry counts; nothing here was copied from that file.

Every base form is expanded by the declension rules of Polish nouns into its
case forms (genitive, dative, accusative, instrumental, locative, vocative), so
"Jana", "Janowi", "Janem", "Janie" all lead back to "Jan", and "Annie", "Annę",
"Anną" to "Anna".

>>> first_name_lemma("Pawłowi"), first_name_lemma("Katarzynę"), first_name_lemma("stół")
('Paweł', 'Katarzyna', None)
>>> [surname_shape(w) for w in ("Kowalskiego", "Wiśniewską", "Mickiewicza", "Stół")]
['adj', 'adj', 'wicz', None]
>>> name_key("Jana Kowalskiego") == name_key("Janowi Kowalskiemu") == name_key("Jan Kowalski")
True
>>> name_key("Annie Nowak") == name_key("Anna Nowak")
True
"""

from __future__ import annotations

import re
from functools import lru_cache

from pomocbot.guardrails.wordlists import load_words
from pomocbot.text.normalize import fold_diacritics
from pomocbot.text.stopwords import POLISH_STOPWORDS

__all__ = [
    "FEMALE_FIRST_NAMES",
    "FIRST_NAME_FORMS",
    "FOREIGN_FIRST_NAMES",
    "MALE_FIRST_NAMES",
    "SURNAMES",
    "first_name_lemma",
    "name_key",
    "surname_shape",
    "surname_stem",
]

# Base forms, most common first (see pomocbot.guardrails.wordlists). "Paweł/Pawł" gives the stem of
# the oblique cases where a vowel drops; stems of "-ek" / "-iek" names (Marek -> Marka, Heniek -> Heńka)
# are derived.
_MALE = load_words("first_names_male") + load_words("first_names_male_diminutives")
_FEMALE = load_words("first_names_female") + load_words("first_names_female_diminutives")
# Foreign first names frequent in Polish texts (news, literature, customers from abroad).
_FOREIGN = load_words("first_names_foreign")
#: Common Polish surnames, and the best-known public ones, accepted on their own.
SURNAMES: frozenset[str] = frozenset(load_words("surnames"))

_SOFTEN = {"n": "ń", "s": "ś", "z": "ź", "c": "ć"}
_SOFT_END = {"ś": "si", "ć": "ci", "ń": "ni", "ź": "zi"}
# Locative/vocative of masculine nouns by the last consonant(s) of the stem; "" means "+u".
_MALE_LOC = (("st", "ście"), ("t", "cie"), ("d", "dzie"), ("r", "rze"), ("ł", "le"))
_HARD_LOC = {"n", "m", "p", "b", "f", "w", "s", "z"}
# Dative/locative of feminine -a nouns by the consonant before "a".
_FEMALE_LOC = (("st", "ście"), ("t", "cie"), ("d", "dzie"), ("r", "rze"), ("ł", "le"), ("k", "ce"),
               ("g", "dze"), ("ch", "sze"))
_HARDENED = ("sz", "cz", "rz", "ż", "c", "dz")


def _male_forms(base: str, stem: str | None = None) -> set[str]:
    """Singular case forms of a masculine first name (Piotr -> Piotra, Piotrowi, Piotrem, Piotrze)."""
    if base.endswith("a"):
        return _female_forms(base)
    if base[-1] in "yi":  # adjectival: Jerzy -> Jerzego, Jerzemu, Jerzym
        root = base[:-1] if base.endswith("y") else base
        return {base, root + "ego", root + "emu", base + "m"}
    if stem is None:
        if base.endswith("iek") and len(base) > 4 and base[-4] in _SOFTEN:  # Heniek -> Heńka
            stem = base[:-4] + _SOFTEN[base[-4]] + "k"
        elif base.endswith("ek") and len(base) > 3:  # Marek -> Marka
            stem = base[:-2] + "k"
        elif base.endswith("io") or base.endswith("o"):  # Stasio -> Stasia
            stem = base[:-1]
        else:
            stem = base
    if stem[-1] in _SOFT_END:  # Staś -> Stasia
        stem = stem[:-1] + _SOFT_END[stem[-1]]
    forms = {base, stem + "a", stem + "owi", stem + ("iem" if stem[-1] in "kg" else "em")}
    for tail, loc in _MALE_LOC:
        if stem.endswith(tail):
            forms.add(stem[: -len(tail)] + loc)
            break
    else:
        hard = stem[-1] in _HARD_LOC and not stem.endswith(_HARDENED)
        forms.add(stem + ("ie" if hard else "u"))  # Janie, but Tomaszu, Grzegorzu
    return forms


def _female_forms(base: str) -> set[str]:
    """Singular case forms of a name ending in -a (Anna -> Anny, Annie, Annę, Anną, Anno)."""
    if not base.endswith("a"):
        return {base}  # Miriam, Beatrycze: not declined
    stem = base[:-1]
    forms = {base, stem + "ę", stem + "ą", stem + "o"}
    if stem.endswith("i"):
        forms.add(stem + "i")  # Maria -> Marii, Melania -> Melanii
        if stem[-2:-1] in ("s", "z", "c", "n"):  # Kasia -> Kasi, Kasiu
            forms |= {stem, stem + "u"}
    elif stem.endswith("j"):
        # Maja -> Mai, Alicja -> Alicji
        forms.add((stem[:-1] if stem[-2:-1] in tuple("aeiouy") else stem) + "i")
        forms.add(stem + "u")
    elif stem.endswith("l"):  # Ola -> Oli, Olu
        forms |= {stem + "i", stem + "u"}
    elif stem.endswith(_HARDENED):  # Natasza -> Nataszy
        forms.add(stem + "y")
    else:
        forms.add(stem + ("i" if stem[-1] in "kg" else "y"))
        for tail, loc in _FEMALE_LOC:
            if stem.endswith(tail):
                forms.add(stem[: -len(tail)] + loc)
                break
        else:
            forms.add(stem + "ie")
    return forms


def _parse(entries: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """(base, stem) of each "Base/stem" entry; stem None when the entry gives none."""
    parsed = []
    for item in entries:
        base, _, stem = item.partition("/")
        parsed.append((base, stem or None))
    return parsed


MALE_FIRST_NAMES: frozenset[str] = frozenset(b for b, _ in _parse(_MALE))
FEMALE_FIRST_NAMES: frozenset[str] = frozenset(b for b, _ in _parse(_FEMALE))
FOREIGN_FIRST_NAMES: frozenset[str] = frozenset(b for b, _ in _parse(_FOREIGN))


def _build_forms() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Case form -> base form, for men's, women's and foreign names (the first, more common name wins)."""
    male: dict[str, str] = {}
    female: dict[str, str] = {}
    foreign: dict[str, str] = {}
    for base, stem in _parse(_MALE):
        for form in _male_forms(base, stem):
            male.setdefault(form, base)
    for base, _ in _parse(_FEMALE):
        for form in _female_forms(base):
            female.setdefault(form, base)
    for base, _ in _parse(_FOREIGN):
        if base.endswith("a") and base not in ("Luka", "Nikola"):
            forms = _female_forms(base)
        elif base[-1] in "eiouyé":  # Mike, Joe, Andy: Polish writes Mike'a, Andy'ego (see first_name_lemma)
            forms = {base}
        else:
            forms = _male_forms(base)
        for form in forms:
            foreign.setdefault(form, base)
    return male, female, foreign


_MALE_FORMS, _FEMALE_FORMS, _FOREIGN_FORMS = _build_forms()
#: case form (as written, capitalised) -> base form. "Aleksandra", "Gabriela", "Daniela" are both a
#: woman's name and a man's genitive; the nominative reading wins here, name_key uses the surname's gender.
#: Polish names win over foreign ones ("Annie" is Anna's dative before it is an English name).
FIRST_NAME_FORMS: dict[str, str] = {**_FOREIGN_FORMS, **_MALE_FORMS, **_FEMALE_FORMS}
for _form, _base in _MALE_FORMS.items():
    if _form == _base:
        FIRST_NAME_FORMS[_form] = _base
_LOWER_FORMS: dict[str, str] = {}
for _form, _base in FIRST_NAME_FORMS.items():
    _LOWER_FORMS.setdefault(_form.lower(), _base)
# Forms typed without Polish letters ("pawla", "lukasz"); folded forms that are common words
# ("ale" from "Alę") are left out.
_FOLDED_FORMS: dict[str, str] = {}
_FOLDED_STOP = frozenset(fold_diacritics(w) for w in POLISH_STOPWORDS)
for _form, _base in FIRST_NAME_FORMS.items():
    _folded = fold_diacritics(_form).lower()
    if _folded not in _FOLDED_STOP and _folded not in _LOWER_FORMS:
        _FOLDED_FORMS.setdefault(_folded, _base)


def first_name_lemma(word: str) -> str | None:
    """The base form of a first name in any case form, or ``None``.

    Case is ignored ("ŁUKASZ", "łukasz"); a word written without Polish letters
    is matched to its Polish form ("Pawla"), but a word with them is not folded
    ("Życie" is not "Zycie", a form of Zyta).

    >>> [first_name_lemma(w) for w in ("Annie", "kasiu", "Pawla", "Życie")]
    ['Anna', 'Kasia', 'Paweł', None]
    """
    base = FIRST_NAME_FORMS.get(word)
    if base is None:
        if "'" in word or "’" in word:  # George'a, Andy'ego
            return FIRST_NAME_FORMS.get(re.split("['’]", word, maxsplit=1)[0])
        low = word.lower()
        base = _LOWER_FORMS.get(low)
        if base is None and low.isascii():
            base = _FOLDED_FORMS.get(low)
    return base


# Adjectival surnames (-ski, -cki, -dzki) in all singular and plural cases.
_ADJ = re.compile(r"(?:s|c|dz)(?:k(?:i|iego|iemu|im|imi|ich|a|iej|ą|ie)|cy)$")
_ADJ_FEM = re.compile(r"(?:s|c|dz)k(?:a|iej|ą)$")
_ADJ_MASC = re.compile(r"(?:s|c|dz)k(?:i|iego|iemu|im)$")
# -wicz (Mickiewicz, Stankiewicz, Janowicz) in its case forms.
_WICZ = re.compile(r"wicz(?:a|owi|em|u|owie|ów|owa|ówna)?$")
# Noun-like surname endings: Nowak, Kowalczyk, Wieczorek, Pawlik, Szewczuk, Kubiak and case endings.
_NOUN = re.compile(
    r"(?:[aiyu]k|czyk|[^aeiouy]ek|rz[ae]k|iak)(?:a|owi|iem|u|owie|ów)?$|[^aeiouy]k(?:a|owi|iem|u)$"
)
_ADJ_ENDINGS = (("iego", "i"), ("iemu", "i"), ("imi", "i"), ("ich", "i"), ("im", "i"), ("iej", "a"),
                ("ą", "a"),
                ("ie", "i"), ("cy", "ki"))
_NOUN_ENDINGS = ("owie", "owi", "iem", "ów", "em", "ie", "a", "u", "ę", "ą", "y", "o")


def surname_shape(word: str) -> str | None:
    """The surname pattern ``word`` follows: "adj" (-ski/-cka), "wicz", "noun" (-ak, -czyk, -ek), else None.

    Only the shape: "Polski" is "adj" too; callers weigh it with capitals and context.

    >>> surname_shape("Zawadzkiej"), surname_shape("Kowalczykowi"), surname_shape("Dom")
    ('adj', 'noun', None)
    """
    w = word.lower()
    if len(w) < 4:
        return None
    if _ADJ.search(w):
        return "adj"
    if _WICZ.search(w):
        return "wicz"
    if _NOUN.search(w):
        return "noun"
    return None


@lru_cache(maxsize=4096)
def surname_stem(word: str) -> str:
    """A case-independent key of one surname: lower-case, folded, case ending removed.

    Adjectival surnames keep their gender ("Kowalskiej" -> "kowalska", "Kowalskiemu" -> "kowalski");
    noun surnames lose the ending and a fleeting "e" ("Wieczorka" and "Wieczorek" -> "wieczork").

    >>> surname_stem("Kowalskiej"), surname_stem("Nowakowi"), surname_stem("Mazurze")
    ('kowalska', 'nowak', 'mazur')
    """
    w = word.lower()
    if _ADJ.search(w):
        if w.endswith(("ski", "cki", "dzki", "ska", "cka", "dzka")):
            return fold_diacritics(w)
        for ending, repl in _ADJ_ENDINGS:
            if w.endswith(ending):
                return fold_diacritics(w[: -len(ending)] + repl)
    if w.endswith(("ego", "emu")) and len(w) > 5:  # other adjectival surnames: Białego -> biały
        root = w[:-3]
        return fold_diacritics(root + ("i" if root[-1] in "kg" else "y"))
    for ending, repl in (("rze", "r"), ("cie", "t"), ("dzie", "d"), ("le", "ł")):
        if w.endswith(ending) and len(w) - len(ending) >= 2:
            w = w[: -len(ending)] + repl
            break
    else:
        for ending in _NOUN_ENDINGS:
            if w.endswith(ending) and len(w) - len(ending) >= 3:
                w = w[: -len(ending)]
                break
    if w.endswith("ek") and len(w) > 4:  # fleeting e: Wieczorek ~ Wieczorka
        w = w[:-2] + "k"
    elif w.endswith("el") and len(w) > 4:  # Wróbel ~ Wróbla
        w = w[:-2] + "l"
    return fold_diacritics(w)


_TITLES = frozenset(
    """
pan pani panu panią pana panem panie państwo państwa dr dr. prof prof. mgr mgr. inż inż. ks ks. sz.p. szp
""".split()
)
_KEY_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*\.?")


def name_key(text: str) -> str:
    """One key for every inflected form of a person's name, for consistent placeholders.

    First names become their base form, surnames their case-free stem, titles
    ("Pan", "dr") are dropped; diacritics and case are ignored, so a name typed
    without Polish letters meets its written form. An adjectival surname tells
    the gender, which settles forms shared by a man's and a woman's name
    ("Aleksandrze Kowalskiej" is Aleksandra, "Aleksandra Kowalskiego" is Aleksander).

    >>> name_key("Pani Katarzyna Wiśniewska"), name_key("Katarzyną Wiśniewską")
    ('katarzyna wisniewska', 'katarzyna wisniewska')
    >>> name_key("Piotrze Wieczorku") == name_key("piotr wieczorek")
    True
    """
    words = [w.rstrip(".") for w in _KEY_WORD.findall(text) if w.lower() not in _TITLES]
    lowered = [w.lower() for w in words]
    gender = ""
    if any(_ADJ_FEM.search(w) for w in lowered):
        gender = "f"
    elif any(_ADJ_MASC.search(w) for w in lowered):
        gender = "m"
    first: list[str] = []
    rest: list[str] = []
    for word in words:
        lemma = None if "-" in word or (first and rest) else first_name_lemma(word) or _dictionary_first(word)
        if lemma is not None:
            title = word[:1].upper() + word[1:].lower()
            if gender == "f" and title in _FEMALE_FORMS:
                lemma = _FEMALE_FORMS[title]
            elif gender == "m" and title in _MALE_FORMS:
                lemma = _MALE_FORMS[title]
            first.append(fold_diacritics(lemma).lower())
        else:
            rest.append("-".join(surname_stem(_dictionary_surname(part, gender)) for part in word.split("-")))
    return " ".join(first + rest)


def _dictionary_first(word: str) -> str | None:
    """The first-name lemma SGJP gives a word the gazetteer lacks ("Bożydarowi" -> "Bożydar")."""
    if not word[:1].isalpha() or len(word) < 3:
        return None
    from pomocbot.text.morphology import default_morphology

    readings = default_morphology().analyse(word[:1].upper() + word[1:].lower())
    names = [r.lemma for r in readings if r.is_first_name]
    common = any(r.is_known and not (r.is_first_name or r.is_surname or r.is_place) for r in readings)
    return names[0] if names and not common else None


def _dictionary_surname(word: str, gender: str) -> str:
    """SGJP's surname lemma of ``word`` (its gender's first), else ``word``: "Wieczorka" -> "Wieczorek"."""
    if not word[:1].isalpha():
        return word
    from pomocbot.text.morphology import default_morphology

    readings = [r for r in default_morphology().analyse(word[:1].upper() + word[1:].lower()) if r.is_surname]
    if not readings:
        return word
    if gender:
        wanted = [r for r in readings if ("f" in r.genders) == (gender == "f")]
        readings = wanted or readings
    return readings[0].lemma
