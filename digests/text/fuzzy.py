"""Words within a typo of each other (optimal string alignment: a swap of two letters
is one edit, "Germnay"). rapidfuzz is imported at the first typo looked up: questions
spelt right, and one-shot commands answering them, never load it."""

from __future__ import annotations

from collections.abc import Sequence


def within(
    word: str, choices: Sequence[str], edits: int, limit: int
) -> list[tuple[str, float, int]]:
    """Up to ``limit`` of ``choices`` at most ``edits`` away from ``word``, closest
    first: (choice, distance, index in ``choices``)."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=edits, limit=limit)
    return [(choice, distance, index) for choice, distance, index in found]


def any_within(word: str, choices: Sequence[str], edits: int) -> bool:
    """Whether one of ``choices`` is at most ``edits`` away from ``word``."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    return process.extractOne(word, choices, scorer=OSA.distance, score_cutoff=edits) is not None


def most_alike(word: str, choices: Sequence[str]) -> tuple[str, float] | None:
    """The choice most like ``word`` by rapidfuzz's ratio (0-100), with the ratio."""
    from rapidfuzz import fuzz, process

    found = process.extractOne(word, choices, scorer=fuzz.ratio)
    return (found[0], found[1]) if found else None
