"""Finding what a question's words point to: tracked items by their names, stance rows
by what they say. Both weigh rare words over common ones, so the word that tells one
item or row from the others decides."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import date

from digests.model import ActorRecord, ItemRecord, StanceRecord
from digests.stance_signals import stance_keys
from digests.text import stem_set, stems, stems_in_every_language
from digests.text.corpus import Corpus
from digests.text.stopwords import QUESTION_STOPWORDS


def _document_frequency(docs: Iterable[frozenset[str]]) -> Counter[str]:
    """In how many documents each word stands."""
    return Counter(s for doc in docs for s in doc)


# The letters a question's word and a name's word must share at the start to count as
# forms of one word ("verlängert", "Verlängerung").
_NEAR = 7


def _near_key(stem: str) -> tuple[bool, str] | None:
    bare = stem.removeprefix("de:")
    return (stem.startswith("de:"), bare[:_NEAR]) if len(bare) >= _NEAR else None


def common_prefix(a: str, b: str) -> int:
    """How many leading characters ``a`` and ``b`` share."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


class ItemIndex:
    """Tracked items by the words of their names and aliases, rarer words weighing more."""

    def __init__(self, items: Sequence[ItemRecord]) -> None:
        self.items = list(items)
        self.vocab = [stem_set((i.name, i.key.replace("-", " "), *i.aliases)) for i in items]
        self.weight = {s: 1.0 / c for s, c in _document_frequency(self.vocab).items()}
        # Name stems by language and first letters: a near form shares at least _NEAR of
        # them, so only those are compared (not every stem, for every word of a question).
        self._near: dict[tuple[bool, str], list[str]] = {}
        for v in self.weight:
            key = _near_key(v)
            if key is not None:
                self._near.setdefault(key, []).append(v)

    def by_due(self) -> list[ItemRecord]:
        return sorted(self.items, key=lambda i: (i.due is None, i.due or date.max))

    def _known_forms(self, query: Sequence[str]) -> set[str]:
        """The query's stems, and for a stem the names don't use, a name stem sharing most
        of its letters ("überprüft" → "Überprüfung", "verlängert" → "Verlängerung")."""
        out: set[str] = set()
        for q in query:
            if q in self.weight:
                out.add(q)
                continue
            q_bare = q.removeprefix("de:")
            key = _near_key(q)
            # Only stems of the same language ("de:" tags German ones), sharing _NEAR letters.
            for v in self._near.get(key, ()) if key is not None else ():
                v_bare = v.removeprefix("de:")
                n = common_prefix(q_bare, v_bare)
                if n >= 0.8 * min(len(q_bare), len(v_bare)):
                    out.add(v)
        return out

    def match(
        self, query: Sequence[str], about_items: bool, *, any_date: bool = False
    ) -> list[ItemRecord]:
        """The best-matching items. A weak match (a word several items share) counts only
        when the question asks about items; with no match, ``any_date`` ("deadlines")
        asks for all of them."""
        query = sorted(self._known_forms(query)) + [s for s in query if s not in self.weight]
        scores = []
        for item, vocab in zip(self.items, self.vocab, strict=True):
            score = sum(self.weight[s] for s in set(query) if s in vocab)
            scores.append((score, item))
        best = max((s for s, _ in scores), default=0.0)
        if best == 0.0:
            return self.by_due() if any_date else []
        if best < 1.0 and not about_items:
            return []
        return [i for s, i in scores if s >= best * 0.75]

    def related(self, actor: ActorRecord) -> list[ItemRecord]:
        """Items whose names share a word with the actor's ("EUMAM" → "EUMAM mandate …")."""
        name_stems = set(stems(actor.name))
        return [i for i, v in zip(self.items, self.vocab, strict=True) if name_stems & v]


# Up to this many search terms, rows are scored by which of the terms they hold (2^n
# parts at most); beyond, one by one.
_MAX_SPLIT_TERMS = 6


def _split(lists: list[tuple[list[int], int]]) -> dict[int, Collection[int]]:
    """Rows by which terms they hold: ``lists`` pairs each distinct posting list with
    the bits of its terms; the result maps a union of bits to the rows holding exactly
    those terms."""
    if len(lists) == 1:
        at, bits = lists[0]
        return {bits: at}  # already in table order, each row once
    parts: dict[int, Collection[int]] = {}
    seen: set[int] = set()
    for at_list, bits in lists:
        holding = set(at_list)
        for mask, rows in list(parts.items()):
            both = holding.intersection(rows)
            if both:
                parts[mask] = set(rows).difference(both)
                parts[mask | bits] = both
        parts[bits] = holding - seen
        seen |= holding
    return parts


