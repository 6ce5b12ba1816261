"""The words of many texts at once: a big table's summaries, notes and quotes.

A table of 20,000 rows holds some 30,000 distinct texts. Splitting each into a set of its
words costs Python a few calls per text, and was most of an answerer's build; yet a
build needs only the words of all the texts together, and a search only asks, now and
then, which texts hold a given word. So the texts are folded and blanked as one string
(in C), their words read off it in one split, and the texts holding a word found by
searching the string for it, the first time someone asks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import cached_property
from itertools import accumulate

from digests.text.folding import ASCII_KEPT, fold, folded_words

# Between two texts in the string: no word holds it, and blanking keeps it.
_JOIN = "\x00"
_BLANKED = bytes(c if c in ASCII_KEPT or c == 0 else 0x20 for c in range(256))
# What ``words`` does with apostrophes, on the blanked string as a whole: a possessive
# 's at the end of a word goes, an apostrophe inside a word joins its halves, and any
# other one (leading, trailing, doubled) separates like a blank. Each pattern starts
# with the apostrophe itself, so that the scan jumps from one to the next.
_POSSESSIVE = re.compile(r"'(?<=[a-z0-9]')s(?![a-z0-9]|'[a-z0-9])")
_INNER_APOSTROPHE = re.compile(r"'(?<=[a-z0-9]')(?=[a-z0-9])")


class Corpus:
    """``texts``' words (as ``digests.text.folding.words`` reads them): all of them, and
    which texts hold a given one. Texts are numbered in the order given."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.size = len(texts)
        # Texts that fold to plain ASCII (nearly all) go into the one string; the rest
        # (other scripts) keep a set of words each.
        self._numbers: list[int] = []
        self._others: list[tuple[int, frozenset[str]]] = []
        plain: list[str] = []
        for n, text in enumerate(texts):
            folded = text if text.isascii() else fold(text)
            if folded.isascii() and _JOIN not in folded:
                self._numbers.append(n)
                plain.append(folded)
            else:
                self._others.append((n, frozenset(folded_words(folded))))
        blanked = _JOIN.join(plain).lower().encode("ascii").translate(_BLANKED).decode("ascii")
        if "'" in blanked:
            blanked = _INNER_APOSTROPHE.sub("", _POSSESSIVE.sub("", blanked))
            blanked = blanked.replace("'", " ")
        # Each text between blanks, so that " word " finds whole words only; where each
        # text starts in the string, to tell which one a hit is in.
        parts = blanked.split(_JOIN)
        self._string = " " + "  ".join(parts) + " "
        self._starts = list(accumulate((len(p) + 2 for p in parts[:-1]), initial=0))

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Every word of every text."""
        return frozenset(self._string.split()).union(*(w for _, w in self._others))

    def holding(self, words: Iterable[str]) -> set[int]:
        """The numbers of the texts that hold one of ``words``."""
        wanted = set(words)
        found = {n for n, text_words in self._others if not wanted.isdisjoint(text_words)}
        string, starts, numbers = self._string, self._starts, self._numbers
        for word in wanted:
            needle = f" {word} "
            at = string.find(needle)
            while at >= 0:
                found.add(numbers[bisect_right(starts, at) - 1])
                at = string.find(needle, at + len(needle) - 1)
        return found


def all_words(texts: Iterable[str]) -> frozenset[str]:
    """Every word of ``texts``."""
    return Corpus(list(dict.fromkeys(texts))).vocabulary
