"""Answers from the stance table: who stands where, with the quote that backs it.

The answerer reads a question as a few independent signals — the actors it names
(``ActorResolver``), words asking for a list ("who", "which"), a stance ("against",
"backs", "won't join"), a fact ("invited"), a tracked item ("revision"), and the words
left over, which must belong to what the sources talk about — and answers only from
the rows it holds. Where the table holds nothing, it says so; it never guesses a position.

Nothing here knows the story: word meanings live in ``digests.lexicon``, names and
keywords in the table (seeded from ``seeds/``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from digests.actors import ActorMatch, ActorResolver
from digests.dates import due_phrase, human_date
from digests.document import Context, Document, Heading, Paragraph, Quote
from digests.lexicon import (
    CLOSED_STATUSES,
    CONJUNCTIONS,
    COUNTRY_WORDS,
    DEADLINE_WORDS,
    EXCLUDING_WORDS,
    GENERIC_WORDS,
    ITEM_WORDS,
    LIKENING_WORDS,
    LINKING_WORDS,
    LIST_WORDS,
    NEGATED_PHRASES,
    NEGATIONS,
    OVERVIEW_WORDS,
    POSITION_WORDS,
    STANCE_PHRASES,
    STANCE_WORDS,
    TOPIC_MARKERS,
    UPCOMING_WORDS,
    WEAK_SUPPORT,
    YES_NO_OPENERS,
)
from digests.model import (
    ActorRecord,
    Evidence,
    FactKind,
    ItemRecord,
    Note,
    StanceRecord,
    StanceTable,
)
from digests.text import STOPWORDS, fold, stem, stems, words

MAX_QUESTION_CHARS = 1000
MAX_DETAILED = 12  # groups of rows shown with summary and quote in a list answer
MAX_NAMED = 40  # names listed in one line

STANCE_LABELS = {
    "supports": "supports",
    "opposes": "opposes",
    "undecided": "is undecided on",
    "mixed": "has a mixed position on",
    "unknown": "has no stated position on",
}
GROUP_HEADINGS = {
    "supports": "Support",
    "opposes": "Oppose",
    "undecided": "Undecided",
    "mixed": "Mixed",
    "unknown": "No stated position",
}
WHO_LABELS = {
    "supports": "supports",
    "opposes": "opposes",
    "undecided": "is undecided",
    "mixed": "has a mixed position",
    "unknown": "has no stated position",
}
# Stances that commit to nothing: asked for one of them, the others are the next best answer.
NONCOMMITTAL = ("undecided", "mixed", "unknown")
COUNTRY_KINDS = frozenset({"country", "group"})

_OPPOSITE = {"supports": "opposes", "opposes": "supports"}
_HINT = (
    "I found no actor, tracked item or position in that question. I understand English and "
    "German. Try “What is Germany's position?”, “Who opposes the mission?”, “Was Poland "
    "invited?” or “What are the upcoming deadlines?” — or type `help`."
)
_FLAG = re.compile("[\U0001f1e6-\U0001f1ff]{2}")
_SHORT_TOKEN = re.compile(r"(?<![\w.])[^\W\d_](?:\.?[^\W\d_]){1,2}\.?(?![\w])")


# ---------------------------------------------------------------------- records
@dataclass(frozen=True)
class StanceHit:
    """One stance row in an answer, and why it is there ("speaks for", "member of")."""

    actor: ActorRecord
    record: StanceRecord
    via: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The full row, for listings (``newsbot stance list --json``)."""
        return {
            **self.contract_json(),
            "topic": self.record.topic,
            "as_of": self.record.as_of.isoformat() if self.record.as_of else None,
            "notes": [
                {
                    "text": n.text,
                    "fact": n.fact,
                    "value": n.value,
                    "evidence": evidence_json(n.evidence) if n.evidence else None,
                }
                for n in self.record.notes
            ],
        }

    def contract_json(self) -> dict[str, Any]:
        """Exactly the keys of the ``newsbot ask --json`` contract (DESIGN.md)."""
        return {
            "actor": self.actor.name,
            "stance": self.record.stance,
            "summary": self.record.summary,
            "evidence": [
                {
                    "quote": e.quote,
                    "source": e.source,
                    "date": e.date.isoformat() if e.date else None,
                }
                for e in self.record.evidence
            ],
        }


def evidence_json(e: Evidence) -> dict[str, Any]:
    return {
        "quote": e.quote,
        "source": e.source,
        "date": e.date.isoformat() if e.date else None,
        "url": e.url,
    }


def item_json(item: ItemRecord) -> dict[str, Any]:
    return {
        "name": item.name,
        "key": item.key,
        "status": item.status,
        "due": item.due.isoformat() if item.due else None,
        "due_label": item.due_label,
    }


@dataclass
class Answer:
    question: str
    document: Document
    stances: list[StanceHit] = field(default_factory=list)
    items: list[ItemRecord] = field(default_factory=list)

    def to_json(self, text: str) -> dict[str, Any]:
        """The ``newsbot ask --json`` object: exactly the keys DESIGN.md lists."""
        return {
            "question": self.question,
            "answer": text,
            "stances": [hit.contract_json() for hit in self.stances],
            "items": [
                {
                    "name": i.name,
                    "status": i.status,
                    "due": i.due.isoformat() if i.due else None,
                }
                for i in self.items
            ],
        }


# ---------------------------------------------------------------------- reading
@dataclass(frozen=True)
class _Pattern:
    stems: tuple[str, ...]
    stance: str
    kind: str  # "strong" | "weak" | "negated" (counts only after a negation)


@dataclass
class _Signal:
    start: int  # token range in the question's words outside actor names
    end: int
    stance: str
    kind: str
    negated: bool = False
    governed_by: int | None = None  # index of the stance word whose object this is


