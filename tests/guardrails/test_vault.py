"""Vault: originals per conversation (only when configured), restore, forget, retention."""

from __future__ import annotations

import copy
import pickle
import threading
from datetime import datetime, timedelta, timezone

import pytest

from pomocbot.guardrails import Redactor, Vault, simple_name_key
from tests.guardrails.fake_detector import FakeDetector

pytestmark = pytest.mark.unit

EMAIL = "jan.kowalski@wp.pl"
PHONE = "600 100 200"


def test_restore_puts_back_this_conversations_values_only() -> None:
    vault = Vault()
    vault.put("c-1", "[EMAIL_1]", EMAIL)
    vault.put("c-1", "[TELEFON_1]", PHONE)
    vault.put("c-2", "[EMAIL_1]", "ola@onet.pl")
    text = "Wyślemy kod na [EMAIL_1] i SMS na [TELEFON_1]; [OSOBA_1] dostanie kopię."
    assert vault.restore(text, "c-1") == f"Wyślemy kod na {EMAIL} i SMS na {PHONE}; [OSOBA_1] dostanie kopię."
    assert vault.restore("[EMAIL_1]", "c-2") == "ola@onet.pl"
    assert vault.restore("[EMAIL_1]", "c-3") == "[EMAIL_1]"
    assert vault.restore("[EMAIL_1]", None) == "[EMAIL_1]"


def test_longer_tokens_are_not_cut_by_shorter_ones() -> None:
    vault = Vault()
    for n in (1, 10, 11):
        vault.put("c", f"[OSOBA_{n}]", f"osoba {n}")
    assert vault.restore("[OSOBA_11], [OSOBA_1], [OSOBA_10]", "c") == "osoba 11, osoba 1, osoba 10"


def test_the_first_value_of_a_token_is_kept() -> None:
    vault = Vault()
    vault.put("c", "[OSOBA_1]", "Jan Kowalski")
    vault.put("c", "[OSOBA_1]", "Jana Kowalskiego")  # the same person, inflected
    assert vault.get("c", "[OSOBA_1]") == "Jan Kowalski"
    assert vault.size("c") == 1 and len(vault) == 1


def test_forget_erases_and_counts() -> None:
    vault = Vault()
    vault.put("c-1", "[EMAIL_1]", EMAIL)
    vault.put("c-1", "[TELEFON_1]", PHONE)
    vault.put("c-2", "[EMAIL_1]", "ola@onet.pl")
    assert vault.forget("c-1") == 2
    assert vault.forget("c-1") == 0
    assert vault.get("c-1", "[EMAIL_1]") is None
    assert vault.conversation_ids() == ["c-2"]


def test_retention_drops_idle_conversations() -> None:
    vault = Vault(retention_days=30)
    start = datetime(2026, 11, 1, tzinfo=timezone.utc)
    vault.put("old", "[EMAIL_1]", EMAIL, at=start)
    vault.put("new", "[EMAIL_1]", EMAIL, at=start + timedelta(days=20))
    assert vault.purge_expired(now=start + timedelta(days=29)) == []
    assert vault.purge_expired(now=start + timedelta(days=31)) == ["old"]
    assert vault.conversation_ids() == ["new"]
    assert Vault().purge_expired() == []  # no retention: kept


def test_restore_counts_as_use() -> None:
    vault = Vault(retention_days=1)
    vault.put("c", "[EMAIL_1]", EMAIL, at=datetime.now(timezone.utc) - timedelta(days=2))
    vault.restore("[EMAIL_1]", "c")
    assert vault.purge_expired() == []


def test_repr_and_pickling_never_expose_values() -> None:
    vault = Vault()
    vault.put("c", "[EMAIL_1]", EMAIL)
    assert EMAIL not in repr(vault) and repr(vault) == "Vault(conversations=1, values=1)"
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(vault)
    with pytest.raises(TypeError):
        copy.deepcopy(vault)


def test_vault_is_thread_safe() -> None:
    vault = Vault()

    def work(worker: int) -> None:
        for i in range(200):
            vault.put(f"c-{worker}", f"[EMAIL_{i}]", f"{worker}-{i}@wp.pl")
            assert vault.restore(f"[EMAIL_{i}]", f"c-{worker}") == f"{worker}-{i}@wp.pl"

    threads = [threading.Thread(target=work, args=(w,)) for w in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(vault) == 6 * 200


# -- with the redactor -----------------------------------------------------------------
@pytest.mark.parametrize("mode", ["placeholder", "pseudonym"])
def test_redactor_fills_the_vault_and_restore_gives_the_values_back(mode: str) -> None:
    vault = Vault()
    redactor = Redactor(FakeDetector(), mode, vault=vault, name_key=simple_name_key)
    message = f"Jestem Jan Kowalski, mail {EMAIL}, tel. {PHONE}"
    redacted = redactor.redact(message, "c-1")
    assert EMAIL not in redacted.text
    assert vault.restore(redacted.text, "c-1") == message
    assert vault.size("c-1") == 3


def test_mask_mode_keeps_nothing_in_the_vault() -> None:
    vault = Vault()
    Redactor(FakeDetector(), "mask", vault=vault).redact(f"mail {EMAIL}", "c-1")
    assert len(vault) == 0


def test_without_a_conversation_nothing_is_kept() -> None:
    vault = Vault()
    Redactor(FakeDetector(), "placeholder", vault=vault).redact(f"mail {EMAIL}")
    assert len(vault) == 0
