"""Alerts and digests posted to Discord channels through the outbox, the transport and
discord.py's real HTTP code: rate limits, lost channels, long digests, mentions."""

from __future__ import annotations

import asyncio
from datetime import date

from discord.utils import escape_markdown
from fakes.discord_api import MANAGE_GUILD, RateLimit, check_limits, message_bodies
from fakes.discord_bot import discord_bot
from sqlalchemy import select

from bot.core.request import ChannelRef
from bot.delivery.outbox import Deliverer
from bot.delivery.ratelimit import RateLimiter
from bot.domain.articles import add_article
from bot.domain.author import Author
from bot.platforms.discord.transport import DiscordTransport
from bot.storage.models import AuditEntry, OutboxMessage
from digests.document import Bullets, Document

CHANNEL_POSTS = r"/channels/\d+/messages"


def paced_by_test_clock(bot):
    """Pacing that follows the test's clock: advancing it lets the channel's next post go."""
    return RateLimiter(clock=lambda: bot.clock().timestamp())


def text_of(body: dict) -> str:
    parts = []
    for e in body.get("embeds") or []:
        parts += [e.get("title") or "", e.get("description") or ""]
        parts += [f"{f['name']} {f['value']}" for f in e.get("fields") or []]
        parts.append((e.get("footer") or {}).get("text") or "")
    return "\n".join(p for p in parts if p)


async def as_admin(fake, name, options=None, *, sub=None, channel_id=None):
    """A slash command by a member with Manage Server; its replies once they are all sent."""
    payload = await fake.slash(
        name, options, sub=sub, channel_id=channel_id, permissions=MANAGE_GUILD, user_id=7001
    )
    return await fake.replies(payload)


def outbox(bot):
    with bot.session() as session:
        return {
            int(r.channel): (r.status, r.attempts)
            for r in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        }


def add_articles(bot, titles, body="Ministers met in Brussels on Monday to discuss the plan."):
    who = Author("discord", "test", "test", "discord:7001", bot.clock())
    with bot.session() as session:
        for n, title in enumerate(titles):
            add_article(
                session,
                who,
                title=title,
                source="Test Wire",
                body=f"{body} Item {n} was agreed.",
                published=date(2024, 6, 10),
            )


def test_admin_update_alerts_a_subscribed_channel_once(bot):
    async def scenario():
        async with discord_bot(bot) as (fake, client):
            news, desk, _ = fake.guild.channels
            await as_admin(fake, "subscribe", channel_id=news)
            await as_admin(
                fake,
                "track",
                {"item": "eumam-extension", "changes": 'status=agreed source="Council press"'},
                sub="update",
                channel_id=desk,
            )
            assert fake.posted(news) == []  # queued in the outbox, not sent from the command
            deliverer = Deliverer(
                bot, {"discord": DiscordTransport(client)}, limiter=paced_by_test_clock(bot)
            )
            assert await asyncio.to_thread(deliverer.drain) == 1
            assert await asyncio.to_thread(deliverer.drain) == 0
            assert check_limits(fake.requests) == []
            return fake.posted(news), fake.posted(desk)

    to_news, to_desk = asyncio.run(scenario())
    assert to_desk == []  # the desk channel did not subscribe
    (alert,) = to_news
    text = text_of(alert.body)
    assert "EUMAM mandate extension" in text and "agreed" in text and "Council press" in text
    assert alert.body["allowed_mentions"] == {"parse": []}
    assert set(outbox(bot).values()) == {("delivered", 1)}


def test_a_short_rate_limit_is_waited_out_by_discord_py(bot):
    async def scenario():
        async with discord_bot(bot) as (fake, client):
            await as_admin(fake, "subscribe")
            await as_admin(
                fake, "track", {"item": "eumam-revision", "changes": "status=agreed"}, sub="update"
            )
            fake.rate_limits.append(RateLimit("POST", CHANNEL_POSTS, retry_after=0.05))
            deliverer = Deliverer(
                bot, {"discord": DiscordTransport(client)}, limiter=paced_by_test_clock(bot)
            )
            assert await asyncio.to_thread(deliverer.drain) == 1
            assert check_limits(fake.requests) == []
            refused = [r for r in fake.requests if r.status == 429]
            return refused, fake.posted(fake.channel)

    refused, posted = asyncio.run(scenario())
    assert len(refused) == 1 and len(posted) == 1  # refused once, then sent exactly once
    assert set(outbox(bot).values()) == {("delivered", 1)}


def test_a_long_rate_limit_goes_back_to_the_outbox_and_is_sent_once_later(bot, clock):
    async def scenario():
        async with discord_bot(bot) as (fake, client):
            await as_admin(fake, "subscribe")
            await as_admin(
                fake, "track", {"item": "eumam-revision", "changes": "status=agreed"}, sub="update"
            )
            # Longer than discord.py waits by itself: the outbox must hold the alert.
            fake.rate_limits.append(RateLimit("POST", CHANNEL_POSTS, retry_after=120))
            deliverer = Deliverer(
                bot, {"discord": DiscordTransport(client)}, limiter=paced_by_test_clock(bot)
            )
            assert await asyncio.to_thread(deliverer.drain) == 0
            # Being paced is not a failed try: no attempt is used up.
            assert outbox(bot) == {fake.channel: ("pending", 0)}
            clock.advance(seconds=100)
            assert await asyncio.to_thread(deliverer.drain) == 0  # Discord said 120 s
            clock.advance(seconds=21)
            assert await asyncio.to_thread(deliverer.drain) == 1
            assert check_limits(fake.requests) == []
            return fake.posted(fake.channel)

    (posted,) = asyncio.run(scenario())
    assert "EUMAM mandate revision" in text_of(posted.body)
    assert set(outbox(bot).values()) == {("delivered", 1)}  # one real try: the 429 paced it


