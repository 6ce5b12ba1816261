"""A Discord interaction or mention as the neutral ``Request`` the core reads.

The cog (slash commands, mentions) and the buttons both build their requests here, so
who asked, where, and with which admin rights is worked out one way for every entry.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.core.newsbot import NewsBot
from bot.core.request import Request
from bot.platforms.discord.admin import interaction_is_admin, message_is_admin

PLATFORM = "discord"


def interaction_request(
    newsbot: NewsBot, interaction: discord.Interaction[Any], text: str
) -> Request:
    """A slash command or a button click, as whoever used it."""
    return Request(
        platform=PLATFORM,
        workspace=str(interaction.guild_id or "dm"),
        channel=str(interaction.channel_id),
        user=str(interaction.user.id),
        is_admin=interaction_is_admin(newsbot.settings, interaction),
        text=text,
        user_name=interaction.user.name,
    )


def guild_of(msg: discord.Message) -> int | None:
    """The message's guild id, also for a guild not in the cache yet (then the message
    carries a partial channel that still knows its guild's id)."""
    if msg.guild is not None:
        return msg.guild.id
    return getattr(msg.channel, "guild_id", None)


def message_request(newsbot: NewsBot, msg: discord.Message, text: str) -> Request:
    """A message that mentions the bot, as its author."""
    return Request(
        platform=PLATFORM,
        workspace=str(guild_of(msg) or "dm"),
        channel=str(msg.channel.id),
        user=str(msg.author.id),
        is_admin=message_is_admin(newsbot.settings, msg),
        text=text,
        user_name=msg.author.name,
        # A reply to a message continues the conversation it replies to.
        thread=str(msg.reference.message_id) if msg.reference else None,
    )
