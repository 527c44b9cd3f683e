"""One customer, one history: what the same customer said in other conversations, for the handoff.

The backend passes the customer's opaque id (``customer={"id": ...}``); every
stored turn carries it, and a store that indexes it (both built-in stores:
``conversations_of``) gives the customer's other conversations on any channel.
A consultant taking over then sees the e-mail from yesterday next to today's
chat, and the customer repeats nothing.

>>> from datetime import datetime, timezone
>>> from pomocbot.conversation.base import Turn
>>> from pomocbot.conversation.memory import MemoryConversationStore
>>> store = MemoryConversationStore()
>>> at = datetime(2026, 11, 24, 9, tzinfo=timezone.utc)
>>> meta = {"customer_id": "K-7", "channel": "email"}
>>> store.append("mail-1", [Turn(role="customer", text="Paczka nie doszła.", at=at, metadata=meta)])
>>> earlier_contacts(store, "K-7", current="chat-2")
['24.11.2026, email: „Paczka nie doszła.”']
"""

from __future__ import annotations

from pomocbot.conversation.base import ConversationStore
from pomocbot.conversation.meta import customer_meta
from pomocbot.types import HandoffSummary

__all__ = ["earlier_contacts", "with_earlier_contacts"]

MAX_CONVERSATIONS = 3
MAX_MESSAGES = 3
_QUOTE_CHARS = 160


def earlier_contacts(store: ConversationStore, customer_id: str | None, *, current: str | None) -> list[str]:
    """The customer's messages in their last other conversations (date, channel, quote), oldest first."""
    conversations_of = getattr(store, "conversations_of", None)
    if not customer_id or conversations_of is None:
        return []
    others = [cid for cid in conversations_of(customer_id) if cid != current][-MAX_CONVERSATIONS:]
    lines = []
    for cid in others:
        said = [t for t in store.turns(cid) if t.role == "customer"][-MAX_MESSAGES:]
        for turn in said:
            channel = customer_meta(turn).channel or "chat"
            text = " ".join(turn.text.split())
            quote = text if len(text) <= _QUOTE_CHARS else text[:_QUOTE_CHARS - 1].rstrip() + "…"
            lines.append(f"{turn.at:%d.%m.%Y}, {channel}: „{quote}”")
    return lines


def with_earlier_contacts(handoff: HandoffSummary, contacts: list[str]) -> HandoffSummary:
    """``handoff`` with the earlier contacts listed (and in its text)."""
    if not contacts:
        return handoff
    text = "\n".join([handoff.text, "Wcześniejsze kontakty klienta:", *(f"- {c}" for c in contacts)])
    return handoff.model_copy(update={"earlier_contacts": contacts, "text": text})
