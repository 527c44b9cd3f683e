"""Service metrics of stored (redacted) conversations: containment, handoffs, FCR, response times, CSAT, NPS.

Read from a store, an SQLite store file or a JSONL export
(:func:`pomocbot.analytics.turns.read_turns`), typed metadata only
(:func:`~pomocbot.conversation.meta.customer_meta`,
:func:`~pomocbot.conversation.meta.assistant_meta`). Definitions, per
conversation (its turns in stored order):

* **reply**: an assistant turn that *answered* (not abstained, and it cites a
  document or has an answer body) or *abstained*; a courtesy reply (empty
  body, no citation: "Dzień dobry", "Dziękuję") is neither.
* **request**: a conversation with at least one reply or a handover; the
  others are ``courtesy_only``. Rates per conversation are shares of requests.
* **handoff**: an assistant turn with ``escalated``; its ``reasons`` and
  ``queue`` are the first such turn's (a handover with two reasons counts for
  both, so the rates by reason may sum to more than the handoff rate).
  **Time to handoff**: from the first customer turn to that turn.
* **unanswered abstention**: the conversation's last abstention has no answer
  after it, and there was no handover.
* **contained** (automated resolution): a request with no handoff and no
  unanswered abstention: the bot closed it alone.
* **abstention rate**: abstained replies / replies (per reply);
  ``conversations_with_abstention`` per request.
* **intent**: the topic queue (:func:`pomocbot.escalate.policy.topic_queue`)
  of the first customer question that has one (its searched ``query``, else
  its text), else of the first cited document id, else that id's top folder.
* **first-contact resolution**: a conversation with a ``customer_id`` and an
  intent is *resolved* unless the same customer starts another conversation
  with the same intent after it started and within 7 days of its last turn.
  Every conversation of the source counts as a repeat, also one outside
  ``since``/``until``. A conversation whose window reaches past ``as_of``
  (default: the source's latest turn) is ``pending`` and not counted either
  way, even when a repeat is already seen (counting only those would bias
  the recent days down).
* **first response**: from the first customer turn to the next assistant turn.
* **CSAT / NPS**: the latest answer of each conversation (a customer who
  rates twice counts once); response rate = rated conversations / conversations.
  NPS = % promoters (9-10) − % detractors (0-6).
* **channel**: the first ``channel`` of a customer turn, else of an assistant
  turn, else ``"chat"``; **day / week** (Monday first): of the conversation's
  first turn, in ``timezone``. ``since`` / ``until`` select conversations whose
  first turn is in ``[since, until)``; feedback goes with its conversation.

>>> from datetime import datetime, timezone
>>> from pomocbot.conversation import MemoryConversationStore, Turn
>>> from pomocbot.conversation.meta import AssistantTurnMeta, CustomerTurnMeta
>>> at = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
>>> store = MemoryConversationStore()
>>> store.append("c-1", [Turn(role="customer", text="Ile mam dni na zwrot?", at=at),
...                      Turn(role="assistant", text="14 dni.", at=at,
...                           metadata=AssistantTurnMeta(answer="14 dni.", cited=["zwroty"]).as_metadata())])
>>> store.append("c-2", [Turn(role="customer", text="Chcę z człowiekiem", at=at,
...                           metadata=CustomerTurnMeta(channel="email").as_metadata()),
...                      Turn(role="assistant", text="Przekazuję.", at=at, metadata=AssistantTurnMeta(
...                           escalated=True, reasons=["explicit_request"], queue="ogólne").as_metadata())])
>>> metrics = service_metrics(store)
>>> metrics.overall.contained, metrics.overall.handoffs_by_reason["explicit_request"].rate
(Share(count=1, rate=0.5), 0.5)
>>> sorted(metrics.by_channel)
['chat', 'email']
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pomocbot.analytics.service_models import (
    CsatSummary,
    Durations,
    FcrSummary,
    NpsSummary,
    PeriodSummary,
    ServiceMetrics,
    ServiceSummary,
    Share,
)
from pomocbot.analytics.turns import _JSONL_SUFFIXES, Source, iter_turns, read_turns
from pomocbot.conversation.base import Feedback, FeedbackStore, Turn
from pomocbot.conversation.memory import as_utc
from pomocbot.conversation.meta import assistant_meta, customer_meta
from pomocbot.errors import InvalidArgumentError

__all__ = ["DEFAULT_CHANNEL", "FCR_WINDOW", "service_metrics"]

DEFAULT_CHANNEL = "chat"
"""The channel of a conversation whose turns name none (the web chat is the default front end)."""
FCR_WINDOW = timedelta(days=7)
"""A new contact on the same intent within this time after a conversation means it was not resolved."""


@dataclass
class _Digest:
    """What the metrics need of one conversation, read once from its turns."""

    cid: str
    start: datetime
    end: datetime
    channel: str | None = None
    assistant_channel: str | None = None
    customer_id: str | None = None
    intent: str | None = None
    cited_intent: str | None = None
    first_question: datetime | None = None
    first_response_s: float | None = None
    handoff: bool = False
    handoff_s: float | None = None
    reasons: list[str] = field(default_factory=list)
    queue: str | None = None
    answered: int = 0
    abstained: int = 0
    open_abstention: bool = False
    repeated: bool | None = None  # None: unknown or pending
    fcr_pending: bool = False
    csat: tuple[datetime, int] | None = None
    nps: tuple[datetime, int] | None = None

    @property
    def request(self) -> bool:
        return self.handoff or self.answered + self.abstained > 0

    @property
    def contained(self) -> bool:
        return self.request and not self.handoff and not self.open_abstention

    def read(self, turn: Turn) -> None:
        at = as_utc(turn.at)
        self.start, self.end = min(self.start, at), max(self.end, at)
        if turn.role == "customer":
            meta = customer_meta(turn)
            self.channel = self.channel or meta.channel
            self.customer_id = self.customer_id or meta.customer_id
            if self.first_question is None:
                self.first_question = at
            if self.intent is None:
                self.intent = _topic_queue(meta.query or turn.text)
            return
        meta = assistant_meta(turn)
        self.assistant_channel = self.assistant_channel or meta.channel
        if self.first_question is not None and self.first_response_s is None:
            self.first_response_s = max((at - self.first_question).total_seconds(), 0.0)
        if meta.escalated and not self.handoff:
            self.handoff, self.reasons, self.queue = True, list(meta.reasons), meta.queue
            if self.first_question is not None:
                self.handoff_s = max((at - self.first_question).total_seconds(), 0.0)
        if meta.abstained:
            self.abstained += 1
            self.open_abstention = True
        elif meta.cited or meta.answer:
            self.answered += 1
            self.open_abstention = False
            if self.cited_intent is None and meta.cited:
                doc_id = meta.cited[0]
                self.cited_intent = _topic_queue(doc_id) or doc_id.split("/", 1)[0]

    def finish(self) -> None:
        self.channel = self.channel or self.assistant_channel or DEFAULT_CHANNEL
        self.intent = self.intent or self.cited_intent
        if self.handoff:
            self.open_abstention = False  # a human took it over: nothing is left unanswered by the bot


def _topic_queue(text: str) -> str | None:
    from pomocbot.escalate.policy import topic_queue  # the escalation package is heavy; load on use

    return topic_queue(text)


def _digests(pairs: Iterable[tuple[str, Turn]]) -> dict[str, _Digest]:
    digests: dict[str, _Digest] = {}
    for cid, turn in pairs:
        digest = digests.get(cid)
        if digest is None:
            at = as_utc(turn.at)
            digest = digests[cid] = _Digest(cid=cid, start=at, end=at)
        digest.read(turn)
    for digest in digests.values():
        digest.finish()
    return digests


def _mark_repeats(digests: Iterable[_Digest], as_of: datetime | None) -> None:
    by_customer: dict[str, list[_Digest]] = defaultdict(list)
    for digest in digests:
        if digest.customer_id and digest.intent:
            by_customer[digest.customer_id].append(digest)
    for history in by_customer.values():
        history.sort(key=lambda d: d.start)
        for n, digest in enumerate(history):
            deadline = digest.end + FCR_WINDOW
            if as_of is not None and deadline > as_of:
                # Not counted either way, even with a repeat already seen: counting only the
                # repeats of incomplete windows would pull the rate of recent days down.
                digest.fcr_pending = True
                continue
            digest.repeated = any(later.intent == digest.intent and digest.start < later.start <= deadline
                                  for later in history[n + 1:])


def _attach_feedback(digests: dict[str, _Digest], feedback: Iterable[tuple[str, Feedback]]) -> None:
    for cid, answer in feedback:
        digest = digests.get(cid)
        if digest is None:
            continue
        at = as_utc(answer.at)
        # the latest answer wins; ">=" lets a later-recorded answer at the same instant win too
        if answer.csat is not None and (digest.csat is None or at >= digest.csat[0]):
            digest.csat = (at, answer.csat)
        if answer.nps is not None and (digest.nps is None or at >= digest.nps[0]):
            digest.nps = (at, answer.nps)


def _summarise(digests: list[_Digest]) -> ServiceSummary:
    """The figures of one group of conversations (see the module docstring for the definitions)."""
    requests = [d for d in digests if d.request]
    handoffs = [d for d in requests if d.handoff]
    replies = sum(d.answered + d.abstained for d in digests)
    n = len(requests)
    reasons = Counter(code for d in handoffs for code in dict.fromkeys(d.reasons))
    queues = Counter(d.queue or "?" for d in handoffs)
    eligible = [d for d in digests if d.repeated is not None]
    resolved = sum(not d.repeated for d in eligible)
    csats = [d.csat[1] for d in digests if d.csat is not None]
    nps = [d.nps[1] for d in digests if d.nps is not None]
    promoters, detractors = sum(s >= 9 for s in nps), sum(s <= 6 for s in nps)
    total = len(digests)
    return ServiceSummary(
        conversations=total, requests=n, courtesy_only=total - n,
        contained=Share.of(sum(d.contained for d in requests), n),
        handoffs=Share.of(len(handoffs), n),
        handoffs_by_reason={code: Share.of(count, n) for code, count in reasons.most_common()},
        handoffs_by_queue={queue: Share.of(count, n) for queue, count in queues.most_common()},
        replies=replies,
        abstentions=Share.of(sum(d.abstained for d in digests), replies),
        conversations_with_abstention=Share.of(sum(d.abstained > 0 for d in requests), n),
        unanswered_abstentions=Share.of(sum(d.open_abstention for d in requests), n),
        fcr=FcrSummary(eligible=len(eligible), resolved=resolved,
                       rate=round(resolved / len(eligible), 4) if eligible else None,
                       pending=sum(d.fcr_pending for d in digests),
                       unknown=sum(d.repeated is None and not d.fcr_pending for d in digests)),
        first_response=Durations.of([d.first_response_s for d in digests if d.first_response_s is not None]),
        time_to_handoff=Durations.of([d.handoff_s for d in handoffs if d.handoff_s is not None]),
        csat=CsatSummary(
            responses=len(csats), response_rate=round(len(csats) / total, 4) if total else None,
            mean=round(sum(csats) / len(csats), 3) if csats else None,
            distribution={score: csats.count(score) for score in range(1, 6)}),
        nps=NpsSummary(
            responses=len(nps), response_rate=round(len(nps) / total, 4) if total else None,
            promoters=promoters, passives=len(nps) - promoters - detractors, detractors=detractors,
            score=round(100 * (promoters - detractors) / len(nps), 1) if nps else None),
    )


def _read_source(source: Source) -> tuple[Iterator[tuple[str, Turn]], list[tuple[str, Feedback]] | None]:
    """Turns and, where the source keeps it, feedback (None: a JSONL export or a store without it)."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if path.suffix.lower() in _JSONL_SUFFIXES or not path.is_file():
            return read_turns(path), None  # read_turns names a missing file
        from pomocbot.conversation.sqlite import SQLiteConversationStore

        with SQLiteConversationStore(path) as store:
            pairs = list(iter_turns(store))
            return iter(pairs), store.all_feedback()
    if isinstance(source, FeedbackStore):
        return iter_turns(source), source.all_feedback()
    return iter_turns(source), None


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidArgumentError(f"timezone {name!r} is not an IANA time zone; pass e.g. 'Europe/Warsaw'") \
            from exc


