"""The service report (JSON, HTML with or without plots), ``pomocbot stats`` and the seeded store."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, timedelta, timezone

import pytest
from tools.seed_store import seed_store

from pomocbot.analytics import service_report
from pomocbot.analytics.service import service_metrics
from pomocbot.analytics.service_models import ServiceMetrics
from pomocbot.analytics.service_report import write_service_report
from pomocbot.analytics.stats_cli import add_stats_arguments, run_stats
from pomocbot.conversation import MemoryConversationStore, SQLiteConversationStore, Turn
from pomocbot.conversation.feedback import record_feedback
from pomocbot.conversation.meta import AssistantTurnMeta, CustomerTurnMeta
from pomocbot.errors import DependencyMissingError
from tests.analytics.test_service import fill

pytestmark = pytest.mark.unit

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def metrics() -> ServiceMetrics:
    store = MemoryConversationStore()
    fill(store)
    return service_metrics(store)


def no_matplotlib(monkeypatch) -> None:
    real = service_report.importlib.util.find_spec
    monkeypatch.setattr(service_report.importlib.util, "find_spec",
                        lambda name, *a: None if name == "matplotlib" else real(name, *a))


def test_report_with_plots(metrics, tmp_path) -> None:
    pytest.importorskip("matplotlib")
    paths = write_service_report(metrics, tmp_path / "raport")
    page = paths["html"].read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') == 3
    assert "<script" not in page and 'id="no-plots"' not in page
    assert ServiceMetrics.model_validate_json(paths["json"].read_text(encoding="utf-8")) == metrics


def test_without_matplotlib_the_page_has_tables_and_says_so(metrics, tmp_path, monkeypatch) -> None:
    no_matplotlib(monkeypatch)
    page = write_service_report(metrics, tmp_path)["html"].read_text(encoding="utf-8")
    assert "matplotlib nie jest zainstalowany" in page and "data:image" not in page
    for table in ("summary", "reasons", "queues", "csat", "weekly", "daily"):
        assert f'id="{table}"' in page
    assert "66.7% (4)" in page  # overall containment


def test_plots_required_without_matplotlib_writes_nothing(metrics, tmp_path, monkeypatch) -> None:
    no_matplotlib(monkeypatch)
    with pytest.raises(DependencyMissingError, match=r"pomocbot\[eval\]"):
        write_service_report(metrics, tmp_path / "raport", plots=True)
    assert not (tmp_path / "raport").exists()


def test_stored_values_are_escaped_in_the_page(tmp_path) -> None:
    store = MemoryConversationStore()
    meta = CustomerTurnMeta(channel="<img src=x onerror=alert(1)>").as_metadata()
    store.append("c-1", [Turn(role="customer", text="Hej", at=T0, metadata=meta),
                         Turn(role="assistant", text="...", at=T0, metadata=AssistantTurnMeta(
                             escalated=True, reasons=["<b>"], queue="<i>").as_metadata())])
    page = write_service_report(service_metrics(store), tmp_path, plots=False)["html"].read_text(
        encoding="utf-8")
    assert "<img src=x" not in page and "&lt;img src=x" in page and "<b>" not in page


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_stats_arguments(parser)
    return parser.parse_args(list(argv))


@pytest.fixture
def sqlite_path(tmp_path):
    path = tmp_path / "rozmowy.sqlite"
    with SQLiteConversationStore(path) as store:
        fill(store)
    return path


def test_stats_json(sqlite_path, capsys) -> None:
    assert run_stats(parse(str(sqlite_path), "--json")) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overall"]["contained"] == {"count": 4, "rate": 0.6667}
    assert data["feedback_available"] is True


def test_stats_table_and_report(sqlite_path, tmp_path, capsys) -> None:
    out = tmp_path / "raport"
    assert run_stats(parse(str(sqlite_path), "--out", str(out), "--no-plots")) == 0
    printed = capsys.readouterr().out
    assert "rozwiązane" in printed and "report.html" in printed
    assert (out / "report.json").is_file() and (out / "report.html").is_file()


def test_stats_until_a_day_counts_that_whole_day(sqlite_path, capsys) -> None:
    # c3 starts on 4 November at 10:00 Warsaw time; --until 2026-11-04 keeps it, --until 2026-11-03 not
    run_stats(parse(str(sqlite_path), "--since", "2026-11-03", "--until", "2026-11-04", "--json"))
    assert json.loads(capsys.readouterr().out)["overall"]["conversations"] == 1
    run_stats(parse(str(sqlite_path), "--since", "2026-11-03", "--until", "2026-11-03", "--json"))
    assert json.loads(capsys.readouterr().out)["overall"]["conversations"] == 0


def test_stats_rejects_a_bad_date() -> None:
    with pytest.raises(SystemExit):
        parse("rozmowy.sqlite", "--since", "wczoraj")
    assert parse("x.sqlite", "--until", "2026-11-04T12:00+01:00").until.tzinfo is not None
    assert parse("x.sqlite", "--since", "2026-11-04").since == date(2026, 11, 4)


def test_the_seeded_store_has_every_kind_of_conversation(tmp_path) -> None:
    path = tmp_path / "seed.sqlite"
    counts = seed_store(path, conversations=300, days=21)
    assert counts["conversations"] == 300 and counts["feedback"] > 0 and counts["repeats"] > 0
    overall = service_metrics(path).overall
    assert overall.conversations == 300 and overall.courtesy_only > 0
    assert 0.4 < overall.contained.rate < 0.9 and overall.handoffs.count > 20
    assert {"explicit_request", "complaint"} <= set(overall.handoffs_by_reason)
    assert overall.abstentions.count > 0 and overall.unanswered_abstentions.count > 0
    assert overall.fcr.eligible > 50 and overall.fcr.rate < 1.0
    assert overall.csat.responses > 20 and overall.nps.responses > 20
    assert len(service_metrics(path).by_channel) >= 5
    with pytest.raises(FileExistsError):
        seed_store(path)


def test_the_seed_is_deterministic(tmp_path) -> None:
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    seed_store(first, conversations=50, days=7)
    seed_store(second, conversations=50, days=7)
    assert service_metrics(first) == service_metrics(second)


def test_feedback_recorded_later_moves_the_weekly_csat(tmp_path) -> None:
    store = MemoryConversationStore()
    store.append("c-1", [Turn(role="customer", text="Zwrot?", at=T0)])
    record_feedback(store, "c-1", csat=2, at=T0 + timedelta(days=9), redact=lambda t: t)
    weekly = service_metrics(store).weekly
    assert [(p.start, p.summary.csat.mean) for p in weekly] == [(date(2026, 11, 2), 2.0)]
