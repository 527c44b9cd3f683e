"""End to end: 3 workers of ``pomocbot serve`` sharing a real PostgreSQL and a real Redis.

The servers and the workers are started here (tests/servers.py, tests/deploy/cluster.py); where
PostgreSQL or Redis cannot start on the machine, the test is skipped with the reason. 200 scripted
Polish conversations go through the workers in random order, 8 at a time; one worker is killed and
the workers' Redis connections are cut mid-run. Then every store is read back:

* every turn is there once and in order (nothing lost to the dead worker, nothing doubled);
* placeholders agree across workers: the second turn, answered by any worker, numbers the new phone
  [TELEFON_2] and the first one [TELEFON_1], as only a shared placeholder state can;
* a handoff made by one worker, read from another, counts the personal data of every turn;
* ``DELETE`` on one worker erases the conversation from every table and key;
* no raw personal value is in any table, any Redis key or value, or any worker's log.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest

from pomocbot import Assistant, AssistantConfig
from tests.conftest import EXAMPLES_DIR
from tests.deploy.cluster import Cluster, DriveResult, drive, scripts

pytestmark = pytest.mark.integration

CONVERSATIONS = 200
CLIENTS = 8


@pytest.fixture(scope="module")
def shop_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example shop's knowledge base indexed with USE (fast to load in three workers)."""
    pytest.importorskip("fastapi")
    pytest.importorskip("uvicorn")
    path = tmp_path_factory.mktemp("index") / "sklep"
    assistant = Assistant(AssistantConfig.model_validate({"retrieval": {"embedder": "use"}}))
    assistant.add_directory(EXAMPLES_DIR / "kb")
    assistant.save(path)
    return path


@pytest.fixture(scope="module")
def vault_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


@pytest.fixture
def cluster(shop_index: Path, postgres_url: str, redis_url: str, vault_key: str, tmp_path: Path):
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"privacy": {"vault": True}}), encoding="utf-8")
    env = {"POMOCBOT_INDEX": str(shop_index), "POMOCBOT_POSTGRES_URL": postgres_url,
           "POMOCBOT_REDIS_URL": redis_url, "POMOCBOT_VAULT_KEY": vault_key, "POMOCBOT_CONFIG": str(config)}
    workers = Cluster(3, env, tmp_path)
    try:
        workers.wait_ready()
        yield workers
    finally:
        workers.stop()


def _chaos(cluster: Cluster, redis_url: str):
    """Kill worker 1 after 80 conversations, and cut every Redis client connection after 40 and 120."""
    import redis

    def on_progress(done: int) -> None:
        if done in (40, 120):
            with redis.Redis.from_url(redis_url) as admin:
                admin.client_kill_filter(_type="normal", skipme=True)
        if done == 80:
            cluster.kill(1)

    return on_progress


def _tables_text(postgres_url: str) -> dict[str, str]:
    import psycopg

    with psycopg.connect(postgres_url) as conn:
        names = [row[0] for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()]
        return {name: "\n".join(row[0] for row in conn.execute(f'SELECT t::text FROM "{name}" t').fetchall())
                for name in names}


def _redis_text(redis_url: str) -> str:
    import redis

    parts = []
    with redis.Redis.from_url(redis_url) as client:
        for key in client.scan_iter(count=1000):
            parts.append(key.decode(errors="replace"))
            kind = client.type(key).decode()
            if kind == "string":
                parts.append(client.get(key).decode(errors="replace"))
            elif kind == "hash":
                parts.extend(f"{k.decode(errors='replace')}={v.decode(errors='replace')}"
                             for k, v in client.hgetall(key).items())
    return "\n".join(parts)


def _tokens(text: str, kind: str) -> list[str]:
    return re.findall(rf"\[{kind}_\d+\]", text)


