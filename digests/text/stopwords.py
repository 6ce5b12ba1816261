"""Stop words per language, kept as word lists in ``data/`` beside this module."""

from __future__ import annotations

from functools import cache
from importlib import resources

from digests.text.folding import fold

LANGUAGES = ("en", "de")


@cache
def word_list(name: str) -> frozenset[str]:
    """The folded words of ``data/NAME.txt``; lines starting with "#" are comments."""
    text = resources.files("digests.text").joinpath(f"data/{name}.txt").read_text("utf-8")
    return frozenset(
        fold(w) for line in text.splitlines() if not line.startswith("#") for w in line.split()
    )


def stopwords(lang: str) -> frozenset[str]:
    """Function words of one language ("en", "de")."""
    return word_list(f"stopwords-{lang}")


# What a question is matched on leaves these out: function words of both languages the
# answerer reads, and the words English questions ask with ("tell", "please").
QUESTION_STOPWORDS = stopwords("en") | stopwords("de") | word_list("chatter-en")
