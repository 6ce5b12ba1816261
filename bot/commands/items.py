"""track: the tracked items (deadlines, decisions); anyone reads, admins add and update."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rapidfuzz import process
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from bot.commands.command import Cli, Command, Outcome, Reply, Slash, author
from bot.commands.parsing import UsageError, subcommand
from bot.commands.stories import story_option
from bot.core.stories import StoryRef
from bot.domain.errors import StaleChange
from bot.domain.items import add_item, find_item, update_item
from bot.storage.models import TrackedItem
from bot.storage.reads import diff_text, display_names, item_record, who
from bot.storage.stories import first_story, of_story
from digests.dates import due_phrase, human_date
from digests.document import Bullets, Document, Fields, Paragraph, Quote, message
from digests.model import ItemRecord

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot
    from bot.core.request import Request

TRACK_USAGE = (
    "track list [story=KEY] | track show ITEM | track history ITEM | "
    "track add NAME [story=KEY] [status=…] [due=YYYY-MM-DD] [ends=YYYY-MM-DD] [label=…] "
    "[notes=…] [source=…] | "
    "track update ITEM field=value …"
)


def item_line(item: TrackedItem | ItemRecord, today: date) -> str:
    """One item in a line: "EUMAM budget — proposed, due by 1 Mar 2025"."""
    line = f"{item.name} — {item.status}, due {due_phrase(item.due, item.due_label, today)}"
    if item.ends:
        line += f", runs until {human_date(item.ends)}"
    return line


def track(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document] | Reply:
    sub, rest = subcommand(
        words, ("list", "show", "history", "add", "update", "set"), "list", TRACK_USAGE
    )
    today = bot.today()
    key: str | None = None
    if sub in ("list", "show", "history"):
        story = story_option(bot, options) if sub == "list" else None
        if options:
            raise UsageError(
                f"`track {sub}` takes no options (got {', '.join(sorted(options))}). "
                f"Usage: {TRACK_USAGE}"
            )
        with bot.session() as session:
            return [_read(session, sub, rest, today, story)]
    try:
        with bot.session() as session:
            if sub == "add":
                name = " ".join(rest) or options.pop("name", "")
                if not name.strip():
                    raise UsageError(
                        'Give the item a name, e.g. `track add "EUMAM budget" due=2025-03-01`.'
                    )
                if rest and "name" in options:
                    raise UsageError("Give the name once: either as words or as name=….")
                story = story_option(bot, options)
                item = add_item(
                    session,
                    author(bot, request),
                    name,
                    options,
                    story_id=story.id if story else None,
                )
                doc = message(f"Now tracking {item_line(item, today)} [{item.key}].")
            else:
                item = _find_item_or_fail(session, rest)
                key = item.key
                expected = _version(options.pop("version", None))
                rev = update_item(
                    session, author(bot, request), item, options, expected_version=expected
                )
                if rev is None:
                    same = message(f"Nothing changed: {item_line(item, today)}.")
                    return Reply([same], Outcome.NOTHING_CHANGED)
                source = f" (source: {rev.source})" if rev.source else ""
                doc = message(
                    f"Updated {item.name}: {diff_text(rev.diff)}{source}. "
                    f"Now version {item.version}; subscribed channels are alerted."
                )
    except StaleDataError:
        # Someone else's change committed between our read and our write.
        with bot.session() as session:
            current = session.scalar(select(TrackedItem).where(TrackedItem.key == key))
            if current is None:
                raise UsageError("That item was removed meanwhile; nothing was saved.") from None
            stale = StaleChange(current)
        raise stale from None
    bot.changed()
    return [doc]


def _find_item_or_fail(session: Session, words: list[str]) -> TrackedItem:
    if not words:
        raise UsageError("Which item? e.g. `track show eumam-revision` (see `track list`).")
    name = " ".join(words)
    item = find_item(session, name)
    if item is None:
        choices = {}
        for key, item_name in session.execute(select(TrackedItem.key, TrackedItem.name)):
            choices[key] = key
            choices[item_name] = key
        best = process.extractOne(name, list(choices))
        hint = f" Did you mean `{choices[best[0]]}`?" if best and best[1] >= 60 else ""
        raise UsageError(f"No tracked item “{name}”.{hint} See `track list`.")
    return item


def _version(raw: str | None) -> int | None:
    """The ``version=`` an update expects the item to be at: a stale one is refused."""
    if raw is None:
        return None
    text = raw.strip()
    if not text.isascii() or not text.isdigit():
        raise UsageError(
            f"version={raw!r} is not a number: use the version `track show ITEM` gives."
        )
    return int(text)


def _read(
    session: Session, sub: str, rest: list[str], today: date, story: StoryRef | None = None
) -> Document:
    """``track list [story=KEY]``, ``track show ITEM`` or ``track history ITEM``."""
    if sub == "list":
        query = select(TrackedItem).order_by(TrackedItem.due, TrackedItem.id)
        if story is not None:
            first = first_story(session)
            query = query.where(
                of_story(TrackedItem.story_id, story.id, first.id if first else None)
            )
        items = session.scalars(query).all()
        title = f"Tracked items: {story.title}" if story else "Tracked items"
        doc = Document(title=title, kind="reply")
        if not items:
            return doc.add(Paragraph("No tracked items yet. Admins add one with `track add NAME`."))
        return doc.add(Bullets(tuple(f"{item_line(i, today)} [{i.key}]" for i in items)))
    item = _find_item_or_fail(session, rest)
    if sub == "show":
        return _item_document(item, today)
    doc = Document(title=f"History: {item.name}", kind="reply")
    names = display_names(session)
    lines = [
        f"{rev.changed_at:%d %b %Y %H:%M} UTC — {diff_text(rev.diff, empty='not set')} — "
        f"by {who(rev.changed_by, names)}; source: {rev.source or 'not given'}"
        for rev in item.revisions
    ]
    return doc.add(
        Bullets(tuple(lines)) if lines else Paragraph("No changes since it was first tracked.")
    )


def _item_document(item: TrackedItem, today: date) -> Document:
    record = item_record(item)
    doc = Document(title=record.name, kind="reply")
    pairs = [("Status", record.status), ("Due", due_phrase(record.due, record.due_label, today))]
    if record.ends:
        pairs.append(("Runs until", human_date(record.ends)))
    if record.source:
        pairs.append(("Source", record.source))
    pairs.append(("Key", record.key))
    pairs.append(("Version", str(item.version)))
    doc.add(Fields(tuple(pairs)))
    if record.description:
        doc.add(Paragraph(record.description))
    if record.notes:
        doc.add(Paragraph(f"Notes: {record.notes}"))
    for e in record.evidence:
        doc.add(Quote(e.quote, e.source, human_date(e.date) if e.date else None, e.url))
    return doc


TRACK = Command(
    name="track",
    run=track,
    usage=TRACK_USAGE,
    example='track update eumam-revision status=agreed source="Council press release"',
    summary="Tracked items: list, show, history; admins add and update.",
    aliases=("items",),
    admin_subcommands=frozenset({"add", "update", "set"}),
    discord=Slash("Tracked items: deadlines, decisions"),
    cli=Cli("tracked items: list [--json] | show | history | add | update"),
)
