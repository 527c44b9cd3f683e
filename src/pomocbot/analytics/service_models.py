"""The figures of :func:`pomocbot.analytics.service.service_metrics`: pydantic models, JSON-serialisable.

Every rate comes with its count and is ``None`` when its denominator is 0
(no data is not 0 %). Times are seconds.

>>> Share.of(1, 4)
Share(count=1, rate=0.25)
>>> Share.of(0, 0).rate is None
True
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["CsatSummary", "Durations", "FcrSummary", "NpsSummary", "PeriodSummary", "ServiceMetrics",
           "ServiceSummary", "Share"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Share(_Frozen):
    """A count and its share of the denominator the field's description names (None when that is 0)."""

    count: int
    rate: float | None

    @classmethod
    def of(cls, count: int, total: int) -> Share:
        return cls(count=count, rate=round(count / total, 4) if total else None)


class Durations(_Frozen):
    """Seconds: how many were measured, their mean, median and 90th percentile (None when none were).

    >>> Durations.of([1.0, 2.0, 3.0, 10.0]).median_s
    2.5
    """

    count: int
    mean_s: float | None = None
    median_s: float | None = None
    p90_s: float | None = None

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Durations:
        if not seconds:
            return cls(count=0)
        # "inclusive" quantiles interpolate between observed values (numpy's default "linear").
        p90 = statistics.quantiles(seconds, n=10, method="inclusive")[-1] if len(seconds) > 1 else seconds[0]
        return cls(count=len(seconds), mean_s=round(statistics.fmean(seconds), 3),
                   median_s=round(statistics.median(seconds), 3), p90_s=round(p90, 3))


class FcrSummary(_Frozen):
    """First-contact resolution: conversations with no new contact on the same intent within the window.

    ``eligible`` have a customer id and an intent and a full window observed;
    ``resolved`` of them had no repeat; ``pending`` windows reach past the
    data's end; ``unknown`` lack a customer id or an intent.
    """

    eligible: int = 0
    resolved: int = 0
    rate: float | None = None
    pending: int = 0
    unknown: int = 0


class CsatSummary(_Frozen):
    """CSAT 1..5 over the latest rating of each rated conversation."""

    responses: int = Field(0, description="conversations with a CSAT rating")
    response_rate: float | None = Field(None, description="rated conversations / conversations")
    mean: float | None = None
    distribution: dict[int, int] = Field(default_factory=lambda: dict.fromkeys(range(1, 6), 0))


class NpsSummary(_Frozen):
    """NPS over the latest 0..10 answer of each conversation: % promoters (9-10) − % detractors (0-6)."""

    responses: int = 0
    response_rate: float | None = None
    promoters: int = 0
    passives: int = 0
    detractors: int = 0
    score: float | None = Field(None, description="-100 .. 100")


class ServiceSummary(_Frozen):
    """Service figures over one group of conversations (all, one channel, one day or week)."""

    conversations: int = 0
    requests: int = Field(0, description="conversations with a question: an answer, abstention or handover")
    courtesy_only: int = Field(0, description="conversations of greetings and thanks only")
    contained: Share = Field(default_factory=lambda: Share.of(0, 0), description="share of requests")
    handoffs: Share = Field(default_factory=lambda: Share.of(0, 0), description="share of requests")
    handoffs_by_reason: dict[str, Share] = Field(default_factory=dict, description="share of requests")
    handoffs_by_queue: dict[str, Share] = Field(default_factory=dict, description="share of requests")
    replies: int = Field(0, description="answers and abstentions of the bot (courtesy replies left out)")
    abstentions: Share = Field(default_factory=lambda: Share.of(0, 0), description="share of replies")
    conversations_with_abstention: Share = Field(default_factory=lambda: Share.of(0, 0),
                                                 description="share of requests")
    unanswered_abstentions: Share = Field(default_factory=lambda: Share.of(0, 0),
                                          description="requests left on an abstention, no handover")
    fcr: FcrSummary = Field(default_factory=FcrSummary)
    first_response: Durations = Field(default_factory=lambda: Durations.of([]))
    time_to_handoff: Durations = Field(default_factory=lambda: Durations.of([]))
    csat: CsatSummary = Field(default_factory=CsatSummary)
    nps: NpsSummary = Field(default_factory=NpsSummary)


class PeriodSummary(_Frozen):
    """The figures of the conversations that started in one day or week (``start``: its first day)."""

    start: date
    summary: ServiceSummary


class ServiceMetrics(_Frozen):
    """Service metrics of a store: overall, per channel, per day and per week, with what they cover.

    >>> ServiceMetrics(overall=ServiceSummary(), timezone="Europe/Warsaw").overall.contained.rate is None
    True
    """

    since: datetime | None = None
    until: datetime | None = None
    as_of: datetime | None = Field(None, description="end of the data: FCR windows after it are pending")
    timezone: str
    fcr_window_days: int = 7
    feedback_available: bool = False
    overall: ServiceSummary
    by_channel: dict[str, ServiceSummary] = Field(default_factory=dict)
    daily: list[PeriodSummary] = Field(default_factory=list)
    weekly: list[PeriodSummary] = Field(default_factory=list)