@dataclass
class _Question:
    raw: str
    actors: list[ActorMatch]
    actor_at: list[int]  # for each actor: the index in ``rest`` where its name stood
    rest: list[str]  # folded words outside actor names
    rest_stems: list[str]
    wants_list: bool
    stances: set[str]
    fact: FactKind | None
    fact_negated: bool
    yes_no: bool
    about_items: bool
    wants_upcoming: bool
    wants_overview: bool
    countries_only: bool
    known: list[str]  # content words the sources use (stems)
    known_words: list[str]  # the same, as typed
    foreign: list[str]  # content words the sources never use (as typed)
    foreign_topic: list[str]  # those after "on", "about" or a stance word: the asked subject
    signal_spans: list[tuple[int, int]]
    strangers: list[str]  # capitalised names that are no actor ("Atlantis")
    corrections: list[tuple[str, str]]  # typed name → actor read for it


def _lexicon_key(word: str) -> str:
    """Stems, except where stemming would merge a meaningful word into a function word
    ("willing" → "will")."""
    s = stem(word)
    return f"={word}" if s in _STOP_STEMS and s != word else s


_STOP_STEMS = frozenset(stem(w) for w in STOPWORDS)


def _pattern_keys(phrase: str) -> tuple[str, ...]:
    return tuple(_lexicon_key(w) for w in words(phrase))


def _build_patterns() -> list[_Pattern]:
    found: dict[tuple[str, ...], _Pattern] = {}

    def add(phrase: str, stance: str, kind: str) -> None:
        keys = _pattern_keys(phrase)
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


_PATTERNS = _build_patterns()
_PATTERN_FIRST: dict[str, list[_Pattern]] = {}
for _p in _PATTERNS:
    _PATTERN_FIRST.setdefault(_p.stems[0], []).append(_p)
_STANCE_KEYS = frozenset(k for p in _PATTERNS for k in p.stems)


def _keys_of(word: str) -> tuple[str, str]:
    return stem(word), f"={word}"


def _is_negation(word: str) -> bool:
    return word in NEGATIONS


def _negated_before(rest: list[str], start: int, skip: set[int]) -> bool:
    """A negation among the three words before ``start``, in the same clause."""
    for j in range(start - 1, max(-1, start - 4), -1):
        if rest[j] in CONJUNCTIONS:
            return False
        if j not in skip and _is_negation(rest[j]):
            return True
    return False


_SINGLE_WORDS: dict[str, tuple[str, str]] = {}
for _stance, _ws in STANCE_WORDS.items():
    for _w in _ws:
        _SINGLE_WORDS.setdefault(fold(_w), (_stance, "strong"))
for _w in WEAK_SUPPORT:
    if " " not in _w:
        _SINGLE_WORDS.setdefault(fold(_w), ("supports", "weak"))
_SINGLE_CHOICES = sorted(w for w in _SINGLE_WORDS if len(w) >= 5)


def _misspelt_stance(word: str) -> tuple[str, str] | None:
    """ "oposes" → opposes, "dagegn" → dagegen: one typo away from exactly one stance word."""
    if len(word) < 6 or not word.isalpha():
        return None
    found = process.extract(word, _SINGLE_CHOICES, scorer=OSA.distance, score_cutoff=1, limit=3)
    meanings = {_SINGLE_WORDS[choice] for choice, _, _ in found}
    return meanings.pop() if len(meanings) == 1 else None


def _read_signals(
    rest: list[str], is_known: Callable[[str], bool] = lambda w: False
) -> list[_Signal]:
    """Stance phrases and words, longest first, with negation and objects resolved."""
    taken: set[int] = set()
    signals: list[_Signal] = []
    keys = [_keys_of(w) for w in rest]
    for i in range(len(rest)):
        if i in taken:
            continue
        for pattern in _PATTERN_FIRST.get(keys[i][0], []) + _PATTERN_FIRST.get(keys[i][1], []):
            n = len(pattern.stems)
            if i + n > len(rest) or any(j in taken for j in range(i, i + n)):
                continue
            if all(pattern.stems[k] in keys[i + k] for k in range(n)):
                signals.append(_Signal(i, i + n, pattern.stance, pattern.kind))
                taken.update(range(i, i + n))
                break
    for i, w in enumerate(rest):
        if i not in taken and w not in STOPWORDS and not is_known(w):
            meaning = _misspelt_stance(w)
            if meaning is not None:
                signals.append(_Signal(i, i + 1, *meaning))
                taken.add(i)
    # "is Paris for it?", "wer ist dafür": "for" after a form of "to be" means support.
    for i, w in enumerate(rest):
        if w == "for" and i not in taken and i > 0:
            before = [x for x in rest[max(0, i - 3) : i] if not _is_negation(x)]
            if before and before[-1] in {"is", "are", "was", "were", "be", "been", "being"}:
                signals.append(_Signal(i, i + 1, "supports", "strong"))
                taken.add(i)
    signals.sort(key=lambda s: s.start)
    inside = {j for s in signals for j in range(s.start, s.end)}
    for n, sig in enumerate(signals):
        sig.negated = _negated_before(rest, sig.start, inside)
        if n and not sig.negated:
            prev = signals[n - 1]
            between = rest[prev.end : sig.start]
            if all(w in LINKING_WORDS for w in between) and prev.kind != "negated":
                sig.governed_by = n - 1
    return signals


def _resolve_stances(signals: list[_Signal], has_fact: bool) -> set[str]:
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


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _flags_to_codes(text: str) -> str:
    """🇩🇪 → " DE ": a flag names its country by the ISO code its two symbols spell."""
    return _FLAG.sub(
        lambda m: " " + "".join(chr(ord(c) - 0x1F1E6 + ord("A")) for c in m.group()) + " ", text
    )


