"""PostgreSQL conversation store: the store contract, concurrency across workers, schema, erasure, errors.

Needs a real server: the ``postgres_url`` fixture (conftest.py) gives each test
a fresh database on a session-wide pgserver, or skips when there is none.
"""

from __future__ import annotations

import inspect
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest

from pomocbot.conversation import SQLiteConversationStore, Turn
from pomocbot.conversation.base import Feedback
from pomocbot.conversation.postgres import PostgresConversationStore, mask_url
from pomocbot.conversation.postgres_schema import MIGRATIONS, SCHEMA_VERSION, migrate
from pomocbot.errors import ConversationStoreError, InvalidArgumentError, PomocbotError
from tests.conversation import test_feedback, test_stores

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed: pip install 'pomocbot[postgres]'")

pytestmark = pytest.mark.unit

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def customer(text: str, minutes: float = 0, **metadata: object) -> Turn:
    return Turn(role="customer", text=text, at=T0 + timedelta(minutes=minutes), metadata=metadata)


def rows(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    """What the tables hold, read past the store."""
    with psycopg.connect(url) as db:
        return db.execute(sql, params).fetchall()


# --- the contract of test_stores.py and test_feedback.py, run against PostgreSQL ----------------
# Every test there that takes a `store` is collected here too, with the `store` below; test_feedback's
# tests expect two stored conversations, as its own fixture makes them.


def _store_tests(*modules: object) -> dict[str, object]:
    tests: dict[str, object] = {}
    for module in modules:
        for name, test in vars(module).items():
            if name.startswith("test_") and callable(test) and "store" in inspect.signature(test).parameters:
                assert name not in tests, f"{name} is in two contract modules; rename one"
                tests[name] = test
    return tests


_CONTRACT = _store_tests(test_stores, test_feedback)
globals().update(_CONTRACT)


@pytest.fixture
def store(request, postgres_url):
    made = PostgresConversationStore(postgres_url)
    if request.function.__module__ == test_feedback.__name__:
        for n, cid in enumerate(["c-1", "c-2"]):
            made.append(cid, [Turn(role="customer", text="Gdzie paczka?", at=T0 + timedelta(days=n))])
    yield made
    made.close()


def test_the_contract_is_collected() -> None:
    assert len(_CONTRACT) > 20
    assert "test_threads_appending_to_one_conversation_lose_nothing" in _CONTRACT
    assert "test_delete_erases_the_feedback_too" in _CONTRACT


# --- both durable stores, side by side -------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgres"])
def durable(request, tmp_path):
    if request.param == "sqlite":
        made = SQLiteConversationStore(tmp_path / "rozmowy.sqlite")
    else:
        made = PostgresConversationStore(request.getfixturevalue("postgres_url"))
    yield made
    made.close()


def test_conversations_of_a_customer_across_channels(durable) -> None:
    durable.append("czat-1", [customer("Gdzie paczka?", 0, customer_id="K-77", channel="chat")])
    durable.append("mail-1", [customer("Faktura", 30, customer_id="K-77", channel="email")])
    durable.append("czat-2", [customer("Inny klient", 10, customer_id="K-12")])
    durable.append("czat-1", [customer("Halo?", 60, customer_id="K-77")])  # most recent now
    assert durable.conversations_of("K-77") == ["mail-1", "czat-1"]
    assert durable.conversations_of("nikt") == []
    durable.delete("czat-1")
    assert durable.conversations_of("K-77") == ["mail-1"]


def test_feedback_is_kept_in_order_of_recording(durable) -> None:
    for cid in ["c-1", "c-2"]:
        durable.append(cid, [customer("Dzień dobry")])
    assert durable.add_feedback("c-2", Feedback(nps=3, at=T0))
    assert durable.add_feedback("c-1", Feedback(csat=5, at=T0))
    assert durable.add_feedback("c-2", Feedback(comment="Dzięki", at=T0 + timedelta(hours=1)))
    assert durable.add_feedback("brak", Feedback(csat=1, at=T0)) is False
    assert [(cid, f.nps, f.csat) for cid, f in durable.all_feedback()] == [
        ("c-2", 3, None), ("c-1", None, 5), ("c-2", None, None)]
    assert [f.comment for f in durable.feedback("c-2")] == [None, "Dzięki"]


def test_metadata_that_is_not_json_is_refused_without_echoing_it(durable) -> None:
    with pytest.raises(ConversationStoreError, match="JSON") as caught:
        durable.append("c-1", [customer("ok", secret=object(), pesel_holder={"02070803628"})])
    assert "02070803628" not in str(caught.value)
    assert durable.conversation_ids() == []


def test_threads_of_two_stores_rate_one_conversation(durable) -> None:
    durable.append("c-1", [customer("Dzień dobry")])

    def rate(worker: int) -> None:
        for i in range(10):
            assert durable.add_feedback("c-1", Feedback(csat=1 + (worker + i) % 5, at=T0))

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(rate, range(4)))
    assert len(durable.feedback("c-1")) == len(durable.all_feedback()) == 40


