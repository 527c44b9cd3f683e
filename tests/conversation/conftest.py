"""Fixtures of the conversation tests: a real PostgreSQL server (pgserver), a fresh database per test.

The server starts once per session (about a second) and stops at the end.
Where ``pgserver`` or ``psycopg`` is not installed, or the server cannot start
on this machine, the tests that ask for it are skipped with the reason; they
never fail for want of PostgreSQL.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

_DATABASE_NUMBERS = itertools.count()


def database_url(server_url: str, name: str) -> str:
    """``server_url`` with its database replaced by ``name`` (host, socket and user kept)."""
    return urlsplit(server_url)._replace(path=f"/{name}").geturl()


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a PostgreSQL 16 server private to this test session (its ``postgres`` database)."""
    pytest.importorskip("psycopg", reason="psycopg is not installed: pip install 'pomocbot[postgres]'")
    try:
        import pgserver
    except ImportError:
        pytest.skip("pgserver is not installed (pip install pgserver): no PostgreSQL server to test against")
    try:
        server = pgserver.get_server(tmp_path_factory.mktemp("pg"), cleanup_mode="stop")
        url = server.get_uri()
    except Exception as exc:  # any failure to start means: no server on this machine
        pytest.skip(f"pgserver cannot start PostgreSQL here ({type(exc).__name__}: {exc})")
    yield url
    server.cleanup()


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """The URL of a new, empty database on the session's server; dropped after the test."""
    import psycopg

    name = f"pomocbot_test_{next(_DATABASE_NUMBERS)}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield database_url(postgres_server, name)
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
