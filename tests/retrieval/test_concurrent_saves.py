"""Several processes saving one index while others load it: no failed load, no lost index."""

from __future__ import annotations

import multiprocessing as mp
import os
import time
import traceback
from pathlib import Path

import pytest

from pomocbot import Assistant, Document
from tests.conftest import SMALL_KB, FakeEmbedder, FakeStemmer

SECONDS = float(os.environ.get("POMOCBOT_STRESS_S", "8"))  # the full run: POMOCBOT_STRESS_S=60


def _assistant() -> Assistant:
    assistant = Assistant(embedder=FakeEmbedder(), stemmer=FakeStemmer())
    assistant.add_documents(list(SMALL_KB))
    return assistant


def _writer(root: str, n: int, until: float, errors) -> None:
    try:
        assistant = _assistant()
        k = 0
        while time.time() < until:
            k += 1
            text = f"Zapis {n}: wersja {k} dokumentu o zwrotach."
            assistant.add_documents([Document(id=f"w{n}", text=text)])
            assistant.save(root)
    except Exception:
        errors.append(f"writer {n}: {traceback.format_exc()}")


def _reader(root: str, until: float, errors, loads) -> None:
    done = 0
    while time.time() < until:
        try:
            loaded = Assistant.load(root, embedder=FakeEmbedder())
            assert len(loaded) > 0
            done += 1
        except Exception:
            errors.append(f"reader: {traceback.format_exc(limit=3)}")
    loads.append(done)


@pytest.mark.integration
def test_two_writers_and_four_readers_never_break_the_index(tmp_path: Path) -> None:
    root = str(tmp_path / "index")
    _assistant().save(root)
    ctx = mp.get_context("fork")
    with ctx.Manager() as manager:
        errors, loads = manager.list(), manager.list()
        until = time.time() + SECONDS
        processes = [ctx.Process(target=_writer, args=(root, n, until, errors)) for n in range(2)]
        processes += [ctx.Process(target=_reader, args=(root, until, errors, loads)) for _ in range(4)]
        for process in processes:
            process.start()
        for process in processes:
            process.join(timeout=SECONDS + 120)
        errors, loads = list(errors), list(loads)
    assert not errors, errors[:3]
    assert len(loads) == 4 and sum(loads) > 0, loads
    final = Assistant.load(root, embedder=FakeEmbedder())
    assert {"w0", "w1"} & set(final.document_ids)
