"""Configuration: one pydantic model per area, combined in :class:`AssistantConfig`.

Every field has an offline default, so ``AssistantConfig()`` works on a machine
without network. Modes are enums that accept strings.

>>> config = AssistantConfig(retrieval={"index_kind": "hnsw", "fusion": "rrf"})
>>> config.retrieval.index_kind, config.retrieval.fusion
(<IndexKind.HNSW: 'hnsw'>, <FusionMode.RRF: 'rrf'>)
>>> AssistantConfig.model_validate_json(config.model_dump_json()) == config
True
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "AssistantConfig",
    "EmbedderKind",
    "FusionMode",
    "FusionWeights",
    "IndexKind",
    "KnowledgeConfig",
    "RetrievalConfig",
]


class _Config(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


class IndexKind(str, Enum):
    """FAISS index kind: exact ``flat`` (default), graph ``hnsw``, compressed ``ivfpq``."""

    FLAT = "flat"
    HNSW = "hnsw"
    IVFPQ = "ivfpq"


class EmbedderKind(str, Enum):
    """``use``: Google's multilingual USE v3 (offline, default); ``huggingface``: a local model directory."""

    USE = "use"
    HUGGINGFACE = "huggingface"


class FusionMode(str, Enum):
    """How dense and lexical results are combined.

    ``zscore`` (default): weighted sum of per-query standardised scores;
    ``rrf``: reciprocal rank fusion; ``dense`` / ``lexical``: one side only.
    """

    ZSCORE = "zscore"
    RRF = "rrf"
    DENSE = "dense"
    LEXICAL = "lexical"


class KnowledgeConfig(_Config):
    """Loading and chunking of knowledge-base files."""

    chunk_tokens: int = Field(200, ge=16, le=8192, description="target chunk size in tiktoken tokens")
    chunk_overlap_tokens: int = Field(40, ge=0, description="tokens of trailing sentences repeated")
    encodings: tuple[str, ...] = Field(("utf-8",), min_length=1, description="tried in order")
    max_file_bytes: int = Field(50_000_000, gt=0)

    @model_validator(mode="after")
    def _overlap_below_size(self) -> KnowledgeConfig:
        if self.chunk_overlap_tokens >= self.chunk_tokens:
            raise ValueError(
                f"chunk_overlap_tokens ({self.chunk_overlap_tokens}) must be smaller than "
                f"chunk_tokens ({self.chunk_tokens})"
            )
        return self


class FusionWeights(_Config):
    """Weights of the standardised scores in ``zscore`` fusion (tuned on allegro-faq, see benchmarks)."""

    dense: float = Field(0.7, ge=0)
    stems: float = Field(1.0, ge=0)
    ngrams: float = Field(1.0, ge=0)


class RetrievalConfig(_Config):
    """Embedder, FAISS index, BM25 and fusion settings."""

    embedder: EmbedderKind = EmbedderKind.USE
    embedder_model_path: str | None = Field(None, description="directory of a local HF model")
    query_prefix: str = Field("", description='e.g. "query: " for e5, "zapytanie: " for mmlw')
    passage_prefix: str = Field("", description='e.g. "passage: " for e5')
    embedder_threads: int = Field(1, ge=1, le=256)
    embed_batch_size: int = Field(64, ge=1)

    index_kind: IndexKind = IndexKind.FLAT
    hnsw_m: int = Field(32, ge=4, le=128)
    hnsw_ef_search: int = Field(128, ge=8)
    hnsw_ef_construction: int = Field(80, ge=8)
    ivf_nlist: int | None = Field(None, ge=1, description="None: about 4*sqrt(n)")
    ivf_nprobe: int = Field(16, ge=1)
    pq_m: int = Field(64, ge=1, description="PQ sub-quantizers; must divide the dimension")

    fusion: FusionMode = FusionMode.ZSCORE
    weights: FusionWeights = FusionWeights()
    candidates: int = Field(100, ge=1, le=10_000, description="results taken from each retriever")
    rrf_k: int = Field(60, ge=1)
    bm25_k1: float = Field(1.2, gt=0)
    bm25_b: float = Field(0.75, ge=0, le=1)
    stemmer_table: str = Field("polimorf", pattern="^(polimorf|original)$")
    ngram_size: int = Field(4, ge=2, le=8)
    max_query_chars: int = Field(
        2000, ge=16, description="longer queries are cut at a word boundary before this many characters"
    )


class AssistantConfig(_Config):
    """All settings of an :class:`~pomocbot.Assistant`."""

    knowledge: KnowledgeConfig = KnowledgeConfig()
    retrieval: RetrievalConfig = RetrievalConfig()
