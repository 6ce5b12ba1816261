"""article add | list | file: an admin adds a news article (it shows in the next digest,
and what it implies for the stance table and tracked items is proposed for review), lists
the latest ones (those stored unfiled, which matched no story, with ``unfiled``), and
files an unfiled one under a story, which reads it into that story as ingest would."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.commands.command import CHAT_ONLY, Cli, Command, author
from bot.commands.follow import outcome_document
from bot.commands.parsing import UsageError, optional_date, reject_unknown_options, subcommand
from bot.storage.models import Article, Story
from digests.dates import human_date
from digests.document import Bullets, Context, Document, message

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot
    from bot.core.request import Request

ARTICLE_USAGE = (
    'article add title="…" source="…" [date=YYYY-MM-DD] [url=…] text="…" | '
    "article list [unfiled] | article file N story=KEY"
)
LISTED = 30  # the latest articles a list shows


def article(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    from bot.ingest.pipeline import Ingestor  # the ingest stack loads only when used
    from digests.extraction import ArticleInput

    sub, rest = subcommand(words, ("add", "list", "file"), "add", ARTICLE_USAGE)
    if sub == "list":
        return [_list(bot, rest, options)]
    if sub == "file":
        return [_file(bot, request, rest, options)]
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


def _list(bot: NewsBot, rest: list[str], options: dict[str, str]) -> Document:
    """``article list [unfiled]``: the latest articles, newest first, with their number
    and the story each is filed under."""
    reject_unknown_options(options, (), f"Usage: {ARTICLE_USAGE}")
    if rest not in ([], ["unfiled"]):
        raise UsageError(f"`article list` takes only `unfiled`. Usage: {ARTICLE_USAGE}")
    unfiled = bool(rest)
    with bot.session() as session:
        query = select(Article.id, Article.title, Article.source, Article.published, Story.key)
        query = query.outerjoin(Story, Article.story_id == Story.id)
        if unfiled:
            query = query.where(Article.story_id.is_(None))
        rows = session.execute(query.order_by(Article.id.desc()).limit(LISTED)).all()
    if not rows:
        return message("No article is unfiled." if unfiled else "No articles yet.")
    title = "Unfiled articles" if unfiled else "Latest articles"
    doc = Document(title=title, kind="reply")
    doc.add(
        Bullets(
            tuple(
                f"#{n} “{t}” — {src}, {human_date(pub) if pub else 'undated'}; "
                + (f"story `{key}`" if key else "unfiled")
                for n, t, src, pub, key in rows
            )
        )
    )
    if any(key is None for *_, key in rows):
        doc.add(Context("`article file N story=KEY` files one under a story and reads it."))
    return doc


def _file(bot: NewsBot, request: Request, rest: list[str], options: dict[str, str]) -> Document:
    """``article file N story=KEY``: an unfiled article read into the story named."""
    from bot.ingest.pipeline import Ingestor

    reject_unknown_options(options, ("story",), f"Usage: {ARTICLE_USAGE}")
    if len(rest) != 1:
        raise UsageError(f"Which article? e.g. `article file 12 story=KEY`. Usage: {ARTICLE_USAGE}")
    story = options.get("story", "").strip()
    if not story or story == "true":
        raise UsageError("Under which story? e.g. `article file 12 story=KEY` (see `stories`).")
    outcome = Ingestor(bot).file_unfiled(rest[0], story, author(bot, request))
    return outcome_document(outcome, filed=True)


ARTICLE = Command(
    name="article",
    run=article,
    usage=ARTICLE_USAGE,
    example='article add title="Estonia considers" source=ERR date=2024-06-12 text="…"',
    summary="Add an article; list the latest (or unfiled) ones; file an unfiled one.",
    aliases=("articles",),
    admin=True,
    discord=CHAT_ONLY,
    cli=Cli("articles: list [unfiled] | file N --story KEY"),
)
