"""ask and digest: what the story says now, for anyone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands.parsing import UsageError, readable
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
    if not text.strip():
        raise UsageError("Ask me something, e.g. `ask What is Germany's position?`")
    # A question typed after "ask" or as free text continues the sender's conversation.
    return [bot.answer(text, request.conversation()).document]


def digest(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    from bot.core.request import ChannelRef  # bot.core imports the commands: import it late

    doc = bot.digest_for(ChannelRef(request.platform, request.workspace, request.channel))
    return [doc] if doc else []