# --- concurrency: workers appending to one conversation --------------------------------------------


def test_four_threads_of_two_workers_append_every_turn_once_in_order(postgres_url) -> None:
    threads, turns_each = 4, 50
    # two stores stand for two worker processes; the second has one connection, so its threads queue
    workers = [PostgresConversationStore(postgres_url), PostgresConversationStore(postgres_url, max_size=1)]
    start = threading.Barrier(threads)

    def write(thread: int) -> None:
        store = workers[thread % 2]
        start.wait()
        for i in range(turns_each):
            store.append("wspolna", [customer(f"{thread}:{i}", i)])

    try:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(write, range(threads)))
        texts = [turn.text for turn in workers[0].turns("wspolna")]
    finally:
        for worker in workers:
            worker.close()
    assert sorted(texts) == sorted(f"{t}:{i}" for t in range(threads) for i in range(turns_each))
    for thread in range(threads):
        assert [text for text in texts if text.startswith(f"{thread}:")] == [
            f"{thread}:{i}" for i in range(turns_each)]
    seqs = [seq for (seq,) in rows(postgres_url, "SELECT seq FROM turns ORDER BY seq")]
    assert seqs == list(range(threads * turns_each))
    assert rows(postgres_url, "SELECT turn_count FROM conversations") == [(threads * turns_each,)]


# --- erasure: no row is left behind -------------------------------------------------------------------

_TABLES = ("conversations", "turns", "feedback", "customers")


def _fill(store: PostgresConversationStore) -> None:
    store.append("do-usuniecia", [customer("Nazywam się Zofia Wiśniewska", 0, customer_id="K-1"),
                                  customer("ul. Modrzewiowa 17", 1, customer_id="K-1")])
    store.add_feedback("do-usuniecia", Feedback(csat=2, comment="Zofia W.", at=T0))
    store.append("zostaje", [customer("Czy paczkomat działa w niedzielę?", 600, customer_id="K-1")])
    store.add_feedback("zostaje", Feedback(nps=9, at=T0))


def _left(url: str, cid: str) -> dict[str, int]:
    return {table: rows(url, f"SELECT count(*) FROM {table} WHERE conversation_id = %s", (cid,))[0][0]
            for table in _TABLES}


def test_delete_leaves_no_row_of_the_conversation(postgres_url) -> None:
    with PostgresConversationStore(postgres_url) as store:
        _fill(store)
        assert _left(postgres_url, "do-usuniecia") == {
            "conversations": 1, "turns": 2, "feedback": 1, "customers": 1}  # control
        assert store.delete("do-usuniecia") == 2
    assert _left(postgres_url, "do-usuniecia") == dict.fromkeys(_TABLES, 0)
    assert _left(postgres_url, "zostaje") == {"conversations": 1, "turns": 1, "feedback": 1, "customers": 1}
    texts = rows(postgres_url, "SELECT text FROM turns") + rows(postgres_url, "SELECT comment FROM feedback")
    assert not any("Zofia" in str(text) for (text,) in texts)


def test_retention_cleanup_leaves_no_row(postgres_url) -> None:
    with PostgresConversationStore(postgres_url) as store:
        _fill(store)
        assert store.delete_idle_since(T0 + timedelta(hours=1)) == ["do-usuniecia"]
    assert _left(postgres_url, "do-usuniecia") == dict.fromkeys(_TABLES, 0)
    assert [cid for (cid,) in rows(postgres_url, "SELECT conversation_id FROM conversations")] == ["zostaje"]


# --- schema and migrations ------------------------------------------------------------------------------


def _versions(url: str) -> list[tuple]:
    return rows(url, "SELECT version, applied_at FROM pomocbot_schema_version ORDER BY version")


