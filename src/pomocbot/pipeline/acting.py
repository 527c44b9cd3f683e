"""The act step's glue: an action's reply as the turn's answer, a failure as a reason, runs in the handoff.

Every number and date of an action's reply must come from its result: a
sentence with a value the result does not hold is dropped (the grounding
verifier's rule for quoted answers, applied to live data), and a reply left
empty says honestly that the data could not be checked.
"""

from __future__ import annotations

from collections.abc import Sequence

from pomocbot.actions import ActionReply, numbers_from_result_only
from pomocbot.codes import ReasonCode
from pomocbot.drafting.answer import Answer
from pomocbot.text.sentences import split_sentences
from pomocbot.types import ActionRecord, EscalationReason, HandoffSummary

__all__ = ["action_answer", "failed_actions", "grounded_in_results", "with_actions"]

_UNCHECKED = "Nie udało mi się teraz potwierdzić tych danych w systemie. Sprawdzimy to ręcznie."


def grounded_in_results(text: str, reply: ActionReply) -> str:
    """``text`` without the sentences whose numbers or dates no successful result holds."""
    results = [outcome.result for outcome in reply.outcomes if outcome.ok]
    if not results:
        return text
    kept = [s for s in split_sentences(text)
            if not all(numbers_from_result_only(s, result) for result in results)]
    return " ".join(kept) if kept else _UNCHECKED


def action_answer(reply: ActionReply) -> Answer:
    """The turn's answer drafted from the action's outcome (cited as the company's system, not the KB)."""
    body = reply.text if reply.asked else grounded_in_results(reply.text, reply)
    metadata = {"actions": [r.model_dump(mode="json") for r in reply.records],
                "action_sources": list(reply.citations), "action_asked": reply.asked}
    return Answer(body=body, citations=[], grounding=[], confidence=0.0 if reply.needs_escalation else 1.0,
                  abstained=False, drafter="action", metadata=metadata)


def failed_actions(records: Sequence[ActionRecord]) -> list[EscalationReason]:
    """An ``action_failed`` reason when the company's system did not answer (timeout, invalid result...)."""
    failed = [r for r in records if not r.ok and r.error in ("timeout", "invalid_result", "failed",
                                                             "unresolved_parameter")]
    if not failed:
        return []
    detail = ", ".join(f"{r.name}: {r.error}" for r in failed)
    return [EscalationReason(code=ReasonCode.ACTION_FAILED, detail=f"akcja nie zadziałała ({detail})")]


def with_actions(handoff: HandoffSummary, records: Sequence[ActionRecord]) -> HandoffSummary:
    """``handoff`` listing the actions this turn ran, with their redacted parameters and results."""
    if not records:
        return handoff
    lines = []
    for record in records:
        params = ", ".join(f"{k}={v}" for k, v in record.parameters.items())
        outcome = ("; ".join(f"{k}: {v}" for k, v in record.result.items()) if record.ok
                   else f"błąd: {record.error}")
        lines.append(f"{record.name}({params}) — {outcome}"[:300])
    text = "\n".join([handoff.text, "Akcje asystenta:", *(f"- {line}" for line in lines)])
    return handoff.model_copy(update={"actions": lines, "text": text})
