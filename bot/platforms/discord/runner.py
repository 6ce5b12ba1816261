"""``newsbot run`` with ``DISCORD_TOKEN`` set: the Discord bot, the scheduler and the
outbox worker in one process."""

from __future__ import annotations

import asyncio
import logging
import sys

import discord

from bot.background.memory import settle
from bot.background.services import Background
from bot.core.newsbot import NewsBot
from bot.platforms.discord.client import create_client
from bot.platforms.discord.transport import DiscordTransport

_log = logging.getLogger(__name__)


async def serve(newsbot: NewsBot) -> None:
    token = newsbot.settings.discord_token or ""
    client = await create_client(newsbot)
    transport = DiscordTransport(client)
    # Delivery, the scheduler (in the leader process only) and the ops endpoints.
    background = Background(newsbot, {transport.platform: transport})
    settle()
    async with client:
        await client.login(token)
        # Logged in, the REST session is up: alerts and digests can go out while the
        # gateway connects.
        background.start()
        try:
            await client.connect()
        finally:
            # stop() joins the delivery threads, which may wait on this loop: off the loop.
            await asyncio.to_thread(background.stop)


def run_discord(newsbot: NewsBot) -> int:
    try:
        asyncio.run(serve(newsbot))
    except KeyboardInterrupt:
        return 0
    except ValueError as exc:  # a malformed setting
        print(f"newsbot: {exc}", file=sys.stderr)
        return 2
    except discord.LoginFailure:
        print("newsbot: Discord refused DISCORD_TOKEN; check the bot token.", file=sys.stderr)
        return 2
    except discord.PrivilegedIntentsRequired:
        print(
            "newsbot: Discord asked for a privileged intent this bot does not use.", file=sys.stderr
        )
        return 2
    except (discord.GatewayNotFound, discord.ConnectionClosed, OSError) as exc:
        print(f"newsbot: cannot reach Discord: {exc}", file=sys.stderr)
        return 2
    return 0
