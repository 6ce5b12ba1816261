"""The digest document: what is new since the channel's last digest first, then the rest.

A channel's first digest (and the command line's, which has no channel) is the whole
picture: key points, who stands where and why, deadlines, changes on record, sources.
Every later digest leads with what is new since the one before — new articles' key
points, net changes (one line per field, first value → last value), positions that
moved, items that fell due — and folds what it already said into a short "Still true".
When nothing is new it is one line, so a channel is never sent the same digest twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from digests.dates import human_date, relative
from digests.document import Bullets, Context, Document, Fields, Heading, Paragraph
from digests.model import ArticleText, Change, ItemRecord, StanceRecord, StanceTable
from digests.ranking import rank_key_points
from digests.statuses import item_state

GLANCE = (
    ("supports", "Support"),
    ("opposes", "Oppose"),
    ("undecided", "Undecided"),
    ("mixed", "Mixed"),
    ("unknown", "No stated position"),
)
GLANCE_LABEL = dict(GLANCE)
# A position in a sentence: "Germany — opposes: …".
VERB = {"unknown": "no stated position"}
REASON_CHARS = 160  # a position's one-line reason, cut at a word
MAX_ON_RECORD = 15  # changes a channel's first digest lists
FIELD_LABELS = {"ends": "runs until", "label": "due label"}
HEADLINE_FIELDS = ("status", "stance", "due", "ends")  # what a headline names first


@dataclass
class DigestInput:
    articles: Sequence[ArticleText]
    table: StanceTable
    today: date
    changes: Sequence[Change] = field(default_factory=list)
    since: datetime | None = None  # the channel's last digest; None for its first
    key_points: int = 6
    story: str | None = None  # what the story is about, for the headline
    previous: Mapping[str, Any] | None = None  # what the channel's last digest showed
    in_channel: bool = False  # a channel's digest (the command line's has no channel)


@dataclass
class Digest:
    document: Document
    contents: dict[str, Any]  # what it showed, stored with the run for the next digest
    news: bool  # anything new since the last digest (or the first digest)


def build_digest(data: DigestInput) -> Document:
    return compose_digest(data).document


def compose_digest(data: DigestInput) -> Digest:
    articles = sorted(data.articles, key=lambda a: (a.published or date.min, a.slug), reverse=True)
    title = f"News digest — {human_date(data.today)}"
    doc = Document(kind="digest", title=f"{title}: {data.story}" if data.story else title)
    if data.since is None:
        points = _full(doc, articles, data)
        news = True
    else:
        points, news = _since(doc, articles, data)
    contents = {
        "points": [*points, *(_previous_points(data) if data.since else ())][:60],
        "articles": [a.slug for a in articles],
        "stances": {f"{r.actor}|{r.topic}": r.stance for r in data.table.stances},
        "items": {
            i.key: item_state(i.status, i.due, i.ends, data.today).state for i in data.table.items
        },
    }
    return Digest(doc, contents, news)


# ---------------------------------------------------------------------- the whole picture
def _full(doc: Document, articles: Sequence[ArticleText], data: DigestInput) -> list[str]:
    doc.add(Heading(articles[0].title if articles else "No articles yet", 1))
    if data.in_channel:
        doc.add(Context("This is the first digest in this channel: everything in it is new here."))
    points = _key_points(doc, "Key points", articles, data, ())
    _glance(doc, data.table)
    _deadlines(doc, data)
    nets = net_changes(data.changes)
    if nets:
        # The newest ones: the whole record is in `track history` and `stance history`.
        doc.add(Heading("Changes on record", 2))
        doc.add(Bullets(tuple(_net_line(n) for n in nets[-MAX_ON_RECORD:])))
        if len(nets) > MAX_ON_RECORD:
            doc.add(Context(f"{len(nets) - MAX_ON_RECORD} earlier changes: see `track history`."))
    _sources(doc, articles)
    return points


# ---------------------------------------------------------------------- new since
def _since(
    doc: Document, articles: Sequence[ArticleText], data: DigestInput
) -> tuple[list[str], bool]:
    since = data.since
    assert since is not None
    shown = (data.previous or {}).get("articles")
    if shown is not None:  # the last digest says which articles it had
        new = [a for a in articles if a.slug not in set(shown)]
    else:
        new = [a for a in articles if a.added_at is not None and a.added_at > since]
    nets = net_changes(data.changes)
    moved = [n for n in nets if n.kind == "stance" and n.field == "stance"]
    other = [n for n in nets if n not in moved]
    fell_due = _fell_due(data)
    when = _when(since)
    if not new and not nets and not fell_due:
        doc.add(
            Paragraph(
                f"Nothing has changed since the last digest ({when}): no new articles, "
                "no position or tracked item changed, no deadline passed."
            )
        )
        return [], False
    doc.add(Heading(_development(new, moved, other, fell_due), 1))
    label = f"since the last digest ({human_date(since.date())})"
    points: list[str] = []
    if new:
        doc.add(Heading(f"New articles {label}", 2))
        doc.add(Bullets(tuple(_article_line(a) for a in new)))
        points = _key_points(doc, "Key points from them", new, data, _previous_points(data))
    if moved:
        doc.add(Heading("Positions that moved", 2))
        doc.add(Bullets(tuple(_moved_line(n, data.table) for n in moved)))
    if fell_due:
        doc.add(Heading("Fell due", 2))
        doc.add(Bullets(tuple(_item_line(i, data.today) for i in fell_due)))
    doc.add(Heading(f"What changed {label}", 2))
    if other:
        doc.add(Bullets(tuple(_net_line(n) for n in other)))
    else:
        doc.add(
            Paragraph(
                "No stance or tracked item has changed since the last digest."
                if not moved
                else "No other stance or tracked item has changed."
            )
        )
    _still_true(doc, data, {n.key for n in moved})
    return points, True


def _when(at: datetime) -> str:
    return f"{human_date(at.date())}, {at:%H:%M} UTC"


def _development(
    new: Sequence[ArticleText],
    moved: Sequence[NetChange],
    other: Sequence[NetChange],
    fell_due: Sequence[ItemRecord],
) -> str:
    """The newest development in a few words, for the headline."""
    if moved:
        n = moved[-1]
        return f"{n.subject} now {VERB.get(n.new or '', n.new or '')}"
    if other:
        # The newest change's subject; its status says most, then its dates.
        subject = other[-1].subject
        mine = [n for n in other if n.subject == subject]
        n = next((n for f in HEADLINE_FIELDS for n in mine if n.field == f), mine[-1])
        return f"{n.subject}: {_field(n.field)} now {_value(n.new)}"
    if new:
        return new[0].title
    return f"{fell_due[0].name} fell due"


def _previous_points(data: DigestInput) -> tuple[str, ...]:
    return tuple((data.previous or {}).get("points") or ())


def _article_line(a: ArticleText) -> str:
    url = f" {a.url}" if a.url else ""
    return f"{a.title} — {a.source}, {human_date(a.published)}{url}"


def _fell_due(data: DigestInput) -> list[ItemRecord]:
    """Items whose due date passed since the last digest and that are not settled."""
    if data.since is None:
        return []
    start = data.since.date()
    return [
        i
        for i in data.table.items
        if i.due
        and start <= i.due < data.today
        and item_state(i.status, i.due, i.ends, data.today).state == "overdue"
    ]


def _still_true(doc: Document, data: DigestInput, moved: set[str | None]) -> None:
    """The last digest's picture, in a few lines: positions that did not move, what is ahead."""
    names = {a.key: a.name for a in data.table.actors}
    lines = []
    by_stance: dict[str, list[str]] = {}
    for row in data.table.stances:
        if row.actor not in moved:
            by_stance.setdefault(row.stance, []).append(names.get(row.actor, row.actor))
    for stance, label in GLANCE:
        if by_stance.get(stance):
            lines.append(f"{label}: {_capped(by_stance[stance])}")
    ahead = [
        i
        for i in data.table.items
        if item_state(i.status, i.due, i.ends, data.today).state in ("upcoming", "running")
    ]
    lines += [_item_line(i, data.today) for i in ahead]
    if lines:
        doc.add(Heading("Still true", 2))
        doc.add(Bullets(tuple(lines)))


