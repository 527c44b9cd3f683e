"""Readers for the training data of the escalation models, and an embedding cache.

Two kinds of data, kept apart:

* **ours** (in the repository, never shipped in the package): the tone examples
  ``data/escalation/tone_train*.jsonl`` and the trigger tables
  ``data/escalation/triggers_*.jsonl`` (``data/README.md`` says which are train
  and which dev);
* **shared** developer halves of public sets (``../shared/data``, never copied
  into the repository): CLARIN-Emo (CC BY 4.0) and the cyberbullying set CBD
  (BSD-3-Clause) may be trained on; Allegro reviews (CC BY-SA 4.0), the Allegro
  FAQ and PolEval NER are measures only and have no reader here.

Embeddings of the shared texts are cached as ``.npy`` files (numbers only) in a
folder outside the repository, keyed by the embedder's name and a hash of the
texts, so re-runs cost nothing.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
ESCALATION_DATA = ROOT / "data" / "escalation"
"""Our own training and dev tables of the escalation models (not part of the package)."""
EXAMPLES_GLOB = "tone_train*.jsonl"
"""Our own labelled tone examples, in :data:`ESCALATION_DATA`."""
ANGRY_LABELS = frozenset({"frustrated", "abusive"})


def load_examples(path: str | Path | None = None, *,
                  folder: Path = ESCALATION_DATA) -> list[dict[str, str]]:
    """Our labelled examples: ``{"text", "label": "calm"|"frustrated"|"abusive", "source"}`` per line.

    Without ``path``, every ``tone_train*.jsonl`` file of ``folder``, in name order.
    """
    if path is not None:
        texts = [Path(path).read_text(encoding="utf-8")]
    else:
        paths = sorted(folder.glob(EXAMPLES_GLOB))
        if not paths:
            raise FileNotFoundError(f"no {EXAMPLES_GLOB} in {folder}; run from a checkout holding data/")
        texts = [p.read_text(encoding="utf-8") for p in paths]
    return [json.loads(line) for text in texts for line in text.splitlines() if line.strip()]


@dataclass(frozen=True)
class Clarin:
    """CLARIN-Emo sentences with the two columns the tone model uses."""

    texts: list[str]
    anger: np.ndarray
    negative: np.ndarray


def load_clarin(data: Path) -> Clarin:
    path = data / "clarin-emo" / "sentences.jl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    return Clarin([r["text"] for r in rows], np.array([bool(r["Anger"]) for r in rows]),
                  np.array([bool(r["Negative"]) for r in rows]))


def load_cbd(data: Path) -> tuple[list[str], np.ndarray]:
    """Cyberbullying tweets (KLEJ CBD train) and whether each is harmful."""
    path = data / "cyberbullying" / "tweets.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [(r["sentence"], r["target"].strip() == "1")
                for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE) if r.get("target")]
    return [t for t, _ in rows], np.array([y for _, y in rows])


def make_embedder(kind: str) -> Any:
    """The embedder a model is trained for: ``e5`` (default of the library) or ``use``."""
    if kind == "e5":
        from pomocbot.retrieval.e5 import E5Embedder

        return E5Embedder(threads=1, build_threads=None)
    if kind == "use":
        from pomocbot.retrieval.embedders import UniversalSentenceEncoder

        return UniversalSentenceEncoder()
    raise SystemExit(f"unknown embedder {kind!r}; use 'e5' or 'use'")


def embed(embedder: Any, texts: Sequence[str], *, cache: Path | None = None, name: str = "texts",
          batch: int = 256) -> np.ndarray:
    """Query embeddings of ``texts`` (float64), read from / written to ``cache`` when given."""
    texts = list(texts)
    digest = hashlib.sha1("\n".join(texts).encode("utf-8")).hexdigest()[:12]
    slug = "".join(c if c.isalnum() else "_" for c in embedder.name)
    path = cache / f"{name}-{slug}-{digest}.npy" if cache is not None else None
    if path is not None and path.exists():
        return np.load(path).astype(np.float64)
    vectors = np.vstack([embedder.embed(texts[i:i + batch], kind="query")
                         for i in range(0, len(texts), batch)])
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors.astype(np.float32))
    return vectors.astype(np.float64)
