"""The ``pomocbot`` command: index, search, ask, chat (real USE embedder and Stempel)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pomocbot.cli import main
from tests.conftest import SMALL_KB

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    kb = tmp_path_factory.mktemp("kb")
    for document in SMALL_KB:
        (kb / f"{document.id}.md").write_text(f"# {document.title}\n\n{document.text}\n", encoding="utf-8")
    (kb / "zepsuty.md").write_bytes(b"\xff\xfe\x00binarne")
    out = tmp_path_factory.mktemp("index") / "idx"
    # Exit status 3: the index was written, but a file failed (named in the summary).
    assert main(["index", str(kb), "--out", str(out)]) == 3
    return out


def test_search_json(index_dir: Path, capsys) -> None:
    assert main(["search", str(index_dir), "ile kosztuje paczkomat", "-k", "2", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits[0]["doc_id"] == "paczkomat" and len(hits) == 2


def test_ask_json_cites_the_knowledge_base(index_dir: Path, capsys) -> None:
    assert main(["ask", str(index_dir), "Ile kosztuje wysyłka do paczkomatu?", "--json"]) == 0
    reply = json.loads(capsys.readouterr().out)
    assert not reply["abstained"]
    assert reply["citations"][0]["doc_id"] == "paczkomat"
    assert "11,99 zł" in reply["answer"]


def test_ask_table_shows_confidence_and_citations(index_dir: Path, capsys) -> None:
    assert main(["ask", str(index_dir), "Ile kosztuje wysyłka do paczkomatu?", "--register", "ty"]) == 0
    out = capsys.readouterr().out
    assert "pewność" in out and "[1]" in out and "Cześć!" in out


def test_ask_abstains_when_the_base_has_no_answer(index_dir: Path, capsys) -> None:
    assert main(["ask", str(index_dir), "Jaką moc ma odkurzacz bezworkowy?", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["abstained"]


def test_chat_keeps_the_conversation(index_dir: Path, capsys, monkeypatch) -> None:
    lines = iter(["Ile kosztuje dostawa kurierem?", "a do paczkomatu?", ""])
    monkeypatch.setattr("builtins.input", lambda *_: next(lines))
    assert main(["chat", str(index_dir)]) == 0
    out = capsys.readouterr().out
    assert "14,99 zł" in out and "11,99 zł" in out


def test_missing_index_is_a_clear_error(tmp_path: Path, capsys) -> None:
    assert main(["ask", str(tmp_path / "brak"), "pytanie"]) == 2
    assert "IndexNotFoundError" in capsys.readouterr().err


def test_index_warns_about_contradicting_documents(tmp_path: Path, capsys) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "zwroty.md").write_text("# Zwroty\n\nNa zwrot towaru masz 14 dni od otrzymania paczki.\n",
                                  encoding="utf-8")
    (kb / "zwrot-faq.md").write_text("# Zwrot towaru\n\nNa odstąpienie od umowy i zwrot towaru masz 30 dni "
                                     "od otrzymania paczki.\n", encoding="utf-8")
    assert main(["index", str(kb), "--out", str(tmp_path / "idx")]) == 0
    err = capsys.readouterr().err
    assert "sprzeczność" in err and "14 dni" in err and "30 dni" in err
    assert main(["index", str(kb), "--out", str(tmp_path / "idx2"), "--no-lint"]) == 0
    assert "sprzeczność" not in capsys.readouterr().err


def test_index_resumes_an_interrupted_build_and_reuses_the_old_index(tmp_path: Path, capsys,
                                                                     monkeypatch) -> None:
    from pomocbot.retrieval.embedding_cache import CHECKPOINT_NAME
    from pomocbot.retrieval.index import KnowledgeIndex

    kb = tmp_path / "kb"
    kb.mkdir()
    for document in SMALL_KB:
        (kb / f"{document.id}.md").write_text(f"# {document.title}\n\n{document.text}\n", encoding="utf-8")
    out = tmp_path / "idx"
    real = KnowledgeIndex._embed_new_chunks

    def interrupted(self, planned, progress, report):  # Ctrl-C after the first batch
        def stop(done: int, total: int) -> None:
            raise KeyboardInterrupt

        return real(self, planned, stop, report)

    monkeypatch.setattr(KnowledgeIndex, "_embed_new_chunks", interrupted)
    assert main(["index", str(kb), "--out", str(out), "--no-lint"]) == 130
    assert (out / CHECKPOINT_NAME).is_file() and "wznowi" in capsys.readouterr().err
    monkeypatch.setattr(KnowledgeIndex, "_embed_new_chunks", real)
    assert main(["index", str(kb), "--out", str(out), "--no-lint"]) == 0
    captured = capsys.readouterr()
    assert "wektorów z poprzedniego indeksu" in captured.err and not (out / CHECKPOINT_NAME).exists()
    embedded, cached = re.search(r"z pamięci podręcznej\D*(\d+) / (\d+)", captured.out).groups()
    assert int(cached) == len(SMALL_KB) - int(embedded) and int(cached) > 0
    # A second build over the saved index embeds nothing at all.
    assert main(["index", str(kb), "--out", str(out), "--no-lint"]) == 0
    assert re.search(rf"z pamięci podręcznej\D*0 / {len(SMALL_KB)}\b", capsys.readouterr().out)
