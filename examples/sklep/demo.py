"""Demo: answer customer questions from the example shop's knowledge base.

Run with ``make demo`` (indexes ``examples/sklep/kb`` first) or
``python examples/sklep/demo.py INDEX_DIR``. Each reply shows the text the
customer would see, its citations and the confidence; the last question has
no answer in the base, so the assistant abstains instead of guessing. The
last conversation is a customer whose parcel arrived damaged and who gets
angry: the assistant hands over to a person with a redacted handoff summary. Then a logged-in customer
asks where their order is (the shop's order system answers through an action) and gets the answer by SMS.
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from rich.console import Console
from rich.panel import Panel

from pomocbot import Assistant

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root: examples.sklep.orders
from examples.sklep.orders import demo_actions

# (conversation id, message): the second message of "c-dostawa" is a follow-up.
CONVERSATIONS = [
    ("c-dostawa", "ile kosztuje wysylka kurierem?"),
    ("c-dostawa", "a do paczkomatu?"),
    ("c-zwrot", "Dzień dobry, chcę oddać buty, ile mam na to czasu?"),
    ("c-reklamacja", "reklamacja - jak dlugo czekam na odpowiedz??"),
    ("c-blik", "czy moge zaplacic blikiem"),
    ("c-faktura", "Jak pobrać fakturę VAT na firmę?"),
    ("c-haslo", "zapomniałam hasła do konta, co teraz"),
    ("c-odkurzacz", "Jaką moc ssania ma odkurzacz bezworkowy za 599 zł?"),
]
# An escalating conversation: personal data, a damaged parcel, anger. Wednesday 10:00 in Warsaw.
ESCALATING = ("c-pralka", [
    "Dzień dobry, tu Anna Kowalska, tel. 601 234 567. Pralka przyszła z pękniętą obudową.",
    "TRZECI RAZ PISZĘ!!! Chcę rozmawiać z człowiekiem, a nie z botem.",
])
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)


def main(index_dir: str) -> None:
    console = Console()
    assistant = Assistant.load(index_dir)
    console.print(f"[bold]{assistant!r}[/bold]")
    for conversation_id, message in CONVERSATIONS:
        reply = assistant.reply(message, conversation_id=conversation_id)
        console.print(f"\n[bold]Klient ({conversation_id}):[/bold] {message}")
        title = f"pewność {reply.confidence:.2f}" + (" — bez odpowiedzi, do konsultanta"
                                                      if reply.abstained else "")
        console.print(Panel(reply.text, title=title, border_style="yellow" if reply.abstained else "green"))
        for citation in reply.citations:
            console.print(f"  [{citation.number}] {citation.title} ({citation.doc_id})", highlight=False)
    conversation_id, messages = ESCALATING
    for message in messages:
        reply = assistant.reply(message, conversation_id=conversation_id, now=NOW)
        console.print(f"\n[bold]Klient ({conversation_id}):[/bold] {message}")
        decision = reply.escalation
        title = (f"frustracja {reply.frustration.score:.2f} ({reply.frustration.level.label})"
                 if reply.frustration else "")
        if decision and decision.escalate:
            title += f" — do konsultanta: {decision.priority}, kolejka {decision.queue}"
        console.print(Panel(reply.text, title=title, border_style="red" if decision and decision.escalate
                            else "green"))
    if decision and decision.handoff:
        reasons = ", ".join(r.code for r in decision.reasons)
        console.print(Panel(decision.handoff.text, title=f"Podsumowanie dla konsultanta ({reasons})",
                            border_style="blue"))
    # Live data through the shop's order system; the backend passes who is logged in.
    for action in demo_actions():
        assistant.actions.add(action)
    for message, channel in [("Kiedy dostanę zamówienie?", "chat"), ("ZM-2026-001201", "chat"),
                             ("A co z zamówieniem ZM-2026-001211?", "sms")]:
        reply = assistant.reply(message, conversation_id="c-paczka", customer={"id": "K-001"}, now=NOW,
                                channel=channel)
        console.print(f"\n[bold]Klient K-001 (c-paczka, {channel}):[/bold] {message}")
        ran = ", ".join(f"{a.name}: {'ok' if a.ok else a.error}" for a in reply.actions) or "bez akcji"
        console.print(Panel(reply.text, title=ran, border_style="green"))
    for conversation_id in [*dict(CONVERSATIONS), ESCALATING[0], "c-paczka"]:
        assistant.forget(conversation_id)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build/demo-index")
