"""Socket Mode: the same app over the websocket Slack opens for it (SLACK_APP_TOKEN),
against the fake's ``apps.connections.open`` and its websocket."""

from __future__ import annotations

from fakes.slack_api import BOT_USER
from fakes.slack_harness import ADMIN, READER, TEAM, TOKEN, SlackApp, check_payloads, configure

APP_TOKEN = "xapp-1-A1-test"


def _socket_app(bot, fake):
    configure(
        bot,
        fake,
        slack_app_token=APP_TOKEN,
        slack_bot_token=TOKEN,
        slack_client_id=None,
        slack_client_secret=None,
        slack_signing_secret=None,
    )
    fake.tokens[TOKEN] = TEAM
    fake.tokens[APP_TOKEN] = TEAM
    return SlackApp(bot, fake, socket_token=APP_TOKEN).start()


def test_socket_mode_answers_a_slash_command_in_its_ack_and_a_mention_in_a_thread(bot, fake):
    app = _socket_app(bot, fake)
    try:
        (opened,) = fake.wait_calls("apps.connections.open")
        assert opened.token == APP_TOKEN
        fake.wait_calls("socket_connect")

        fake.socket_send(
            "slash_commands",
            {
                "team_id": TEAM,
                "channel_id": "C1",
                "user_id": READER,
                "user_name": "reader",
                "command": "/newsbot",
                "text": "ask Where does Berlin stand?",
                "api_app_id": "ANEWS",
                "response_url": fake.response_url("sock"),
                "trigger_id": "t1",
            },
            "env-1",
        )
        fake.wait_for(lambda calls: any(c.path == "env-1" for c in calls))
        (ack,) = [c for c in fake.of("socket_ack") if c.path == "env-1"]
        assert ack.params["response_type"] == "in_channel"
        assert "Germany" in ack.params["text"]

        fake.socket_send(
            "events_api",
            {
                "team_id": TEAM,
                "api_app_id": "ANEWS",
                "type": "event_callback",
                "event_id": "Ev1",
                "event_time": 1700000000,
                "event": {
                    "type": "app_mention",
                    "user": ADMIN,
                    "text": f"<@{BOT_USER}> who opposes training in Ukraine?",
                    "ts": "1700000200.000100",
                    "channel": "C1",
                },
                "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
            },
            "env-2",
        )
        (post,) = fake.wait_calls("chat.postMessage")
        assert post.params["thread_ts"] == "1700000200.000100" and post.token == TOKEN
    finally:
        app.stop()
    check_payloads(fake)
