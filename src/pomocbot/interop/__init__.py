"""Bridges from pomocbot to other frameworks; each submodule imports its framework itself.

``import pomocbot`` loads none of them. For LlamaIndex (:class:`PomocbotQueryEngine`
for a customer's text: it redacts the query before LlamaIndex sees it):

>>> from pomocbot.interop import PomocbotRetriever
>>> PomocbotRetriever.__module__
'pomocbot.interop.llama_index'
"""

from __future__ import annotations

from pomocbot.interop.llama_index import PomocbotQueryEngine, PomocbotRetriever, hit_to_node

__all__ = ["PomocbotQueryEngine", "PomocbotRetriever", "hit_to_node"]
