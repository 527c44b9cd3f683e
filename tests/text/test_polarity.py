"""Polarity of a claim against its source: negations, brak/bez, modals, quantifiers, bounds."""

from __future__ import annotations

import pytest

from pomocbot.text.polarity import polarity_conflict

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("claim", "source"),
    [
        # the case: a reversed policy accepted as "poparte przez [2]"
        ("Zwracamy Panu koszt odesłania towaru.", "Nie zwracamy kosztu odesłania towaru."),
        ("Tak, wysyłamy paczki za granicę.", "Nie wysyłamy paczek za granicę."),
        ("Meble na wymiar można zwrócić w ciągu 14 dni.", "Mebli na wymiar nie można zwrócić."),
        ("Zwrot przez Paczkomat jest płatny.", "Zwrot przez Paczkomat jest bezpłatny."),
        ("Za wniesienie pralki trzeba dopłacić.", "Wniesienie pralki jest darmowe."),
        ("Nie trzeba drukować etykiety.", "Etykietę trzeba wydrukować i nakleić na paczkę."),
        ("Faktura jest niedostępna w panelu klienta.", "Faktura jest dostępna w panelu klienta."),
        ("W niedziele czat jest czynny.", "W niedziele i święta czat z konsultantem jest nieczynny."),
        ("Akceptujemy karty American Express.", "Nie przyjmujemy kart American Express."),
        (
            "Kod rabatowy można dodać do złożonego zamówienia.",
            "Kodu nie da się dodać do złożonego zamówienia.",
        ),
        ("Przyjmujemy zwroty wszystkich produktów.", "Przyjmujemy zwroty tylko niektórych produktów."),
        ("Termin liczymy od odbioru pierwszej paczki.", "Termin liczymy od odbioru ostatniej paczki."),
        ("Paczkę można otworzyć przed zapłatą.", "Paczkę można otworzyć po zapłacie."),
        ("Płacimy kartą tylko przy odbiorze.", "Płacimy kartą również przy odbiorze."),
        ("Dostawa jest darmowa do 200 zł.", "Dostawa jest darmowa od 200 zł."),
        ("Rabat wynosi najwyżej 10 %.", "Rabat wynosi co najmniej 10 %."),
    ],
)
def test_a_reversal_is_a_conflict(claim: str, source: str) -> None:
    assert polarity_conflict(claim, source) is not None


@pytest.mark.parametrize(
    ("claim", "source"),
    [
        (
            "Produkty na zamówienie nie podlegają zwrotowi.",
            "Nie przyjmujemy zwrotów produktów na zamówienie.",
        ),
        (
            "Przy zamówieniu za co najmniej 200 zł nie płaci Pan za dostawę.",
            "Dostawa jest bezpłatna od 200 zł.",
        ),
        ("Zwrot jest bezpłatny.", "Za zwrot nie pobieramy żadnych opłat."),
        ("Na zwrot ma Pan najpóźniej 14 dni.", "Zwrotu trzeba dokonać nie później niż 14 dni od odbioru."),
        ("Nie, nie wysyłamy paczek za granicę.", "Nie wysyłamy paczek za granicę."),
        ("Nie, paczki wysyłamy tylko w Polsce.", "Wysyłamy wyłącznie na terenie Polski."),
        ("Kodu wpisywać nie trzeba.", "Nie musisz wpisywać żadnego kodu."),
        ("Można wstrzymać zwrot, dopóki paczka nie dotrze.", "Zwrot wstrzymamy do czasu, aż paczka dotrze."),
        ("Zwrot przyjmiemy bez problemu.", "Zwrot przyjmiemy."),
        ("Od 199 zł dostawa jest darmowa.", "Dostawa kosztuje 14,99 zł, a od 199 zł jest darmowa."),
        (
            "Punkty liczymy od pierwszego zamówienia po dołączeniu, wcześniejszych zakupów nie doliczamy.",
            "Punkty naliczamy od pierwszego zamówienia po dołączeniu; zakupów sprzed dołączenia nie liczymy.",
        ),
        ("Kartą płatniczą zapłaci Pan bez żadnych opłat.", "Płatność kartą płatniczą jest bezpłatna."),
    ],
)
def test_a_faithful_paraphrase_is_no_conflict(claim: str, source: str) -> None:
    assert polarity_conflict(claim, source) is None


def test_the_conflict_names_the_words_on_both_sides() -> None:
    conflict = polarity_conflict("Zwracamy koszt odesłania.", "Nie zwracamy kosztu odesłania.")
    assert conflict is not None and conflict.kind == "negation"
    assert conflict.describe() == "„Nie zwracamy” w źródle, „Zwracamy” w odpowiedzi"


def test_the_verifier_refuses_a_reversed_policy_from_an_llm() -> None:
    from pomocbot.drafting.grounding import GroundingVerifier
    from pomocbot.types import Hit

    source = Hit(
        doc_id="zwroty",
        chunk_id="zwroty#0",
        title="Koszty zwrotu",
        rank=1,
        score=1.0,
        text="Zwrot jest możliwy w ciągu 14 dni. Nie zwracamy kosztu odesłania towaru.",
    )
    result = GroundingVerifier(None, stem=lambda w: w[:6]).verify(
        "Zwrot jest możliwy w ciągu 14 dni [1]. Zwracamy koszt odesłania towaru [1].", [source]
    )
    assert result.body == "Zwrot jest możliwy w ciągu 14 dni [1]."
    assert result.verdicts[1].reason.startswith("przeczy źródłu [1]")


