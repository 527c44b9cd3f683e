"""Hybrid retrieval: embedders, FAISS store, Polish BM25, fusion, the index and its persistence."""

from pomocbot.retrieval.e5 import E5Embedder
from pomocbot.retrieval.embedders import Embedder, HuggingFaceEmbedder, UniversalSentenceEncoder
from pomocbot.retrieval.fusion import RankedList, reciprocal_rank_fusion, zscore_fusion
from pomocbot.retrieval.index import KnowledgeIndex
from pomocbot.retrieval.lexical import BM25Index, PolishAnalyzer
from pomocbot.retrieval.persistence import load_index, read_manifest, save_index
from pomocbot.retrieval.vector_store import FaissVectorStore

__all__ = [
    "BM25Index",
    "E5Embedder",
    "Embedder",
    "FaissVectorStore",
    "HuggingFaceEmbedder",
    "KnowledgeIndex",
    "PolishAnalyzer",
    "RankedList",
    "UniversalSentenceEncoder",
    "load_index",
    "read_manifest",
    "reciprocal_rank_fusion",
    "save_index",
    "zscore_fusion",
]
