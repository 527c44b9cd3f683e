"""SQLite conversation store: persistence, schema, typed errors and RODO erasure on disk."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from pomocbot.conversation import SQLiteConversationStore, Turn
from pomocbot.conversation.sqlite import SCHEMA_VERSION
from pomocbot.errors import ConversationStoreError, PomocbotError

pytestmark = pytest.mark.unit

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def customer(text: str, minutes: float = 0, **metadata: object) -> Turn:
    return Turn(role="customer", text=text, at=T0 + timedelta(minutes=minutes), metadata=metadata)


def file_bytes(path: Path) -> bytes:
    """The store's file and its -wal / -shm companions, as they are on disk."""
    data = b""
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        if (path.parent / name).exists():
            data += (path.parent / name).read_bytes()
    return data


def test_turns_survive_reopening(tmp_path) -> None:
    path = tmp_path / "rozmowy.sqlite"
    with SQLiteConversationStore(path) as store:
        store.append("c-1", [customer("Gdzie jest moja paczka?", 0, intent="status")])
        store.append("c-2", [customer("Jak zwrócić buty?", 1)])
    with SQLiteConversationStore(path) as store:
        assert store.conversation_ids() == ["c-1", "c-2"]
        (turn,) = store.turns("c-1")
        assert turn == customer("Gdzie jest moja paczka?", 0, intent="status")
        store.append("c-1", [customer("Halo?", 5)])
        assert [t.text for t in store.turns("c-1")] == ["Gdzie jest moja paczka?", "Halo?"]


def test_schema_is_versioned_wal_and_indexed(tmp_path) -> None:
    path = tmp_path / "rozmowy.sqlite"
    SQLiteConversationStore(path).close()
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        columns = [row[1] for row in db.execute("PRAGMA table_info(turns)")]
        assert columns == ["conversation_id", "seq", "role", "text", "at", "metadata"]
        # the primary key (conversation_id, seq) is the index a conversation is read by
        indexes = db.execute("PRAGMA index_list(turns)").fetchall()
        indexed = [db.execute(f"PRAGMA index_info({row[1]!r})").fetchall() for row in indexes]
        assert any([col[2] for col in cols][:1] == ["conversation_id"] for cols in indexed)
    finally:
        db.close()


def test_time_is_stored_as_iso_utc_and_metadata_as_json(tmp_path) -> None:
    path = tmp_path / "rozmowy.sqlite"
    warsaw = timezone(timedelta(hours=1))
    with SQLiteConversationStore(path) as store:
        at = datetime(2026, 11, 2, 10, 0, tzinfo=warsaw)
        metadata = {"cited": ["zwroty"], "abstained": False}
        store.append("c-1", [Turn(role="assistant", text="Tak.", at=at, metadata=metadata)])
    db = sqlite3.connect(path)
    try:
        at, metadata = db.execute("SELECT at, metadata FROM turns").fetchone()
    finally:
        db.close()
    assert at == "2026-11-02T09:00:00.000000+00:00"
    assert metadata == '{"cited":["zwroty"],"abstained":false}'


def test_parent_folders_are_created(tmp_path) -> None:
    path = tmp_path / "dane" / "rozmowy" / "c.sqlite"
    with SQLiteConversationStore(path):
        pass
    assert path.is_file()


def test_bad_paths_raise_a_typed_error(tmp_path) -> None:
    blocker = tmp_path / "plik.txt"
    blocker.write_text("to nie jest folder")
    not_sqlite = tmp_path / "notatki.sqlite"
    not_sqlite.write_bytes(b"Zamowienie 123: to nie jest baza SQLite, tylko tekst. " * 50)
    for path in (blocker / "c.sqlite", tmp_path, not_sqlite):
        with pytest.raises(ConversationStoreError) as caught:
            SQLiteConversationStore(path)
        assert isinstance(caught.value, PomocbotError)
        assert str(path) in str(caught.value)


