"""Slash commands and mentions through discord.py's real HTTP and gateway code."""

from __future__ import annotations

import asyncio
import dataclasses

from fakes.discord_api import MANAGE_GUILD, check_limits
from fakes.discord_bot import discord_bot
from sqlalchemy import select

from bot.storage.models import AuditEntry, DigestSchedule

EPHEMERAL = 64


def text_of(body: dict) -> str:
    parts = [body.get("content") or ""]
    for e in body.get("embeds") or []:
        parts += [e.get("title") or "", e.get("description") or ""]
        parts += [f"{f['name']} {f['value']}" for f in e.get("fields") or []]
        parts.append((e.get("footer") or {}).get("text") or "")
    return "\n".join(p for p in parts if p)


def test_slash_ask_answers_with_the_quote(bot):
    # A running bot has its answerer built: on a loaded machine the first build alone can
    # take longer than the answer-at-once budget, and this is about the answer's content.
    bot.answerer()

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


def test_mention_is_answered_as_a_reply_without_the_message_content_intent(bot):
    async def scenario():
        async with discord_bot(bot) as (fake, client):
            assert not client.intents.message_content  # only non-privileged intents
            msg = await fake.mention("where does Berlin stand?")
            posted = await fake.wait_for(lambda: fake.posted(fake.channel))
            assert check_limits(fake.requests) == []
            return msg, posted

    msg, (reply,) = asyncio.run(scenario())
    assert str(reply.body["message_reference"]["message_id"]) == msg["id"]
    # Nobody is pinged, the author of the question included.
    assert reply.body["allowed_mentions"] == {"parse": [], "replied_user": False}
    answer = text_of(reply.body)
    assert "Germany" in answer and "opposes" in answer


def test_autocomplete_offers_tracked_items_and_actors(bot):
    async def scenario():
        async with discord_bot(bot) as (fake, _client):
            items = await fake.slash(
                "track", {"item": "eumam", "changes": ""}, sub="update", focused="item"
            )
            actors = await fake.slash("stance", {"actor": "germ"}, sub="show", focused="actor")
            everyone = await fake.slash("stance", {"actor": ""}, sub="show", focused="actor")
            out = []
            for payload in (items, actors, everyone):
                (callback,) = await fake.wait_for(lambda p=payload: fake.for_interaction(p))
                assert callback.body["type"] == 8
                out.append(callback.body["data"]["choices"])
            assert check_limits(fake.requests) == []
            return out

    items, actors, everyone = asyncio.run(scenario())
    assert {c["value"] for c in items} >= {"eumam-extension", "eumam-revision"}
    assert all("EUMAM" in c["name"] for c in items)
    assert actors[0]["value"] == "Germany"
    assert 1 < len(everyone) <= 25


def test_a_non_admin_is_refused_privately_and_nothing_changes(bot, snapshot):
    before = snapshot(audit=False)

    async def scenario():
        async with discord_bot(bot) as (fake, _client):
            payload = await fake.slash(
                "track",
                {"item": "eumam-extension", "changes": "status=agreed"},
                sub="update",
                user_id=4242,
            )
            (callback,) = await fake.wait_for(lambda: fake.for_interaction(payload))
            assert check_limits(fake.requests) == []
            return callback

    callback = asyncio.run(scenario())
    data = callback.body["data"]
    assert data["flags"] & EPHEMERAL
    assert "only admins" in text_of(data)
    assert snapshot(audit=False) == before
    with bot.session() as session:  # the refusal itself is audited
        (entry,) = session.scalars(select(AuditEntry).where(AuditEntry.allowed.is_(False)))
        assert (entry.platform, entry.action) == ("discord", "track update")
        assert "4242" in entry.user


def test_manage_server_listed_users_and_admin_roles_may_change_things(bot):
    async def scenario():
        async with discord_bot(bot) as (fake, _client):
            bot.settings = dataclasses.replace(
                bot.settings,
                admins=frozenset({"discord:5151"}),
                discord_admin_roles=frozenset({str(fake.guild.admin_role)}),
            )
            outcomes = []
            for n, who in enumerate(
                [
                    {"permissions": MANAGE_GUILD},
                    {"user_id": 5151},
                    {"roles": [fake.guild.admin_role]},
                    {"user_id": 6262},
                ]
            ):
                payload = await fake.slash(
                    "track",
                    {"item": "eumam-revision", "changes": f"notes=checked-{n}"},
                    sub="update",
                    **who,
                )
                (callback,) = await fake.wait_for(lambda p=payload: fake.for_interaction(p))
                outcomes.append(bool(callback.body["data"].get("flags", 0) & EPHEMERAL))
            return outcomes

    ephemeral = asyncio.run(scenario())
    assert ephemeral == [False, False, False, True]  # only the last one was refused
    with bot.session() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.platform == "discord").order_by(AuditEntry.id)
        ).all()
    assert [r.allowed for r in rows] == [True, True, True, False]
    assert all(r.action.replace(".", " ") == "track update" for r in rows)
    assert "5151" in rows[1].user and "6262" in rows[3].user


