"""Word tables of the polarity check (:mod:`pomocbot.text.polarity`), folded (no diacritics).

Negators and the words a negation passes over, fixed expressions read before
anything else, the *ideas* (cost, allowed, required, working, accepted) that
words of different roots share, and the classes of quantifiers and bounds with
the pairs of them that contradict. Every entry was written by hand.

>>> NEGATORS >= {"nie", "bez", "brak"}
True
>>> CLASSES["wszystkie"], CLASSES["zadne"], OPPOSITE_OF["all"]
('all', 'none', ('none', 'some'))
"""

from __future__ import annotations

__all__ = [
    "ADDRESS",
    "BEFORE_AFTER",
    "BOUND_WORDS",
    "CHARGING",
    "CLASSES",
    "CLASS_PREFIXES",
    "CLAUSE_BREAK",
    "COMPARATIVE_PREFIXES",
    "CONCEPTS",
    "CONCEPT_WORDS",
    "CONCORD",
    "CONCORD_PRONOUNS",
    "EXPRESSIONS",
    "FROM_TO",
    "LEADING_PARTICLES",
    "MAX_EXPRESSION",
    "MODALS",
    "NEGATORS",
    "OBJECT_PRONOUNS",
    "OPPOSITES",
    "OPPOSITE_OF",
    "POSSESSIVES",
    "PREFIX_CHARS",
    "PREPOSITIONS",
    "SCOPED_CLASSES",
    "SCOPE_BREAK",
    "TRANSPARENT",
    "UNTIL",
]

# Clauses are compared with the source clause sharing most words; a negator's scope also ends at "i".
CLAUSE_BREAK = frozenset(',;:!?.()[]–—"„”') | {"ale", "lecz", "jednak", "natomiast", "a", "zas"}
SCOPE_BREAK = frozenset({"i", "oraz", "lub", "albo", "czy", "ani"})
UNTIL = frozenset({"dopoki", "dopoty", "poki"})
POSSESSIVES = ("nasz", "wasz", "twoj", "twoi", "swoj", "swoi", "moj", "moi", "jego", "jej", "ich")

# Fixed expressions, folded, read before anything else: (words, replacement words).
EXPRESSIONS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = tuple(
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
MAX_EXPRESSION = max(len(words) for words, _ in EXPRESSIONS)

# After "nie" in one clause, "żadnego", "nic", "nigdy" repeat the negation (Polish negative concord).
CONCORD = frozenset({"nic", "niczego", "niczym", "nikt", "nikogo", "nikomu", "nigdy", "zaden", "zadna",
                      "zadne", "zadnego", "zadnej", "zadnych", "zadnym", "zadnymi", "zadnemu"})
# "nic Pana nie kosztuje" says no cost, not "none of the orders"; "nigdy", "żaden" still quantify.
CONCORD_PRONOUNS = frozenset({"nic", "niczego", "niczym", "nikt", "nikogo", "nikomu"})
NEGATORS = frozenset({"nie", "brak", "braku", "bez", "ani"}) | CONCORD
# Words carried over inside a negator's scope besides function words: "nie masz", "nie zostanie".
TRANSPARENT = frozenset({"mamy", "masz", "macie", "miec", "mial", "miala", "mieli", "zbyt", "zostaje",
                          "zostana", "zostanie", "zostac", "zostala", "zostalo", "zostaly", "zostali",
                          # adverbs of time between "nie" and its verb: "nie został wcześniej zamontowany"
                          "wczesniej", "chwilowo", "obecnie", "aktualnie", "zwykle", "zazwyczaj", "nadal",
                          "wciaz", "ciagle", "dotad"})
# Pronouns that are the whole object of "bez"/"brak": "bez niego reklamacja ..." negates nothing after.
PREPOSITIONS = frozenset({"do", "dla", "przy", "w", "we", "na", "od", "z", "ze", "po", "przez", "u"})
BOUND_WORDS = frozenset({"najwczesniej", "najpozniej", "conajmniej", "najwyzej"})
OBJECT_PRONOUNS = frozenset({"niego", "niej", "nich", "nim", "nimi", "niemu"})
ADDRESS = frozenset({"pan", "pani", "panu", "pania", "pana", "panstwo", "panstwa", "panstwu", "panem"})
MODALS = frozenset({"@mozna", "@musi"})
LEADING_PARTICLES = frozenset({"tak", "nie", "niestety", "oczywiscie", "owszem", "jasne", "dobrze"})

# Words of one idea, by folded prefix (first match wins): the cost of something, whether it is
# allowed, required, working or accepted. A leading "-" marks a word that negates the idea itself.
CONCEPTS: tuple[tuple[str, str], ...] = (
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
CHARGING = frozenset({"pobieramy", "pobiera", "pobierana", "pobierane", "pobierany", "pobieraja",
                       "pobierzemy",
                       "doliczamy", "dolicza", "doliczana", "doliczane", "doliczymy", "doliczy"})
CONCEPT_WORDS = {"plac": "@koszt", "placcie": "@koszt", **dict.fromkeys(CHARGING, "@koszt")}
PREFIX_CHARS = 5

# Classes of quantifiers and bounds; each pair in OPPOSITES contradicts.
CLASSES: dict[str, str] = {
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
CLASS_PREFIXES: tuple[tuple[str, str], ...] = (
    ("minimaln", "lower"), ("maksymaln", "upper"), ("wyzsz", "lower"), ("wieksz", "lower"),
    ("nizsz", "upper"), ("mniejsz", "upper"),
)
# Comparatives that compare only with "niż" in the sentence ("wcześniej" alone is "previously").
COMPARATIVE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("wiecej", "lower"), ("mniej", "upper"), ("dluzej", "longer"), ("dluzsz", "longer"),
    ("krocej", "shorter"), ("krotsz", "shorter"), ("szybciej", "faster"), ("szybsz", "faster"),
    ("wolniej", "slower"), ("wczesniej", "earlier"), ("pozniej", "later"),
)
OPPOSITES = frozenset({("all", "none"), ("all", "some"), ("some", "none"), ("only", "also"),
                        ("lower", "upper"), ("earliest", "latest"), ("first", "last"), ("before", "after"),
                        ("from", "to"), ("except", "also"), ("longer", "shorter"), ("faster", "slower"),
                        ("earlier", "later")})
OPPOSITE_OF: dict[str, tuple[str, ...]] = {
    kind: tuple(sorted(b for a, b in OPPOSITES | {(b, a) for a, b in OPPOSITES} if a == kind))
    for pair in OPPOSITES for kind in pair
}
# "tylko do Niemiec" against "również do wybranych krajów" is no contradiction: these compare
# only when the same word follows ("tylko kartą" / "również kartą").
SCOPED_CLASSES = frozenset({"only", "also", "except"})
# Position words whose class depends on what follows: "przed odbiorem", "od 200 zł".
BEFORE_AFTER = {"przed": "before", "po": "after"}
FROM_TO = {"od": "from", "do": "to"}
