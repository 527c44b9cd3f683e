"""Polish rules for what a customer's e-mail carries besides the message: quotes, signature, disclaimer.

We evaluated the maintained reply parsers first (pip, November 2026 versions):
``email-reply-parser`` 0.5.12 knows English "On ... wrote:" only;
``quotequail`` 0.5.4 has English reply and forward headers only; ``talon``
1.4.4 is archived (Mailgun, last release 2018) and needs scikit-learn and
lxml for its machine-learning signature mode; ``mail-parser-reply`` 1.36
has a Polish entry, but it knows only "Dnia ... napisał(a):" of the quote
headers (not Gmail's "W dniu ... napisał(a):", Apple Mail's "Wiadomość
napisana przez ... w dniu ...", or "-----Oryginalna wiadomość-----"), it
splits on a single "Temat:" or "Data:" line in the customer's own text, it
takes any line starting "- " for a signature and drops everything after it
(a customer's list of faulty items), and a Polish pattern can be added only
by changing its module-level ``MAIL_LANGUAGES`` dict (global state shared
by every caller). The rules below are short, cover the clients Polish
customers use (Gmail, Outlook, Apple Mail, Thunderbird, Onet, WP, Interia,
o2) and are tested on Polish mails in ``tests/channels/polish_emails.py``.

Each rule finds where a part **starts**; a quote and a disclaimer run to the
end of the text, a signature to the end of the message part above the quote.

>>> text = "Dzień dobry,\\nczy mogę zwrócić buty?\\n\\nPozdrawiam\\nJan\\n\\n" \\
...        "W dniu 25.11.2026 o 10:15 Sklep <pomoc@modrzew.example> napisał(a):\\n> Dziękujemy za zakup."
>>> strip_extras(text)[0]
'Dzień dobry,\\nczy mogę zwrócić buty?'
"""

from __future__ import annotations

import re

__all__ = ["strip_extras"]

# Quote headers of Polish (and English) mail clients; each matches one logical line (wrapped lines joined).
_QUOTE_HEADERS = [re.compile(p, re.IGNORECASE) for p in (
    r"^\s*W dniu\b.{4,200}?\b(?:napisał\(a\)|napisał|napisała|pisze|napisali)\s*:\s*$",  # Gmail, Thunderbird
    r"^\s*Dnia\b.{4,200}?\b(?:napisał\(a\)|napisał|napisała|pisze|nadesłał)\s*:\s*$",  # WP, Onet, o2
    r"^\s*Wiadomość napisana przez\b.{2,200}?\bw dniu\b.{2,100}?:\s*$",  # Apple Mail
    r"^\s*Użytkownik\b.{2,200}?\b(?:napisał\(a\)|napisał|napisała|pisze)\s*:\s*$",  # Onet, Interia
    r"^\s*On\b.{4,200}?\bwrote\s*:\s*$",
    r"^\s*-{2,}\s*(?:Oryginalna wiadomość|Wiadomość oryginalna|Original Message|Wiadomość przekazana dalej"
    r"|Przekazana wiadomość|Forwarded message)\s*-{2,}\s*$",
)]
_OUTLOOK_LINE = re.compile(r"^\s*_{10,}\s*$")  # Outlook's line above its "Od: / Wysłano:" block
# Outlook, Onet, WP, Interia: a block of header lines; "Od:" and one more of them within five lines.
_FIELD = re.compile(r"^\s*\*?(Od|From|Wysłano|Wysłane|Data|Date|Sent|Do|To|DW|Cc|Temat|Subject)\s*:\*?\s*\S",
                    re.IGNORECASE)
_SENT_FROM = re.compile(
    r"^\s*(?:Wysłano|Wysłane|Wysyłane)\s+(?:z|ze)\s+(?:mojego\s+|mojej\s+)?"
    r"(?:iPhone|iPad|telefonu|smartfona|urządzenia|aplikacji|tabletu|Samsung|Xiaomi|Huawei|Outlook|Poczty|"
    r"systemu|Androida|Galaxy|Onet|WP|Interii|poczty)|^\s*Sent from my\b|^\s*(?:Pobierz|Get) Outlook\b"
    r"|^\s*Wysłane z aplikacji\b", re.IGNORECASE)
