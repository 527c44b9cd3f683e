"""Per-conversation locks across workers: a real Redis started by the tests (tests/servers.py)."""

from __future__ import annotations

import threading
import time

import pytest

from pomocbot import Assistant, AssistantConfig, ConversationConfig, Document
from pomocbot.conversation.locks import LocalLocks, RedisLocks, build_locks
from pomocbot.errors import ConfigError, ConversationBusyError, ConversationLockError
from tests.conftest import FakeEmbedder
from tests.servers import free_port


def test_local_locks_serialise_one_conversation_and_not_others() -> None:
    locks = LocalLocks(stripes=8)
    order: list[str] = []
    with locks.hold("rozmowa-1"):
        other = threading.Thread(target=lambda: _hold_and_note(locks, "rozmowa-1", order))
        other.start()
        time.sleep(0.05)
        order.append("pierwszy")
    other.join()
    assert order == ["pierwszy", "drugi"]


def _hold_and_note(locks: LocalLocks | RedisLocks, conversation_id: str, order: list[str]) -> None:
    with locks.hold(conversation_id):
        order.append("drugi")


def test_build_locks_refuses_a_url_that_is_not_redis() -> None:
    with pytest.raises(ConfigError, match=r"\*\*\*"):
        build_locks("postgresql://pomocbot:tajne@db/rozmowy")


def test_two_workers_take_turns_on_one_conversation(redis_url: str) -> None:
    first, second = RedisLocks(redis_url), RedisLocks(redis_url)  # two workers: two clients
    order: list[str] = []
    with first.hold("rozmowa-7"):
        waiting = threading.Thread(target=lambda: _hold_and_note(second, "rozmowa-7", order))
        waiting.start()
        time.sleep(0.2)
        order.append("pierwszy")
    waiting.join(5)
    assert order == ["pierwszy", "drugi"]
    with first.hold("rozmowa-8"), second.hold("rozmowa-9"):  # other conversations do not wait
        pass


def test_a_busy_conversation_raises_after_the_wait(redis_url: str) -> None:
    first, second = RedisLocks(redis_url), RedisLocks(redis_url, wait_s=0.2)
    with first.hold("rozmowa-1"), pytest.raises(ConversationBusyError, match=r"0\.2 s"), \
            second.hold("rozmowa-1"):
        pass


def test_a_long_turn_keeps_its_lock_by_renewing_it(redis_url: str) -> None:
    holder, other = RedisLocks(redis_url, timeout_s=0.3), RedisLocks(redis_url, wait_s=0)
    with holder.hold("rozmowa-dluga"):
        time.sleep(1.0)  # over three timeouts: renewed, so still held
        with pytest.raises(ConversationBusyError), other.hold("rozmowa-dluga"):
            pass
    assert holder.lost == 0
    with other.hold("rozmowa-dluga"):
        pass


def test_a_dead_worker_s_lock_expires(redis_url: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url)
    client.lock("pomocbot:lock:rozmowa-porzucona", timeout=0.3).acquire()  # never released: a crash
    with RedisLocks(redis_url, wait_s=2).hold("rozmowa-porzucona"):
        pass


def test_a_killed_connection_is_reconnected(redis_url: str) -> None:
    import redis

    locks = RedisLocks(redis_url)
    with locks.hold("rozmowa-1"):
        pass
    with redis.Redis.from_url(redis_url) as admin:
        assert admin.client_kill_filter(_type="normal", skipme=True) >= 1
    with locks.hold("rozmowa-1"):  # the pool's socket was closed by the server: a new one is made
        pass


def test_an_unreachable_redis_is_a_clear_error_before_the_turn() -> None:
    locks = RedisLocks(f"redis://:tajne@127.0.0.1:{free_port()}/0", wait_s=0.1)
    with pytest.raises(ConversationLockError, match="not processed") as caught, locks.hold("rozmowa-1"):
        raise AssertionError("the turn must not run")
    assert "tajne" not in str(caught.value)
    with pytest.raises(ConversationLockError, match="unreachable"):
        locks.ping()


def test_assistants_sharing_redis_and_postgres_number_concurrent_turns_once(
        redis_url: str, postgres_url: str) -> None:
    config = AssistantConfig(conversation=ConversationConfig(
        store="postgres", postgres_url=postgres_url, lock_url=redis_url))
    embedder = FakeEmbedder()
    workers = [Assistant(config, embedder=embedder) for _ in range(2)]
    for worker in workers:
        worker.add_documents([Document(id="zwroty", title="Zwroty",
                                       text="Na zwrot towaru masz 14 dni od dnia odbioru paczki.")])
    errors: list[BaseException] = []

    def ask(worker: Assistant, n: int) -> None:
        try:
            for i in range(4):
                worker.reply(f"Ile mam dni na zwrot? (pytanie {n}.{i})", "rozmowa-wspolna")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=ask, args=(workers[n % 2], n)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    turns = workers[0].conversations.turns("rozmowa-wspolna")
    assert len(turns) == 32  # 16 messages, 16 replies
    assert [t.role for t in turns] == ["customer", "assistant"] * 16
    for worker in workers:
        worker.conversations.close()


def test_a_saved_index_keeps_no_server_url(tmp_path) -> None:
    config = AssistantConfig(conversation=ConversationConfig(
        lock_url="redis://:tajne-haslo@127.0.0.1:6390/0", postgres_url="postgresql://u:tajne-haslo@db/x"))
    Assistant(config, embedder=FakeEmbedder()).save(tmp_path / "indeks")
    saved = "".join(p.read_text(errors="replace") for p in (tmp_path / "indeks").rglob("*") if p.is_file())
    assert "manifest" in str(list((tmp_path / "indeks").rglob("manifest.json")))
    assert "tajne-haslo" not in saved
