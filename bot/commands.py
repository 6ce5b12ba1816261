"""Chat commands: parse a request, check rights, call the core, return documents.

The same grammar serves every platform and the shell (``newsbot track update …``):
positional words, then ``key=value`` or ``--key value`` options, quotes for spaces.
"""

from __future__ import annotations

import logging
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rapidfuzz import process
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from bot.changes import (
    Author,
    ChangeError,
    StaleChange,
    add_article,
    add_item,
    audit,
    find_item,
    set_stance,
    update_item,
)
from bot.db.models import (
    Actor,
    AuditEntry,
    DigestSchedule,
    Stance,
    Subscription,
    Topic,
    TrackedItem,
)
from bot.store import diff_text, item_record
from digests.dates import DateError, due_phrase, human_date, parse_date
from digests.document import Bullets, Context, Document, Fields, Heading, Paragraph, Quote, message
from digests.model import STANCES

if TYPE_CHECKING:
    from bot.core import NewsBot, Request

_log = logging.getLogger(__name__)

MAX_REQUEST_CHARS = 20_000


class UsageError(ValueError):
    """The command was typed wrong; the message says how to type it."""


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    example: str
    summary: str
    admin: bool
    run: Callable[[NewsBot, Request, list[str], dict[str, str]], list[Document]]


def parse(text: str) -> tuple[list[str], dict[str, str]]:
    """Words and options: ``a b key=value --flag x --bare`` → (["a", "b"], {...})."""
    text = text.replace("“", '"').replace("”", '"').replace("„", '"')
    try:
        tokens = shlex.split(text)
    except ValueError as exc:
        raise UsageError(f"I could not read that: {exc} (check your quotes).") from exc
    words: list[str] = []
    options: dict[str, str] = {}
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.startswith("--") and len(token) > 2:
            name, eq, value = token[2:].partition("=")
            if not eq:
                if (
                    i + 1 < len(tokens)
                    and not tokens[i + 1].startswith("--")
                    and "=" not in tokens[i + 1]
                ):
                    value = tokens[i + 1]
                    i += 1
                else:
                    value = "true"
            options[name.replace("-", "_").lower()] = value
        elif "=" in token and not token.startswith("="):
            name, _, value = token.partition("=")
            options[name.strip().lower()] = value
        else:
            words.append(token)
        i += 1
    return words, options


def author(bot: NewsBot, request: Request) -> Author:
    return Author(request.platform, request.workspace, request.channel, request.user, bot.clock())


# ---------------------------------------------------------------------- dispatch
def dispatch(bot: NewsBot, request: Request) -> list[Document]:
    text = request.text.strip()
    if not text:
        return [message("Say something: a question, or `help` for the commands.")]
    if len(text) > MAX_REQUEST_CHARS:
        return [
            message(
                f"That message is {len(text):,} characters long; the limit is "
                f"{MAX_REQUEST_CHARS:,}.",
                kind="error",
            )
        ]
    head, _, rest = text.partition(" ")
    name = head.lstrip("/!").lower()
    command = COMMANDS.get(name) or COMMANDS.get(ALIASES.get(name, ""))
    if command is None:
        suggestion = _suggest(name)
        if head.startswith(("/", "!")) or (
            suggestion and "?" not in text and len(text.split()) <= 6 and suggestion[1] >= 80
        ):
            hint = f" Did you mean `{suggestion[0]}`?" if suggestion else ""
            return [
                message(f"Unknown command `{head}`.{hint} Type `help` for the list.", kind="error")
            ]
        return _ask(bot, request, [], {}, question=text)
    try:
        words, options = parse(rest)
        if command.admin and not request.is_admin:
            return [_refuse(bot, request, command.name, rest)]
        return command.run(bot, request, words, options)
    except (UsageError, ChangeError, DateError) as exc:
        return [message(f"{exc}", kind="error")]
    except StaleChange as exc:
        return [
            message(
                f"That item was changed meanwhile; now: {_item_line(exc.item, bot.today())}. "
                "Nothing of yours was saved: look and try again.",
                kind="error",
            )
        ]
    except StaleDataError:
        return [
            message(
                "That was changed by someone else at the same moment. Nothing of yours "
                "was saved: look at it again and retry.",
                kind="error",
            )
        ]


