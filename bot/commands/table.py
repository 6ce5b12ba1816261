"""The command table: every command's name, usage, example, summary, rights and handler.

``help`` and the dispatcher both read it, so a command added here is listed and routed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands.answers import ask, digest
from bot.commands.articles import ARTICLE_USAGE, article
from bot.commands.audit_log import audit_log
from bot.commands.command import Command
from bot.commands.follow import (
    APPROVE_USAGE,
    FEED_USAGE,
    INGEST_USAGE,
    PROPOSALS_USAGE,
    REJECT_USAGE,
    approve,
    feed,
    ingest,
    proposals_cmd,
    reject,
)
from bot.commands.help import help_for
from bot.commands.items import TRACK_USAGE, track
from bot.commands.schedules import SCHEDULE_USAGE, schedule
from bot.commands.stances import STANCE_USAGE, stance
from bot.commands.subscriptions import subscribe, subscriptions, unsubscribe
from digests.document import Document

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot
    from bot.core.request import Request


def _help(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    return help_for(COMMANDS, words)


COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command(
            "ask",
            "ask QUESTION",
            "ask Where does Berlin stand?",
            "Who stands where, with the quote that backs it.",
            False,
            ask,
            free_text=True,
        ),
        Command("digest", "digest", "digest", "The digest for this channel, now.", False, digest),
        Command(
            "track",
            TRACK_USAGE,
            'track update eumam-revision status=agreed source="Council press release"',
            "Tracked items: list, show, history; admins add and update.",
            False,
            track,
            frozenset({"add", "update", "set"}),
        ),
        Command(
            "stance",
            STANCE_USAGE,
            'stance set Sweden undecided summary="No proposal yet"',
            "The stance table: list, show, history; admins set.",
            False,
            stance,
            frozenset({"set", "update"}),
        ),
        Command(
            "subscribe",
            "subscribe",
            "subscribe",
            "Alerts for this channel when items or stances change.",
            True,
            subscribe,
        ),
        Command(
            "unsubscribe",
            "unsubscribe",
            "unsubscribe",
            "Stop alerts for this channel.",
            True,
            unsubscribe,
        ),
        Command(
            "subscriptions",
            "subscriptions",
            "subscriptions",
            "Which channels get alerts and digests.",
            False,
            subscriptions,
        ),
        Command(
            "schedule",
            SCHEDULE_USAGE,
            "schedule daily 08:00 tz=Europe/Berlin",
            "When this channel gets its digest.",
            False,
            schedule,
            frozenset({"daily", "weekdays", "cron", "off"}),
        ),
        Command(
            "article",
            ARTICLE_USAGE,
            'article add title="Estonia considers" source=ERR date=2024-06-12 text="…"',
            "Add an article to the story.",
            True,
            article,
        ),
        Command(
            "ingest",
            INGEST_USAGE,
            "ingest https://example.org/news/estonia-troops",
            "Read a new article (a link, or pasted text) and propose the updates it implies.",
            True,
            ingest,
            free_text=True,
        ),
        Command(
            "review",
            PROPOSALS_USAGE,
            "review",
            "Updates proposed from new articles, waiting for an admin; auto-apply.",
            False,
            proposals_cmd,
            frozenset({"auto", "here", "nowhere"}),
        ),
        Command(
            "approve",
            APPROVE_USAGE,
            "approve 3",
            "Apply a proposed update (audited and alerted like any change).",
            True,
            approve,
        ),
        Command(
            "reject",
            REJECT_USAGE,
            "reject 4 wrong actor",
            "Drop a proposal.",
            True,
            reject,
            free_text=True,
        ),
        Command(
            "feed",
            FEED_USAGE,
            "feed add https://example.org/rss every=30",
            "RSS/Atom feeds whose new items are ingested on a schedule.",
            False,
            feed,
            frozenset({"add", "remove", "poll"}),
        ),
        Command(
            "audit", "audit [N]", "audit 10", "The latest changes and refusals.", True, audit_log
        ),
        Command("help", "help [COMMAND]", "help track", "This list.", False, _help),
    )
}
ALIASES = {
    "?": "help",
    "commands": "help",
    "items": "track",
    "stances": "stance",
    "subs": "subscriptions",
    "feeds": "feed",
    "pending": "review",
}
