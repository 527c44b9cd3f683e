"""Run the backend example: ``python -m examples.backend --index build/demo-index --db build/rozmowy.sqlite``.

Needs uvicorn (``pip install uvicorn``), which pomocbot does not depend on.
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, load the assistant and serve it with uvicorn."""
    parser = argparse.ArgumentParser(prog="python -m examples.backend", description=__doc__)
    parser.add_argument("--index", default="build/demo-index", help="index saved by `pomocbot index`")
    parser.add_argument("--db", default="build/rozmowy.sqlite", help="SQLite file for conversations")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-orders", action="store_true",
                        help="without the example shop's order system (order status, returns, complaints)")
    args = parser.parse_args(argv)
    try:
        import uvicorn
    except ImportError:
        print("uvicorn is not installed: pip install uvicorn", file=sys.stderr)
        return 2
    from examples.backend.app import create_app
    from examples.sklep.orders import demo_actions
    from pomocbot import PomocbotError

    try:
        app = create_app(args.index, args.db, actions=None if args.no_orders else demo_actions())
    except PomocbotError as exc:
        print(f"cannot start: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    uvicorn.run(app, host=args.host, port=args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
