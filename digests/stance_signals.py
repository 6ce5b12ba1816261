"""Which stance a question asks about, read from the stance words and phrases it uses.

The lexicon's phrases are matched on stems, longest first, so "won't take part" is one
phrase and not "take part" with a stray word. The lexicon is indexed once per language,
each time with that language's stemmer, and a question is read in its own language:
"unterstützen" and "unterstützt" meet under the German stemmer, "supporting" and
"supports" under the English one. A negation shortly before a phrase turns
support into opposition and back; a stance word right after another is that word's
object and takes its polarity ("refuse to take part" asks for opponents, not for
supporters and opponents both).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from digests.cache import cached_json, fingerprint
from digests.lexicon import (
    CONJUNCTIONS,
    LINKING_WORDS,
    NEGATED_PHRASES,
    NEGATIONS,
    STANCE_PHRASES,
    STANCE_WORDS,
    WEAK_SUPPORT,
)
from digests.text import LANGUAGES, STOPWORDS, fold, stem, words
from digests.text.fuzzy import within

_OPPOSITE = {"supports": "opposes", "opposes": "supports"}
_TO_BE = frozenset({"is", "are", "was", "were", "be", "been", "being"})


@dataclass(frozen=True)
class _Pattern:
    stems: tuple[str, ...]
    stance: str
    kind: str  # "strong" | "weak" | "negated" (counts only after a negation)


@dataclass
class Signal:
    """A stance phrase found in the question's words outside actor names."""

    start: int  # token range in those words
    end: int
    stance: str
    kind: str
    negated: bool = False
    governed_by: int | None = None  # index of the stance word whose object this is


def _key(word: str, lang: str, stop_stems: frozenset[str]) -> str:
    s = stem(word, lang)
    changed = s.rpartition(":")[2] != word  # German stems carry a "de:" tag
    return f"={word}" if s in stop_stems and changed else s


def lexicon_key(word: str, lang: str = "en") -> str:
    """Stems in ``lang``, except where stemming would merge a meaningful word into a
    function word ("willing" → "will")."""
    return _key(word, lang, _lexicon().stop_stems[lang])


def keys_of(word: str, lang: str = "en") -> tuple[str, str]:
    """Both keys a lexicon entry may be stored under: the stem and the word itself."""
    return stem(word, lang), f"={word}"


def _build_patterns(lang: str, stop_stems: frozenset[str]) -> list[_Pattern]:
    found: dict[tuple[str, ...], _Pattern] = {}

    def add(phrase: str, stance: str, kind: str) -> None:
        keys = tuple(_key(w, lang, stop_stems) for w in words(phrase))
        if keys and keys not in found:
            found[keys] = _Pattern(keys, stance, kind)

    for stance, phrases in STANCE_PHRASES.items():
        for p in phrases:
            add(p, stance, "strong")
    for stance, ws in STANCE_WORDS.items():
        for w in ws:
            add(w, stance, "strong")
    for p in WEAK_SUPPORT:
        add(p, "supports", "weak")
    for stance, phrases in NEGATED_PHRASES.items():
        for p in phrases:
            add(p, stance, "negated")
    return sorted(found.values(), key=lambda p: -len(p.stems))


def _gather_lexicon() -> dict[str, Any]:
    stop = {lang: frozenset(stem(w, lang) for w in STOPWORDS) for lang in LANGUAGES}
    return {
        "stop": {lang: sorted(stems) for lang, stems in stop.items()},
        "patterns": {
            lang: [[list(p.stems), p.stance, p.kind] for p in _build_patterns(lang, stop[lang])]
            for lang in LANGUAGES
        },
    }


@dataclass(frozen=True)
class _Lexicon:
    stop_stems: dict[str, frozenset[str]]  # per language: the stems of the stop words
    first: dict[str, dict[str, list[_Pattern]]]  # per language: patterns by first key
    keys: frozenset[str]  # every key of every stance phrase


@cache
def _lexicon() -> _Lexicon:
    """The lexicon stemmed (~1,400 words; ~50 ms through the pure-Python stemmers):
    once per version of the word lists, this module, the text package and the
    stemmers, then read from the user's cache (digests.cache), at first use."""
    here = Path(__file__)
    sources = [
        here,
        here.with_name("lexicon.py"),
        *sorted(
            p
            for p in here.with_name("text").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        ),
    ]
    key = fingerprint(sources, ("snowballstemmer", "Stemmer", "babel"))
    stemmed = cached_json("stance-lexicon", key, _gather_lexicon)
    first: dict[str, dict[str, list[_Pattern]]] = {lang: {} for lang in LANGUAGES}
    for lang, patterns in first.items():
        for stems, stance, kind in stemmed["patterns"][lang]:
            patterns.setdefault(stems[0], []).append(_Pattern(tuple(stems), stance, kind))
    return _Lexicon(
        stop_stems={lang: frozenset(stems) for lang, stems in stemmed["stop"].items()},
        first=first,
        keys=frozenset(
            k
            for by_first in first.values()
            for ps in by_first.values()
            for p in ps
            for k in p.stems
        ),
    )


