"""Writes: every change goes through here, with its history, audit entry and alerts.

A change, its diff, its audit entry and one outbox row per subscribed channel are
added to the caller's session, so they commit — or fail — together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import (
    Actor,
    Article,
    AuditEntry,
    ItemRevision,
    OutboxMessage,
    Stance,
    StanceRevision,
    Subscription,
    Topic,
    TrackedItem,
    utcnow,
)
from bot.db.seed import content_hash
from bot.store import diff_text
from digests.document import Context, Document, Fields, Paragraph, Quote
from digests.model import STANCES
from digests.sentences import split_sentences

ITEM_FIELDS = ("name", "status", "due", "label", "notes", "source", "description")
MAX_FIELD = {
    "name": 200,
    "status": 50,
    "label": 100,
    "notes": 2000,
    "source": 500,
    "description": 2000,
    "summary": 1000,
    "quote": 2000,
}
_KEY = re.compile(r"[^a-z0-9]+")


class ChangeError(ValueError):
    """Bad input for a change: the message is shown to the user, nothing is written."""


@dataclass(frozen=True)
class Author:
    """Who made a change, as recorded in history and the audit log."""

    platform: str
    workspace: str
    channel: str
    user: str
    # When the change happens: the bot's clock, so history, digests and tests agree.
    at: datetime = field(default_factory=utcnow)

    @property
    def label(self) -> str:
        return f"{self.platform}:{self.user}"


def slugify(text: str) -> str:
    return _KEY.sub("-", text.casefold()).strip("-")[:100]


def check_text(name: str, value: str, *, required: bool = False) -> str:
    value = " ".join(value.split()) if name != "notes" else value.strip()
    if required and not value:
        raise ChangeError(f"{name} must not be empty.")
    limit = MAX_FIELD.get(name, 500)
    if len(value) > limit:
        raise ChangeError(f"{name} is {len(value)} characters long; the limit is {limit}.")
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in value):
        raise ChangeError(f"{name} contains control characters.")
    return value


def audit(
    session: Session,
    who: Author,
    action: str,
    target: str | None,
    details: dict[str, Any] | None = None,
    *,
    allowed: bool = True,
) -> None:
    session.add(
        AuditEntry(
            platform=who.platform,
            workspace=who.workspace,
            channel=who.channel,
            user=who.user,
            at=who.at,
            action=action,
            target=target,
            allowed=allowed,
            details=details or {},
        )
    )


def enqueue_alert(
    session: Session, document: Document, change_key: str, at: datetime | None = None
) -> int:
    """One outbox row per subscribed channel; the dedupe key makes a retry harmless."""
    subs = session.scalars(select(Subscription).order_by(Subscription.id)).all()
    payload = document.to_dict()
    for sub in subs:
        session.add(
            OutboxMessage(
                platform=sub.platform,
                workspace=sub.workspace,
                channel=sub.channel,
                kind="alert",
                dedupe_key=f"{change_key}:{sub.platform}:{sub.workspace}:{sub.channel}"[:200],
                document=payload,
                created_at=at or utcnow(),
                next_attempt_at=at or utcnow(),
            )
        )
    return len(subs)


# ---------------------------------------------------------------- tracked items
def find_item(session: Session, name: str) -> TrackedItem | None:
    key = slugify(name)
    item = session.scalar(select(TrackedItem).where(TrackedItem.key == key))
    if item is not None:
        return item
    wanted = " ".join(name.casefold().split())
    for candidate in session.scalars(select(TrackedItem)):
        names = [candidate.name, *(candidate.aliases or [])]
        if any(" ".join(n.casefold().split()) == wanted for n in names):
            return candidate
    return None


def _item_values(fields: dict[str, str]) -> dict[str, Any]:
    """Validated column values from user text; raises ChangeError before anything is written."""
    from digests.dates import DateError, parse_date

    unknown = sorted(set(fields) - set(ITEM_FIELDS))
    if unknown:
        raise ChangeError(
            f"Unknown field {', '.join(unknown)}; fields are: {', '.join(ITEM_FIELDS)}."
        )
    values: dict[str, Any] = {}
    for name, raw in fields.items():
        if name == "due":
            if raw.strip().lower() in ("", "none", "-", "clear"):
                values["due"] = None
            else:
                try:
                    values["due"] = parse_date(raw)
                except DateError as exc:
                    raise ChangeError(str(exc)) from exc
        elif name == "status":
            values["status"] = check_text("status", raw, required=True).lower()
        elif name == "label":
            values["due_label"] = check_text("label", raw) or None
        elif name == "name":
            values["name"] = check_text("name", raw, required=True)
        else:
            values[name] = check_text(name, raw) or None
    return values


def add_item(session: Session, who: Author, name: str, fields: dict[str, str]) -> TrackedItem:
    name = check_text("name", name, required=True)
    key = slugify(name)
    if not key:
        raise ChangeError("An item name needs at least one letter or digit.")
    if find_item(session, name) is not None:
        raise ChangeError(f"There is already a tracked item called “{name}”.")
    values = _item_values(fields)
    item = TrackedItem(
        key=key, name=name, status=values.pop("status", "open"), aliases=[], evidence=[]
    )
    for column, value in values.items():
        setattr(item, column, value)
    session.add(item)
    session.flush()
    diff = {"status": [None, item.status]}
    if item.due:
        diff["due"] = [None, item.due.isoformat()]
    _record_item_change(session, who, item, diff, item.source)
    audit(session, who, "track.add", item.key, {"name": name, **fields})
    return item


def update_item(
    session: Session,
    who: Author,
    item: TrackedItem,
    fields: dict[str, str],
    *,
    expected_version: int | None = None,
) -> ItemRevision | None:
    """Applies the changed fields; None when nothing actually changed."""
    if not fields:
        raise ChangeError("Nothing to change: give at least one field, e.g. status=agreed.")
    values = _item_values(fields)
    if expected_version is not None and item.version != expected_version:
        raise StaleChange(item)
    diff: dict[str, list[Any]] = {}
    for column, value in values.items():
        old = getattr(item, column)
        if old != value:
            label = "label" if column == "due_label" else column
            diff[label] = [_plain(old), _plain(value)]
            setattr(item, column, value)
    if not diff:
        return None
    item.updated_at = who.at
    rev = _record_item_change(session, who, item, diff, values.get("source") or item.source)
    audit(session, who, "track.update", item.key, {"diff": diff})
    return rev


class StaleChange(Exception):
    """Someone else changed the row after this user last saw it."""

    def __init__(self, item: Any) -> None:
        super().__init__("changed meanwhile")
        self.item = item


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _record_item_change(
    session: Session, who: Author, item: TrackedItem, diff: dict[str, list[Any]], source: str | None
) -> ItemRevision:
    rev = ItemRevision(
        item=item, diff=diff, changed_by=who.label, source=source, changed_at=who.at
    )
    session.add(rev)
    session.flush()
    doc = Document(title=f"Tracked item changed: {item.name}", kind="alert")
    pairs = [
        (name.capitalize(), f"{old or '—'} → {new or '—'}") for name, (old, new) in diff.items()
    ]
    pairs.append(("Changed by", who.label))
    pairs.append(("Source", source or "not given"))
    doc.add(Fields(tuple(pairs)))
    if item.description:
        doc.add(Paragraph(item.description))
    doc.add(Context(f"{diff_text(diff)} · {rev.changed_at:%d %b %Y %H:%M} UTC"))
    enqueue_alert(session, doc, f"item:{rev.id}", who.at)
    return rev


# ---------------------------------------------------------------- stances
def set_stance(
    session: Session,
    who: Author,
    actor: Actor,
    topic: Topic,
    *,
    stance: str,
    summary: str | None,
    quote: str | None,
    source: str | None,
    when: date | None,
) -> StanceRevision:
    stance = stance.strip().lower()
    if stance not in STANCES:
        raise ChangeError(f"“{stance}” is not a stance; use one of: {', '.join(STANCES)}.")
    if quote and not source:
        raise ChangeError('A quote needs its source: add source="Outlet or URL".')
    row = session.scalar(
        select(Stance).where(Stance.actor_id == actor.id, Stance.topic_id == topic.id)
    )
    summary_text = check_text("summary", summary or "") or None
    if row is None and not summary_text:
        raise ChangeError('A new stance needs a summary: add summary="…".')
    evidence = []
    if quote:
        evidence.append(
            {
                "quote": check_text("quote", quote, required=True),
                "source": check_text("source", source or ""),
                "date": (when or date.today()).isoformat(),
                "article": None,
                "url": source if source and source.startswith(("http://", "https://")) else None,
            }
        )
    old_stance = row.stance if row else None
    old_summary = row.summary if row else None
    if row is None:
        row = Stance(
            actor=actor,
            topic=topic,
            stance=stance,
            summary=summary_text or "",
            evidence=evidence,
            notes=[],
            as_of=when or date.today(),
        )
        session.add(row)
    else:
        row.stance = stance
        if summary_text:
            row.summary = summary_text
        if evidence:
            # New evidence first: an answer leads with the quote for the current position.
            row.evidence = evidence + [
                e for e in row.evidence if e["quote"] != evidence[0]["quote"]
            ]
        row.as_of = when or date.today()
        row.updated_at = who.at
    diff: dict[str, list[Any]] = {}
    if old_stance != stance:
        diff["stance"] = [old_stance, stance]
    if summary_text and old_summary != summary_text:
        diff["summary"] = [old_summary, summary_text]
    if evidence:
        diff["quote"] = [None, evidence[0]["quote"]]
    if not diff:
        raise ChangeError(f"{actor.name} already {stance}; nothing changed.")
    rev = StanceRevision(
        stance_row=row,
        stance=row.stance,
        summary=row.summary,
        evidence=list(row.evidence),
        notes=list(row.notes),
        as_of=row.as_of,
        changed_by=who.label,
        changed_at=who.at,
        diff=diff,
    )
    session.add(rev)
    session.flush()
    doc = Document(title=f"Stance changed: {actor.name}", kind="alert")
    pairs = [("Stance", f"{old_stance or '—'} → {stance}"), ("Topic", topic.name)]
    pairs.append(("Changed by", who.label))
    pairs.append(("Source", source or "not given"))
    doc.add(Fields(tuple(pairs)))
    doc.add(Paragraph(row.summary))
    if evidence:
        doc.add(Quote(evidence[0]["quote"], evidence[0]["source"], evidence[0]["date"]))
    enqueue_alert(session, doc, f"stance:{rev.id}", who.at)
    audit(session, who, "stance.set", actor.key, {"topic": topic.key, "diff": diff})
    return rev


# ---------------------------------------------------------------- articles
def add_article(
    session: Session,
    who: Author,
    *,
    title: str,
    source: str,
    body: str,
    published: date | None,
    url: str | None = None,
) -> Article:
    title = check_text("title", title, required=True)
    source = check_text("source", source, required=True)
    body = body.strip()
    if len(body.split()) < 5:
        raise ChangeError("The article text is too short: paste the whole article.")
    if len(body) > 200_000:
        raise ChangeError("The article is over 200,000 characters; that is not a news article.")
    digest = content_hash(body)
    duplicate = session.scalar(select(Article).where(Article.content_hash == digest))
    if duplicate is not None:
        raise ChangeError(f"That article is already stored as “{duplicate.title}”.")
    slug = base = slugify(f"{published or date.today()}-{title}")[:180] or "article"
    n = 1
    while session.scalar(select(Article.id).where(Article.slug == slug)) is not None:
        n += 1
        slug = f"{base}-{n}"
    article = Article(
        slug=slug,
        title=title,
        source=source,
        url=url,
        published=published,
        body=body,
        sentences=split_sentences(body),
        content_hash=digest,
        added_by=who.label,
        added_at=who.at,
    )
    session.add(article)
    session.flush()
    audit(session, who, "article.add", slug, {"title": title, "source": source})
    return article
