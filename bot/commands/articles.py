"""article add: an admin adds a news article to the story; it shows in the next digest."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.changes import add_article
from bot.commands.command import author
from bot.commands.parsing import UsageError, optional_date, reject_unknown_options, subcommand
from digests.document import Document, message

if TYPE_CHECKING:
    from bot.core import NewsBot, Request

ARTICLE_USAGE = 'article add title="…" source="…" [date=YYYY-MM-DD] [url=…] text="…"'


def article(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    _, rest = subcommand(words, ("add",), "add", ARTICLE_USAGE)
    reject_unknown_options(
        options,
        ("title", "source", "date", "url", "text"),
        f"options are title, source, date, url, text. Usage: {ARTICLE_USAGE}",
    )
    if rest and options.get("text"):
        raise UsageError('Give the article text once, as text="…".')
    body = options.get("text") or " ".join(rest)
    if not body.strip():
        raise UsageError(f"The article has no text. Usage: {ARTICLE_USAGE}")
    who = author(bot, request)
    published = optional_date(options, who)
    with bot.session() as session:
        added = add_article(
            session,
            who,
            title=options.get("title", ""),
            source=options.get("source", ""),
            body=body,
            published=published,
            url=options.get("url"),
        )
        n = len(added.sentences)
    bot.changed()
    return [message(f"Added “{added.title}” ({n} sentences); it will be in the next digest.")]
