"""The discord.py client: endpoints, intents, sharding, the command tree, the invite link."""

from __future__ import annotations

import logging

import discord
import yarl
from discord import app_commands
from discord.ext import commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.config.settings import Settings
from bot.core.newsbot import NewsBot
from bot.platforms.discord.buttons import CommandButton
from bot.platforms.discord.cog import NewsbotCog, on_tree_error
from bot.platforms.discord.render import NO_MENTIONS

_log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://discord.com/api/v10"
DEFAULT_GATEWAY_URL = "wss://gateway.discord.gg/"
# discord.py waits out a 429 itself up to this long; a longer one fails the request, and
# the outbox retries it when Discord said it may.
MAX_RATELIMIT_WAIT = 30.0


def configure_endpoints(settings: Settings) -> None:
    """Points discord.py at ``DISCORD_API_URL`` / ``DISCORD_GATEWAY_URL`` (a proxy, or a fake
    in tests). Both are process-wide in discord.py; interactions and webhooks use the same
    REST base."""
    Route.BASE = (settings.discord_api_url or DEFAULT_API_URL).rstrip("/")
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url or DEFAULT_GATEWAY_URL)


def intents() -> discord.Intents:
    """Only non-privileged intents: guilds (channels, roles) and guild messages (mentions;
    Discord includes the text of a message that mentions the bot without message content)."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.guild_messages = True
    return wanted


def permissions() -> discord.Permissions:
    """Exactly what the bot needs in a channel: see it, post embeds, reply (which needs
    the message history), and post in threads."""
    return discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        embed_links=True,
        read_message_history=True,
    )


def invite_url(application_id: int | str) -> str:
    return discord.utils.oauth_url(
        application_id, permissions=permissions(), scopes=("bot", "applications.commands")
    )


def configured_application_id(settings: Settings) -> int:
    value = (settings.discord_application_id or "").strip()
    if not value.isdigit():
        raise ValueError(
            f"DISCORD_APPLICATION_ID must be the application's numeric id, not {value!r}"
        )
    return int(value)


DiscordBot = commands.Bot | commands.AutoShardedBot


async def create_client(newsbot: NewsBot, **options: object) -> DiscordBot:
    """The bot with its cog and command tree; ``AutoShardedBot`` when sharding is set
    (``DISCORD_SHARD_COUNT``: a number, or ``auto`` for Discord's recommendation)."""
    settings = newsbot.settings
    configure_endpoints(settings)
    kwargs: dict[str, object] = {
        "command_prefix": [],  # no prefix commands: slash commands and mentions only
        "intents": intents(),
        "help_command": None,
        "allowed_mentions": NO_MENTIONS,
        "max_ratelimit_timeout": MAX_RATELIMIT_WAIT,
        "allowed_contexts": app_commands.AppCommandContext(guild=True),
        **options,
    }
    if settings.discord_application_id:
        kwargs["application_id"] = configured_application_id(settings)
    client: DiscordBot
    if settings.discord_shard_count is not None:
        count = settings.discord_shard_count or None  # 0: ask Discord how many
        client = commands.AutoShardedBot(shard_count=count, **kwargs)  # type: ignore[arg-type]
    else:
        client = commands.Bot(**kwargs)  # type: ignore[arg-type]
    await client.add_cog(NewsbotCog(newsbot, client))
    # Buttons posted by any earlier run still work: clicks are matched by their custom_id.
    client.add_dynamic_items(CommandButton)
    client.tree.error(on_tree_error)
    return client


async def sync_commands(newsbot: NewsBot, guild_id: int | None) -> list[str]:
    """Registers the slash commands with Discord: in one guild (at once, for testing) or
    globally. Done on demand, not on every start: Discord limits how often it may happen."""
    token = newsbot.settings.discord_token
    if not token:
        raise ValueError("DISCORD_TOKEN is not set")
    client = await create_client(newsbot)
    async with client:
        await client.login(token)
        if guild_id is not None:
            guild = discord.Object(id=guild_id)
            client.tree.copy_global_to(guild=guild)
            synced = await client.tree.sync(guild=guild)
        else:
            synced = await client.tree.sync()
    return sorted(c.name for c in synced)


async def application_id(newsbot: NewsBot) -> int:
    """The application id from the settings, or asked of Discord with the token."""
    settings = newsbot.settings
    if settings.discord_application_id:
        return configured_application_id(settings)
    if not settings.discord_token:
        raise ValueError("set DISCORD_APPLICATION_ID (or DISCORD_TOKEN to look it up)")
    client = await create_client(newsbot)
    async with client:
        await client.login(settings.discord_token)
        info = await client.application_info()
    return info.id