# ---------------------------------------------------------------------- the answerer
class Answerer:
    """Built once per version of the table; ``answer`` is cheap and has no side effects."""

    def __init__(
        self,
        table: StanceTable,
        *,
        vocabulary: Iterable[str] = (),
        today: date | None = None,
        resolver: ActorResolver | None = None,
    ) -> None:
        self.table = table
        self.today = today
        self.actors = {a.key: a for a in table.actors}
        self.order = {a.key: i for i, a in enumerate(table.actors)}
        self.topics = {t.key: t for t in table.topics}
        self.by_actor: dict[str, list[StanceRecord]] = {}
        for row in table.stances:
            self.by_actor.setdefault(row.actor, []).append(row)
        self.spokes: dict[str, list[str]] = {}  # actor → groups/bodies reported for it
        for actor in table.actors:
            if actor.speaks_for and actor.kind != "person":
                self.spokes.setdefault(actor.speaks_for, []).append(actor.key)
        vocab = list(vocabulary)
        self.resolver = resolver or ActorResolver(table.actors, vocabulary=vocab)
        self.fact_keys = {
            f.key: frozenset(_lexicon_key(w) for w in _fact_words(f)) for f in table.facts
        }
        self.topic_vocab = {
            t.key: frozenset(stems(" ".join((t.name, *t.keywords)))) for t in table.topics
        }
        # What the sources talk about at all: a question about anything else gets "no record".
        known_texts = [
            *vocab,
            *(t.name for t in table.topics),
            *(k for t in table.topics for k in t.keywords),
            *(f.label for f in table.facts),
            *(r.summary for r in table.stances),
            *(e.quote for r in table.stances for e in r.evidence),
            *(n.text for r in table.stances for n in r.notes),
            *(a.description or "" for a in table.actors),
            *(f"{i.name} {i.description or ''} {' '.join(i.aliases)}" for i in table.items),
        ]
        known_words: set[str] = set()
        for text in known_texts:
            known_words.update(words(text))
        self.known_stems: frozenset[str] = frozenset(stem(w) for w in known_words).union(
            *self.topic_vocab.values()
        )
        self._known_long = sorted(w for w in known_words if len(w) >= 5 and w.isalpha())
        self._known_words = frozenset(known_words)
        self._item_index = _ItemIndex(table.items)
        self._search = _RowSearch(table.stances)
        # Short names the table lists itself ("UK", "EU", "USA") also match in lower case
        # ("was the uk invited"); the resolver wants codes in capitals, for "us" and "it".
        self._short_names: dict[str, ActorRecord] = {}
        for actor in table.actors:
            for alias in actor.aliases:
                key = fold(alias).replace(".", "").replace(" ", "")
                if 2 <= len(key) <= 3 and key.isalpha() and key not in STOPWORDS:
                    self._short_names.setdefault(key, actor)

    # ------------------------------------------------------------------ reading
    def _find_actors(self, question: str) -> list[ActorMatch]:
        actors = self.resolver.find(question)
        if not self._short_names:
            return actors
        taken = [(m.start, m.end) for m in actors]
        for found in _SHORT_TOKEN.finditer(question):
            actor = self._short_names.get(fold(found.group()).replace(".", ""))
            if actor is None or any(a < found.end() and found.start() < b for a, b in taken):
                continue
            if any(m.key == actor.key for m in actors):
                continue
            actors.append(
                ActorMatch(
                    key=actor.key,
                    name=actor.name,
                    text=found.group(),
                    start=found.start(),
                    end=found.end(),
                    score=90.0,
                    known=True,
                    members=actor.members,
                )
            )
        return sorted(actors, key=lambda m: m.start)

    def _is_known_word(self, word: str) -> bool:
        return word in self._known_words

    def _strangers(self, question: str) -> list[str]:
        """Capitalised names that are no actor — minus words that only look like names
        (German nouns, sentence openers: "Welche Fristen", "Position")."""
        out = []
        for name in self.resolver.unmatched_names(question):
            ws = words(name)
            if any(not _is_lexicon_word(w) and stem(w) not in self.known_stems for w in ws):
                out.append(name)
        return out

    def _read(self, question: str) -> _Question:
        actors = self._find_actors(question)
        strangers = self._strangers(question)
        corrections: list[tuple[str, str]] = []
        for name in list(strangers):
            # "Swedn": too short for the resolver's guard against English words, but
            # as a capitalised name it is a typo of an actor the table knows.
            guess = self.resolver.resolve(name)
            start = question.find(name)
            if guess is None or not guess.known or not guess.key or start < 0:
                continue
            if any(m.key == guess.key for m in actors):
                strangers.remove(name)
                continue
            actors.append(
                ActorMatch(
                    key=guess.key,
                    name=guess.name,
                    text=name,
                    start=start,
                    end=start + len(name),
                    score=guess.score,
                    known=True,
                    members=guess.members,
                )
            )
            strangers.remove(name)
            corrections.append((name, guess.name))
        actors.sort(key=lambda m: m.start)
        spans = [(m.start, m.end) for m in actors]
        rest_text = _blank_spans(question, spans)
        rest = words(rest_text)
        rest_stems = [stem(w) for w in rest]
        actor_at = [len(words(rest_text[: m.start])) for m in actors]
        signals = _read_signals(rest, self._is_known_word)
        in_signal = {j for s in signals for j in range(s.start, s.end)}

        fact = None
        fact_at = -1
        for f in self.table.facts:
            for i, w in enumerate(rest):
                if i not in in_signal and any(k in self.fact_keys[f.key] for k in _keys_of(w)):
                    fact, fact_at = f, i
                    break
            if fact:
                break
        fact_negated = fact is not None and _negated_before(rest, fact_at, in_signal)
        stances = _resolve_stances(signals, has_fact=fact is not None)

        known: list[str] = []
        known_words: list[str] = []
        foreign: list[str] = []
        foreign_topic: list[str] = []
        marked = False  # past a word that introduces the subject
        for i, (w, s) in enumerate(zip(rest, rest_stems, strict=True)):
            if w in TOPIC_MARKERS or w in POSITION_WORDS or i in in_signal:
                marked = True
            if (
                i in in_signal
                or i == fact_at
                or w in STOPWORDS
                or w in GENERIC_WORDS
                or w in LIST_WORDS
                or w in POSITION_WORDS
                or w in ITEM_WORDS
                or w in UPCOMING_WORDS
                or w in OVERVIEW_WORDS
                or w in COUNTRY_WORDS
                or w in EXCLUDING_WORDS
                or _is_negation(w)
                or w in YES_NO_OPENERS
                or not w.isalpha()
                or len(w) < 3
                or (fact and any(k in self.fact_keys[fact.key] for k in _keys_of(w)))
            ):
                continue
            if s in self.known_stems or self._near_known(w):
                known.append(s)
                known_words.append(w)
            else:
                foreign.append(w)
                if marked:
                    foreign_topic.append(w)

        first = (words(question)[:1] or [""])[0]
        # German asks yes/no with the verb first: "Unterstützt Frankreich die Mission?"
        verb_first = bool(signals) and signals[0].start == 0 and rest[:1] == [first]
        return _Question(
            raw=question,
            actors=actors,
            actor_at=actor_at,
            rest=rest,
            rest_stems=rest_stems,
            wants_list=any(w in LIST_WORDS for w in rest),
            stances=stances,
            fact=fact,
            fact_negated=fact_negated,
            yes_no=(first in YES_NO_OPENERS or verb_first) and bool(actors),
            about_items=any(w in ITEM_WORDS for w in rest),
            wants_upcoming=any(w in UPCOMING_WORDS for w in rest),
            wants_overview=any(w in OVERVIEW_WORDS for w in rest),
            countries_only=any(w in COUNTRY_WORDS for w in rest),
            known=known,
            known_words=known_words,
            foreign=foreign,
            foreign_topic=foreign_topic,
            signal_spans=[(s.start, s.end) for s in signals],
            strangers=strangers,
            corrections=corrections,
        )

    def _near_known(self, word: str) -> bool:
        """A typo of a word the sources use ("trainig") is that word; so is a compound
        built on one ("Ausbildungsmission")."""
        if len(word) < 5 or not self._known_long:
            return False
        if len(word) >= 8:
            for k in range(4, len(word) - 3):
                head, tail = word[:k], word[k:]
                if (len(head) >= 5 and stem(head) in self.known_stems) or (
                    len(tail) >= 5 and stem(tail) in self.known_stems
                ):
                    return True
        return (
            process.extractOne(
                word, self._known_long, scorer=OSA.distance, score_cutoff=1 if len(word) < 8 else 2
            )
            is not None
        )

    @staticmethod
    def _off_topic_question(q: _Question, *, named: bool = False) -> bool:
        """Words the sources never use, and none they do: a question about something else.

        With actors named, only the asked subject counts ("Germany's position on
        nuclear energy"); other words ("compare", "respond") are not a subject."""
        foreign = q.foreign_topic if named else q.foreign
        return bool(foreign) and not q.known and q.fact is None

    # ------------------------------------------------------------------ answering
    def answer(self, question: str) -> Answer:
        text = " ".join(_flags_to_codes(question).split())
        if not text:
            return self._hint(
                question, "Ask me about a position, e.g. “What is Germany's position?”"
            )
        if len(text) > MAX_QUESTION_CHARS:
            return self._hint(
                question,
                f"That question is {len(text)} characters long; please keep it under "
                f"{MAX_QUESTION_CHARS}.",
            )
        q = self._read(text)
        q.raw = question
        answer = self._answer(q)
        for typed, meant in q.corrections:
            answer.document.add(Context(f"Reading “{typed}” as {meant}."))
        return answer

    def _answer(self, q: _Question) -> Answer:
        question = q.raw
        item_query = [s for w, s in zip(q.rest, q.rest_stems, strict=True) if w not in STOPWORDS]
        items = self._item_index.match(
            item_query,
            q.about_items or q.wants_upcoming,
            any_date=any(w in DEADLINE_WORDS for w in q.rest),
        )

        missions_only = bool(q.actors) and all(
            m.key and self.actors[m.key].kind == "mission" for m in q.actors
        )
        if items and missions_only and (q.about_items or len(items) == 1):
            return self._items_answer(q, items)
        if q.actors:
            if q.wants_list and (q.stances or q.fact or q.known):
                return self._list_with_actors(q, items)
            return self._about_actors(q, items)
        if items and (q.about_items or not (q.stances or q.fact)):
            return self._items_answer(q, items)
        if q.strangers and not q.wants_list:
            # "Does Acme Corp support the mission?" asks about Acme, not for a list.
            return self._nothing_on(q, q.strangers)
        if q.stances or q.fact:
            return self._list(q, items)
        if any(not w.isascii() for w in q.foreign):
            # Folding leaves only Latin letters of the languages we read as ASCII.
            return self._hint(question, _HINT)
        if self._off_topic_question(q):
            return self._off_topic(q)
        if q.known:
            hits = self._search.find(q.known)
            if hits:
                return self._rows_answer(q, [self._hit(r) for r in hits], _matches_title(q))
        if q.wants_overview or q.wants_list:
            return self._overview(q)
        if q.about_items:
            return self._items_answer(q, self._item_index.by_due())
        return self._hint(question, _HINT)

    def _hit(self, row: StanceRecord, via: str | None = None) -> StanceHit:
        return StanceHit(self.actors[row.actor], row, via)

    # --- one or more named actors
    def _about_actors(self, q: _Question, items: list[ItemRecord]) -> Answer:
        doc = Document(kind="answer")
        hits: list[StanceHit] = []
        shown_items = list(items)
        off_topic = self._off_topic_question(q, named=True)
        plan = []
        # "Germany's position on training in Ukraine": an actor the table doesn't hold,
        # named after the subject and a stance or topic word, is the object of the question.
        marker = next(
            (
                i
                for i, w in enumerate(q.rest)
                if w in TOPIC_MARKERS
                or w in POSITION_WORDS
                or any(a <= i < b for a, b in q.signal_spans)
            ),
            None,
        )
        subject_first = marker is not None and any(at <= marker for at in q.actor_at)
        for match, at in zip(q.actors, q.actor_at, strict=True):
            if subject_first and marker is not None and not match.known and at > marker:
                continue
            actor = self.actors[match.key] if match.known and match.key else None
            plan.append((match, actor, self._rows_for(actor) if actor else ([], None)))
        headed = sum(len(rows) for _, _, (rows, _) in plan) > 1
        titles: list[str] = []
        for match, actor, (rows, via) in plan:
            if actor is None:
                doc.add(Paragraph(self._no_record(match.name, q)))
                titles.append(f"{match.name}: no position recorded")
                continue
            if off_topic and actor.kind != "mission":
                doc.add(Paragraph(self._nothing_on_topic(actor, q)))
                titles.append(f"{actor.name}: no position recorded")
                continue
            if actor.kind == "mission" or (not rows and actor.description):
                if len(plan) > 1:
                    doc.add(Heading(actor.name, 2))
                if actor.description:
                    doc.add(Paragraph(actor.description))
                related = self._item_index.related(actor)
                shown_items.extend(i for i in related if i not in shown_items)
                titles.append(actor.name)
            if not rows:
                if actor.kind != "mission":
                    doc.add(Paragraph(self._no_record(actor.name, q)))
                    titles.append(f"{actor.name}: no position recorded")
                continue
            asked = {id(r) for r in self._on_asked_topic([r for r, _ in rows], q)}
            rows = [pair for pair in rows if id(pair[0]) in asked]
            rows.sort(key=lambda pair: -self._topic_score(pair[0], q))
            own = any(row.actor == actor.key for row, _ in rows)
            if not own and actor.kind != "person":
                # A group or body: its members' or spokespeople's rows, compactly.
                group_hits = [StanceHit(self.actors[r.actor], r, why or via) for r, why in rows]
                hits.extend(group_hits)
                self._render_group(doc, actor, group_hits, q)
                titles.append(self._group_title(actor, group_hits, q))
                continue
            person = actor if actor.kind == "person" else None
            for row, why in rows:
                hit = StanceHit(self.actors[row.actor], row, why or via)
                hits.append(hit)
                self._render_hit(doc, hit, q, person=person, heading=headed)
                titles.append(self._hit_title(hit, q))
        if not off_topic:
            for name in q.strangers:
                doc.add(Paragraph(self._no_record(name, q)))
                titles.append(f"{name}: no position recorded")
        if shown_items and (q.about_items or not hits):
            self._render_items(doc, shown_items, q)
        else:
            shown_items = []

        titles = list(dict.fromkeys(titles))
        if len(titles) == 1:
            doc.title = titles[0]
        elif 1 < len(titles) <= 3:
            doc.title = " · ".join(titles)
        elif titles:
            doc.title = f"Positions of {len(titles)} actors"
        return Answer(q.raw, doc, hits, shown_items)

    def _rows_for(
        self, actor: ActorRecord
    ) -> tuple[list[tuple[StanceRecord, str | None]], str | None]:
        """The actor's rows; else those of who speaks for it, or of its members."""
        if actor.kind == "person" and actor.speaks_for in self.actors:
            target = self.actors[actor.speaks_for]
            via = f"{actor.name}" + (f" ({actor.description})" if actor.description else "")
            via += f" speaks for {target.name}"
            return [(r, via) for r in self.by_actor.get(target.key, [])], via
        own: list[tuple[StanceRecord, str | None]] = [
            (r, None) for r in self.by_actor.get(actor.key, [])
        ]
        if own:
            return own, None
        # What is reported for it as a whole comes before what its members say.
        for spoke in self.spokes.get(actor.key, []):
            for r in self.by_actor.get(spoke, []):
                own.append((r, f"reported for {actor.name}"))
        if own:
            return own, None
        for member in actor.members:
            for r in self.by_actor.get(member, []):
                own.append((r, f"member of {actor.name}"))
        return own, None

    def _topic_score(self, row: StanceRecord, q: _Question) -> int:
        vocab = self.topic_vocab.get(row.topic, frozenset())
        return sum(1 for s in q.rest_stems if s in vocab)

    def _on_asked_topic(self, rows: list[StanceRecord], q: _Question) -> list[StanceRecord]:
        """When the table covers several topics and the question names one, its rows only."""
        if len(self.topic_vocab) < 2:
            return rows
        scores = {
            t: sum(1 for s in set(q.rest_stems) if s in v) for t, v in self.topic_vocab.items()
        }
        best = max(scores.values(), default=0)
        if best == 0:
            return rows
        return [r for r in rows if scores.get(r.topic, 0) == best]

    def _no_record(self, name: str, q: _Question) -> str:
        if q.fact:
            return f"The sources don't say whether {name} was {q.fact.yes}."
        return f"No position recorded for {name}: the sources I have say nothing about it."

    def _nothing_on_topic(self, actor: ActorRecord, q: _Question) -> str:
        what = " ".join(q.foreign_topic)
        rows, _ = self._rows_for(actor)
        covered = sorted({self._topic_name(r.topic) for r, _ in rows})
        tail = (
            f" The sources record {actor.name}'s position only on: {'; '.join(covered)}."
            if covered
            else ""
        )
        return f"No position recorded for {actor.name} on “{what}”.{tail}"

    def _topic_name(self, key: str) -> str:
        return self.topics[key].name if key in self.topics else key

    def _hit_title(self, hit: StanceHit, q: _Question) -> str:
        if q.fact:
            note = _fact_note(hit.record, q.fact.key)
            if note is not None:
                return f"{hit.actor.name}: {q.fact.yes if note.value else q.fact.no}"
            return f"{hit.actor.name}: whether {q.fact.yes} not recorded"
        return f"{hit.actor.name}: {hit.record.stance}"

    def _group_title(self, group: ActorRecord, hits: list[StanceHit], q: _Question) -> str:
        if q.fact:
            values = {(n.value if (n := _fact_note(h.record, q.fact.key)) else None) for h in hits}
            if values == {True}:
                return f"{group.name}: {q.fact.yes}"
            if values == {False}:
                return f"{group.name}: {q.fact.no}"
            return f"{group.name}: {q.fact.label}"
        stances = list(dict.fromkeys(h.record.stance for h in hits))
        return f"{group.name}: {' / '.join(stances)}"

    def _render_hit(
        self,
        doc: Document,
        hit: StanceHit,
        q: _Question,
        person: ActorRecord | None = None,
        *,
        heading: bool = True,
    ) -> None:
        row, actor = hit.record, hit.actor
        topic = self._topic_name(row.topic)
        if heading:
            doc.add(Heading(f"{actor.name}: {row.stance}", 2))
        if q.fact:
            note = _fact_note(row, q.fact.key)
            if note is None:
                doc.add(Paragraph(f"The sources don't say whether {actor.name} was {q.fact.yes}."))
            else:
                verdict = "Yes" if note.value else "No"
                if q.fact_negated:
                    verdict = "Yes" if not note.value else "No"
                state = q.fact.yes if note.value else q.fact.no
                doc.add(Paragraph(f"{verdict}: {actor.name} was {state}. {note.text}"))
                if note.evidence:
                    doc.add(_quote(note.evidence))
        lead = f"{actor.name} {STANCE_LABELS.get(row.stance, row.stance)} {topic}"
        if q.yes_no and len(q.stances) == 1 and not q.fact:
            lead = f"{_verdict(row.stance, q.stances)} {lead}"
        as_of = f" (as of {_human_date(row.as_of)})" if row.as_of else ""
        doc.add(Paragraph(f"{lead}{as_of}. {row.summary}"))
        evidence = list(row.evidence)
        if person is not None:
            names = [fold(n) for n in (person.name, *person.aliases)]
            evidence.sort(key=lambda e: not any(n in fold(e.quote) for n in names))
        for e in evidence:
            doc.add(_quote(e))
        if not q.fact:
            for note in row.notes:
                doc.add(Paragraph(f"Note: {note.text}"))
                if note.evidence:
                    doc.add(_quote(note.evidence))
        if row.previous:
            past = row.previous[0]
            doc.add(
                Context(
                    f"{row.stance} since {human_date(row.as_of)}; before: {past.stance} — "
                    f"{past.summary}"
                )
            )
        if hit.via:
            doc.add(Context(hit.via))

    def _render_group(
        self, doc: Document, group: ActorRecord, hits: list[StanceHit], q: _Question
    ) -> None:
        names = _join(list(dict.fromkeys(h.actor.name for h in hits)))
        how = (
            "its members"
            if all(h.actor.key in group.members for h in hits)
            else ("those reported for it")
        )
        if q.fact:
            yes = [
                h.actor.name for h in hits if (n := _fact_note(h.record, q.fact.key)) and n.value
            ]
            no = [
                h.actor.name
                for h in hits
                if (n := _fact_note(h.record, q.fact.key)) and n.value is False
            ]
            silent = [h.actor.name for h in hits if _fact_note(h.record, q.fact.key) is None]
            parts = []
            if yes:
                parts.append(f"{_join(yes)} {'was' if len(yes) == 1 else 'were'} {q.fact.yes}")
            if no:
                parts.append(f"{_join(no)} {'was' if len(no) == 1 else 'were'} {q.fact.no}")
            if silent:
                parts.append(f"the sources don't say for {_join(silent)}")
            if yes and not no and not silent:
                verdict = "No: " if q.fact_negated else "Yes: "
            elif no and not yes and not silent:
                verdict = "Yes: " if q.fact_negated else "No: "
            else:
                verdict = ""
            text = "; ".join(parts)
            doc.add(Paragraph(f"{verdict}{text[0].upper()}{text[1:]}."))
        else:
            text = f"No position of {group.name} as a whole is recorded; for {how} ({names}):"
            if q.yes_no and len(q.stances) == 1:
                verdicts = {_verdict(h.record.stance, q.stances) for h in hits}
                verdict = verdicts.pop() if len(verdicts) == 1 else "Not all:"
                text = f"{verdict} n{text[1:]}"
            doc.add(Paragraph(text))
        self._render_compact(doc, hits, q)

    def _render_compact(self, doc: Document, hits: list[StanceHit], q: _Question) -> None:
        """Rows that read alike (same stance, summary and quote) are shown once, together."""
        groups: dict[tuple[Any, ...], list[StanceHit]] = {}
        shown: dict[tuple[Any, ...], tuple[Note | None, Evidence | None]] = {}
        for hit in hits:
            row = hit.record
            note = _fact_note(row, q.fact.key) if q.fact else None
            evidence = (
                note.evidence
                if note is not None and note.evidence
                else (row.evidence[0] if row.evidence else None)
            )
            key = (
                row.stance,
                row.summary,
                row.as_of,
                note.text if note else None,
                evidence.quote if evidence else None,
                hit.via,
            )
            groups.setdefault(key, []).append(hit)
            shown[key] = (note, evidence)
        shown_groups = list(groups.items())
        for key, members in shown_groups[:MAX_DETAILED]:
            row = members[0].record
            names = ", ".join(h.actor.name for h in members)
            as_of = f" (as of {_human_date(row.as_of)})" if row.as_of else ""
            doc.add(Heading(f"{names}: {row.stance}{as_of}", 2))
            doc.add(Paragraph(row.summary))
            note, evidence = shown[key]
            if note is not None:
                doc.add(Paragraph(note.text))
            if evidence is not None:
                doc.add(_quote(evidence))
        if len(shown_groups) > MAX_DETAILED:
            rest = sum(len(m) for _, m in shown_groups[MAX_DETAILED:])
            doc.add(Context(f"{rest} more not shown in detail; ask about any of them by name."))

    # --- lists: who supports / opposes / was invited
    def _list_with_actors(self, q: _Question, items: list[ItemRecord]) -> Answer:
        """A list question that names actors: a group narrows the list to its members
        ("Which Baltic states were invited?"); "besides Germany" leaves one out; an actor
        after the stance word ("Which countries back Macron?") or after "like" leaves the
        list whole; otherwise the named actors are the candidates ("Which of Italy and
        Spain …")."""
        within: set[str] = set()
        exclude: set[str] = set()
        first_signal = min((s for s, _ in q.signal_spans), default=None)
        for match, at in zip(q.actors, q.actor_at, strict=True):
            if not (match.known and match.key):
                continue
            actor = self.actors[match.key]
            keys = {actor.key}
            if actor.speaks_for:
                keys.add(actor.speaks_for)
            if actor.members:
                within.update(actor.members)
                within.update(self.spokes.get(actor.key, []))
                continue
            before = q.rest[max(0, at - 2) : at]
            if any(w in EXCLUDING_WORDS for w in before):
                exclude.update(keys)
            elif any(w in LIKENING_WORDS for w in before) or (
                first_signal is not None and at >= first_signal
            ):
                continue  # an example or the object of the stance: the list is everyone's
            else:
                within.update(keys)
                within.update(self.spokes.get(actor.key, []))
        return self._list(q, items, within=within or None, exclude=exclude)

    def _list(
        self,
        q: _Question,
        items: list[ItemRecord],
        within: set[str] | None = None,
        exclude: set[str] | None = None,
    ) -> Answer:
        if self._off_topic_question(q) and not within:
            return self._off_topic(q)
        exclude = exclude or set()
        rows = [r for r in self.table.stances if r.actor not in exclude]
        if within:
            rows = [r for r in rows if r.actor in within]
        rows = self._on_asked_topic(rows, q)
        candidates = {id(r) for r in rows}
        silent: list[StanceRecord] = []
        if q.fact:
            want = not q.fact_negated
            silent = [r for r in rows if _fact_note(r, q.fact.key) is None]
            rows = [r for r in rows if (n := _fact_note(r, q.fact.key)) and n.value is want]
        lead_note = ""
        what = _describe_filter(q)
        if q.stances:
            matching = [r for r in rows if r.stance in q.stances]
            if not matching and q.stances <= set(NONCOMMITTAL):
                matching = [r for r in rows if r.stance in NONCOMMITTAL]
                if matching:
                    asked = " or ".join(WHO_LABELS[s] for s in sorted(q.stances))
                    lead_note = (
                        f"No actor in the stance table is recorded as {_bare(asked)}. "
                        "The nearest are those without a clear position."
                    )
                    what = "has no clear position"
            rows = matching
        if not q.fact and not q.stances:
            found = self._search.find(q.known) if q.known else []
            found = [r for r in found if id(r) in candidates]
            if found:
                rows = found
            elif not within:
                return self._overview(q)
        others: list[StanceRecord] = []
        if q.countries_only:
            others = [r for r in rows if self.actors[r.actor].kind not in COUNTRY_KINDS]
            rows = [r for r in rows if self.actors[r.actor].kind in COUNTRY_KINDS]
        rows.sort(key=lambda r: (self.actors[r.actor].kind != "country", self.order[r.actor]))
        named = _join(
            [self.actors[k].name for k in sorted(exclude, key=lambda k: self.order.get(k, 0))]
        )
        if not rows and within:
            # "Which of the Baltic states oppose it?" — none; say what they do hold.
            held = [self._hit(r) for r in self.table.stances if r.actor in within]
            held_names = _join(list(dict.fromkeys(h.actor.name for h in held)))
            doc = Document(kind="answer", title="No match")
            if held:
                doc.add(Paragraph(f"None of {held_names} {what}. The sources hold:"))
                self._render_compact(doc, held, q)
            else:
                doc.add(Paragraph("The stance table holds nothing for them."))
            return Answer(q.raw, doc, held, [])
        if not rows:
            doc = Document(kind="answer", title="No match")
            scope = "country" if q.countries_only else "actor"
            besides = f" besides {named}" if named else ""
            doc.add(Paragraph(f"No {scope} in the stance table{besides} {what}."))
            hits = [self._hit(r) for r in others]
            if hits:
                doc.add(Paragraph(f"Not a country, but {what.removeprefix('is ')}:"))
                self._render_compact(doc, hits, q)
            return Answer(q.raw, doc, hits, [])
        hits = [self._hit(r) for r in rows]
        searched = not q.fact and not q.stances and q.known
        title = _matches_title(q) if searched else f"Who {what}"
        title += f" (besides {named})" if named else ""
        strangers = q.strangers
        if strangers:
            # "Which Nordic countries …": a name the table doesn't know can't narrow the list.
            quoted = ", ".join(f"“{n}”" for n in strangers)
            lead_note = (
                f"{lead_note} I don't know which actors {quoted} covers; here is everyone "
                f"who {what.removeprefix('is ')}."
            ).strip()
        answer = self._rows_answer(q, hits, title, items if q.about_items else [], lead=lead_note)
        if others:
            names = _capped(list(dict.fromkeys(self.actors[r.actor].name for r in others)))
            answer.document.add(Context(f"Not countries, also matching: {names}"))
        if q.fact and silent:
            unsaid = _capped(list(dict.fromkeys(self.actors[r.actor].name for r in silent)))
            answer.document.add(Context(f"The sources don't say either way for: {unsaid}."))
        return answer

    def _rows_answer(
        self,
        q: _Question,
        hits: list[StanceHit],
        title: str,
        items: Sequence[ItemRecord] = (),
        *,
        lead: str = "",
    ) -> Answer:
        doc = Document(kind="answer", title=title)
        if lead:
            doc.add(Paragraph(lead))
        unique = list(dict.fromkeys(h.actor.name for h in hits))
        count = f" ({len(unique)})" if len(unique) > 2 else ""
        doc.add(Paragraph(f"{title}{count}: {_capped(unique)}."))
        self._render_compact(doc, hits, q)
        if items:
            self._render_items(doc, list(items), q)
        return Answer(q.raw, doc, hits, list(items))

    def _overview(self, q: _Question) -> Answer:
        doc = Document(kind="answer", title="The stance table at a glance")
        hits = [self._hit(r) for r in self.table.stances]
        order = {s: i for i, s in enumerate(GROUP_HEADINGS)}
        hits.sort(key=lambda h: order.get(h.record.stance, len(order)))
        topics = "; ".join(t.name for t in self.table.topics)
        if topics:
            doc.add(Paragraph(f"Positions on {topics}:"))
        for stance, heading in GROUP_HEADINGS.items():
            names = [h.actor.name for h in hits if h.record.stance == stance]
            if names:
                doc.add(Paragraph(f"{heading}: {', '.join(names)}"))
        dates = [h.record.as_of for h in hits if h.record.as_of]
        if dates:
            doc.add(
                Context(f"as of {human_date(max(dates))}; ask about any of them for the quotes")
            )
        return Answer(q.raw, doc, hits, [])

    def _off_topic(self, q: _Question) -> Answer:
        topics = "; ".join(t.name for t in self.table.topics) or "nothing yet"
        doc = Document(kind="answer", title="Not in the sources")
        what = f" on “{' '.join(q.foreign)}”" if q.foreign else " on that"
        doc.add(
            Paragraph(f"The sources record no positions{what}. The stance table covers: {topics}.")
        )
        return Answer(q.raw, doc, [], [])

    def _nothing_on(self, q: _Question, names: list[str]) -> Answer:
        doc = Document(kind="answer", title="No position recorded")
        for name in names:
            doc.add(Paragraph(self._no_record(name, q)))
        return Answer(q.raw, doc, [], [])

    # --- tracked items
    def _items_answer(self, q: _Question, items: list[ItemRecord]) -> Answer:
        doc = Document(kind="answer", title=items[0].name if len(items) == 1 else "Tracked items")
        today = self.today or date.today()
        if q.wants_upcoming and len(items) > 1:
            ahead = [i for i in items if i.due is None or i.due >= today]
            if not ahead:
                doc.add(
                    Paragraph(
                        f"No tracked item is due after today ({human_date(today)}); "
                        "the dates on record have all passed:"
                    )
                )
            else:
                items = ahead + [i for i in items if i not in ahead]
        self._render_items(doc, items, q)
        return Answer(q.raw, doc, [], items)

    def _render_items(self, doc: Document, items: list[ItemRecord], q: _Question) -> None:
        today = self.today or date.today()
        for item in items:
            if len(items) > 1 or doc.title != item.name:
                doc.add(Heading(item.name, 2))
            due = due_phrase(item.due, item.due_label, today)
            doc.add(Paragraph(f"Status: {item.status}. Due: {due}."))
            if item.due and item.due < today and fold(item.status) not in CLOSED_STATUSES:
                doc.add(Paragraph("That date has passed and no later status is recorded."))
            if item.description:
                doc.add(Paragraph(item.description))
            if item.notes:
                doc.add(Paragraph(f"Notes: {item.notes}"))
            for e in item.evidence[:2]:
                doc.add(_quote(e))
            if item.source:
                doc.add(Context(f"Last change from: {item.source}"))

    def _hint(self, question: str, text: str) -> Answer:
        doc = Document(kind="answer", title=None)
        doc.add(Paragraph(text))
        return Answer(question, doc, [], [])


