"""Discord, hardened: an outbox row sent again (after a crash) returns the message
created the first time, a mention from a guild not yet in the cache is answered, and
``/ask`` takes exactly the questions the answerer takes."""

from __future__ import annotations

import asyncio
import logging

from fakes.discord_api import MANAGE_GUILD
from fakes.discord_bot import discord_bot
from sqlalchemy import select

from bot.platforms.discord.transport import DiscordTransport, nonce_for
from bot.storage.models import AuditEntry, TrackedItem
from digests.answer import MAX_QUESTION_CHARS
from digests.document import Bullets, Document, Paragraph


def alert(text: str) -> Document:
    return Document(title="Alert", blocks=[Paragraph(text)], kind="alert")


def long_digest() -> Document:
    """A document Discord needs two messages for (more than 10 embeds' worth)."""
    items = [f"Point {n}: " + "the mandate moved again. " * 40 for n in range(40)]
    return Document(title="Digest", blocks=[Bullets(items)])


def test_the_same_row_sent_again_returns_the_first_message(bot):
    async def scenario():
        async with discord_bot(bot) as (fake, client):
            transport = DiscordTransport(client)
            news = fake.channel
            send = transport.send
            # The first attempt went out; the process died before marking the row, and
            # the restarted process (no memory of it) sends the row again.
            await asyncio.to_thread(
                send, str(fake.guild.id), str(news), alert("x"), idempotency_key="k1"
            )
            again = DiscordTransport(client)
            await asyncio.to_thread(
                again.send, str(fake.guild.id), str(news), alert("x"), idempotency_key="k1"
            )
            # Another row with the same text is another message.
            await asyncio.to_thread(
                send, str(fake.guild.id), str(news), alert("x"), idempotency_key="k2"
            )
            return fake.posted(news), fake.nonce_repeats, fake.requests

    posted, repeats, requests = asyncio.run(scenario())
    assert len(posted) == 2 and repeats == 1
    creates = [r for r in requests if r.path.endswith("/messages") and r.method == "POST"]
    assert [r.body["nonce"] for r in creates] == [nonce_for("k1", 0)] * 2 + [nonce_for("k2", 0)]
    assert all(r.body["enforce_nonce"] is True for r in creates)


def test_a_split_document_sent_again_posts_no_part_twice(bot):
    async def scenario():
        async with discord_bot(bot) as (fake, client):
            news, guild = fake.channel, str(fake.guild.id)
            doc = long_digest()
            first = DiscordTransport(client)
            await asyncio.to_thread(first.send, guild, str(news), doc, idempotency_key="digest-1")
            parts = len(fake.posted(news))
            await asyncio.to_thread(
                DiscordTransport(client).send, guild, str(news), doc, idempotency_key="digest-1"
            )
            return parts, len(fake.posted(news)), fake.nonce_repeats

    parts, after, repeats = asyncio.run(scenario())
    assert parts >= 2
    assert after == parts and repeats == parts


def test_nonces_are_short_stable_and_distinct():
    seen = {nonce_for(f"row-{n}", part) for n in range(500) for part in range(3)}
    assert len(seen) == 1500
    assert all(len(n) <= 25 and n.isdigit() for n in seen)
    assert nonce_for("row-1", 0) == nonce_for("row-1", 0)


def test_a_mention_from_a_guild_not_yet_cached_is_answered(bot, caplog):
    async def scenario():
        async with discord_bot(bot) as (fake, client):
            late = fake.unannounced_guild()
            channel = next(iter(late.channels))
            assert client.get_guild(late.id) is None
            with caplog.at_level(logging.WARNING):
                question = await fake.mention("where does Berlin stand?", guild=late)
                # The member's roles and rights are not known until the guild arrives.
                change = await fake.mention(
                    "track update eumam-extension status=agreed", guild=late, user_id=4242
                )
                await fake.wait_for(lambda: len(fake.posted(channel)) >= 2)
            replies = {
                str(r.body["message_reference"]["message_id"]): r for r in fake.posted(channel)
            }
            return late, replies[question["id"]], replies[change["id"]]

    late, answer, refusal = asyncio.run(scenario())
    assert "Germany" in str(answer.body["embeds"])
    assert "only admins" in str(refusal.body["embeds"])
    assert not [r for r in caplog.records if r.exc_info or "Ignoring exception" in r.getMessage()]
    with bot.session() as session:
        item = session.scalar(select(TrackedItem).where(TrackedItem.key == "eumam-extension"))
        assert item is not None and item.status != "agreed"
        refused = session.scalars(select(AuditEntry).where(AuditEntry.allowed.is_(False))).all()
        assert [e.workspace for e in refused] == [str(late.id)]  # the guild, not "dm"


def test_ask_takes_as_long_a_question_as_the_answerer_and_says_how_long(bot, chat):
    async def scenario():
        async with discord_bot(bot) as (fake, client):
            ask = client.tree.get_command("ask")
            (question,) = ask.to_dict(client.tree)["options"]  # as registered with Discord
            payload = await fake.slash("ask", {"question": "Where does Berlin stand?"})
            await fake.replies(payload)
            return question

    question = asyncio.run(scenario())
    assert question["max_length"] == MAX_QUESTION_CHARS
    assert f"up to {MAX_QUESTION_CHARS} characters" in question["description"]
    assert len(question["description"]) <= 100  # Discord's limit for an option's description
    longest = "Where does Berlin stand on training soldiers in Ukraine? "
    longest = (longest * 40)[:MAX_QUESTION_CHARS]
    assert "characters long" not in chat.say(f"ask {longest}")
    assert f"{MAX_QUESTION_CHARS}" in chat.say(f"ask {longest}x")


def test_manage_server_in_a_cached_guild_still_counts(bot):
    async def scenario():
        async with discord_bot(bot) as (fake, _client):
            payload = await fake.slash(
                "track",
                {"item": "eumam-extension", "changes": "status=agreed"},
                sub="update",
                permissions=MANAGE_GUILD,
                user_id=7001,
            )
            return await fake.replies(payload)

    (reply,) = asyncio.run(scenario())
    assert "agreed" in str(reply["embeds"])
