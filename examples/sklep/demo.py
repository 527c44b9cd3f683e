"""Demo: answer customer questions from the example shop's knowledge base.

Run with ``make demo`` (indexes ``examples/sklep/kb`` first) or
``python examples/sklep/demo.py INDEX_DIR``. Each reply shows the text the
customer would see, its citations and the confidence; the last question has
no answer in the base, so the assistant abstains instead of guessing.
"""

from __future__ import annotations

import sys

from rich.console import Console
from rich.panel import Panel

from pomocbot import Assistant

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


def main(index_dir: str) -> None:
    console = Console()
    assistant = Assistant.load(index_dir)
    console.print(f"[bold]{assistant!r}[/bold]")
    for conversation_id, message in CONVERSATIONS:
        reply = assistant.reply(message, conversation_id=conversation_id)
        console.print(f"\n[bold]Klient ({conversation_id}):[/bold] {message}")
        title = f"pewność {reply.confidence:.2f}" + (" — bez odpowiedzi, do konsultanta" if reply.abstained else "")
        console.print(Panel(reply.text, title=title, border_style="yellow" if reply.abstained else "green"))
        for citation in reply.citations:
            console.print(f"  [{citation.number}] {citation.title} ({citation.doc_id})", highlight=False)
    for conversation_id in dict(CONVERSATIONS):
        assistant.forget(conversation_id)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build/demo-index")
