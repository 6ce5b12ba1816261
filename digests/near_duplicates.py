"""Near-duplicate articles: the same story from two outlets, re-headlined and lightly
edited, found by MinHash over word shingles of the normalised text.

A signature is a short list of integers; the share of equal positions between two
signatures estimates the Jaccard similarity of their shingle sets. Signatures are
computed once per article and stored, so checking a new one costs one vector compare
against each stored signature.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from digests.text import words

SHINGLE = 4  # words per shingle: long enough to be specific, short enough for edits
PERMUTATIONS = 64
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20240609)  # fixed: signatures must compare across runs
_A = _rng.integers(1, _PRIME, PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, PERMUTATIONS, dtype=np.uint64)
_MASK = np.uint64((1 << 32) - 1)


def shingles(text: str) -> set[int]:
    """Hashes of every run of SHINGLE words, after folding case, accents and punctuation."""
    tokens = words(text)
    if len(tokens) < SHINGLE:
        tokens = tokens + [""] * (SHINGLE - len(tokens))
    out = set()
    for i in range(len(tokens) - SHINGLE + 1):
        piece = " ".join(tokens[i : i + SHINGLE]).encode()
        out.add(int.from_bytes(hashlib.blake2b(piece, digest_size=4).digest(), "little"))
    return out


def signature(text: str) -> list[int]:
    """The MinHash signature of a text (PERMUTATIONS integers below 2**32)."""
    values = np.fromiter(shingles(text), dtype=np.uint64)
    # (a*x + b) mod p, kept in 32 bits; uint64 arithmetic wraps, which only reshuffles
    # the permutation — it stays the same function for every text.
    hashed = (np.outer(values, _A) + _B) & _MASK
    return [int(v) for v in hashed.min(axis=0)]


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of the two texts' shingles, 0-1."""
    if len(a) != len(b) or not a:
        return 0.0
    return float(np.mean(np.asarray(a) == np.asarray(b)))


class SignatureIndex:
    """Stored signatures in one matrix, so a new article is compared with all at once."""

    def __init__(self) -> None:
        self._ids: list[int] = []
        self._rows: list[list[int]] = []
        self._matrix: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, key: int, sig: Sequence[int]) -> None:
        if len(sig) != PERMUTATIONS:
            return  # made with other settings: cannot be compared
        self._ids.append(key)
        self._rows.append(list(sig))
        self._matrix = None

    def closest(self, sig: Sequence[int]) -> tuple[int, float] | None:
        """The stored key most like ``sig``, and how alike; None when the index is empty."""
        if not self._ids:
            return None
        if self._matrix is None:
            self._matrix = np.asarray(self._rows, dtype=np.uint64)
        scores = (self._matrix == np.asarray(sig, dtype=np.uint64)).mean(axis=1)
        best = int(scores.argmax())
        return self._ids[best], float(scores[best])
