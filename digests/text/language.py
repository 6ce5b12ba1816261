"""Which language a text is in, from the function words it uses."""

from __future__ import annotations

from collections.abc import Iterable

from digests.text.stopwords import word_list

# Small words only German uses: a text with two of them is German.
GERMAN_MARKERS = word_list("markers-de")


def language_of(words: Iterable[str]) -> str:
    """ "de" when at least two distinct German function words stand among the (folded)
    words, else "en"."""
    return "de" if len(set(words) & GERMAN_MARKERS) >= 2 else "en"
