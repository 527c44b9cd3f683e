"""Structured logs: one JSON object per line, with the fields a log pipeline indexes, never customer text.

The service logs ids, turn numbers, latencies, reason codes and error types
(``logger.info("reply", extra={"fields": {...}})``); a message's text or a
reply's never reaches a log record, and an exception's message is dropped
(it may quote the input): only its type is written.

>>> import logging
>>> record = logging.LogRecord("pomocbot.serve", logging.INFO, __file__, 1, "reply", None, None)
>>> record.fields = {"conversation_id": "c-1", "turn": 2, "latency_ms": 41.5}
>>> line = JsonFormatter(worker="w1").format(record)
>>> import json; json.loads(line)["turn"], json.loads(line)["worker"]
(2, 'w1')
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone

__all__ = ["JsonFormatter", "configure_logging"]


class JsonFormatter(logging.Formatter):
    """``{"ts", "level", "logger", "event", "worker", ...fields}``; exceptions by type only."""

    def __init__(self, worker: str | None = None) -> None:
        super().__init__()
        self.worker = worker

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(), "logger": record.name, "event": record.getMessage(),
        }
        if self.worker:
            entry["worker"] = self.worker
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = record.exc_info[0].__name__  # the type: its message may quote input
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(level: str = "INFO", worker: str | None = None) -> None:
    """Route the root logger, and uvicorn's, to stderr as JSON lines."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter(worker))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
