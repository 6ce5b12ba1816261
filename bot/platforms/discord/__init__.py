"""newsbot on Discord: a discord.py bot whose cogs translate interactions and mentions
into ``bot.core.request.Request`` and render the neutral documents back as embeds."""

from bot.platforms.discord.render import render
from bot.platforms.discord.transport import DiscordTransport

__all__ = ["DiscordTransport", "render"]
