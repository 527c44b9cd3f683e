"""render() per channel, on shop-like replies composed the way pomocbot composes them."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from pomocbot.channels import Channel, channel_of, render, segments
from pomocbot.channels.parts import split_reply
from pomocbot.config import EscalationConfig, PersonaConfig
from pomocbot.drafting.persona import Persona
from pomocbot.errors import UnknownChannelError
from pomocbot.escalate.policy import decide
from pomocbot.types import Citation, EscalationReason

pytestmark = pytest.mark.unit

# Answer bodies like the example shop's (written for these tests, with every kind of value in them).
BODIES = [
    "Dostawa do Paczkomatu InPost kosztuje 11,99 zł, a przy zamówieniach od 199 zł jest darmowa [1].",
    "Na zwrot ma Pan/Pani 14 dni od odbioru paczki [1]. Formularz znajdzie Pan/Pani w „Moje zamówienia” → "
    "„Zwróć” [1]. Etykietę do Paczkomatu wygenerujemy bezpłatnie [2].",
    "Reklamację może Pan/Pani wysłać na adres reklamacje@modrzew.example [1]. Proszę podać w wiadomości: "
    "- numer zamówienia (np. 260501-1234), - nazwę produktu i opis wady, - swoje żądanie [1]. Odpowiemy w "
    "ciągu 14 dni, najpóźniej do 25.11.2026 r. [1].",
    "Infolinia 61 000 00 00 działa pn–pt 8:00–20:00, sob 9:00–15:00 [1]. W święta, np. 2 i 3 maja, jest "
    "nieczynna [1]. Połączenie kosztuje jak zwykłe połączenie według taryfy operatora [1].",
    "Raty 0% na 10 miesięcy są dostępne od 300 zł do 20 000 zł [1]. Decyzję dostaje Pan/Pani zwykle w 2–3 "
    "minuty, a pierwsza rata jest płatna po 30 dniach [1]. Wniosek składa się online, bez wychodzenia z "
    "domu, a umowę podpisuje kodem z SMS-a [1].",
    "Maksymalny wymiar paczki to ok. 41 × 38 × 64 cm i waga do 25 kg [1]. Paczkę odbierze Pan/Pani w ciągu "
    "48 godzin od SMS-a [1]. Za każdy 1 zł dostaje Pan/Pani 1 punkt, a 100 punktów to 5 zł rabatu [2].",
    "Zamówienia opłacone do godz. 13:00 wysyłamy tego samego dnia [1]. Zamówienie opłacone w piątek "
    "1.05.2026 wyślemy w poniedziałek 4.05.2026 [1]. Paczka dociera w ciągu 1–2 dni roboczych [1].",
    "Kod ważny jest przez 14 dni, a 6-cyfrowy kod BLIK tylko 2 minuty [1]. Przelewy24 obsługują "
    "praktycznie wszystkie banki w Polsce, np. PKO BP, mBank, ING, Santander, Pekao czy Millennium, a także "
    "banki spółdzielcze [1]. Jeśli Pana/Pani banku nie ma na liście, proszę wybrać BLIK, kartę albo "
    "tradycyjny przelew, a zamówienie będzie czekało na wpłatę 5 dni roboczych od dnia zamówienia [1].",
    "Administratorem danych jest Modrzew sp. z o.o., ul. Składowa 12, 61-001 Poznań, www.modrzew.example "
    "[1]. "
    "Wnioski RODO (art. 15 RODO) przyjmujemy na iod@modrzew.example i odpowiadamy w ciągu miesiąca [1].",
    "Niestety nie znalazłem tej informacji w naszej bazie wiedzy i nie chcę zgadywać. Może Pan/Pani "
    "zapytać inaczej albo poprosić o rozmowę z konsultantem.",
]
CITATIONS = [
    Citation(number=1, doc_id="dostawa/paczkomat", chunk_id="dostawa/paczkomat#0",
             title="Dostawa do Paczkomatu",
             quote="...", source="https://modrzew.example/pomoc/paczkomat"),
    Citation(number=2, doc_id="klub/punkty", chunk_id="klub/punkty#1", title="Punkty Klubu Modrzew",
             quote="...", source="examples/sklep/kb/klub/punkty.md"),
]
NOW = datetime(2026, 11, 7, 16, 0)  # Saturday afternoon: the "outside hours" handover message


def _handover(register: str = "pan", *, upset: bool = False) -> str:
    reasons = [EscalationReason(code="explicit_request")]
    decision = decide(reasons, None, config=EscalationConfig(), persona=PersonaConfig(register=register),
                      now=NOW, queue_hint="dostawa")
    message = decision.customer_message
    if upset:
        message = "Przepraszam za kłopot i rozumiem Pana/Pani zdenerwowanie. " + message
    return message


def _replies() -> list[str]:
    """Every body composed as chat replies: first and later turn, plain, handed over, other registers."""
    out = []
    for register in ("pan", "ty", "panstwo"):
        persona = Persona(PersonaConfig(register=register, company_name="Modrzew"))
        for body in BODIES:
            out.append(persona.compose(body, first_turn=True))
            out.append(persona.compose(body, first_turn=False))
            out.append(persona.compose(body + "\n" + _handover(register), first_turn=True, sign_off=False))
        out.append(persona.compose(BODIES[2] + "\n" + _handover(register, upset=True), first_turn=True,
                                   sign_off=False))
    return out


REPLIES = _replies()


def test_channel_names():
    assert [c.value for c in Channel] == ["chat", "email", "sms", "messenger", "whatsapp", "voice"]
    assert channel_of("SMS") is Channel.SMS
    for bad in ("fax", "", None, 3):
        with pytest.raises(UnknownChannelError, match="allowed: chat, email, sms"):
            channel_of(bad)  # type: ignore[arg-type]
    with pytest.raises(UnknownChannelError):
        render("x", "telegram")


def test_chat_is_unchanged():
    assert render(REPLIES[0], Channel.CHAT, citations=CITATIONS) == REPLIES[0]


# --- SMS
@pytest.mark.parametrize("reply", REPLIES)
def test_sms_fits_three_segments_and_has_no_markup(reply):
    sms = render(reply, Channel.SMS, citations=CITATIONS)
    assert 1 <= segments(sms) <= 3
    assert not re.search(r"\[\d+\]|[ąćęłńóśźż„”–—→]", sms)
    assert "Dzień dobry" not in sms and "automatycznym asystentem" not in sms and "Cześć" not in sms
    assert "Czy mogę jeszcze" not in sms
    first = split_reply(reply).body[0]
    assert sms.split()[0] in render(first, Channel.SMS)  # the answer's first sentence leads


def test_sms_prefers_one_segment_and_keeps_the_handover():
    reply = REPLIES[2 * 3 + 2]  # BODIES[2] (three long sentences) handed over
    sms = render(reply, Channel.SMS)
    assert "Przekazuje rozmowe konsultantowi" in sms
    assert sms.startswith("Reklamacje moze Pan/Pani wyslac")
    assert segments(sms) <= 3


def test_sms_never_cuts_mid_word():
    long_sentence = "Zwrot " + " ".join(["bardzo długiego zdania bez kropki"] * 40) + "."
    sms = render(long_sentence, Channel.SMS)
    assert segments(sms) <= 3 and sms.endswith("...")
    assert sms[:-3].split()[-1] in long_sentence.translate(str.maketrans("ąćęłńóśźż", "acelnoszz"))


@pytest.mark.parametrize(("text", "count"), [
    ("a" * 160, 1), ("a" * 161, 2), ("a" * 306, 2), ("a" * 307, 3),
    ("ą" * 70, 1), ("ą" * 71, 2), ("€" * 80, 1), ("€" * 81, 2),  # € takes two septets
])
def test_segments(text, count):
    assert segments(text) == count


# --- voice
@pytest.mark.parametrize("reply", REPLIES)
def test_voice_has_no_digits_markers_or_symbols(reply):
    spoken = render(reply, Channel.VOICE, citations=CITATIONS)
    assert not re.search(r"\d", spoken), spoken
    assert not re.search(r"[\[\]→/„”%×@()–—]", spoken), spoken


@pytest.mark.parametrize(("written", "spoken"), [
    ("Kosztuje 19,99 zł.", "Kosztuje dziewiętnaście złotych dziewięćdziesiąt dziewięć groszy."),
    ("Kosztuje 1 zł.", "Kosztuje jeden złoty."),
    ("Kosztuje 2 zł.", "Kosztuje dwa złote."),
    ("Kosztuje 5,01 zł.", "Kosztuje pięć złotych jeden grosz."),
    ("Kosztuje 22,02 zł.", "Kosztuje dwadzieścia dwa złote dwa grosze."),
    ("Darmowa od 199 zł.", "Darmowa od stu dziewięćdziesięciu dziewięciu złotych."),
    ("Masz 14 dni.", "Masz czternaście dni."),
    ("W ciągu 14 dni.", "W ciągu czternastu dni."),
    ("Otwarte od 8:00.", "Otwarte od ósmej."),
    ("Przyjedziemy o 8.00.", "Przyjedziemy o ósmej."),
    ("Przed 9:30 proszę dzwonić.", "Przed dziewiątą trzydzieści proszę dzwonić."),
    ("Infolinia: 8:00–20:00.", "Infolinia: od ósmej do dwudziestej."),
    ("Sylwester: 31.12.2026.", "Sylwester: trzydziesty pierwszy grudnia dwa tysiące dwudziestego "
                               "szóstego roku."),
    ("Odpowiemy do 25 listopada.", "Odpowiemy do dwudziestego piątego listopada."),
    ("Wysłane 25.11.2026 r. rano.", "Wysłane dwudziestego piątego listopada dwa tysiące dwudziestego "
                                    "szóstego "
                                    "roku rano."),
    ("Nieczynne 2 i 3 maja.", "Nieczynne drugiego i trzeciego maja."),
    ("Dzwoń: 601 234 567.", "Dzwoń: sześć zero jeden, dwa trzy cztery, pięć sześć siedem."),
    ("Pisz na reklamacje@modrzew.example.", "Pisz na reklamacje małpa modrzew kropka example."),
    ("Rabat 10%.", "Rabat dziesięć procent."),
    ("Trwa 2 godziny.", "Trwa dwie godziny."),
    ("Trwa 3–5 dni.", "Trwa od trzech do pięciu dni."),
    ("Kod jest 6-cyfrowy.", "Kod jest sześciocyfrowy."),
    ("Zamówienie nr 260501-1234.", "Zamówienie numer dwa sześć zero pięć zero jeden, tysiąc dwieście "
                                   "trzydzieści cztery."),
    ("Pan/Pani wysłał(a) paczkę [1].", "Pan lub Pani wysłał lub wysłała paczkę."),
])
def test_voice_spoken_forms(written, spoken):
    assert render(written, Channel.VOICE) == spoken


# --- e-mail
def test_email_layout_and_sources():
    persona = PersonaConfig(company_name="Modrzew", bot_name="Ola")
    body = "Zwrot jest bezpłatny [2]. Punkty wracają na konto [1]."
    reply = Persona(persona).compose(body, first_turn=True)
    mail = render(reply, Channel.EMAIL, citations=CITATIONS, persona=persona)
    paragraphs = mail.split("\n\n")
    assert paragraphs[0] == "Dzień dobry,"
    assert "Zwrot jest bezpłatny [1]. Punkty wracają na konto [2]." in paragraphs  # renumbered by first use
    assert paragraphs[-2] == "Z poważaniem\nOla\nautomatyczny asystent sklepu Modrzew"
    assert paragraphs[-1] == ("Źródła:\n[1] Punkty Klubu Modrzew\n"
                              "[2] Dostawa do Paczkomatu — https://modrzew.example/pomoc/paczkomat")


@pytest.mark.parametrize(("register", "salutation"), [("pan", "Dzień dobry,"), ("ty", "Cześć,"),
                                                      ("panstwo", "Szanowni Państwo,")])
def test_email_salutation_follows_register(register, salutation):
    persona = PersonaConfig(register=register)
    mail = render(Persona(persona).compose("Tak [1].", first_turn=True), "email", persona=persona)
    assert mail.startswith(salutation + "\n\n")


def test_email_inline_list_gets_lines_and_handover_is_kept():
    mail = render(REPLIES[2 * 3 + 2], Channel.EMAIL, citations=CITATIONS[:1])
    assert "\n- nazwę produktu i opis wady\n" in mail
    assert "Przekazuję rozmowę konsultantowi" in mail
    assert "Czy mogę jeszcze" not in mail


# --- Messenger / WhatsApp
@pytest.mark.parametrize("channel", [Channel.MESSENGER, Channel.WHATSAPP])
@pytest.mark.parametrize("reply", REPLIES[:12])
def test_chat_apps_are_short_and_plain(channel, reply):
    text = render(reply, channel, citations=CITATIONS)
    assert not re.search(r"\[\d+\]|\*\*|^#", text)
    paragraphs = text.split("\n\n")
    assert len(paragraphs) <= 3
    assert text.endswith("Źródła: Dostawa do Paczkomatu; Punkty Klubu Modrzew")


def test_chat_app_drops_markdown():
    text = render("## Zwroty\n**Zwrot** jest bezpłatny [1].\n| a | b |\n|---|---|", "messenger")
    assert text == "Zwroty Zwrot jest bezpłatny."
