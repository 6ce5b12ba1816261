"""The command table: every command, in the order ``help`` lists them.

Each command is declared next to its handler (``items.TRACK`` beside ``items.track``);
this module only puts them in order and answers "which command is this word?".
``help``, the dispatcher, the command line, the Slack and Discord adapters and the
button allow-list all read the table, so a command added here is everywhere at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands.answers import ASK, DIGEST
from bot.commands.articles import ARTICLE
from bot.commands.audit_log import AUDIT
from bot.commands.command import Command, Slash
from bot.commands.follow import APPROVE, FEED, INGEST, REJECT, REVIEW
from bot.commands.help import help_for
from bot.commands.items import TRACK
from bot.commands.schedules import SCHEDULE
from bot.commands.stances import STANCE
from bot.commands.stories import FOLLOW, STORY, UNFOLLOW
from bot.commands.subscriptions import SUBSCRIBE, SUBSCRIPTIONS, UNSUBSCRIBE
from digests.document import Document

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot
    from bot.core.request import Request


def _help(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    return help_for(COMMANDS, words)


HELP = Command(
    name="help",
    run=_help,
    usage="help [COMMAND]",
    example="help track",
    summary="This list.",
    aliases=("?", "commands"),
    private=True,
    discord=Slash("What newsbot can do"),
    options=(),
)

_ORDER = (
    ASK,
    DIGEST,
    TRACK,
    STANCE,
    SUBSCRIBE,
    UNSUBSCRIBE,
    SUBSCRIPTIONS,
    SCHEDULE,
    STORY,
    FOLLOW,
    UNFOLLOW,
    ARTICLE,
    INGEST,
    REVIEW,
    APPROVE,
    REJECT,
    FEED,
    AUDIT,
    HELP,
)


def _table(commands: tuple[Command, ...]) -> tuple[dict[str, Command], dict[str, str]]:
    table: dict[str, Command] = {}
    aliases: dict[str, str] = {}
    for c in commands:
        for name in c.names:
            if name in table or name in aliases:
                raise ValueError(f"two commands answer to {name!r}")
        table[c.name] = c
        aliases.update((alias, c.name) for alias in c.aliases)
    return table, aliases


COMMANDS, ALIASES = _table(_ORDER)


def lookup(word: str) -> Command | None:
    """The command a word names (its name or an alias, any case), if any."""
    name = word.lower()
    return COMMANDS.get(name) or COMMANDS.get(ALIASES.get(name, ""))


def slash_commands() -> dict[str, Command]:
    """The commands Discord offers as slash commands, by slash command name (an alias
    offered as a slash command of its own names its command too)."""
    out: dict[str, Command] = {}
    for c in COMMANDS.values():
        if isinstance(c.discord, Slash):
            out[c.name] = c
            out.update((alias, c) for alias, _ in c.discord.also)
    return out


def slash(name: str) -> Slash:
    """A slash command's declaration; a KeyError names a command that is not one."""
    spec = COMMANDS[name].discord
    if not isinstance(spec, Slash):
        raise KeyError(f"{name} is declared chat-only")
    return spec
