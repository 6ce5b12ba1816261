"""story, follow, unfollow: the stories the bot follows, and which ones each channel gets.

Anyone lists them; admins archive a story and choose what a channel follows.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bot.commands.command import Cli, Command, Slash, SlashOption, SlashSub, author
from bot.commands.parsing import (
    UsageError,
    clean_request_text,
    parse,
    reject_unknown_options,
    subcommand,
)
from bot.core.stories import StoryRef
from bot.domain.stories import archive_story, resolve_story, set_following
from bot.storage.stories import all_stories, followed_ids, story_counts
from digests.document import Bullets, Context, Document, Paragraph, message

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot
    from bot.core.request import Request
    from digests.extraction import ArticleInput

STORY_USAGE = "story list | story archive KEY | story new TITLE [key=KEY] [from URL|text]"


def story_option(bot: NewsBot, options: dict[str, str]) -> StoryRef | None:
    """The ``story=KEY`` option (taken out of the options), as the story it names."""
    wanted = options.pop("story", None)
    if wanted is None:
        return None
    if not wanted.strip() or wanted == "true":
        raise UsageError("Which story? e.g. `story=trainers-coalition` (see `story list`).")
    with bot.session() as session:
        row = resolve_story(session, wanted)
        return StoryRef(row.id, row.key, row.title, row.status)


def stories_json(bot: NewsBot) -> list[dict[str, Any]]:
    """``newsbot story list --json``: one object per story, oldest first."""
    with bot.session() as session:
        counts = story_counts(session)
        return [
            {
                "key": s.key,
                "title": s.title,
                "status": s.status,
                **counts[s.id],
                "created_at": s.created_at.isoformat(),
            }
            for s in all_stories(session)
        ]


def story(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    # Declared free text, so that a pasted article after ``story new`` keeps its quotes;
    # the other subcommands are split into words and options here.
    typed = clean_request_text(request.text).split(None, 1)
    if not words and not options and len(typed) > 1:
        if typed[1].split(None, 1)[0].casefold() == "new":
            return _new(bot, request)
        words, options = parse(typed[1])
    sub, rest = subcommand(words, ("list", "archive", "new"), "list", STORY_USAGE)
    if sub == "new":
        return _new(bot, request)
    reject_unknown_options(options, (), f"Usage: {STORY_USAGE}")
    if sub == "list":
        if rest:
            raise UsageError(f"`story list` takes no words (got “{' '.join(rest)}”).")
        return [_list(bot, request)]
    if not rest:
        raise UsageError("Which story? e.g. `story archive trainers-coalition`.")
    with bot.session() as session:
        row = resolve_story(session, " ".join(rest))
        archive_story(session, author(bot, request), row)
        title = row.title
    bot.changed()
    return [message(f"Archived “{title}”: no more digests or alerts for it; its history stays.")]


def _new(bot: NewsBot, request: Request) -> list[Document]:
    """``story new TITLE [key=KEY] [from URL|text]``, read from the text as typed: a
    pasted article keeps its quotes and line breaks."""
    from bot.ingest.start import start_story

    parts = clean_request_text(request.text).split(None, 2)
    after = parts[2] if len(parts) > 2 else ""
    # A quoted title may hold " from " itself ("Troops from Estonia"): it ends at its
    # closing quote. Otherwise the title runs to " from " or to the end of the first line;
    # the article follows.
    quoted = re.match(r"\s*(?:'([^'\n]*)'|\"([^\"\n]*)\"|“([^”\n]*)”)", after)
    lead = ""
    if quoted:
        lead = next(g for g in quoted.groups() if g is not None)
        after = after[quoted.end() :]
    marker = re.search(r"(?i)(?:^|\s+)from\s+", after)
    newline = after.find("\n")
    if marker and (newline == -1 or marker.start() < newline):
        head, source = after[: marker.start()], after[marker.end() :]
    elif newline != -1:
        head, source = after[:newline], after[newline + 1 :]
    else:
        head, source = after, ""
    title, key = _title_and_key(head)
    if quoted:
        title = " ".join(filter(None, (lead.strip(), title)))
    if not title:
        raise UsageError(f"Give the story a title. Usage: {STORY_USAGE}")
    articles = [_article(bot, request, source.strip())] if source.strip() else []
    who = author(bot, request)
    start = start_story(bot, who, title, articles, key=key)
    doc = Document(title=f"New story: {start.title}", kind="reply")
    doc.add(
        Paragraph(
            f"Started `{start.key}`; its topic's words: {', '.join(start.keywords) or 'none yet'}."
        )
    )
    pending = [r for o in start.outcomes for r in o.proposals] + start.item_rows
    if pending:
        doc.add(Bullets(tuple(f"{r.get('line') or _line(r)} — {r['status']}" for r in pending)))
        doc.add(Context("`review` lists the proposals; `approve N` applies one."))
    elif articles:
        doc.add(Paragraph("The article proposed nothing yet: add more with `ingest story=KEY …`."))
    else:
        doc.add(Paragraph(f"Add its first articles with `ingest story={start.key} URL`."))
    for failure in start.failed:
        doc.add(Paragraph(f"Not read: {failure}"))
    return [doc]


def _line(row: dict[str, Any]) -> str:
    return f"#{row['id']} {row.get('item')}: due {row.get('changes', {}).get('due')}"


def _title_and_key(head: str) -> tuple[str, str | None]:
    """The title, and a ``key=…`` given with it."""
    key = None
    found = re.search(r"(?i)\bkey=(\S+)", head)
    if found:
        key = found.group(1)
        head = (head[: found.start()] + head[found.end() :]).strip()
    return head.strip().strip('"“”'), key


def _article(bot: NewsBot, request: Request, source: str) -> ArticleInput:
    from bot.ingest.fetch import FetchError, fetch
    from digests.extraction import InputError, from_html, from_text

    try:
        if "://" in source and " " not in source:
            page = fetch(source, bot.settings)
            if "html" in page.content_type:
                return from_html(page.text, url=page.url)
            return from_text(page.text, url=page.url, default_source=page.url)
        return from_text(source, default_source=f"pasted in chat by {request.user}")
    except (FetchError, InputError) as exc:
        raise UsageError(f"I could not read that article: {exc}") from exc


def _list(bot: NewsBot, request: Request) -> Document:
    doc = Document(title="Stories", kind="reply")
    with bot.session() as session:
        stories = all_stories(session)
        counts = story_counts(session)
        here = set(followed_ids(session, request.platform, request.workspace, request.channel))
        if not stories:
            return doc.add(Paragraph("No stories yet. Admins start one with `story new TITLE`."))
        lines = []
        for s in stories:
            c = counts[s.id]
            mark = " — followed here" if s.id in here else ""
            state = " (archived)" if s.status != "active" else ""
            counted = ", ".join(
                _count(c[what], noun)
                for what, noun in (
                    ("articles", "article"),
                    ("actors", "actor"),
                    ("items", "tracked item"),
                    ("followers", "following channel"),
                )
            )
            lines.append(f"{s.title} [{s.key}]{state}: {counted}{mark}")
        doc.add(Bullets(tuple(lines)))
        followed = [s.key for s in stories if s.id in here]
    doc.add(
        Context(
            f"This channel follows: {', '.join(followed) or 'no story'}. "
            "Admins change that with `follow KEY` / `unfollow KEY`."
        )
    )
    return doc


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _follow(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str], following: bool
) -> list[Document]:
    verb = "follow" if following else "unfollow"
    reject_unknown_options(options, (), f"Usage: {verb} STORY")
    if not words:
        raise UsageError(f"Which story? e.g. `{verb} trainers-coalition` (see `stories`).")
    with bot.session() as session:
        row = resolve_story(session, " ".join(words))
        set_following(session, author(bot, request), row, following)
        title = row.title
    bot.changed()
    if following:
        return [message(f"This channel now follows “{title}”: its digests and alerts come here.")]
    return [message(f"This channel no longer follows “{title}”.")]


def follow(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    return _follow(bot, request, words, options, True)


def unfollow(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    return _follow(bot, request, words, options, False)


STORY = Command(
    name="story",
    run=story,
    usage=STORY_USAGE,
    example="story list",
    summary="The stories followed, with what this channel gets; admins archive one.",
    aliases=("stories",),
    admin_subcommands=frozenset({"archive", "new"}),
    free_text=True,
    discord=Slash(
        "The stories followed, and which ones this channel gets",
        subcommands=(
            SlashSub("list", "Every story, with what this channel follows"),
            SlashSub(
                "new",
                "Start a story, from its first article (admins)",
                (
                    SlashOption("title", "The story's title"),
                    SlashOption(
                        "key", "Its key (default: made from the title)", False, prefix="key="
                    ),
                    SlashOption(
                        "article",
                        "Its first article: a link, or the text pasted",
                        False,
                        prefix="from ",
                        quote=False,
                        max_length=6000,
                    ),
                ),
            ),
            SlashSub(
                "archive",
                "No more digests or alerts of a story; its history stays (admins)",
                (SlashOption("story", "The story's key", stories=True),),
            ),
        ),
        also=(("stories", "The stories followed, and which ones this channel gets"),),
    ),
    cli=Cli("stories: list [--json] | archive KEY | new TITLE [--key KEY] [--from PATH|URL ...]"),
)
FOLLOW = Command(
    name="follow",
    run=follow,
    usage="follow STORY",
    example="follow trainers-coalition",
    summary="This channel gets the story's digests and alerts.",
    admin=True,
    discord=Slash(
        "This channel gets a story's digests and alerts (admins)",
        options=(SlashOption("story", "The story's key", stories=True),),
    ),
    cli=Cli("a channel follows a story", needs_channel=True),
)
UNFOLLOW = Command(
    name="unfollow",
    run=unfollow,
    usage="unfollow STORY",
    example="unfollow trainers-coalition",
    summary="No more digests or alerts of that story here.",
    admin=True,
    discord=Slash(
        "No more digests or alerts of a story here (admins)",
        options=(SlashOption("story", "The story's key", stories=True),),
    ),
    cli=Cli("a channel stops following a story", needs_channel=True),
)
