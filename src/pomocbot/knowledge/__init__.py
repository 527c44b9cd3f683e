"""Knowledge-base ingestion: documents, loaders, Polish-aware chunking."""

from pomocbot.knowledge.chunker import Chunk, Chunker
from pomocbot.knowledge.document import Document
from pomocbot.knowledge.html import html_to_text
from pomocbot.knowledge.loaders import SUPPORTED_SUFFIXES, load_directory, load_file

__all__ = ["SUPPORTED_SUFFIXES", "Chunk", "Chunker", "Document", "html_to_text", "load_directory",
           "load_file"]
