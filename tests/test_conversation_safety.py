"""Replies under concurrency and misuse: one turn number per message, ids that carry no personal data."""

from __future__ import annotations

import threading

import pytest

from pomocbot import Assistant, AssistantConfig
from pomocbot.errors import InvalidConversationIdError, PomocbotError
from tests.conftest import SMALL_KB


@pytest.fixture()
def shop(fake_embedder, fake_stemmer) -> Assistant:
    assistant = Assistant(AssistantConfig(escalation={"enabled": False}), embedder=fake_embedder,
                          stemmer=fake_stemmer)
    assistant.add_documents(SMALL_KB)
    return assistant


def test_concurrent_replies_in_one_conversation_get_unique_ordered_turns(shop: Assistant) -> None:
    # A double click, two tabs, a retry: 8 threads x 10 messages into one conversation.
    turns: list[int] = []
    errors: list[BaseException] = []

    def customer(n: int) -> None:
        try:
            for i in range(10):
                turns.append(shop.reply(f"Ile kosztuje dostawa do paczkomatu? ({n}/{i})", "c-tabs").turn)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=customer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(turns) == list(range(80))
    stored = [t.metadata["turn"] for t in shop.conversations.turns("c-tabs") if t.role == "customer"]
    assert stored == list(range(80))  # the store has them in order, none twice
    audited = [r.turn for r in shop.audit_log.records("c-tabs")]
    assert sorted(audited) == list(range(80))  # one audit record per turn, none with a repeated number


@pytest.mark.parametrize("bad", [123, 4.5, b"c-1", ["c-1"], {"id": 1}])
def test_a_conversation_id_that_is_not_a_string_is_a_typed_error(shop: Assistant, bad: object) -> None:
    with pytest.raises(InvalidConversationIdError):
        shop.reply("Jak zwrócić towar?", bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["", "   ", "x" * 201])
def test_blank_or_huge_conversation_ids_are_refused(shop: Assistant, bad: str) -> None:
    with pytest.raises(InvalidConversationIdError):
        shop.reply("Jak zwrócić towar?", bad)


@pytest.mark.parametrize("personal", ["601234567", "+48 601 234 567", "tel-601-234-567", "02070803628",
                                      "jan.kowalski@example.com", "pesel_02070803628"])
def test_conversation_ids_that_are_personal_data_are_refused(shop: Assistant, personal: str) -> None:
    with pytest.raises(InvalidConversationIdError) as caught:
        shop.reply("Jak zwrócić towar?", personal)
    assert isinstance(caught.value, PomocbotError)
    assert personal not in str(caught.value)  # the error does not repeat the value


@pytest.mark.parametrize("fine", ["c-1", "3f2b8c1e-9a4d-4c6e-8f00-1b2c3d4e5f60", "zam-2026-00012",
                                  "chat:42"])
def test_opaque_conversation_ids_are_accepted(shop: Assistant, fine: str) -> None:
    assert shop.reply("Jak zwrócić towar?", fine).conversation_id == fine


# -- typed errors for misuse ------------------------------------------------------------------------
def test_a_bad_config_field_is_a_config_error() -> None:
    from pomocbot.errors import ConfigError

    with pytest.raises(ConfigError, match="retrieval"):
        AssistantConfig(retrieval={"candidates": -5})
    with pytest.raises(ConfigError):
        AssistantConfig.model_validate({"no_such_section": {}})


def test_a_document_without_a_title_is_fine() -> None:
    from pomocbot import Document

    assert Document(id="a", text="Zwrot w 14 dni.", title=None).title == ""


@pytest.mark.parametrize("bad", [None, "zwroty.md", b"bytes", {"id": "a"}, [None], ["tekst"]])
def test_add_documents_with_the_wrong_thing_is_a_typed_error(shop: Assistant, bad: object) -> None:
    from pomocbot.errors import IngestionError

    with pytest.raises(IngestionError):
        shop.add_documents(bad)  # type: ignore[arg-type]


def test_add_documents_takes_a_single_document_too(shop: Assistant) -> None:
    from pomocbot import Document

    report = shop.add_documents(Document(id="nowy", text="Sklep jest czynny w soboty do 14."))
    assert report.documents_added == 1 and "nowy" in shop.document_ids


@pytest.mark.parametrize("customer", ["vip", 42, ["vip"], {"vip": "może"}, {"order_value": "dużo"}])
def test_malformed_customer_facts_are_typed_errors(shop: Assistant, customer: object) -> None:
    from pomocbot.errors import InvalidArgumentError

    with pytest.raises(InvalidArgumentError):
        shop.reply("Jak zwrócić towar?", "c-1", customer=customer)  # type: ignore[arg-type]


def test_vip_false_as_a_string_is_not_vip(fake_embedder, fake_stemmer) -> None:
    assistant = Assistant(embedder=fake_embedder, stemmer=fake_stemmer)
    assistant.add_documents(SMALL_KB)
    as_string = assistant.reply("Jak zwrócić towar?", "c-s", customer={"vip": "false"})
    as_bool = assistant.reply("Jak zwrócić towar?", "c-b", customer={"vip": False})
    assert (as_string.escalation.escalate, as_string.escalation.priority) == \
        (as_bool.escalation.escalate, as_bool.escalation.priority)


def test_now_as_an_iso_string_is_read_and_garbage_is_a_typed_error(shop: Assistant) -> None:
    from pomocbot.errors import InvalidArgumentError

    assert shop.reply("Jak zwrócić towar?", "c-1", now="2026-11-25T10:00:00+01:00").turn == 0
    with pytest.raises(InvalidArgumentError):
        shop.reply("Jak zwrócić towar?", "c-1", now="wczoraj")
    with pytest.raises(InvalidArgumentError):
        shop.reply("Jak zwrócić towar?", "c-1", now=1764064800)  # type: ignore[arg-type]


def test_assess_frustration_takes_one_message_and_long_ones(shop: Assistant) -> None:
    import time

    one = shop.assess_frustration("Trzeci raz piszę!!! Gdzie jest paczka?")
    listed = shop.assess_frustration(["Trzeci raz piszę!!! Gdzie jest paczka?"])
    assert one.score == listed.score
    started = time.perf_counter()
    shop.assess_frustration(["Gdzie jest moja paczka?! " * 45_000])  # about 1 MB
    assert time.perf_counter() - started < 10  # cut like a reply's message, not 40 s
