"""The privacy state shared by workers: one vault and one redaction state per conversation, encrypted.

Each test runs on every backend: ``memory://`` (always), PostgreSQL and Redis
(real servers started by the tests, skipped where none can start; see
tests/servers.py). Two :class:`Redactor` instances on one store stand for
two workers behind a load balancer.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from pomocbot.guardrails.redaction import Redactor
from pomocbot.guardrails.redaction_state import simple_name_key
from pomocbot.guardrails.redaction_store import MemoryStateStore
from pomocbot.shared import SharedStateError, StateConflictError, VaultKeyError, generate_key
from pomocbot.shared.factory import SharedPrivacy, open_shared_privacy
from pomocbot.types import PIIEntity

pytestmark = pytest.mark.unit

CID = "rozmowa-7f3a"  # distinctive: never a chance substring of a ciphertext

# what the customers wrote, and every form of it that must never reach the store
PII = ["Jan Kowalski", "Jana Kowalskiego", "Kowalsk", "Anna Nowak", "Nowak", "02070803628", "0207080",
       "+48 600 100 200", "600 100 200", "600100200", "anna.nowak@poczta.pl", "poczta.pl"]

_PATTERNS = {
    "OSOBA": r"(?:Jan\w*|Ann\w+) (?:Kowalsk\w+|Nowak\w*)",
    "PESEL": r"(?<!\d)\d{11}(?!\d)",
    "TELEFON": r"\+48 \d{3} \d{3} \d{3}",
    "EMAIL": r"\S+@\S+\.pl",
}


class Regexes:
    """A toy detector: what the patterns above match (PolishPIIDetector is slower to load)."""

    def detect(self, text: str) -> list[PIIEntity]:
        return [PIIEntity(entity_type=kind, start=m.start(), end=m.end(), score=1.0, recognizer="toy")
                for kind, pattern in _PATTERNS.items() for m in re.finditer(pattern, text)]


@pytest.fixture(params=["memory", "postgres", "redis"])
def url(request: pytest.FixtureRequest) -> str:
    if request.param == "memory":
        return "memory://"
    return str(request.getfixturevalue(f"{request.param}_url"))


@pytest.fixture
def key() -> str:
    return generate_key()


@pytest.fixture
def opened(url: str, key: str):
    """Every SharedPrivacy a test opens on ``url`` (memory:// ones share one backend), closed after it."""
    made: list[SharedPrivacy] = []

    def open_(with_key: str = key, **options: object) -> SharedPrivacy:
        privacy = open_shared_privacy(url, key=with_key, **options)
        if url == "memory://" and made:  # one process: the "server" is the first backend
            privacy = SharedPrivacy(type(privacy.vault)(made[0].backend, privacy.vault._keys,
                                                        privacy.vault.retention_days),
                                    type(privacy.states)(made[0].backend, privacy.states._keys),
                                    made[0].backend)
        made.append(privacy)
        return privacy

    yield open_
    for privacy in made:
        privacy.close()


def worker(privacy: SharedPrivacy, mode: str = "placeholder") -> Redactor:
    return Redactor(Regexes(), mode, vault=privacy.vault, state_store=privacy.states,
                    name_key=simple_name_key)


def everything_stored(url: str, privacy: SharedPrivacy) -> list[tuple[str, bytes]]:
    """(where, bytes) of every table cell / Redis key and value on the server."""
    if url == "memory://":
        return [("memory", repr(privacy.backend.dump()).encode())]
    if url.startswith("postgresql"):
        import psycopg

        found = []
        with psycopg.connect(url) as db:
            tables = [row[0] for row in db.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")]
            for table in tables:
                for row in db.execute(f"SELECT * FROM {table}"):
                    found += [(table, bytes(v) if isinstance(v, (bytes, memoryview)) else str(v).encode())
                              for v in row]
        return found
    import redis

    found = []
    with redis.Redis.from_url(url) as client:
        for name in client.scan_iter("*"):
            found.append(("key", name))
            kind = client.type(name)
            if kind == b"hash":
                for field, value in client.hgetall(name).items():
                    found += [(name.decode(), field), (name.decode(), value)]
            elif kind == b"zset":
                found += [(name.decode(), member) for member in client.zrange(name, 0, -1)]
            else:
                found.append((name.decode(), client.dump(name) or b""))
    return found


def converse(a: Redactor, b: Redactor) -> list[str]:
    """Four turns of one conversation, alternating between two workers."""
    return [
        a.redact("Nazywam się Jan Kowalski, PESEL 02070803628.", CID).text,
        b.redact("Dzwonię w sprawie Jana Kowalskiego, tel. +48 600 100 200", CID).text,
        a.redact("Mój numer to +48 600 100 200, PESEL 02070803628, żona Anna Nowak", CID).text,
        b.redact("Jan Kowalski prosi o kontakt: anna.nowak@poczta.pl", CID).text,
    ]


def test_two_workers_give_one_person_one_placeholder(opened) -> None:
    a, b = worker(opened()), worker(opened())
    assert converse(a, b) == [
        "Nazywam się [OSOBA_1], PESEL [PESEL_1].",
        "Dzwonię w sprawie [OSOBA_1], tel. [TELEFON_1]",
        "Mój numer to [TELEFON_1], PESEL [PESEL_1], żona [OSOBA_2]",
        "[OSOBA_1] prosi o kontakt: [EMAIL_1]",
    ]
    assert a.placeholders(CID) == b.placeholders(CID) == 5
    assert a.conversation_ids() == b.conversation_ids() == [CID]


def test_the_other_worker_restores_the_values(opened) -> None:
    first, second = opened(), opened()
    converse(worker(first), worker(second))
    reply = "[OSOBA_1], oddzwonimy na [TELEFON_1]; PESEL [PESEL_1], mail [EMAIL_1]."
    expected = "Jan Kowalski, oddzwonimy na +48 600 100 200; PESEL 02070803628, mail anna.nowak@poczta.pl."
    assert first.vault.restore(reply, CID) == second.vault.restore(reply, CID) == expected
    assert first.vault.get(CID, "[OSOBA_2]") == "Anna Nowak"
    assert second.vault.size(CID) == 5 and len(second.vault) == 5
    assert first.vault.restore(reply, "c-2") == reply  # another conversation sees nothing


def test_pseudonyms_agree_across_workers(opened) -> None:
    a, b = worker(opened(), "pseudonym"), worker(opened(), "pseudonym")
    one = a.redact("PESEL 02070803628", CID).text
    two = b.redact("Powtarzam PESEL 02070803628", CID).text
    assert one.split()[-1] == two.split()[-1] and "02070803628" not in one
    assert b.vault.restore(two, CID) == "Powtarzam PESEL 02070803628"


def test_no_value_is_stored_in_clear(url: str, opened) -> None:
    privacy = opened()
    converse(worker(privacy), worker(opened()))
    stored = everything_stored(url, privacy)
    assert stored
    leaks = [(where, needle) for where, blob in stored for needle in PII
             if needle.encode() in blob or needle.lower().encode() in blob.lower()]
    assert leaks == []


def test_forget_erases_every_row_and_key_of_the_conversation(url: str, opened) -> None:
    privacy = opened()
    a, b = worker(privacy), worker(opened())
    converse(a, b)
    a.redact("Anna Nowak, PESEL 02070803628", "c-other")
    assert any(CID.encode() in blob for _, blob in everything_stored(url, privacy))
    assert privacy.forget(CID) == (5, 5)
    assert [where for where, blob in everything_stored(url, privacy) if CID.encode() in blob] == []
    assert privacy.vault.restore("[OSOBA_1]", CID) == "[OSOBA_1]" and b.placeholders(CID) == 0
    assert privacy.vault.restore("[OSOBA_1]", "c-other") == "Anna Nowak"  # the other conversation stays
    assert b.redact("Jan Kowalski", CID).text == "[OSOBA_1]"  # numbered afresh
    assert privacy.forget("c-unknown") == (0, 0)


def test_a_wrong_key_decrypts_nothing(opened) -> None:
    converse(worker(opened()), worker(opened()))
    intruder = opened(generate_key())
    with pytest.raises(VaultKeyError, match="none of the 1 master key"):
        intruder.vault.restore("[OSOBA_1]", CID)
    with pytest.raises(VaultKeyError):
        worker(intruder).redact("Jan Kowalski", CID)


def test_rotation_reads_old_values_and_wraps_new_ones_with_the_new_key(opened, key: str) -> None:
    old = opened()
    worker(old).redact("Jan Kowalski, PESEL 02070803628", CID)
    new_key = generate_key()
    rotated = opened(f"{new_key},{key}")
    assert rotated.vault.restore("[OSOBA_1] [PESEL_1]", CID) == "Jan Kowalski 02070803628"
    assert worker(rotated).redact("Anna Nowak", CID).text == "[OSOBA_2]"  # the old state, read and saved
    worker(rotated).redact("Anna Nowak", "c-2")  # a new conversation: its keys are under the new key
    new_only = opened(new_key)
    assert new_only.vault.restore("[OSOBA_1]", "c-2") == "Anna Nowak"
    with pytest.raises(VaultKeyError):  # the vault's key of c-1 is still under the old master key
        new_only.vault.restore("[OSOBA_1]", CID)
    assert rotated.rotate_keys() == 4  # the vault's and the state's keys of two conversations
    assert new_only.vault.restore("[OSOBA_1] [OSOBA_2]", CID) == "Jan Kowalski Anna Nowak"
    assert worker(new_only).redact("Jana Kowalskiego i Anna Nowak", CID).text == "[OSOBA_1] i [OSOBA_2]"
    with pytest.raises(VaultKeyError):
        old.vault.restore("[OSOBA_1]", CID)


def test_retention_purges_idle_conversations(opened) -> None:
    privacy = opened(retention_days=30)
    a = worker(privacy)
    a.redact("Jan Kowalski", CID)
    long_ago = datetime(2020, 1, 1, tzinfo=timezone.utc)
    privacy.vault.put("c-old", "[EMAIL_1]", "anna.nowak@poczta.pl", at=long_ago)
    assert privacy.vault.purge_expired() == ["c-old"]
    assert privacy.vault.conversation_ids() == [CID]
    later = privacy.vault.last_used(CID) + timedelta(days=31)
    assert privacy.vault.purge_expired(now=later) == [CID] and len(privacy.vault) == 0
    assert a.purge_idle_since(datetime.now(timezone.utc) - timedelta(days=1)) == []
    assert a.purge_idle_since(datetime.now(timezone.utc) + timedelta(seconds=1)) == [CID]
    assert a.conversation_ids() == [] and a.placeholders(CID) == 0


def test_redis_keys_expire_with_the_retention(redis_url: str, key: str) -> None:
    import redis

    with open_shared_privacy(redis_url, key=key, retention_days=30) as privacy:
        worker(privacy).redact("Jan Kowalski, tel. +48 600 100 200", CID)
        with redis.Redis.from_url(redis_url) as client:
            conversation_keys = [k for k in client.scan_iter("*") if f"{{{CID}}}".encode() in k]
            ttls = [client.pttl(k) for k in conversation_keys]
    assert len(conversation_keys) == 3  # vault, its values, the state (no aliases in placeholder mode)
    assert all(29 * 86_400_000 < ttl <= 30 * 86_400_000 for ttl in ttls)


class Interleaved:
    """A store where another worker saves right after this worker's first load (a caller without a lock)."""

    def __init__(self, store, other: Redactor) -> None:
        self.store, self.other, self.loads = store, other, 0

    def load(self, conversation_id: str):
        stored = self.store.load(conversation_id)
        self.loads += 1
        if self.loads == 1:
            self.other.redact("Pisze też ola@poczta.pl", conversation_id)
        return stored

    def __getattr__(self, name: str):
        return getattr(self.store, name)


def test_a_concurrent_save_never_loses_a_token(opened) -> None:
    privacy = opened()
    other = worker(opened())
    racing = Redactor(Regexes(), "placeholder", vault=privacy.vault, name_key=simple_name_key,
                      state_store=Interleaved(privacy.states, other))
    assert racing.redact("Mail: anna.nowak@poczta.pl", CID).text == "Mail: [EMAIL_2]"  # redone on reload
    assert privacy.vault.restore("[EMAIL_1] [EMAIL_2]", CID) == "ola@poczta.pl anna.nowak@poczta.pl"
    stale, fresh = privacy.states.load(CID), privacy.states.load(CID)
    privacy.states.save(CID, fresh)
    with pytest.raises(StateConflictError):
        privacy.states.save(CID, stale)


def test_a_missing_or_malformed_key_is_refused_before_connecting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POMOCBOT_VAULT_KEY", raising=False)
    with pytest.raises(VaultKeyError, match="POMOCBOT_VAULT_KEY"):
        open_shared_privacy("redis://127.0.0.1:1/0")
    with pytest.raises(VaultKeyError, match="key 2 of 2") as caught:
        open_shared_privacy("redis://127.0.0.1:1/0", key=f"{generate_key()},tajny-klucz")
    assert "tajny" not in str(caught.value)
    monkeypatch.setenv("POMOCBOT_VAULT_KEY", generate_key())
    assert open_shared_privacy("memory://").vault.conversation_ids() == []


def test_an_unreachable_server_is_a_typed_error_without_the_password(key: str) -> None:
    pytest.importorskip("redis")
    with pytest.raises(SharedStateError) as caught:
        open_shared_privacy("redis://:tajne-haslo@127.0.0.1:1/0", key=key)
    assert "tajne-haslo" not in str(caught.value)


# -- without a shared store: today's in-memory redactor, unchanged ------------------------------------
def test_a_redactor_without_a_store_keeps_its_state_in_memory() -> None:
    plain = Redactor(Regexes(), "placeholder", name_key=simple_name_key)
    stored = Redactor(Regexes(), "placeholder", name_key=simple_name_key, state_store=MemoryStateStore())
    texts = ["Jan Kowalski, PESEL 02070803628", "Jana Kowalskiego i Anna Nowak", "tel. +48 600 100 200"]
    assert [plain.redact(t, CID).text for t in texts] == [stored.redact(t, CID).text for t in texts]
    assert plain.state_store is None and list(plain._states) == [CID]
    assert plain.placeholders(CID) == stored.placeholders(CID) == 4
    assert plain.forget(CID) == stored.forget(CID) == 4
