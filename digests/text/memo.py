"""The words of a table's texts, read once per distinct text.

One stance row's summary, notes and quotes are read by several indexes (the row search,
the question reader's vocabulary, its role words), and a big table repeats texts from
row to row. What a memo holds depends on a text alone, never on the table it came from,
so a rebuild after a table change may start from the last build's memo (``carried``)
and tokenise only the texts that changed; it keeps only the texts the new build reads,
so texts gone from the table do not pile up.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from digests.text.folding import words
from digests.text.stopwords import QUESTION_STOPWORDS


class TextMemo:
    def __init__(self) -> None:
        self._words: dict[str, frozenset[str]] = {}
        self._earlier: TextMemo | None = None

    def carried(self) -> TextMemo:
        """A memo for the next build that reuses this one's texts (and only keeps the
        ones that build reads)."""
        memo = TextMemo()
        memo._earlier = self
        return memo

    def done(self) -> None:
        """The build is over: forget the earlier memo (its unread texts with it)."""
        self._earlier = None

    def word_set(self, text: str) -> frozenset[str]:
        """The distinct words of ``text`` (``words(text)``), computed once per text."""
        found = self._words.get(text)
        if found is None:
            earlier = self._earlier
            found = earlier._words.get(text) if earlier is not None else None
            if found is None:
                found = frozenset(words(text))
            self._words[text] = found
        return found

    def content_words(self, texts: list[str]) -> frozenset[str]:
        """The words of all of ``texts`` that are not function words."""
        if len(texts) == 1:
            return self.word_set(texts[0]).difference(QUESTION_STOPWORDS)
        return frozenset().union(*map(self.word_set, texts)).difference(QUESTION_STOPWORDS)


_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


class Kept(Generic[_K, _V]):
    """Up to ``size`` values by key, each made on first use; all forgotten at once when
    full (the few keys in use come back at once). ``size`` 0 keeps nothing."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: dict[_K, _V] = {}

    def get(self, key: _K, make: Callable[[], _V]) -> _V:
        try:
            return self._values[key]
        except KeyError:
            pass
        value = make()
        if self.size:
            if len(self._values) >= self.size:
                self._values.clear()
            self._values[key] = value
        return value
