"""Bridges from pomocbot to other frameworks; each submodule imports its framework itself.

``import pomocbot`` loads none of them. For LlamaIndex:

>>> from pomocbot.interop import PomocbotRetriever
>>> PomocbotRetriever.__module__
'pomocbot.interop.llama_index'
"""

from __future__ import annotations

from pomocbot.interop.llama_index import PomocbotRetriever, hit_to_node

__all__ = ["PomocbotRetriever", "hit_to_node"]
