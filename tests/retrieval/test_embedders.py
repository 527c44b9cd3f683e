"""Embedders: the protocol, USE (integration), a tiny local BERT for HuggingFaceEmbedder, and the fake."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from pomocbot import AssistantConfig, ConfigError, DependencyMissingError, EmbeddingError, PomocbotError
from pomocbot.assistant import build_embedder
from pomocbot.retrieval.e5 import E5Embedder
from pomocbot.retrieval.embedders import (
    Embedder,
    HuggingFaceEmbedder,
    UniversalSentenceEncoder,
    check_embeddings,
    normalize_rows,
)
from tests.conftest import FakeEmbedder

# -- helpers (unit) ----------------------------------------------------------------


@pytest.mark.unit
def test_normalize_rows() -> None:
    vectors = normalize_rows(np.array([[3.0, 4.0], [0.0, 0.0], [-2.0, 0.0]]))
    assert vectors.dtype == np.float32 and vectors.flags.c_contiguous
    np.testing.assert_allclose(vectors, [[0.6, 0.8], [0.0, 0.0], [-1.0, 0.0]], atol=1e-7)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("vectors", "message"),
    [
        (np.zeros((2, 8)), "shape"),
        (np.zeros((3, 7)), "shape"),
        (np.zeros(24), "shape"),
        (np.array([[np.nan] * 8] * 3), "NaN"),
        (np.array([[np.inf] * 8] * 3), "NaN or infinite"),
    ],
)
def test_check_embeddings_rejects(vectors: np.ndarray, message: str) -> None:
    with pytest.raises(EmbeddingError, match=message):
        check_embeddings(vectors, 3, 8, "model-x")


@pytest.mark.unit
def test_fake_embedder_is_an_embedder() -> None:
    embedder = FakeEmbedder()
    assert isinstance(embedder, Embedder)
    vectors = embedder.embed(["Jak zwrócić towar?", "jak zwrocic towar", "Kurier DPD kosztuje 14,99 zł"])
    assert vectors.shape == (3, 64) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    np.testing.assert_array_equal(embedder.embed(["Jak zwrócić towar?"])[0], vectors[0])  # deterministic
    assert embedder.embedded_texts == 4


# -- Universal Sentence Encoder (integration) ------------------------------------------


@pytest.mark.integration
def test_use_shape_and_norm(use_embedder) -> None:
    assert isinstance(use_embedder, Embedder)
    assert (use_embedder.name, use_embedder.dimension) == ("use-multilingual-v3", 512)
    texts = ["Jak zwrócić towar?", "", "   ", "Ile kosztuje Paczkomat? " * 500]
    vectors = use_embedder.embed(texts)
    assert vectors.shape == (4, 512) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


@pytest.mark.integration
def test_use_empty_list(use_embedder) -> None:
    vectors = use_embedder.embed([])
    assert vectors.shape == (0, 512) and vectors.dtype == np.float32


@pytest.mark.integration
@pytest.mark.parametrize(
    ("text", "paraphrase", "unrelated"),
    [
        ("Jak zwrócić towar?", "Chcę oddać produkt, jak to zrobić?", "Jaka jest pogoda w Krakowie?"),
        ("Zapomniałem hasła do konta", "Nie pamiętam hasła, jak je zresetować?", "Ile kosztuje kurier DPD?"),
        ("Czy mogę zapłacić BLIK-iem?", "Czy przyjmujecie płatności BLIK?", "Jak długo trwa reklamacja?"),
        ("Jak długo trwa rozpatrzenie reklamacji?", "Ile czeka się na odpowiedź na reklamację?",
         "Czy wysyłacie za granicę?"),
    ],
)
def test_use_paraphrases_are_closer_than_unrelated(use_embedder, text, paraphrase, unrelated) -> None:
    a, b, c = use_embedder.embed([text, paraphrase, unrelated])
    assert float(a @ b) > float(a @ c) + 0.1


@pytest.mark.integration
def test_use_is_deterministic_and_batch_independent(use_embedder) -> None:
    one = use_embedder.embed(["Reklamacja butów"])
    batch = use_embedder.embed(["Zwrot", "Reklamacja butów", "Faktura VAT"])
    np.testing.assert_allclose(one[0], batch[1], atol=1e-5)


@pytest.mark.unit
def test_use_model_failure_becomes_embedding_error(monkeypatch) -> None:
    encoder = UniversalSentenceEncoder()

    class Broken:
        def encode(self, texts):
            raise RuntimeError("bad weights")

    monkeypatch.setattr(encoder, "_model", Broken())
    with pytest.raises(EmbeddingError, match="batch of 2 texts") as info:
        encoder.embed(["a", "b"])
    assert isinstance(info.value.__cause__, RuntimeError)


# -- HuggingFaceEmbedder -------------------------------------------------------------------

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "query", ":", "passage", "zapytanie", "?", ",",
         "jak", "zwrocic", "towar", "kurier", "paczka", "gdzie", "jest", "moja", "##y", "##a", "zwrot"]


@pytest.fixture(scope="module")
def tiny_bert(tmp_path_factory) -> str:
    """A randomly initialised 2-layer BERT with a 22-word WordPiece vocabulary, saved locally."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    folder = tmp_path_factory.mktemp("tiny-bert")
    vocab_file = folder / "vocab.txt"
    vocab_file.write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    torch.manual_seed(0)
    config = transformers.BertConfig(vocab_size=len(VOCAB), hidden_size=32, num_hidden_layers=2,
                                     num_attention_heads=2, intermediate_size=64, max_position_embeddings=64)
    transformers.BertModel(config).save_pretrained(folder)
    transformers.BertTokenizer(str(vocab_file)).save_pretrained(folder)
    return str(folder)