def _capped(names: list[str], limit: int = 12) -> str:
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} and {len(names) - limit} more"


# ---------------------------------------------------------------------- key points
def _key_points(
    doc: Document,
    title: str,
    articles: Sequence[ArticleText],
    data: DigestInput,
    already: Sequence[str],
) -> list[str]:
    points = rank_key_points(articles, data.key_points + len(already))
    seen = set(already)
    points = [p for p in points if p.sentence not in seen][: data.key_points]
    doc.add(Heading(title, 2))
    if not points:
        doc.add(Paragraph("No articles yet." if not articles else "Nothing beyond what was said."))
        return []
    doc.add(Bullets(tuple(f"{p.sentence} ({p.source}, {human_date(p.published)})" for p in points)))
    return [p.sentence for p in points]


# ---------------------------------------------------------------------- positions
def _reason(row: StanceRecord) -> str:
    text = " ".join(row.summary.split())
    if len(text) > REASON_CHARS:
        text = text[:REASON_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    as_of = f" (as of {human_date(row.as_of)})" if row.as_of else ""
    return f"{text}{as_of}"


def _glance(doc: Document, table: StanceTable) -> None:
    doc.add(Heading("Where they stand", 2))
    actors = {a.key: a for a in table.actors}
    topics = {t.key: t.name for t in table.topics}
    facts = {f.key: f for f in table.facts}
    by_topic: dict[str, list[tuple[StanceRecord, str, bool]]] = {}
    for row in table.stances:
        actor = actors.get(row.actor)
        name = actor.name if actor else row.actor
        # Yes/no facts ride along at a glance: "United States (invited)".
        marks = [
            facts[n.fact].yes if n.value else facts[n.fact].no
            for n in row.notes
            if n.fact in facts and n.value is not None
        ]
        if marks:
            name = f"{name} ({', '.join(dict.fromkeys(marks))})"
        is_country = actor is None or actor.kind in ("country", "person")
        by_topic.setdefault(row.topic, []).append((row, name, is_country))
    if not by_topic:
        doc.add(Paragraph("No stances recorded yet."))
        return
    for topic, rows in by_topic.items():
        if len(by_topic) > 1:
            doc.add(Paragraph(f"On {topics.get(topic, topic)}:"))
        countries = [r for r in rows if r[2]]
        groups = [r for r in rows if not r[2]]
        pairs = []
        for stance, label in GLANCE:
            who = [name for row, name, _ in countries if row.stance == stance]
            if who:
                pairs.append((label, ", ".join(who)))
        if pairs:
            doc.add(Fields(tuple(pairs)))
        # Why: each actor's one-line reason and the date of the position.
        reasons = [
            f"{_bare(name)} — {VERB.get(row.stance, row.stance)}: {_reason(row)}"
            for row, name, _ in countries
            if row.stance != "unknown"
        ]
        if reasons:
            doc.add(Bullets(tuple(reasons)))
        if groups:
            doc.add(Paragraph("Groups and organisations:"))
            doc.add(
                Bullets(
                    tuple(
                        f"{name} — {VERB.get(row.stance, row.stance)}: {_reason(row)}"
                        for row, name, _ in groups
                    )
                )
            )


def _bare(name: str) -> str:
    """ "Germany (not invited)" → "Germany": the mark is in the line above."""
    return name.split(" (", 1)[0]


# ---------------------------------------------------------------------- deadlines
def _item_line(item: ItemRecord, today: date) -> str:
    state = item_state(item.status, item.due, item.ends, today)
    label = f" — {item.due_label}" if item.due_label else ""
    if state.state == "upcoming" and item.due:
        when = f"{relative(item.due, today)} ({human_date(item.due)})"
        return f"{item.name}: due {when}{label}; {item.status}"
    if state.state == "overdue" and item.due:
        return (
            f"{item.name}: overdue — was due {relative(item.due, today)} "
            f"({human_date(item.due)}){label}; still {item.status}, no later status recorded"
        )
    if state.state == "running" and item.ends:
        until = f"{human_date(item.ends)} ({relative(item.ends, today)})"
        return f"{item.name}: {item.status}, runs until {until}"
    if state.state == "done":
        when = f", {human_date(item.updated_at.date())}" if item.updated_at else ""
        return f"{item.name}: {item.status}{when}"
    return f"{item.name}: {item.status}, no date set" + (
        f" ({item.due_label})" if item.due_label else ""
    )


def _deadlines(doc: Document, data: DigestInput) -> None:
    doc.add(Heading("Deadlines", 2))
    items = data.table.items
    if not items:
        doc.add(Paragraph("No tracked items."))
        return
    states = {i.key: item_state(i.status, i.due, i.ends, data.today) for i in items}

    def of(state: str) -> list[ItemRecord]:
        return [i for i in items if states[i.key].state == state]

    upcoming = sorted(of("upcoming"), key=lambda i: i.due or date.max)
    overdue = sorted(of("overdue"), key=lambda i: i.due or date.min, reverse=True)
    lines = [_item_line(i, data.today) for i in (*upcoming, *of("undated"), *overdue)]
    if lines:
        doc.add(Bullets(tuple(lines)))
    else:
        doc.add(Paragraph("No open deadlines: every tracked item is settled."))
    settled = [*of("running"), *of("done")]
    if settled:
        doc.add(Context("Settled: " + "; ".join(_item_line(i, data.today) for i in settled)))


# ---------------------------------------------------------------------- changes
@dataclass
class NetChange:
    """One field's change over a span: its first old value and its last new value."""

    kind: str
    subject: str
    key: str | None
    field: str
    old: str | None
    new: str | None
    by: list[str]
    source: str | None


def net_changes(changes: Sequence[Change]) -> list[NetChange]:
    """Changes netted per field: a typo corrected later, or a value set and set back,
    leaves nothing; several edits of one field read as one line, first → last."""
    nets: dict[tuple[str, str, str], NetChange] = {}
    for change in sorted(
        (c for c in changes if c.kind != "article"), key=lambda c: c.at or datetime.min
    ):
        fields = change.fields or (("change", None, change.summary),)
        for name, old, new in fields:
            key = (change.kind, change.key or change.subject, name)
            net = nets.get(key)
            if net is None:
                net = nets[key] = NetChange(
                    change.kind, change.subject, change.key, name, old, new, [], None
                )
            net.new = new
            net.subject = change.subject
            if change.by and change.by not in net.by:
                net.by.append(change.by)
            if change.source:
                net.source = change.source
    out = []
    for net in nets.values():
        if net.field == "quote" and net.new:
            out.append(net)  # new evidence is news even when another quote was there
        elif (net.old or None) != (net.new or None):
            out.append(net)
    return out


def _field(name: str) -> str:
    return FIELD_LABELS.get(name, name)


def _value(value: str | None) -> str:
    if value in (None, ""):
        return "not set"
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return human_date(date.fromisoformat(value))
        except ValueError:
            return value
    return value


def _credit(net: NetChange) -> str:
    who = f" — by {', '.join(net.by)}" if net.by else ""
    source = f"; source: {net.source}" if net.source else ""
    return f"{who}{source}"


def _net_line(net: NetChange) -> str:
    if net.kind == "stance" and net.field == "quote":
        quote = (net.new or "")[:160] + ("…" if len(net.new or "") > 160 else "")
        return f"{net.subject}: new evidence: “{quote}”{_credit(net)}"
    if net.kind == "stance" and net.field == "summary":
        return f"{net.subject}: reason now “{_value(net.new)}”{_credit(net)}"
    if net.field == "change":
        return f"{net.subject}: {net.new}{_credit(net)}"
    return (
        f"{net.subject}: {_field(net.field)}: {_value(net.old)} → {_value(net.new)}{_credit(net)}"
    )


def _moved_line(net: NetChange, table: StanceTable) -> str:
    row = next((r for r in table.stances if r.actor == net.key), None)
    reason = f" — {_reason(row)}" if row else ""
    old = VERB.get(net.old or "unknown", net.old or "")
    new = VERB.get(net.new or "unknown", net.new or "")
    return f"{net.subject}: {old} → {new}{reason}{_credit(net)}"


def _sources(doc: Document, articles: Sequence[ArticleText]) -> None:
    if not articles:
        return
    doc.add(Heading("Sources", 2))
    doc.add(Bullets(tuple(_article_line(a) for a in articles)))
    doc.add(Context("Positions come from the stance table; quotes are verbatim from the sources."))
