"""Operability: /healthz, /metrics, and logs that never show a secret."""

from __future__ import annotations

import io
import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import replace

import pytest

from bot.background.ops_http import OpsServer
from bot.background.services import Background
from bot.config.settings import Settings
from bot.core.newsbot import NewsBot
from bot.observability.logs import REDACTED, configure_logging
from bot.platforms.webhook.transport import WebhookTransport
from tests.conftest import ChatBot
from tests.fakes.platform_api import FakePlatformAPI


def get(port: int, path: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read().decode()


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one Prometheus sample in an exposition text (0 if absent)."""
    want = ",".join(f'{k}="{v}"' for k, v in labels.items())
    head = f"{name}{{{want}}}" if labels else name
    for line in text.splitlines():
        if line.startswith(head + " "):
            return float(line.split()[-1])
    return 0.0


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def hooks(bot):
    bot.settings = replace(bot.settings, admins=bot.settings.admins | {"webhook:alice"})
    return ChatBot(bot, platform="webhook", workspace="team")


def test_health_and_metrics_of_a_running_bot(bot, chat, hooks):
    for ch in ("news", "desk"):
        hooks.say("subscribe", channel=ch)
    hooks.say("subscribe", channel="elsewhere")
    with FakePlatformAPI() as api:
        background = Background(
            bot, {"webhook": WebhookTransport(api.url, timeout=5)}, ops_port=0
        ).start()
        try:
            assert background.ops is not None
            port = background.ops.port
            _, _, before = get(port, "/metrics")
            chat.say("What is Germany's position?")  # timed as a request
            chat.say("track update eumam-revision status=agreed")  # three alerts
            assert wait_for(lambda: len(api.snapshot()) == 3)
            # A row is marked delivered just after the platform has it: wait for the mark.
            assert wait_for(lambda: json.loads(get(port, "/healthz")[2])["outbox_depth"] == 0)
            status, ctype, body = get(port, "/healthz")
            health = json.loads(body)
            _, mtype, after = get(port, "/metrics")
        finally:
            background.stop()
    assert status == 200 and ctype == "application/json"
    assert health["status"] == "ok" and health["database"] == "ok"
    assert health["scheduler"] == "leader"  # the only process
    assert health["outbox_depth"] == 0 and health["outbox_failed"] == 0

    assert mtype.startswith("text/plain")  # the Prometheus text format
    delivered = sample(after, "newsbot_deliveries_total", kind="alert", platform="webhook")
    delivered -= sample(before, "newsbot_deliveries_total", kind="alert", platform="webhook")
    assert delivered == 3
    answered = sample(after, "newsbot_request_seconds_count")
    assert answered - sample(before, "newsbot_request_seconds_count") == 2
    assert "newsbot_outbox_depth 0.0" in after
    assert "newsbot_scheduler_leader 1.0" in after
    for name in ("newsbot_delivery_retries_total", "newsbot_delivery_failures_total"):
        assert f"# TYPE {name} counter" in after


def test_health_counts_what_waits_in_the_outbox(bot, chat):
    # Subscribed on a platform no process here serves: its alerts wait.
    for ch in ("a", "b"):
        chat.say("subscribe", channel=ch)
    chat.say("track update eumam-revision status=agreed")
    ops = OpsServer(bot, lambda: "follower").start()
    try:
        status, _, body = get(ops.port, "/healthz")
        _, _, metrics = get(ops.port, "/metrics")
        missing, _, _ = get(ops.port, "/nothing")
    finally:
        ops.stop()
    assert status == 200
    assert json.loads(body)["outbox_depth"] == 2
    assert json.loads(body)["scheduler"] == "follower"
    assert "newsbot_outbox_depth 2.0" in metrics
    assert missing == 404


def test_health_says_so_when_the_database_is_down():
    # Port 1: nothing listens; the bot is built without touching the database.
    settings = Settings(database_url="postgresql+psycopg://newsbot:pw@127.0.0.1:1/newsbot")
    bot = NewsBot(settings, migrate=False)
    ops = OpsServer(bot, lambda: "follower").start()
    try:
        status, _, body = get(ops.port, "/healthz")
    finally:
        ops.stop()
        bot.engine.dispose()
    report = json.loads(body)
    assert status == 503
    assert report["status"] == "unhealthy" and report["database"].startswith("unreachable")
    assert "pw" not in body


SECRETS = {
    "discord_token": "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz0123",
    "slack_bot_token": "xoxb-1111111111-2222222222-AbCdEfGhIjKlMnOpQrStUvWx",
    "slack_app_token": "xapp-1-A0123456789-1234567890123-abcdef0123456789",
    "slack_signing_secret": "8f742231b10e8888abcd99yyyzzz85a5",
    "webhook_token": "hook-secret-7c1f2e",
}


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_logs_never_contain_tokens_or_passwords(fmt):
    settings = Settings(
        database_url="postgresql+psycopg://newsbot:db-pass-42@db.example.org/newsbot",
        log_format=fmt,
        log_level="INFO",
        **SECRETS,
    )
    out = io.StringIO()
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        configure_logging(settings, stream=out)
        log = logging.getLogger("bot.somewhere")
        log.info("connecting with %s", SECRETS["slack_bot_token"])
        log.warning("discord said no to token %s", SECRETS["discord_token"])
        log.info("Authorization: Bearer %s", SECRETS["webhook_token"])
        log.info("database %s", settings.database_url)
        log.info(
            "signing secret is %s; app token %s",
            SECRETS["slack_signing_secret"],
            SECRETS["slack_app_token"],
        )
        log.info("a token we were never told about: xoxp-9999999999-8888888888-ZZZZZZZZ")
        try:
            raise RuntimeError(f"request failed with {SECRETS['slack_bot_token']}")
        except RuntimeError:
            log.exception("send failed")
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    text = out.getvalue()
    for secret in [*SECRETS.values(), "db-pass-42", "xoxp-9999999999"]:
        assert secret not in text
    assert text.count(REDACTED) >= 8
    assert "newsbot:[redacted]@db.example.org" in text  # still says which database
    assert "send failed" in text and "RuntimeError" in text  # the traceback is kept
    if fmt == "json":
        records = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
        assert len(records) == 7
        assert {r["logger"] for r in records} == {"bot.somewhere"}
        assert "RuntimeError" in records[-1]["exception"]


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"NEWSBOT_WEBHOOK_URL": "relay.example.org/hook"}, "must be an http:// or https:// URL"),
        ({"NEWSBOT_OPS_PORT": "eighty"}, "NEWSBOT_OPS_PORT must be a whole number"),
        ({"NEWSBOT_DELIVERY_WORKERS": "-3"}, "must be a whole number, 0 or more, got '-3'"),
    ],
)
def test_headless_refuses_bad_settings_plainly(env, says, db_url, monkeypatch, capsys, tmp_path):
    from bot.cli.main import main

    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert main(["--db", db_url, "run", "--headless"]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
