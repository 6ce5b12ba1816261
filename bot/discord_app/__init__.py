"""newsbot on Discord: a discord.py bot whose cogs translate interactions and mentions
into ``bot.core.Request`` and render the neutral documents back as embeds."""

from bot.discord_app.render import render
from bot.discord_app.transport import DiscordTransport

__all__ = ["DiscordTransport", "render"]
