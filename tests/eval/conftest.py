"""Fixtures of the evaluation tests: the small shop on fake models, questions, conversations, PII cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pomocbot import Assistant
from tests.conftest import SMALL_KB, FakeEmbedder, FakeStemmer

SHOP = Path(__file__).resolve().parents[2] / "examples" / "sklep"

QUESTIONS = [
    {"id": "q1", "question": "Ile kosztuje wysyłka do Paczkomatu?", "gold": ["paczkomat"],
     "answer": "11,99 zł"},
    {"id": "q2", "question": "Ile dni mam na zwrot towaru?", "gold": ["zwroty"],
     "answer": ["14 dni", "dwa tygodnie"]},
    {"id": "q3", "question": "Jak zapłacić BLIKiem?", "gold": ["blik"]},
    {"id": "q4", "question": "Czy wystawicie fakturę VAT na firmę?", "gold": ["faktura"], "answer": "NIP"},
    {"id": "q5", "question": "Ile kosztuje dostawa kurierem DPD?", "gold": ["dostawa-kurier"],
     "answer": "14,99 zł"},
    {"id": "q6", "question": "Czy sprzedajecie rowery elektryczne?", "gold": []},
    {"id": "q7", "question": "<script>alert(1)</script> jaka jest pogoda w Tokio?", "gold": []},
]


@pytest.fixture(scope="module")
def shop() -> Assistant:
    """The small shop indexed with the fake embedder and stemmer (the real PII detector)."""
    assistant = Assistant(embedder=FakeEmbedder(), stemmer=FakeStemmer())
    assistant.add_documents(SMALL_KB)
    return assistant


@pytest.fixture(scope="module")
def kb_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("kb")
    for document in SMALL_KB:
        (folder / f"{document.id}.md").write_text(f"# {document.title}\n\n{document.text}\n",
                                                  encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def conversations() -> list[dict]:
    lines = (SHOP / "conversations.jsonl").read_text(encoding="utf-8").splitlines()
    everything = [json.loads(line) for line in lines if line.strip()]
    calm = [c for c in everything if not c["expected"]["escalate"]][:2]
    must = [c for c in everything if c["expected"]["escalate"]][:2]
    return calm + must


@pytest.fixture(scope="module")
def pii_path() -> Path:
    return SHOP / "pii_cases.jsonl"
