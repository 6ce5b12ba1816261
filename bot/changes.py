"""Writes: every change goes through here, with its history, audit entry and alerts.

A change, its diff, its audit entry and one outbox row per subscribed channel are
added to the caller's session, so they commit — or fail — together.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
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
from bot.store import item_record
from digests.document import Context, Document, Fields, Paragraph, Quote
from digests.model import STANCES
from digests.sentences import split_sentences

ITEM_FIELDS = ("name", "status", "due", "label", "notes", "source", "description")
# Singular and everyday names people type for the fields above.
ITEM_FIELD_ALIASES = {"note": "notes", "date": "due", "deadline": "due", "title": "name"}
MAX_FIELD = {
    "name": 200,
    "status": 50,
    "label": 100,
    "notes": 2000,
    "source": 500,
    "description": 2000,
    "summary": 1000,
    "quote": 2000,
    "title": 500,
}
_KEY = re.compile(r"[^a-z0-9]+")
# Invisible characters that only hide or reorder text: zero-width spaces, the word joiner,
# the byte-order mark, and the bidirectional embeddings, overrides and isolates (which can
# make a stored name display as something else). Zero-width (non-)joiners stay: scripts and
# emoji need them.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Dates people type into the bot; anything outside is a typo (0001-01-01, 9999-12-31).
MIN_YEAR, MAX_YEAR = 1900, 2199
ACTOR_KINDS = ("country", "organisation", "group", "person", "mission")


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


def strip_invisible(text: str) -> str:
    """Text without the invisible characters that hide or reorder it, in NFC form."""
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", text))


def has_control(text: str, allowed: str = "") -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text)


def check_text(name: str, value: str, *, required: bool = False, limit: int | None = None) -> str:
    """A user-typed field, cleaned and checked; raises ChangeError with a readable reason."""
    value = strip_invisible(value)
    if has_control(value, "\n\t" if name in ("notes", "description") else ""):
        raise ChangeError(
            f"{name} contains control characters (invisible codes such as NUL or ESC); "
            "retype it as plain text."
        )
    value = " ".join(value.split()) if name not in ("notes", "description") else value.strip()
    if required and not value:
        raise ChangeError(f"{name} must not be empty.")
    limit = limit or MAX_FIELD.get(name, 500)
    if len(value) > limit:
        raise ChangeError(f"{name} is {len(value):,} characters long; the limit is {limit:,}.")
    return value


def check_date(name: str, raw: str, *, not_after: date | None = None) -> date:
    """A typed date (2024-11-15, 15 Nov 2024), within sane years and, if given, not later
    than ``not_after``; raises ChangeError saying what is wrong."""
    from digests.dates import DateError, parse_date

    text = unicodedata.normalize("NFKC", strip_invisible(raw)).strip()
    if has_control(text):
        raise ChangeError(f"{name} contains control characters; use YYYY-MM-DD.")
    try:
        value = parse_date(text)
    except DateError as exc:
        raise ChangeError(f"{name}: {exc}") from exc
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ChangeError(
            f"{name} {value.isoformat()} is out of range: use a year from {MIN_YEAR} to {MAX_YEAR}."
        )
    if not_after is not None and value > not_after:
        raise ChangeError(
            f"{name} {value.isoformat()} is in the future (today is {not_after.isoformat()})."
        )
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


def queue_message(
    session: Session,
    platform: str,
    workspace: str,
    channel: str,
    *,
    kind: str,
    key: str,
    document: Document,
    at: datetime | None = None,
) -> None:
    """Adds one outbox row; its dedupe key makes a second attempt at the same message fail."""
    when = at or utcnow()
    session.add(
        OutboxMessage(
            platform=platform,
            workspace=workspace,
            channel=channel,
            kind=kind,
            dedupe_key=f"{key}:{platform}:{workspace}:{channel}"[:200],
            document=document.to_dict(),
            created_at=when,
            next_attempt_at=when,
        )
    )


def enqueue_alert(
    session: Session, document: Document, change_key: str, at: datetime | None = None
) -> int:
    """One outbox row per subscribed channel, in the transaction of the change."""
    subs = session.scalars(select(Subscription).order_by(Subscription.id)).all()
    for sub in subs:
        queue_message(
            session,
            sub.platform,
            sub.workspace,
            sub.channel,
            kind="alert",
            key=change_key,
            document=document,
            at=at,
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
    fields = {ITEM_FIELD_ALIASES.get(name, name): value for name, value in fields.items()}
    unknown = sorted(set(fields) - set(ITEM_FIELDS))
    if unknown:
        raise ChangeError(
            f"Unknown field {', '.join(unknown)}; fields are: {', '.join(ITEM_FIELDS)}."
        )
    values: dict[str, Any] = {}
    for name, raw in fields.items():
        if name == "due":
            if strip_invisible(raw).strip().lower() in ("", "none", "-", "clear"):
                values["due"] = None
            else:
                values["due"] = check_date("due", raw)
        elif name == "status":
            status = check_text("status", raw, required=True).lower()
            if not any(ch.isalnum() for ch in status):
                raise ChangeError("status needs words, e.g. status=agreed.")
            values["status"] = status
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
    if "name" in values:
        other = find_item(session, values["name"])
        if other is not None and other.id != item.id:
            raise ChangeError(f"There is already a tracked item called “{other.name}”.")
    if "due" in values and "due_label" not in values and values["due"] != item.due:
        # A label like "November 2024" describes the old date: a new date without a new
        # label would read "due November 2024 (by 15 Nov 2026)".
        values["due_label"] = None
    diff: dict[str, list[Any]] = {}
    for column, value in values.items():
        old = getattr(item, column)
        if old != value:
            label = "label" if column == "due_label" else column
            diff[label] = [_plain(old), _plain(value)]
            setattr(item, column, value)
    if len(diff) > 1:
        # The source given with a change is where the change comes from, not news itself.
        diff.pop("source", None)
    if not diff:
        return None
    item.updated_at = who.at
    # Only a source given with this change backs it: the item's older source does not.
    rev = _record_item_change(session, who, item, diff, values.get("source"))
    audit(session, who, "track.update", item.key, {"diff": diff})
    return rev


class StaleChange(Exception):
    """Someone else changed the row after this user last saw it.

    Carries a plain snapshot of the row as it is now: the session that loaded it is
    rolled back (and its objects expired) by the time anyone reads the message.
    """

    def __init__(self, item: TrackedItem) -> None:
        super().__init__("changed meanwhile")
        self.item = item_record(item)
        self.version = item.version


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _record_item_change(
    session: Session, who: Author, item: TrackedItem, diff: dict[str, list[Any]], source: str | None
) -> ItemRevision:
    rev = ItemRevision(item=item, diff=diff, changed_by=who.label, source=source, changed_at=who.at)
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
    # The fields above carry the diff; the footer says which item and when, for the record.
    doc.add(Context(f"{item.key} · {rev.changed_at:%d %b %Y %H:%M} UTC"))
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
    if row is not None and row.stance != stance and not summary_text:
        # The old summary explains the old stance; kept, it would contradict the new one.
        raise ChangeError(
            f'{actor.name} goes from {row.stance} to {stance}: add a summary="…" that says '
            f"why (the current one reads “{row.summary}”)."
        )
    today = who.at.date()
    evidence: list[dict[str, Any]] = []
    if quote:
        evidence.append(
            {
                "quote": check_text("quote", quote, required=True),
                "source": check_text("source", source or "", required=True),
                "date": (when or today).isoformat(),
                "article": None,
                "url": source if source and source.startswith(("http://", "https://")) else None,
            }
        )
    old_stance = row.stance if row else None
    old_summary = row.summary if row else None
    old_quotes = {e.get("quote") for e in row.evidence} if row else set()
    if row is None:
        row = Stance(
            actor=actor,
            topic=topic,
            stance=stance,
            summary=summary_text or "",
            evidence=evidence,
            notes=[],
            as_of=when or today,
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
        row.as_of = when or today
        row.updated_at = who.at
    diff: dict[str, list[Any]] = {}
    if old_stance != stance:
        diff["stance"] = [old_stance, stance]
    if summary_text and old_summary != summary_text:
        diff["summary"] = [old_summary, summary_text]
    if evidence and evidence[0]["quote"] not in old_quotes:
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
def clean_body(body: str) -> str:
    """Article text as stored. Pasted or extracted text often carries stray control codes
    (form feeds, NULs): they are noise, not content, and PostgreSQL refuses NUL outright."""
    body = strip_invisible(body.replace("\r\n", "\n"))
    return "".join(
        " " if unicodedata.category(ch) == "Cc" and ch not in "\n\t" else ch for ch in body
    ).strip()


def add_article(
    session: Session,
    who: Author,
    *,
    title: str,
    source: str,
    body: str,
    published: date | None,
    url: str | None = None,
    sentences: Sequence[str] | None = None,
) -> Article:
    """Stores an article. ``sentences``: the body already split (ingest splits it to read
    it), used when the body needs no cleaning; otherwise it is split here."""
    title = check_text("title", title, required=True)
    source = check_text("source", source, required=True, limit=200)
    if url:
        url = check_text("url", url, limit=2000)
        if url and not url.startswith(("http://", "https://")):
            raise ChangeError(f"“{url[:80]}” is not a web address: it should start with https://.")
    url = url or None
    if published is not None and published > who.at.date():
        raise ChangeError(f"The publication date {published.isoformat()} is in the future.")
    cleaned = clean_body(body)
    if cleaned != body:
        sentences = None  # split for another text: split again
    body = cleaned
    if len(body.split()) < 5:
        raise ChangeError("The article text is too short: paste the whole article.")
    if len(body) > 200_000:
        raise ChangeError("The article is over 200,000 characters; that is not a news article.")
    digest = content_hash(body)
    duplicate = session.scalar(select(Article).where(Article.content_hash == digest))
    if duplicate is not None:
        raise ChangeError(f"That article is already stored as “{duplicate.title}”.")
    slug = base = slugify(f"{published or who.at.date()}-{title}")[:180] or "article"
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
        sentences=list(sentences) if sentences is not None else split_sentences(body),
        content_hash=digest,
        added_by=who.label,
        added_at=who.at,
    )
    session.add(article)
    session.flush()
    audit(session, who, "article.add", slug, {"title": title, "source": source})
    return article
