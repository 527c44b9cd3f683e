"""The deployable service: pomocbot behind HTTP, for several workers on several machines.

``pomocbot serve`` starts it with uvicorn workers; every worker reads the same
settings (:class:`~pomocbot.serve.settings.ServiceSettings`, from ``POMOCBOT_*``
environment variables), so conversations live in PostgreSQL, locks in Redis
and the personal data in an encrypted shared vault, and any worker can answer
any turn. The pieces:

* :mod:`pomocbot.serve.app` — the FastAPI app: messages, conversations,
  handoffs, erasure, feedback, ``/health``, ``/ready``, ``/metrics``;
* :mod:`pomocbot.serve.schema` — request and response models (shared with
  ``examples/backend``);
* :mod:`pomocbot.serve.http_errors` — typed errors to status codes, bodies without customer text;
* :mod:`pomocbot.serve.metrics` — Prometheus metrics (multi-process aware);
* :mod:`pomocbot.serve.logs` — one JSON object per log line, never a message's text.

Needs the ``serve`` extra: ``pip install 'pomocbot[serve]'``.
"""
