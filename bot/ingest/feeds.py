"""RSS and Atom feeds: parsed with feedparser, each item ingested once.

A feed item's own text is used when it carries the article (``content:encoded``, Atom
``content``); a teaser-only item has its link fetched — through the same safe fetcher —
and the page's article text extracted. A poll records every item it saw, in the same
transaction as the article it produced, so a crash or a second process never ingests
one twice.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import feedparser
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.domain.audit import audit
from bot.domain.author import Author
from bot.domain.errors import ChangeError
from bot.ingest.fetch import FetchError, check_url, fetch
from bot.ingest.pipeline import Ingestor, IngestOutcome
from bot.storage.models import Article, Feed, FeedEntry, Story
from digests.extraction import ArticleInput, InputError, from_html, from_text

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot

_log = logging.getLogger(__name__)

# An item with fewer words than this is a teaser: the article is behind its link.
FULL_TEXT_WORDS = 120


@dataclass(frozen=True)
class FeedItem:
    key: str  # the item's id, else its link, else its title
    title: str
    link: str | None
    published: date | None
    html: str  # content or summary, as the feed gives it

    @property
    def words(self) -> int:
        return len(self.html.split())


class FeedError(ValueError):
    """The feed cannot be read; the message says why."""


def parse_feed(body: bytes | str) -> tuple[str | None, list[FeedItem]]:
    """The feed's title and its items, newest first as the feed lists them."""
    parsed = feedparser.parse(body)
    if parsed.get("bozo") and not parsed.entries:
        raise FeedError("That is not an RSS or Atom feed I can read.")
    items = []
    for entry in parsed.entries:
        content = entry.get("content") or []
        html = max((c.get("value", "") for c in content), key=len, default="") or entry.get(
            "summary", ""
        )
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        published = datetime.fromtimestamp(calendar.timegm(when), UTC).date() if when else None
        link = entry.get("link")
        key = entry.get("id") or link or entry.get("title") or ""
        if not key:
            continue
        items.append(FeedItem(key[:500], entry.get("title") or "", link, published, html))
    return parsed.feed.get("title"), items


def item_article(bot: NewsBot, item: FeedItem, feed_title: str | None) -> ArticleInput:
    """The article a feed item stands for: its own text, or the page behind its link."""
    source = feed_title or "feed"
    if item.words < FULL_TEXT_WORDS and item.link:
        try:
            page = fetch(item.link, bot.settings)
            article = from_html(page.text, url=page.url, source=source)
            return article.with_defaults(
                title=item.title or None, source=None, published=item.published, url=item.link
            )
        except (FetchError, InputError) as exc:
            _log.info("feed item %s: link not used: %s", item.link, exc)
    if not item.html.strip():
        raise InputError("The feed item has no text and its link gave none.")
    text = item.html
    # Feed HTML is a fragment: wrapped as a page, the extractor reads it like one.
    wrapped = f"<html><body><article>{text}</article></body></html>" if "<" in text else text
    article = from_text(wrapped, title=item.title or None, source=source, url=item.link)
    return article.with_defaults(title=None, source=None, published=item.published, url=None)


def _story_key(bot: NewsBot, feed_id: int) -> str | None:
    """The key of the story a feed files its items under (None: each where it fits best)."""
    with bot.session() as session:
        return session.scalar(
            select(Story.key).join(Feed, Feed.story_id == Story.id).where(Feed.id == feed_id)
        )


def add_feed(session: Session, who: Author, url: str, settings: Any, every: int | None) -> Feed:
    try:
        url = check_url(url, settings)
    except FetchError as exc:
        raise ChangeError(str(exc)) from exc
    if session.scalar(select(Feed).where(Feed.url == url)) is not None:
        raise ChangeError("That feed is already followed; `feed list` shows them.")
    minutes = every or settings.feed_interval_minutes
    if not 5 <= minutes <= 7 * 24 * 60:
        raise ChangeError("Poll a feed every 5 minutes at the most often, and at least weekly.")
    feed = Feed(
        url=url,
        interval_minutes=minutes,
        next_poll_at=who.at,
        added_by=who.label,
        created_at=who.at,
    )
    session.add(feed)
    session.flush()
    audit(session, who, "feed.add", url, {"every": minutes})
    return feed


@dataclass
class PollResult:
    feed: str
    seen: int = 0
    added: int = 0
    duplicates: int = 0
    failed: int = 0
    error: str | None = None
    outcomes: list[IngestOutcome] | None = None

    def line(self) -> str:
        if self.error:
            return f"{self.feed}: {self.error}"
        return (
            f"{self.feed}: {self.seen} new items — {self.added} added, "
            f"{self.duplicates} duplicates, {self.failed} unreadable"
        )


