"""``newsbot run`` with Slack settings: the real process serves HTTP mode, runs the
scheduler and posts alerts through the outbox — end to end, against the fake Web API."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from urllib.parse import urlencode

from fakes.slack_harness import ADMIN, SECRET, TOKEN, check_payloads, sign


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(port, body):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/slack/events",
        data=body.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", **sign(body)},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read().decode()


def _command(port, fake, text, channel):
    return _post(
        port,
        urlencode(
            {
                "team_id": "T1",
                "channel_id": channel,
                "user_id": ADMIN,
                "user_name": "admin",
                "command": "/newsbot",
                "text": text,
                "api_app_id": "ANEWS",
                "response_url": fake.response_url(channel),
                "trigger_id": "t",
            }
        ),
    )


def test_newsbot_run_serves_slack_and_delivers_alerts(fake, db_url, tmp_path):
    fake.tokens[TOKEN] = "T1"
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "NEWSBOT_"))},
        "DATABASE_URL": db_url,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.url.rstrip("/"),  # as people write it: no trailing slash
        "SLACK_HTTP_HOST": "127.0.0.1",
        "SLACK_HTTP_PORT": str(port),
        "NEWSBOT_ADMINS": f"slack:{ADMIN}",
        "NEWSBOT_DELIVERY_INTERVAL": "0.5",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    ready = threading.Event()

    def read_stderr() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if "Slack HTTP mode on" in line:
                ready.set()

    threading.Thread(target=read_stderr, daemon=True).start()
    try:
        assert ready.wait(60), "newsbot run never said it was serving:\n" + "".join(lines)
        assert f"127.0.0.1:{port}/slack/events" in "".join(lines)

        status, body = _command(port, fake, "subscribe", "CALERTS")
        assert status == 200 and "Subscribed" in body
        status, body = _command(
            port, fake, 'track update eumam-extension status=agreed source="Council"', "CDESK"
        )
        assert status == 200 and "Updated" in body

        # The change wakes the delivery worker: the alert reaches the subscribed channel.
        (post,) = fake.wait_calls("chat.postMessage")
        assert post.params["channel"] == "CALERTS" and post.token == TOKEN
        assert "EUMAM mandate extension" in post.params["text"]
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert code == 0, "".join(lines)
    assert "Traceback" not in "".join(lines)
    assert "token" not in "".join(lines).lower()  # Bolt's "token will be unused" notice
    assert len(fake.of("chat.postMessage")) == 1  # once, not again on a later pass
    check_payloads(fake)
