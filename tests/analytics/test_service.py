"""Service metrics on a hand-built store whose answers are known: containment, FCR, CSAT, NPS, channels."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from pomocbot.analytics.service import service_metrics
from pomocbot.analytics.service_models import Durations, Share
from pomocbot.analytics.turns import export_turns
from pomocbot.conversation import MemoryConversationStore, SQLiteConversationStore, Turn
from pomocbot.conversation.base import Feedback
from pomocbot.conversation.feedback import record_feedback
from pomocbot.conversation.meta import AssistantTurnMeta, CustomerTurnMeta
from pomocbot.errors import ConversationStoreError, InvalidArgumentError

pytestmark = pytest.mark.unit

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)  # a Monday
DAY = timedelta(days=1)


def ask(text: str, at: datetime, *, channel: str | None = None, customer: str | None = None) -> Turn:
    meta = CustomerTurnMeta(query=text, channel=channel, customer_id=customer)
    return Turn(role="customer", text=text, at=at, metadata=meta.as_metadata())


def answer(at: datetime, doc: str, channel: str | None = None) -> Turn:
    meta = AssistantTurnMeta(answer="Tak. [1]", cited=[doc], confidence=0.8, channel=channel)
    return Turn(role="assistant", text="Tak. [1]", at=at, metadata=meta.as_metadata())


def abstain(at: datetime) -> Turn:
    return Turn(role="assistant", text="Niestety nie wiem.", at=at,
                metadata=AssistantTurnMeta(abstained=True, confidence=0.1).as_metadata())


def courtesy(at: datetime) -> Turn:
    meta = AssistantTurnMeta(answer="")  # a courtesy reply: no body, no citation
    return Turn(role="assistant", text="Dzień dobry!", at=at, metadata=meta.as_metadata())


def handover(at: datetime, reasons: list[str], queue: str) -> Turn:
    meta = AssistantTurnMeta(escalated=True, reasons=reasons, queue=queue)
    return Turn(role="assistant", text="Przekazuję konsultantowi.", at=at, metadata=meta.as_metadata())


def sec(seconds: float) -> timedelta:
    return timedelta(seconds=seconds)


def fill(store) -> None:
    """Seven conversations; the expected figures are worked out in the tests below."""
    c2 = T0 + timedelta(hours=1)
    c3 = T0 + 2 * DAY
    conversations = {
        # k-1, returns (c6) on the same topic after 10 days: outside the 7-day window, still resolved
        "c1": [ask("Ile mam dni na zwrot?", T0, channel="chat", customer="k-1"),
               answer(T0 + sec(2), "zwroty/formularz")],
        # k-2: "nie wiem", then an answer (contained), but back two days later on delivery (no FCR)
        "c2": [ask("Kiedy dotrze moja paczka?", c2, channel="email", customer="k-2"), abstain(c2 + sec(60)),
               ask("A paczka z zamówienia [NUMER_1]?", c2 + sec(300), channel="email", customer="k-2"),
               answer(c2 + sec(330), "dostawa/terminy")],
        "c3": [ask("Paczka nadal nie dotarła", c3, channel="email", customer="k-2"),
               answer(c3 + sec(3), "dostawa/terminy"),
               ask("Chcę rozmawiać z człowiekiem", c3 + sec(100), channel="email", customer="k-2"),
               handover(c3 + sec(120), ["explicit_request", "frustration"], "dostawa")],
        # anonymous, left on "nie wiem"
        "c4": [ask("Czy macie sklep w Gdańsku?", T0 + sec(10), channel="messenger"), abstain(T0 + sec(15))],
        # greetings only; no channel named: counted as chat
        "c5": [ask("Dzień dobry", T0 + sec(20), customer="k-3"), courtesy(T0 + sec(21))],
        "c6": [ask("Jak zgłosić reklamację?", T0 + 10 * DAY, channel="chat", customer="k-1"),
               answer(T0 + 10 * DAY + sec(2), "reklamacje/procedura")],
        # the latest turn of the data: its 7-day window is not over (FCR pending)
        "c7": [ask("Jak zmienić hasło?", T0 + 20 * DAY, channel="chat", customer="k-4"),
               answer(T0 + 20 * DAY + sec(4), "konto/haslo")],
    }
    for cid, turns in conversations.items():
        store.append(cid, turns)
    keep = lambda text: text  # noqa: E731 - the comments hold no personal data
    record_feedback(store, "c1", csat=5, nps=10, at=T0 + DAY, redact=keep)
    record_feedback(store, "c3", csat=2, nps=6, at=c3 + DAY, redact=keep)
    # a second answer for c3: the latest counts
    record_feedback(store, "c3", csat=3, comment="Długo czekałem", at=c3 + 2 * DAY, redact=keep)
    record_feedback(store, "c4", csat=1, nps=0, at=T0 + DAY, redact=keep)


@pytest.fixture
def store() -> MemoryConversationStore:
    made = MemoryConversationStore()
    fill(made)
    return made


def test_overall_figures(store) -> None:
    overall = service_metrics(store, timezone="UTC").overall
    assert (overall.conversations, overall.requests, overall.courtesy_only) == (7, 6, 1)
    assert overall.contained == Share(count=4, rate=0.6667)  # c1, c2, c6, c7 of six requests
    assert overall.handoffs == Share(count=1, rate=0.1667)
    assert overall.handoffs_by_reason == {"explicit_request": Share(count=1, rate=0.1667),
                                          "frustration": Share(count=1, rate=0.1667)}
    assert overall.handoffs_by_queue == {"dostawa": Share(count=1, rate=0.1667)}
    # replies: c1 1, c2 2, c3 1 (the handover is none), c4 1, c6 1, c7 1; courtesy left out
    assert overall.replies == 7
    assert overall.abstentions == Share(count=2, rate=0.2857)
    assert overall.conversations_with_abstention == Share(count=2, rate=0.3333)
    assert overall.unanswered_abstentions == Share(count=1, rate=0.1667)  # c4


def test_first_contact_resolution(store) -> None:
    fcr = service_metrics(store, timezone="UTC").overall.fcr
    # c1 (repeat after 10 days is too late), c3 and c6 resolved; c2 repeated by c3; c7 pending;
    # c4 (no customer id) and c5 (no intent) unknown
    assert (fcr.eligible, fcr.resolved, fcr.rate, fcr.pending, fcr.unknown) == (4, 3, 0.75, 1, 2)


def test_fcr_pending_ends_with_a_later_as_of(store) -> None:
    fcr = service_metrics(store, as_of=T0 + 40 * DAY).overall.fcr
    assert (fcr.eligible, fcr.resolved, fcr.pending) == (5, 4, 0)


def test_response_times(store) -> None:
    overall = service_metrics(store).overall
    assert overall.first_response == Durations.of([2, 60, 3, 5, 1, 2, 4])
    assert overall.first_response.median_s == 3
    assert overall.time_to_handoff == Durations(count=1, mean_s=120, median_s=120, p90_s=120)


def test_csat_and_nps_count_the_latest_answer_of_each_conversation(store) -> None:
    overall = service_metrics(store).overall
    assert (overall.csat.responses, overall.csat.mean, overall.csat.response_rate) == (3, 3.0, 0.4286)
    assert overall.csat.distribution == {1: 1, 2: 0, 3: 1, 4: 0, 5: 1}
    nps = overall.nps
    assert (nps.responses, nps.promoters, nps.passives, nps.detractors, nps.score) == (3, 1, 0, 2, -33.3)


def test_per_channel(store) -> None:
    channels = service_metrics(store, timezone="UTC").by_channel
    assert sorted(channels) == ["chat", "email", "messenger"]
    chat, email, messenger = channels["chat"], channels["email"], channels["messenger"]
    assert (chat.conversations, chat.courtesy_only, chat.contained.rate) == (4, 1, 1.0)  # c1, c5, c6, c7
    assert (chat.fcr.eligible, chat.fcr.rate, chat.csat.mean, chat.nps.score) == (2, 1.0, 5.0, 100.0)
    assert (email.contained.rate, email.handoffs.rate, email.fcr.rate) == (0.5, 0.5, 0.5)
    assert (email.csat.mean, email.nps.score) == (3.0, -100.0)
    assert (messenger.contained.rate, messenger.unanswered_abstentions.rate) == (0.0, 1.0)


def test_per_day_and_week(store) -> None:
    metrics = service_metrics(store, timezone="UTC")
    assert [(p.start.isoformat(), p.summary.conversations) for p in metrics.daily] == [
        ("2026-11-02", 4), ("2026-11-04", 1), ("2026-11-12", 1), ("2026-11-22", 1)]
    assert [(p.start.isoformat(), p.summary.conversations) for p in metrics.weekly] == [
        ("2026-11-02", 5), ("2026-11-09", 1), ("2026-11-16", 1)]
    assert metrics.weekly[0].summary.contained == Share(count=2, rate=0.5)  # c1, c2 of c1..c4


def test_days_are_local_days() -> None:
    store = MemoryConversationStore()
    late = datetime(2026, 11, 2, 23, 30, tzinfo=timezone.utc)  # 00:30 on 3 November in Warsaw
    store.append("c-1", [ask("Kiedy paczka?", late), answer(late + sec(1), "dostawa/terminy")])
    assert service_metrics(store).daily[0].start.isoformat() == "2026-11-03"
    assert service_metrics(store, timezone="UTC").daily[0].start.isoformat() == "2026-11-02"


def test_since_and_until_select_by_start_but_repeats_count_from_anywhere(store) -> None:
    metrics = service_metrics(store, since=T0 + sec(30), until=T0 + 15 * DAY)
    assert metrics.overall.conversations == 3  # c2 (started 10:00), c3, c6
    # c2's repeat (c3) is inside; c3 and c6 resolved
    assert (metrics.overall.fcr.eligible, metrics.overall.fcr.resolved) == (3, 2)
    only_c3 = service_metrics(store, since=T0 + 2 * DAY, until=T0 + 3 * DAY)
    assert only_c3.overall.conversations == 1 and only_c3.overall.csat.mean == 3.0


def test_intent_from_the_cited_document_when_the_question_has_none() -> None:
    store = MemoryConversationStore()
    store.append("a", [ask("Czy jest w czerwonym?", T0, customer="k"), answer(T0, "produkty/kolory")])
    store.append("b", [ask("A w zielonym?", T0 + DAY, customer="k"), answer(T0 + DAY, "produkty/kolory")])
    fcr = service_metrics(store, as_of=T0 + 30 * DAY).overall.fcr
    assert (fcr.eligible, fcr.resolved) == (2, 1)  # "a" repeated by "b" on intent "produkty"


def test_a_handover_closes_an_abstention() -> None:
    store = MemoryConversationStore()
    store.append("a", [ask("Gdzie zwrot?", T0), abstain(T0), ask("Konsultant!", T0),
                       handover(T0, ["explicit_request"], "reklamacje")])
    overall = service_metrics(store).overall
    counts = overall.contained.count, overall.handoffs.count, overall.unanswered_abstentions.count
    assert counts == (0, 1, 0)


def test_sqlite_file_and_jsonl_export_give_the_same_figures(store, tmp_path) -> None:
    path = tmp_path / "rozmowy.sqlite"
    with SQLiteConversationStore(path) as sqlite_store:
        fill(sqlite_store)
    expected = service_metrics(store)
    assert service_metrics(path) == expected
    export = tmp_path / "tury.jsonl"
    export_turns(store, export)
    from_jsonl = service_metrics(export)
    assert not from_jsonl.feedback_available and from_jsonl.overall.csat.responses == 0
    assert from_jsonl.overall.contained == expected.overall.contained
    with_feedback = service_metrics(export, feedback=store.all_feedback())
    assert with_feedback.overall == expected.overall


def test_a_store_without_feedback_still_gets_metrics(store) -> None:
    class TurnsOnly:  # a user's store: the five turn methods only
        def __init__(self, inner):
            self.inner = inner

        def turns(self, conversation_id, last=None):
            return self.inner.turns(conversation_id, last)

        def append(self, conversation_id, turns):
            self.inner.append(conversation_id, turns)

        def delete(self, conversation_id):
            return self.inner.delete(conversation_id)

        def delete_idle_since(self, cutoff):
            return self.inner.delete_idle_since(cutoff)

        def conversation_ids(self):
            return self.inner.conversation_ids()

    metrics = service_metrics(TurnsOnly(store))
    assert not metrics.feedback_available and metrics.overall.contained.count == 4


def test_metrics_are_json_serialisable_and_round_trip(store) -> None:
    metrics = service_metrics(store)
    data = json.loads(metrics.model_dump_json())
    assert data["overall"]["contained"] == {"count": 4, "rate": 0.6667}
    assert type(metrics).model_validate_json(metrics.model_dump_json()) == metrics


def test_an_empty_store_has_no_rates() -> None:
    metrics = service_metrics(MemoryConversationStore())
    assert metrics.overall.conversations == 0 and metrics.overall.contained.rate is None
    assert metrics.overall.csat.mean is None and metrics.daily == [] and metrics.as_of is None


@pytest.mark.parametrize("bad", [
    {"since": "2026-11-01"},      # a string, not a datetime
    {"timezone": "Europa/Warszawa"},
])
def test_bad_arguments_are_typed_errors(store, bad) -> None:
    with pytest.raises(InvalidArgumentError):
        service_metrics(store, **bad)


def test_a_missing_file_is_named(tmp_path) -> None:
    with pytest.raises(ConversationStoreError, match="no conversation store"):
        service_metrics(tmp_path / "brak.sqlite")
    assert not (tmp_path / "brak.sqlite").exists()  # nothing created


def test_feedback_of_unknown_conversations_is_ignored(store) -> None:
    metrics = service_metrics(store, feedback=[("nieznana", Feedback(csat=1, at=T0))])
    assert metrics.overall.csat.responses == 0
