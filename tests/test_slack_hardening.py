"""Slack, hardened: a retried or repeated event is acknowledged and answered once (in
this process or another), no secret reaches the log even at DEBUG, the API base URL
works without its trailing slash, and a start prints no token warning."""

from __future__ import annotations

import base64
import io
import logging
import re
from urllib.parse import parse_qs, urlparse

import pytest
from fakes.slack_api import BOT_USER
from fakes.slack_harness import CLIENT_ID, READER, SECRET, TEAM, TOKEN, SlackApp, configure, install

from bot.core.newsbot import NewsBot
from bot.observability.logs import configure_logging
from bot.platforms.slack.app import build_app
from bot.platforms.slack.runner import transport_for
from digests.document import Document, Paragraph


def mention(text: str, ts: str) -> dict:
    return {
        "type": "app_mention",
        "user": READER,
        "text": f"<@{BOT_USER}> {text}",
        "ts": ts,
        "channel": "C1",
        "event_ts": ts,
    }


def answers_in_thread(fake, ts: str) -> list:
    return [c for c in fake.of("chat.postMessage") if c.params.get("thread_ts") == ts]


# ---------------------------------------------------------------- retries
def test_a_retried_event_is_acknowledged_and_answered_once(slack, fake):
    first = mention("where does Berlin stand?", "1700000100.000100")
    assert slack.event(first, event_id="EvRetry1").status == 200
    fake.wait_for(lambda calls: len(answers_in_thread(fake, "1700000100.000100")) == 1)

    # Slack did not see the ack in time and sends the same event again, twice.
    assert slack.event(first, event_id="EvRetry1", retry=1).status == 200
    assert slack.event(first, event_id="EvRetry1", retry=2).status == 200
    # A later question is answered: by then a repeat answer would have been posted too.
    later = mention("who opposes training in Ukraine?", "1700000200.000100")
    slack.event(later, event_id="EvLater")
    fake.wait_for(lambda calls: len(answers_in_thread(fake, "1700000200.000100")) == 1)

    assert len(answers_in_thread(fake, "1700000100.000100")) == 1


def test_a_retry_whose_first_delivery_never_arrived_is_answered(slack, fake):
    lost = mention("where does Berlin stand?", "1700000300.000100")

    assert slack.event(lost, event_id="EvLostFirst", retry=1).status == 200

    fake.wait_for(lambda calls: answers_in_thread(fake, "1700000300.000100"))
    (post,) = answers_in_thread(fake, "1700000300.000100")
    assert "Germany" in post.payload["text"] or "Germany" in str(post.payload["blocks"])


def test_a_repeat_reaching_another_process_is_not_answered_again(slack, fake, bot):
    other = NewsBot(bot.settings, clock=bot.clock, migrate=False)
    second = SlackApp(other, fake).start()  # a second process on the same database
    try:
        event = mention("where does Berlin stand?", "1700000400.000100")
        slack.event(event, event_id="EvTwoProcs")
        fake.wait_for(lambda calls: len(answers_in_thread(fake, "1700000400.000100")) == 1)

        assert second.event(event, event_id="EvTwoProcs", retry=1).status == 200
        later = mention("who opposes training in Ukraine?", "1700000500.000100")
        second.event(later, event_id="EvTwoProcsLater")
        fake.wait_for(lambda calls: len(answers_in_thread(fake, "1700000500.000100")) == 1)
    finally:
        second.stop()
        other.engine.dispose()
    assert len(answers_in_thread(fake, "1700000400.000100")) == 1


def test_socket_mode_redelivery_is_acknowledged_and_answered_once(bot, fake):
    app_token = "xapp-1-A1-test"
    configure(
        bot,
        fake,
        slack_app_token=app_token,
        slack_bot_token=TOKEN,
        slack_client_id=None,
        slack_client_secret=None,
        slack_signing_secret=None,
    )
    fake.tokens[TOKEN] = TEAM
    fake.tokens[app_token] = TEAM
    app = SlackApp(bot, fake, socket_token=app_token).start()

    def envelope(event_id: str, ts: str, text: str) -> dict:
        return {
            "team_id": TEAM,
            "api_app_id": "ANEWS",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": 1700000000,
            "event": mention(text, ts),
            "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
        }

    try:
        fake.wait_calls("socket_connect")
        payload = envelope("EvSock1", "1700000600.000100", "where does Berlin stand?")
        fake.socket_send("events_api", payload, "env-1")
        fake.wait_for(lambda calls: len(answers_in_thread(fake, "1700000600.000100")) == 1)
        fake.socket_send("events_api", payload, "env-2")  # redelivered
        fake.wait_for(lambda calls: any(c.path == "env-2" for c in fake.of("socket_ack")))
        later = envelope("EvSock2", "1700000700.000100", "who opposes training in Ukraine?")
        fake.socket_send("events_api", later, "env-3")
        fake.wait_for(lambda calls: len(answers_in_thread(fake, "1700000700.000100")) == 1)
    finally:
        app.stop()
    assert len(answers_in_thread(fake, "1700000600.000100")) == 1


