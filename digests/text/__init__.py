"""Text normalisation for the whole engine: folding, tokens, stop words, stems, language
and calendar names. The answerer, the ranking and the extraction all read words
through here, so one word is compared the same way everywhere."""

from __future__ import annotations

from collections.abc import Iterable

from digests.text.calendar_names import month_names, month_numbers, weekday_names
from digests.text.folding import PLAIN_WORD, WORD, fold, words
from digests.text.language import GERMAN_MARKERS, language_of
from digests.text.stemming import stem, stems_in_every_language
from digests.text.stopwords import LANGUAGES, QUESTION_STOPWORDS, stopwords, word_list

# The function words a question is matched without (both languages, and how English
# asks: "tell", "please").
STOPWORDS = QUESTION_STOPWORDS

__all__ = [
    "GERMAN_MARKERS",
    "LANGUAGES",
    "PLAIN_WORD",
    "STOPWORDS",
    "WORD",
    "fold",
    "language_of",
    "month_names",
    "month_numbers",
    "stem",
    "stem_set",
    "stems",
    "stems_in_every_language",
    "stopwords",
    "weekday_names",
    "word_list",
    "words",
]


def stems(text: str, *, keep_stopwords: bool = False, lang: str = "en") -> list[str]:
    """Stems of the words of ``text`` in ``lang``, function words dropped."""
    return [stem(w, lang) for w in words(text) if keep_stopwords or w not in STOPWORDS]


def stem_set(texts: Iterable[str]) -> frozenset[str]:
    """Stems of every content word of ``texts`` under every language's stemmer: a
    vocabulary a question in either language is matched against."""
    out: set[str] = set()
    for text in texts:
        for w in words(text):
            if w not in STOPWORDS:
                out.update(stems_in_every_language(w))
    return frozenset(out)