def test_slow_answers_are_deferred_and_a_refusal_stays_private(bot, monkeypatch):
    from bot.platforms.discord import cog

    monkeypatch.setattr(cog, "ANSWER_WITHIN", 0)  # as if every answer took too long

    async def scenario():
        async with discord_bot(bot) as (fake, _client):
            asked = await fake.slash("ask", {"question": "Was the UK invited?"})
            (answer,) = await fake.replies(asked)
            refused = await fake.slash("audit", {"count": 5}, user_id=4343)
            (refusal,) = await fake.replies(refused)
            assert check_limits(fake.requests) == []
            return fake.for_interaction(asked), answer, fake.for_interaction(refused), refusal

    asked, answer, refused, refusal = asyncio.run(scenario())
    assert [(r.method, r.body and r.body.get("type")) for r in asked[:1]] == [("POST", 5)]
    assert "United Kingdom" in text_of(answer) and not answer.get("flags", 0) & EPHEMERAL
    # The public "thinking…" placeholder is removed; the refusal goes to the asker only.
    assert [r.method for r in refused] == ["POST", "DELETE", "POST"]
    assert refusal["flags"] & EPHEMERAL and "admins" in text_of(refusal)


def test_schedule_set_in_a_channel_is_stored_for_that_discord_channel(bot):
    async def scenario():
        async with discord_bot(bot) as (fake, _client):
            payload = await fake.slash(
                "schedule",
                {"setting": "daily 08:00 tz=Europe/Berlin"},
                permissions=MANAGE_GUILD,
            )
            (reply,) = await fake.replies(payload)
            assert check_limits(fake.requests) == []
            return fake, reply

    fake, reply = asyncio.run(scenario())
    assert "08:00" in text_of(reply) and not reply.get("flags", 0) & EPHEMERAL
    with bot.session() as session:
        (row,) = session.scalars(select(DigestSchedule))
    assert (row.platform, row.workspace, row.channel) == (
        "discord",
        str(fake.guild.id),
        str(fake.channel),
    )
    assert row.timezone == "Europe/Berlin"


def test_a_change_by_mention_needs_the_same_rights(bot):
    async def scenario():
        async with discord_bot(bot) as (fake, _client):
            await fake.mention("track update eumam-revision notes=by-member", user_id=4444)
            await fake.wait_for(lambda: len(fake.posted(fake.channel)) == 1)
            owner = fake.guild.owner_id  # the server owner has every permission
            await fake.mention("track update eumam-revision notes=by-owner", user_id=owner)
            await fake.wait_for(lambda: len(fake.posted(fake.channel)) == 2)
            assert check_limits(fake.requests) == []
            return owner, [text_of(r.body) for r in fake.posted(fake.channel)]

    owner, (refused, done) = asyncio.run(scenario())
    assert "only admins" in refused
    assert "only admins" not in done and "EUMAM mandate revision" in done
    with bot.session() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.platform == "discord")).all()
    assert [r.allowed for r in rows] == [False, True]
    assert "4444" in rows[0].user and str(owner) in rows[1].user


def test_a_reply_to_the_bot_continues_the_conversation(bot):
    async def scenario():
        async with discord_bot(bot) as (fake, _client):
            asked = await fake.mention("what is Germany's position?")
            await fake.wait_for(lambda: fake.posted(fake.channel))
            # A reply to a message of the conversation (here the question itself).
            await fake.mention("and Italy?", reply_to=asked["id"])
            await fake.wait_for(lambda: fake.posted(fake.channel)[1:])
            # Someone else's "why?" is not about anything yet.
            await fake.mention("why?", user_id=1002)
            await fake.wait_for(lambda: fake.posted(fake.channel)[2:])
            return fake.posted(fake.channel)

    _first, followup, other = asyncio.run(scenario())
    assert "Italy" in text_of(followup.body) and "opposes" in text_of(followup.body)
    assert "Reasons" not in text_of(other.body)
