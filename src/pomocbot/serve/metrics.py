"""Prometheus metrics of the service: reply latency, handoffs, abstentions, errors.

With several uvicorn workers set ``PROMETHEUS_MULTIPROC_DIR`` (``pomocbot
serve`` does): each process writes its samples there and ``/metrics`` of any
worker reports them all (prometheus_client's multi-process mode). Labels are
codes and channels only, never ids or text, so their number stays bounded.

>>> metrics = ServiceMetrics(registry=__import__("prometheus_client").CollectorRegistry())
>>> metrics.observe_reply(channel="chat", seconds=0.04, abstained=False, reasons=[], queue=None)
>>> b"pomocbot_reply_seconds_count" in metrics.exposition()[0]
True
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from pomocbot.errors import DependencyMissingError

__all__ = ["ServiceMetrics"]

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


def _prometheus() -> Any:
    try:
        import prometheus_client
    except ImportError as exc:
        raise DependencyMissingError(
            "the service's metrics need prometheus-client: pip install 'pomocbot[serve]'") from exc
    return prometheus_client


class ServiceMetrics:
    """The counters and histograms, in ``registry`` (default: a new one, so two apps in one process
    do not collide); in multi-process mode every worker's samples are read from the shared folder."""

    def __init__(self, registry: Any | None = None) -> None:
        prom = self._prom = _prometheus()
        self.registry = registry if registry is not None else prom.CollectorRegistry()
        kw = {"registry": self.registry}
        self.reply_seconds = prom.Histogram(
            "pomocbot_reply_seconds", "Time to answer one customer message", ["channel", "outcome"],
            buckets=_LATENCY_BUCKETS, **kw)
        self.handoffs = prom.Counter(
            "pomocbot_handoffs_total", "Conversations handed over to a consultant", ["reason", "queue"], **kw)
        self.abstentions = prom.Counter(
            "pomocbot_abstentions_total", "Replies that abstained (no grounded answer)", ["channel"], **kw)
        self.errors = prom.Counter(
            "pomocbot_request_errors_total", "Requests that failed, by error type", ["error"], **kw)
        self.erasures = prom.Counter("pomocbot_erasures_total", "Conversations erased (RODO art. 17)", **kw)

    def observe_reply(self, *, channel: str, seconds: float, abstained: bool, reasons: Sequence[str],
                      queue: str | None) -> None:
        outcome = "handed_over" if queue is not None else "abstained" if abstained else "answered"
        self.reply_seconds.labels(channel, outcome).observe(seconds)
        if abstained:
            self.abstentions.labels(channel).inc()
        for reason in reasons or (["none"] if queue is not None else []):
            self.handoffs.labels(reason, queue or "").inc()

    def exposition(self) -> tuple[bytes, str]:
        """The text format and its content type; all workers' samples in multi-process mode."""
        prom = self._prom
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            from prometheus_client import multiprocess

            registry = prom.CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            return prom.generate_latest(registry), prom.CONTENT_TYPE_LATEST
        return prom.generate_latest(self.registry), prom.CONTENT_TYPE_LATEST
