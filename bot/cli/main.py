"""The ``newsbot`` command line; its contract (what scripts may rely on) is docs/cli.md."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, NoReturn

from bot.cli.ingest_args import add_arguments as add_ingest_arguments
from bot.config.settings import Settings, SettingsError
from bot.core.request import ChannelRef, Request
from bot.observability.logs import configure_logging
from digests.render import to_markdown, to_text

# The core, the command table and the answerer's JSON helpers are imported by the commands
# that use them: a one-shot `newsbot ask` must not pay at start-up for the admin commands'
# modules (ingest, extraction, the parsers), ~0.7 s of imports, nor, on an up-to-date
# SQLite file, for SQLAlchemy (see _quick_ask).
if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.commands.command import Command
    from bot.core.newsbot import NewsBot
    from bot.core.stories import StoryAnswer, StoryRef
    from digests.document import Document


def _commands() -> dict[str, Command]:
    from bot.commands.table import COMMANDS  # start-up: see the imports

    return COMMANDS


_log = logging.getLogger(__name__)


def _shell_join(words: list[str]) -> str:
    import shlex  # start-up: only admin commands re-join their words

    return shlex.join(words)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsbot", description="Keep a team on top of a developing story."
    )
    parser.add_argument(
        "--db",
        help="a SQLAlchemy database URL, or the path of a SQLite file "
        "(default: $DATABASE_URL, else ./newsbot.db)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser(
        "run", help="run the bot: Discord, Slack or the console, with the scheduler"
    )
    run.add_argument(
        "--headless",
        action="store_true",
        help="no chat: scheduler, delivery and /healthz + /metrics only (for servers)",
    )
    run.add_argument(
        "--ops-port", type=int, metavar="PORT", help="serve /healthz and /metrics on PORT"
    )

    ask = sub.add_parser("ask", help=_cli_help("ask"))
    ask.add_argument("--json", action="store_true", help="one JSON object per question, per line")
    ask.add_argument("--story", metavar="KEY", help="answer from this story only")
    ask.add_argument("question", nargs="*")

    chat = sub.add_parser(
        "chat", help="one conversation from stdin: a turn per line, follow-ups read in context"
    )
    chat.add_argument("--json", action="store_true", help="one JSON object per turn, per line")
    chat.add_argument("--story", metavar="KEY", help="the story the conversation is about")
    chat.add_argument("--user", metavar="NAME", help="who is asking (default: you)")
    chat.add_argument("--channel", metavar="PLATFORM/WORKSPACE/CHANNEL")

    digest = sub.add_parser("digest", help=_cli_help("digest"))
    digest.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    digest.add_argument(
        "--story", metavar="KEY", help="the whole picture of this story (recorded for no channel)"
    )
    digest.add_argument(
        "--channel",
        metavar="PLATFORM/WORKSPACE/CHANNEL",
        help="whose last digest counts (default: the shell's own, cli/local/shell)",
    )
    digest.add_argument(
        "--full", action="store_true", help="the whole picture; recorded for no channel"
    )

    chart = sub.add_parser("chart", help="draw the stance map or the timeline as a PNG")
    chart.add_argument("--kind", choices=("map", "timeline"), default="map")
    chart.add_argument("--story", help="the story's key (see `newsbot story list`)")
    chart.add_argument("--out", required=True, help="the PNG file to write")

    # Every other chat command declared for the command line takes its arguments as
    # typed in a chat, run as the shell's admin.
    for command in passthrough_commands():
        p = sub.add_parser(command.name, help=_cli_help(command.name), prefix_chars="\0")
        p.add_argument("args", nargs=argparse.REMAINDER)

    discord_cli = sub.add_parser("discord", help="Discord: sync slash commands, invite link")
    discord_sub = discord_cli.add_subparsers(dest="discord_command", required=True)
    sync = discord_sub.add_parser("sync", help="register the slash commands with Discord")
    sync.add_argument("--guild", type=int, help="only in this server (shows at once)")
    discord_sub.add_parser("invite", help="print the link that adds the bot to a server")

    ingest = sub.add_parser("ingest", help=_cli_help("ingest"))
    add_ingest_arguments(ingest)
    return parser


# Subcommands of the command line's own, not chat commands.
CLI_ONLY = ("run", "discord", "chart", "chat")


def passthrough_commands() -> list[Command]:
    """The chat commands ``newsbot NAME …`` hands over as typed."""
    return [c for c in _commands().values() if c.cli is not None and c.cli.passthrough]


def _cli_help(name: str) -> str:
    declared = _commands()[name].cli
    if declared is None:
        raise KeyError(f"{name} is not declared for the command line")
    return declared.help


class _NotQuick(Exception):
    pass


class _QuickParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotQuick(message)


def _quick_ask(argv: list[str]) -> int | None:
    """``newsbot [--db URL] ask [--json] [QUESTION]`` answered before the command table
    (which the full parser's help lists need) is even imported, from an up-to-date SQLite
    file read without SQLAlchemy (see _plain_answerer). None when the full command line
    must run: any other command, help, a usage mistake, a bad setting, or a database
    that needs migrating or seeding first."""
    if "-h" in argv or "--help" in argv or "ask" not in argv:
        return None
    parser = _QuickParser(prog="newsbot", add_help=False)
    parser.add_argument("--db")
    parser.add_argument("command", choices=["ask"])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("question", nargs="*")
    try:
        args = parser.parse_args(argv)
        settings = Settings.from_env(args.db)
    except (_NotQuick, SettingsError):
        return None
    configure_logging(settings)
    answer = _plain_answerer(settings)
    if answer is None:
        return None
    try:
        return _answer_all(answer, args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    quick = _quick_ask(argv)
    if quick is not None:
        return quick
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env(args.db)
    except SettingsError as exc:  # malformed settings: say which, no traceback
        for problem in exc.problems:
            print(f"newsbot: bad setting: {problem}", file=sys.stderr)
        return 2
    configure_logging(settings)
    from bot.core.newsbot import NewsBot  # start-up: see the imports
    from bot.storage.seed import SeedError

    try:
        bot = NewsBot(settings)
    except SeedError as exc:  # the database is fine; a file under seeds/ is not
        print(f"newsbot: cannot load the seeds: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # an unreachable database is the common case: say so plainly
        print(
            f"newsbot: cannot open the database {_safe_url(settings.database_url)}: "
            f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
            file=sys.stderr,
        )
        return 2
    handler = {
        "run": _run,
        "ask": _ask,
        "chat": _chat,
        "digest": _digest,
        "chart": _chart,
        "ingest": _ingest,
        "discord": _discord,
    }.get(args.command, _admin)
    try:
        return handler(bot, args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    finally:
        bot.engine.dispose()


def _safe_url(url: str) -> str:
    """The database URL as it may be printed: without its password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return repr(make_url(url).render_as_string(hide_password=True))
    except ArgumentError:
        return "(unreadable URL)"


def _run(bot: NewsBot, args: argparse.Namespace) -> int:
    if args.headless:
        from bot.runtime.headless import run_headless

        return run_headless(bot, ops_port=args.ops_port)
    if args.ops_port is not None:
        from dataclasses import replace

        bot.settings = replace(bot.settings, ops_port=args.ops_port)
    from bot.runtime.run import run

    return run(bot)


def _discord(bot: NewsBot, args: argparse.Namespace) -> int:
    from bot.platforms.discord.cli import main as discord_main

    return discord_main(bot, args.discord_command, guild=getattr(args, "guild", None))


def _plain_answerer(settings: Settings) -> Callable[[str], StoryAnswer] | None:
    """The answerer straight from an up-to-date, seeded SQLite file, read without
    SQLAlchemy (bot.storage.plain_reads); None when the full path must run (it migrates
    and seeds first, and routes a question among several stories). Built fresh, as
    NewsBot would for a new process."""
    from datetime import UTC, datetime

    from bot.storage.plain_reads import read_answer_inputs
    from bot.storage.plain_stories import plain_stories

    stories = plain_stories(settings.database_url)
    if stories is None or len(stories) != 1:
        return None
    inputs = read_answer_inputs(settings.database_url, settings.seeds_dir)
    if inputs is None:
        return None
    from bot.core.stories import StoryRef, single
    from digests.answer import Answerer

    table, vocabulary = inputs
    answerer = Answerer(table, vocabulary=vocabulary, today=datetime.now(UTC).date())
    story = StoryRef(*stories[0])
    return lambda question: single(question, story, answerer, label=False)


def _ask(bot: NewsBot, args: argparse.Namespace) -> int:
    return _answer_all(lambda question: bot.answer(question, story=args.story), args)


def _answer_all(answer_question: Callable[[str], StoryAnswer], args: argparse.Namespace) -> int:
    questions = (
        [" ".join(args.question)] if args.question else (line.rstrip("\n") for line in sys.stdin)
    )
    for question in questions:
        if not question.strip() and not args.question:
            continue
        try:
            answer = answer_question(question)
        except ValueError as exc:  # an unknown story named by --story
            print(f"newsbot ask: {exc}", file=sys.stderr)
            return 2
        text = to_text(answer.document)
        if args.json:
            print(json.dumps(answer.to_json(text), ensure_ascii=False), flush=True)
        else:
            print(text + "\n", flush=True)
    return 0


def _chat(bot: NewsBot, args: argparse.Namespace) -> int:
    """One conversation: each line a question or a command; the context of one turn
    carries to the next, as in a chat thread."""
    from bot.cli.chat import run_chat  # only this command needs it

    return run_chat(bot, args)


def _digest(bot: NewsBot, args: argparse.Namespace) -> int:
    from bot.domain.stories import UnknownStory  # start-up: see the imports
    from bot.platforms.console.pictures import save_pictures  # start-up: see the imports
    from digests.document import Document

    if args.story and args.channel:
        # A story's whole picture is recorded for no channel: --channel would be ignored.
        print(
            "newsbot digest: --story prints that story's whole picture, for no channel; "
            "give --story or --channel, not both.",
            file=sys.stderr,
        )
        return 2
    if args.story:
        try:
            with bot.session() as session:
                doc = bot.build_digest(session, None, story=args.story)
        except UnknownStory as exc:
            print(f"newsbot digest: {exc}", file=sys.stderr)
            return 2
    elif args.full:
        with bot.session() as session:
            doc = bot.build_digest(session, None)
    else:
        try:
            request = _cli_request("digest", args.channel)
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return 2
        # Like a channel's: new since the last one printed here, one line when nothing is.
        where = ChannelRef(request.platform, request.workspace, request.channel)
        doc = bot.digest_for(where) or Document(kind="digest")
        doc = save_pictures(doc, bot.settings.chart_dir)  # the map as a file, not base64
    _print(doc, args.format)
    return 0


def _chart(bot: NewsBot, args: argparse.Namespace) -> int:
    from bot.cli.chart import write_chart  # draws with matplotlib: loaded for this command only

    return write_chart(bot, kind=args.kind, story=args.story, out=args.out)


def _print(doc: Document, fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        print(to_markdown(doc))
    else:
        print(to_text(doc))


def _cli_request(text: str, channel: str | None) -> Request:
    platform, workspace, name = "cli", "local", "shell"
    if channel:
        parts = channel.split("/")
        if len(parts) != 3 or not all(parts):
            raise ValueError(
                "newsbot: --channel takes PLATFORM/WORKSPACE/CHANNEL, e.g. console/local/console"
            )
        platform, workspace, name = parts
    # Whoever can run this command can write the database directly: the shell is admin.
    import getpass  # start-up: only admin commands name their user

    login = getpass.getuser()
    return Request(platform, workspace, name, f"shell:{login}", True, text, login)


# The commands that act on one channel: the shell must say which.
def channel_commands() -> tuple[str, ...]:
    """The commands that act on a channel, which the shell must name (``--channel``)."""
    return tuple(c.name for c in _commands().values() if c.cli is not None and c.cli.needs_channel)


# Several --channel options: the same command for each channel, in the order given.
MANY_CHANNEL_COMMANDS = ("subscribe", "unsubscribe")


def _channel_options(args: list[str]) -> tuple[list[str], list[str]]:
    """Takes every ``--channel X`` / ``--channel=X`` out of ``args``: (the rest, channels)."""
    rest: list[str] = []
    channels: list[str] = []
    it = iter(args)
    for arg in it:
        if arg == "--channel":
            channels.append(next(it, ""))
        elif arg.startswith("--channel="):
            channels.append(arg.partition("=")[2])
        else:
            rest.append(arg)
    return rest, channels


def _labelled(doc: Document, request: Request) -> Document:
    """With several channels, each reply says which channel it is about."""
    if doc.title is not None:
        return doc
    return replace(doc, title=f"{request.platform}/{request.workspace}/{request.channel}")


def _admin(bot: NewsBot, args: argparse.Namespace) -> int:
    rest = list(args.args)
    as_json = "--json" in rest
    rest = [a for a in rest if a != "--json"]
    rest, channels = _channel_options(rest)
    channel = channels[0] if channels else None
    if any(a in ("-h", "--help") for a in rest):
        rest = ["help", args.command]
    elif args.command in channel_commands() and channel is None:
        print(
            f"newsbot {args.command}: say which channel, e.g. "
            f"`newsbot {args.command} --channel slack/T0123/C0456 …` (PLATFORM/WORKSPACE/CHANNEL).",
            file=sys.stderr,
        )
        return 2
    else:
        rest = [args.command, *rest]
    if len(channels) > 1 and args.command not in MANY_CHANNEL_COMMANDS:
        print(
            f"newsbot {args.command}: one --channel at a time (got {len(channels)}); "
            f"only {' and '.join(MANY_CHANNEL_COMMANDS)} take several.",
            file=sys.stderr,
        )
        return 2
    if rest[0] == "story" and len(rest) > 1 and rest[1] == "new":
        from bot.cli.story import run_story_new  # reading articles loads the extraction

        return run_story_new(bot, rest[2:], as_json=as_json)
    listing = rest[0] in ("track", "stance", "story") and (len(rest) == 1 or rest[1] == "list")
    if as_json and listing:
        try:
            rows = _listing_json(bot, rest)
        except ValueError as exc:  # a usage mistake or an unknown story: say which
            print(f"newsbot {rest[0]} list: {exc}", file=sys.stderr)
            return 2
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    try:
        # Every channel is checked before any is changed: a typo in the third changes none.
        targets: list[str | None] = [*channels] or [None]
        requests = [_cli_request(_shell_join(rest), ch) for ch in targets]
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    from bot.commands.dispatch import dispatch  # start-up: see the imports

    docs = [
        _labelled(doc, request) if len(requests) > 1 else doc
        for request in requests
        for doc in dispatch(bot, request)
    ]
    failed = False
    for doc in docs:
        failed = failed or doc.kind in ("error", "refusal")
        if as_json:
            print(json.dumps(doc.to_dict(), ensure_ascii=False))
        else:
            print(to_text(doc), file=sys.stderr if failed else sys.stdout)
    return 1 if failed else 0


def _listing_json(bot: NewsBot, rest: list[str]) -> list[dict[str, object]]:
    """``track|stance|story list --json``: the listing, after checking its options."""
    from bot.commands.parsing import UsageError, parse, reject_unknown_options
    from bot.commands.stories import stories_json, story_option

    words, options = parse(_shell_join(rest[2:]))
    if words:
        raise UsageError(f"`list` takes no words (got “{' '.join(words)}”).")
    if rest[0] == "story":
        reject_unknown_options(options, (), "`story list --json` takes no options.")
        return stories_json(bot)
    reject_unknown_options(options, ("story",), f"`{rest[0]} list --json` takes --story KEY only.")
    return _table_json(bot, rest[0], story_option(bot, options))


def _table_json(bot: NewsBot, what: str, story: StoryRef | None) -> list[dict[str, object]]:
    from digests.answer import StanceHit, item_json  # start-up: see the imports

    answerer = bot.answerer(story.id if story else None)
    first = bot.first_story_ref()
    key = story.key if story else first.key if first else None
    if what == "track":
        return [
            {
                **item_json(i),
                "story": key,
                "description": i.description,
                "notes": i.notes,
                "source": i.source,
                "updated_at": i.updated_at.isoformat() if i.updated_at else None,
            }
            for i in answerer.table.items
        ]
    actors = {a.key: a for a in answerer.table.actors}
    return [
        {"actor_key": r.actor, **StanceHit(actors[r.actor], r).to_json(), "story": key}
        for r in answerer.table.stances
    ]


def _ingest(bot: NewsBot, args: argparse.Namespace) -> int:
    from bot.cli.ingest import run_ingest

    return run_ingest(bot, args)


if __name__ == "__main__":
    raise SystemExit(main())
