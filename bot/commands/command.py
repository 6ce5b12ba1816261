"""One entry of the command table, and what handlers read off a request: who asked, and
which channel it came from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement

from bot.domain.author import Author
from bot.storage.models import DigestSchedule, Subscription
from digests.document import Document

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot
    from bot.core.request import Request

# A handler gets the words and options typed after the command's name, and returns the
# documents to post; it raises UsageError (or ChangeError) to say what was typed wrong.
Handler = Callable[["NewsBot", "Request", list[str], dict[str, str]], list[Document]]


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    example: str
    summary: str
    admin: bool
    run: Handler
    # Subcommands only admins may use, when the command itself is open to everyone.
    admin_subcommands: frozenset[str] = frozenset()
    # Free text (a question): handed over as typed, never split into words and options,
    # so "Germany's" or "x=y" inside it cannot be misread as quoting or an option.
    free_text: bool = False


def author(bot: NewsBot, request: Request) -> Author:
    """Who asked, where and when: what history, alerts and the audit log record."""
    return Author(
        request.platform,
        request.workspace,
        request.channel,
        request.user,
        bot.clock(),
        request.user_name,
    )


def in_this_channel(
    model: type[Subscription] | type[DigestSchedule], request: Request
) -> tuple[ColumnElement[bool], ...]:
    """The conditions that pick the row of the channel the request came from."""
    return (
        model.platform == request.platform,
        model.workspace == request.workspace,
        model.channel == request.channel,
    )
