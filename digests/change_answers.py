"""Answers to "what changed?": the change log since the period asked about, net.

A newsroom asks "what changed since Monday?" to catch up, not for every keystroke: an
item edited scheduled → postponed → agreed shows as scheduled → agreed, an edit undone
shows not at all. Each change says who made it and on what source; new articles are
listed after the table's changes. With nothing in the period, the answer says so and
names the last change on record, so "nothing" is never mistaken for "no data".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from digests.answer_lexicon import FIELD_LABELS
from digests.answer_records import Answer
from digests.compose import short_date
from digests.document import Bullets, Context, Document, Heading, Paragraph
from digests.lexicon import POSITION_WORDS
from digests.model import Change, ItemRecord
from digests.periods import Period
from digests.question import Question
from digests.table_view import TableView
from digests.text import fold, words

# The change log as the answerer may read it: every change after a moment (all if None).
ChangeLog = Callable[[datetime | None], Sequence[Change]]

MAX_SHOWN = 15  # net changes shown in one answer; the rest are counted


@dataclass
class NetChange:
    kind: str
    subject: str
    topic: str | None
    fields: dict[str, list[str | None]] = field(default_factory=dict)  # name → [old, new]
    by: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    last: datetime | None = None
    edits: int = 0


def net_changes(changes: Sequence[Change]) -> list[NetChange]:
    """Table changes folded per subject and field: the first old value, the last new
    one; a field back where it started is no change. Newest first."""
    out: dict[tuple[str, str, str | None], NetChange] = {}
    for c in sorted(changes, key=lambda c: c.at or datetime.min):
        if c.kind == "article":
            continue
        net = out.setdefault((c.kind, c.subject, c.topic), NetChange(c.kind, c.subject, c.topic))
        net.edits += 1
        for name, old, new in c.fields:
            if name in net.fields:
                net.fields[name][1] = new
            else:
                net.fields[name] = [old, new]
        if c.by and c.by not in net.by:
            net.by.append(c.by)
        if c.source and c.source not in net.sources:
            net.sources.append(c.source)
        net.last = c.at or net.last
    kept = []
    for net in out.values():
        net.fields = {k: v for k, v in net.fields.items() if v[0] != v[1]}
        if net.fields:
            kept.append(net)
    return sorted(kept, key=lambda n: n.last or datetime.min, reverse=True)


def changes_answer(view: TableView, q: Question, log: ChangeLog, period: Period | None) -> Answer:
    changes = list(log(period.start if period else None))
    wanted = _subjects(view, q)
    if wanted is not None:
        changes = [c for c in changes if c.kind != "article" or _mentions(c.subject, wanted)]
        changes = [c for c in changes if c.kind == "article" or fold(c.subject) in wanted]
    asked = set(q.all_words)
    moves_only = bool(asked & POSITION_WORDS or "mind" in asked)
    if moves_only:
        # "Has anyone changed position?": the positions, not the items or articles.
        changes = [c for c in changes if c.kind == "stance"]
    elif q.about_items:
        changes = [c for c in changes if c.kind == "item"]
    net = net_changes(changes)
    if moves_only:
        net = [n for n in net if "stance" in n.fields]  # new evidence is no change of mind
    articles = [c for c in changes if c.kind == "article"]
    when = period.label if period else "since the table was set up"
    about = ""
    if wanted is not None:
        about = " for " + ", ".join(
            sorted({view.actors[m.key].name for m in q.actors if m.key in view.actors})
        )
    doc = Document(kind="answer", title=f"What changed{about} {when}")
    hits = []
    items: list[ItemRecord] = []
    if not net and not articles:
        doc.add(
            Paragraph(f"No change to the tracked items or positions is recorded{about} {when}.")
        )
        earlier = [
            c
            for c in log(None)
            if c.kind != "article" and (wanted is None or fold(c.subject) in wanted)
        ]
        if earlier:
            last = max(earlier, key=lambda c: c.at or datetime.min)
            stamp = f" ({_stamp(last.at)})" if last.at else ""
            doc.add(Context(f"The last change on record: {last.subject} — {last.summary}{stamp}."))
        elif wanted is not None:
            doc.add(Context("Nothing on record for it has changed since the table was set up."))
        else:
            dates = [r.as_of for r in view.table.stances if r.as_of]
            as_of = f", with positions as of {short_date(max(dates))}" if dates else ""
            doc.add(
                Context(f"The table is as first loaded{as_of}; `digest` gives the story so far.")
            )
        return Answer(q.raw, doc, [], [], kind="changes")
    count = len(net)
    if count:
        doc.add(Paragraph(f"{count} {'change' if count == 1 else 'changes'}{about} {when}:"))
    by_name = {i.name: i for i in view.table.items}
    by_actor = {a.name: a for a in view.table.actors}
    for change in net[:MAX_SHOWN]:
        doc.add(Heading(change.subject, 2))
        held = None
        if change.kind == "stance" and change.subject in by_actor:
            rows = view.by_actor.get(by_actor[change.subject].key, [])
            held = next((r.stance for r in rows if r.topic == change.topic), None)
        doc.add(Paragraph(_fields_line(change, held)))
        who = ", ".join(change.by)
        parts = [f"by {who}" if who else "", f"source: {'; '.join(change.sources)}"]
        if change.last:
            parts.append(_stamp(change.last))
        if change.edits > 1:
            parts.append(f"net of {change.edits} edits")
        doc.add(Context(" · ".join(p for p in parts if p and not p.endswith(": "))))
        if change.kind == "item" and change.subject in by_name:
            items.append(by_name[change.subject])
        elif change.kind == "stance" and change.subject in by_actor:
            actor = by_actor[change.subject]
            for row in view.by_actor.get(actor.key, []):
                if change.topic is None or row.topic == change.topic:
                    hits.append(view.hit(row))
    if len(net) > MAX_SHOWN:
        doc.add(
            Context(f"{len(net) - MAX_SHOWN} more changes not shown; ask about an item by name.")
        )
    if articles:
        doc.add(Heading("New articles", 2))
        doc.add(
            Bullets(
                tuple(
                    f"{a.subject} ({a.summary.removeprefix('new article from ')}"
                    + (f", {_stamp(a.at)})" if a.at else ")")
                    for a in articles[-MAX_SHOWN:][::-1]
                )
            )
        )
    return Answer(q.raw, doc, hits, items, kind="changes")


def _subjects(view: TableView, q: Question) -> set[str] | None:
    """The folded subjects a question limits the changes to: the actors it names (and
    the items named after a mission it names), or None for all."""
    if not q.actors:
        return None
    out: set[str] = set()
    for m in q.actors:
        actor = view.actors.get(m.key or "")
        if actor is None:
            out.add(fold(m.text))
            continue
        out.add(fold(actor.name))
        for member in actor.members:
            if member in view.actors:
                out.add(fold(view.actors[member].name))
        if actor.speaks_for and actor.speaks_for in view.actors:
            out.add(fold(view.actors[actor.speaks_for].name))
        out.update(fold(i.name) for i in view.item_index.related(actor))
    return out


def _mentions(title: str, wanted: set[str]) -> bool:
    """Whether an article's title names one of the folded subjects."""
    folded = f" {' '.join(words(title))} "
    return any(f" {' '.join(words(w))} " in folded for w in wanted)


def _fields_line(change: NetChange, held: str | None = None) -> str:
    parts = []
    fields = dict(change.fields)
    if "stance" in fields:
        fields.pop("summary", None)  # the move says it; the new quote says why
    elif change.kind == "stance" and held:
        parts.append(f"position unchanged ({held})")
        if "quote" in fields:
            fields.pop("summary", None)
    for name, (old, new) in fields.items():
        label = FIELD_LABELS.get(name, name)
        if name == "quote":
            parts.append(f"{label}: “{_short(new, 240)}”")
        elif name == "summary":
            parts.append(f"{label}: {_short(new, 160).rstrip('.')}")
        else:
            parts.append(f"{label}: {old or '—'} → {new or '—'}")
    line = "; ".join(parts)
    return line if line.endswith((".", "”", "!", "?", "…")) else line + "."


def _short(text: str | None, limit: int = 200) -> str:
    text = text or "—"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _stamp(at: datetime) -> str:
    return f"{short_date(at.date())} {at:%H:%M} UTC"
