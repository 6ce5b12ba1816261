"""The pieces every answer document is built from: quotes, compact row groups, tracked
items, the wording of verdicts and lists, and the honest "nothing recorded" replies."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import compress, islice
from operator import attrgetter, itemgetter

from digests.answer_records import Answer, StanceHit
from digests.dates import due_phrase, human_date, relative
from digests.document import Block, Context, Document, Heading, Paragraph, Quote
from digests.lexicon import CLOSED_STATUSES
from digests.model import Evidence, FactKind, ItemRecord, Note, StanceRecord
from digests.question import Question
from digests.statuses import item_state
from digests.table_view import TableView, fact_note
from digests.text import fold

MAX_DETAILED = 12  # groups of rows shown with summary and quote in a list answer
MAX_NAMED = 40  # names listed in one line

WHO_LABELS = {
    "supports": "supports",
    "opposes": "opposes",
    "undecided": "is undecided",
    "mixed": "has a mixed position",
    "unknown": "has no stated position",
}
# Stances that commit to nothing: asked for one of them, the others are the next best answer.
NONCOMMITTAL = ("undecided", "mixed", "unknown")

# Formatting a date goes through babel; the same few dates recur in every answer.
short_date = lru_cache(maxsize=4096)(human_date)


# ---------------------------------------------------------------------- wording
def quote(e: Evidence) -> Quote:
    return Quote(e.quote, e.source, short_date(e.date) if e.date else None, e.url)


def verdict(stance: str, targets: set[str]) -> str:
    if stance in targets:
        return "Yes:"
    if stance in NONCOMMITTAL:
        return "Not clearly:"
    return "No:"


_ACTOR_NAME = attrgetter("actor.name")


def names_of(hits: Iterable[StanceHit]) -> list[str]:
    """The hits' actors, each once, in the hits' order."""
    return list(dict.fromkeys(map(_ACTOR_NAME, hits)))


def capped(names: list[str]) -> str:
    if len(names) <= MAX_NAMED:
        return ", ".join(names)
    return f"{', '.join(names[:MAX_NAMED])} and {len(names) - MAX_NAMED} more"


def join_names(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def bare(label: str) -> str:
    """ "is undecided" → "undecided" (after "recorded as")."""
    return re.sub(r"\b(?:is|has)\s+", "", label)


def describe_filter(q: Question) -> str:
    """What a list asks for, as a predicate: "opposes and was invited"."""
    parts = []
    if q.stances:
        parts.append(" or ".join(WHO_LABELS.get(s, s) for s in sorted(q.stances)))
    if q.fact:
        state = q.fact.no if q.fact_negated else q.fact.yes
        parts.append(("was " if not parts else "and was ") + state)
    if not parts:
        parts.append("matches")
    return " ".join(parts)


def matches_title(q: Question) -> str:
    return f"What the sources say on “{' '.join(q.known_words)}”"


def no_record(name: str, q: Question) -> str:
    if q.fact:
        return f"The sources don't say whether {name} was {q.fact.yes}."
    return f"No position recorded for {name}: the sources I have say nothing about it."


# ---------------------------------------------------------------------- blocks
_LOOK = attrgetter("look")
_KEY = itemgetter(0)


class Compact:
    """A list's rows grouped as a compact list shows them: rows that read alike (same
    stance, summary and quote) together, the first MAX_DETAILED groups in detail."""

    def __init__(self, hits: list[StanceHit], fact: str | None) -> None:
        self.fact = fact
        self.hits = len(hits)
        # A list may hold thousands of rows: the rest are only counted, in passes of
        # C-level dict work rather than a list per group.
        if fact is None:
            keys = list(map(_KEY, map(_LOOK, hits)))
        else:
            keys = [hit.look[0] if not hit.record.notes else _fact_key(hit, fact) for hit in hits]
        first = dict.fromkeys(keys)  # the groups in the order their first rows come
        self.count = len(first)
        groups: dict[object, list[StanceHit]] = {key: [] for key in islice(first, MAX_DETAILED)}
        if self.count <= MAX_DETAILED:
            for hit, key in zip(hits, keys, strict=True):
                groups[key].append(hit)
        else:
            # Only the members of the detailed groups are gathered, picked out in C.
            shown = list(map(groups.__contains__, keys))
            for hit, key in zip(compress(hits, shown), compress(keys, shown), strict=True):
                groups[key].append(hit)
        self.detailed = list(groups.values())
        self._blocks: list[Block] | None = None

    def blocks(self) -> list[Block]:
        """The groups as a list shows them. Made once: blocks are immutable, and a list
        kept for a version of the table (``TableView.derived``) serves many answers."""
        if self._blocks is None:
            self._blocks = list(self._render())
        return self._blocks

    def _render(self) -> Iterator[Block]:
        fact = self.fact
        for members in self.detailed:
            row = members[0].record
            names = ", ".join(h.actor.name for h in members)
            as_of = f" (as of {short_date(row.as_of)})" if row.as_of else ""
            yield Heading(f"{names}: {row.stance}{as_of}", 2)
            yield Paragraph(row.summary)
            # Members read alike; the note and quote shown are the last member's.
            note, evidence = _shown(members[-1], fact)
            if note is not None:
                yield Paragraph(note.text)
            if evidence is not None:
                yield quote(evidence)
        if self.count > MAX_DETAILED:
            rest = self.hits - sum(len(m) for m in self.detailed)
            yield Context(f"{rest} more not shown in detail; ask about any of them by name.")


def render_compact(
    doc: Document, hits: list[StanceHit], q: Question, compact: Compact | None = None
) -> None:
    """Rows that read alike are shown once, together (``compact``: ``hits`` grouped)."""
    fact = q.fact.key if q.fact else None
    if compact is None or compact.fact != fact:
        compact = Compact(hits, fact)
    doc.add(*compact.blocks())


def _fact_key(hit: StanceHit, fact: str) -> object:
    """How a hit reads when ``fact`` is asked: with the note that settles it, if any
    (never equal to a hit's own look, which is a string)."""
    row = hit.record
    note = fact_note(row, fact)
    if note is None:
        return hit.look[0]
    evidence = note.evidence or (row.evidence[0] if row.evidence else None)
    quoted = evidence.quote if evidence else None
    return (row.stance, row.summary, row.as_of, note.text, quoted, hit.via)


def _shown(hit: StanceHit, fact: str | None) -> tuple[Note | None, Evidence | None]:
    """The note (when ``fact`` is asked and the row settles it) and quote shown for a hit."""
    row = hit.record
    note = fact_note(row, fact) if fact is not None and row.notes else None
    if note is None:
        return None, hit.look[1]
    return note, note.evidence or (row.evidence[0] if row.evidence else None)


def render_items(doc: Document, items: Sequence[ItemRecord], view: TableView) -> None:
    today = view.current_date()
    for item in items:
        if len(items) > 1 or doc.title != item.name:
            doc.add(Heading(item.name, 2))
        due = due_phrase(item.due, item.due_label, today)
        doc.add(Paragraph(f"Status: {item.status}. Due: {due}."))
        state = item_state(item.status, item.due, item.ends, today).state
        if state == "running" and item.ends:
            doc.add(
                Paragraph(f"Runs until {short_date(item.ends)} ({relative(item.ends, today)}).")
            )
        elif state == "overdue" and fold(item.status) not in CLOSED_STATUSES:
            doc.add(Paragraph("That date has passed and no later status is recorded."))
        if item.description:
            doc.add(Paragraph(item.description))
        if item.notes:
            doc.add(Paragraph(f"Notes: {item.notes}"))
        for e in item.evidence[:2]:
            doc.add(quote(e))
        if item.source:
            doc.add(Context(f"Last change from: {item.source}"))


# ---------------------------------------------------------------------- whole answers
def items_answer(view: TableView, q: Question, items: list[ItemRecord]) -> Answer:
    doc = Document(kind="answer", title=items[0].name if len(items) == 1 else "Tracked items")
    today = view.current_date()
    if q.wants_upcoming and len(items) > 1:
        ahead = [i for i in items if i.due is None or i.due >= today]
        if not ahead:
            doc.add(
                Paragraph(
                    f"No tracked item is due after today ({short_date(today)}); "
                    "the dates on record have all passed:"
                )
            )
        else:
            items = ahead + [i for i in items if i not in ahead]
    render_items(doc, items, view)
    return Answer(q.raw, doc, [], items)


def off_topic_answer(view: TableView, q: Question) -> Answer:
    topics = "; ".join(t.name for t in view.table.topics) or "nothing yet"
    doc = Document(kind="answer", title="Not in the sources")
    what = f" on “{' '.join(q.foreign)}”" if q.foreign else " on that"
    doc.add(Paragraph(f"The sources record no positions{what}. The stance table covers: {topics}."))
    return Answer(q.raw, doc, [], [])


def nothing_on(q: Question, names: list[str]) -> Answer:
    doc = Document(kind="answer", title="No position recorded")
    for name in names:
        doc.add(Paragraph(no_record(name, q)))
    return Answer(q.raw, doc, [], [])


def hint(question: str, text: str) -> Answer:
    doc = Document(kind="answer", title=None)
    doc.add(Paragraph(text))
    return Answer(question, doc, [], [])


# ---------------------------------------------------------------------- history
# How a past or present position reads after "since" and "before:".
HISTORY_LABELS = {
    "supports": "supports",
    "opposes": "opposes",
    "undecided": "undecided",
    "mixed": "mixed",
    "unknown": "no stated position",
}


def _held(stance: str, notes: Iterable[Note], facts: dict[str, FactKind]) -> str:
    """ "invited, no stated position": the yes/no facts then, and the stance."""
    marks = [
        facts[n.fact].yes if n.value else facts[n.fact].no
        for n in notes
        if n.fact in facts and n.value is not None
    ]
    return ", ".join([*dict.fromkeys(marks), HISTORY_LABELS.get(stance, stance)])


def history_line(row: StanceRecord, facts: Sequence[FactKind]) -> str | None:
    """What the position was before and since when it is what it is, with the arrow the
    change log uses: "invited, no stated position → undecided since 15 May 2024". None when
    the row has no past."""
    if not row.previous:
        return None
    kinds = {f.key: f for f in facts}
    now = HISTORY_LABELS.get(row.stance, row.stance)
    since = short_date(row.as_of) if row.as_of else "recently"
    changed = [p for p in row.previous if p.stance != row.stance]
    if not changed:
        # Same stance, new evidence: the position was confirmed, not changed.
        held = short_date(row.previous[0].as_of) if row.previous[0].as_of else "undated"
        return f"{now} — confirmed as of {since}; held before as of {held}"
    before = changed[0]
    text = f"{_held(before.stance, before.notes, kinds)} → {now} since {since}"
    older = [p for p in row.previous if p is not before and p.stance != before.stance]
    if older:
        text += "; earlier: " + ", ".join(
            f"{HISTORY_LABELS.get(p.stance, p.stance)} (as of {short_date(p.as_of)})"
            for p in older[:3]
        )
    return text
