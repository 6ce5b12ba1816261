"""The slash commands and mention listener: each turns a Discord event into the text
command the core already understands, and sends back what the core replies.

No decisions are made here beyond who is an admin (which only the platform knows);
parsing, rights per command, changes and their audit all happen in ``bot.commands.dispatch``.
Which commands are slash commands, their descriptions and their default permissions come
from each command's declaration (``Command.discord``, ``Command.admin``); this module
only says how Discord's typed options become the text the command reads.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import shlex
from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.commands.dispatch import dispatch
from bot.commands.table import COMMANDS, slash
from bot.core.newsbot import NewsBot
from bot.platforms.discord import limits
from bot.platforms.discord.buttons import view_for
from bot.platforms.discord.declared import declared_commands
from bot.platforms.discord.incoming import interaction_request, message_request
from bot.platforms.discord.render import NO_MENTIONS, files_for, render
from digests.answer import MAX_QUESTION_CHARS
from digests.document import Document, message
from digests.model import STANCES
from digests.text import fold

_log = logging.getLogger(__name__)

# Discord drops an interaction not answered within 3 s. A reply ready within this time
# is sent as the answer itself (ephemeral when the core says so); a slower one is
# deferred first ("newsbot is thinking…") and sent as a follow-up.
ANSWER_WITHIN = 2.0

Choice = app_commands.Choice[str]

FAILED = "Something went wrong handling that, and nothing was changed. Try again, or `/help`."


def quoted(value: str) -> str:
    """A value as the core's command grammar reads it back unchanged."""
    return shlex.quote(value)


def option(name: str, value: str | int | None) -> str:
    return "" if value is None or value == "" else f" {name}={quoted(str(value))}"


def matches(current: str, candidates: list[tuple[str, str, tuple[str, ...]]]) -> list[Choice]:
    """Choices whose name, value or an alias starts with what was typed, then those that
    contain it; at most the 25 Discord shows, none longer than it accepts."""
    needle = fold(current).strip()
    starts: list[Choice] = []
    contains: list[Choice] = []
    for name, value, aliases in candidates:
        if len(value) > limits.CHOICE_TEXT:
            continue  # cannot be offered; typing it in full still works
        choice = Choice(name=name[: limits.CHOICE_TEXT], value=value)
        names = [fold(n) for n in (name, value, *aliases)]
        if not needle or any(n.startswith(needle) for n in names):
            starts.append(choice)
        elif any(needle in n for n in names):
            contains.append(choice)
    return (starts + contains)[: limits.CHOICES]


F = TypeVar("F")


def _admin_hint(name: str, target: F) -> F:
    """Admins' commands are hidden from members by default; only a hint (an admin can
    change it in the server's settings), so the core checks rights again."""
    if COMMANDS[name].admin:
        return app_commands.default_permissions(manage_guild=True)(target)
    return target


def declared(name: str) -> Callable[[Any], app_commands.Command[Any, Any, Any]]:
    """The slash command for the chat command ``name``, as its declaration describes it."""

    def wrap(func: Any) -> app_commands.Command[Any, Any, Any]:
        return app_commands.command(name=name, description=slash(name).description)(
            _admin_hint(name, func)
        )

    return wrap


def declared_group(name: str) -> app_commands.Group:
    """A slash command group (``/track list``…) for the chat command ``name``."""
    return _admin_hint(name, app_commands.Group(name=name, description=slash(name).description))


