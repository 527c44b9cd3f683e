"""The test servers themselves: a Redis and a PostgreSQL with pgvector, started here, not assumed."""

from __future__ import annotations


def test_redis_server_answers_and_is_emptied_between_tests(redis_url: str) -> None:
    import redis

    with redis.Redis.from_url(redis_url) as client:
        assert client.ping()
        client.set("pomocbot:probe", "tak")
        assert client.get("pomocbot:probe") == b"tak"


def test_redis_starts_empty_for_each_test(redis_url: str) -> None:
    import redis

    with redis.Redis.from_url(redis_url) as client:
        assert client.get("pomocbot:probe") is None


def test_postgres_has_pgvector(postgres_url: str) -> None:
    import psycopg

    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        distance = conn.execute("SELECT '[1,0]'::vector <=> '[0,1]'::vector").fetchone()
    assert distance is not None and abs(distance[0] - 1.0) < 1e-6