def test_a_database_of_another_program_is_refused(tmp_path) -> None:
    path = tmp_path / "inna.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE klienci (imie TEXT)")
    db.commit()
    db.close()
    with pytest.raises(ConversationStoreError, match="another program"):
        SQLiteConversationStore(path)


def test_a_newer_schema_is_refused(tmp_path) -> None:
    path = tmp_path / "rozmowy.sqlite"
    SQLiteConversationStore(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(ConversationStoreError, match="upgrade pomocbot"):
        SQLiteConversationStore(path)


def test_a_closed_store_raises_and_close_is_idempotent(tmp_path) -> None:
    store = SQLiteConversationStore(tmp_path / "c.sqlite")
    store.close()
    store.close()
    with pytest.raises(ConversationStoreError, match="closed"):
        store.turns("c-1")
    with pytest.raises(ConversationStoreError, match="closed"):
        store.append("c-1", [customer("ok")])


def test_metadata_that_is_not_json_is_refused_without_echoing_it(tmp_path) -> None:
    with SQLiteConversationStore(tmp_path / "c.sqlite") as store:
        with pytest.raises(ConversationStoreError, match="JSON") as caught:
            store.append("c-1", [customer("ok", secret=object(), pesel_holder={"02070803628"})])
        assert "02070803628" not in str(caught.value)
        assert store.conversation_ids() == []


# --- RODO erasure: the text must be gone from the bytes on disk -------------------------------

SECRET = "Nazywam się Zofia Wiśniewska-Kowalczyk, mieszkam przy ulicy Modrzewiowej 17"
LONG_SECRET = "Reklamacja Zofii Wiśniewskiej: " + "pękła podeszwa prawego buta; " * 300  # overflow pages


def _fill(store: SQLiteConversationStore) -> None:
    for i in range(30):  # neighbours share pages with the conversation to erase
        store.append(f"inna-{i}", [customer(f"Pytanie o dostawę numer {i}", i)])
        if i == 15:
            store.append("do-usuniecia", [customer(SECRET, i), customer(LONG_SECRET, i + 0.5)])


@pytest.mark.parametrize("secret", [SECRET, LONG_SECRET])
def test_the_files_hold_the_text_before_erasure(tmp_path, secret) -> None:
    # control: the check below would see the text if it were there
    path = tmp_path / "rozmowy.sqlite"
    with SQLiteConversationStore(path) as store:
        _fill(store)
    assert secret.encode("utf-8")[:60] in file_bytes(path)


@pytest.mark.parametrize("secret", [SECRET, LONG_SECRET])
def test_delete_erases_the_text_from_the_files(tmp_path, secret) -> None:
    path = tmp_path / "rozmowy.sqlite"
    store = SQLiteConversationStore(path)
    _fill(store)
    assert store.delete("do-usuniecia") == 2
    needle = secret.encode("utf-8")[:40]
    # already gone while the store is open (main file and WAL) ...
    assert needle not in file_bytes(path)
    store.close()
    # ... and after closing
    assert needle not in file_bytes(path)
    assert b"Zofia" not in file_bytes(path) and "Wiśniewsk".encode() not in file_bytes(path)
    with SQLiteConversationStore(path) as reopened:
        assert reopened.turns("do-usuniecia") == []
        assert len(reopened.conversation_ids()) == 30


def test_retention_cleanup_erases_the_text_from_the_files(tmp_path) -> None:
    path = tmp_path / "rozmowy.sqlite"
    with SQLiteConversationStore(path) as store:
        store.append("stara", [customer(SECRET, 0)])
        store.append("nowa", [customer("Czy paczkomat działa w niedzielę?", 600)])
        assert store.delete_idle_since(T0 + timedelta(hours=1)) == ["stara"]
    assert SECRET.encode("utf-8")[:40] not in file_bytes(path)
    assert b"Czy paczkomat" in file_bytes(path)
