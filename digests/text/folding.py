"""Folding: the one form every comparison of words in the engine is made on."""

from __future__ import annotations

import re
import unicodedata

# Typographic marks a reader or an outlet may use where plain ones mean the same.
_MARKS = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "‚": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "−": "-",
    }
)

# A word: letters and digits, with apostrophes inside ("won't", "d'Ivoire").
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*", re.UNICODE)
# A word without apostrophes: names split at them ("O'Brien" → "o", "brien").
PLAIN_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Casefolded ("ß" → "ss"), accent-free NFKC text with plain quotes and dashes, so
    "Élysée", "ELYSEE" and "elysee" compare equal, and so do "won’t" and "won't"."""
    if text.isascii():  # most of what the engine reads: nothing to decompose
        return text.lower()
    marked = text.translate(_MARKS)
    if marked.isascii():  # only typographic quotes and dashes: nothing else to fold
        return marked.lower()
    text = unicodedata.normalize("NFKC", text).translate(_MARKS)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if decomposed.isascii():
        return decomposed
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# For folded ASCII text (most of what the engine reads), ``WORD`` finds exactly the runs of
# lower-case letters and digits, joined by inner apostrophes. Blanking every other byte
# and splitting on blanks finds the same runs in C, without the regex engine's per-character
# Unicode test (twice as fast over a big table's texts); a run that holds an apostrophe is
# handed to ``WORD`` itself, which splits it as it would have in the whole text.
ASCII_KEPT = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789'")
_ASCII_BLANKED = bytes(c if c in ASCII_KEPT else 0x20 for c in range(256))


def _ascii_words(folded: str) -> list[str]:
    runs = folded.encode("ascii").translate(_ASCII_BLANKED).decode("ascii").split()
    if "'" not in folded:
        return runs
    found: list[str] = []
    for run in runs:
        if "'" in run:
            found.extend(WORD.findall(run))
        else:
            found.append(run)
    return found


def words(text: str) -> list[str]:
    """Folded words, possessive 's dropped ("germany's" → "germany"), apostrophes
    dropped inside ("won't" → "wont")."""
    return folded_words(fold(text))


def folded_words(folded: str) -> list[str]:
    """``words`` of text already folded."""
    found: list[str] = _ascii_words(folded) if folded.isascii() else WORD.findall(folded)
    if "'" not in folded:  # most text: no possessive or inner apostrophe to drop
        return found
    out = []
    for word in found:
        if word.endswith("'s"):
            word = word[:-2]
        out.append(word.replace("'", ""))
    return out
