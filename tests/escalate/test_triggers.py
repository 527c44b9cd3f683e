"""Escalation triggers: Polish phrasing tables per reason code, negation, loops, abstentions, metadata."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from pomocbot.config import EscalationConfig
from pomocbot.conversation.base import Turn
from pomocbot.escalate.triggers import (
    REASON_CODES,
    detect_triggers,
    fold_for_matching,
    order_issue,
    question_overlap,
)

pytestmark = pytest.mark.unit

CONFIG = EscalationConfig()
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def codes(message: str, history: list[Turn] | None = None, **kwargs: object) -> list[str]:
    return [r.code for r in detect_triggers(message, history or [], config=CONFIG, **kwargs)]  # type: ignore[arg-type]


def conversation(*pairs: tuple[str, str, bool]) -> list[Turn]:
    """(customer text, assistant text, abstained) pairs as turns, two minutes apart."""
    turns = []
    for i, (question, answer, abstained) in enumerate(pairs):
        at = T0 + timedelta(minutes=2 * i)
        turns.append(Turn(role="customer", text=question, at=at, metadata={"turn": i}))
        turns.append(Turn(role="assistant", text=answer, at=at + timedelta(seconds=5),
                          metadata={"abstained": abstained, "confidence": 0.0 if abstained else 0.8}))
    return turns


EXPLICIT_REQUESTS = [
    # standard phrasings
    "Chcę rozmawiać z człowiekiem.",
    "Chcę rozmawiać z konsultantem",
    "Chciałbym porozmawiać z pracownikiem sklepu.",
    "Chciałabym porozmawiać z konsultantką",
    "Połącz mnie z konsultantem!",
    "Proszę połączyć mnie z konsultantem",
    "Proszę o kontakt z konsultantem",
    "Przekieruj mnie do konsultanta.",
    "Przekierujcie mnie do pracownika",
    "Przełącz mnie na konsultanta",
    "Poproszę konsultanta",
    "Potrzebuję konsultanta",
    "Potrzebuję rozmowy z człowiekiem",
    "Wolałbym porozmawiać z doradcą",
    "Chcę rozmawiać z przełożonym",
    "Daj kierownika",
    "Jak mogę skontaktować się z konsultantem?",
    "Chcę się skontaktować z działem obsługi klienta",
    # colloquial
    "Daj mi kogoś żywego",
    "dajcie mi człowieka",
    "Dawaj człowieka",
    "Zawołaj kogoś z obsługi",
    "Czy jest tu jakiś człowiek?",
    "jest tam ktoś żywy?",
    "Czy jest ktoś żywy?",
    "Nie chcę gadać z botem",
    "Nie będę rozmawiać z maszyną",
    "Nie chcę pisać z automatem, tylko z człowiekiem",
    "Mam dość tego bota",
    "Wyłącz tego bota",
    "Konsultant proszę!",
    "Człowieka poproszę",
    "Chcę pogadać z kimś z obsługi",
    "Muszę porozmawiać z prawdziwą osobą",
    "Chcę kontaktu z żywym człowiekiem",
    "Nic nie rozumiesz, daj mi człowieka",
    "ty nic nie rozumiesz daj mi konsultanta",
    "Dlaczego nie mogę porozmawiać z konsultantem?",
    "Nie chcę czekać, połączcie mnie z konsultantem",
    # missing diacritics, capitals, stretched letters
    "chce rozmawiac z czlowiekiem",
    "polacz mnie z konsultantem",
    "daj mi kogos zywego",
    "CHCĘ ROZMAWIAĆ Z KONSULTANTEM!!!",
    "czlowiekaaaa poprosze",
    "nie chce gadac z botem",
    # English
    "I want to talk to a human",
]


@pytest.mark.parametrize("message", [
    "get me an agent please",
    "czy jakiś konsultant jest teraz dostępny na czacie?",
    "proszę o kontakt telefoniczny po 16",
    "Nie będę tego tłumaczyć automatowi.",
    "niech ktoś z zespołu to sprawdzi",
    "konsultnat plz",
    "Konsultant już!",
])
def test_explicit_request_widened(message: str) -> None:
    assert "explicit_request" in codes(message)


@pytest.mark.parametrize("message", EXPLICIT_REQUESTS)
def test_explicit_request_recall(message: str) -> None:
    assert "explicit_request" in codes(message)


@pytest.mark.parametrize("message", [
    # negated
    "Nie potrzebuję konsultanta, dzięki.",
    "nie potrzebuje konsultanta",
    "Nie muszę rozmawiać z człowiekiem, wystarczy link.",
    "Bez konsultanta, proszę tylko o numer konta.",
    "Nie chcę rozmawiać z konsultantem, wolę tu.",
    # people mentioned, nothing asked
    "Kurier był bardzo miły.",
    "Ile kosztuje dostawa kurierem?",
    "Czy mogę zapłacić przez operatora płatności PayU?",
    "Jak zwrócić buty?",
    "Dziękuję, pani konsultantka już mi pomogła.",
    "Pan z obsługi był bardzo miły, przekażcie podziękowania.",
    "thanks, no need for an agent",
])
def test_no_explicit_request(message: str) -> None:
    assert "explicit_request" not in codes(message)


@pytest.mark.parametrize("message", [
    "Zgłoszę to do UOKiK!",
    "zglosze sprawe do uokiku",
    "Napiszę do rzecznika praw konsumentów",
    "Skontaktuję się z miejskim rzecznikiem konsumentów",
    "Mój prawnik się tym zajmie",
    "Przekażę sprawę prawnikowi",
    "Oddam sprawę do sądu",
    "oddam sprawe do sadu",
    "Spotkamy się w sądzie",
    "Złożę pozew",
    "Pozwę was",
    "pozwe was wszystkich",
    "Zgłoszę na policję oszustwo",
    "Sprawa trafi na drogę sądową",
    "Mój adwokat wyśle wezwanie do zapłaty",
    "skonsultuje to z prawnikiem",
    "oddaję sprawę do kancelarii",
    "wezwę policję jak nie oddacie kasy",
])
def test_legal_threat(message: str) -> None:
    assert "legal_threat" in codes(message)


@pytest.mark.parametrize("message", [
    "prowadze kancelarie prawnicza i chce kupic ekspres do biura",  # a profession, not a threat
    "moj brat jest adwokatem, jaka karta podarunkowa bedzie dobra?",
    "Czy wysyłacie do kancelarii notarialnej fakturę na firmę?",
    "Jestem prawnikiem, czy mogę dostać fakturę na NIP?",
])
def test_no_legal_threat(message: str) -> None:
    assert "legal_threat" not in codes(message)


@pytest.mark.parametrize("message", [
    "Towar przyszedł uszkodzony.",
    "Paczka dotarła uszkodzona, karton zgnieciony",
    "Czajnik zepsuł się po tygodniu",
    "Buty się rozkleiły, chcę złożyć reklamację",
    "telefon nie dziala od wczoraj",
    "Ekran jest pęknięty",
    "ekran jest pekniety",
    "Produkt niezgodny z opisem",
    "Chcę zwrot pieniędzy, a odmówiliście reklamacji",
    "Reklamacja została odrzucona bezpodstawnie",
    "Odesłałem towar miesiąc temu i nadal nie dostałem zwrotu pieniędzy",
    "dostalem inny model odkurzacza niz zamowilem",
    "Przyszła nie ta kurtka, którą zamawiałam",
    "w komplecie brakuje nóżek od stołu",
    "brak śrub w paczce, nie da się złożyć szafki",
    "złożyłam reklamację 3 tygodnie temu i nikt nie odpowiedział",
    "moja reklamacja od miesiąca jest bez odpowiedzi",
    # the wrong item: what was ordered against what came
    "Zamówiłem buty w rozmiarze 42, a przyszły 44.",
    "Zamówiłam czerwoną sukienkę, a przyszła niebieska",
    "zamowilem 2 sztuki a dostalem jedna",
    "Przyszedł zły rozmiar kurtki.",
    "Dostałam inny kolor niż na zdjęciu",
])
def test_complaint(message: str) -> None:
    assert "complaint" in codes(message)


@pytest.mark.parametrize("message", [
    "Jak złożyć reklamację?",
    "Ile mam czasu na zwrot?",
    "Co zrobić, jeśli paczka będzie uszkodzona?",
    "Ile kosztuje dostawa?",
    "Brakuje mi informacji o rozmiarze, jaki wybrać?",
    "Czy macie ten model w innym kolorze?",
    "Zamówiłem wczoraj, a przyszło już dziś, super!",
    "Zamówiłem rozmiar 42 i pasuje idealnie",
    "Czy mogę zamówić inny rozmiar?",
])
def test_no_complaint(message: str) -> None:
    assert "complaint" not in codes(message)


@pytest.mark.parametrize(("message", "detail"), [
    ("Na podstawie art. 15 RODO proszę o kopię moich danych", "art. 15"),
    ("Jakie dane o mnie przechowujecie?", "art. 15"),
    ("Proszę o dostęp do moich danych osobowych", "art. 15"),
    ("Usuńcie moje dane!", "art. 17"),
    ("usuncie moje dane", "art. 17"),
    ("Żądam usunięcia moich danych zgodnie z art. 17", "art. 17"),
    ("Chcę skorzystać z prawa do bycia zapomnianym", "art. 17"),
    ("Wycofuję zgodę na przetwarzanie danych", "zgody"),
    ("cofam zgode na marketing", "zgody"),
    ("Mam pytanie o RODO", "RODO"),
])
def test_data_protection(message: str, detail: str) -> None:
    reasons = detect_triggers(message, [], config=CONFIG)
    found = [r for r in reasons if r.code == "data_protection"]
    assert found and detail in found[0].detail


def test_no_sensitive_in_look_alikes() -> None:
    for message in ("Czy macie gaśnice na wypadek pożaru?", "parasol na wózku dziecięcym",
                    "chcę zniknąć z waszej listy mailingowej", "słuchawki grają głucho"):
        assert "sensitive" not in codes(message), message


@pytest.mark.parametrize(("message", "urgent"), [
    ("Zmarł mój mąż, chcę zamknąć jego konto", False),
    ("zmarl moj maz", False),
    ("Mama nie żyje, a przychodzą faktury", False),
    ("Jestem w szpitalu i nie mogę odebrać paczki", False),
    ("Mam nowotwór, potrzebuję przesunąć termin", False),
    ("Nie chcę już żyć", True),
    ("chyba się zabiję", True),
    ("Myślę o samobójstwie", True),
    ("zrobię sobie krzywdę", True),
    ("myślę o tym, żeby ze sobą skończyć", True),
    ("jestem po chemii i nie dam rady wnieść paczki", False),
    ("Nie radzę sobie już z niczym", False),
    ("nie mam już siły dalej", True),
    ("Chyba po prostu chcę zniknąć.", True),
    ("wczoraj znowu się tnę, nie wiem po co piszę", True),
    ("świat byłby lepszy beze mnie", True),
    ("Partner mnie bije, proszę nie wysyłać paczek na ten adres", False),
    ("Jestem niedowidząca i nie widzę przycisku", False),
    ("Zalało nam mieszkanie, nie odbiorę teraz kuriera", False),
])
def test_sensitive(message: str, urgent: bool) -> None:
    reasons = [r for r in detect_triggers(message, [], config=CONFIG) if r.code == "sensitive"]
    assert reasons
    assert ("pilne" in reasons[0].detail) is urgent


@pytest.mark.parametrize("message", [
    "Jesteście bandą oszustów",
    "jestescie zlodziejami",
    "Ty debilu",
    "Idioto, odpowiedz normalnie",
    "Ten bot jest kretyński",
    "Pierdol się",
    "spierdalaj",
    "Jebać ten sklep",
    "Znajdę was",
    "k*rwa jesteście idiotami",
    "Jesteś idi0tą",
    "konsultantka [OSOBA_1] to skończona kretynka",
    "ten wasz kurier to zwykły złodziej",
])
def test_abuse(message: str) -> None:
    assert "abuse" in codes(message)


@pytest.mark.parametrize("message", [
    "Kurwa, paczka znowu nie doszła",  # profanity, but not aimed at the staff
    "To jest głupia sytuacja",
    "Dziękuję za pomoc!",
    "To głupie pytanie, ale czy paczkomat jest czynny w nocy?",
])
def test_no_abuse(message: str) -> None:
    assert "abuse" not in codes(message)


def test_repeated_abstention_from_history_and_current() -> None:
    history = conversation(("Gdzie moja paczka?", "Nie wiem.", True))
    assert "repeated_abstention" in codes("A kiedy przyjdzie?", history, abstained=True)
    assert "repeated_abstention" not in codes("A kiedy przyjdzie?", history, abstained=False)
    two = conversation(("Gdzie moja paczka?", "Nie wiem.", True), ("A faktura?", "Nie wiem.", True))
    assert "repeated_abstention" in codes("Dzięki", two)
    broken = conversation(("Gdzie moja paczka?", "Nie wiem.", True), ("Zwrot?", "14 dni [1].", False))
    assert "repeated_abstention" not in codes("Hmm", broken, abstained=True)


def test_loop_same_question_after_answer() -> None:
    history = conversation(("Ile kosztuje dostawa do paczkomatu?", "Dostawa kosztuje 9,99 zł [1].", False),
                           ("Ok, a zwroty?", "Masz 14 dni [2].", False))
    reasons = detect_triggers("ile kosztuje dostawa do paczkomatu???", history, config=CONFIG)
    assert [r.code for r in reasons] == ["loop"]
    assert "paczkomatu" in reasons[0].evidence
    assert "loop" in codes("Pytam jeszcze raz: jak to jest z tym?", history)
    assert "loop" not in codes("Ile kosztuje dostawa kurierem za granicę?", history)
    # an unanswered question repeated is not a loop
    unanswered = [Turn(role="customer", text="Ile kosztuje dostawa do paczkomatu?", at=T0)]
    assert "loop" not in codes("Ile kosztuje dostawa do paczkomatu?", unanswered)


@pytest.mark.parametrize(("customer", "expected"), [
    ({"order_value": 2500}, ["high_value"]),
    ({"order_value": "2 500,00 zł"}, ["high_value"]),
    ({"order_value": 1999.99}, []),
    ({"vip": True}, ["vip"]),
    ({"vip": True, "order_value": 5000}, ["vip", "high_value"]),
    ({"order_value": "dużo"}, []),
    ({}, []),
])
def test_customer_metadata(customer: dict[str, object], expected: list[str]) -> None:
    assert codes("Dzień dobry", customer=customer) == expected


def test_low_confidence_only_when_answered() -> None:
    assert codes("Jak zwrócić?", confidence=0.1, abstained=False) == ["low_confidence"]
    assert codes("Jak zwrócić?", confidence=0.1, abstained=True) == []
    escalating = EscalationConfig(abstention_escalates=True)
    found = detect_triggers("Jak zwrócić?", [], abstained=True, config=escalating)
    assert [r.code for r in found] == ["unanswered"]
    assert codes("Jak zwrócić?", confidence=0.9) == []


@pytest.mark.parametrize("message", ["Dzień dobry, ile kosztuje dostawa?", "Jak zwrócić buty?",
                                     "Dziękuję, to wszystko.", "Czy mogę zapłacić BLIK-iem?"])
def test_calm_messages_have_no_reasons(message: str) -> None:
    assert codes(message) == []


def test_codes_are_known_and_helpers() -> None:
    message = "Zmarł mój mąż, usuńcie jego dane, bo oddam sprawę do sądu. Dajcie konsultanta!"
    found = codes(message, customer={"vip": True})
    assert set(found) <= set(REASON_CODES)
    assert found[0] == "sensitive"
    assert fold_for_matching("KURW@") == "kurwa"
    assert question_overlap("", "cokolwiek") == 0.0


@pytest.mark.parametrize(("message", "issue"), [
    ("płatność ratami za zamówienie została odrzucona, co teraz?", True),
    ("kupiliśmy meble do biura, chcemy przesunąć termin dostawy", True),
    ("zamówienie jest już w realizacji, a chcę dopisać jeszcze jeden produkt", True),
    ("nie widzę w panelu faktury korygującej", True),
    ("lodówka miała być w 5 dni, a mija 7", True),
    ("zamówienie wyjdzie ok. 2600 zł, czy mogę je rozłożyć na raty 0%?", False),
    ("ile tych rat będzie?", False),
    ("Jaki telewizor polecacie do salonu?", False),
])
def test_order_issue(message: str, issue: bool) -> None:
    assert (order_issue(message) is not None) is issue