def _suggest(name: str) -> tuple[str, float] | None:
    if not name:
        return None
    found = process.extractOne(name, list(COMMANDS) + list(ALIASES))
    return (ALIASES.get(found[0], found[0]), found[1]) if found else None


def _refuse(bot: NewsBot, request: Request, action: str, rest: str) -> Document:
    with bot.session() as session:
        audit(session, author(bot, request), action, None, {"text": rest[:500]}, allowed=False)
    return message(
        f"Sorry — `{action}` changes what everyone sees, so only admins can use it. "
        "Ask an admin of this bot, or just ask me a question.",
        kind="refusal",
    )


def _sub(
    words: list[str], choices: tuple[str, ...], default: str, usage: str
) -> tuple[str, list[str]]:
    if not words:
        return default, []
    head = words[0].lower()
    if head in choices:
        return head, words[1:]
    raise UsageError(f"Unknown subcommand `{words[0]}`. Usage: {usage}")


# ---------------------------------------------------------------------- ask / digest / help
def _ask(
    bot: NewsBot,
    request: Request,
    words: list[str],
    options: dict[str, str],
    question: str | None = None,
) -> list[Document]:
    text = question if question is not None else request.text.partition(" ")[2]
    if not text.strip():
        raise UsageError("Ask me something, e.g. `ask What is Germany's position?`")
    return [bot.answer(text).document]


