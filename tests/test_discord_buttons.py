"""Approve / Reject buttons on proposals in Discord: posted to the review channel by the
outbox through discord.py's real HTTP code, clicked through its real gateway, and still
working for a client started after the post (a restart)."""

from __future__ import annotations

import asyncio
import dataclasses

from fakes.discord_api import MANAGE_GUILD, check_limits
from fakes.discord_bot import discord_bot
from sqlalchemy import select
from test_ingest import outbox, proposal_rows, stance_of, text_of

from bot.commands.dispatch import dispatch
from bot.core.request import Request
from bot.delivery.outbox import Deliverer
from bot.delivery.ratelimit import RateLimiter
from bot.platforms.discord.transport import DiscordTransport
from bot.storage.models import AuditEntry

ADMIN_ID = 7001
MEMBER_ID = 7002
EPHEMERAL = 64


def _as_admin(bot, fake, channel, text):
    """Setting up as an admin would by mention; the clicks are what these tests are about."""
    reply = dispatch(
        bot, Request("discord", str(fake.guild.id), str(channel), str(ADMIN_ID), True, text)
    )
    assert not any(d.kind in ("error", "refusal") for d in reply), reply


async def _post_proposals(bot, fake, client, article="101"):
    """The review channel and an alerts channel set, article 101 ingested, the outbox
    delivered; returns the review channel and the message posted to it."""
    review, alerts, desk = fake.guild.channels
    _as_admin(bot, fake, review, "review here")
    _as_admin(bot, fake, alerts, "subscribe")
    _as_admin(bot, fake, desk, "ingest " + text_of(article))
    limiter = RateLimiter(clock=lambda: bot.clock().timestamp())
    deliverer = Deliverer(bot, {"discord": DiscordTransport(client)}, limiter=limiter)
    assert await asyncio.to_thread(deliverer.drain) >= 1
    posts = fake.posted(review)
    return review, posts[-1].body


def _buttons(components):
    return [c for row in components or [] for c in row.get("components", [])]


async def _click(fake, review, body, custom_id, user_id, permissions=0):
    """A button click as Discord sends it: the message it sits on comes along."""
    msg = fake._message(review, body)
    msg["components"] = body.get("components") or []
    payload = fake.interaction_payload(
        3,
        {"custom_id": custom_id, "component_type": 2},
        user_id=user_id,
        permissions=permissions or 0,
        channel_id=review,
    )
    payload["message"] = msg
    await fake.dispatch("INTERACTION_CREATE", payload)

    def answered():
        return [r for r in fake.for_interaction(payload) if r.path.endswith("/callback")]

    (callback,) = await fake.wait_for(answered)
    return callback.body


def _admin_listed(bot):
    bot.settings = dataclasses.replace(
        bot.settings, admins=frozenset({*bot.settings.admins, f"discord:{ADMIN_ID}"})
    )


def test_a_proposal_for_review_carries_buttons_and_an_admins_click_approves_it(bot):
    async def scenario():
        async with discord_bot(bot) as (fake, client):
            review, posted = await _post_proposals(bot, fake, client)
            answer = await _click(fake, review, posted, "newsbot:approve 1", ADMIN_ID, MANAGE_GUILD)
            assert check_limits(fake.requests) == []
            return posted, answer

    posted, answer = asyncio.run(scenario())
    buttons = _buttons(posted["components"])
    assert [(b["label"], b["custom_id"], b["style"]) for b in buttons] == [
        ("Approve #1", "newsbot:approve 1", 1),
        ("Reject #1", "newsbot:reject 1", 4),
    ]
    assert posted["allowed_mentions"] == {"parse": []}
    assert answer["type"] == 7  # the message itself is updated
    data = answer["data"]
    assert "✅ Approved by user1: #1: Estonia now undecided" in data["content"]
    assert _buttons(data.get("components")) == []  # the decided proposal lost its buttons
    assert data["allowed_mentions"] == {"parse": []}
    assert stance_of(bot, "estonia").stance == "undecided"
    assert proposal_rows(bot)[0].status == "applied"
    assert len([c for c, t in outbox(bot) if "Stance changed: Estonia" in t]) == 1
    with bot.session() as session:
        entry = session.scalars(select(AuditEntry).filter_by(action="proposal.apply")).one()
        assert entry.user == str(ADMIN_ID) and entry.platform == "discord"


