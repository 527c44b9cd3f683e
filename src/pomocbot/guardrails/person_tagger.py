"""A learned tagger of person names: a linear-chain CRF over tokens with Morfeusz 2 features.

The hand-written recognizer (:class:`~pomocbot.guardrails.recognizers.pl_person.PlPersonRecognizer`)
knows the strong cues, but on real text the cues conflict: "Kraków" reads as a
surname's genitive plural, "Róża" is a flower and a woman, "Wilk" an animal and
a man, a capital at the start of a sentence says little. The CRF weighs them
from examples. Each token is described by

* the word itself: lower-cased form, suffixes, shape (``Xx``, ``x``, ``X.``),
  length;
* **Morfeusz 2 / SGJP readings**: parts of speech, the name qualifiers
  (``imię``, ``nazwisko``, ``nazwa_geograficzna``, ``nazwa_pospolita``), the
  cases a name reading allows, whether the word has a common-word reading or
  is unknown to the dictionary (foreign names);
* **gazetteers**: the first-name forms, the first names of the PESEL registry
  by frequency (``guardrails/data/pesel_first_names.tsv``), common surnames,
  surname shapes (-ski, -wicz), places, words that are never names;
* **context**: the words and readings two tokens either side, sentence start,
  titles and introductions before ("pan", "pani", "dr", "nazywam się", "tu",
  "dla", "z"), sign-offs;
* **the rules' verdict**: the score band the hand-written recognizer gives the
  token, so the CRF learns when to trust it.

The tokens and the per-word features are in
:mod:`pomocbot.guardrails.person_features`; this module adds the context
features, tags and scores spans.

The model (``guardrails/data/person_tagger.crfsuite``) is trained by
``tools/train_person_tagger.py`` on text we wrote and annotated and on
templates filled with PESEL first names, never on PolEval. A span's score is
the mean marginal probability of its labels, calibrated on out-of-fold
predictions (``person_tagger.json``), so 0.5 means "right half of the time".

>>> tagger = default_person_tagger()
>>> text = "Dzień dobry, tu Kasia Wilk. Paczkę odebrał pan Zbyszek, a ulica to Mickiewicza 3."
>>> [text[s:e] for s, e, _ in tagger.find_spans(text)]
['Kasia Wilk', 'Zbyszek']
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from pomocbot.guardrails.person_features import (
    LABELS,
    SENTENCE_END,
    Token,
    WordFeatures,
    load_pesel_first_names,
    spans_to_labels,
    tokenize,
)
from pomocbot.guardrails.recognizers.pl_person_words import fold_caps
from pomocbot.text.morphology import Morphology, default_morphology

__all__ = [
    "LABELS",
    "PersonTagger",
    "Token",
    "default_person_tagger",
    "load_pesel_first_names",
    "spans_to_labels",
    "tokenize",
]

# Words after which a name is a street, a square or a patron ("ul. Mickiewicza", "im. Marii Curie").
_STREET_HEADS = frozenset(
    "ul ulica ulicy ulicę ulicą al aleja alei aleję aleją pl plac placu placem os osiedle osiedla osiedlu "
    "rondo ronda rondzie skwer skweru skwerze most mostu moście park parku bulwar bulwaru im imienia "
    "wybrzeże wybrzeża św święty świętego świętemu świętym świętej świętą święta pw".split()
)
_STREET_STEMS = frozenset({"rond", "skwer", "bulwar", "osiedl", "plac", "alej", "ulic"})
_MODEL_FILE = "person_tagger.crfsuite"
_CALIBRATION_FILE = "person_tagger.json"


def _rule_band(score: float) -> str:
    return "hi" if score >= 0.8 else "mid" if score >= 0.5 else "lo"


class PersonTagger:
    """Finds person names with the CRF; ``find_spans(text)`` gives ``(start, end, score)``.

    ``model_path`` defaults to the shipped model; ``threshold`` is the least
    calibrated score a span keeps (the analyzer's ``min_score`` filters again).
    """

    def __init__(
        self,
        model_path: str | Path | None = None,
        *,
        morphology: Morphology | None = None,
        rules: object | None = None,
        threshold: float = 0.0,
        street_names: bool = False,
    ) -> None:
        import pycrfsuite

        from pomocbot.guardrails.recognizers.pl_person import PlPersonRecognizer

        self.morphology = morphology or default_morphology()
        self.rules = rules if rules is not None else PlPersonRecognizer()
        self.threshold = threshold
        self.street_names = street_names
        self.words = WordFeatures(self.morphology, load_pesel_first_names())
        data = resources.files("pomocbot.guardrails") / "data"
        self.model_path = Path(model_path) if model_path else Path(str(data / _MODEL_FILE))
        calibration_path = self.model_path.with_suffix(".json")
        calibration = (
            json.loads(calibration_path.read_text(encoding="utf-8")) if calibration_path.exists() else {}
        )
        self.calibration = (float(calibration.get("slope", 1.0)), float(calibration.get("intercept", 0.0)))
        self.meta = calibration
        self._pycrfsuite = pycrfsuite
        # A crfsuite Tagger holds per-call state: one per thread.
        self._local = threading.local()

    def _tagger(self):
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            tagger = self._pycrfsuite.Tagger()
            tagger.open(str(self.model_path))
            self._local.tagger = tagger
        return tagger

    # -- features ---------------------------------------------------------
    def features(
        self, text: str, tokens: Sequence[Token] | None = None, positions: Sequence[int] | None = None
    ) -> list[list[str]]:
        """The CRF's features of the tokens of ``text`` (all, or those at ``positions``).

        Training and tagging both use this, so a token is described the same way in both.
        """
        tokens = tokenize(text) if tokens is None else tokens
        per_word = [self.words.of(t.text) for t in tokens]
        rule_bands = self._rule_bands(text, tokens)
        return self._features(
            tokens, per_word, rule_bands, range(len(tokens)) if positions is None else positions
        )

    @staticmethod
    def _features(
        tokens: Sequence[Token], per_word: list, rule_bands: list[str], positions: Iterable[int]
    ) -> list[list[str]]:
        n = len(tokens)
        out = []
        for i in positions:
            features = ["bias", *per_word[i][0]]
            previous = tokens[i - 1].text if i else "\n"
            if (
                i == 0
                or previous in SENTENCE_END
                or (previous in ('"', "„", "(", "-", "–") and (i < 2 or tokens[i - 2].text in SENTENCE_END))
            ):
                features.append("bos")
            if i == n - 1 or tokens[i + 1].text == "\n":
                features.append("eol")
            for offset in (-2, -1, 1, 2):
                j = i + offset
                if 0 <= j < n:
                    features.extend(per_word[j][1][offset])
                else:
                    features.append(f"{offset:+d}:edge")
            band = rule_bands[i]
            if band:
                features.append(f"rule={band}")
                if i and rule_bands[i - 1]:
                    features.append("rule_cont")
            out.append(features)
        return out

    def _rule_bands(self, text: str, tokens: Sequence[Token],
                    spans: Sequence[tuple[int, int, float]] | None = None) -> list[str]:
        bands = [""] * len(tokens)
        if spans is None:
            spans = self.rules.find_spans(text)  # type: ignore[attr-defined]
        if not spans:
            return bands
        k = 0
        for start, end, score in spans:
            while k < len(tokens) and tokens[k].end <= start:
                k += 1
            j = k
            while j < len(tokens) and tokens[j].start < end:
                bands[j] = _rule_band(score)
                j += 1
        return bands

    # -- tagging ----------------------------------------------------------
    def find_spans(self, text: str) -> list[tuple[int, int, float]]:
        """``(start, end, score)`` of each person name, in order; scores are calibrated probabilities.

        Words in capitals are read title-cased (``fold_caps``: "PANI ANNA NOWAK"), same offsets.
        """
        text = fold_caps(text)
        tokens = tokenize(text)
        per_word = [self.words.of(t.text) for t in tokens]
        # A capitalised common word opening a sentence ("Zgubiłeś kod?") is no candidate; a known name is.
        candidates = [
            1 if word[2] == 2 or (word[2] == 1 and not _opens_sentence(tokens, i)) else 0
            for i, word in enumerate(per_word)
        ]
        windows = _windows([i for i, flag in enumerate(candidates) if flag], len(tokens))
        if not windows:
            return []
        tagger = self._tagger()
        rule_spans = self.rules.find_spans(text)  # type: ignore[attr-defined]
        rule_bands = self._rule_bands(text, tokens, rule_spans)
        spans: list[tuple[int, int, float]] = []
        for first, stop in windows:
            tagger.set(self._features(tokens, per_word, rule_bands, range(first, stop)))
            labels = tagger.tag()
            spans.extend(self._spans(tagger, labels, tokens, first, candidates))
        return _with_lowercase_context(spans, rule_spans, text)

    def _spans(self, tagger, labels: list[str], tokens: Sequence[Token], offset: int,
               candidates: Sequence[int]) -> list[tuple[int, int, float]]:
        spans = []
        i = 0
        while i < len(labels):
            if labels[i] == "O":
                i += 1
                continue
            j = i + 1
            while j < len(labels) and labels[j] == "I":
                j += 1
            # A span starts and ends on a word: "J. Kowalski" keeps its inner dot, "Kowalski." loses the last.
            start, end = i, j
            while start < end and not tokens[offset + start].text[0].isalnum():
                start += 1
            while end > start and not tokens[offset + end - 1].text[0].isalnum():
                end -= 1
            first = offset + start
            glued = first >= 2 and tokens[first - 1].end == tokens[first].start
            if start < end and glued and tokens[first - 1].text == "-" and tokens[first - 2].text.isdigit():
                start += 1  # "3-D Secure", "5-G": a letter glued to a number is no initial
            if not any(candidates[offset + k] for k in range(start, end)):
                start = end  # no word of it can be a name ("za krótkie", "lunchowym")
            if start < end and (self._named_after(tokens, offset + start)
                                or self._is_head(tokens[offset + start].text)):
                start = end  # "ul. Mickiewicza", "Szkoła im. Marii Konopnickiej": a street or a patron
            if start < end:
                probability = sum(tagger.marginal(labels[k], k) for k in range(i, j)) / (j - i)
                score = self._calibrated(probability)
                if score >= self.threshold:
                    spans.append((tokens[offset + start].start, tokens[offset + end - 1].end, score))
            i = j
        return spans

    def _named_after(self, tokens: Sequence[Token], first: int) -> bool:
        """Whether the name starting at token ``first`` names a street, square or patron, not a person.

        Off with ``street_names=True`` (redact "ul. Mickiewicza" too).
        """
        if self.street_names:
            return False
        k = first - 1
        if k >= 0 and tokens[k].text == ".":
            k -= 1
        if k < 0:
            return False
        return self._is_head(tokens[k].text)

    def _is_head(self, word: str) -> bool:
        if self.street_names:
            return False
        head = word.lower()
        # "ronda Romana Dmowskiego", "osiedla Jana III Sobieskiego": the inflected heads too.
        return head in _STREET_HEADS or head.rstrip("aeuyiąęo") in _STREET_STEMS

    def _calibrated(self, probability: float) -> float:
        slope, intercept = self.calibration
        p = min(max(probability, 1e-6), 1 - 1e-6)
        return round(1.0 / (1.0 + math.exp(-(slope * math.log(p / (1 - p)) + intercept))), 4)


# The rules' score for a name after an introduction or a sign-off ("nazywam się", "z tej strony").
_CONTEXT_SCORE = 0.85


def _with_lowercase_context(spans: list[tuple[int, int, float]], rule_spans: Sequence[tuple[int, int, float]],
                            text: str) -> list[tuple[int, int, float]]:
    """``spans`` plus the rules' lower-case names after a strong context that the CRF left out.

    The CRF learned names from capitalised text; "z tej strony jan kowalski" or a
    signature "Pozdrawiam,\njan kowalski" it often misses. The rules take a
    lower-case name only after an introduction or a sign-off, so those spans
    (with the rules' score) are added where no CRF span overlaps them.
    """
    extra = [
        (start, end, score) for start, end, score in rule_spans
        if score >= _CONTEXT_SCORE and text[start:end].islower()
        and not any(s < end and start < e for s, e, _ in spans)
    ]
    return sorted(spans + extra) if extra else spans


def _opens_sentence(tokens: Sequence[Token], i: int) -> bool:
    k = i - 1
    while k >= 0 and tokens[k].text in ('"', "„", "(", "-", "–", "*", "•"):
        k -= 1
    return k < 0 or tokens[k].text in SENTENCE_END


def _windows(candidates: list[int], n: int, margin: int = 3) -> list[tuple[int, int]]:
    """Token ranges ``[first, stop)`` around the candidate positions, merged where they touch.

    >>> _windows([2, 4, 20], 30)
    [(0, 8), (17, 24)]
    """
    windows: list[tuple[int, int]] = []
    for i in candidates:
        first, stop = max(0, i - margin), min(n, i + margin + 1)
        if windows and first <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], stop))
        else:
            windows.append((first, stop))
    return windows


_DEFAULT: PersonTagger | None = None
_DEFAULT_LOCK = threading.Lock()


def default_person_tagger() -> PersonTagger:
    """The process-wide :class:`PersonTagger` with the shipped model."""
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = PersonTagger()
    return _DEFAULT