def _moment(name: str, value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise InvalidArgumentError(f"{name} must be a datetime or None, not {type(value).__name__}")
    return as_utc(value)


def service_metrics(source: Source, *, since: datetime | None = None, until: datetime | None = None,
                    as_of: datetime | None = None, timezone: str = "Europe/Warsaw",
                    feedback: Iterable[tuple[str, Feedback]] | None = None) -> ServiceMetrics:
    """Service metrics of the conversations of ``source`` that started in ``[since, until)``.

    ``source`` is a :class:`~pomocbot.conversation.ConversationStore`, an
    SQLite store file, a JSONL export or ``(conversation_id, Turn)`` pairs.
    Feedback is read from a store that keeps it (both built-in stores and the
    SQLite file do); pass ``feedback`` pairs to use others (a JSONL export
    has none: ``feedback_available`` is then False). Naive datetimes are UTC.
    """
    since, until, as_of = _moment("since", since), _moment("until", until), _moment("as_of", as_of)
    zone = _zone(timezone)
    pairs, stored_feedback = _read_source(source)
    digests = _digests(pairs)
    if feedback is not None:
        stored_feedback = list(feedback)
    horizon = as_of or max((d.end for d in digests.values()), default=None)
    _mark_repeats(digests.values(), horizon)
    _attach_feedback(digests, stored_feedback or [])
    chosen = [d for d in digests.values()
              if (since is None or d.start >= since) and (until is None or d.start < until)]
    channels: dict[str, list[_Digest]] = defaultdict(list)
    days: dict[date, list[_Digest]] = defaultdict(list)
    weeks: dict[date, list[_Digest]] = defaultdict(list)
    for digest in chosen:
        channels[digest.channel or DEFAULT_CHANNEL].append(digest)
        day = digest.start.astimezone(zone).date()
        days[day].append(digest)
        weeks[day - timedelta(days=day.weekday())].append(digest)
    return ServiceMetrics(
        since=since, until=until, as_of=horizon, timezone=timezone,
        fcr_window_days=FCR_WINDOW.days, feedback_available=stored_feedback is not None,
        overall=_summarise(chosen),
        by_channel={name: _summarise(group) for name, group in sorted(channels.items())},
        daily=[PeriodSummary(start=day, summary=_summarise(group)) for day, group in sorted(days.items())],
        weekly=[PeriodSummary(start=wk, summary=_summarise(group)) for wk, group in sorted(weeks.items())],
    )
