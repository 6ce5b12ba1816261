"""``newsbot story new TITLE [--key KEY] [--from PATH|URL ...] [--apply] [--json]``.

Starts a story from its first articles (``bot.ingest.start``). ``--json`` prints one
object: ``{"story": {"key", "title"}, "topic": {...}, "articles": [...], "proposals":
[...]}``, the articles and proposals shaped as ``newsbot ingest --json`` prints them, each
stance proposal with its ``topic``. Progress and unreadable inputs go to standard error.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import TYPE_CHECKING

from bot.cli.ingest import _expand, _read
from bot.domain.author import Author
from bot.domain.errors import ChangeError
from bot.ingest.fetch import FetchError
from bot.ingest.start import start_story
from digests.extraction import ArticleInput, InputError

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newsbot story new", exit_on_error=False)
    p.add_argument("title", nargs="+")
    p.add_argument("--key", help="the story's key (default: made from the title)")
    p.add_argument(
        "--from",
        dest="sources",
        nargs="+",
        action="extend",
        default=[],
        metavar="PATH|URL",
        help="its first articles: files, folders of them, or URLs",
    )
    p.add_argument("--apply", action="store_true", help="apply confident proposals")
    return p


def run_story_new(bot: NewsBot, argv: list[str], *, as_json: bool) -> int:
    try:
        args = _parser().parse_args(argv)
    except (argparse.ArgumentError, SystemExit) as exc:
        if isinstance(exc, SystemExit):
            return 2 if exc.code else 0
        print(f"newsbot story new: {exc}", file=sys.stderr)
        return 2
    articles: list[ArticleInput] = []
    status = 0
    for target in _expand(args.sources):
        try:
            articles.append(_read(target, bot))
        except (OSError, UnicodeDecodeError, InputError, FetchError) as exc:
            print(f"newsbot story new: {target}: {exc}", file=sys.stderr)
            status = 1
    who = Author("cli", "local", "shell", f"shell:{getpass.getuser()}", bot.clock())
    apply_at = bot.settings.ingest_apply_threshold if args.apply else None
    try:
        start = start_story(
            bot, who, " ".join(args.title), articles, key=args.key, apply_at=apply_at
        )
    except ChangeError as exc:
        print(f"newsbot story new: {exc}", file=sys.stderr)
        return 2
    for failure in start.failed:
        print(f"newsbot story new: not read: {failure}", file=sys.stderr)
        status = 1
    data = start.to_json()
    if as_json:
        print(json.dumps(data, ensure_ascii=False))
        return status
    print(f"started {start.key}: {start.title}")
    print(f"  topic words: {', '.join(start.keywords)}")
    for article in data["articles"]:
        print(f"  article {article.get('slug')}: {article.get('title')}")
    for p in data["proposals"]:
        what = p.get("actor") or p.get("item")
        print(
            f"  #{p.get('id')} {p['kind']} {what}: {p.get('stance') or p.get('changes')} "
            f"({p['confidence']}, {p.get('status')})"
        )
    return status


__all__ = ["run_story_new"]