@pytest.mark.unit
def test_hf_shape_and_norm(tiny_bert: str) -> None:
    embedder = HuggingFaceEmbedder(tiny_bert, batch_size=2)
    assert isinstance(embedder, Embedder)
    assert embedder.dimension == 32 and embedder.name == f"hf:{tiny_bert.rstrip('/').split('/')[-1]}"
    texts = ["jak zwrocic towar?", "gdzie jest moja paczka", "kurier", "zwrot zwrot zwrot zwrot zwrot"]
    vectors = embedder.embed(texts)  # two batches, padded differently
    assert vectors.shape == (4, 32) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # padding is masked out of the mean: a text embeds the same alone and in a batch
    np.testing.assert_allclose(embedder.embed(["kurier"])[0], vectors[2], atol=1e-5)
    assert embedder.embed([]).shape == (0, 32)


@pytest.mark.unit
def test_hf_prefixes_change_the_vector(tiny_bert: str) -> None:
    plain = HuggingFaceEmbedder(tiny_bert)
    e5 = HuggingFaceEmbedder(tiny_bert, query_prefix="query: ", passage_prefix="passage: ")
    text = ["jak zwrocic towar?"]
    query, passage = e5.embed(text, kind="query"), e5.embed(text, kind="passage")
    assert not np.allclose(query, passage)
    assert not np.allclose(query, plain.embed(text, kind="query"))
    np.testing.assert_allclose(query, plain.embed(["query: jak zwrocic towar?"]), atol=1e-5)
    # without prefixes, queries and passages embed alike
    np.testing.assert_allclose(plain.embed(text, kind="query"), plain.embed(text), atol=1e-6)


@pytest.mark.unit
def test_hf_restores_torch_threads(tiny_bert: str) -> None:
    import torch

    before = torch.get_num_threads()
    HuggingFaceEmbedder(tiny_bert, threads=1).embed(["kurier"])
    assert torch.get_num_threads() == before


@pytest.mark.unit
def test_hf_truncates_long_texts(tiny_bert: str) -> None:
    vectors = HuggingFaceEmbedder(tiny_bert, max_length=16).embed(["zwrot " * 500])
    assert vectors.shape == (1, 32) and np.isfinite(vectors).all()


@pytest.mark.unit
def test_hf_missing_or_empty_directory(tmp_path) -> None:
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    for path in (tmp_path / "nie-ma-modelu", tmp_path):
        with pytest.raises(EmbeddingError, match="cannot load a Hugging Face model") as info:
            HuggingFaceEmbedder(str(path))
        assert isinstance(info.value, PomocbotError)


@pytest.mark.unit
@pytest.mark.parametrize("missing", ["torch", "transformers"])
def test_hf_without_the_local_extra(monkeypatch, tmp_path, missing: str) -> None:
    monkeypatch.setitem(sys.modules, missing, None)  # makes `import <missing>` raise ImportError
    with pytest.raises(DependencyMissingError, match=r"pomocbot\[local\]") as info:
        HuggingFaceEmbedder(str(tmp_path))
    assert "pip install" in str(info.value)
    assert isinstance(info.value, ImportError) and isinstance(info.value, PomocbotError)


# -- choosing the embedder from config --------------------------------------------------------


@pytest.mark.unit
def test_build_embedder_e5_without_loading_it() -> None:
    embedder = build_embedder(AssistantConfig(retrieval={"embedder": "e5", "embedder_threads": 3,
                                                         "build_threads": 2}))
    assert isinstance(embedder, E5Embedder) and embedder.threads == 3 and embedder.build_threads == 2
    assert embedder._weights is None and not embedder._sessions  # loads lazily, on the first embed()


@pytest.mark.unit
def test_build_embedder_use_is_the_named_fast_option() -> None:
    embedder = build_embedder(AssistantConfig(retrieval={"embedder": "use", "embedder_threads": 3}))
    assert isinstance(embedder, UniversalSentenceEncoder) and embedder.threads == 3
    assert embedder._model is None


@pytest.mark.unit
def test_build_embedder_huggingface_needs_a_path() -> None:
    with pytest.raises(ConfigError, match="embedder_model_path"):
        build_embedder(AssistantConfig(retrieval={"embedder": "huggingface"}))


@pytest.mark.unit
def test_build_embedder_huggingface(tiny_bert: str) -> None:
    config = AssistantConfig(retrieval={"embedder": "huggingface", "embedder_model_path": tiny_bert,
                                        "query_prefix": "zapytanie: "})
    embedder = build_embedder(config)
    assert isinstance(embedder, HuggingFaceEmbedder)
    assert embedder.query_prefix == "zapytanie: " and embedder.passage_prefix == ""
    assert embedder.embed(["towar"], kind="query").shape == (1, 32)
