"""The clauses stage: an article body as paragraphs of sentences, and a sentence cut into
clauses (at semicolons, colons and the lexicon's contrast words, never inside a quote),
with the quotes found and maskable, so later stages keep their offsets."""

from __future__ import annotations

import re

from digests.extraction.cues import Lexicon
from digests.extraction.segment import month_numbers
from digests.sentences import split_paragraphs, split_sentences

# Quotes in English (“…”, "…"), German („…“) and French/Swiss («…») marks.
QUOTE = re.compile(r"[\"“„«]([^\"“”„«»]{2,}?)[\"”“»]")


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the given spans blanked out (same length, so offsets still hold)."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(len(chars), end)):
            chars[i] = " "
    return "".join(chars)


def clauses(sentence: str, lex: Lexicon) -> list[tuple[int, str]]:
    """Clauses with their offsets. A break inside a quote does not split it."""
    quoted = [(q.start(), q.end()) for q in QUOTE.finditer(sentence)]
    out: list[tuple[int, str]] = []
    start = 0
    for found in lex.clause_break.finditer(sentence):
        if any(s < found.start() < e for s, e in quoted):
            continue
        if found.start() > start:
            out.append((start, sentence[start : found.start()]))
        start = found.end()
    if start < len(sentence):
        out.append((start, sentence[start:]))
    return out


def body_paragraphs(body: str) -> list[list[str]]:
    """The body's sentences, paragraph by paragraph (split once: it is the costly step)."""
    return [split_sentences(p) for p in split_paragraphs(body)]


_ORDINAL_END = re.compile(r"\b\d{1,2}\.$")


def join_ordinal_dates(sentences: list[str]) -> list[str]:
    """German writes a day as an ordinal ("bis zum 15. November 2026"): a sentence split
    after "15." whose next part opens with a month name is one sentence."""
    out: list[str] = []
    months = month_numbers()
    for sentence in sentences:
        first = sentence.split(" ", 1)[0].casefold().rstrip(".,")
        if out and _ORDINAL_END.search(out[-1]) and first in months:
            out[-1] = f"{out[-1]} {sentence}"
        else:
            out.append(sentence)
    return out