def stance_keys() -> frozenset[str]:
    """Every key of every stance phrase: such words ask for a stance, never for a subject."""
    return _lexicon().keys


# Single stance words long enough to recognise with a typo in them.
_SINGLE_WORDS: dict[str, tuple[str, str]] = {}
for _stance, _ws in STANCE_WORDS.items():
    for _w in _ws:
        _SINGLE_WORDS.setdefault(fold(_w), (_stance, "strong"))
for _w in WEAK_SUPPORT:
    if " " not in _w:
        _SINGLE_WORDS.setdefault(fold(_w), ("supports", "weak"))
_SINGLE_CHOICES = sorted(w for w in _SINGLE_WORDS if len(w) >= 5)


def is_stance_word(word: str, lang: str = "en") -> bool:
    stance = stance_keys()
    return any(k in stance for k in keys_of(word, lang))


def negated_before(rest: list[str], start: int, skip: set[int]) -> bool:
    """A negation among the three words before ``start``, in the same clause."""
    for j in range(start - 1, max(-1, start - 4), -1):
        if rest[j] in CONJUNCTIONS:
            return False
        if j not in skip and rest[j] in NEGATIONS:
            return True
    return False


def _misspelt_stance(word: str) -> tuple[str, str] | None:
    """ "oposes" → opposes, "dagegn" → dagegen: one typo away from exactly one stance word."""
    if len(word) < 6 or not word.isalpha():
        return None
    found = within(word, _SINGLE_CHOICES, 1, 3)
    meanings = {_SINGLE_WORDS[choice] for choice, _, _ in found}
    return meanings.pop() if len(meanings) == 1 else None


def read_signals(
    rest: list[str], is_known: Callable[[str], bool], lang: str = "en"
) -> list[Signal]:
    """Stance phrases and words, longest first, with negation and objects resolved.

    ``is_known`` tells the words the sources use: those are taken as written, never as
    a misspelt stance word. ``lang`` is the question's language: its stemmer reads both
    the question and the lexicon."""
    taken: set[int] = set()
    signals: list[Signal] = []
    keys = [keys_of(w, lang) for w in rest]
    first = _lexicon().first[lang]
    for i in range(len(rest)):
        if i in taken:
            continue
        for pattern in first.get(keys[i][0], []) + first.get(keys[i][1], []):
            n = len(pattern.stems)
            if i + n > len(rest) or any(j in taken for j in range(i, i + n)):
                continue
            if all(pattern.stems[k] in keys[i + k] for k in range(n)):
                signals.append(Signal(i, i + n, pattern.stance, pattern.kind))
                taken.update(range(i, i + n))
                break
    for i, w in enumerate(rest):
        if i not in taken and w not in STOPWORDS and not is_known(w):
            meaning = _misspelt_stance(w)
            if meaning is not None:
                signals.append(Signal(i, i + 1, *meaning))
                taken.add(i)
    # "is Paris for it?", "wer ist dafür": "for" after a form of "to be" means support.
    for i, w in enumerate(rest):
        if w == "for" and i not in taken and i > 0:
            before = [x for x in rest[max(0, i - 3) : i] if x not in NEGATIONS]
            if before and before[-1] in _TO_BE:
                signals.append(Signal(i, i + 1, "supports", "strong"))
                taken.add(i)
    signals.sort(key=lambda s: s.start)
    inside = {j for s in signals for j in range(s.start, s.end)}
    for n, sig in enumerate(signals):
        sig.negated = negated_before(rest, sig.start, inside)
        if n and not sig.negated:
            prev = signals[n - 1]
            between = rest[prev.end : sig.start]
            if all(w in LINKING_WORDS for w in between) and prev.kind != "negated":
                sig.governed_by = n - 1
    return signals


def resolve_stances(signals: list[Signal], has_fact: bool) -> set[str]:
    """The stances asked for, once negations and objects are applied. Weak support
    ("take part") does not narrow a question about a fact ("who was invited to take part")."""
    effective: list[str | None] = []
    heads: list[str] = []  # kind of the signal that decides each one's polarity
    for sig in signals:
        if sig.governed_by is not None:
            effective.append(effective[sig.governed_by])
            heads.append(heads[sig.governed_by])
            continue
        heads.append(sig.kind)
        if sig.kind == "negated":
            effective.append(sig.stance if sig.negated else None)
        elif sig.negated:
            effective.append(_OPPOSITE.get(sig.stance))
        else:
            effective.append(sig.stance)
    out = set()
    for value, head in zip(effective, heads, strict=True):
        if value is None or (head == "weak" and has_fact):
            continue
        out.add(value)
    return out
