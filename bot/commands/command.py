"""How a command is declared, what it answers with, and what handlers read off a request.

A command is declared once, by a ``Command`` next to its handler: its name and aliases,
the help text, who may run it, and how each platform offers it (Slack's private replies,
buttons, a Discord slash command, a ``newsbot`` subcommand). Help, the dispatcher, the
command line, the Slack and Discord adapters and the button allow-list all read that one
declaration through ``bot.commands.table``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement

from bot.domain.author import Author
from bot.storage.models import DigestSchedule, Subscription
from digests.document import Document

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot
    from bot.core.request import Request


class Outcome(enum.Enum):
    """What a request came to, as a value adapters test (never the wording of a reply)."""

    DONE = "done"  # answered, or changed what was asked
    NOTHING_CHANGED = "nothing changed"  # a change that asked for what is already there
    ALREADY_DECIDED = "already decided"  # a proposal someone decided before this request
    REFUSED = "refused"  # not allowed for this user
    INVALID = "invalid"  # bad input: the reply says what to type instead
    STALE = "stale"  # someone else changed the row meanwhile
    FAILED = "failed"  # a bug or lost database: nothing was changed


@dataclass
class Reply:
    """The documents to post for one request, and what the request came to."""

    docs: list[Document]
    outcome: Outcome = Outcome.DONE
    # The typed error behind an INVALID, STALE, ALREADY_DECIDED or NOTHING_CHANGED reply,
    # for an adapter that shows it its own way (a form puts it under the field).
    cause: Exception | None = None


# A handler gets the words and options typed after the command's name, and returns the
# documents to post (or a Reply, when its outcome is not plain DONE); it raises UsageError
# (or ChangeError) to say what was typed wrong.
Handler = Callable[["NewsBot", "Request", list[str], dict[str, str]], "list[Document] | Reply"]


@dataclass(frozen=True)
class SlashOption:
    """One typed option of a generated slash command, and how it reads in the command's
    text: ``prefix`` then the value, quoted for the command grammar unless ``quote`` is
    off (text handed over as typed: a pasted article). An optional one left empty is
    left out."""

    name: str
    description: str
    required: bool = True
    prefix: str = ""
    quote: bool = True
    max_length: int | None = None
    # Offered from the stories' keys as the user types.
    stories: bool = False


@dataclass(frozen=True)
class SlashSub:
    """A subcommand of a generated slash command group (``/story list``)."""

    name: str
    description: str
    options: tuple[SlashOption, ...] = ()


@dataclass(frozen=True)
class Slash:
    """The command as a Discord slash command (or group of subcommands).

    With ``options`` or ``subcommands`` declared, the slash command is generated from
    this declaration (``bot.platforms.discord.declared``); without, the cog says how its
    typed options become the command's text. ``also``: (alias, description) pairs offered
    as slash commands of their own, typing the alias (``/stories``)."""

    description: str
    options: tuple[SlashOption, ...] = ()
    subcommands: tuple[SlashSub, ...] = ()
    also: tuple[tuple[str, str], ...] = ()

    @property
    def generated(self) -> bool:
        return bool(self.options or self.subcommands)


@dataclass(frozen=True)
class ChatOnly:
    """Declares that a command has no Discord slash command: it is typed in a mention."""


CHAT_ONLY = ChatOnly()


@dataclass(frozen=True)
class Cli:
    """The command as a ``newsbot`` subcommand: its line in ``newsbot --help``.

    ``passthrough``: the arguments are handed to the chat command as typed (as the shell
    admin); otherwise the command line has a parser of its own for it (``ask``).
    ``needs_channel``: the command acts on one channel, so ``--channel`` is required."""

    help: str
    passthrough: bool = True
    needs_channel: bool = False


@dataclass(frozen=True, kw_only=True)
class Command:
    name: str
    run: Handler
    usage: str
    example: str
    summary: str
    # Chat-only or a slash command: every command says which, so none is forgotten.
    discord: Slash | ChatOnly
    aliases: tuple[str, ...] = ()
    # Only admins may run it at all.
    admin: bool = False
    # Subcommands only admins may use, when the command itself is open to everyone.
    admin_subcommands: frozenset[str] = frozenset()
    # Free text (a question): handed over as typed, never split into words and options,
    # so "Germany's" or "x=y" inside it cannot be misread as quoting or an option.
    free_text: bool = False
    # Its replies are for the asker alone on Slack (help, the audit log), not the channel.
    private: bool = False
    # A button may run ``NAME NUMBER``; after a click the row says "<button> by <who>".
    button: str | None = None
    # None: not a ``newsbot`` subcommand.
    cli: Cli | None = None
    # The options it takes, for a command whose subcommands do not differ in them: the
    # dispatcher refuses any other by name before the handler runs. None: the handler
    # checks its options itself (per subcommand), or it is free text.
    options: tuple[str, ...] | None = None
    names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", (self.name, *self.aliases))


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
