"""Polish person names without an NER model (work in progress)."""

from __future__ import annotations

from presidio_analyzer import LocalRecognizer, RecognizerResult

__all__ = ["PlPersonRecognizer"]


class PlPersonRecognizer(LocalRecognizer):
    """Finds person names (OSOBA) in Polish text; needs no nlp_artifacts."""

    ENTITY = "OSOBA"

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], supported_language="pl")

    def load(self) -> None:
        pass

    def analyze(self, text, entities, nlp_artifacts=None) -> list[RecognizerResult]:
        return []