class NewsbotCog(declared_commands(), name="Newsbot"):  # type: ignore[misc,call-arg]
    """The hand-written slash commands and the mention listener; the commands declared
    with their options (``/story``, ``/follow``…) come generated from the base class."""

    track = declared_group("track")
    stance = declared_group("stance")

    def __init__(self, newsbot: NewsBot, client: discord.Client) -> None:
        self.newsbot = newsbot
        self.client = client

    async def relay(
        self,
        interaction: discord.Interaction,
        text: str,
        *,
        slow: bool = False,
        question: bool = False,
    ) -> None:
        """Hands the request to the core in a thread and sends its documents back.

        A ``question`` the cached answerer can take from memory is answered on the event
        loop instead: it costs about a millisecond, less than the hop to a thread and
        back, and with many in flight the threads and the loop would fight for the GIL.
        """
        request = interaction_request(self.newsbot, interaction, text)
        if question and self.newsbot.answers_from_memory():
            await send_to_interaction(interaction, dispatch(self.newsbot, request))
            return
        work = asyncio.ensure_future(asyncio.to_thread(dispatch, self.newsbot, request))
        deferred = False
        if slow or not (await asyncio.wait({work}, timeout=ANSWER_WITHIN))[0]:
            await interaction.response.defer(thinking=True)
            deferred = True
        try:
            docs = await work
        except Exception:  # the core catches its own; this is a lost database connection
            _log.exception("request failed: %r", text[:200])
            docs = [message(FAILED, kind="error")]
        await send_to_interaction(interaction, docs, deferred=deferred)

    async def _items(self, current: str) -> list[app_commands.Choice[str]]:
        table = (await asyncio.to_thread(self.newsbot.answerer)).table
        return matches(current, [(i.name, i.key, ()) for i in table.items])

    async def story_choices(self, current: str) -> list[app_commands.Choice[str]]:
        """The stories, by title, whose key, title or start matches what was typed."""
        refs = await asyncio.to_thread(self.newsbot.story_refs)
        return matches(current, [(r.title, r.key, ()) for r in refs])

    async def _actors(self, current: str) -> list[app_commands.Choice[str]]:
        table = (await asyncio.to_thread(self.newsbot.answerer)).table
        return matches(current, [(a.name, a.name, a.aliases) for a in table.actors])

    # ------------------------------------------------------------------ mentions
    @commands.Cog.listener()
    async def on_message(self, msg: discord.Message) -> None:
        """``@newsbot what is Germany's position?`` answered as a reply. Discord sends the
        text of messages that mention the bot even without the message-content intent."""
        me = self.client.user
        if me is None or msg.author.bot or not any(u.id == me.id for u in msg.mentions):
            return
        me_id = me.id
        text = re.sub(rf"<@!?{me_id}>", " ", msg.content).strip()
        request = message_request(self.newsbot, msg, text)
        try:
            docs = await asyncio.to_thread(dispatch, self.newsbot, request)
        except Exception:
            _log.exception("mention failed: %r", text[:200])
            docs = [message(FAILED, kind="error")]
        try:
            first = True
            for doc in docs:
                parts = render(doc)
                for n, embeds in enumerate(parts):
                    view = (view_for(doc) if n == len(parts) - 1 else None) or discord.utils.MISSING
                    files = files_for(doc, embeds) or discord.utils.MISSING
                    if first:
                        await msg.reply(
                            embeds=embeds,
                            allowed_mentions=NO_MENTIONS,
                            mention_author=False,
                            view=view,
                            files=files,
                        )
                        first = False
                    else:
                        await msg.channel.send(
                            embeds=embeds, allowed_mentions=NO_MENTIONS, view=view, files=files
                        )
        except discord.HTTPException as exc:
            _log.warning("could not reply in channel %s: %s", msg.channel.id, exc)

    # ------------------------------------------------------------------ commands
    @declared("ask")
    # One limit for the option and the answerer: Discord stops a longer question as it
    # is typed, and the description says how long one may be.
    @app_commands.describe(
        question=f"e.g. What is Germany's position? (up to {MAX_QUESTION_CHARS} characters)"
    )
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, MAX_QUESTION_CHARS],
    ) -> None:
        await self.relay(interaction, f"ask {question}", question=True)

    @declared("digest")
    async def digest(self, interaction: discord.Interaction) -> None:
        await self.relay(interaction, "digest", slow=True)

    @declared("subscribe")
    async def subscribe(self, interaction: discord.Interaction) -> None:
        await self.relay(interaction, "subscribe")

    @declared("unsubscribe")
    async def unsubscribe(self, interaction: discord.Interaction) -> None:
        await self.relay(interaction, "unsubscribe")

    @declared("schedule")
    @app_commands.describe(
        setting='show | daily 08:00 tz=Europe/Berlin | weekdays 07:30 | cron "0 8 * * 1" | off'
    )
    async def schedule(self, interaction: discord.Interaction, setting: str = "show") -> None:
        await self.relay(interaction, f"schedule {setting}")

    @declared("audit")
    async def audit(
        self, interaction: discord.Interaction, count: app_commands.Range[int, 1, 50] = 10
    ) -> None:
        await self.relay(interaction, f"audit {count}")

    @declared("help")
    async def help(self, interaction: discord.Interaction, command: str | None = None) -> None:
        await self.relay(interaction, f"help {quoted(command)}" if command else "help")

    # ------------------------------------------------------------------ /track
    @track.command(name="list", description="Every tracked item and its status")
    @app_commands.describe(story="Of this story (default: the first)")
    async def track_list(self, interaction: discord.Interaction, story: str | None = None) -> None:
        await self.relay(interaction, "track list" + option("story", story))

    @track.command(name="show", description="One tracked item")
    async def track_show(self, interaction: discord.Interaction, item: str) -> None:
        await self.relay(interaction, f"track show {quoted(item)}")

    @track.command(name="history", description="How a tracked item changed")
    async def track_history(self, interaction: discord.Interaction, item: str) -> None:
        await self.relay(interaction, f"track history {quoted(item)}")

    @track.command(name="add", description="Track a new item (admins)")
    @app_commands.describe(due="YYYY-MM-DD", label="how the due date reads, e.g. 'in summer'")
    async def track_add(
        self,
        interaction: discord.Interaction,
        name: str,
        status: str | None = None,
        due: str | None = None,
        label: str | None = None,
        notes: str | None = None,
        source: str | None = None,
    ) -> None:
        text = f"track add {quoted(name)}" + "".join(
            option(k, v)
            for k, v in (
                ("status", status),
                ("due", due),
                ("label", label),
                ("notes", notes),
                ("source", source),
            )
        )
        await self.relay(interaction, text)

    @track.command(name="update", description="Change a tracked item (admins); alerts subscribers")
    @app_commands.describe(
        changes='field=value …, e.g. status=agreed due=2026-11-15 source="Council press release"'
    )
    async def track_update(self, interaction: discord.Interaction, item: str, changes: str) -> None:
        await self.relay(interaction, f"track update {quoted(item)} {changes}")

    @track_show.autocomplete("item")
    @track_history.autocomplete("item")
    @track_update.autocomplete("item")
    async def item_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._items(current)

    # ------------------------------------------------------------------ /stance
    @stance.command(name="list", description="The stance table")
    @app_commands.describe(story="Of this story (default: the first)")
    async def stance_list(self, interaction: discord.Interaction, story: str | None = None) -> None:
        await self.relay(interaction, "stance list" + option("story", story))

    @stance.command(name="show", description="One actor's stance, with the quote")
    @app_commands.describe(story="In this story (default: each story it holds one in)")
    async def stance_show(
        self, interaction: discord.Interaction, actor: str, story: str | None = None
    ) -> None:
        await self.relay(interaction, f"stance show {quoted(actor)}" + option("story", story))

    @track_list.autocomplete("story")
    @stance_list.autocomplete("story")
    @stance_show.autocomplete("story")
    async def story_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self.story_choices(current)

    @stance.command(name="history", description="How an actor's stance changed")
    async def stance_history(self, interaction: discord.Interaction, actor: str) -> None:
        await self.relay(interaction, f"stance history {quoted(actor)}")

    @stance.command(name="set", description="Record a stance (admins); alerts subscribers")
    @app_commands.choices(position=[app_commands.Choice(name=s, value=s) for s in STANCES])
    @app_commands.describe(date="YYYY-MM-DD of the quote")
    async def stance_set(
        self,
        interaction: discord.Interaction,
        actor: str,
        position: str,
        summary: str,
        quote: str | None = None,
        source: str | None = None,
        date: str | None = None,
        topic: str | None = None,
    ) -> None:
        text = f"stance set {quoted(actor)} {quoted(position)}" + "".join(
            option(k, v)
            for k, v in (
                ("summary", summary),
                ("quote", quote),
                ("source", source),
                ("date", date),
                ("topic", topic),
            )
        )
        await self.relay(interaction, text)

    @stance_show.autocomplete("actor")
    @stance_history.autocomplete("actor")
    @stance_set.autocomplete("actor")
    async def actor_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._actors(current)


