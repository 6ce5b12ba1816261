"""``newsbot ingest``: files, folders, URLs and feed backfills from the shell.

Progress goes to stderr, one line per article; ``--json`` prints exactly one JSON object
per input on stdout (``{"input": ..., "error": ..., "article": {...}, "proposals": [...]}``;
a folder's files and the items of a saved feed file are inputs each, "feed.xml#2"),
a near-duplicate (``error`` says of what) or an unreadable input (``error`` says why,
``article`` is null) included. A bad input is reported and skipped — the others still go
in — and the exit status is 1 if any failed.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.domain.author import Author
from bot.domain.checks import check_date
from bot.domain.errors import ChangeError
from bot.ingest.feeds import FeedError, add_feed, item_article, parse_feed, poll_feed
from bot.ingest.fetch import FetchError, fetch
from bot.ingest.pipeline import Ingestor, IngestOutcome
from bot.storage.models import Feed
from digests.extraction import ArticleInput, InputError, from_html, from_text

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot

# Files a folder is read for; anything else in it is left alone.
ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")
# A saved feed given by name is read item by item: each is an input of its own.
FEED_SUFFIXES = (".xml", ".rss", ".atom")


@dataclass(frozen=True)
class _FeedEntry:
    """One item of a saved feed file with several: an input of its own, as a folder's
    files are."""

    path: Path
    number: int  # 1-based, in the feed's order

    def __str__(self) -> str:
        return f"{self.path}#{self.number}"


def _expand(inputs: list[str]) -> Iterator[str | Path | _FeedEntry]:
    for raw in inputs:
        if "://" in raw or raw == "-":
            yield raw  # a URL, or "-": the article on standard input
            continue
        path = Path(raw)
        if path.is_file() and path.suffix.lower() in FEED_SUFFIXES:
            count = _feed_items(path)
            if count > 1:
                yield from (_FeedEntry(path, n) for n in range(1, count + 1))
                continue
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            )
            if not found:
                yield path  # reported as an empty folder
            yield from found
        else:
            yield path


def _feed_items(path: Path) -> int:
    """How many items a saved feed file holds (0 when it is no feed one can read)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        return len(parse_feed(text)[1]) if _looks_like_feed(text) else 0
    except (OSError, UnicodeDecodeError, FeedError):
        return 0  # reported when the file itself is read


def _read(target: str | Path | _FeedEntry, bot: NewsBot) -> ArticleInput:
    if isinstance(target, _FeedEntry):
        return _feed_file(target.path.read_text(encoding="utf-8-sig"), bot, target.number)
    if target == "-":
        return from_text(sys.stdin.read(), default_source="standard input")
    if isinstance(target, str):
        page = fetch(target, bot.settings)
        if "xml" in page.content_type or page.text.lstrip()[:200].startswith("<?xml"):
            raise InputError("That is a feed, not an article: use --feed URL to backfill it.")
        if "html" in page.content_type:
            return from_html(page.text, url=page.url)
        return from_text(page.text, url=page.url, default_source=page.url)
    if target.is_dir():
        raise InputError(f"the folder has no {', '.join(ARTICLE_SUFFIXES)} files.")
    raw = target.read_bytes()
    if len(raw) > bot.settings.fetch_max_bytes:
        raise InputError(f"{len(raw):,} bytes is more than an article.")
    text = raw.decode("utf-8-sig")
    if _looks_like_feed(text):
        return _feed_file(text, bot)
    if target.suffix.lower() in (".html", ".htm"):
        return from_html(text)
    return from_text(text, title=None, default_source="unknown source")


def _looks_like_feed(text: str) -> bool:
    head = text.lstrip()[:500]
    return head.startswith("<?xml") and ("<rss" in head or "<feed" in head or "<rdf" in head)


def _feed_file(text: str, bot: NewsBot, number: int = 1) -> ArticleInput:
    """Item ``number`` of a saved feed, read from the feed's own text (its link is not
    fetched: the file is what was saved)."""
    try:
        title, items = parse_feed(text)
    except FeedError as exc:
        raise InputError(str(exc)) from exc
    if not 1 <= number <= len(items):
        raise InputError("That feed has no items to read.")
    return item_article(bot, replace(items[number - 1], link=None), title)


def run_ingest(bot: NewsBot, args: argparse.Namespace) -> int:
    if args.reread is not None:
        return _reread(bot, args)
    if not args.inputs and not args.feed:
        print(
            "newsbot ingest: give article files, a folder, a URL, or --feed URL.", file=sys.stderr
        )
        return 2
    who = Author("cli", "local", "shell", f"shell:{getpass.getuser()}", bot.clock())
    try:
        published = check_date("date", args.date, not_after=who.at.date()) if args.date else None
    except ChangeError as exc:
        print(f"newsbot ingest: {exc}", file=sys.stderr)
        return 2
    apply_at = bot.settings.ingest_apply_threshold if args.apply else None
    ingestor = Ingestor(bot)
    targets = list(_expand(args.inputs))
    status = 0
    counts = {"added": 0, "duplicates": 0, "failed": 0, "proposals": 0, "applied": 0}
    for n, target in enumerate(targets, 1):
        label = str(target)
        prefix = f"[{n}/{len(targets)}] {label}"
        print(f"{prefix} …", file=sys.stderr, flush=True)
        why: str
        try:
            raw = _read(target, bot).with_defaults(
                title=args.title, source=args.source, published=published, url=args.url
            )
            outcome = ingestor.ingest(
                raw, who, apply_at=apply_at, force=args.force, story=args.story
            )
        except IsADirectoryError:
            why = "is a folder; give article files."
        except UnicodeDecodeError:
            why = "not UTF-8 text; save it as UTF-8."
        except OSError as exc:
            why = f"cannot read: {exc.strerror or exc}"
        except (InputError, ChangeError, FetchError) as exc:
            why = str(exc)
        else:
            _report(prefix, label, outcome, counts, as_json=args.json)
            continue
        print(f"{prefix}: {why}", file=sys.stderr)
        if args.json:
            # One object per input, a failed one too, so a script can pair them up.
            failed: dict[str, object] = {
                "input": label,
                "error": why,
                "article": None,
                "proposals": [],
            }
            print(json.dumps(failed, ensure_ascii=False), flush=True)
        counts["failed"] += 1
        status = 1
    for url in args.feed:
        status = max(status, _backfill(bot, ingestor, who, url, args, apply_at, counts))
    if len(targets) + len(args.feed) > 1 or args.feed:
        print(
            f"done: {counts['added']} added, {counts['duplicates']} near-duplicates skipped, "
            f"{counts['failed']} failed; {counts['proposals']} proposals, "
            f"{counts['applied']} applied",
            file=sys.stderr,
        )
    return status