# ---------------------------------------------------------------------- helpers
_LEXICON_WORDS = frozenset().union(
    STOPWORDS,
    GENERIC_WORDS,
    LIST_WORDS,
    POSITION_WORDS,
    ITEM_WORDS,
    UPCOMING_WORDS,
    OVERVIEW_WORDS,
    COUNTRY_WORDS,
    EXCLUDING_WORDS,
    NEGATIONS,
    YES_NO_OPENERS,
    DEADLINE_WORDS,
)


def _is_lexicon_word(word: str) -> bool:
    return word in _LEXICON_WORDS or any(k in _STANCE_KEYS for k in _keys_of(word))


def _fact_words(f: FactKind) -> Iterable[str]:
    yield from f.keywords
    yield from words(f.yes)


def _fact_note(row: StanceRecord, fact: str) -> Note | None:
    return next((n for n in row.notes if n.fact == fact and n.value is not None), None)


def _verdict(stance: str, targets: set[str]) -> str:
    if stance in targets:
        return "Yes:"
    if stance in NONCOMMITTAL:
        return "Not clearly:"
    return "No:"


def _capped(names: list[str]) -> str:
    if len(names) <= MAX_NAMED:
        return ", ".join(names)
    return f"{', '.join(names[:MAX_NAMED])} and {len(names) - MAX_NAMED} more"


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _bare(label: str) -> str:
    """ "is undecided" → "undecided" (after "recorded as")."""
    return re.sub(r"\b(?:is|has)\s+", "", label)


