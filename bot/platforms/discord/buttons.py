"""Neutral ``Actions`` blocks as Discord buttons that keep working after a restart.

Each button's ``custom_id`` is ``newsbot:`` plus the command it runs (``newsbot:approve 12``),
so nothing has to be remembered between a post and its click: ``CommandButton`` is a
dynamic item registered on the client at start, and discord.py hands it every click
whose id matches, on any message, from any earlier run. The command runs through
``bot.commands.dispatch`` as the member who clicked, with that member's admin rights
(``admin.interaction_is_admin``). A decision edits the message — the decided row's
buttons go, a line says who decided what — and anything else is told to the clicker
alone.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

import discord

from bot.commands import buttons as button_commands
from bot.commands.buttons import ButtonOutcome
from bot.commands.command import Reply
from bot.commands.dispatch import run
from bot.core.newsbot import NewsBot
from bot.platforms.discord import limits
from bot.platforms.discord.incoming import interaction_request
from bot.platforms.discord.render import NO_MENTIONS, escape, render, truncate
from digests.document import Document, actions_of

_log = logging.getLogger(__name__)

PREFIX = "newsbot:"
CUSTOM_ID = 100  # Discord's limit on a component's custom_id
LABEL = 80  # and on a button's label
ROW_BUTTONS = 5  # buttons in one row, and
ROWS = 5  # rows in one message
# Discord drops an interaction not answered within 3 s; a slower command is deferred.
ANSWER_WITHIN = 2.0
_STYLES = {"primary": discord.ButtonStyle.primary, "danger": discord.ButtonStyle.danger}


class CommandButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"newsbot:(?P<command>[a-z]+ \d{1,18})",
):
    def __init__(
        self,
        command: str,
        label: str,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        row: int | None = None,
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=label[:LABEL] or command, style=style, custom_id=PREFIX + command
            ),
            row=row,
        )
        self.command = command

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> CommandButton:
        label = getattr(item, "label", None) or match["command"]
        style = getattr(item, "style", discord.ButtonStyle.secondary)
        return cls(match["command"], label, style)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        # The cog holds the bot the command runs with; without it this is not our client.
        newsbot = getattr(interaction.client.get_cog("Newsbot"), "newsbot", None)
        if not isinstance(newsbot, NewsBot):
            return
        await on_click(newsbot, interaction, self.command)


def view_for(doc: Document) -> discord.ui.View | None:
    """The document's buttons as a persistent view (none when it has none).

    A row of buttons never splits across Discord's rows (five buttons each, five rows a
    message), so a proposal's Approve and Reject sit together; the rows that do not fit
    are left out, and their typed commands are still in the text above."""
    rows: list[list[CommandButton]] = []
    for block in actions_of(doc):
        group = [
            (b.command, b.label, _STYLES.get(b.style, discord.ButtonStyle.secondary))
            for b in block.buttons
            if len(PREFIX + b.command) <= CUSTOM_ID
        ][:ROW_BUTTONS]
        if not group:
            continue
        if not rows or len(rows[-1]) + len(group) > ROW_BUTTONS:
            if len(rows) == ROWS:
                break
            rows.append([])
        index = len(rows) - 1
        rows[-1].extend(CommandButton(c, label, style, index) for c, label, style in group)
    return _view(rows)


def _view(rows: list[list[CommandButton]]) -> discord.ui.View | None:
    if not any(rows):
        return None
    view = discord.ui.View(timeout=None)
    for row in rows:
        for button in row:
            view.add_item(button)
    return view


def _subject(command: str) -> str:
    """What a command decides about (the proposal number): its row of buttons goes with it."""
    return command.split()[-1]


def remaining_view(msg: discord.Message | None, command: str) -> discord.ui.View | None:
    """The message's buttons, in their rows, without those for the decided proposal."""
    if msg is None:
        return None
    rows: list[list[CommandButton]] = []
    for row in msg.components:
        kept: list[CommandButton] = []
        for component in getattr(row, "children", []):
            custom_id = getattr(component, "custom_id", None) or ""
            other = custom_id.removeprefix(PREFIX)
            if custom_id.startswith(PREFIX) and _subject(other) != _subject(command):
                label = component.label or other
                kept.append(CommandButton(other, label, component.style, len(rows)))
        if kept:
            rows.append(kept)
    return _view(rows)


async def on_click(newsbot: NewsBot, interaction: discord.Interaction[Any], command: str) -> None:
    name = interaction.user.name
    reply: Reply
    if not button_commands.allowed(command):
        reply = button_commands.stale_reply()
    else:
        request = interaction_request(newsbot, interaction, command)
        work = asyncio.ensure_future(asyncio.to_thread(run, newsbot, request))
        if not (await asyncio.wait({work}, timeout=ANSWER_WITHIN))[0]:
            await interaction.response.defer()  # a component's defer: "edit coming"
        try:
            reply = await work
        except Exception:  # a lost database connection; the core catches its own
            _log.exception("button failed: %r", command)
            reply = button_commands.stale_reply()
    result = button_commands.outcome(command, reply, name)
    docs = reply.docs
    try:
        if result.settled:
            await _edit(interaction, command, result)
        if not result.decided:
            await _tell(interaction, docs)
    except discord.HTTPException as exc:
        _log.warning("could not answer a button in channel %s: %s", interaction.channel_id, exc)


async def _edit(interaction: discord.Interaction[Any], command: str, result: ButtonOutcome) -> None:
    msg = interaction.message
    before = msg.content if msg is not None else ""
    line = "✅ " if result.decided and result.command == "approve" else "✖️ "
    content = (before + "\n" if before else "") + line + escape(result.text)
    content = truncate(content, limits.CONTENT)
    view = remaining_view(msg, command)
    if interaction.response.is_done():
        await interaction.edit_original_response(
            content=content, view=view, allowed_mentions=NO_MENTIONS
        )
    else:
        await interaction.response.edit_message(
            content=content, view=view, allowed_mentions=NO_MENTIONS
        )


async def _tell(interaction: discord.Interaction[Any], docs: list[Document]) -> None:
    for doc in docs:
        for embeds in render(doc):
            if interaction.response.is_done():
                await interaction.followup.send(
                    embeds=embeds, ephemeral=True, allowed_mentions=NO_MENTIONS
                )
            else:
                await interaction.response.send_message(
                    embeds=embeds, ephemeral=True, allowed_mentions=NO_MENTIONS
                )
