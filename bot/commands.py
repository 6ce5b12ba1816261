"""Chat commands: parse a request, check rights, call the core, return documents.

The same grammar serves every platform and the shell (``newsbot track update …``):
positional words, then ``key=value`` or ``--key value`` options, quotes for spaces.
"""

from __future__ import annotations

import logging
import shlex
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rapidfuzz import process
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from bot.changes import (
    ACTOR_KINDS,
    Author,
    ChangeError,
    StaleChange,
    add_article,
    add_item,
    audit,
    check_date,
    check_text,
    find_item,
    set_stance,
    slugify,
    strip_invisible,
    update_item,
)
from bot.db.models import (
    Actor,
    AuditEntry,
    DigestSchedule,
    Stance,
    StanceRevision,
    Subscription,
    Topic,
    TrackedItem,
)
from bot.store import diff_text, item_record
from digests.dates import DateError, due_phrase, human_date
from digests.document import Bullets, Context, Document, Fields, Heading, Paragraph, Quote, message
from digests.model import STANCES, ItemRecord

if TYPE_CHECKING:
    from apscheduler.triggers.cron import CronTrigger

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
    # Subcommands only admins may use, when the command itself is open to everyone.
    admin_subcommands: frozenset[str] = frozenset()


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
def clean_request_text(text: str) -> str:
    """The typed text without invisible characters; NUL and other control codes become
    spaces in questions (commands that store text refuse them with a reason)."""
    return strip_invisible(text).strip()


def dispatch(bot: NewsBot, request: Request) -> list[Document]:
    try:
        return _dispatch(bot, request)
    except Exception:  # never a traceback in the chat; the session rolled everything back
        _log.exception("command failed: %r", request.text[:200])
        return [
            message(
                "Something went wrong handling that, and nothing was changed. "
                "Try again, or type `help`.",
                kind="error",
            )
        ]


