"""Sentence splitting for article bodies.

Splitting is done once, when an article is stored (``ArticleText.sentences``); the
ranking code only ever sees ready-made sentences. pysbd is rule based and handles
the cases a naive ``split(". ")`` gets wrong in news copy: abbreviations ("U.S.",
"Mr.", "p.m."), initials, and quotes whose closing mark follows the punctuation
(“…,” stressed Kirby.), which must stay one sentence.
"""

from __future__ import annotations

import re

import pysbd  # untyped; the project's mypy config ignores missing imports

# Building a Segmenter is cheap but segmenting is not (pure-Python regex passes,
# ~10 ms for a 500-word article), so one instance is shared and callers are
# expected to store the result. clean=False keeps the text as written: the
# cleaner rewrites characters, and the sentences are quoted back to readers.
# Note: Segmenter keeps per-call state on the instance, so it is not safe to call
# from several threads at once; the bot splits articles on one worker.
_SEGMENTER = pysbd.Segmenter(language="en", clean=False)

# A blank line (possibly holding spaces or tabs) separates paragraphs. Splitting
# there first means a heading or a paragraph without final punctuation never
# gets glued to the next paragraph's first sentence.
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


def normalise_whitespace(text: str) -> str:
    """Collapse every run of whitespace (newlines, tabs, NBSP…) to one space.

    Hard-wrapped text arrives with single newlines inside sentences; pysbd would
    treat some of those as boundaries, and stored sentences should read as one line.
    """
    return " ".join(text.split())


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of ``text`` (split on blank lines), whitespace-normalised, non-empty."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = (normalise_whitespace(p) for p in _PARAGRAPH_BREAK.split(text))
    return [p for p in paragraphs if p]


def split_sentences(text: str) -> list[str]:
    """Split an article body into sentences, in order.

    Paragraphs are segmented independently; each sentence is stripped and empty
    ones are dropped. Quotes and abbreviations are kept together the way pysbd
    keeps them.
    """
    sentences: list[str] = []
    for paragraph in split_paragraphs(text):
        for sentence in _SEGMENTER.segment(paragraph):
            # pysbd returns str segments (char_span=False); it leaves the trailing
            # space of each one in place, so strip here.
            stripped = str(sentence).strip()
            if stripped:
                sentences.append(stripped)
    return sentences