def test_a_digest_split_over_messages_resumes_where_a_rate_limit_stopped_it(bot, clock):
    titles = [f"Report {n}: " + "coalition talks continue in Brussels " * 5 for n in range(40)]
    add_articles(bot, titles)

    async def scenario():
        async with discord_bot(bot) as (fake, client):
            where = ChannelRef("discord", str(fake.guild.id), str(fake.channel))
            assert bot.digest_for(where, enqueue=True) is not None
            fake.rate_limits.append(RateLimit("POST", CHANNEL_POSTS, retry_after=300, skip=1))
            deliverer = Deliverer(
                bot, {"discord": DiscordTransport(client)}, limiter=paced_by_test_clock(bot)
            )
            assert await asyncio.to_thread(deliverer.drain) == 0
            assert len(fake.posted(fake.channel)) == 1  # part 1 went out, part 2 was refused
            clock.advance(seconds=301)
            assert await asyncio.to_thread(deliverer.drain) == 1
            assert check_limits(fake.requests) == []
            return fake.posted(fake.channel)

    posted = asyncio.run(scenario())
    bodies = [p.body for p in posted]
    parts = len(bodies)
    assert parts >= 2
    footers = [b["embeds"][-1]["footer"]["text"] for b in bodies]
    assert footers == [f"Part {n} of {parts}" for n in range(1, parts + 1)]  # none twice
    text = "\n".join(text_of(b) for b in bodies)
    with bot.session() as session:
        (row,) = session.scalars(select(OutboxMessage))
        doc = Document.from_dict(row.document)
    bullets = [item for block in doc.blocks if isinstance(block, Bullets) for item in block.items]
    assert sum("Report" in b for b in bullets) >= 40
    for item in bullets:  # every line of the digest arrived, none lost or repeated
        assert text.count(f"• {escape_markdown(item)}") == 1, item


def test_a_lost_channel_fails_for_good_and_others_still_get_theirs(bot, clock):
    async def scenario():
        async with discord_bot(bot) as (fake, client):
            gone, hidden, ok = fake.guild.channels
            for channel in (gone, hidden, ok):
                await as_admin(fake, "subscribe", channel_id=channel)
            fake.missing_channels.add(gone)
            fake.forbidden_channels.add(hidden)
            await as_admin(
                fake, "track", {"item": "eumam-revision", "changes": "status=agreed"}, sub="update"
            )
            transport = DiscordTransport(client)
            deliverer = Deliverer(bot, {"discord": transport}, limiter=paced_by_test_clock(bot))
            await asyncio.to_thread(deliverer.drain)
            clock.advance(hours=2)
            await asyncio.to_thread(deliverer.drain)
            tried = {
                c: len([r for r in fake.requests if r.path == f"/channels/{c}/messages"])
                for c in (gone, hidden, ok)
            }
            return gone, hidden, ok, tried

    gone, hidden, ok, tried = asyncio.run(scenario())
    assert tried == {gone: 1, hidden: 1, ok: 1}  # never retried
    assert outbox(bot) == {gone: ("failed", 1), hidden: ("failed", 1), ok: ("delivered", 1)}
    with bot.session() as session:
        errors = {int(r.channel): r.last_error for r in session.scalars(select(OutboxMessage))}
    assert "not found" in errors[gone] and "no access" in errors[hidden]
    with bot.session() as session:  # reported to the admins, in what /audit shows them
        reports = {
            int(e.channel): e.details["error"]
            for e in session.scalars(
                select(AuditEntry).where(AuditEntry.action == "delivery.failed")
            )
        }
    assert reports.keys() == {gone, hidden}
    assert "Unknown Channel" in reports[gone] and "Missing Access" in reports[hidden]


def test_article_text_with_everyone_cannot_ping_anybody(bot):
    add_articles(bot, ["@everyone look: <@&4242> and <@99> back the trainers"])

    async def scenario():
        async with discord_bot(bot) as (fake, client):
            await as_admin(fake, "digest")
            # Another channel's first digest: this one has just had the article in its own.
            where = ChannelRef("discord", str(fake.guild.id), str(fake.channel + 1))
            bot.digest_for(where, enqueue=True)
            deliverer = Deliverer(
                bot, {"discord": DiscordTransport(client)}, limiter=paced_by_test_clock(bot)
            )
            assert await asyncio.to_thread(deliverer.drain) == 1
            assert check_limits(fake.requests) == []
            return message_bodies(fake.requests)

    bodies = asyncio.run(scenario())
    shown = [b for b in bodies if "look:" in text_of(b)]
    assert len(shown) >= 2  # the /digest reply and the posted digest
    for body in shown:
        assert body["allowed_mentions"] == {"parse": []}
        text = text_of(body)
        assert "@everyone" not in text and "<@&4242>" not in text and "<@99>" not in text
        assert "@\u200beveryone" in text  # still readable, but not a mention