def _describe_filter(q: _Question) -> str:
    parts = []
    if q.stances:
        parts.append(" or ".join(WHO_LABELS.get(s, s) for s in sorted(q.stances)))
    if q.fact:
        state = q.fact.no if q.fact_negated else q.fact.yes
        parts.append(("was " if not parts else "and was ") + state)
    if not parts:
        parts.append("matches")
    return " ".join(parts)


def _matches_title(q: _Question) -> str:
    return f"What the sources say on “{' '.join(q.known_words)}”"


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


@lru_cache(maxsize=4096)
def _human_date(value: date) -> str:
    return human_date(value)


def _quote(e: Evidence) -> Quote:
    return Quote(e.quote, e.source, _human_date(e.date) if e.date else None, e.url)


class _ItemIndex:
    """Tracked items by the words of their names and aliases, rarer words weighing more."""

    def __init__(self, items: Sequence[ItemRecord]) -> None:
        self.items = list(items)
        self.vocab = [
            frozenset(stems(" ".join((i.name, i.key.replace("-", " "), *i.aliases)))) for i in items
        ]
        counts: dict[str, int] = {}
        for v in self.vocab:
            for s in v:
                counts[s] = counts.get(s, 0) + 1
        self.weight = {s: 1.0 / c for s, c in counts.items()}

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
            for v in self.weight:
                n = _common_prefix(q, v)
                if n >= 7 and n >= 0.8 * min(len(q), len(v)):
                    out.add(v)
        return out

    def match(
        self, query: Sequence[str], about_items: bool, *, any_date: bool = False
    ) -> list[ItemRecord]:
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
        name_stems = set(stems(actor.name))
        return [i for i, v in zip(self.items, self.vocab, strict=True) if name_stems & v]


