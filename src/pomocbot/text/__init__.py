"""Polish text tools: normalisation, diacritic folding, sentences, stemming, stop words."""

from pomocbot.text.normalize import fold_diacritics, normalize_whitespace
from pomocbot.text.sentences import sentence_spans, split_sentences
from pomocbot.text.stemming import PolishStemmer
from pomocbot.text.stopwords import POLISH_STOPWORDS, is_stopword
from pomocbot.text.tokenize import char_ngrams, lexical_terms, word_tokens

__all__ = [
    "POLISH_STOPWORDS",
    "PolishStemmer",
    "char_ngrams",
    "fold_diacritics",
    "is_stopword",
    "lexical_terms",
    "normalize_whitespace",
    "sentence_spans",
    "split_sentences",
    "word_tokens",
]
