"""Person names (OSOBA) found by the learned tagger: the recognizer the default pack registers.

:class:`~pomocbot.guardrails.person_tagger.PersonTagger` (a CRF over tokens with
Morfeusz 2 readings, gazetteers, context and the hand-written rules' verdict as
features) gives calibrated scores, so the analyzer's ``min_score`` (0.5 by
default) keeps a name when the model thinks it is more likely a name than not.
The hand-written :class:`~pomocbot.guardrails.recognizers.pl_person.PlPersonRecognizer`
stays available on its own (``PrivacyConfig.person_recognizer="rules"``).

>>> r = PlPersonModelRecognizer()
>>> text = "Reklamację składam w imieniu Anny Kowalskiej, mieszkam przy ul. Mickiewicza 5."
>>> [text[x.start:x.end] for x in r.analyze(text, ["OSOBA"])]
['Anny Kowalskiej']
"""

from __future__ import annotations

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from pomocbot.guardrails.person_tagger import PersonTagger, default_person_tagger
from pomocbot.guardrails.recognizers.common import span_results

__all__ = ["PlPersonModelRecognizer"]


class PlPersonModelRecognizer(LocalRecognizer):
    """OSOBA spans from the person-name CRF; needs no nlp_artifacts."""

    ENTITY = "OSOBA"

    def __init__(self, supported_language: str = "pl", tagger: PersonTagger | None = None) -> None:
        self._tagger = tagger
        super().__init__(supported_entities=[self.ENTITY], supported_language=supported_language,
                         name="PlPersonModelRecognizer")

    def load(self) -> None:
        pass

    @property
    def tagger(self) -> PersonTagger:
        if self._tagger is None:
            self._tagger = default_person_tagger()
        return self._tagger

    def find_spans(self, text: str) -> list[tuple[int, int, float]]:
        """(start, end, calibrated score) of every person name in ``text``."""
        return self.tagger.find_spans(text)

    def analyze(
        self, text: str, entities: list[str] | None = None, nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        return span_results(self.ENTITY, entities, lambda: self.find_spans(text))
