"""Erasure of a conversation from every place that keeps something of it (RODO art. 17, retention).

The conversation store keeps the redacted turns, the vault the customer's
own values, the redactor the placeholder numbering and secret, the audit log
one record per turn. Erasing from some of them and not the others would
leave personal data behind, so both ways of erasing go through here.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pomocbot.conversation.base import ConversationStore
from pomocbot.guardrails.audit import AuditLog
from pomocbot.guardrails.redaction import Redactor
from pomocbot.guardrails.vault import Vault

__all__ = ["forget_conversation", "purge_idle", "purge_retention"]


def forget_conversation(conversation_id: str, *, conversations: ConversationStore, vault: Vault | None,
                        redactor: Redactor | None, audit_log: AuditLog) -> dict[str, int]:
    """Erase one conversation everywhere; the counts of what went (see :meth:`pomocbot.Assistant.forget`)."""
    # In-memory parts first: they cannot fail, the store can.
    vault_values = vault.forget(conversation_id) if vault is not None else 0
    placeholders = redactor.forget(conversation_id) if redactor is not None else 0
    audit_records = audit_log.forget(conversation_id)
    return {"turns": conversations.delete(conversation_id), "vault_values": vault_values,
            "placeholders": placeholders, "audit_records": audit_records}


def purge_idle(cutoff: datetime, *, conversations: ConversationStore, vault: Vault | None,
               redactor: Redactor | None, audit_log: AuditLog) -> list[str]:
    """Erase every conversation idle since ``cutoff`` in any one place, from all of them; their ids."""
    ids = list(conversations.delete_idle_since(cutoff))
    if vault is not None:
        ids += vault.purge_idle_since(cutoff)
    if redactor is not None:
        ids += redactor.purge_idle_since(cutoff)
    ids = list(dict.fromkeys(ids))
    for cid in ids:  # idle in one place means gone from all of them
        if vault is not None:
            vault.forget(cid)
        if redactor is not None:
            redactor.forget(cid)
    audit_log.forget_many(ids)
    return ids


def purge_retention(retention_days: float | None, now: datetime | None, *, conversations: ConversationStore,
                    vault: Vault | None, redactor: Redactor | None, audit_log: AuditLog) -> list[str]:
    """:func:`purge_idle` for conversations idle longer than ``retention_days`` (None: keep everything)."""
    if retention_days is None:
        return []
    cutoff = (now or datetime.now(timezone.utc)) - timedelta(days=retention_days)
    return purge_idle(cutoff, conversations=conversations, vault=vault, redactor=redactor,
                      audit_log=audit_log)
