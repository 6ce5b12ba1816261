"""The Slack app end to end: signed requests into the running app (HTTP mode), answers
read off the fake Slack Web API. Every payload is checked against Block Kit's limits."""

from __future__ import annotations

import json
import time

from fakes.slack_api import BOT_USER
from fakes.slack_harness import ADMIN, READER, TOKEN
from sqlalchemy import select
from story_rows import add_pact_story

from bot.storage.models import AuditEntry, TrackedItem


def _text(payload):
    """Everything a reader sees in a message: the fallback and every block's text."""
    return payload.get("text", "") + "\n" + json.dumps(payload.get("blocks", []))


def test_slash_ask_is_acked_and_answered_in_channel(slack):
    reply, url = slack.command("ask Where does Berlin stand?", user=READER)

    assert reply.status == 200
    (answer,) = slack.responses(url)
    assert answer["response_type"] == "in_channel"
    assert "Germany" in answer["text"]
    assert answer["blocks"], "answered in Block Kit, not text alone"


def test_app_mention_is_answered_in_a_thread(slack, fake):
    reply = slack.event(
        {
            "type": "app_mention",
            "user": READER,
            "text": f"<@{BOT_USER}> where does Berlin stand?",
            "ts": "1700000100.000200",
            "channel": "C1",
            "event_ts": "1700000100.000200",
        }
    )

    assert reply.status == 200
    (post,) = fake.wait_calls("chat.postMessage")
    assert post.params["channel"] == "C1"
    assert post.params["thread_ts"] == "1700000100.000200"
    assert "Germany" in _text(post.payload)
    assert post.token == TOKEN


def test_direct_message_is_answered_and_bot_messages_are_not(slack, fake):
    slack.event(
        {
            "type": "message",
            "subtype": "bot_message",
            "bot_id": "BOTHER",
            "text": "Where does Berlin stand?",
            "ts": "1700000100.000100",
            "channel": "D1",
            "channel_type": "im",
        }
    )
    slack.event(
        {
            "type": "message",
            "user": READER,
            "text": "Where does Berlin stand?",
            "ts": "1700000100.000300",
            "channel": "D1",
            "channel_type": "im",
        }
    )

    (post,) = fake.wait_calls("chat.postMessage")
    assert post.params["channel"] == "D1"
    assert "thread_ts" not in post.params
    assert "Germany" in _text(post.payload)
    _answered_marker(slack, fake)  # a (wrong) answer to the bot's message would be in by now
    assert [c.params["channel"] for c in fake.of("chat.postMessage")] == ["D1", MARKER]


MARKER = "DMARK"


def _answered_marker(slack, fake):
    """A question sent after the requests under test, answered: what they would have made
    the app do has had its turn by the time the answer to this one is posted."""
    slack.event(
        {
            "type": "message",
            "user": READER,
            "text": "Where does Paris stand?",
            "ts": "1700000999.000100",
            "channel": MARKER,
            "channel_type": "im",
        }
    )
    fake.wait_for(lambda calls: any(c.params.get("channel") == MARKER for c in calls))


def _made_besides_bolts_auth(fake):
    # auth.test is Bolt finding out who it is, before its first event: not an answer.
    return [(c.method, c.params.get("channel")) for c in fake.calls if c.method != "auth.test"]


def test_forged_signature_is_refused_and_nothing_happens(slack, fake, bot):
    body = "command=%2Fnewsbot&text=subscribe&team_id=T1&channel_id=C9&user_id=UADMIN"

    reply = slack.signed(body, secret="not-the-secret")

    assert reply.status == 401
    assert slack.http("/slack/events", body).status == 401  # unsigned
    _answered_marker(slack, fake)
    assert _made_besides_bolts_auth(fake) == [("chat.postMessage", MARKER)]
    with bot.session() as session:
        assert session.scalars(select(AuditEntry).where(AuditEntry.platform == "slack")).all() == []


def test_stale_timestamp_is_refused(slack, fake):
    body = "command=%2Fnewsbot&text=subscribe&team_id=T1&channel_id=C9&user_id=UADMIN"

    reply = slack.signed(body, timestamp=int(time.time()) - 10 * 60)

    assert reply.status == 401
    _answered_marker(slack, fake)
    assert _made_besides_bolts_auth(fake) == [("chat.postMessage", MARKER)]