def test_schema_is_versioned_and_typed(postgres_url) -> None:
    warsaw = timezone(timedelta(hours=1))
    with PostgresConversationStore(postgres_url) as store:
        at = datetime(2026, 11, 2, 10, 0, tzinfo=warsaw)
        store.append("c-1", [Turn(role="assistant", text="Tak.", at=at,
                                  metadata={"cited": ["zwroty"], "abstained": False})])
    assert [version for version, _ in _versions(postgres_url)] == [1, 2, 3] and SCHEMA_VERSION == 3
    columns = rows(postgres_url, "SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = 'turns' ORDER BY ordinal_position")
    assert columns == [("conversation_id", "text"), ("seq", "integer"), ("role", "text"), ("text", "text"),
                       ("at", "timestamp with time zone"), ("metadata", "json")]
    at, metadata = rows(postgres_url, "SELECT at, metadata::text FROM turns")[0]
    assert at == datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
    assert metadata == '{"cited":["zwroty"],"abstained":false}'  # as written, key order kept


def test_migrating_again_is_a_no_op(postgres_url) -> None:
    with PostgresConversationStore(postgres_url) as store:
        store.append("c-1", [customer("Gdzie paczka?")])
    before = _versions(postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as db:
        assert migrate(db, "test") == (SCHEMA_VERSION, SCHEMA_VERSION)
    with PostgresConversationStore(postgres_url) as store:
        assert [t.text for t in store.turns("c-1")] == ["Gdzie paczka?"]
    assert _versions(postgres_url) == before


def test_two_stores_opening_a_fresh_database_at_once_both_succeed(postgres_url) -> None:
    opening = 4
    start = threading.Barrier(opening)

    def open_store(_: int) -> PostgresConversationStore:
        start.wait()
        return PostgresConversationStore(postgres_url)

    with ThreadPoolExecutor(opening) as pool:
        stores = list(pool.map(open_store, range(opening)))
    try:
        stores[0].append("c-1", [customer("z pierwszego")])
        assert [t.text for t in stores[-1].turns("c-1")] == ["z pierwszego"]
    finally:
        for store in stores:
            store.close()
    assert [version for version, _ in _versions(postgres_url)] == [1, 2, 3]


def test_a_version_1_database_is_upgraded_and_keeps_its_turns(postgres_url) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute("CREATE TABLE pomocbot_schema_version (version integer PRIMARY KEY, "
                   "applied_at timestamptz NOT NULL DEFAULT now())")
        for statement in MIGRATIONS[1]:
            db.execute(statement)
        db.execute("INSERT INTO pomocbot_schema_version (version) VALUES (1)")
        db.execute("INSERT INTO conversations (conversation_id, last_at, turn_count) "
                   "VALUES ('c-1', %s, 1)", (T0,))
        db.execute("INSERT INTO turns VALUES ('c-1', 0, 'customer', 'Gdzie paczka?', %s, '{}')", (T0,))
    with PostgresConversationStore(postgres_url) as store:
        assert [t.text for t in store.turns("c-1")] == ["Gdzie paczka?"]
        assert store.add_feedback("c-1", Feedback(csat=4, at=T0))
    assert [version for version, _ in _versions(postgres_url)] == [1, 2, 3]


def test_a_newer_schema_is_refused(postgres_url) -> None:
    PostgresConversationStore(postgres_url).close()
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute("INSERT INTO pomocbot_schema_version (version) VALUES (%s)", (SCHEMA_VERSION + 1,))
    with pytest.raises(ConversationStoreError, match="upgrade pomocbot"):
        PostgresConversationStore(postgres_url)


def test_tables_of_another_program_are_refused(postgres_url) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute("CREATE TABLE turns (gracz text, ruch integer)")
    with pytest.raises(ConversationStoreError, match="another program"):
        PostgresConversationStore(postgres_url)
    assert rows(postgres_url, "SELECT to_regclass('conversations')") == [(None,)]  # nothing created


# --- errors: typed, password masked --------------------------------------------------------------------

SECRET = "Tajne-Haslo-42"


@pytest.mark.parametrize("url", [
    # nothing listens there
    f"postgresql://pomocbot:{SECRET}@127.0.0.1:1/rozmowy",
    # not a URL libpq accepts: a bad port, an unknown parameter, a broken key=value string
    f"postgresql://pomocbot:{SECRET}@localhost:port/rozmowy",
    f"postgresql://pomocbot:{SECRET}@localhost/rozmowy?haslo={SECRET}",
    f"host=localhost password={SECRET} {SECRET}",
    f"dbname=rozmowy password='{SECRET}' nieznana_opcja=1",
])
def test_a_bad_url_is_a_typed_error_that_masks_the_password(url) -> None:
    with pytest.raises(ConversationStoreError) as caught:
        PostgresConversationStore(url, connect_timeout=2)
    assert isinstance(caught.value, PomocbotError)
    assert SECRET not in str(caught.value)
    assert "***" in str(caught.value) or "password" not in url


def test_a_wrong_database_name_is_a_typed_error(postgres_server) -> None:
    from tests.servers import database_url

    with pytest.raises(ConversationStoreError, match="cannot connect"):
        PostgresConversationStore(database_url(postgres_server, "nie_ma_takiej_bazy"))


@pytest.mark.parametrize("url", [None, "", "   ", 5432])
def test_a_url_that_is_no_text_is_refused(url) -> None:
    with pytest.raises(ConversationStoreError, match="non-empty str"):
        PostgresConversationStore(url)


@pytest.mark.parametrize(("min_size", "max_size"), [(0, 8), (3, 2), (1, 0), (1.5, 8), (True, 8)])
def test_bad_pool_sizes_are_refused(min_size, max_size) -> None:
    with pytest.raises(InvalidArgumentError, match="min_size"):
        PostgresConversationStore("postgresql://localhost/rozmowy", min_size=min_size, max_size=max_size)


@pytest.mark.parametrize(("url", "masked"), [
    ("postgresql://bot:tajne@db/rozmowy", "postgresql://bot:***@db/rozmowy"),
    ("postgres://:tajne@db:5432/rozmowy", "postgres://:***@db:5432/rozmowy"),
    ("postgresql://bot@db/rozmowy", "postgresql://bot@db/rozmowy"),  # no password
    ("postgresql://db:5432/rozmowy", "postgresql://db:5432/rozmowy"),  # a port is no password
    ("postgresql://bot@db/rozmowy?password=tajne&sslmode=require",
     "postgresql://bot@db/rozmowy?password=***&sslmode=require"),
    ("host=db PASSWORD = tajne user=bot", "host=db PASSWORD = *** user=bot"),
])
def test_mask_url(url, masked) -> None:
    assert mask_url(url) == masked


def test_a_closed_store_raises_and_close_is_idempotent(postgres_url) -> None:
    store = PostgresConversationStore(postgres_url.replace("postgresql://postgres:", f"postgresql://postgres:{SECRET}"))
    assert SECRET not in repr(store) and "open" in repr(store)
    store.close()
    store.close()
    assert "closed" in repr(store)
    with pytest.raises(ConversationStoreError, match="closed"):
        store.turns("c-1")
    with pytest.raises(ConversationStoreError, match="closed"):
        store.append("c-1", [customer("ok")])


def test_text_postgresql_cannot_hold_is_a_typed_error_without_echo(postgres_url) -> None:
    with PostgresConversationStore(postgres_url) as store:
        with pytest.raises(ConversationStoreError) as caught:
            store.append("c-1", [customer("PESEL 02070803628\x00")])
        assert "02070803628" not in str(caught.value)
        assert store.conversation_ids() == []  # the append was rolled back whole


def test_a_connection_the_server_dropped_is_replaced(postgres_url) -> None:
    with PostgresConversationStore(postgres_url) as store:
        store.append("c-1", [customer("Gdzie paczka?")])
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        with pytest.raises(ConversationStoreError, match="failed"):
            store.turns("c-1")
        assert [t.text for t in store.turns("c-1")] == ["Gdzie paczka?"]


def test_the_config_names_the_postgres_store_by_url(postgres_url: str) -> None:
    from pomocbot.config import ConversationConfig
    from pomocbot.conversation import build_store

    config = ConversationConfig(store="postgres", postgres_url=postgres_url)
    assert "postgres_url" not in repr(config)
    with build_store(config) as store:
        assert isinstance(store, PostgresConversationStore)
    with pytest.raises(ValueError, match=r"needs conversation\.postgres_url"):
        ConversationConfig(store="postgres")