# --- mechanisms added after the planted-pair set (own sentences, neither pair file's) ----------------
@pytest.mark.parametrize(
    ("claim", "source"),
    [
        # "nie podlega" is "nie można"; "nie da się" too
        ("Bony można wymienić na pieniądze.", "Bony nie podlegają wymianie na pieniądze."),
        ("Rezerwację da się przesunąć po opłaceniu.", "Po opłaceniu rezerwacji nie da się już przesunąć."),
        # what a price or warranty covers
        ("Ubezpieczenie nie obejmuje pęknięć ekranu.", "Ubezpieczenie obejmuje także pęknięcia ekranu."),
        # a charging verb takes the fee with it
        ("Za wniesienie doliczymy Panu opłatę.", "Za wniesienie na piętro nie doliczamy opłaty."),
        # comparatives in a sentence that compares ("niż")
        ("Odbiór w sklepie trwa dłużej niż wysyłka.", "Odbiór w sklepie trwa krócej niż wysyłka."),
        ("Wpłata BLIK dociera wolniej niż przelew.", "Wpłata BLIK dociera szybciej niż przelew."),
        ("Rata jest wyższa niż 50 zł.", "Rata nie może być niższa niż 50 zł."),
        ("Minimalna kwota doładowania to 20 zł.", "Doładować można najwyżej 20 zł."),
        # a time of day before / after
        ("Zamówienia po godzinie 12 wysyłamy tego samego dnia.",
         "Zamówienia przed 12:00 wysyłamy tego samego dnia."),
        # adding to what the source limits
        ("Zwrot wpłacimy na kartę, a także na wskazane konto.",
         "Zwrot wpłacimy wyłącznie na kartę, którą Pan płacił."),
        ("Rabat obejmuje wszystkie produkty, w tym również outlet.",
         "Rabat obejmuje wszystkie produkty z wyjątkiem outletu."),
        # the source says it one way only, in another clause than the closest one
        ("Po zmianie hasła stara sesja w aplikacji nie jest aktywna.",
         "Zmiana hasła w aplikacji wymaga kodu; stara sesja pozostaje aktywna."),
        ("Od razu można zamówić model w kolorze czerwonym.",
         "Model w kolorze czerwonym jest chwilowo niedostępny."),
    ],
)
def test_reversals_of_the_added_mechanisms(claim: str, source: str) -> None:
    assert polarity_conflict(claim, source) is not None


@pytest.mark.parametrize(
    ("claim", "source"),
    [
        # a concord word before "nie" repeats the verb's negation
        ("Żaden kurier nie może zostawić paczki bez podpisu.",
         "Nikt z kurierów nie może zostawić paczki bez podpisu."),
        ("Wymiana baterii nic Pana nie kosztuje.", "Wymiana baterii jest bezpłatna dla wszystkich zegarków."),
        # "bez" with a pronoun object, and "bez" right after a negated verb (a requirement)
        ("Paragon wystarczy, a bez niego nie przyjmiemy reklamacji.",
         "Reklamacji nie przyjmujemy bez paragonu, ale wystarczy paragon w telefonie."),
        ("Wysyłamy dopiero po zaksięgowaniu wpłaty.", "Nie wysyłamy zamówień bez zaksięgowanej wpłaty."),
        # negated ideas said in other words
        ("Płatność kartą przy odbiorze nie jest dostępna.", "Brak możliwości płatności kartą przy odbiorze."),
        ("Kodu nie wolno odsprzedawać.", "Odsprzedawanie kodu jest zabronione."),
        ("Punkty nie mogą zostać przeniesione na inne konto.", "Punktów nie można przenieść na inne konto."),
        ("Przy odbiorze osobistym nie pobieramy opłaty za pakowanie.",
         "Przy odbiorze osobistym brak opłaty za pakowanie."),
        ("Montażysta nie podłączy pralki, jeśli nie ma zaworu.",
         "Montażysta nie podłącza pralki, jeżeli zawór nie został wcześniej zamontowany."),
        # "nie jest potrzebny do ..." names a purpose; the idea is said both ways in the claim
        ("NIP nie jest potrzebny do rejestracji, trzeba go jednak podać do faktury.",
         "Rejestracja nie wymaga NIP, ale faktura wymaga jego podania."),
        # a prefixed form of the same verb in the clause the claim paraphrases
        ("Rabat liczymy od drugiego zakupu, pierwszego nie doliczamy.",
         "Rabat naliczamy od drugiego zakupu; pierwszego zakupu nie liczymy."),
        # "dopóki ... nie ... albo nie ...": every "nie" of it means "until"
        ("Możemy wstrzymać wypłatę, dopóki towar nie wróci albo nie prześle Pani potwierdzenia.",
         "Wypłatę wstrzymujemy, dopóki towar do nas nie wróci lub nie otrzymamy potwierdzenia nadania."),
        # "wcześniej" without a comparison is "previously"
        ("Jeśli wcześniej zamawiał Pan u nas, zaloguj się.",
         "Klienci, którzy zamawiali później, też mogą się zalogować."),
    ],
)
def test_paraphrases_of_the_added_mechanisms_are_no_conflict(claim: str, source: str) -> None:
    assert polarity_conflict(claim, source) is None