def test_non_admin_change_is_refused_ephemerally_and_changes_nothing(slack, snapshot, bot):
    before = snapshot(audit=False)

    _, url = slack.command("track update eumam-extension status=agreed", user=READER)

    (refusal,) = slack.responses(url)
    assert refusal["response_type"] == "ephemeral"
    assert "only admins" in refusal["text"]
    assert snapshot(audit=False) == before
    with bot.session() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.allowed.is_(False))).one()
        assert (entry.platform, entry.user) == ("slack", READER)


def test_admin_update_via_slash_command_changes_the_item(slack, bot):
    _, url = slack.command(
        'track update eumam-extension status=agreed source="Council press release"', user=ADMIN
    )

    (done,) = slack.responses(url)
    assert "Updated" in done["text"]
    with bot.session() as session:
        item = session.scalars(
            select(TrackedItem).where(TrackedItem.key == "eumam-extension")
        ).one()
        assert item.status == "agreed"


def test_a_slow_answer_is_acked_at_once_and_follows_on_the_response_url(slack, monkeypatch):
    # As if the database were slow: the answer misses the ack's budget.
    monkeypatch.setattr("bot.platforms.slack.app.ACK_BUDGET_SECONDS", 0)

    reply, url = slack.command("ask Where does Berlin stand?", user=READER)

    assert reply.status == 200 and reply.body == ""  # acked, empty, within Slack's 3 s
    (answer,) = slack.responses(url)
    assert answer["response_type"] == "in_channel" and "Germany" in answer["text"]


def test_help_and_errors_are_shown_only_to_the_asker(slack):
    _, url = slack.command("help", user=READER)
    (shown,) = slack.responses(url)
    assert shown["response_type"] == "ephemeral" and "track" in shown["text"]

    _, url = slack.command("track frobnicate", user=READER)
    (error,) = slack.responses(url)
    assert error["response_type"] == "ephemeral"

    _, url = slack.command("", user=READER)  # a bare /newsbot is a request for help
    assert slack.responses(url)[0]["response_type"] == "ephemeral"


def test_a_rate_limited_thread_reply_is_sent_again_once(slack, fake):
    fake.fail("chat.postMessage", status=429, retry_after=0)

    slack.event(
        {
            "type": "app_mention",
            "user": READER,
            "text": f"<@{BOT_USER}> where does Berlin stand?",
            "ts": "1700000100.000900",
            "channel": "C1",
        }
    )

    (post,) = fake.wait_calls("chat.postMessage")  # the one that went through
    assert post.params["thread_ts"] == "1700000100.000900"
    assert len(fake.of("chat.postMessage", ok_only=False)) == 2


def test_a_follow_up_in_the_thread_is_read_in_its_context(slack, fake):
    root = {
        "type": "app_mention",
        "user": READER,
        "text": f"<@{BOT_USER}> where does Berlin stand?",
        "ts": "1700000200.000100",
        "channel": "C1",
        "event_ts": "1700000200.000100",
    }
    slack.event(root)
    fake.wait_calls("chat.postMessage")
    slack.event(
        {
            **root,
            "text": f"<@{BOT_USER}> and Italy? cc <@U0MARIA>",
            "ts": "1700000200.000300",
            "event_ts": "1700000200.000300",
            "thread_ts": "1700000200.000100",
        }
    )
    posts = fake.wait_calls("chat.postMessage", 2)
    follow = posts[1]
    assert follow.params["thread_ts"] == "1700000200.000100"
    assert "Italy" in _text(follow.payload) and "opposes" in _text(follow.payload)


def test_newsbot_story_follow_and_article_commands_work_through_the_slash_command(slack, bot):
    add_pact_story(bot)

    def said(text, user=ADMIN, channel="CDESK"):
        _, url = slack.command(text, user=user, channel=channel)
        return "\n".join(_text(r) for r in slack.responses(url))

    assert "The EU migration pact [migration-pact]" in said("stories", user=READER)
    assert "only admins" in said("follow migration-pact", user=READER)
    assert "now follows" in said("follow migration-pact")
    assert "trainers-coalition, migration-pact" in said("story list", user=READER)
    assert "only admins" in said("story archive migration-pact", user=READER)
    assert "Unknown option colour" in said("story list colour=red")
    assert "Archived" in said("story archive migration-pact")
    assert "follows: trainers-coalition." in said("stories")
    assert "No article is unfiled." in said("article list unfiled")
    with bot.session() as session:
        entries = [
            (e.action, e.allowed)
            for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]
    assert entries == [
        ("follow", False),
        ("follow", True),
        ("story archive", False),
        ("story.archive", True),
    ]
