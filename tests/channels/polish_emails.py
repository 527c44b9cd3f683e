"""Polish customer e-mails for clean_email: (name, raw mail, words that must stay, words that must go, "
  "kinds cut).

All names, addresses and numbers are made up. Raw mails are text bodies,
whole RFC 5322 messages, or bytes built with the stdlib for MIME cases.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

ASK = "Dzień dobry,\nzamówiłam pralkę (zamówienie 260501-1234) i przyszła z pękniętą obudową. Co mam zrobić?"
OLD = "Dziękujemy za zakupy w sklepie Modrzew. Paczka została wysłana."


def _mime_bytes(plain: str | None, html: str | None = None, *, charset: str = "utf-8",
                transfer: str | None = None, subject: str = "Reklamacja pralki") -> bytes:
    message = EmailMessage()
    message["From"] = "Zofia Testowa <zofia.testowa@example.com>"
    message["To"] = "pomoc@modrzew.example"
    message["Subject"] = subject
    if plain is not None:
        message.set_content(plain, charset=charset, cte=transfer)
    if html is not None:
        if plain is None:
            message.set_content(html, subtype="html", charset=charset, cte=transfer)
        else:
            message.add_alternative(html, subtype="html", charset=charset, cte=transfer)
    return message.as_bytes()


def _wrong_charset(text: str, actual: str, declared: str) -> bytes:
    head = (f"From: zofia.testowa@example.com\r\nSubject: Zwrot\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: text/plain; charset={declared}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
    return head.encode("ascii") + text.encode(actual)


def _with_attachment() -> bytes:
    outer = MIMEMultipart()
    outer["Subject"] = "Faktura do zwrotu"
    outer["From"] = "piotr.przykladowy@example.com"
    body = "Proszę o korektę faktury, w załączniku skan.\n\nPozdrawiam\nPiotr"
    outer.attach(MIMEText(body, "plain", "utf-8"))
    pdf = MIMEText("%PDF-1.4 fikcyjny", "plain", "utf-8")
    pdf.replace_header("Content-Type", "application/pdf")
    pdf.add_header("Content-Disposition", "attachment", filename="skan.pdf")
    outer.attach(pdf)
    return outer.as_bytes()


# (name, raw, must stay, must go, kinds removed)
CASES: list[tuple[str, str | bytes, list[str], list[str], set[str]]] = [
    # --- quote headers of Polish clients
    ("gmail_w_dniu", f"{ASK}\n\nW dniu 25.11.2026 o 10:15 Sklep Modrzew <pomoc@modrzew.example> napisał(a):\n"
     f"> {OLD}\n", ["pękniętą obudową"], ["Dziękujemy za zakupy"], {"quote"}),
    ("gmail_w_dniu_wrapped", f"{ASK}\n\nW dniu śr., 25 lis 2026 o 10:15 Sklep Modrzew "
                             f"<pomoc@modrzew.example>\n"
     f"napisał(a):\n\n> {OLD}", ["Co mam zrobić?"], ["Sklep Modrzew <", "Dziękujemy"], {"quote"}),
    ("thunderbird_dnia", f"{ASK}\n\nDnia 25.11.2026 o 10:15, Jan Kowalski pisze:\n> {OLD}",
     ["pralkę"], ["pisze:", "Dziękujemy"], {"quote"}),
    ("wp_dnia_napisal", f"{ASK}\n\nDnia 25 listopada 2026 10:15 Biuro Obsługi <pomoc@modrzew.example> "
     f"napisał(a):\n{OLD}", ["pralkę"], ["Biuro Obsługi", "Dziękujemy"], {"quote"}),
    ("apple_mail", f"{ASK}\n\nWiadomość napisana przez Sklep Modrzew <pomoc@modrzew.example> w dniu "
     f"25.11.2026, o godz. 10:15:\n\n{OLD}", ["pralkę"], ["Wiadomość napisana", "Dziękujemy"], {"quote"}),
    ("outlook_oryginalna", f"{ASK}\n\n-----Oryginalna wiadomość-----\nOd: Sklep Modrzew "
     f"<pomoc@modrzew.example>\nWysłano: środa, 25 listopada 2026 10:15\nDo: Zofia Testowa\nTemat: "
     f"Zamówienie\n\n"
     f"{OLD}", ["pralkę"], ["Oryginalna", "Dziękujemy"], {"quote"}),
    ("outlook_block", f"{ASK}\n\n________________________________\nOd: Sklep Modrzew "
                      f"<pomoc@modrzew.example>\n"
     f"Wysłane: środa, 25 listopada 2026 10:15\nDo: zofia.testowa@example.com\nTemat: RE: "
     f"Zamówienie\n\n{OLD}",
     ["pralkę"], ["Wysłane:", "Dziękujemy"], {"quote"}),
    ("outlook_block_no_line", f"{ASK}\n\nOd: Sklep Modrzew <pomoc@modrzew.example>\nData: 25.11.2026 10:15\n"
     f"Do: zofia.testowa@example.com\nTemat: Zamówienie\n\n{OLD}", ["pralkę"], ["Dziękujemy"], {"quote"}),
    ("onet_uzytkownik", f"{ASK}\n\nUżytkownik Sklep Modrzew <pomoc@modrzew.example> napisał:\n> {OLD}",
     ["pralkę"], ["Użytkownik", "Dziękujemy"], {"quote"}),
    ("interia_forward", f"Przesyłam dalej, bo nikt nie odpisał.\n\n----- Wiadomość przekazana dalej -----\n"
     f"Od: zofia.testowa@example.com\nDo: pomoc@modrzew.example\n\n{ASK}", ["Przesyłam dalej"],
     ["pękniętą"], {"quote"}),
    ("english_on_wrote", f"{ASK}\n\nOn Wed, 25 Nov 2026 at 10:15, Modrzew <pomoc@modrzew.example> "
                         f"wrote:\n> {OLD}",
     ["pralkę"], ["wrote:", "Dziękujemy"], {"quote"}),
    ("quoted_lines_only", f"{ASK}\n\n> {OLD}\n> Zespół Modrzew", ["pralkę"], ["Dziękujemy"], {"quote"}),
    ("nested_quotes", f"Nadal czekam na odpowiedź!\n\nW dniu 26.11.2026 o 09:00 Zofia Testowa "
     f"<zofia.testowa@example.com> napisał(a):\n> {ASK}\n>\n> W dniu 25.11.2026 o 10:15 Sklep "
     f"napisał(a):\n>> {OLD}",
     ["Nadal czekam"], ["pękniętą", "Dziękujemy"], {"quote"}),
    # --- signatures
    ("pozdrawiam_name", f"{ASK}\n\nPozdrawiam\nZofia Testowa\ntel. 600 100 200", ["pralkę"],
     ["Zofia Testowa", "600 100 200"], {"signature"}),
    ("z_powazaniem", f"{ASK}\n\nZ poważaniem,\nMarek Fikcyjny\nFikcja Sp. z o.o.\nul. Zmyślona 1, 00-001 "
                     f"Warszawa",
     ["pralkę"], ["Marek Fikcyjny", "Zmyślona"], {"signature"}),
    ("pozdrawiam_inline_name", f"{ASK}\n\nPozdrawiam, Zofia", ["pralkę"], ["Pozdrawiam, Zofia"],
     {"signature"}),
    ("serdecznie", f"{ASK}\n\nSerdecznie pozdrawiam\nZ.", ["pralkę"], ["Serdecznie"], {"signature"}),
    ("pzdr", "kiedy wyslecie paczke?? czekam 5 dni\npzdr\nKuba", ["czekam 5 dni"], ["Kuba"], {"signature"}),
    ("dash_dash", f"{ASK}\n\n-- \nZofia Testowa\nwww.example.com", ["pralkę"], ["www.example.com"],
     {"signature"}),
    ("dziekuje_i_pozdrawiam", f"{ASK}\n\nDziękuję i pozdrawiam\nZofia", ["pralkę"], ["Zofia"], {"signature"}),
    ("signature_then_quote", f"{ASK}\n\nPozdrawiam\nZofia\n\nW dniu 25.11.2026 o 10:15 Sklep Modrzew "
     f"<pomoc@modrzew.example> napisał(a):\n> {OLD}", ["pralkę"], ["Zofia", "Dziękujemy"],
     {"signature", "quote"}),
    # --- sent from
    ("wyslano_z_iphonea", f"{ASK}\n\nWysłano z iPhone'a", ["pralkę"], ["iPhone"], {"sent_from"}),
    ("wyslane_z_telefonu", f"{ASK}\n\nWysłane z mojego telefonu Galaxy", ["pralkę"], ["Galaxy"],
     {"sent_from"}),
    ("outlook_android", f"{ASK}\n\nPobierz Outlook dla systemu Android", ["pralkę"], ["Outlook"],
     {"sent_from"}),
    # --- disclaimers
    ("poufna", f"{ASK}\n\nTa wiadomość jest poufna i przeznaczona wyłącznie dla adresata. Jeśli otrzymali "
     "Państwo ją omyłkowo, prosimy o jej usunięcie.", ["pralkę"], ["poufna"], {"disclaimer"}),
    ("rodo_clause", f"{ASK}\n\nZ poważaniem\nMarek Fikcyjny\n\nAdministratorem Pani/Pana danych "
                    f"osobowych jest "
     "Fikcja Sp. z o.o. Dane przetwarzamy w celu obsługi korespondencji.", ["pralkę"],
     ["Administratorem", "Marek"], {"disclaimer", "signature"}),
    ("niniejsza", f"{ASK}\n\nNiniejsza wiadomość może zawierać informacje zastrzeżone. Zanim wydrukujesz, "
     "pomyśl o środowisku.", ["pralkę"], ["zastrzeżone"], {"disclaimer"}),
    # --- the customer's own text is not a signature or a quote
    ("hyphen_list_kept", "Dzień dobry,\nw paczce brakowało:\n- pokrywki\n- instrukcji\n- pilota\nProszę o "
     "dosłanie.", ["- pokrywki", "- pilota", "dosłanie"], [], set()),
    ("temat_in_text", "Temat: zwrot butów. Chcę zwrócić buty kupione 20.11.2026, jak to zrobić?",
     ["Temat: zwrot butów", "jak to zrobić"], [], set()),
    ("pozdrawiam_mid_text", "Pozdrawiam serdecznie cały zespół!\nMam pytanie o raty: czy mogę spłacić "
     "wcześniej?\nCzy to kosztuje coś więcej?\nI ile trwa decyzja?\nA jeśli rata nie wejdzie na czas?\n"
     "Jakie są odsetki?\nCzy jest prowizja?\nCzy mogę zmienić dzień spłaty?\nI jeszcze jedno pytanie.\n"
     "Dziękuję.", ["spłacić", "odsetki"], [], set()),
    # --- MIME
    ("html_only_gmail", _mime_bytes(None, f"<html><body><div dir='ltr'><p>Dzień dobry,</p><p>pralka przyszła "
     f"<b>uszkodzona</b>.<br>Co dalej?</p></div><div class='gmail_quote'><div>W dniu 25.11.2026 Sklep "
     f"napisał(a):</div><blockquote>{OLD}</blockquote></div></body></html>"),
     ["uszkodzona", "Co dalej?"], ["Dziękujemy", "<b>"], set()),
    ("html_only_outlook", _mime_bytes(None, "<html><body><p>Proszę o fakturę na firmę.</p><div "
                                            "id='appendonsend'>"
     f"</div><hr><div id='divRplyFwdMsg'><b>Od:</b> Sklep</div><div>{OLD}</div></body></html>"),
     ["fakturę na firmę"], ["Dziękujemy"], set()),
    ("alternative_prefers_plain", _mime_bytes("Czy BLIK działa?", "<p>Czy <i>BLIK</i> działa?</p>"),
     ["Czy BLIK działa?"], ["<i>"], set()),
    ("base64_part", _mime_bytes(f"{ASK}\n\nWysłano z iPhone'a", transfer="base64"), ["pękniętą obudową"],
     ["iPhone"], {"sent_from"}),
    ("quoted_printable_part", _mime_bytes(f"{ASK}\n\nPozdrawiam\nZofia", transfer="quoted-printable"),
     ["pękniętą obudową"], ["Zofia"], {"signature"}),
    ("iso_8859_2_declared", _mime_bytes("Zażółć gęślą jaźń: zwrot butów", charset="iso-8859-2"),
     ["Zażółć gęślą jaźń"], [], set()),
    ("cp1250_declared_latin1", _wrong_charset("Proszę o zwrot pieniędzy za łóżko.", "cp1250", "iso-8859-1"),
     ["Proszę o zwrot pieniędzy za łóżko."], [], set()),
    ("utf8_declared_latin2", _wrong_charset("Proszę o zwrot pieniędzy za łóżko.", "utf-8", "iso-8859-2"),
     ["Proszę o zwrot pieniędzy za łóżko."], [], set()),
    ("cp1250_declared_utf8", _wrong_charset("Gdzie jest moja przesyłka? Czekam już tydzień.", "cp1250",
                                             "utf-8"),
     ["Gdzie jest moja przesyłka? Czekam już tydzień."], [], set()),
    ("unknown_charset", _wrong_charset("Dziękuję za szybką odpowiedź.", "utf-8", "x-nieznany"),
     ["Dziękuję za szybką odpowiedź."], [], set()),
    ("attachment_ignored", _with_attachment(), ["korektę faktury"], ["%PDF", "Piotr"], {"signature"}),
]

# Mails whose reading must report a problem, and a word of it.
PROBLEMS = {
    "html_only_gmail": "HTML only",
    "html_only_outlook": "HTML only",
    "cp1250_declared_latin1": "read as cp1250",
    "utf8_declared_latin2": "read as utf-8",
    "cp1250_declared_utf8": "read as cp1250",
    "unknown_charset": "unknown charset",
    "attachment_ignored": "non-text part",
}
