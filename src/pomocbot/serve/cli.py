"""``pomocbot serve``: the service with N uvicorn workers sharing PostgreSQL, Redis and the vault.

    pomocbot serve --index build/demo-index --workers 3 \\
        --postgres postgresql://pomocbot@localhost/pomocbot --redis redis://localhost:6379/0

The flags set the ``POMOCBOT_*`` variables every worker reads (see
:mod:`pomocbot.serve.settings`); the vault key comes only from the
environment (``POMOCBOT_VAULT_KEY``), never from a flag that ``ps`` would show.
With several workers, Prometheus' multi-process folder is made fresh for the run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile

__all__ = ["add_serve_arguments", "run_serve"]

_FLAGS = {"index": "INDEX", "knowledge_url": "KNOWLEDGE_URL", "postgres": "POSTGRES_URL",
          "redis": "REDIS_URL", "state_url": "STATE_URL", "sqlite": "SQLITE", "config": "CONFIG",
          "actions": "ACTIONS"}


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", help="index folder saved by `pomocbot index` (every worker loads it)")
    parser.add_argument("--knowledge-url", dest="knowledge_url", help="or a postgresql:// pgvector store")
    parser.add_argument("--postgres", help="postgresql:// URL: conversations, vault and placeholders")
    parser.add_argument("--redis", help="redis:// URL: per-conversation locks across workers")
    parser.add_argument("--state-url", dest="state_url", help="redis:// or postgresql:// for the vault "
                        "and placeholders (default: --postgres)")
    parser.add_argument("--sqlite", help="one worker only: conversations in this SQLite file")
    parser.add_argument("--config", help="YAML/JSON config overrides (persona, privacy, escalation...)")
    parser.add_argument("--actions", help="module:function returning the company's actions")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (default 1)")


def run_serve(args: argparse.Namespace) -> int:
    """Start uvicorn; returns its exit status (2 when a dependency or a setting is missing)."""
    try:
        import uvicorn
    except ImportError:
        print("pomocbot serve needs uvicorn: pip install 'pomocbot[serve]'", file=sys.stderr)
        return 2
    for flag, name in _FLAGS.items():
        value = getattr(args, flag, None)
        if value:
            os.environ[f"POMOCBOT_{name}"] = value
    if not (os.environ.get("POMOCBOT_INDEX") or os.environ.get("POMOCBOT_KNOWLEDGE_URL")):
        print("pomocbot serve needs --index or --knowledge-url", file=sys.stderr)
        return 2
    shared = os.environ.get("POMOCBOT_POSTGRES_URL") and os.environ.get("POMOCBOT_REDIS_URL")
    if args.workers > 1 and not shared:
        print("several workers need shared state: pass --postgres and --redis", file=sys.stderr)
        return 2
    metrics_dir = None
    if args.workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        metrics_dir = tempfile.mkdtemp(prefix="pomocbot-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    try:
        uvicorn.run("pomocbot.serve.app:app_from_env", factory=True, host=args.host, port=args.port,
                    workers=args.workers, log_config=None, access_log=False)
    finally:
        if metrics_dir:
            shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0