class RowSearch:
    """Full-text search over stance rows (summary, notes, quotes) for "who fears …" questions."""

    def __init__(self, rows: Sequence[StanceRecord]) -> None:
        self.rows = list(rows)
        self._n = max(len(rows), 1)
        # The build notes only which rows each distinct text stands in, and reads all
        # the texts' words at once; which rows a stem stands in is searched for the
        # first time a question asks for it, and kept for this version of the table.
        # Most stems of a big table are never asked for.
        rows_of: defaultdict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(rows):
            rows_of[r.summary].append(i)
            for note in r.notes:
                rows_of[note.text].append(i)
            for e in r.evidence:
                rows_of[e.quote].append(i)
        self._rows_of_text = list(rows_of.values())
        self.texts = Corpus(list(rows_of))
        # Each distinct word stemmed (under every language's stemmer) once.
        by_stem: defaultdict[str, list[str]] = defaultdict(list)
        for w in self.texts.vocabulary.difference(QUESTION_STOPWORDS):
            for st in stems_in_every_language(w):
                by_stem[st].append(w)
        self._stem_words = {st: frozenset(ws) for st, ws in by_stem.items()}
        self._postings: dict[str, list[int]] = {}

    def _posting(self, stem: str) -> list[int]:
        """The rows holding one of ``stem``'s words, in table order, each once."""
        found = self._postings.get(stem)
        if found is None:
            at = self._rows_of_text
            texts = self.texts.holding(self._stem_words[stem])
            # (A row may hold one text twice: a summary quoted as it was said.)
            found = sorted(set().union(*(at[n] for n in texts)))
            self._postings[stem] = found
        return found

    def _idf(self, stem: str) -> float:
        return math.log(1 + self._n / len(self._posting(stem)))

    def _generic(self, stem: str) -> bool:
        """A word in most rows (the story's own subject) would make every row match."""
        return len(self.rows) > 3 and len(self._posting(stem)) > self._n / 2

    def find(self, query: Sequence[str]) -> list[StanceRecord]:
        stance = stance_keys()
        terms = {
            s for s in query if s in self._stem_words and s not in stance and not self._generic(s)
        }
        if not terms:
            return []
        # Terms in a fixed order, so a row's score adds up the same way on every call.
        ordered = sorted(terms)
        if len(ordered) > _MAX_SPLIT_TERMS:
            return self._find_by_row(ordered)
        # A row's score is the sum of the weights of the terms it holds, so rows holding
        # the same terms score alike: split the matching rows by which terms they hold
        # (set operations, at most 2^terms parts) and score each part once.
        # Terms standing in exactly the same rows (words of one phrase) split nothing.
        lists: list[tuple[list[int], int]] = []
        for bit, term in enumerate(ordered):
            at = self._posting(term)
            same = next((n for n, (other, _) in enumerate(lists) if other == at), None)
            if same is None:
                lists.append((at, 1 << bit))
            else:
                lists[same] = (at, lists[same][1] | 1 << bit)
        idf = {term: self._idf(term) for term in ordered}
        scores: dict[float, list[Collection[int]]] = {}
        for mask, rows in _split(lists).items():
            if rows:
                score = 0.0
                for bit, term in enumerate(ordered):
                    if mask >> bit & 1:
                        score = score + idf[term]
                scores.setdefault(score, []).append(rows)
        if not scores:
            return []
        best = max(scores)
        # Best first; rows that score alike stay in table order.
        kept: list[int] = []
        for score in sorted((s for s in scores if s >= best * 0.8), reverse=True):
            alike = scores[score]
            if len(alike) == 1 and isinstance(alike[0], list):
                kept.extend(alike[0])
            else:
                kept.extend(sorted(set().union(*alike)))
        return list(map(self.rows.__getitem__, kept))

    def _find_by_row(self, ordered: list[str]) -> list[StanceRecord]:
        """``find`` for a query of many terms: each matching row scored by itself."""
        scores: dict[int, float] = {}
        for term in ordered:
            weight = self._idf(term)
            for i in self._posting(term):
                scores[i] = scores.get(i, 0.0) + weight
        if not scores:
            return []
        best = max(scores.values())
        kept = [i for i, score in scores.items() if score >= best * 0.8]
        kept.sort(key=lambda i: (-scores[i], i))
        return [self.rows[i] for i in kept]
