"""The ConversationStore contract, run against both stores (memory and SQLite)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest

from pomocbot.config import ConversationConfig
from pomocbot.conversation import (
    ConversationStore,
    MemoryConversationStore,
    SQLiteConversationStore,
    Turn,
    build_store,
)

pytestmark = pytest.mark.unit

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def customer(text: str, minutes: float = 0, **metadata: object) -> Turn:
    return Turn(role="customer", text=text, at=T0 + timedelta(minutes=minutes), metadata=metadata)


def assistant(text: str, minutes: float = 0, **metadata: object) -> Turn:
    return Turn(role="assistant", text=text, at=T0 + timedelta(minutes=minutes), metadata=metadata)


@pytest.fixture(params=["memory", "sqlite"])
def store(request, tmp_path):
    if request.param == "memory":
        made: ConversationStore = MemoryConversationStore()
    else:
        made = SQLiteConversationStore(tmp_path / "rozmowy.sqlite")
    yield made
    made.close()


def test_both_stores_follow_the_protocol(store) -> None:
    assert isinstance(store, ConversationStore)


def test_turns_come_back_in_order(store) -> None:
    store.append("c-1", [customer("Dzień dobry, gdzie jest moja paczka?", 0)])
    store.append("c-1", [assistant("Paczka jest w drodze [1].", 1), customer("A kiedy dotrze?", 2)])
    assert [turn.text for turn in store.turns("c-1")] == [
        "Dzień dobry, gdzie jest moja paczka?",
        "Paczka jest w drodze [1].",
        "A kiedy dotrze?",
    ]
    assert [turn.role for turn in store.turns("c-1")] == ["customer", "assistant", "customer"]


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        (None, ["pytanie 0", "pytanie 1", "pytanie 2", "pytanie 3", "pytanie 4"]),
        (2, ["pytanie 3", "pytanie 4"]),
        (1, ["pytanie 4"]),
        (5, ["pytanie 0", "pytanie 1", "pytanie 2", "pytanie 3", "pytanie 4"]),
        (50, ["pytanie 0", "pytanie 1", "pytanie 2", "pytanie 3", "pytanie 4"]),
        (0, []),
    ],
)
def test_last_n_turns(store, last, expected) -> None:
    store.append("c-1", [customer(f"pytanie {i}", i) for i in range(5)])
    assert [turn.text for turn in store.turns("c-1", last=last)] == expected


def test_unknown_conversation_is_empty(store) -> None:
    assert store.turns("nie-ma") == []
    assert store.turns("nie-ma", last=3) == []
    assert store.delete("nie-ma") == 0


def test_appending_nothing_creates_nothing(store) -> None:
    store.append("c-1", [])
    assert store.conversation_ids() == []


def test_turns_round_trip_with_metadata_and_time(store) -> None:
    turn = assistant(
        "Zwrot przyjmujemy w ciągu 14 dni [1].",
        3.5,
        abstained=False,
        cited=["zwroty"],
        query="zwrot zwrócić towar",
        confidence=0.82,
        extra={"próba": 2, "kanał": None},
    )
    store.append("c-1", [turn])
    (stored,) = store.turns("c-1")
    assert stored == turn
    assert stored.at == T0 + timedelta(minutes=3.5)


def test_a_time_in_another_zone_is_the_same_instant(store) -> None:
    warsaw = timezone(timedelta(hours=1))
    at = datetime(2026, 11, 2, 10, 30, 15, 123456, tzinfo=warsaw)
    store.append("c-1", [Turn(role="customer", text="Halo?", at=at)])
    assert store.turns("c-1")[0].at == at


def test_delete_counts_and_keeps_other_conversations(store) -> None:
    store.append("c-1", [customer("Chcę zwrócić buty", 0), assistant("Formularz zwrotu [1]", 1)])
    store.append("c-2", [customer("Ile kosztuje kurier?", 0)])
    assert store.delete("c-1") == 2
    assert store.delete("c-1") == 0
    assert store.turns("c-1") == []
    assert store.conversation_ids() == ["c-2"]
    assert [turn.text for turn in store.turns("c-2")] == ["Ile kosztuje kurier?"]


def test_a_deleted_conversation_starts_afresh(store) -> None:
    store.append("c-1", [customer("stare pytanie", 0)])
    store.delete("c-1")
    store.append("c-1", [customer("nowe pytanie", 10)])
    assert [turn.text for turn in store.turns("c-1")] == ["nowe pytanie"]


def test_conversation_ids_in_order_of_creation(store) -> None:
    for cid in ["c-3", "c-1", "c-2"]:
        store.append(cid, [customer("Dzień dobry")])
    store.append("c-3", [customer("jeszcze jedno")])
    assert store.conversation_ids() == ["c-3", "c-1", "c-2"]


def test_delete_idle_since_uses_the_last_turn(store) -> None:
    store.append("stara", [customer("Gdzie paczka?", 0), assistant("W drodze.", 1)])
    store.append("dluga", [customer("Reklamacja butów", 0), customer("Jest już decyzja?", 120)])
    store.append("nowa", [customer("Faktura VAT", 90)])
    cutoff = T0 + timedelta(minutes=60)
    assert store.delete_idle_since(cutoff) == ["stara"]
    assert store.conversation_ids() == ["dluga", "nowa"]
    assert store.delete_idle_since(cutoff) == []
    assert sorted(store.delete_idle_since(T0 + timedelta(days=1))) == ["dluga", "nowa"]
    assert store.conversation_ids() == []


def test_delete_idle_since_accepts_a_naive_utc_cutoff(store) -> None:
    store.append("c-1", [customer("Dzień dobry", 0)])
    assert store.delete_idle_since(datetime(2026, 11, 2, 8, 59)) == []
    assert store.delete_idle_since(datetime(2026, 11, 2, 9, 1)) == ["c-1"]


def test_a_turn_exactly_at_the_cutoff_is_not_idle(store) -> None:
    store.append("c-1", [customer("Dzień dobry", 0)])
    assert store.delete_idle_since(T0) == []


def test_threads_writing_different_conversations(store) -> None:
    threads, turns_each = 8, 40
    start = threading.Barrier(threads)

    def write(worker: int) -> None:
        start.wait()
        for i in range(turns_each):
            store.append(f"c-{worker}", [customer(f"wątek {worker} pytanie {i}", i)])
            if i % 10 == 0:  # readers interleave with writers
                assert len(store.turns(f"c-{worker}")) == i + 1

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(write, range(threads)))
    assert sorted(store.conversation_ids()) == sorted(f"c-{w}" for w in range(threads))
    for worker in range(threads):
        texts = [turn.text for turn in store.turns(f"c-{worker}")]
        assert texts == [f"wątek {worker} pytanie {i}" for i in range(turns_each)]


def test_threads_appending_to_one_conversation_lose_nothing(store) -> None:
    threads, turns_each = 6, 25

    def write(worker: int) -> None:
        for i in range(turns_each):
            store.append("wspolna", [customer(f"{worker}:{i}", i), assistant(f"{worker}:{i} odp", i)])

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(write, range(threads)))
    texts = [turn.text for turn in store.turns("wspolna")]
    assert len(texts) == threads * turns_each * 2
    # one append is atomic: a question is directly followed by its answer
    assert all(answer == f"{question} odp" for question, answer in zip(texts[::2], texts[1::2], strict=True))


def test_context_manager_closes(tmp_path) -> None:
    with MemoryConversationStore() as memory:
        memory.append("c-1", [customer("ok")])
    with SQLiteConversationStore(tmp_path / "c.sqlite") as sqlite:
        sqlite.append("c-1", [customer("ok")])
    assert "closed" in repr(sqlite)


@pytest.mark.parametrize(
    ("settings", "kind"),
    [
        ({}, MemoryConversationStore),
        ({"store": "memory"}, MemoryConversationStore),
        ({"store": "sqlite", "sqlite_path": "{tmp}/a/b/rozmowy.sqlite"}, SQLiteConversationStore),
    ],
)
def test_build_store(tmp_path, settings, kind) -> None:
    settings = {key: value.format(tmp=tmp_path) for key, value in settings.items()}
    made = build_store(ConversationConfig(**settings))
    try:
        assert type(made) is kind
        assert isinstance(made, ConversationStore)
    finally:
        made.close()
    if kind is SQLiteConversationStore:
        assert (tmp_path / "a" / "b" / "rozmowy.sqlite").is_file()
