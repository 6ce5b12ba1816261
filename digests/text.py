"""Word-level helpers shared by the answerer and the digest: normalising and stemming."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_STEMMER = snowballstemmer.stemmer("english")

# Function words carry no meaning for matching questions to rows.
STOPWORDS = frozenset(
    """a an the and or but if of at by for with about against between into through during
    before after above below to from up down in out on off over under again further then once
    here there when where why how all any both each few more most other some such no nor not
    only own same so than too very can will just should now is are was were be been being have
    has had having do does did doing would could might must shall may i me my we our you your
    he him his she her it its they them their what which who whom this that these those am
    s t don doesn didn isn aren wasn weren won wouldn shouldn couldn let lets tell please
    know say says said think thinks about regarding re anyone anybody someone everyone
    der die das ist was wer wie welche welcher und oder von zu den dem des ein eine
    """.split()
)


def fold(text: str) -> str:
    """Casefolded, accent-free, NFKC text with typographic apostrophes made plain."""
    if text.isascii():  # the usual case, and normalising ASCII changes nothing: 10× faster
        return text.casefold()
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Folded words, possessive 's dropped ("germany's" → "germany")."""
    out = []
    for word in _WORD.findall(fold(text)):
        if word.endswith("'s"):
            word = word[:-2]
        out.append(word.replace("'", ""))
    return out


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def stems(text: str, *, keep_stopwords: bool = False) -> list[str]:
    return [stem(w) for w in words(text) if keep_stopwords or w not in STOPWORDS]


def stem_set(texts: Iterable[str]) -> frozenset[str]:
    out: set[str] = set()
    for text in texts:
        out.update(stems(text))
    return frozenset(out)