def test_a_members_click_is_refused_privately_and_changes_nothing(bot, snapshot):
    async def scenario():
        async with discord_bot(bot) as (fake, client):
            review, posted = await _post_proposals(bot, fake, client)
            before = snapshot(audit=False)
            answer = await _click(fake, review, posted, "newsbot:approve 1", MEMBER_ID)
            return before, answer

    before, answer = asyncio.run(scenario())
    assert answer["type"] == 4 and answer["data"]["flags"] & EPHEMERAL
    assert "admin" in str(answer["data"]["embeds"]).lower()
    assert snapshot(audit=False) == before
    assert proposal_rows(bot)[0].status == "pending"
    with bot.session() as session:
        refused = session.scalars(select(AuditEntry).filter_by(allowed=False)).all()
        assert [e.user for e in refused] == [str(MEMBER_ID)]


def test_buttons_work_after_a_restart_and_a_second_click_says_already_decided(bot):
    _admin_listed(bot)

    async def post():
        async with discord_bot(bot) as (fake, client):
            return await _post_proposals(bot, fake, client)

    async def click_twice(review, posted):
        # A new client, as after a restart: it never saw the message it is clicked on.
        async with discord_bot(bot) as (fake, _client):
            first = await _click(fake, review, posted, "newsbot:reject 1", ADMIN_ID)
            second = await _click(fake, review, posted, "newsbot:approve 1", ADMIN_ID)
            await fake.wait_for(
                lambda: [r for r in fake.requests if r.path.startswith("/webhooks/")]
            )
            return first, second, fake.requests

    review, posted = asyncio.run(post())
    first, second, requests = asyncio.run(click_twice(review, posted))
    assert first["type"] == 7 and "✖️ Rejected by user1" in first["data"]["content"]
    assert proposal_rows(bot)[0].status == "rejected"
    assert stance_of(bot, "estonia").stance == "unknown"
    # The stale copy: the message loses its buttons and the clicker is told why.
    assert second["type"] == 7 and _buttons(second["data"].get("components")) == []
    followups = [r.body for r in requests if r.path.startswith("/webhooks/") and r.body]
    assert any("already rejected" in str(b.get("embeds")) for b in followups)
    assert all(b["flags"] & EPHEMERAL for b in followups)
    assert proposal_rows(bot)[0].status == "rejected"


def test_a_forged_custom_id_runs_nothing(bot, snapshot):
    _admin_listed(bot)

    async def scenario():
        async with discord_bot(bot) as (fake, client):
            review, posted = await _post_proposals(bot, fake, client)
            forged = dict(posted)
            forged["components"] = [
                {
                    "type": 1,
                    "components": [
                        {"type": 2, "style": 1, "label": "Go", "custom_id": "newsbot:feed 1"}
                    ],
                }
            ]
            before = snapshot(audit=False)
            answer = await _click(fake, review, forged, "newsbot:feed 1", ADMIN_ID)
            return before, answer

    before, answer = asyncio.run(scenario())
    assert answer["data"]["flags"] & EPHEMERAL
    assert "out of date" in str(answer["data"]["embeds"])
    assert snapshot(audit=False) == before


def test_deciding_one_proposal_leaves_the_others_buttons(bot):
    async def scenario():
        async with discord_bot(bot) as (fake, client):
            review, posted = await _post_proposals(bot, fake, client, article="103")
            answer = await _click(fake, review, posted, "newsbot:reject 1", ADMIN_ID, MANAGE_GUILD)
            return posted, answer

    posted, answer = asyncio.run(scenario())
    assert [b["custom_id"] for b in _buttons(posted["components"])] == [
        "newsbot:approve 1",
        "newsbot:reject 1",
        "newsbot:approve 2",
        "newsbot:reject 2",
    ]
    left = [(b["label"], b["custom_id"]) for b in _buttons(answer["data"]["components"])]
    assert left == [("Approve #2", "newsbot:approve 2"), ("Reject #2", "newsbot:reject 2")]
    assert [p.status for p in proposal_rows(bot)] == ["rejected", "pending"]
