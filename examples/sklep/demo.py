"""Demo: answer a few customer questions from the example shop's knowledge base.

Run with ``make demo`` (indexes ``examples/sklep/kb`` first) or
``python examples/sklep/demo.py INDEX_DIR``.
"""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table

from pomocbot import Assistant

QUESTIONS = [
    "ile kosztuje wysylka do paczkomatu?",
    "Dzień dobry, chcę oddać buty, ile mam na to czasu?",
    "reklamacja - jak dlugo czekam na odpowiedz??",
    "czy moge zaplacic blikiem",
    "Jak pobrać fakturę VAT na firmę?",
    "zapomniałam hasła do konta, co teraz",
]


def main(index_dir: str) -> None:
    console = Console()
    assistant = Assistant.load(index_dir)
    console.print(f"[bold]{assistant!r}[/bold]")
    for question in QUESTIONS:
        table = Table(title=f"„{question}”", title_justify="left", show_lines=False)
        for column in ("#", "dokument", "fragment", "wynik"):
            table.add_column(column, overflow="fold")
        for hit in assistant.search(question, k=3):
            snippet = hit.text if len(hit.text) <= 140 else hit.text[:137] + "…"
            table.add_row(str(hit.rank), hit.doc_id, snippet, f"{hit.score:.2f}")
        console.print(table)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build/demo-index")
