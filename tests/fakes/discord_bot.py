"""newsbot's real Discord client connected to the fake Discord, for tests and benchmarks."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncIterator
from typing import Any

from bot.core.newsbot import NewsBot
from bot.platforms.discord.client import DiscordBot, create_client
from fakes.discord_api import FakeDiscord

TOKEN = "fake-token"


def point_at(newsbot: NewsBot, fake: FakeDiscord, **changes: Any) -> None:
    """The bot's settings aimed at the fake (as DISCORD_API_URL / DISCORD_GATEWAY_URL do)."""
    newsbot.settings = dataclasses.replace(
        newsbot.settings,
        discord_token=TOKEN,
        discord_api_url=fake.api_url,
        discord_gateway_url=fake.gateway_url,
        **changes,
    )


@contextlib.asynccontextmanager
async def connected(client: DiscordBot, fake: FakeDiscord) -> AsyncIterator[DiscordBot]:
    """Logs the client in, connects its gateway and waits until it is ready."""
    async with client:
        await client.login(TOKEN)
        task = asyncio.create_task(client.connect(reconnect=False))
        try:
            await fake.wait_for(lambda: client.is_ready() or task.done())
            if task.done():
                task.result()  # the connection failed: show why
            yield client
        finally:
            await client.close()
            with contextlib.suppress(Exception):
                await task


async def _identify_at_once(shard_id: int | None, *, initial: bool = False) -> None:
    return None


@contextlib.asynccontextmanager
async def discord_bot(
    newsbot: NewsBot, *, guilds: int = 1, shards: int | None = None, recommended: int = 1
) -> AsyncIterator[tuple[FakeDiscord, DiscordBot]]:
    """``shards``: as DISCORD_SHARD_COUNT (0 is "auto"); ``recommended``: the shard count
    the fake's /gateway/bot recommends."""
    fake = await FakeDiscord(guilds=guilds).start()
    fake.shards = recommended
    try:
        point_at(newsbot, fake, discord_shard_count=shards)
        # No guild waits a few seconds for more GUILD_CREATEs: the fake sends them all at once.
        client = await create_client(newsbot, guild_ready_timeout=0.05)
        if shards is not None:
            # discord.py spaces shard IDENTIFYs 5 s apart for Discord's limit; the fake has none.
            client.before_identify_hook = _identify_at_once  # type: ignore[method-assign]
        async with connected(client, fake):
            yield fake, client
    finally:
        await fake.close()