def _reread(bot: NewsBot, args: argparse.Namespace) -> int:
    if args.inputs or args.feed:
        print("newsbot ingest: --reread takes article slugs, not files or feeds.", file=sys.stderr)
        return 2
    who = Author("cli", "local", "shell", f"shell:{getpass.getuser()}", bot.clock())
    ingestor = Ingestor(bot)
    slugs = args.reread or ingestor.stored_slugs()
    apply_at = bot.settings.ingest_apply_threshold if args.apply else None
    status = 0
    for n, slug in enumerate(slugs, 1):
        prefix = f"[{n}/{len(slugs)}] {slug}"
        try:
            outcome = ingestor.reread(slug, who, apply_at=apply_at)
        except ChangeError as exc:
            print(f"{prefix}: {exc}", file=sys.stderr)
            if args.json:
                failed = {"input": slug, "error": str(exc), "article": None, "proposals": []}
                print(json.dumps(failed, ensure_ascii=False), flush=True)
            status = 1
            continue
        if args.json:
            data = {"input": slug, "error": None, **outcome.to_json()}
            print(json.dumps(data, ensure_ascii=False), flush=True)
        print(f"{prefix}: {len(outcome.proposals)} new proposals", file=sys.stderr)
    return status


def _report(
    prefix: str, label: str, outcome: IngestOutcome, counts: dict[str, int], *, as_json: bool
) -> None:
    duplicate = None
    if not outcome.stored:
        slug, title, score = outcome.duplicate_of or ("?", "?", 0.0)
        duplicate = f"near-duplicate ({score:.0%} alike) of “{title}” ({slug})"
    if as_json:
        data = {"input": label, "error": duplicate, **outcome.to_json()}
        print(json.dumps(data, ensure_ascii=False), flush=True)
    if duplicate is not None:
        counts["duplicates"] += 1
        print(f"{prefix}: skipped — {duplicate}; --force stores it anyway", file=sys.stderr)
        return
    counts["added"] += 1
    applied = [p for p in outcome.proposals if p["status"] == "applied"]
    counts["proposals"] += len(outcome.proposals)
    counts["applied"] += len(applied)
    filing = outcome.filing
    if filing is not None and filing.story is None:
        print(
            f"{prefix}: stored unfiled — {filing.reason}; nothing proposed (--story KEY files it)",
            file=sys.stderr,
        )
    if as_json:
        return
    print(
        f"added {outcome.slug} ({outcome.sentences} sentences, "
        f"{len(outcome.proposals)} proposals, {len(applied)} applied)",
        flush=True,
    )
    for p in outcome.proposals:
        state = f"applied: {p['note']}" if p["status"] == "applied" else "pending"
        print(f"  {p['line']} — {state}")


def _backfill(
    bot: NewsBot,
    ingestor: Ingestor,
    who: Author,
    url: str,
    args: argparse.Namespace,
    apply_at: float | None,
    counts: dict[str, int],
) -> int:
    try:
        with bot.session() as session:
            feed = session.scalar(select(Feed).where(Feed.url == url))
            created = feed is None
            if feed is None:
                feed = add_feed(session, who, url, bot.settings, None)
            feed_id = feed.id
    except ChangeError as exc:
        print(f"{url}: {exc}", file=sys.stderr)
        return 1

    def progress(n: int, total: int, text: str) -> None:
        print(f"[{n}/{total}] {text}", file=sys.stderr, flush=True)

    result = poll_feed(
        bot, feed_id, who, ingestor=ingestor, limit=args.limit, apply_at=apply_at, progress=progress
    )
    if created and (result.error or not args.follow):
        # A one-off backfill (or a feed that could not be read) is not followed afterwards.
        with bot.session() as session:
            row = session.get(Feed, feed_id)
            if row is not None:
                session.delete(row)
    elif args.follow:
        print(f"{url}: followed; `feed list` in chat shows it.", file=sys.stderr)
    if result.error:
        print(f"{url}: {result.error}", file=sys.stderr)
        return 1
    for outcome in result.outcomes or []:
        if args.json:
            print(json.dumps(outcome.to_json(), ensure_ascii=False), flush=True)
        counts["added" if outcome.stored else "duplicates"] += 1
        counts["proposals"] += len(outcome.proposals)
        counts["applied"] += sum(p["status"] == "applied" for p in outcome.proposals)
    counts["failed"] += result.failed
    return 1 if result.failed else 0


__all__ = ["FeedError", "parse_feed", "run_ingest"]