def _dispatch(bot: NewsBot, request: Request) -> list[Document]:
    text = clean_request_text(request.text)
    if not _printable(text).strip():
        return [message("Say something: a question, or `help` for the commands.")]
    if len(text) > MAX_REQUEST_CHARS:
        return [
            message(
                f"That message is {len(text):,} characters long; the limit is "
                f"{MAX_REQUEST_CHARS:,}. For a long article, use `newsbot ingest FILE`.",
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
            hint = f" Did you mean `{suggestion[0]}`?" if suggestion and suggestion[1] >= 60 else ""
            return [
                message(f"Unknown command `{head}`.{hint} Type `help` for the list.", kind="error")
            ]
        return _ask(bot, request, [], {}, question=_printable(text))
    action = _admin_action(command, rest)
    if action is not None and not request.is_admin:
        return [_refuse(bot, request, action, command.name == "audit")]
    try:
        words, options = parse(rest)
        return command.run(bot, request, words, options)
    except (UsageError, ChangeError, DateError) as exc:
        return [message(f"{exc}", kind="error")]
    except StaleChange as exc:
        return [_stale_message(exc, bot.today())]
    except (StaleDataError, IntegrityError):
        _log.info("concurrent change refused", exc_info=True)
        return [
            message(
                "That was changed by someone else at the same moment. Nothing of yours "
                "was saved: look at it again and retry.",
                kind="error",
            )
        ]


def _printable(text: str) -> str:
    return "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)


def _admin_action(command: Command, rest: str) -> str | None:
    """The name of the admin-only action this request asks for, or None if anyone may."""
    if command.admin:
        return command.name
    first = rest.split(maxsplit=1)[0].strip("\"'").lower() if rest.split() else ""
    if first in command.admin_subcommands:
        return f"{command.name} {first}"
    return None


def _stale_message(exc: StaleChange, today: date) -> Document:
    return message(
        f"That item was changed meanwhile; now: {_item_line(exc.item, today)} "
        f"(version {exc.version}). Nothing of yours was saved: look at it again and retry "
        f"with version={exc.version}.",
        kind="error",
    )


def _suggest(name: str) -> tuple[str, float] | None:
    if not name:
        return None
    found = process.extractOne(name, list(COMMANDS) + list(ALIASES))
    return (ALIASES.get(found[0], found[0]), found[1]) if found else None


def _refuse(bot: NewsBot, request: Request, action: str, reads: bool = False) -> Document:
    typed = _printable(clean_request_text(request.text))[:500]
    with bot.session() as session:
        audit(session, author(bot, request), action, None, {"text": typed}, allowed=False)
    why = (
        "the audit log is for admins only"
        if reads
        else f"`{action}` changes what everyone sees, so only admins can use it"
    )
    return message(
        f"Sorry — {why}. Ask an admin of this bot, or just ask me a question.",
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
    text = (
        question
        if question is not None
        else _printable(clean_request_text(request.text)).partition(" ")[2]
    )
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


def _item_line(item: TrackedItem | ItemRecord, today: date) -> str:
    return f"{item.name} — {item.status}, due {due_phrase(item.due, item.due_label, today)}"


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


def _track(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    sub, rest = _sub(
        words, ("list", "show", "history", "add", "update", "set"), "list", TRACK_USAGE
    )
    today = bot.today()
    key: str | None = None
    if sub in ("list", "show", "history"):
        if options:
            raise UsageError(
                f"`track {sub}` takes no options (got {', '.join(sorted(options))}). "
                f"Usage: {TRACK_USAGE}"
            )
        with bot.session() as session:
            return [_track_read(session, sub, rest, today)]
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
                item = add_item(session, author(bot, request), name, options)
                doc = message(f"Now tracking {_item_line(item, today)} [{item.key}].")
            else:
                item = _find_item_or_fail(session, rest)
                key = item.key
                expected = _version(options.pop("version", None))
                rev = update_item(
                    session, author(bot, request), item, options, expected_version=expected
                )
                if rev is None:
                    return [message(f"Nothing changed: {_item_line(item, today)}.")]
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


def _version(raw: str | None) -> int | None:
    if raw is None:
        return None
    text = raw.strip()
    if not text.isascii() or not text.isdigit():
        raise UsageError(
            f"version={raw!r} is not a number: use the version `track show ITEM` gives."
        )
    return int(text)


def _track_read(session: Session, sub: str, rest: list[str], today: date) -> Document:
    if sub == "list":
        items = session.scalars(select(TrackedItem).order_by(TrackedItem.due, TrackedItem.id)).all()
        doc = Document(title="Tracked items", kind="reply")
        if not items:
            return doc.add(Paragraph("No tracked items yet. Admins add one with `track add NAME`."))
        return doc.add(Bullets(tuple(f"{_item_line(i, today)} [{i.key}]" for i in items)))
    item = _find_item_or_fail(session, rest)
    if sub == "show":
        return _item_document(item, today)
    doc = Document(title=f"History: {item.name}", kind="reply")
    lines = [
        f"{rev.changed_at:%d %b %Y %H:%M} UTC — {diff_text(rev.diff)} — by {rev.changed_by}"
        + f"; source: {rev.source or 'not given'}"
        for rev in item.revisions
    ]
    return doc.add(
        Bullets(tuple(lines)) if lines else Paragraph("No changes since it was first tracked.")
    )


def _item_document(item: TrackedItem, today: date) -> Document:
    record = item_record(item)
    doc = Document(title=record.name, kind="reply")
    pairs = [("Status", record.status), ("Due", due_phrase(record.due, record.due_label, today))]
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


# ---------------------------------------------------------------------- stances
STANCE_USAGE = (
    "stance list | stance show ACTOR | stance history ACTOR | "
    "stance set ACTOR STANCE summary=… [quote=… source=… date=YYYY-MM-DD] [topic=…]"
)


def _resolve_actor(
    bot: NewsBot,
    session: Session,
    name: str,
    create_kind: str | None = None,
    *,
    write: bool = False,
) -> Actor:
    """The actor a typed name means. For a change (``write``) only an exact name counts:
    "Sweden Democrats" must not set Sweden's stance, and a typo must not set another's."""
    if create_kind is not None:
        create_kind = create_kind.strip().lower()
        if create_kind not in ACTOR_KINDS:
            raise UsageError(
                f"kind={create_kind} is not a kind; use one of {', '.join(ACTOR_KINDS)}."
            )
    match = bot.answerer().resolver.resolve(name)
    exact = (
        match is not None
        and match.score >= 100
        and " ".join(match.text.split()).casefold() == " ".join(name.split()).casefold()
    )
    if match is not None and (exact or not write):
        if match.key:
            actor = session.scalar(select(Actor).where(Actor.key == match.key))
            if actor is not None:
                return actor.speaks_for if actor.kind == "person" and actor.speaks_for else actor
        elif not match.known and write:
            # A real country the story has not mentioned yet (Japan): add it.
            import pycountry

            try:
                code = pycountry.countries.lookup(match.name).alpha_2
            except LookupError:
                code = None
            return _new_actor(session, match.name, create_kind or "country", code)
    if write and create_kind:
        return _new_actor(session, name, create_kind, None)
    hint = f" Did you mean {match.name}?" if match is not None and not exact else ""
    raise UsageError(
        f"I don't know an actor called “{name}”.{hint} Use the name exactly as "
        "`stance list` shows it, or, to add a new actor, repeat the command with "
        f"kind=… ({', '.join(ACTOR_KINDS)})."
    )


def _new_actor(session: Session, name: str, kind: str, code: str | None) -> Actor:
    name = check_text("name", name, required=True)
    key = slugify(name)
    if not key:
        raise UsageError(f"An actor's name needs at least one letter or digit (got “{name}”).")
    existing = session.scalar(select(Actor).where(Actor.key == key))
    if existing is not None:
        return existing
    position = (session.scalar(select(func.max(Actor.position))) or 0) + 1
    actor = Actor(key=key, name=name, kind=kind, country_code=code, position=position)
    session.add(actor)
    session.flush()
    return actor


STANCE_WORDS = {
    **{s: s for s in STANCES},
    "support": "supports",
    "supporting": "supports",
    "oppose": "opposes",
    "opposing": "opposes",
    "against": "opposes",
}


def _stance_rev_line(rev: StanceRevision) -> str:
    source = f"; source: {rev.evidence[0].get('source')}" if rev.evidence else ""
    return (
        f"{rev.changed_at:%d %b %Y} — {rev.stance}: {rev.summary} "
        f"(as of {human_date(rev.as_of)}; by {rev.changed_by}{source})"
    )


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
                doc.add(Bullets(tuple(_stance_rev_line(rev) for rev in reversed(row.revisions))))
            return [doc]
        if not rest:
            raise UsageError(f"Whose stance, and which? Usage: {STANCE_USAGE}")
        stance_word = STANCE_WORDS.get(rest[-1].lower())
        if stance_word is None:
            raise UsageError(
                f"“{rest[-1]}” is not a stance. End with one of {', '.join(STANCES)}, e.g. "
                '`stance set Germany opposes summary="…" quote="…" source="…"`.'
            )
        actor_words = rest[:-1]
        if not actor_words:
            raise UsageError('Whose stance? e.g. `stance set Spain opposes summary="…"`.')
        unknown = set(options) - {"summary", "quote", "source", "date", "topic", "kind"}
        if unknown:
            raise UsageError(
                f"Unknown option {', '.join(sorted(unknown))}; "
                "options are summary, quote, source, date, topic, kind."
            )
        who = author(bot, request)
        when = (
            check_date("date", options["date"], not_after=who.at.date())
            if options.get("date")
            else None
        )
        topic = _topic(session, options)
        actor = _resolve_actor(bot, session, " ".join(actor_words), options.get("kind"), write=True)
        rev = set_stance(
            session,
            who,
            actor,
            topic,
            stance=stance_word,
            summary=options.get("summary"),
            quote=options.get("quote"),
            source=options.get("source"),
            when=when,
        )
        text = (
            f"{actor.name} now {rev.stance} — {diff_text(rev.diff).rstrip('.')}. "
            "Subscribed channels are alerted."
        )
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
                created_at=bot.clock(),
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
        existing = session.scalar(select(Subscription).where(*_here(Subscription, request)))
        if existing is None:
            return [message("This channel was not subscribed.")]
        session.delete(existing)
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


def _here(
    model: type[Subscription] | type[DigestSchedule], request: Request
) -> tuple[ColumnElement[bool], ...]:
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


_CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # cron numbers them 0-6 (7 = sun)
_APS_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # APScheduler's order
MAX_CRON_CHARS = 100


def cron_for(kind: str, rest: list[str]) -> str:
    if kind in ("daily", "weekdays"):
        if len(rest) != 1:
            raise UsageError(f"Give one time, e.g. `schedule {kind} 08:00`.")
        hh, sep, mm = unicodedata.normalize("NFKC", rest[0]).partition(":")
        if not (
            sep
            and hh.isascii()
            and hh.isdigit()
            and mm.isascii()
            and mm.isdigit()
            and len(mm) == 2
            and 0 <= int(hh) < 24
            and 0 <= int(mm) < 60
        ):
            raise UsageError(f"“{rest[0]}” is not a time: use HH:MM, e.g. 08:00 or 17:30.")
        return f"{int(mm)} {int(hh)} * * {'mon-fri' if kind == 'weekdays' else '*'}"
    expr = " ".join(" ".join(rest).split())
    if len(expr.split()) != 5:
        raise UsageError(
            "A cron expression has five fields: minute hour day month weekday, "
            'e.g. `schedule cron "0 8 * * 1-5"` (quote it).'
        )
    if len(expr) > MAX_CRON_CHARS:
        raise UsageError(f"That cron expression is over {MAX_CRON_CHARS} characters long.")
    minute, hour, dom, month, dow = expr.split()
    if dom != "*" and dow != "*":
        # Classic cron fires when EITHER matches, APScheduler when BOTH do: refuse the
        # ambiguity rather than post on days nobody expected.
        raise UsageError(
            "Give a day of the month or a weekday, not both "
            '(e.g. `"0 8 1 * *"` or `"0 8 * * mon"`).'
        )
    return f"{minute} {hour} {dom} {month} {_weekdays(dow)}"


def _weekdays(field: str) -> str:
    """A crontab weekday field (0 or 7 = Sunday, 1 = Monday, names) as APScheduler names.

    APScheduler's ``from_crontab`` counts 0 = Monday, so "1-5" would mean Tuesday to
    Saturday there; names mean the same in both.
    """
    days: set[int] = set()
    for part in field.lower().split(","):
        span, _, step_text = part.partition("/")
        if step_text and not step_text.isdigit():
            raise UsageError(f"“{part}” is not a weekday step: use e.g. `*/2` or `1-5/2`.")
        step = int(step_text) if step_text else 1
        if step < 1:
            raise UsageError(f"“{part}”: a step must be 1 or more.")
        if span == "*":
            first, last = 0, 6
        else:
            low, dash, high = span.partition("-")
            first = _cron_day(low)
            last = _cron_day(high) if dash else (6 if step_text else first)
            if dash and high.strip() in ("7", "sun") and first > 0:
                last = 7  # "5-7" is Friday to Sunday
            if last < first:
                raise UsageError(f"“{span}” runs backwards: write the earlier day first.")
        days.update(d % 7 for d in range(first, last + 1, step))
    if len(days) == 7:
        return "*"
    order = sorted(_APS_DAYS.index(_CRON_DAYS[d]) for d in days)
    runs: list[list[int]] = []
    for i in order:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return ",".join(
        _APS_DAYS[r[0]] if len(r) == 1 else f"{_APS_DAYS[r[0]]}-{_APS_DAYS[r[-1]]}" for r in runs
    )


def _cron_day(text: str) -> int:
    text = text.strip()
    if text.isascii() and text.isdigit() and 0 <= int(text) <= 7:
        return int(text)
    if text[:3] in _CRON_DAYS and text in (text[:3], _FULL_DAYS.get(text[:3])):
        return _CRON_DAYS.index(text[:3])
    raise UsageError(f"“{text}” is not a weekday: use 0-7 (0 and 7 are Sunday) or mon … sun.")


_FULL_DAYS = {
    "sun": "sunday",
    "mon": "monday",
    "tue": "tuesday",
    "wed": "wednesday",
    "thu": "thursday",
    "fri": "friday",
    "sat": "saturday",
}


def time_zone(name: str) -> str:
    """The canonical IANA name for a typed zone ("europe/berlin", "Berlin" → Europe/Berlin)."""
    import zoneinfo

    text = name.strip()
    if text and "\x00" not in text and not text.startswith(("/", ".")) and ".." not in text:
        try:
            ZoneInfo(text)
            return text
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
        folded = text.casefold().replace(" ", "_")
        zones = zoneinfo.available_timezones()
        for zone in sorted(zones):
            if zone.casefold() == folded:
                return zone
        for zone in sorted(zones):
            if zone.casefold().endswith("/" + folded):
                return zone
    raise UsageError(
        f"“{name}” is not a time zone I know; use a name like Europe/Berlin, America/New_York "
        "or UTC."
    )


def check_schedule(cron: str, tz: str) -> CronTrigger:
    from apscheduler.triggers.cron import CronTrigger

    try:
        zone = ZoneInfo(time_zone(tz))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UsageError(
            f"“{tz}” is not a time zone I know; use a name like Europe/Berlin or UTC."
        ) from exc
    try:
        return CronTrigger.from_crontab(cron, timezone=zone)
    except ValueError as exc:
        raise UsageError(f"“{cron}” is not a valid cron expression: {exc}.") from exc


def _schedule(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    sub, rest = _sub(words, ("show", "daily", "weekdays", "cron", "off"), "show", SCHEDULE_USAGE)
    unknown = set(options) - {"tz", "timezone"}
    if unknown:
        raise UsageError(
            f"Unknown option {', '.join(sorted(unknown))}; the only option is tz=… "
            "(e.g. tz=Europe/Berlin)."
        )
    who = author(bot, request)
    with bot.session() as session:
        row = session.scalar(select(DigestSchedule).where(*_here(DigestSchedule, request)))
        if sub == "show":
            if row is None:
                return [
                    message(
                        "No digest is scheduled for this channel. "
                        "Admins: `schedule daily 08:00 tz=Europe/Berlin`."
                    )
                ]
            return [
                message(
                    f"This channel gets its digest on cron “{row.cron}” ({row.timezone})"
                    f"{_next_run(row.cron, row.timezone, who.at)}."
                )
            ]
        if sub == "off":
            if row is None:
                return [message("No digest was scheduled for this channel.")]
            session.delete(row)
            audit(session, who, "schedule.off", request.channel, {"cron": row.cron})
            text = "Digest schedule removed for this channel."
        else:
            raw_tz = options.get("tz") or options.get("timezone")
            tz = time_zone(raw_tz) if raw_tz else (row.timezone if row else bot.settings.timezone)
            cron = cron_for(sub, rest)
            check_schedule(cron, tz)
            if row is None:
                row = DigestSchedule(
                    platform=request.platform,
                    workspace=request.workspace,
                    channel=request.channel,
                    cron=cron,
                    timezone=tz,
                    created_by=who.label,
                    updated_at=who.at,
                )
                session.add(row)
            else:
                row.cron, row.timezone, row.created_by = cron, tz, who.label
                row.updated_at = who.at
            audit(session, who, "schedule.set", request.channel, {"cron": cron, "tz": tz})
            text = (
                f"Digest scheduled for this channel: cron “{cron}” in {tz}"
                f"{_next_run(cron, tz, who.at)}."
            )
    bot.changed()
    return [message(text)]


def _next_run(cron: str, tz: str, now: datetime) -> str:
    try:
        trigger = check_schedule(cron, tz)
    except UsageError:
        return ""
    when = trigger.get_next_fire_time(None, now)
    return f"; next one {when:%a %d %b %Y %H:%M} {tz}" if when else ""


# ---------------------------------------------------------------------- articles and audit
ARTICLE_USAGE = 'article add title="…" source="…" [date=YYYY-MM-DD] [url=…] text="…"'


def _article(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    _, rest = _sub(words, ("add",), "add", ARTICLE_USAGE)
    unknown = set(options) - {"title", "source", "date", "url", "text"}
    if unknown:
        raise UsageError(
            f"Unknown option {', '.join(sorted(unknown))}; options are title, source, date, "
            f"url, text. Usage: {ARTICLE_USAGE}"
        )
    if rest and options.get("text"):
        raise UsageError('Give the article text once, as text="…".')
    body = options.get("text") or " ".join(rest)
    if not body.strip():
        raise UsageError(f"The article has no text. Usage: {ARTICLE_USAGE}")
    who = author(bot, request)
    published = (
        check_date("date", options["date"], not_after=who.at.date())
        if options.get("date")
        else None
    )
    with bot.session() as session:
        article = add_article(
            session,
            who,
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
        if not (words[0].isascii() and words[0].isdigit()) or not 1 <= int(words[0]) <= 500:
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
            frozenset({"add", "update", "set"}),
        ),
        Command(
            "stance",
            STANCE_USAGE,
            'stance set Sweden undecided summary="No proposal yet"',
            "The stance table: list, show, history; admins set.",
            False,
            _stance,
            frozenset({"set", "update"}),
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
            frozenset({"daily", "weekdays", "cron", "off"}),
        ),
        Command(
            "article",
            ARTICLE_USAGE,
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