_VALEDICTION = re.compile(
    r"^\s*(?:(?:Serdecznie |Gorąco |Dziękuję i |Dziękuję, )?pozdrawiam|Pozdrawiamy|Z poważaniem"
    r"|Z wyrazami szacunku|Z pozdrowieniami|Łączę pozdrowienia|Pozdrowienia|Serdeczności|Pozdr\.?|Pzdr\.?"
    r"|Best regards|Kind regards"
    r"|Regards)\b[\s,.!]*(?:\S.{0,60})?$", re.IGNORECASE)
_SIG_DASHES = re.compile(r"^-- ?$")
_DISCLAIMER = re.compile(
    r"^\s*(?:(?:Ta|Niniejsza|Powyższa) wiadomość|Wiadomość ta|Treść (?:tej|niniejszej) wiadomości|"
    r"Informacje zawarte w (?:tej|niniejszej) wiadomości|Klauzula poufności|Informacja poufna|"
    r"Administratorem (?:Pan[ai]/Pan[ai] |Pana/Pani |Pani/Pana |Twoich )?danych|Zanim wydrukujesz|"
    r"Disclaimer|This (?:e-?mail|message)\b.{0,40}\bconfidential|Uwaga: ta wiadomość)",
    re.IGNORECASE)
_DISCLAIMER_WORDS = re.compile(r"poufn|zastrzeżon|przeznaczon|adresat|administrator|confidential|wydrukujesz",
                               re.IGNORECASE)
_SIGNATURE_MAX_LINES = 8  # after "Pozdrawiam": a name, a phone, a company; more is a message, not a signature


_WRAPPING = ("w dniu", "dnia", "wiadomość napisana", "użytkownik", "on ")


def _logical_lines(lines: list[str], i: int) -> list[str]:
    """Line ``i`` alone and joined with the next one or two: a header wrapped by the client still matches."""
    if not lines[i].strip().lower().startswith(_WRAPPING):
        return [lines[i]]
    return [" ".join(x.strip() for x in lines[i:i + n]) for n in (1, 2, 3) if i + n <= len(lines)]


def _header_block(lines: list[str], start: int) -> bool:
    first = _FIELD.match(lines[start]) if start < len(lines) else None
    if not first or first.group(1).lower() not in ("od", "from"):
        return False
    fields = {m.group(1).lower() for line in lines[start:start + 6] if (m := _FIELD.match(line))}
    return len(fields) >= 2


def _quote_start(lines: list[str]) -> int | None:
    for i in range(len(lines)):
        if any(pattern.match(line) for line in _logical_lines(lines, i) for pattern in _QUOTE_HEADERS):
            return i
        if _OUTLOOK_LINE.match(lines[i]) and _header_block(lines, i + 1):
            return i
        if i > 0 and _header_block(lines, i):
            return i
    return None


def strip_extras(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The customer's own text, and the parts removed as ``(kind, text)``.

    ``kind`` is ``quote`` (an earlier message and its header, or "> " lines),
    ``signature`` (valediction, name, contact lines, "-- " blocks),
    ``sent_from`` ("Wysłano z iPhone'a") or ``disclaimer`` (confidentiality
    and data-protection notices).
    """
    lines = text.split("\n")
    removed: list[tuple[str, str]] = []
    start = _quote_start(lines)
    if start is not None:
        removed.append(("quote", "\n".join(lines[start:]).strip()))
        lines = lines[:start]
    quoted = [line for line in lines if line.lstrip().startswith(">")]
    if quoted:
        removed.append(("quote", "\n".join(quoted)))
        lines = [line for line in lines if not line.lstrip().startswith(">")]
    for i, line in enumerate(lines):
        if _DISCLAIMER.match(line) and _DISCLAIMER_WORDS.search(" ".join(lines[i:i + 3])):
            removed.append(("disclaimer", "\n".join(lines[i:]).strip()))
            lines = lines[:i]
            break
    for i, line in enumerate(lines):
        if _SENT_FROM.match(line):
            removed.append(("sent_from", line.strip()))
            lines = lines[:i] + lines[i + 1:]
            break
    for i, line in enumerate(lines):
        rest = [x for x in lines[i + 1:] if x.strip()]
        short_tail = len(rest) <= _SIGNATURE_MAX_LINES and all(len(x) <= 80 for x in rest)
        if _SIG_DASHES.match(line) or (i > 0 and _VALEDICTION.match(line) and short_tail):
            removed.append(("signature", "\n".join(lines[i:]).strip()))
            lines = lines[:i]
            break
    kept = "\n".join(lines)
    kept = re.sub(r"\n{3,}", "\n\n", kept).strip()
    return kept, [(kind, part) for kind, part in removed if part]