def test_three_workers_share_every_conversation(cluster: Cluster, postgres_url: str, redis_url: str) -> None:
    conversations = scripts(CONVERSATIONS)
    result: DriveResult = drive(cluster, conversations, clients=CLIENTS,
                                on_progress=_chaos(cluster, redis_url))
    print(f"\n{CONVERSATIONS} conversations, {len(result.latencies)} replies at {CLIENTS} clients: "
          f"p50 {result.p(0.5) * 1000:.0f} ms, p95 {result.p(0.95) * 1000:.0f} ms; failovers "
          f"{result.failovers} (recovered from the store {result.recovered}); refused {result.errors}")
    alive = [0, 2]
    assert result.failovers >= 1 and len(result.replies) == CONVERSATIONS  # the killed worker was hit
    assert all(code in (409, 503) for code, _ in result.errors)

    # every turn once, in order, whichever worker answered it
    for script in conversations:
        body = httpx.get(f"{cluster.url(alive[0])}/conversations/{script.conversation_id}", timeout=30).json()
        turns = body["turns"]
        assert [t["role"] for t in turns] == ["customer", "assistant"] * len(script.messages), script
        redacted = [t["text"] for t in turns[::2]]
        assert redacted == [r["redacted_message"] for r in result.replies[script.conversation_id]]
        # placeholders continue across workers: the new number is the second one
        assert "[TELEFON_2], a nie na [TELEFON_1]" in redacted[1], (redacted, script.conversation_id)
        assert _tokens(redacted[1], "PESEL") == ["[PESEL_1]"]

    # handoffs: made by one worker, complete when read from another
    for script in (s for s in conversations if s.wants_human):
        response = httpx.get(f"{cluster.url(alive[1])}/conversations/{script.conversation_id}/handoff",
                             timeout=30)
        assert response.status_code == 200, script.conversation_id
        escalation = response.json()["escalation"]
        assert escalation["escalate"] and "explicit_request" in [r["code"] for r in escalation["reasons"]]
        entities = escalation["handoff"]["entities"]
        assert entities.get("TELEFON", 0) >= 2 and entities.get("PESEL", 0) >= 1, entities

    # no raw personal value in any table, key or log
    leaks_in = _tables_text(postgres_url)
    leaks_in["redis"] = _redis_text(redis_url)
    leaks_in["logs"] = cluster.logs()
    for script in conversations:
        for value in script.raw_values:
            for where, text in leaks_in.items():
                assert value not in text, (value, where)

    # erasure on one worker reaches every store
    erased = conversations[:20]
    for script in erased:
        response = httpx.delete(f"{cluster.url(alive[0])}/conversations/{script.conversation_id}", timeout=30)
        assert response.status_code == 200
        assert response.json()["erased"]["turns"] == 2 * len(script.messages)
    tables, keys = _tables_text(postgres_url), _redis_text(redis_url)
    for script in erased:
        assert all(script.conversation_id not in text for text in tables.values()), script.conversation_id
        assert script.conversation_id not in keys
        assert httpx.get(f"{cluster.url(alive[1])}/conversations/{script.conversation_id}",
                         timeout=30).status_code == 404
    kept = conversations[20]
    assert any(kept.conversation_id in text for text in tables.values())

    # readiness and metrics of a live worker
    assert httpx.get(f"{cluster.url(alive[0])}/ready", timeout=10).json()["status"] == "ready"
    metrics = httpx.get(f"{cluster.url(alive[0])}/metrics", timeout=10).text
    assert "pomocbot_reply_seconds_bucket" in metrics and "pomocbot_handoffs_total" in metrics


def test_a_request_fails_clearly_when_redis_is_down(shop_index: Path, postgres_url: str, redis_server,
                                                    vault_key: str, tmp_path: Path) -> None:
    cluster = Cluster(1, {"POMOCBOT_INDEX": str(shop_index), "POMOCBOT_POSTGRES_URL": postgres_url,
                          "POMOCBOT_REDIS_URL": redis_server.url, "POMOCBOT_VAULT_KEY": vault_key}, tmp_path)
    try:
        cluster.wait_ready()
        _down_and_back(cluster, redis_server)
    finally:
        cluster.stop()


def _down_and_back(cluster: Cluster, redis_server) -> None:
    redis_server.stop()
    try:
        response = httpx.post(f"{cluster.url(0)}/conversations/rozmowa-x/messages",
                              json={"text": "Ile mam dni na zwrot?"}, timeout=60)
        assert response.status_code == 503
        assert response.json()["error"] == "ConversationLockError"
        assert httpx.get(f"{cluster.url(0)}/ready", timeout=30).json()["failing"].get("locks")
        assert httpx.get(f"{cluster.url(0)}/health", timeout=10).status_code == 200
    finally:
        redis_server.restart()
