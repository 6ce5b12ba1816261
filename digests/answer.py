"""Answers from the stance table: who stands where, with the quote that backs it.

The answerer reads a question as a few independent signals — the actors it names
(``ActorResolver``), words asking for a list ("who", "which"), a stance ("against",
"backs"), a fact ("invited"), a tracked item ("revision") — and answers only from the
rows it holds. Where the table holds nothing, it says so; it never guesses a position.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from digests.actors import ActorMatch, ActorResolver
from digests.dates import due_phrase, human_date
from digests.document import Context, Document, Heading, Paragraph, Quote
from digests.lexicon import (
    ITEM_WORDS,
    LIST_WORDS,
    NEGATIONS,
    POSITION_WORDS,
    STANCE_PHRASES,
    STANCE_WORDS,
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

_STANCE_STEMS = {stance: frozenset(stem(w) for w in ws) for stance, ws in STANCE_WORDS.items()}
_OPPOSITE = {"supports": "opposes", "opposes": "supports"}


@dataclass(frozen=True)
class StanceHit:
    """One stance row in an answer, and why it is there ("speaks for", "member of")."""

    actor: ActorRecord
    record: StanceRecord
    via: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "actor": self.actor.name,
            "stance": self.record.stance,
            "summary": self.record.summary,
            "topic": self.record.topic,
            "as_of": self.record.as_of.isoformat() if self.record.as_of else None,
            "evidence": [evidence_json(e) for e in self.record.evidence],
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
        return {
            "question": self.question,
            "answer": text,
            "stances": [hit.to_json() for hit in self.stances],
            "items": [item_json(i) for i in self.items],
        }


@dataclass
class _Question:
    raw: str
    folded: str
    actors: list[ActorMatch]
    rest: list[str]  # folded words outside actor names
    rest_stems: list[str]
    wants_list: bool
    stances: set[str]
    negated: bool
    fact: FactKind | None
    yes_no: bool
    about_items: bool
    about_position: bool


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
        self.spokes: dict[str, list[str]] = {}  # actor → actors that speak for it
        for actor in table.actors:
            if actor.speaks_for and actor.kind != "person":
                self.spokes.setdefault(actor.speaks_for, []).append(actor.key)
        vocab = list(vocabulary)
        self.resolver = resolver or ActorResolver(table.actors, vocabulary=vocab)
        self.fact_stems = {f.key: frozenset(stem(w) for w in _fact_words(f)) for f in table.facts}
        self.topic_vocab = {
            t.key: frozenset(stems(" ".join((t.name, *t.keywords)))) for t in table.topics
        }
        # What the sources talk about at all: a question about anything else gets "no record".
        known_texts = [
            *vocab,
            *(r.summary for r in table.stances),
            *(e.quote for r in table.stances for e in r.evidence),
            *(n.text for r in table.stances for n in r.notes),
            *(a.description or "" for a in table.actors),
            *(f"{i.name} {i.description or ''}" for i in table.items),
        ]
        self.known_stems: frozenset[str] = frozenset(stems(" ".join(known_texts))).union(
            *self.topic_vocab.values()
        )
        self._item_index = _ItemIndex(table.items)
        self._search = _RowSearch(table.stances)

    # ------------------------------------------------------------------ reading
    def _read(self, question: str) -> _Question:
        folded = fold(question)
        actors = self.resolver.find(question)
        spans = [(m.start, m.end) for m in actors]
        rest_text = _blank_spans(question, spans)
        rest = words(rest_text)
        rest_stems = [stem(w) for w in rest]
        rest_folded = " ".join(rest)
        targets: set[str] = set()
        phrase_hit = False
        for stance, phrases in STANCE_PHRASES.items():
            if any(re.search(rf"\b{re.escape(fold(p))}\b", rest_folded) for p in phrases):
                targets.add(stance)
                phrase_hit = True
        content_stems = [s for w, s in zip(rest, rest_stems, strict=True) if w not in STOPWORDS]
        for stance, stem_words in _STANCE_STEMS.items():
            if any(s in stem_words for s in content_stems):
                targets.add(stance)
        # "for" means support only in "who is for …"-style questions, never "position for".
        if re.search(r"\b(?:is|are|was|were)\s+for\b", rest_folded):
            targets.add("supports")
        negated = any(
            w in NEGATIONS
            or w.endswith("n't")
            or (
                w.endswith("nt")
                and w
                in {"dont", "doesnt", "didnt", "isnt", "wasnt", "werent", "wont", "arent", "cant"}
            )
            for w in rest
        )
        if negated and not phrase_hit and len(targets) == 1:
            (only,) = targets
            if only in _OPPOSITE:
                targets = {_OPPOSITE[only]}
        fact = None
        for f in self.table.facts:
            if any(s in self.fact_stems[f.key] for s in rest_stems):
                fact = f
                break
        first = rest[0] if rest else (words(question)[:1] or [""])[0]
        return _Question(
            raw=question,
            folded=folded,
            actors=actors,
            rest=rest,
            rest_stems=rest_stems,
            wants_list=any(w in LIST_WORDS for w in rest),
            stances=targets,
            negated=negated,
            fact=fact,
            yes_no=first in YES_NO_OPENERS and bool(actors),
            about_items=any(w in ITEM_WORDS for w in rest),
            about_position=any(w in POSITION_WORDS for w in rest),
        )

    # ------------------------------------------------------------------ answering
    def answer(self, question: str) -> Answer:
        text = " ".join(question.split())
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
        items = self._item_index.match(q.rest_stems, q.about_items)

        missions_only = all(m.key and self.actors[m.key].kind == "mission" for m in q.actors)
        if items and q.actors and missions_only and (q.about_items or len(items) == 1):
            return self._items_answer(q, items)
        if q.actors and not (q.wants_list and not _has_group(q.actors, self.actors)):
            return self._about_actors(q, items)
        if q.wants_list or q.stances or q.fact:
            return self._list(q, items)
        if items:
            return self._items_answer(q, items)
        unknown = self.resolver.unmatched_names(text)
        if unknown:
            return self._nothing_on(q, unknown)
        hits = self._search.find(q.rest_stems)
        if hits:
            return self._rows_answer(q, [self._hit(r) for r in hits], "What the sources say")
        return self._hint(
            text,
            "I found no actor, tracked item or position in that question. Try “What is "
            "Germany's position?”, “Who opposes training in Ukraine?” or “When is the EUMAM "
            "mandate revised?” — or type `help`.",
        )

    def _hit(self, row: StanceRecord, via: str | None = None) -> StanceHit:
        return StanceHit(self.actors[row.actor], row, via)

    # --- one or more named actors
    def _about_actors(self, q: _Question, items: list[ItemRecord]) -> Answer:
        doc = Document(kind="answer")
        hits: list[StanceHit] = []
        shown_items = list(items)
        group_filter = self._group_members(q)
        if q.wants_list and group_filter:
            return self._list(q, items, within=group_filter)
        plan = []
        for match in q.actors:
            actor = self.actors[match.key] if match.known and match.key else None
            plan.append((match, actor, self._rows_for(actor) if actor else ([], None)))
        headed = sum(len(rows) for _, _, (rows, _) in plan) > 1
        for match, actor, (rows, via) in plan:
            if actor is None:
                doc.add(Paragraph(self._no_record(match.name, q)))
                continue
            if actor.kind == "mission" or (not rows and actor.description):
                doc.add(Heading(actor.name, 2))
                if actor.description:
                    doc.add(Paragraph(actor.description))
                related = self._item_index.related(actor)
                shown_items.extend(i for i in related if i not in shown_items)
            if not rows:
                if actor.kind != "mission":
                    doc.add(Paragraph(self._no_record(actor.name, q)))
                continue
            if all(row.actor != actor.key for row, _ in rows) and actor.kind != "person":
                whose = ", ".join(dict.fromkeys(self.actors[r.actor].name for r, _ in rows))
                doc.add(
                    Paragraph(
                        f"No position of {actor.name} as a whole is recorded; the sources "
                        f"report these for it: {whose}."
                    )
                )
            rows.sort(key=lambda pair: -self._topic_score(pair[0], q))
            for row, why in rows:
                hit = StanceHit(self.actors[row.actor], row, why or via)
                hits.append(hit)
                person = actor if actor.kind == "person" else None
                self._render_hit(doc, hit, q, person=person, heading=headed)
        if shown_items and (q.about_items or not hits):
            self._render_items(doc, shown_items)
        else:
            shown_items = []
        doc.title = _title_for(hits, q)
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
        own = [(r, None) for r in self.by_actor.get(actor.key, [])]
        if own:
            return own, None
        for member in actor.members:
            for r in self.by_actor.get(member, []):
                own.append((r, f"member of {actor.name}"))
        for spoke in self.spokes.get(actor.key, []):
            for r in self.by_actor.get(spoke, []):
                own.append((r, f"reported for {actor.name}"))
        return own, None

    def _group_members(self, q: _Question) -> set[str]:
        members: set[str] = set()
        for m in q.actors:
            if m.key and self.actors[m.key].members:
                members.update(self.actors[m.key].members)
        return members

    def _topic_score(self, row: StanceRecord, q: _Question) -> int:
        vocab = self.topic_vocab.get(row.topic, frozenset())
        return sum(1 for s in q.rest_stems if s in vocab)

    def _no_record(self, name: str, q: _Question) -> str:
        if q.fact:
            return f"The sources don't say whether {name} was {q.fact.yes}."
        return f"No position recorded for {name}: the sources I have say nothing about it."

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
        topic = self.topics[row.topic].name if row.topic in self.topics else row.topic
        if q.fact:
            note = _fact_note(row, q.fact.key)
            if note is None:
                doc.add(Paragraph(f"The sources don't say whether {actor.name} was {q.fact.yes}."))
            else:
                verdict = "Yes" if note.value else "No"
                state = q.fact.yes if note.value else q.fact.no
                doc.add(Paragraph(f"{verdict}: {actor.name} was {state}. {note.text}"))
                if note.evidence:
                    doc.add(_quote(note.evidence))
        lead = f"{actor.name} {STANCE_LABELS.get(row.stance, row.stance)} {topic}"
        if q.yes_no and q.stances and not q.fact:
            lead = f"{_verdict(row.stance, q.stances)} {lead}"
        as_of = f" (as of {human_date(row.as_of)})" if row.as_of else ""
        if heading:
            doc.add(Heading(f"{actor.name}: {row.stance}", 2))
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
                    f"{row.stance} since {human_date(row.as_of)}; before: {past.stance} — {past.summary}"
                )
            )
        if hit.via:
            doc.add(Context(hit.via))

    # --- lists: who supports / opposes / was invited
    def _list(
        self, q: _Question, items: list[ItemRecord], within: set[str] | None = None
    ) -> Answer:
        if not self._on_topic(q):
            return self._off_topic(q)
        rows = list(self.table.stances)
        if within:
            rows = [r for r in rows if r.actor in within]
        if q.fact:
            want = not q.negated
            rows = [r for r in rows if (n := _fact_note(r, q.fact.key)) and n.value is want]
        if q.stances:
            rows = [r for r in rows if r.stance in q.stances]
        if not q.fact and not q.stances:
            found = self._search.find(q.rest_stems)
            if found:
                rows = [r for r in found if not within or r.actor in within]
            elif not within:
                return self._overview(q, items)
        rows.sort(key=lambda r: (self.actors[r.actor].kind != "country", self.order[r.actor]))
        hits = [self._hit(r) for r in rows]
        what = _describe_filter(q)
        if not hits:
            doc = Document(kind="answer", title="No match")
            doc.add(Paragraph(f"No actor in the stance table {what}."))
            return Answer(q.raw, doc, [], [])
        return self._rows_answer(q, hits, f"Who {what}", items if q.about_items else [])

    def _rows_answer(
        self, q: _Question, hits: list[StanceHit], title: str, items: Sequence[ItemRecord] = ()
    ) -> Answer:
        doc = Document(kind="answer", title=title)
        names = ", ".join(h.actor.name for h in hits)
        doc.add(Paragraph(f"{title}: {names}."))
        for hit in hits:
            row = hit.record
            doc.add(Heading(f"{hit.actor.name}: {row.stance}", 2))
            doc.add(Paragraph(row.summary))
            note = _fact_note(row, q.fact.key) if q.fact else None
            if note is not None:
                doc.add(Paragraph(note.text))
            evidence = (
                note.evidence
                if note is not None and note.evidence
                else (row.evidence[0] if row.evidence else None)
            )
            if evidence:
                doc.add(_quote(evidence))
        if items:
            self._render_items(doc, list(items))
        return Answer(q.raw, doc, hits, list(items))

    def _overview(self, q: _Question, items: list[ItemRecord]) -> Answer:
        doc = Document(kind="answer", title="The stance table at a glance")
        hits = [self._hit(r) for r in self.table.stances]
        for stance, heading in GROUP_HEADINGS.items():
            names = [h.actor.name for h in hits if h.record.stance == stance]
            if names:
                doc.add(Paragraph(f"{heading}: {', '.join(names)}"))
        return Answer(q.raw, doc, hits, [])

    def _on_topic(self, q: _Question) -> bool:
        content = [
            s
            for w, s in zip(q.rest, q.rest_stems, strict=True)
            if w not in STOPWORDS
            and w not in LIST_WORDS
            and not w.isdigit()
            and not any(s in v for v in _STANCE_STEMS.values())
            and not (q.fact and s in self.fact_stems[q.fact.key])
            and w not in POSITION_WORDS
            and w not in NEGATIONS
        ]
        return not content or any(s in self.known_stems for s in content)

    def _off_topic(self, q: _Question) -> Answer:
        topics = "; ".join(t.name for t in self.table.topics) or "nothing yet"
        doc = Document(kind="answer", title="Not in the sources")
        doc.add(
            Paragraph(
                f"The sources record no positions on that. The stance table covers: {topics}."
            )
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
        self._render_items(doc, items)
        return Answer(q.raw, doc, [], items)

    def _render_items(self, doc: Document, items: list[ItemRecord]) -> None:
        today = self.today or date.today()
        for item in items:
            if len(items) > 1 or doc.title != item.name:
                doc.add(Heading(item.name, 2))
            due = due_phrase(item.due, item.due_label, today)
            doc.add(Paragraph(f"Status: {item.status}. Due: {due}."))
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
def _fact_words(f: FactKind) -> Iterable[str]:
    yield from f.keywords
    yield from words(f.yes)


def _fact_note(row: StanceRecord, fact: str) -> Note | None:
    return next((n for n in row.notes if n.fact == fact and n.value is not None), None)


def _has_group(matches: list[ActorMatch], actors: dict[str, ActorRecord]) -> bool:
    return any(m.key and actors[m.key].members for m in matches)


def _verdict(stance: str, targets: set[str]) -> str:
    if stance in targets:
        return "Yes:"
    if stance in ("unknown", "undecided", "mixed"):
        return "Not clearly:"
    return "No:"


def _describe_filter(q: _Question) -> str:
    parts = []
    if q.stances:
        parts.append(" or ".join(sorted(q.stances)))
    if q.fact:
        parts.append(
            ("was " if not parts else "and was ") + (q.fact.no if q.negated else q.fact.yes)
        )
    if not parts:
        parts.append("matches")
    return " ".join(parts)


def _title_for(hits: list[StanceHit], q: _Question) -> str | None:
    if hits:
        return f"{hits[0].actor.name}: {hits[0].record.stance}"
    return None


def _quote(e: Evidence) -> Quote:
    return Quote(e.quote, e.source, human_date(e.date) if e.date else None, e.url)


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            chars[i] = " "
    return "".join(chars)


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

    def match(self, query: Sequence[str], about_items: bool) -> list[ItemRecord]:
        scores = []
        for item, vocab in zip(self.items, self.vocab, strict=True):
            score = sum(self.weight[s] for s in set(query) if s in vocab)
            scores.append((score, item))
        best = max((s for s, _ in scores), default=0.0)
        if best == 0.0:
            if about_items and any(w in ("deadlin", "upcom", "due", "next") for w in query):
                return sorted(self.items, key=lambda i: (i.due is None, i.due))
            return []
        if best < 1.0 and not about_items:
            return []
        return [i for s, i in scores if s >= best * 0.75]

    def related(self, actor: ActorRecord) -> list[ItemRecord]:
        names = set(stems(actor.name)) | {s for a in actor.aliases for s in stems(a)}
        name_stem = set(stems(actor.name))
        return [i for i, v in zip(self.items, self.vocab, strict=True) if name_stem & v and names]


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
        terms = {s for s in query if s in self.idf and s not in self.generic}
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
