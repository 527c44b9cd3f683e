"""Real PostgreSQL and Redis servers for the tests, started by the tests themselves.

Nothing is assumed to be running: the fixtures in tests/conftest.py start
them through :mod:`pomocbot.serve.local_servers` and skip with the reason
where they cannot start, so ``make test`` passes on a bare machine.
"""

from pomocbot.serve.local_servers import (
    RedisServer,
    database_url,
    free_port,
    postgres_server,
    redis_binary,
    redis_server,
)

__all__ = ["RedisServer", "database_url", "free_port", "postgres_server", "redis_binary", "redis_server"]
