"""Tracked items: added and updated with their history, audit entry and alerts."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.alerts import enqueue_alert
from bot.domain.audit import audit
from bot.domain.author import Author
from bot.domain.checks import check_date, check_text, slugify, strip_invisible
from bot.domain.errors import ChangeError, StaleChange
from bot.storage.models import ItemRevision, TrackedItem
from bot.storage.reads import FIELD_LABELS, shown_value
from bot.storage.stories import first_story
from digests.document import Context, Document, Fields, Paragraph
from digests.statuses import StatusError, normal_status

ITEM_FIELDS = ("name", "status", "due", "ends", "label", "notes", "source", "description")
# Singular and everyday names people type for the fields above.
ITEM_FIELD_ALIASES = {
    "note": "notes",
    "date": "due",
    "deadline": "due",
    "title": "name",
    "until": "ends",
    "end": "ends",
    "runs_until": "ends",
}


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
        if name in ("due", "ends"):
            if strip_invisible(raw).strip().lower() in ("", "none", "-", "clear"):
                values[name] = None
            else:
                values[name] = check_date(name, raw)
        elif name == "status":
            status = check_text("status", raw, required=True).lower()
            if not any(ch.isalnum() for ch in status):
                raise ChangeError("status needs words, e.g. status=agreed.")
            try:
                values["status"] = normal_status(status)
            except StatusError as exc:
                raise ChangeError(str(exc)) from None
        elif name == "label":
            values["due_label"] = check_text("label", raw) or None
        elif name == "name":
            values["name"] = check_text("name", raw, required=True)
        else:
            values[name] = check_text(name, raw) or None
    return values


def add_item(
    session: Session, who: Author, name: str, fields: dict[str, str], story_id: int | None = None
) -> TrackedItem:
    name = check_text("name", name, required=True)
    key = slugify(name)
    if not key:
        raise ChangeError("An item name needs at least one letter or digit.")
    if find_item(session, name) is not None:
        raise ChangeError(f"There is already a tracked item called “{name}”.")
    values = _item_values(fields)
    item = TrackedItem(
        key=key,
        name=name,
        status=values.pop("status", "open"),
        aliases=[],
        evidence=[],
        story_id=story_id if story_id is not None else _first_story_id(session),
    )
    for column, value in values.items():
        setattr(item, column, value)
    session.add(item)
    session.flush()
    diff = {"status": [None, item.status]}
    if item.due:
        diff["due"] = [None, item.due.isoformat()]
    if item.ends:
        diff["ends"] = [None, item.ends.isoformat()]
    _record_item_change(session, who, item, diff, item.source)
    audit(session, who, "track.add", item.key, {"name": name, **fields})
    return item


def _first_story_id(session: Session) -> int | None:
    first = first_story(session)
    return first.id if first is not None else None


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
        (
            FIELD_LABELS.get(name, name).capitalize(),
            f"{shown_value(old, dates=False)} → {shown_value(new, dates=False)}",
        )
        for name, (old, new) in diff.items()
    ]
    pairs.append(("Changed by", who.display))
    pairs.append(("Source", source or "not given"))
    doc.add(Fields(tuple(pairs)))
    if item.description:
        doc.add(Paragraph(item.description))
    # The fields above carry the diff; the footer says which item and when, for the record.
    doc.add(Context(f"{item.key} · {rev.changed_at:%d %b %Y %H:%M} UTC"))
    enqueue_alert(session, doc, f"item:{rev.id}", who.at, item.story_id)
    return rev
