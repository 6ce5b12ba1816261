"""The digest document: key points, the stance table at a glance, deadlines, changes, sources."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from digests.dates import due_phrase, human_date
from digests.document import Bullets, Context, Document, Fields, Heading, Paragraph
from digests.model import ArticleText, Change, StanceTable
from digests.ranking import rank_key_points

GLANCE = (
    ("supports", "Support"),
    ("opposes", "Oppose"),
    ("undecided", "Undecided"),
    ("mixed", "Mixed"),
    ("unknown", "No stated position"),
)


@dataclass
class DigestInput:
    articles: Sequence[ArticleText]
    table: StanceTable
    today: date
    changes: Sequence[Change] = field(default_factory=list)
    since: datetime | None = None  # the channel's last digest; None for its first
    key_points: int = 6


def build_digest(data: DigestInput) -> Document:
    doc = Document(kind="digest", title=f"News digest — {human_date(data.today)}")
    articles = sorted(data.articles, key=lambda a: (a.published or date.min, a.slug), reverse=True)
    if articles:
        doc.add(Heading(articles[0].title, 1))
    _key_points(doc, articles, data)
    _glance(doc, data.table)
    _deadlines(doc, data)
    _changes(doc, data)
    _sources(doc, articles)
    return doc


def _key_points(doc: Document, articles: Sequence[ArticleText], data: DigestInput) -> None:
    doc.add(Heading("Key points", 2))
    points = rank_key_points(articles, data.key_points)
    if not points:
        doc.add(Paragraph("No articles yet."))
        return
    doc.add(Bullets(tuple(f"{p.sentence} ({p.source}, {human_date(p.published)})" for p in points)))


def _glance(doc: Document, table: StanceTable) -> None:
    doc.add(Heading("Where they stand", 2))
    names = {a.key: a.name for a in table.actors}
    topics = {t.key: t.name for t in table.topics}
    facts = {f.key: f for f in table.facts}
    by_topic: dict[str, list[tuple[str, str]]] = {}
    for row in table.stances:
        name = names.get(row.actor, row.actor)
        # Yes/no facts ride along at a glance: "United States (invited)".
        marks = [
            facts[n.fact].yes if n.value else facts[n.fact].no
            for n in row.notes
            if n.fact in facts and n.value is not None
        ]
        if marks:
            name = f"{name} ({', '.join(marks)})"
        by_topic.setdefault(row.topic, []).append((row.stance, name))
    if not by_topic:
        doc.add(Paragraph("No stances recorded yet."))
        return
    for topic, rows in by_topic.items():
        if len(by_topic) > 1:
            doc.add(Paragraph(f"On {topics.get(topic, topic)}:"))
        pairs = []
        for stance, label in GLANCE:
            who = [name for s, name in rows if s == stance]
            if who:
                pairs.append((label, ", ".join(who)))
        doc.add(Fields(tuple(pairs)))


def _deadlines(doc: Document, data: DigestInput) -> None:
    doc.add(Heading("Deadlines", 2))
    items = data.table.items
    if not items:
        doc.add(Paragraph("No tracked items."))
        return
    dated = sorted((i for i in items if i.due), key=lambda i: i.due or date.max)
    upcoming = [i for i in dated if i.due and i.due >= data.today]
    past = [i for i in dated if i.due and i.due < data.today]
    undated = [i for i in items if not i.due]
    lines = [
        f"{i.name}: {i.status}, due {due_phrase(i.due, i.due_label, data.today)}"
        for i in (*upcoming, *undated)
    ]
    lines += [
        f"{i.name}: {i.status}, was due {due_phrase(i.due, i.due_label, data.today)}"
        for i in reversed(past)
    ]
    doc.add(Bullets(tuple(lines)))


def _changes(doc: Document, data: DigestInput) -> None:
    """New articles, then the stance and item changes applied, since the last digest."""
    articles = [c for c in data.changes if c.kind == "article"]
    changes = [c for c in data.changes if c.kind != "article"]
    since = f" since the last digest ({human_date(data.since.date())})" if data.since else ""
    # A channel's first digest lists every article under Sources: no second list of them.
    if articles and data.since is not None:
        doc.add(Heading(f"New articles{since}", 2))
        doc.add(
            Bullets(
                tuple(
                    f"{c.subject} — {c.summary.removeprefix('new article from ')}"
                    + (f" {c.source}" if c.source and c.source.startswith("http") else "")
                    for c in articles
                )
            )
        )
    if data.since is None:
        doc.add(Heading("What changed", 2))
        doc.add(
            Paragraph("This is the first digest in this channel: everything above is new here.")
        )
        if not changes:
            return
    else:
        doc.add(Heading(f"What changed{since}", 2))
        if not changes:
            doc.add(
                Paragraph(
                    "No stance or tracked item has changed since the last digest."
                    if articles
                    else "Nothing has changed since the last digest."
                )
            )
            return
    lines = []
    for change in changes:
        who = f" — by {change.by}" if change.by else ""
        source = f"; source: {change.source}" if change.source else ""
        lines.append(f"{change.subject}: {change.summary}{who}{source}")
    doc.add(Bullets(tuple(lines)))


def _sources(doc: Document, articles: Sequence[ArticleText]) -> None:
    if not articles:
        return
    doc.add(Heading("Sources", 2))
    lines = []
    for a in articles:
        url = f" {a.url}" if a.url else ""
        lines.append(f"{a.title} — {a.source}, {human_date(a.published)}{url}")
    doc.add(Bullets(tuple(lines)))
    doc.add(Context("Positions come from the stance table; quotes are verbatim from the sources."))
