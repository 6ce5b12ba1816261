"""Posting to Slack: alerts and digests through the outbox (Deliverer + SlackTransport),
rate limits and refusals, escaping of article text, and digests split across messages."""

from __future__ import annotations

import json
from datetime import date

from fakes.slack_harness import ADMIN, TEAM, TOKEN, mrkdwn_texts
from sqlalchemy import select

from bot.delivery.outbox import Deliverer
from bot.delivery.ratelimit import RateLimiter
from bot.domain.alerts import queue_message
from bot.domain.articles import add_article
from bot.domain.author import Author
from bot.platforms.slack.runner import transport_for
from bot.storage.models import OutboxMessage
from digests.document import Document, Paragraph


def _deliverer(bot):
    # Pacing follows the test's clock, so advancing it lets the channel's next post go.
    limiter = RateLimiter(clock=lambda: bot.clock().timestamp())
    return Deliverer(bot, {"slack": transport_for(bot)}, limiter=limiter)


def _rows(bot):
    with bot.session() as session:
        return session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def _subscribe(slack, fake, *channels):
    for channel in channels:
        _, url = slack.command("subscribe", user=ADMIN, channel=channel)
        assert "Subscribed" in slack.responses(url)[0]["text"]


def _update(slack, fake, text, count):
    _, url = slack.command(text, user=ADMIN)
    assert "Updated" in slack.responses(url)[0]["text"]


def _articles(bot, n, *, body_extra=""):
    with bot.session() as session:
        for i in range(n):
            add_article(
                session,
                Author("slack", TEAM, "C1", ADMIN, bot.clock()),
                title=f"Report {i} on the trainers mission",
                source=f"Outlet {i}",
                body=" ".join(
                    f"Minister {i} said on day {j} that the training mission for Ukraine "
                    f"would start in phase {j} with {i * j + 3} trainers.{body_extra}"
                    for j in range(12)
                ),
                published=date(2024, 6, 10),
            )


def test_admin_update_posts_an_alert_to_each_subscribed_channel(slack, fake, bot):
    _subscribe(slack, fake, "CNEWS", "CDESK")
    _update(slack, fake, 'track update eumam-extension status=agreed source="Council"', 3)

    assert _deliverer(bot).drain() == 2

    posts = fake.of("chat.postMessage")
    assert sorted(p.params["channel"] for p in posts) == ["CDESK", "CNEWS"]
    for post in posts:
        assert post.token == TOKEN  # the workspace's installed bot token
        assert "EUMAM mandate extension" in post.params["text"]
        assert "agreed" in json.dumps(post.payload["blocks"])
    assert all(r.status == "delivered" for r in _rows(bot))


def test_rate_limit_is_honoured_without_loss_or_duplicate(slack, fake, bot, clock):
    _subscribe(slack, fake, "CNEWS")
    _update(slack, fake, "track update eumam-extension status=agreed", 2)
    fake.fail("chat.postMessage", status=429, retry_after=7)
    deliverer = _deliverer(bot)

    assert deliverer.drain() == 0
    (row,) = _rows(bot)
    assert row.status == "pending" and "retry after 7" in row.last_error
    clock.advance(seconds=6)
    assert deliverer.drain() == 0  # Slack asked for 7 seconds
    clock.advance(seconds=2)
    assert deliverer.drain() == 1

    assert len(fake.of("chat.postMessage")) == 1  # one post went through, once
    assert len(fake.of("chat.postMessage", ok_only=False)) == 2
    assert deliverer.drain() == 0


def _queue_digest(bot, channel="CNEWS"):
    with bot.session() as session:
        doc = bot.build_digest(session, None)
        queue_message(
            session, "slack", TEAM, channel, kind="digest", key="d1", document=doc, at=bot.clock()
        )
    return doc


def test_a_long_digest_is_split_into_messages_within_limits(slack, fake, bot):
    _articles(bot, 150)
    _queue_digest(bot)

    assert _deliverer(bot).drain() == 1

    posts = fake.of("chat.postMessage")
    assert len(posts) >= 2, "150 articles do not fit one message"
    assert all(p.params["channel"] == "CNEWS" for p in posts)
    assert "continued (2/" in posts[1].params["text"]
    everything = "".join(json.dumps(p.payload["blocks"]) for p in posts)
    for i in (0, 75, 149):  # every source made it, in one part or another
        assert f"Outlet {i}" in everything
    # limits: checked for every payload by the fixture when the test ends


