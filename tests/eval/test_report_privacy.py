"""The report files never hold the personal data of the questions: redacted as the assistant redacts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pomocbot.cli import main
from pomocbot.eval import evaluate, write_report

PESEL = "02070803628"
PHONE = "601 234 567"
EMAIL = "jan.kowalski@wp.pl"
PII = f"Mój PESEL to {PESEL}, telefon {PHONE}, e-mail {EMAIL}."
QUESTIONS = [
    # answered, but with the wrong expected value: a failed question, shown in every drill-down
    {"id": "p1", "question": f"{PII} Ile dni mam na zwrot towaru?", "gold": ["zwroty"],
     "answer": f"na numer {PHONE}"},
    # no gold document anywhere: fails too
    {"id": "p2", "question": f"Piszę z {EMAIL}, tel. {PHONE}. Czy sprzedajecie rowery elektryczne?",
     "gold": ["rowery"]},
    {"id": "p3", "question": "Ile kosztuje wysyłka do Paczkomatu?", "gold": ["paczkomat"],
     "answer": "11,99 zł"},
]


def leaks(text: str) -> list[str]:
    """The raw values (or their digits in any grouping) found in ``text``."""
    found = [value for value in (PESEL, EMAIL, "jan.kowalski") if value in text]
    digits = re.sub(r"\D", "", text)
    found += [value for value in (PESEL, "601234567") if value in digits]
    if re.search(r"601\D{0,3}234\D{0,3}567", text):
        found.append(PHONE)
    return found


def files(paths: dict[str, Path]) -> dict[str, str]:
    return {kind: path.read_text(encoding="utf-8") for kind, path in paths.items()}


@pytest.fixture(scope="module")
def written(shop, tmp_path_factory) -> dict[str, str]:
    configs = {"placeholder": None, "mask": {"privacy": {"mode": "mask"}}}
    report = evaluate(shop, questions=QUESTIONS, configs=configs)
    return files(write_report(report, tmp_path_factory.mktemp("raport"), plots=False))


@pytest.mark.unit
@pytest.mark.parametrize("kind", ["json", "markdown", "html"])
def test_no_personal_data_in_the_report_files(written: dict[str, str], kind: str) -> None:
    assert leaks(written[kind]) == []


@pytest.mark.unit
def test_the_questions_are_shown_redacted(written: dict[str, str]) -> None:
    data = json.loads(written["json"])
    rows = {row["id"]: row for row in data["configs"]["placeholder"]["questions"]}
    assert rows["p1"]["question"] == ("Mój PESEL to [PESEL_1], telefon [TELEFON_1], e-mail [EMAIL_1]. "
                                      "Ile dni mam na zwrot towaru?")
    assert rows["p1"]["expected"] == ["na numer [TELEFON_1]"]  # one numbering for the row's texts
    assert rows["p3"]["question"] == "Ile kosztuje wysyłka do Paczkomatu?"
    masked = {row["id"]: row for row in data["configs"]["mask"]["questions"]}
    assert masked["p2"]["question"] == "Piszę z [EMAIL], tel. [TELEFON]. Czy sprzedajecie rowery elektryczne?"
    # The failed questions are in the drill-downs, redacted.
    assert "[PESEL_1]" in written["markdown"] and "[PESEL_1]" in written["html"]
    # The figures are computed on the real texts: p1 misses its expected value, p3 contains it.
    assert rows["p1"]["contained"] is False and rows["p3"]["contained"] is True


@pytest.mark.unit
def test_privacy_off_keeps_the_questions(shop) -> None:
    report = evaluate(shop, questions=QUESTIONS[:1], configs={"off": {"privacy": {"enabled": False}}})
    assert report.configs["off"].questions[0].question == QUESTIONS[0]["question"]


@pytest.mark.integration
def test_pomocbot_eval_writes_no_personal_data(shop_index_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "pytania.jsonl"
    questions = [{**QUESTIONS[0], "gold": ["faq-ile-mam-czasu-na-zwrot"]},
                 {**QUESTIONS[1], "gold": []}]
    data.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions), encoding="utf-8")
    out = tmp_path / "raport"
    assert main(["eval", str(data), "--index", str(shop_index_dir), "--out", str(out), "--no-plots",
                 "--quiet"]) == 0
    written = files({kind: out / f"report.{kind}" for kind in ("json", "md", "html")})
    assert {kind: leaks(text) for kind, text in written.items()} == {"json": [], "md": [], "html": []}
    assert "[PESEL_1]" in written["json"]