def _digest(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    from bot.core import ChannelRef

    doc = bot.digest_for(ChannelRef(request.platform, request.workspace, request.channel))
    return [doc] if doc else []


def _help(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    if words and words[0].lower() in COMMANDS:
        c = COMMANDS[words[0].lower()]
        doc = Document(title=f"help {c.name}", kind="reply")
        doc.add(Paragraph(c.summary), Fields((("Usage", c.usage), ("Example", c.example))))
        if c.admin:
            doc.add(Context("Admins only."))
        return [doc]
    doc = Document(title="newsbot — commands", kind="reply")
    doc.add(Paragraph("Ask a question in plain words, or use a command:"))
    lines = []
    for c in COMMANDS.values():
        lock = " (admin)" if c.admin else ""
        lines.append(f"{c.usage}{lock} — {c.summary} Example: {c.example}")
    doc.add(Bullets(tuple(lines)))
    doc.add(
        Context(
            "`help COMMAND` shows one command. Options take key=value; quote values with spaces."
        )
    )
    return [doc]


# ---------------------------------------------------------------------- tracked items
TRACK_USAGE = (
    "track list | track show ITEM | track history ITEM | "
    "track add NAME [status=…] [due=YYYY-MM-DD] [label=…] [notes=…] [source=…] | "
    "track update ITEM field=value …"
)


def _item_line(item: TrackedItem, today: date) -> str:
    return f"{item.name} — {item.status}, due {due_phrase(item.due, item.due_label, today)}"


def _find_item_or_fail(session: Session, words: list[str]) -> TrackedItem:
    if not words:
        raise UsageError("Which item? e.g. `track show eumam-revision` (see `track list`).")
    name = " ".join(words)
    item = find_item(session, name)
    if item is None:
        keys = [k for (k,) in session.execute(select(TrackedItem.key))]
        best = process.extractOne(name, keys)
        hint = f" Did you mean `{best[0]}`?" if best and best[1] >= 60 else ""
        raise UsageError(f"No tracked item “{name}”.{hint} See `track list`.")
    return item


def _track(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    sub, rest = _sub(
        words, ("list", "show", "history", "add", "update", "set"), "list", TRACK_USAGE
    )
    if sub in ("add", "update", "set") and not request.is_admin:
        return [_refuse(bot, request, f"track {sub}", " ".join(words))]
    today = bot.today()
    with bot.session() as session:
        if sub == "list":
            items = session.scalars(
                select(TrackedItem).order_by(TrackedItem.due, TrackedItem.id)
            ).all()
            doc = Document(title="Tracked items", kind="reply")
            if not items:
                doc.add(Paragraph("No tracked items yet. Admins add one with `track add NAME`."))
            doc.add(Bullets(tuple(f"{_item_line(i, today)} [{i.key}]" for i in items)))
            return [doc]
        if sub == "add":
            if not rest:
                raise UsageError(
                    'Give the item a name, e.g. `track add "EUMAM budget" due=2025-03-01`.'
                )
            item = add_item(session, author(bot, request), " ".join(rest), options)
            doc = message(f"Now tracking {_item_line(item, today)} [{item.key}].")
        elif sub in ("update", "set"):
            item = _find_item_or_fail(session, rest)
            expected = options.pop("version", None)
            rev = update_item(
                session,
                author(bot, request),
                item,
                options,
                expected_version=int(expected) if expected and expected.isdigit() else None,
            )
            if rev is None:
                return [message(f"Nothing changed: {_item_line(item, today)}.")]
            doc = message(
                f"Updated {item.name}: {diff_text(rev.diff)}. Subscribed channels are alerted."
            )
        else:
            item = _find_item_or_fail(session, rest)
            if sub == "show":
                return [_item_document(item, today)]
            doc = Document(title=f"History: {item.name}", kind="reply")
            lines = [
                f"{rev.changed_at:%d %b %Y %H:%M} — {diff_text(rev.diff)} — by {rev.changed_by}"
                + (f"; source: {rev.source}" if rev.source else "")
                for rev in item.revisions
            ]
            doc.add(
                Bullets(tuple(lines))
                if lines
                else Paragraph("No changes since it was first tracked.")
            )
            return [doc]
    bot.changed()
    return [doc]


def _item_document(item: TrackedItem, today: date) -> Document:
    record = item_record(item)
    doc = Document(title=record.name, kind="reply")
    pairs = [("Status", record.status), ("Due", due_phrase(record.due, record.due_label, today))]
    if record.source:
        pairs.append(("Source", record.source))
    pairs.append(("Key", record.key))
    doc.add(Fields(tuple(pairs)))
    if record.description:
        doc.add(Paragraph(record.description))
    if record.notes:
        doc.add(Paragraph(f"Notes: {record.notes}"))
    for e in record.evidence:
        doc.add(Quote(e.quote, e.source, human_date(e.date) if e.date else None, e.url))
    return doc


# ---------------------------------------------------------------------- stances
STANCE_USAGE = (
    "stance list | stance show ACTOR | stance history ACTOR | "
    "stance set ACTOR STANCE summary=… [quote=… source=… date=YYYY-MM-DD] [topic=…]"
)


def _resolve_actor(
    bot: NewsBot, session: Session, name: str, create_kind: str | None = None
) -> Actor:
    match = bot.answerer().resolver.resolve(name)
    if match is not None and match.key:
        actor = session.scalar(select(Actor).where(Actor.key == match.key))
        if actor is not None:
            return actor.speaks_for if actor.kind == "person" and actor.speaks_for else actor
    if match is not None and not match.known:
        import pycountry

        try:
            code = pycountry.countries.lookup(match.name).alpha_2
        except LookupError:
            code = None
        return _new_actor(session, match.name, "country", code)
    if create_kind:
        return _new_actor(session, name.strip(), create_kind, None)
    raise UsageError(
        f"I don't know an actor called “{name}”. To add one, repeat the command with "
        "kind=organisation (or group, person, country)."
    )


def _new_actor(session: Session, name: str, kind: str, code: str | None) -> Actor:
    from bot.changes import check_text, slugify

    name = check_text("name", name, required=True)
    position = (session.scalar(select(func.max(Actor.position))) or 0) + 1
    actor = Actor(key=slugify(name), name=name, kind=kind, country_code=code, position=position)
    session.add(actor)
    session.flush()
    return actor


def _topic(session: Session, options: dict[str, str]) -> Topic:
    topics = session.scalars(select(Topic).order_by(Topic.id)).all()
    wanted = options.pop("topic", None)
    if not wanted:
        if not topics:
            raise UsageError("No topics exist yet.")
        return topics[0]
    for t in topics:
        if wanted.casefold() in (t.key, t.name.casefold()):
            return t
    raise UsageError(f"No topic “{wanted}”; topics: {', '.join(t.key for t in topics)}.")


def _stance(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    sub, rest = _sub(words, ("list", "show", "history", "set", "update"), "list", STANCE_USAGE)
    if sub in ("set", "update") and not request.is_admin:
        return [_refuse(bot, request, f"stance {sub}", " ".join(words))]
    if sub == "list":
        table = bot.answerer().table
        names = {a.key: a.name for a in table.actors}
        doc = Document(title="Stance table", kind="reply")
        doc.add(
            Bullets(
                tuple(
                    f"{names[r.actor]} — {r.stance}: {r.summary} (as of {human_date(r.as_of)})"
                    for r in table.stances
                )
            )
        )
        return [doc]
    if sub in ("show",):
        if not rest:
            raise UsageError("Whose stance? e.g. `stance show Germany`.")
        return [bot.answer(" ".join(rest) + " position").document]
    with bot.session() as session:
        if sub == "history":
            if not rest:
                raise UsageError("Whose history? e.g. `stance history Germany`.")
            actor = _resolve_actor(bot, session, " ".join(rest))
            rows = session.scalars(select(Stance).where(Stance.actor_id == actor.id)).all()
            doc = Document(title=f"Stance history: {actor.name}", kind="reply")
            if not rows:
                doc.add(Paragraph(f"No position recorded for {actor.name}."))
            for row in rows:
                doc.add(Heading(row.topic.name, 2))
                doc.add(
                    Bullets(
                        tuple(
                            f"{rev.changed_at:%d %b %Y} — {rev.stance}: {rev.summary} (by {rev.changed_by})"
                            for rev in reversed(row.revisions)
                        )
                    )
                )
            return [doc]
        stance_word = next((w for w in reversed(rest) if w.lower() in STANCES), None)
        if stance_word is None:
            raise UsageError(
                f"Give a stance ({', '.join(STANCES)}), e.g. "
                '`stance set Germany opposes summary="…" quote="…" source="…"`.'
            )
        actor_words = rest[: len(rest) - 1 - rest[::-1].index(stance_word)]
        if not actor_words:
            raise UsageError('Whose stance? e.g. `stance set Spain opposes summary="…"`.')
        unknown = set(options) - {"summary", "quote", "source", "date", "topic", "kind"}
        if unknown:
            raise UsageError(
                f"Unknown option {', '.join(sorted(unknown))}; "
                "options are summary, quote, source, date, topic, kind."
            )
        when = parse_date(options["date"]) if options.get("date") else None
        topic = _topic(session, options)
        actor = _resolve_actor(bot, session, " ".join(actor_words), options.get("kind"))
        rev = set_stance(
            session,
            author(bot, request),
            actor,
            topic,
            stance=stance_word,
            summary=options.get("summary"),
            quote=options.get("quote"),
            source=options.get("source"),
            when=when,
        )
        text = f"{actor.name} now {rev.stance}: {diff_text(rev.diff)}. Subscribed channels are alerted."
    bot.changed()
    return [message(text)]


# ---------------------------------------------------------------------- subscriptions
def _subscribe(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    with bot.session() as session:
        existing = session.scalar(select(Subscription).where(*_here(Subscription, request)))
        if existing is not None:
            return [message("This channel is already subscribed to alerts.")]
        session.add(
            Subscription(
                platform=request.platform,
                workspace=request.workspace,
                channel=request.channel,
                created_by=author(bot, request).label,
            )
        )
        audit(session, author(bot, request), "subscribe", request.channel)
    return [
        message(
            "Subscribed: this channel will get an alert whenever a tracked item or stance changes."
        )
    ]


def _unsubscribe(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    with bot.session() as session:
        gone = session.execute(delete(Subscription).where(*_here(Subscription, request))).rowcount
        if not gone:
            return [message("This channel was not subscribed.")]
        audit(session, author(bot, request), "unsubscribe", request.channel)
    return [message("Unsubscribed: no more alerts in this channel.")]


def _subscriptions(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    with bot.session() as session:
        subs = session.scalars(select(Subscription).order_by(Subscription.id)).all()
        scheds = session.scalars(select(DigestSchedule).order_by(DigestSchedule.id)).all()
        doc = Document(title="Subscriptions and schedules", kind="reply")
        doc.add(Heading("Alerts go to", 2))
        doc.add(
            Bullets(tuple(f"{s.platform}/{s.workspace}/{s.channel}" for s in subs))
            if subs
            else Paragraph("No channel is subscribed.")
        )
        doc.add(Heading("Digest schedules", 2))
        doc.add(
            Bullets(
                tuple(
                    f"{s.platform}/{s.workspace}/{s.channel}: {s.cron} ({s.timezone})"
                    for s in scheds
                )
            )
            if scheds
            else Paragraph("No digest is scheduled.")
        )
    return [doc]


def _here(model: type[Subscription] | type[DigestSchedule], request: Request) -> tuple:  # type: ignore[type-arg]
    return (
        model.platform == request.platform,
        model.workspace == request.workspace,
        model.channel == request.channel,
    )


# ---------------------------------------------------------------------- schedules
SCHEDULE_USAGE = (
    "schedule show | schedule daily HH:MM [tz=Europe/Berlin] | "
    'schedule weekdays HH:MM [tz=…] | schedule cron "M H DOM MON DOW" [tz=…] | schedule off'
)


def cron_for(kind: str, rest: list[str]) -> str:
    if kind in ("daily", "weekdays"):
        if len(rest) != 1:
            raise UsageError(f"Give one time, e.g. `schedule {kind} 08:00`.")
        hh, sep, mm = rest[0].partition(":")
        if not (sep and hh.isdigit() and mm.isdigit() and 0 <= int(hh) < 24 and 0 <= int(mm) < 60):
            raise UsageError(f"“{rest[0]}” is not a time: use HH:MM, e.g. 08:00 or 17:30.")
        return f"{int(mm)} {int(hh)} * * {'mon-fri' if kind == 'weekdays' else '*'}"
    expr = " ".join(rest)
    if len(expr.split()) != 5:
        raise UsageError(
            "A cron expression has five fields: minute hour day month weekday, "
            'e.g. `schedule cron "0 8 * * 1-5"`.'
        )
    return expr


def check_schedule(cron: str, tz: str) -> None:
    from apscheduler.triggers.cron import CronTrigger

    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UsageError(
            f"“{tz}” is not a time zone I know; use a name like Europe/Berlin or UTC."
        ) from exc
    try:
        CronTrigger.from_crontab(cron, timezone=zone)
    except ValueError as exc:
        raise UsageError(f"“{cron}” is not a valid cron expression: {exc}.") from exc


def _schedule(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    sub, rest = _sub(words, ("show", "daily", "weekdays", "cron", "off"), "show", SCHEDULE_USAGE)
    if sub != "show" and not request.is_admin:
        return [_refuse(bot, request, f"schedule {sub}", " ".join(words))]
    with bot.session() as session:
        row = session.scalar(select(DigestSchedule).where(*_here(DigestSchedule, request)))
        if sub == "show":
            if row is None:
                return [
                    message(
                        "No digest is scheduled for this channel. Admins: `schedule daily 08:00 tz=Europe/Berlin`."
                    )
                ]
            return [message(f"This channel gets its digest on cron “{row.cron}” ({row.timezone}).")]
        if sub == "off":
            if row is None:
                return [message("No digest was scheduled for this channel.")]
            session.delete(row)
            audit(session, author(bot, request), "schedule.off", request.channel, {"cron": row.cron})
            text = "Digest schedule removed for this channel."
        else:
            tz = (
                options.get("tz")
                or options.get("timezone")
                or (row.timezone if row else bot.settings.timezone)
            )
            cron = cron_for(sub, rest)
            check_schedule(cron, tz)
            if row is None:
                row = DigestSchedule(
                    platform=request.platform,
                    workspace=request.workspace,
                    channel=request.channel,
                    cron=cron,
                    timezone=tz,
                    created_by=author(bot, request).label,
                )
                session.add(row)
            else:
                row.cron, row.timezone, row.created_by = cron, tz, author(bot, request).label
            audit(
                session, author(bot, request), "schedule.set", request.channel, {"cron": cron, "tz": tz}
            )
            text = f"Digest scheduled for this channel: cron “{cron}” in {tz}."
    bot.changed()
    return [message(text)]


# ---------------------------------------------------------------------- articles and audit
def _article(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    sub, rest = _sub(
        words,
        ("add",),
        "add",
        'article add title="…" source="…" [date=YYYY-MM-DD] [url=…] text="…"',
    )
    body = options.get("text") or " ".join(rest)
    published = parse_date(options["date"]) if options.get("date") else None
    with bot.session() as session:
        article = add_article(
            session,
            author(bot, request),
            title=options.get("title", ""),
            source=options.get("source", ""),
            body=body,
            published=published,
            url=options.get("url"),
        )
        n = len(article.sentences)
    bot.changed()
    return [message(f"Added “{article.title}” ({n} sentences); it will be in the next digest.")]


def _audit(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    limit = 20
    if words:
        if not words[0].isdigit() or not 1 <= int(words[0]) <= 500:
            raise UsageError("`audit N` takes a number from 1 to 500.")
        limit = int(words[0])
    with bot.session() as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)).all()
        doc = Document(title="Audit log (newest first)", kind="reply")
        doc.add(
            Bullets(
                tuple(
                    f"{r.at:%Y-%m-%d %H:%M} {r.platform}:{r.user} {r.action}"
                    + (f" {r.target}" if r.target else "")
                    + ("" if r.allowed else " — REFUSED")
                    + (f" {_short(r.details)}" if r.details else "")
                    for r in rows
                )
            )
            if rows
            else Paragraph("The audit log is empty.")
        )
    return [doc]


def _short(details: dict[str, object]) -> str:
    text = ", ".join(f"{k}={v}" for k, v in details.items())
    return text if len(text) < 200 else text[:197] + "…"


COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command(
            "ask",
            "ask QUESTION",
            "ask Where does Berlin stand?",
            "Who stands where, with the quote that backs it.",
            False,
            _ask,
        ),
        Command("digest", "digest", "digest", "The digest for this channel, now.", False, _digest),
        Command(
            "track",
            TRACK_USAGE,
            'track update eumam-revision status=agreed source="Council press release"',
            "Tracked items: list, show, history; admins add and update.",
            False,
            _track,
        ),
        Command(
            "stance",
            STANCE_USAGE,
            'stance set Sweden undecided summary="No proposal yet"',
            "The stance table: list, show, history; admins set.",
            False,
            _stance,
        ),
        Command(
            "subscribe",
            "subscribe",
            "subscribe",
            "Alerts for this channel when items or stances change.",
            True,
            _subscribe,
        ),
        Command(
            "unsubscribe",
            "unsubscribe",
            "unsubscribe",
            "Stop alerts for this channel.",
            True,
            _unsubscribe,
        ),
        Command(
            "subscriptions",
            "subscriptions",
            "subscriptions",
            "Which channels get alerts and digests.",
            False,
            _subscriptions,
        ),
        Command(
            "schedule",
            SCHEDULE_USAGE,
            "schedule daily 08:00 tz=Europe/Berlin",
            "When this channel gets its digest.",
            False,
            _schedule,
        ),
        Command(
            "article",
            'article add title="…" source="…" [date=…] [url=…] text="…"',
            'article add title="Estonia considers" source=ERR date=2024-06-12 text="…"',
            "Add an article to the story.",
            True,
            _article,
        ),
        Command("audit", "audit [N]", "audit 10", "The latest changes and refusals.", True, _audit),
        Command("help", "help [COMMAND]", "help track", "This list.", False, _help),
    )
}
ALIASES = {
    "?": "help",
    "commands": "help",
    "items": "track",
    "stances": "stance",
    "subs": "subscriptions",
}
