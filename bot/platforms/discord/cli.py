"""``newsbot discord sync [--guild ID]`` and ``newsbot discord invite``."""

from __future__ import annotations

import asyncio
import sys

import aiohttp
import discord

from bot.core.newsbot import NewsBot
from bot.platforms.discord.client import application_id, invite_url, sync_commands


def main(newsbot: NewsBot, command: str, *, guild: int | None = None) -> int:
    try:
        if command == "sync":
            names = asyncio.run(sync_commands(newsbot, guild))
            where = f"in server {guild}" if guild else "globally (may take up to an hour to show)"
            print(f"Synced {len(names)} commands {where}: {', '.join('/' + n for n in names)}")
            return 0
        app_id = asyncio.run(application_id(newsbot))
        print(invite_url(app_id))
        return 0
    except ValueError as exc:
        print(f"newsbot discord {command}: {exc}", file=sys.stderr)
    except discord.LoginFailure:
        print(f"newsbot discord {command}: Discord refused DISCORD_TOKEN.", file=sys.stderr)
    except discord.HTTPException as exc:
        print(f"newsbot discord {command}: Discord said {exc.status}: {exc.text}", file=sys.stderr)
    except (aiohttp.ClientError, OSError) as exc:
        print(f"newsbot discord {command}: cannot reach Discord: {exc}", file=sys.stderr)
    return 2
