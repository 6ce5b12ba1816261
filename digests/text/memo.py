"""The words of a table's texts, read once per build of the answerer.

One stance row's summary, notes and quotes are read by several indexes (the row search,
the question reader's vocabulary, its role words), and a big table repeats texts from
row to row. A memo lives only as long as one build, so nothing read from an old version
of the table outlives it.
"""

from __future__ import annotations

from digests.text.folding import words
from digests.text.stemming import stems_in_every_language
from digests.text.stopwords import QUESTION_STOPWORDS


class TextMemo:
    def __init__(self) -> None:
        self._words: dict[str, list[str]] = {}
        self._content: dict[str, frozenset[str]] = {}

    def words(self, text: str) -> list[str]:
        """``words(text)``, computed once per distinct text (do not change the list)."""
        found = self._words.get(text)
        if found is None:
            found = self._words[text] = words(text)
        return found

    def content_stems(self, text: str) -> frozenset[str]:
        """``stem_set([text])``: its content words under every language's stemmer."""
        found = self._content.get(text)
        if found is None:
            content = set(self.words(text)).difference(QUESTION_STOPWORDS)
            found = frozenset().union(*map(stems_in_every_language, content))
            self._content[text] = found
        return found

    def stem_set(self, texts: list[str]) -> frozenset[str]:
        """``stem_set(texts)``, from the per-text sets."""
        return frozenset().union(*(self.content_stems(t) for t in texts))
