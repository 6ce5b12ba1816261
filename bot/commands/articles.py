"""article add: an admin adds a news article to the story; it shows in the next digest,
and what it implies for the stance table and tracked items is proposed for review."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands.command import CHAT_ONLY, Command, author
from bot.commands.follow import outcome_document
from bot.commands.parsing import UsageError, optional_date, reject_unknown_options, subcommand
from digests.document import Document

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot
    from bot.core.request import Request

ARTICLE_USAGE = 'article add title="…" source="…" [date=YYYY-MM-DD] [url=…] text="…"'


def article(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    from bot.ingest.pipeline import Ingestor  # the ingest stack loads only when used
    from digests.extraction import ArticleInput

    _, rest = subcommand(words, ("add",), "add", ARTICLE_USAGE)
    reject_unknown_options(
        options,
        ("title", "source", "date", "url", "text", "force"),
        f"options are title, source, date, url, text. Usage: {ARTICLE_USAGE}",
    )
    if rest and options.get("text"):
        raise UsageError('Give the article text once, as text="…".')
    body = options.get("text") or " ".join(rest)
    if not body.strip():
        raise UsageError(f"The article has no text. Usage: {ARTICLE_USAGE}")
    who = author(bot, request)
    published = optional_date(options, who)
    raw = ArticleInput(
        title=options.get("title", ""),
        source=options.get("source", ""),
        body=body,
        published=published,
        url=options.get("url"),
    )
    force = options.get("force", "").lower() in ("1", "yes", "true", "on")
    outcome = Ingestor(bot).ingest(raw, who, force=force)
    return [outcome_document(outcome)]


ARTICLE = Command(
    name="article",
    run=article,
    usage=ARTICLE_USAGE,
    example='article add title="Estonia considers" source=ERR date=2024-06-12 text="…"',
    summary="Add an article to the story.",
    admin=True,
    discord=CHAT_ONLY,
)
