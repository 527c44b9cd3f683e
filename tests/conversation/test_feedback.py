"""Customer feedback: validation, redaction of the comment, storage per conversation, erasure with it."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from pomocbot.conversation import MemoryConversationStore, SQLiteConversationStore, Turn
from pomocbot.conversation.base import Feedback, FeedbackStore
from pomocbot.conversation.feedback import MAX_COMMENT_CHARS, feedback_store, record_feedback
from pomocbot.conversation.sqlite import SCHEMA_VERSION
from pomocbot.errors import ConversationStoreError, InvalidArgumentError, RedactionError

pytestmark = pytest.mark.unit

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def keep(text: str) -> str:
    return text


def mask_digits(text: str) -> str:
    return "".join("#" if ch.isdigit() else ch for ch in text)


@pytest.fixture(params=["memory", "sqlite"])
def store(request, tmp_path):
    made = MemoryConversationStore() if request.param == "memory" else SQLiteConversationStore(
        tmp_path / "rozmowy.sqlite")
    for n, cid in enumerate(["c-1", "c-2"]):
        made.append(cid, [Turn(role="customer", text="Gdzie paczka?", at=T0 + timedelta(days=n))])
    yield made
    made.close()


def test_both_stores_keep_feedback(store) -> None:
    assert isinstance(store, FeedbackStore)
    first = record_feedback(store, "c-1", csat=4, nps=9, at=T0, redact=keep)
    second = record_feedback(store, "c-1", comment="Dzięki", at=T0 + timedelta(hours=1), redact=keep)
    record_feedback(store, "c-2", nps=3, at=T0, redact=keep)
    assert store.feedback("c-1") == [first, second]
    assert [(cid, f.nps) for cid, f in store.all_feedback()] == [("c-1", 9), ("c-1", None), ("c-2", 3)]
    assert store.feedback("nieznana") == []


def test_the_comment_is_redacted_before_it_is_stored(store) -> None:
    kept = record_feedback(store, "c-1", csat=2, comment="  Oddzwońcie: 601 234 567 ", at=T0,
                           redact=mask_digits)
    assert kept.comment == "Oddzwońcie: ### ### ###"
    assert store.feedback("c-1")[0].comment == "Oddzwońcie: ### ### ###"


def test_a_failing_redaction_stores_nothing(store) -> None:
    def broken(text: str) -> str:
        raise RedactionError("detector failed")

    with pytest.raises(RedactionError):
        record_feedback(store, "c-1", csat=5, comment="PESEL 02070803628", at=T0, redact=broken)
    assert store.feedback("c-1") == []


def test_the_sqlite_file_never_holds_the_raw_comment(tmp_path) -> None:
    path = tmp_path / "rozmowy.sqlite"
    with SQLiteConversationStore(path) as store:
        store.append("c-1", [Turn(role="customer", text="Hej", at=T0)])
        record_feedback(store, "c-1", comment="mój numer 601234567", at=T0, redact=mask_digits)
    assert b"601234567" not in path.read_bytes()


@pytest.mark.parametrize("values, words", [
    # out of range
    ({"csat": 0}, "csat must be an int from 1"),
    ({"csat": 6}, "csat must be an int from 1"),
    ({"nps": -1}, "nps must be an int from 0"),
    ({"nps": 11}, "nps must be an int from 0"),
    # not an int: a float, a string, a bool
    ({"csat": 4.5}, "csat must be an int"),
    ({"nps": "10"}, "nps must be an int"),
    ({"csat": True}, "csat must be an int"),
    # nothing to keep
    ({}, "needs csat, nps or a comment"),
    ({"comment": "   "}, "needs csat, nps or a comment"),
    # comment not text, or too long
    ({"comment": 5}, "comment must be a str"),
    ({"comment": "x" * (MAX_COMMENT_CHARS + 1)}, "at most"),
])
def test_bad_values_are_typed_errors(store, values, words) -> None:
    with pytest.raises(InvalidArgumentError, match=words):
        record_feedback(store, "c-1", at=T0, redact=keep, **values)
    assert store.feedback("c-1") == []


@pytest.mark.parametrize("score", [1, 5])
def test_csat_bounds_are_allowed(store, score) -> None:
    assert record_feedback(store, "c-1", csat=score, at=T0, redact=keep).csat == score


@pytest.mark.parametrize("score", [0, 10])
def test_nps_bounds_are_allowed(store, score) -> None:
    assert record_feedback(store, "c-1", nps=score, at=T0, redact=keep).nps == score


def test_other_bad_arguments(store) -> None:
    with pytest.raises(InvalidArgumentError, match="at must be a datetime"):
        record_feedback(store, "c-1", csat=5, at="wczoraj", redact=keep)
    with pytest.raises(InvalidArgumentError, match="conversation_id"):
        record_feedback(store, "", csat=5, at=T0, redact=keep)
    with pytest.raises(InvalidArgumentError, match="not str"):
        record_feedback(store, "c-1", comment="hej", at=T0, redact=lambda text: None)
    with pytest.raises(InvalidArgumentError, match="redact must be a callable"):
        record_feedback(store, "c-1", comment="hej", at=T0, redact="mask")


def test_feedback_for_an_unknown_conversation_is_refused(store) -> None:
    with pytest.raises(InvalidArgumentError, match="no stored conversation"):
        record_feedback(store, "nieznana", csat=5, at=T0, redact=keep)
    assert store.all_feedback() == []
    assert store.add_feedback("nieznana", Feedback(csat=5, at=T0)) is False


def test_a_naive_time_is_utc(store) -> None:
    kept = record_feedback(store, "c-1", csat=5, at=datetime(2026, 11, 2, 10, 0), redact=keep)
    assert kept.at == datetime(2026, 11, 2, 10, 0, tzinfo=timezone.utc)
    assert store.feedback("c-1")[0].at == kept.at


def test_delete_erases_the_feedback_too(store) -> None:
    record_feedback(store, "c-1", csat=5, comment="Super", at=T0, redact=keep)
    record_feedback(store, "c-2", csat=1, at=T0, redact=keep)
    assert store.delete("c-1") == 1
    assert store.feedback("c-1") == [] and [cid for cid, _ in store.all_feedback()] == ["c-2"]
    # a new conversation under the same id starts without the old feedback
    store.append("c-1", [Turn(role="customer", text="Znowu ja", at=T0)])
    assert store.feedback("c-1") == []


def test_delete_idle_since_erases_the_feedback_too(store) -> None:
    record_feedback(store, "c-1", csat=5, at=T0 + timedelta(days=5), redact=keep)  # feedback is no activity
    record_feedback(store, "c-2", csat=1, at=T0, redact=keep)
    assert store.delete_idle_since(T0 + timedelta(hours=12)) == ["c-1"]
    assert [cid for cid, _ in store.all_feedback()] == ["c-2"]


def test_deleted_feedback_leaves_no_comment_on_disk(tmp_path) -> None:
    path = tmp_path / "rozmowy.sqlite"
    with SQLiteConversationStore(path) as store:
        store.append("c-1", [Turn(role="customer", text="Hej", at=T0)])
        record_feedback(store, "c-1", comment="Niepowtarzalny komentarz XYZZY", at=T0, redact=keep)
        store.delete("c-1")
        data = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith(path.name))
    assert b"XYZZY" not in data


V1_SCHEMA = """
CREATE TABLE conversations (conversation_id TEXT PRIMARY KEY, last_at TEXT NOT NULL);
CREATE INDEX conversations_last_at ON conversations (last_at);
CREATE TABLE turns (conversation_id TEXT NOT NULL, seq INTEGER NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('customer', 'assistant')), text TEXT NOT NULL, at TEXT NOT NULL,
    metadata TEXT NOT NULL DEFAULT '{}', PRIMARY KEY (conversation_id, seq));
