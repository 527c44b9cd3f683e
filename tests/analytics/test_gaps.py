"""Knowledge gaps: unanswered questions grouped, ranked and reported (API, JSONL, CLI)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from pomocbot import Assistant, AssistantConfig
from pomocbot.analytics import (
    average_linkage,
    export_turns,
    find_gaps,
    find_gaps_in,
    gap_questions,
    read_turns,
)
from pomocbot.cli import main
from pomocbot.conversation import MemoryConversationStore, Turn
from pomocbot.errors import ConfigError, ConversationStoreError, InvalidArgumentError
from pomocbot.retrieval.lexical import PolishAnalyzer
from tests.conftest import FakeEmbedder, FakeStemmer

AT = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)

# Not in the example shop's knowledge base: watch battery replacement, in many forms.
BATTERY = [
    "Czy wymieniacie baterię w zegarku?",
    "Wymienicie mi baterie w zegarku?",
    "Gdzie mogę wymienić baterię w zegarku od was?",
    "Zegarek przestał chodzić, czy robicie wymianę baterii?",
    "Potrzebuję nowej baterii do zegarka, zrobicie to?",
    "Bateria w zegarku się wyczerpała, wymieniacie?",
]


def exchange(cid: str, question: str, *, day: int = 0, query: str | None = None,
             **outcome: object) -> list[tuple[str, Turn]]:
    """A customer question and the stored assistant turn after it."""
    at = AT + timedelta(days=day)
    customer = Turn(role="customer", text=question, at=at, metadata={"query": query or question})
    return [(cid, customer), (cid, Turn(role="assistant", text="…", at=at, metadata=dict(outcome)))]


def fake_gaps(turns, **options):
    return find_gaps(turns, embedder=FakeEmbedder(), analyzer=PolishAnalyzer(FakeStemmer().stem), **options)


# -- clustering ---------------------------------------------------------------------------
def brute_force_average_linkage(similarity: np.ndarray, threshold: float) -> list[list[int]]:
    """UPGMA by definition: merge the pair of groups with the highest mean pairwise similarity."""
    groups = [[i] for i in range(len(similarity))]
    while len(groups) > 1:
        pairs = [(similarity[np.ix_(a, b)].mean(), x, y)
                 for x, a in enumerate(groups) for y, b in enumerate(groups) if x < y]
        best, x, y = max(pairs)
        if best < threshold:
            break
        groups[x] = sorted(groups[x] + groups[y])
        del groups[y]
    return sorted(groups, key=lambda group: (-len(group), group[0]))


@pytest.mark.unit
@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("threshold", [0.2, 0.5, 0.8])
def test_average_linkage_matches_brute_force(seed: int, threshold: float) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 25))
    points = rng.normal(size=(n, 4)) + rng.integers(0, 3, size=(n, 1)) * 3  # a few loose blobs
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    similarity = points @ points.T
    assert average_linkage(similarity, threshold) == brute_force_average_linkage(similarity, threshold)


@pytest.mark.unit
def test_average_linkage_edge_cases() -> None:
    assert average_linkage(np.zeros((0, 0)), 0.5) == []
    assert average_linkage(np.ones((1, 1)), 0.5) == [[0]]
    assert average_linkage(np.eye(3), 0.5) == [[0], [1], [2]]
    # a mean similarity equal to the threshold still merges (>=)
    assert average_linkage(np.array([[1, .3], [.3, 1]]), 0.3) == [[0, 1]]
    # float32 cosines of equal vectors may exceed 1 (a negative distance for scipy)
    assert average_linkage(np.full((3, 3), 1.0000001, dtype=np.float32), 1.0) == [[0, 1, 2]]


@pytest.mark.unit
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_average_linkage_refuses_non_finite_similarities(bad: float) -> None:
    similarity = np.eye(3)
    similarity[0, 2] = similarity[2, 0] = bad
    with pytest.raises(InvalidArgumentError, match="2 of 3x3 values"):
        average_linkage(similarity, 0.5)


# -- what counts as a gap -----------------------------------------------------------------
@pytest.mark.unit
@pytest.mark.parametrize(
    "message",
    [
        # greetings and thanks
        "Dzień dobry", "Dziękuję!", "dzięki, super", "ok", "Cześć :)", "Dzięki za pomoc, pozdrawiam",
        # nothing but redaction tokens, numbers or punctuation
        "[TELEFON_1]", "Pozdrawiam, [OSOBA_1]", "123", "???", "",
    ],
)
def test_courtesy_and_empty_messages_are_skipped(message: str) -> None:
    report = fake_gaps(exchange("c-1", message, abstained=True) + exchange("c-2", BATTERY[0], abstained=True))
    assert (report.gaps, report.skipped) == (1, 1)


@pytest.mark.unit
@pytest.mark.parametrize("message", ["Dzień dobry, czy grawerujecie obrączki?", "Dziękuję. A macie pasek?"])
def test_a_question_after_a_greeting_is_kept(message: str) -> None:
    assert fake_gaps(exchange("c-1", message, abstained=True)).skipped == 0


@pytest.mark.unit
def test_answered_questions_and_questions_without_a_reply_are_not_gaps() -> None:
    turns = [*exchange("c-1", "Jak zwrócić towar?", abstained=False, cited=["zwroty"]),
             ("c-2", Turn(role="customer", text=BATTERY[0], at=AT)),  # no stored reply (yet)
             *exchange("c-3", BATTERY[1], abstained=True)]
    assert [q.text for q in gap_questions(turns)] == [BATTERY[1]]
    report = fake_gaps(turns)
    assert (report.questions, report.gaps, report.unclustered, report.clusters) == (2, 1, 1, [])


@pytest.mark.unit
def test_interleaved_conversations_are_paired_by_id() -> None:
    (c1_question, c1_reply), (c2_question, c2_reply) = (exchange("c-1", BATTERY[0], abstained=False),
                                                        exchange("c-2", BATTERY[1], abstained=True))
    turns = [c1_question, c2_question, c2_reply, c1_reply]  # an export sorted by time
    assert [(q.conversation_id, q.text) for q in gap_questions(turns)] == [("c-2", BATTERY[1])]


# -- the planted group, ranked first (real USE and Stempel) --------------------------------
@pytest.fixture(scope="module")
def planted_turns() -> list[tuple[str, Turn]]:
    turns: list[tuple[str, Turn]] = []
    for n, question in enumerate(BATTERY):
        turns += exchange(f"bat-{n}", "Dzień dobry", day=n, abstained=True)  # greeting first, skipped
        turns += exchange(f"bat-{n}", question, day=n, abstained=True)
    noise = ["Czy grawerujecie obrączki?", "Czy można zamówić grawer na obrączce?", "Jaka jest pogoda jutro?",
             "Czy sprzedajecie karmę dla psów?", "Ile kosztuje dostawa do Norwegii?"]
    for n, question in enumerate(noise):
        turns += exchange(f"noise-{n}", question, day=n, abstained=True)
    answered = ["Ile kosztuje wymiana towaru na inny rozmiar?", "Jak zwrócić towar?",
                "Ile kosztuje paczkomat?"]
    for n, question in enumerate(answered):
        turns += exchange(f"ok-{n}", question, day=n, abstained=False)
    return turns


@pytest.mark.integration
def test_planted_group_is_found_and_ranked_first(planted_turns, use_embedder, polish_stemmer) -> None:
    report = find_gaps(planted_turns, embedder=use_embedder, analyzer=PolishAnalyzer(polish_stemmer.stem))
    top = report.clusters[0]
    assert top.rank == 1 and top.size == len(BATTERY) == top.conversations
    assert top.label in BATTERY and set(top.examples) <= set(BATTERY) and len(top.examples) == 3
    assert {"bateria", "zegarek"} <= set(top.terms)
    assert (top.first_at, top.last_at) == (AT, AT + timedelta(days=len(BATTERY) - 1))
    assert (top.abstained_share, top.escalated_share) == (1.0, 0.0)
    assert report.skipped == len(BATTERY)  # the greetings
    assert all(cluster.size < top.size for cluster in report.clusters[1:])


@pytest.mark.integration
def test_min_cluster_size_keeps_only_big_groups(planted_turns, use_embedder, polish_stemmer) -> None:
    analyzer = PolishAnalyzer(polish_stemmer.stem)
    report = find_gaps(planted_turns, embedder=use_embedder, analyzer=analyzer, min_cluster_size=4)
    assert [c.size for c in report.clusters] == [len(BATTERY)]
    assert report.unclustered == report.gaps - len(BATTERY)


# -- escalations and counts ---------------------------------------------------------------
@pytest.mark.unit
def test_escalations_are_counted_with_their_reason_codes() -> None:
    turns = (exchange("c-1", "Czy wymieniacie baterie w zegarkach?", day=0, abstained=True)
             + exchange("c-1", "Wymiana baterii w zegarku?", day=0, abstained=True, escalated=True,
                        reasons=["repeated_abstention", "frustration"], queue="ogólne")
             + exchange("c-2", "Baterie w zegarkach wymieniacie?", day=3, abstained=False, escalated=True,
                        reasons=["explicit_request"], queue="ogólne")
             + exchange("c-3", "Wymiana baterii w zegarkach", day=1, escalated=True, reasons=["frustration"],
                        queue="reklamacje"))
    report = fake_gaps(turns, similarity=0.3)
    (cluster,) = report.clusters
    assert (cluster.size, cluster.conversations, cluster.abstained, cluster.escalated) == (4, 3, 2, 3)
    assert (cluster.abstained_share, cluster.escalated_share) == (0.5, 0.75)
    assert cluster.reasons == {"frustration": 2, "repeated_abstention": 1, "explicit_request": 1}
    assert cluster.queues == {"ogólne": 2, "reklamacje": 1}
    assert (cluster.first_at, cluster.last_at) == (AT, AT + timedelta(days=3))


@pytest.mark.unit
def test_a_follow_up_is_grouped_by_its_standalone_query() -> None:
    turns = (exchange("c-1", "Wymiana baterii w zegarku?", abstained=True)
             + exchange("c-2", "Czy wymieniacie baterie w zegarkach?", abstained=True)
             + exchange("c-3", "a w zegarku?", query="a w zegarku? wymiana baterii", abstained=True))
    (cluster,) = fake_gaps(turns, similarity=0.3).clusters
    assert cluster.size == 3 and "a w zegarku?" in cluster.examples  # shown as the customer wrote it


@pytest.mark.unit
def test_groups_are_ranked_by_volume() -> None:
    turns = [t for n in range(3) for t in exchange(f"b-{n}", "Wymiana baterii w zegarku", abstained=True)]
    turns += [t for n in range(2) for t in exchange(f"g-{n}", "Czy grawerujecie obrączki?", abstained=True)]
    report = fake_gaps(turns)
    assert [(c.rank, c.size) for c in report.clusters] == [(1, 3), (2, 2)]
    assert report.clusters[1].examples == ["Czy grawerujecie obrączki?"]  # repeats shown once


@pytest.mark.unit
@pytest.mark.parametrize("options", [{"min_cluster_size": 0}, {"similarity": 0}, {"similarity": 1.5},
                                     {"embedding_weight": -0.1}])
def test_bad_options_raise_a_config_error(options: dict) -> None:
    with pytest.raises(ConfigError):
        fake_gaps([], **options)


# -- stores and JSONL exports ---------------------------------------------------------------
@pytest.mark.unit
def test_jsonl_export_gives_the_same_report_as_the_store(tmp_path: Path) -> None:
    store = MemoryConversationStore()
    for n, question in enumerate(BATTERY[:4]):
        store.append(f"c-{n}", [turn for _, turn in exchange(f"c-{n}", question, day=n, abstained=True)])
    path = tmp_path / "tury.jsonl"
    assert export_turns(store, path) == 8
    assert [cid for cid, _ in read_turns(path)] == [f"c-{n}" for n in range(4) for _ in range(2)]
    assert fake_gaps(path, similarity=0.2) == fake_gaps(store, similarity=0.2)


@pytest.mark.unit
def test_a_bad_jsonl_line_is_named_by_number_without_its_text(tmp_path: Path) -> None:
    path = tmp_path / "tury.jsonl"
    export_turns(exchange("c-1", BATTERY[0], abstained=True), path)
    with open(path, "a", encoding="utf-8") as out:
        out.write('{"role": "customer", "text": "PESEL 02070803628"}\n')
    with pytest.raises(ConversationStoreError, match="line 3") as error:
        list(read_turns(path))
    assert "02070803628" not in str(error.value)


@pytest.mark.unit
def test_cli_reports_a_missing_store(tmp_path: Path, capsys) -> None:
    assert main(["gaps", str(tmp_path / "brak.sqlite")]) == 2
    assert "ConversationStoreError" in capsys.readouterr().err
    assert not (tmp_path / "brak.sqlite").exists()  # not created by looking


# -- end to end: the example shop, a SQLite store, the CLI -----------------------------------
@pytest.fixture(scope="module")
def shop_conversations(tmp_path_factory, shop_index_dir, use_embedder):
    """The example shop answering into a SQLite store: (assistant, folder, questions it could not answer)."""
    folder = tmp_path_factory.mktemp("gaps")
    config = AssistantConfig(conversation={"store": "sqlite", "sqlite_path": str(folder / "rozmowy.sqlite")})
    assistant = Assistant.load(shop_index_dir, config, embedder=use_embedder)
    gaps: set[str] = set()
    for n, question in enumerate(BATTERY):
        for message in ("Dzień dobry", question):
            reply = assistant.reply(message, conversation_id=f"bat-{n}", now=AT + timedelta(days=n))
            if message == question and (reply.abstained or reply.escalation.escalate):
                gaps.add(question)
    others = ["Jak zwrócić towar?", "Ile kosztuje paczkomat?", "Czy grawerujecie obrączki?",
              "Czy sprzedajecie karmę dla psów?", "Chcę rozmawiać z konsultantem"]
    for n, question in enumerate(others):
        assistant.reply(question, conversation_id=f"inne-{n}", now=AT)
    assistant.conversations.close()
    return assistant, folder, gaps


@pytest.mark.integration
def test_cli_finds_the_planted_group_in_a_sqlite_store(shop_conversations, capsys) -> None:
    _, folder, gaps = shop_conversations
    assert len(gaps) >= 4  # the shop abstains on (nearly) all of them
    assert main(["gaps", str(folder / "rozmowy.sqlite"), "--json", "--top", "1"]) == 0
    report = json.loads(capsys.readouterr().out)
    (top,) = report["clusters"]
    assert top["size"] == len(gaps) and set(top["examples"]) <= gaps
    assert report["questions"] == 2 * len(BATTERY) + 5


@pytest.mark.integration
def test_cli_table_with_the_index_embedder_and_a_jsonl_export(shop_conversations, shop_index_dir,
                                                              capsys) -> None:
    assistant, folder, gaps = shop_conversations
    export = folder / "tury.jsonl"
    export_turns(folder / "rozmowy.sqlite", export)
    assert main(["gaps", str(export), "--index", str(shop_index_dir), "--min-size", "3"]) == 0
    out = capsys.readouterr().out
    assert "Luki w bazie wiedzy: 1 grup" in out and "bateria" in out
    reopened = Assistant(assistant.config, _index=assistant.index)  # opens the same SQLite file
    report = find_gaps_in(reopened, min_cluster_size=3)
    reopened.conversations.close()
    assert [c.size for c in report.clusters] == [len(gaps)]