def poll_feed(
    bot: NewsBot,
    feed_id: int,
    who: Author,
    *,
    ingestor: Ingestor | None = None,
    limit: int | None = None,
    apply_at: float | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> PollResult:
    """Fetch one feed and ingest every item not seen before (at most ``limit``)."""
    ingestor = ingestor or Ingestor(bot)
    with bot.session() as session:
        feed = session.get(Feed, feed_id)
        if feed is None:
            raise ChangeError(f"There is no feed #{feed_id}.")
        url, title, etag, modified = feed.url, feed.title, feed.etag, feed.modified
        seen = set(session.scalars(select(FeedEntry.entry_key).where(FeedEntry.feed_id == feed_id)))
    result = PollResult(title or url)
    try:
        # Conditional: a feed unchanged since the last poll answers 304 with no body.
        fetched = fetch(url, bot.settings, etag=etag, modified=modified)
        if fetched.not_modified:
            result.outcomes = []
            _finish(bot, feed_id, who.at, None, None)
            return result
        feed_title, items = parse_feed(fetched.body)
    except (FetchError, FeedError) as exc:
        result.error = str(exc)
        _finish(bot, feed_id, who.at, str(exc), None)
        return result
    result.feed = feed_title or url
    # Oldest first, so the table moves forward in the order things happened; feeds list
    # newest first, and an undated item keeps its place after the dated ones.
    fresh = sorted(
        (i for i in reversed(items) if i.key not in seen),
        key=lambda i: (i.published is None, i.published or date.min),
    )
    if limit is not None:
        fresh = fresh[-limit:] if limit > 0 else []
    result.outcomes = []
    for n, item in enumerate(fresh, 1):
        result.seen += 1
        outcome_text = _ingest_item(bot, ingestor, feed_id, item, feed_title, who, apply_at, result)
        if progress:
            progress(n, len(fresh), outcome_text)
    _finish(bot, feed_id, who.at, None, feed_title, fetched.etag, fetched.modified)
    return result


def _ingest_item(
    bot: NewsBot,
    ingestor: Ingestor,
    feed_id: int,
    item: FeedItem,
    feed_title: str | None,
    who: Author,
    apply_at: float | None,
    result: PollResult,
) -> str:
    def record(session: Session, article: Article | None, outcome: IngestOutcome) -> None:
        text = (
            "added"
            if article
            else f"near-duplicate of {outcome.duplicate_of and outcome.duplicate_of[0]}"
        )
        session.add(
            FeedEntry(
                feed_id=feed_id,
                entry_key=item.key,
                article_id=article.id if article else None,
                outcome=text[:200],
                seen_at=who.at,
            )
        )

    label = item.title or item.key
    try:
        raw = item_article(bot, item, feed_title)
        outcome = ingestor.ingest(
            raw, who, apply_at=apply_at, also=record, story=_story_key(bot, feed_id)
        )
    except (InputError, ChangeError) as exc:
        _remember_failure(bot, feed_id, item, who, str(exc))
        if "already stored" in str(exc):
            result.duplicates += 1
        else:
            result.failed += 1
        return f"{label}: {exc}"
    except IntegrityError:
        # Another process recorded this item first: it is theirs.
        result.duplicates += 1
        return f"{label}: already taken by another poll"
    except Exception:
        # A fault of ours: nothing was stored for the item, and it is not marked as seen,
        # so the next poll tries it again.
        _log.exception("feed item %s failed", item.key)
        result.failed += 1
        return f"{label}: failed; will be tried again at the next poll"
    assert result.outcomes is not None
    result.outcomes.append(outcome)
    if outcome.stored:
        result.added += 1
        return f"added {outcome.slug} ({len(outcome.proposals)} proposals)"
    result.duplicates += 1
    return f"{label}: near-duplicate of {outcome.duplicate_of[0] if outcome.duplicate_of else '?'}"


def _remember_failure(bot: NewsBot, feed_id: int, item: FeedItem, who: Author, why: str) -> None:
    try:
        with bot.session() as session:
            session.add(
                FeedEntry(
                    feed_id=feed_id,
                    entry_key=item.key,
                    article_id=None,
                    outcome=why[:200],
                    seen_at=who.at,
                )
            )
    except IntegrityError:
        pass


def _finish(
    bot: NewsBot,
    feed_id: int,
    at: datetime,
    error: str | None,
    title: str | None,
    etag: str | None = None,
    modified: str | None = None,
) -> None:
    with bot.session() as session:
        feed = session.get(Feed, feed_id)
        if feed is None:
            return
        feed.last_polled_at = at
        feed.last_error = error
        if title and not feed.title:
            feed.title = title[:500]
        if etag or modified:
            feed.etag, feed.modified = (etag or "")[:500] or None, (modified or "")[:200] or None
        feed.next_poll_at = at + timedelta(minutes=feed.interval_minutes)


def poll_due_feeds(bot: NewsBot) -> list[PollResult]:
    """Every feed whose time has come: what the scheduler runs each minute."""
    now = bot.clock()
    with bot.session() as session:
        due = list(
            session.scalars(
                select(Feed.id).where(Feed.next_poll_at <= now).order_by(Feed.next_poll_at)
            )
        )
    results = []
    ingestor = Ingestor(bot)
    who = Author("feed", "scheduler", "feeds", "feed-poller", now)
    for feed_id in due:
        try:
            results.append(poll_feed(bot, feed_id, who, ingestor=ingestor))
        except Exception:  # one broken feed must not stop the others
            _log.exception("polling feed #%s failed", feed_id)
    return results