def test_a_split_digest_interrupted_by_a_rate_limit_posts_every_part_once(slack, fake, bot, clock):
    _articles(bot, 150)
    _queue_digest(bot)
    fake.fail("chat.postMessage", status=429, retry_after=3, after=1)  # part 2 is refused
    deliverer = _deliverer(bot)

    assert deliverer.drain() == 0
    (row,) = _rows(bot)
    assert row.status == "pending"
    clock.advance(seconds=4)
    assert deliverer.drain() == 1

    texts = [p.params["text"] for p in fake.of("chat.postMessage")]
    assert len(texts) >= 2
    assert len(texts) == len(set(texts)), "a part was posted twice"
    assert "continued (2/" in texts[1]


def test_an_article_that_says_channel_pings_nobody(slack, fake, bot):
    with bot.session() as session:
        add_article(
            session,
            Author("slack", TEAM, "C1", ADMIN, bot.clock()),
            title="<!channel> Estonia weighs sending trainers",
            source="ERR <@U999>",
            body=" ".join(
                f"Estonia's <!here> defence minister said on day {j} that trainers could go "
                f"to Ukraine & <!channel> the cabinet would decide in phase {j}."
                for j in range(8)
            ),
            published=date(2024, 6, 12),
        )
    _, url = slack.command("digest", user=ADMIN)

    (digest,) = slack.responses(url)
    # Slack reads mentions in the notification text and in mrkdwn; there they are escaped.
    # (Header blocks are plain_text, which Slack never parses, so the title shows as is.)
    parsed = [digest["text"], *mrkdwn_texts(digest["blocks"])]
    assert "&lt;!channel&gt; Estonia" in digest["text"]
    assert any("&lt;!here&gt;" in t or "&lt;@U999&gt;" in t for t in parsed)
    for text in parsed:
        assert "<!channel>" not in text and "<!here>" not in text and "<@U999>" not in text


def test_refusals_that_will_not_change_are_not_retried(slack, fake, bot, clock):
    _subscribe(slack, fake, "CGONE", "COK")
    _update(slack, fake, "track update eumam-extension status=agreed", 3)
    fake.fail("chat.postMessage", error="channel_not_found")
    deliverer = _deliverer(bot)

    assert deliverer.drain() == 1
    failed = [r for r in _rows(bot) if r.status == "failed"]
    assert len(failed) == 1 and "channel_not_found" in failed[0].last_error
    clock.advance(hours=1)
    assert deliverer.drain() == 0
    assert len(fake.of("chat.postMessage", ok_only=False)) == 2  # tried once each


def test_a_passing_server_error_is_retried(slack, fake, bot, clock):
    _subscribe(slack, fake, "CNEWS")
    _update(slack, fake, "track update eumam-extension status=agreed", 2)
    fake.fail("chat.postMessage", status=500, error="internal_error")
    deliverer = _deliverer(bot)

    assert deliverer.drain() == 0
    clock.advance(minutes=5)
    assert deliverer.drain() == 1
    assert len(fake.of("chat.postMessage")) == 1


def test_a_workspace_without_an_installation_fails_plainly(slack, fake, bot):
    with bot.session() as session:
        queue_message(
            session,
            "slack",
            "TGONE",
            "C1",
            kind="alert",
            key="k",
            document=Document(title="x", blocks=[Paragraph("y")]),
            at=bot.clock(),
        )

    assert _deliverer(bot).drain() == 0

    (row,) = _rows(bot)
    assert row.status == "failed" and "not installed" in row.last_error
    assert fake.of("chat.postMessage", ok_only=False) == []


def test_a_long_digest_asked_for_by_slash_command_arrives_in_parts(slack, fake, bot):
    _articles(bot, 150)

    _, url = slack.command("digest", user=ADMIN)

    parts = slack.responses(url, 2)
    assert parts[0]["blocks"][0]["type"] == "header"  # the first part, in the ack
    assert "continued (2/" in parts[1]["text"]  # the rest, on the response_url
    assert all(p["response_type"] == "in_channel" for p in parts)


def test_a_scheduled_digest_is_posted_once_to_its_channel(slack, fake, bot, clock):
    from bot.core.request import ChannelRef
    from bot.scheduling.scheduler import Scheduler

    _, url = slack.command("schedule daily 08:00 tz=Europe/Berlin", user=ADMIN, channel="CNEWS")
    assert "08:00" in slack.responses(url)[0]["text"]
    clock.advance(days=1)  # past the next 08:00 in Berlin
    deliverer = _deliverer(bot)
    scheduler = Scheduler(bot, deliverer, {"slack"})

    assert scheduler.catch_up() == 1  # the run it missed, posted once
    assert scheduler.catch_up() == 0

    (post,) = fake.of("chat.postMessage")
    assert post.params["channel"] == "CNEWS" and post.token == TOKEN
    assert "News digest" in post.params["text"]
    assert bot.already_ran(
        ChannelRef("slack", TEAM, "CNEWS"), bot.clock().replace(hour=7, minute=0, second=0)
    )
