"""ask and digest: what the story says now, for anyone."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.commands.command import Cli, Command, Slash
from bot.commands.parsing import UsageError, readable
from bot.core.request import ChannelRef
from digests.document import Document

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot
    from bot.core.request import Request


def ask(
    bot: NewsBot,
    request: Request,
    words: list[str],
    options: dict[str, str],
    question: str | None = None,
) -> list[Document]:
    """Answer ``ask QUESTION``, or ``question``: any text that is not a command."""
    # The question is the text as typed after "ask", not the parsed words: its quotes
    # and any "=" belong to it.
    text = question if question is not None else readable(request.text).partition(" ")[2]
    story = None
    if question is None:
        story, text = _story_prefix(text)
    if not text.strip():
        raise UsageError("Ask me something, e.g. `ask What is Germany's position?`")
    where = ChannelRef(request.platform, request.workspace, request.channel)
    # A question typed after "ask" or as free text continues the sender's conversation.
    return [bot.answer(text, request.conversation(), story=story, where=where).document]


def _story_prefix(text: str) -> tuple[str | None, str]:
    """``ask story=KEY QUESTION`` or ``ask --story KEY QUESTION``: the story named, and the
    question after it. Only a leading option is read: the question itself is free text,
    but a leading option other than story (``ask storey=x …``) is a typo to point out."""
    head, _, rest = text.strip().partition(" ")
    if head.casefold().startswith("story="):
        return head.partition("=")[2] or None, rest
    if head.casefold() == "--story":
        key, _, question = rest.strip().partition(" ")
        return key or None, question
    option = _LEADING_OPTION.match(head)
    if option:
        name = (option.group(1) or option.group(2)).casefold().replace("-", "_")
        raise UsageError(f"Unknown option {name}; `ask` takes story=KEY only, then the question.")
    return None, text


# ``name=value`` or ``--name`` at the start of a question: what an option looks like.
_LEADING_OPTION = re.compile(r"^(?:--([A-Za-z][\w-]*)|([A-Za-z_][\w-]*)=\S*)$")


def digest(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    """``digest``: this channel's, of the stories it follows (recorded as its last);
    ``digest story=KEY``: that story's whole picture, recorded for no channel."""
    if words:
        raise UsageError(
            f"`digest` takes no words (got “{' '.join(words)}”). Usage: {DIGEST_USAGE}"
        )
    story = options.get("story")
    if story is not None:
        if not story.strip() or story == "true":
            raise UsageError("Which story? e.g. `digest story=trainers-coalition`.")
        with bot.session() as session:
            found = bot.compose_digest(session, None, story, maps=bot.settings.digest_chart)
        return [found.document]
    doc = bot.digest_for(ChannelRef(request.platform, request.workspace, request.channel))
    return [doc] if doc else []


DIGEST_USAGE = "digest [story=KEY]"


ASK = Command(
    name="ask",
    run=ask,
    usage="ask [story=KEY] QUESTION",
    example="ask Where does Berlin stand?",
    summary="Who stands where, with the quote that backs it.",
    free_text=True,
    discord=Slash("Who stands where, with the quote that backs it"),
    cli=Cli("answer questions once (from stdin when none is given)", passthrough=False),
)
DIGEST = Command(
    name="digest",
    run=digest,
    usage=DIGEST_USAGE,
    example="digest",
    summary="The digest for this channel, now.",
    discord=Slash("The digest for this channel, now"),
    cli=Cli("build the digest now and print it", passthrough=False),
    options=("story",),
)
