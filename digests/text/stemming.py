"""Stemming per language with the Snowball stemmers (English and German).

A stem is only compared with stems of the same language: German stems carry a
"de:" tag, so "geg" (from "gegen") can never meet an English stem by accident.
"""

from __future__ import annotations

from functools import lru_cache

import snowballstemmer

_STEMMERS = {"en": snowballstemmer.stemmer("english"), "de": snowballstemmer.stemmer("german")}
# English stems stay bare: most of what the engine matches is English.
_TAG = {"en": "", "de": "de:"}


@lru_cache(maxsize=131072)
def stem(word: str, lang: str = "en") -> str:
    """The stem of a folded word in ``lang``; German stems are tagged "de:"."""
    return _TAG[lang] + str(_STEMMERS[lang].stemWord(word))


@lru_cache(maxsize=131072)
def stems_in_every_language(word: str) -> tuple[str, ...]:
    """A word's stem under each language's stemmer: how a vocabulary is indexed when
    its words come from both languages (topic keywords, fact keywords)."""
    return tuple(stem(word, lang) for lang in _STEMMERS)


# Suffixes the light English stemmer strips, longest first.
_SUFFIXES = ("ings", "ing", "edly", "ed", "ies", "es", "s")


@lru_cache(maxsize=131072)
def light_stem(word: str) -> str:
    """A light English stemmer for ranking digest sentences: it merges the common
    inflections ("soldiers"/"soldier", "training"/"trained"/"trains") and nothing more,
    since over-merging unrelated words is worse there than missing a merge. (Snowball
    English, tried in its place, changes which of the seed article's sentences a
    four-point digest picks.)"""
    if len(word) <= 4 or word.isdigit():
        return word
    if word.endswith(("ss", "us", "is")):  # "process", "status", "crisis"
        return word
    stem = word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if suffix == "ies":
                return stem + "y"  # "countries" → "country"
            # "planned" → "plann" → "plan", but keep "ll"/"ss"/"zz" ("called").
            doubled = len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in "lsz"
            if doubled and suffix in ("ing", "ings", "ed", "edly"):
                stem = stem[:-1]
            break
    # Drop a final silent "e" so "escalate"/"escalated"/"escalates" meet.
    if stem.endswith("e") and len(stem) > 4:
        stem = stem[:-1]
    return stem