# ---------------------------------------------------------------- secrets in the log
BOT_TOKEN = "xoxb-1111111111-2222222222-AbCdEfGhIjKlMnOpQrStUvWx"
CLIENT_SECRET = "3c5e7a9b1d2f4e6a8c0b2d4f6e8a0c1b"
LEGACY_TOKEN = "Gh7Lq2VxP9sNe4RtYw1Zc8Kb"


@pytest.fixture
def debug_log():
    """The root logger at DEBUG through newsbot's own handler; the text it wrote."""
    out = io.StringIO()
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    yield out
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


def test_no_secret_reaches_the_log_at_debug(bot, fake, debug_log):
    configure(bot, fake, slack_client_secret=CLIENT_SECRET, slack_bot_token=BOT_TOKEN)
    fake.tokens[BOT_TOKEN] = TEAM
    install(bot, fake, token=BOT_TOKEN)
    bot.settings = type(bot.settings)(
        **{
            **{f: getattr(bot.settings, f) for f in bot.settings.__dataclass_fields__},
            "log_level": "DEBUG",
            "webhook_token": "hook-secret-7c1f2e",
            "discord_token": "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz0123",
        }
    )
    configure_logging(bot.settings, stream=debug_log)
    app = SlackApp(bot, fake).start()
    try:
        # The OAuth round trip: install page, Slack's redirect back, the token exchange.
        page = app.http("/slack/install", method="GET")
        link = re.search(r'href="(https://slack.com/oauth/v2/authorize\?[^"]+)"', page.body)
        assert link is not None
        state = parse_qs(urlparse(link.group(1).replace("&amp;", "&")).query)["state"][0]
        cookie = page.headers["Set-Cookie"].split(";")[0]
        done = app.http(
            f"/slack/oauth_redirect?code=good-code&state={state}",
            method="GET",
            headers={"Cookie": cookie},
        )
        assert done.status == 200
        # Forged requests, one of them carrying the legacy verification token.
        forged = f"token={LEGACY_TOKEN}&command=%2Fnewsbot&text=subscribe&team_id=T1&user_id=U1"
        assert app.signed(forged, secret="not-the-secret").status == 401
        assert app.http("/slack/events", forged).status == 401
        # A genuine command and an event, both carrying the legacy token, and an outbox post.
        _, url = app.command("ask Where does Berlin stand?", user=READER, team="T2")
        app.responses(url)
        app.event(mention("where does Berlin stand?", "1700000800.000100"))
        fake.wait_for(lambda calls: answers_in_thread(fake, "1700000800.000100"))
        transport_for(bot).send("T1", "C7", Document(title="Hi", blocks=[Paragraph("x")]))
    finally:
        app.stop()
    text = debug_log.getvalue()
    assert "DEBUG" in text and "oauth.v2.access" in text  # it did log, at length
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    oauth_token = "xoxb-t2"  # the token the install flow received
    secrets = [
        SECRET,
        CLIENT_SECRET,
        BOT_TOKEN,
        oauth_token,
        LEGACY_TOKEN,
        "legacy-verification-token",
        basic,
        "hook-secret-7c1f2e",
    ]
    leaked = [s for s in secrets if s in text]
    assert not leaked, leaked


# ---------------------------------------------------------------- configuration
def test_an_api_url_without_its_trailing_slash_works(bot, fake):
    configure(bot, fake, slack_api_url=fake.url.rstrip("/"))
    install(bot, fake)
    app = SlackApp(bot, fake).start()
    try:
        _, url = app.command("ask Where does Berlin stand?", user=READER)
        (answer,) = app.responses(url)
        assert "Germany" in answer["text"]
    finally:
        app.stop()
    transport_for(bot).send(TEAM, "C5", Document(title="Hello", blocks=[Paragraph("x")]))
    (post,) = fake.of("chat.postMessage")
    assert post.params["channel"] == "C5"


@pytest.mark.parametrize("oauth", [True, False])
def test_a_start_prints_no_token_warning(bot, fake, monkeypatch, caplog, oauth):
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)  # as `newsbot run` sees it
    if oauth:
        configure(bot, fake)
    else:
        configure(bot, fake, slack_client_id=None, slack_client_secret=None, slack_bot_token=TOKEN)
    with caplog.at_level(logging.DEBUG):
        build_app(bot)
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not [m for m in said if "token" in m.lower()], said