class _RowSearch:
    """Full-text search over stance rows (summary, notes, quotes) for "who fears …" questions."""

    def __init__(self, rows: Sequence[StanceRecord]) -> None:
        self.rows = list(rows)
        self.docs = [
            frozenset(
                stems(
                    " ".join(
                        [r.summary, *(n.text for n in r.notes), *(e.quote for e in r.evidence)]
                    )
                )
            )
            for r in rows
        ]
        n = max(len(rows), 1)
        df: dict[str, int] = {}
        for d in self.docs:
            for s in d:
                df[s] = df.get(s, 0) + 1
        self.idf = {s: math.log(1 + n / c) for s, c in df.items()}
        # Words in most rows (the story's own subject) would make every row match.
        self.generic = frozenset(s for s, c in df.items() if len(rows) > 3 and c > n / 2)

    def find(self, query: Sequence[str]) -> list[StanceRecord]:
        terms = {
            s for s in query if s in self.idf and s not in self.generic and s not in _STANCE_KEYS
        }
        if not terms:
            return []
        scored = []
        for row, doc in zip(self.rows, self.docs, strict=True):
            score = sum(self.idf[s] for s in terms if s in doc)
            if score:
                scored.append((score, row))
        if not scored:
            return []
        best = max(s for s, _ in scored)
        return [r for s, r in sorted(scored, key=lambda x: -x[0]) if s >= best * 0.8]
