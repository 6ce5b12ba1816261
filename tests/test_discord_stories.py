"""The story commands as Discord slash commands, generated from their declarations, run
end to end through discord.py's real HTTP and gateway code."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fakes.discord_api import MANAGE_GUILD, FakeDiscord, check_limits
from fakes.discord_bot import discord_bot, point_at
from sqlalchemy import select
from story_rows import add_pact_story
from test_discord_chat import text_of

from bot.platforms.discord.client import sync_commands
from bot.storage.models import AuditEntry, Story, StoryFollow

ADMIN = {"permissions": MANAGE_GUILD}
PACT = (Path(__file__).parent / "data" / "stories" / "pact-2.txt").read_text(encoding="utf-8")


def test_the_story_commands_are_registered_with_their_options(bot):
    async def scenario():
        fake = await FakeDiscord().start()
        try:
            point_at(bot, fake)
            await sync_commands(bot, fake.guild.id)
            return {c["name"]: c for c in fake.commands[str(fake.guild.id)]}
        finally:
            await fake.close()

    registered = asyncio.run(scenario())
    story = {o["name"]: o for o in registered["story"]["options"]}
    assert set(story) == {"list", "new", "archive"}
    new = {o["name"]: o for o in story["new"]["options"]}
    assert new["title"]["required"] and not new["key"]["required"]
    assert new["article"]["max_length"] == 6000
    (archived,) = story["archive"]["options"]
    assert archived["name"] == "story" and archived["autocomplete"]
    for name in ("follow", "unfollow"):
        (option,) = registered[name]["options"]
        assert option["name"] == "story" and option["required"] and option["autocomplete"]
        # Admins' commands are hidden from members by default; the bot checks again.
        assert int(registered[name]["default_member_permissions"]) == MANAGE_GUILD
    assert registered["stories"]["options"] == []
    assert registered["story"].get("default_member_permissions") is None  # list is for all


def test_follow_unfollow_and_stories_work_end_to_end(bot, snapshot):
    add_pact_story(bot)

    async def scenario():
        async with discord_bot(bot) as (fake, _client):
            channel = fake.channel
            out = {}
            for key, name, options, sub, extra in (
                ("list", "stories", {}, None, {}),
                ("refused", "follow", {"story": "migration-pact"}, None, {"user_id": 4242}),
                ("follow", "follow", {"story": "migration-pact"}, None, ADMIN),
                ("again", "story", {}, "list", {}),
                ("unfollow", "unfollow", {"story": "trainers-coalition"}, None, ADMIN),
                ("unknown", "follow", {"story": "brexit"}, None, ADMIN),
                ("choices", "follow", {"story": "pac"}, None, {"focused": "story"}),
            ):
                payload = await fake.slash(name, options, sub=sub, channel_id=channel, **extra)
                (callback,) = await fake.wait_for(lambda p=payload: fake.for_interaction(p))
                out[key] = callback.body
            assert check_limits(fake.requests) == []
            return str(fake.guild.id), str(channel), out

    guild, channel, out = asyncio.run(scenario())
    assert "The EU migration pact [migration-pact]" in text_of(out["list"]["data"])
    assert "only admins" in text_of(out["refused"]["data"])
    assert "now follows “The EU migration pact”" in text_of(out["follow"]["data"])
    assert "This channel follows: trainers-coalition, migration-pact." in text_of(
        out["again"]["data"]
    )
    assert "no longer follows" in text_of(out["unfollow"]["data"])
    assert "No story “brexit”" in text_of(out["unknown"]["data"])
    assert out["choices"]["type"] == 8
    assert [c["value"] for c in out["choices"]["data"]["choices"]] == ["migration-pact"]
    with bot.session() as session:
        keys = {s.id: s.key for s in session.scalars(select(Story))}
        follows = {
            (keys[f.story_id], f.following)
            for f in session.scalars(
                select(StoryFollow).where(
                    StoryFollow.platform == "discord",
                    StoryFollow.workspace == guild,
                    StoryFollow.channel == channel,
                )
            )
        }
        assert follows == {("trainers-coalition", False), ("migration-pact", True)}
        refused = session.scalars(select(AuditEntry).where(AuditEntry.allowed.is_(False))).one()
        assert refused.action == "follow" and "4242" in refused.user


def test_story_new_and_archive_from_slash_commands(bot):
    async def scenario():
        async with discord_bot(bot) as (fake, _client):
            out = []
            for options, sub, extra in (
                ({"title": "Troops from Estonia", "key": "estonia"}, "new", {"user_id": 4242}),
                ({"title": "Asylum reform", "key": "asylum", "article": PACT}, "new", ADMIN),
                ({"story": "asylum"}, "archive", ADMIN),
                ({"title": "Troops from Estonia"}, "new", ADMIN),
            ):
                payload = await fake.slash("story", options, sub=sub, **extra)
                (reply,) = await fake.replies(payload)
                out.append(text_of(reply))
            assert check_limits(fake.requests) == []
            return out

    refused, started, archived, titled = asyncio.run(scenario())
    assert "only admins" in refused
    assert "Started \\`asylum\\`" in started  # Discord's markdown escaped
    assert "Italy" in started and "pending" in started  # its proposals, from the article
    assert "Archived “Asylum reform”" in archived
    # A title holding " from " is the whole title: the option is not read as an article.
    assert "New story: Troops from Estonia" in titled
    with bot.session() as session:
        stories = {s.key: (s.title, s.status) for s in session.scalars(select(Story))}
    assert stories["asylum"] == ("Asylum reform", "archived")
    assert "estonia" not in stories
    assert any(title == "Troops from Estonia" for title, _ in stories.values())


def test_listings_take_the_story_as_a_slash_option(bot):
    add_pact_story(bot)

    async def scenario():
        async with discord_bot(bot) as (fake, _client):
            out = []
            for options, sub, name in (
                ({"story": "migration-pact"}, "list", "stance"),
                ({"story": "migration-pact"}, "list", "track"),
                ({"actor": "Germany", "story": "migration-pact"}, "show", "stance"),
                ({"story": "brexit"}, "list", "stance"),
            ):
                payload = await fake.slash(name, options, sub=sub)
                (reply,) = await fake.replies(payload)
                out.append(text_of(reply))
            chosen = await fake.slash("track", {"story": "mig"}, sub="list", focused="story")
            (callback,) = await fake.wait_for(lambda: fake.for_interaction(chosen))
            assert check_limits(fake.requests) == []
            return out, callback.body["data"]["choices"]

    (stances, items, germany, unknown), choices = asyncio.run(scenario())
    assert "Poland" in stances and "France" not in stances
    assert "European Parliament vote on the migration pact" in items
    assert "supports" in germany and "opposes" not in germany
    assert "No story “brexit”" in unknown
    assert [c["value"] for c in choices] == ["migration-pact"]
