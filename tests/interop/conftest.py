"""Fixtures of the LlamaIndex interop tests."""

from __future__ import annotations

import pytest

from pomocbot import Assistant


class SearchSpy:
    """Records every query the assistant's search receives, then searches for real."""

    def __init__(self, assistant: Assistant) -> None:
        self.queries: list[str] = []
        self._search = assistant.search

    def __call__(self, query: str, k: int = 5):
        self.queries.append(query)
        return self._search(query, k)


@pytest.fixture
def spy(assistant: Assistant, monkeypatch) -> SearchSpy:
    spy = SearchSpy(assistant)
    monkeypatch.setattr(assistant, "search", spy)
    return spy