"""


def test_a_version_1_file_is_upgraded_and_keeps_its_turns(tmp_path) -> None:
    path = tmp_path / "stary.sqlite"
    db = sqlite3.connect(path)
    db.executescript(V1_SCHEMA)
    db.execute("INSERT INTO conversations VALUES ('c-1', '2026-11-02T09:00:00.000000+00:00')")
    db.execute("INSERT INTO turns VALUES ('c-1', 0, 'customer', 'Gdzie paczka?', "
               "'2026-11-02T09:00:00.000000+00:00', '{}')")
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()
    with SQLiteConversationStore(path) as store:
        assert [t.text for t in store.turns("c-1")] == ["Gdzie paczka?"]
        record_feedback(store, "c-1", csat=4, at=T0, redact=keep)
    with SQLiteConversationStore(path) as store:  # reopening an upgraded file changes nothing
        assert [f.csat for f in store.feedback("c-1")] == [4]
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
        columns = [row[1] for row in db.execute("PRAGMA table_info(feedback)")]
        assert columns == ["conversation_id", "seq", "at", "csat", "nps", "comment"]
    finally:
        db.close()


def test_a_store_without_feedback_methods_gets_a_clear_error() -> None:
    class TurnsOnly:
        def turns(self, conversation_id, last=None):
            return [Turn(role="customer", text="Hej", at=T0)]

    with pytest.raises(ConversationStoreError, match="TurnsOnly keeps no feedback"):
        record_feedback(TurnsOnly(), "c-1", csat=5, at=T0, redact=keep)
    with pytest.raises(ConversationStoreError, match="FeedbackStore"):
        feedback_store(TurnsOnly())
