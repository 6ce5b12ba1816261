"""Slash commands and mentions through discord.py's real HTTP and gateway code."""

from __future__ import annotations

import asyncio

from fakes.discord_api import MANAGE_GUILD, check_limits, message_bodies
from fakes.discord_bot import discord_bot

EPHEMERAL = 64


def text_of(body: dict) -> str:
    parts = [body.get("content") or ""]
    for e in body.get("embeds") or []:
        parts += [e.get("title") or "", e.get("description") or ""]
        parts += [f"{f['name']} {f['value']}" for f in e.get("fields") or []]
        parts.append((e.get("footer") or {}).get("text") or "")
    return "\n".join(p for p in parts if p)


def test_slash_ask_answers_with_the_quote(bot):
    async def scenario():
        async with discord_bot(bot) as (fake, _client):
            payload = await fake.slash("ask", {"question": "What is Germany's position?"})
            sent = await fake.wait_for(lambda: fake.for_interaction(payload))
            assert check_limits(fake.requests) == []
            return sent

    (callback,) = asyncio.run(scenario())
    assert callback.path.endswith("/callback")
    assert callback.body["type"] == 4  # answered at once, not deferred
    data = callback.body["data"]
    assert not data.get("flags", 0) & EPHEMERAL
    answer = text_of(data)
    assert "Germany" in answer and "opposes" in answer
    assert "German soldiers would not take part in a training mission" in answer
    assert data["allowed_mentions"] == {"parse": []}
