"""Sharding, command sync, the invite link, `newsbot run` on Discord, and rate limits on
interaction responses."""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import parse_qs, urlparse

from discord.ext import commands
from fakes.discord_api import MANAGE_GUILD, FakeDiscord, RateLimit, check_limits
from fakes.discord_bot import discord_bot, point_at

from bot.cli.main import main as cli_main
from bot.platforms.discord.client import permissions, sync_commands
from bot.platforms.discord.runner import serve

SLASH_COMMANDS = {
    "ask",
    "audit",
    "digest",
    "follow",
    "help",
    "schedule",
    "stance",
    "stories",
    "story",
    "subscribe",
    "track",
    "unfollow",
    "unsubscribe",
}


def test_sharded_bot_answers_in_every_guild(bot):
    async def scenario():
        async with discord_bot(bot, guilds=2, shards=2) as (fake, client):
            assert isinstance(client, commands.AutoShardedBot)
            assert sorted(tuple(i["shard"]) for i in fake.identifies) == [(0, 2), (1, 2)]
            assert sorted((g.id >> 22) % 2 for g in fake.guilds) == [0, 1]  # one on each
            answers = []
            for guild in fake.guilds:
                payload = await fake.slash("ask", {"question": "Was the UK invited?"}, guild=guild)
                (reply,) = await fake.replies(payload)
                answers.append(reply)
            assert check_limits(fake.requests) == []
            return answers

    answers = asyncio.run(scenario())
    assert all("United Kingdom" in str(a["embeds"]) for a in answers)


def test_auto_sharding_takes_discords_recommendation(bot):
    async def scenario():
        async with discord_bot(bot, guilds=3, shards=0, recommended=3) as (fake, client):
            assert client.shard_count == 3
            payload = await fake.slash(
                "ask", {"question": "Who supports it?"}, guild=fake.guilds[2]
            )
            await fake.replies(payload)
            assert check_limits(fake.requests) == []
            return sorted(tuple(i["shard"]) for i in fake.identifies)

    assert asyncio.run(scenario()) == [(0, 3), (1, 3), (2, 3)]


def test_sync_registers_the_slash_commands_in_one_guild_or_globally(bot):
    async def scenario():
        fake = await FakeDiscord().start()
        try:
            point_at(bot, fake)
            in_guild = await sync_commands(bot, fake.guild.id)
            globally = await sync_commands(bot, None)
            return fake, in_guild, globally
        finally:
            await fake.close()

    fake, in_guild, globally = asyncio.run(scenario())
    assert set(in_guild) == set(globally) == SLASH_COMMANDS
    registered = {c["name"]: c for c in fake.commands[str(fake.guild.id)]}
    assert set(registered) == SLASH_COMMANDS
    track = {o["name"] for o in registered["track"]["options"]}
    assert track == {"list", "show", "history", "add", "update"}
    update = next(o for o in registered["track"]["options"] if o["name"] == "update")
    assert any(o.get("autocomplete") for o in update["options"])
    # A hint for server admins; the bot checks rights itself as well.
    assert int(registered["audit"]["default_member_permissions"]) == MANAGE_GUILD
    # Nothing is synced on start: only this command talks to the commands endpoints.
    assert {r.method for r in fake.requests if "/commands" in r.path} == {"PUT"}


def test_invite_link_asks_for_exactly_the_needed_permissions(monkeypatch, capsys, db_url):
    monkeypatch.setenv("DISCORD_APPLICATION_ID", "123456789012345678")
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert cli_main(["--db", db_url, "discord", "invite"]) == 0
    url = urlparse(capsys.readouterr().out.strip())
    query = parse_qs(url.query)
    assert query["client_id"] == ["123456789012345678"]
    assert set(query["scope"][0].split()) == {"bot", "applications.commands"}
    granted = int(query["permissions"][0])
    assert granted == permissions().value
    assert not granted & (1 << 3)  # never Administrator
    assert not granted & (1 << 17)  # never Mention @everyone


def test_invite_and_sync_without_settings_say_what_is_missing(monkeypatch, capsys, db_url):
    monkeypatch.delenv("DISCORD_APPLICATION_ID", raising=False)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert cli_main(["--db", db_url, "discord", "invite"]) == 2
    assert cli_main(["--db", db_url, "discord", "sync"]) == 2
    err = capsys.readouterr().err
    assert "DISCORD_APPLICATION_ID" in err and "DISCORD_TOKEN is not set" in err
    assert "Traceback" not in err


def test_newsbot_run_serves_discord_and_delivers_alerts_by_itself(bot):
    """The runner: client, scheduler and outbox worker together; an admin's change
    reaches a subscribed channel without anyone draining the outbox by hand."""

    async def scenario():
        fake = await FakeDiscord().start()
        point_at(bot, fake)
        task = asyncio.create_task(serve(bot))
        try:
            await fake.wait_for_connection()
            news, desk, _ = fake.guild.channels
            admin = {"permissions": MANAGE_GUILD}
            await fake.replies(await fake.slash("subscribe", channel_id=news, **admin))
            await fake.replies(
                await fake.slash(
                    "track",
                    {"item": "eumam-extension", "changes": "status=agreed"},
                    sub="update",
                    channel_id=desk,
                    **admin,
                )
            )
            (alert,) = await fake.wait_for(lambda: fake.posted(news))
            assert check_limits(fake.requests) == []
            return alert
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await fake.close()

    alert = asyncio.run(scenario())
    assert "EUMAM mandate extension" in str(alert.body["embeds"])


def test_a_rate_limited_interaction_response_is_retried_and_sent_once(bot):
    async def scenario():
        async with discord_bot(bot) as (fake, _client):
            fake.rate_limits.append(RateLimit("POST", r"/interactions/\d+/[^/]+/callback", 0.05))
            payload = await fake.slash("ask", {"question": "Who opposes training in Ukraine?"})
            (reply,) = await fake.replies(payload)
            assert check_limits(fake.requests) == []
            callbacks = [r for r in fake.requests if r.path.endswith("/callback")]
            return reply, callbacks

    reply, callbacks = asyncio.run(scenario())
    assert [c.status for c in callbacks] == [429, 200]
    assert "Germany" in str(reply["embeds"])


def test_malformed_discord_settings_are_named_without_a_traceback(monkeypatch, capsys, db_url):
    monkeypatch.setenv("DISCORD_APPLICATION_ID", "my-bot")
    assert cli_main(["--db", db_url, "discord", "invite"]) == 2
    monkeypatch.setenv("DISCORD_SHARD_COUNT", "lots")
    assert cli_main(["--db", db_url, "run"]) == 2
    err = capsys.readouterr().err
    assert "DISCORD_APPLICATION_ID must be the application's numeric id" in err
    assert "DISCORD_SHARD_COUNT must be a whole number of shards or auto" in err
    assert "Traceback" not in err
