"""story, follow, unfollow: the stories the bot follows, and which ones each channel gets.

Anyone lists them; admins archive a story and choose what a channel follows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.commands.command import CHAT_ONLY, Cli, Command, author
from bot.commands.parsing import UsageError, reject_unknown_options, subcommand
from bot.core.stories import StoryRef
from bot.domain.stories import archive_story, resolve_story, set_following
from bot.storage.stories import all_stories, followed_ids, story_counts
from digests.document import Bullets, Context, Document, Paragraph, message

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot
    from bot.core.request import Request

STORY_USAGE = "story list | story archive KEY"


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
    sub, rest = subcommand(words, ("list", "archive"), "list", STORY_USAGE)
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
    discord=CHAT_ONLY,
    cli=Cli("stories: list [--json] | archive KEY"),
)
FOLLOW = Command(
    name="follow",
    run=follow,
    usage="follow STORY",
    example="follow trainers-coalition",
    summary="This channel gets the story's digests and alerts.",
    admin=True,
    discord=CHAT_ONLY,
    cli=Cli("a channel follows a story", needs_channel=True),
)
UNFOLLOW = Command(
    name="unfollow",
    run=unfollow,
    usage="unfollow STORY",
    example="unfollow trainers-coalition",
    summary="No more digests or alerts of that story here.",
    admin=True,
    discord=CHAT_ONLY,
    cli=Cli("a channel stops following a story", needs_channel=True),
)