async def send_to_interaction(
    interaction: discord.Interaction, docs: list[Document], *, deferred: bool = False
) -> None:
    """Every document, split into messages; the first answers the interaction."""
    docs = docs or [message("Done.")]
    first = True
    for doc in docs:
        parts = render(doc)
        for n, embeds in enumerate(parts):
            # The buttons go under the last part; MISSING sends none (None is refused).
            view = (view_for(doc) if n == len(parts) - 1 else None) or discord.utils.MISSING
            files = files_for(doc, embeds) or discord.utils.MISSING
            if not interaction.response.is_done():
                await interaction.response.send_message(
                    embeds=embeds,
                    ephemeral=doc.ephemeral,
                    allowed_mentions=NO_MENTIONS,
                    view=view,
                    files=files,
                )
            else:
                if first and deferred and doc.ephemeral:
                    # The public "thinking…" placeholder would show a private reply to
                    # everyone: remove it and answer privately instead.
                    await interaction.delete_original_response()
                await interaction.followup.send(
                    embeds=embeds,
                    ephemeral=doc.ephemeral,
                    allowed_mentions=NO_MENTIONS,
                    view=view,
                    files=files,
                )
            first = False


async def on_tree_error(
    interaction: discord.Interaction, error: app_commands.AppCommandError
) -> None:
    """A failure in a command: a short private note to the user, the details in the log."""
    _log.error("app command failed", exc_info=error)
    with contextlib.suppress(discord.HTTPException):
        await send_to_interaction(interaction, [message(FAILED, kind="error")])
