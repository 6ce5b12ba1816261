"""The ``newsbot`` command line (see DESIGN.md's command-line contract)."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import re
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.core import NewsBot, Request
from bot.settings import Settings
from digests.answer import StanceHit, item_json
from digests.document import Document
from digests.render import to_markdown, to_text

_log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsbot", description="Keep a team on top of a developing story.")
    parser.add_argument("--db", help="SQLAlchemy database URL (default: $DATABASE_URL or ./newsbot.db)")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("run", help="run the bot: Discord, Slack or the console, with the scheduler")

    ask = sub.add_parser("ask", help="answer questions once (from stdin when none is given)")
    ask.add_argument("--json", action="store_true", help="one JSON object per question, per line")
    ask.add_argument("question", nargs="*")

    digest = sub.add_parser("digest", help="build the digest now and print it")
    digest.add_argument("--format", choices=("text", "markdown", "json"), default="text")

    for name, help_text in (
        ("track", "tracked items: list [--json] | show | history | add | update"),
        ("stance", "stances: list [--json] | show | history | set"),
        ("schedule", "digest schedules for a channel (--channel PLATFORM/WORKSPACE/CHANNEL)"),
        ("subscribe", "subscribe a channel to alerts (--channel …)"),
        ("unsubscribe", "unsubscribe a channel (--channel …)"),
        ("audit", "the audit log"),
    ):
        p = sub.add_parser(name, help=help_text, prefix_chars="\0")
        p.add_argument("args", nargs=argparse.REMAINDER)

    ingest = sub.add_parser("ingest", help="add article files to the story")
    ingest.add_argument("paths", nargs="+", type=Path)
    ingest.add_argument("--title")
    ingest.add_argument("--source")
    ingest.add_argument("--date")
    ingest.add_argument("--url")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings.from_env(args.db)
    logging.basicConfig(
        level=getattr(logging, settings.log_level.upper(), logging.WARNING),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        bot = NewsBot(settings)
    except Exception as exc:  # an unreachable database is the common case: say so plainly
        print(f"newsbot: cannot open the database {settings.database_url!r}: {exc}", file=sys.stderr)
        return 2
    handler = {
        "run": _run,
        "ask": _ask,
        "digest": _digest,
        "ingest": _ingest,
    }.get(args.command, _admin)
    try:
        return handler(bot, args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _run(bot: NewsBot, args: argparse.Namespace) -> int:
    from bot.runner import run

    return run(bot)


def _ask(bot: NewsBot, args: argparse.Namespace) -> int:
    questions = [" ".join(args.question)] if args.question else (line.rstrip("\n") for line in sys.stdin)
    for question in questions:
        if not question.strip() and not args.question:
            continue
        answer = bot.answer(question)
        text = to_text(answer.document)
        if args.json:
            print(json.dumps(answer.to_json(text), ensure_ascii=False), flush=True)
        else:
            print(text + "\n", flush=True)
    return 0


def _digest(bot: NewsBot, args: argparse.Namespace) -> int:
    with bot.session() as session:
        doc = bot.build_digest(session, None)
    _print(doc, args.format)
    return 0


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
            raise SystemExit("newsbot: --channel takes PLATFORM/WORKSPACE/CHANNEL, e.g. console/local/console")
        platform, workspace, name = parts
    # Whoever can run this command can write the database directly: the shell is admin.
    return Request(platform, workspace, name, f"shell:{getpass.getuser()}", True, text)


def _admin(bot: NewsBot, args: argparse.Namespace) -> int:
    rest = list(args.args)
    as_json = "--json" in rest
    rest = [a for a in rest if a != "--json"]
    channel = None
    if "--channel" in rest:
        i = rest.index("--channel")
        channel = rest[i + 1] if i + 1 < len(rest) else ""
        del rest[i : i + 2]
    if as_json and args.command in ("track", "stance") and (not rest or rest[0] == "list"):
        print(json.dumps(_table_json(bot, args.command), ensure_ascii=False, indent=2))
        return 0
    text = shlex.join([args.command, *rest])
    docs = bot.handle(_cli_request(text, channel))
    failed = False
    for doc in docs:
        failed = failed or doc.kind in ("error", "refusal")
        if as_json:
            print(json.dumps(doc.to_dict(), ensure_ascii=False))
        else:
            print(to_text(doc), file=sys.stderr if doc.kind == "error" else sys.stdout)
    return 1 if failed else 0


def _table_json(bot: NewsBot, what: str) -> list[dict[str, object]]:
    answerer = bot.answerer()
    if what == "track":
        return [
            {**item_json(i), "description": i.description, "notes": i.notes, "source": i.source,
             "updated_at": i.updated_at.isoformat() if i.updated_at else None}
            for i in answerer.table.items
        ]
    actors = {a.key: a for a in answerer.table.actors}
    return [{"actor_key": r.actor, **StanceHit(actors[r.actor], r).to_json()} for r in answerer.table.stances]


_HEADER = re.compile(r"^(title|published|date|source|url)\s*:\s*(.+)$", re.IGNORECASE)


def read_article_file(path: Path) -> tuple[dict[str, str], str]:
    """Header lines (``Title:``, ``Published:``, ``Source:``) then a blank line, then the body."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines) and (m := _HEADER.match(lines[i].strip())):
        key = m.group(1).lower()
        meta["date" if key == "published" else key] = m.group(2).strip()
        i += 1
    body = "\n".join(lines[i:]).strip() if meta else text.strip()
    return meta, body


def _ingest(bot: NewsBot, args: argparse.Namespace) -> int:
    from bot.changes import Author, ChangeError, add_article
    from digests.dates import DateError, parse_date

    who = Author("cli", "local", "shell", f"shell:{getpass.getuser()}")
    status = 0
    for n, path in enumerate(args.paths, 1):
        try:
            meta, body = read_article_file(path)
            title = args.title or meta.get("title") or path.stem.replace("-", " ")
            source = args.source or meta.get("source") or "unknown source"
            raw_date = args.date or meta.get("date")
            with bot.session() as session:
                article = add_article(
                    session, who, title=title, source=source, body=body,
                    published=parse_date(raw_date) if raw_date else None,
                    url=args.url or meta.get("url"),
                )
                print(f"[{n}/{len(args.paths)}] added {article.slug} ({len(article.sentences)} sentences)")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"[{n}/{len(args.paths)}] {path}: cannot read: {exc}", file=sys.stderr)
            status = 1
        except (ChangeError, DateError) as exc:
            print(f"[{n}/{len(args.paths)}] {path}: {exc}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
