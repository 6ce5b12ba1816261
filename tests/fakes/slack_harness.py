"""The newsbot Slack app running for real in HTTP mode on an ephemeral port, and signed
requests sent into it the way Slack sends them (HMAC-SHA256 over ``v0:{ts}:{body}``).

Also the checks every Slack test runs on what was posted: Block Kit limits, and no
mention markup in text that came from articles or users.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from slack_sdk.oauth.installation_store import Installation

from bot.core.newsbot import NewsBot
from bot.platforms.slack import limits, stores
from bot.platforms.slack.app import build_app
from bot.platforms.slack.runner import connect_socket_mode, start_http
from fakes.slack_api import APP_ID, BOT_USER, Call, FakeSlack

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
ADMIN = "UADMIN"
READER = "UREADER"
TEAM = "T1"
TOKEN = "xoxb-t1"
CLIENT_ID = "1111.2222"

# Markup that pings or links: never in what we post, except our own channel links.
PING = re.compile(r"<[!@]|<#(?![A-Z0-9]+>)")


@dataclass
class Reply:
    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


def eventually(check: Callable[[], bool], timeout: float = 15.0) -> None:
    """Waits for something the app does after its ack, where no API call marks the moment."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("the app never got there")
        time.sleep(0.02)


def sign(body: str, timestamp: int | None = None, secret: str = SECRET) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def configure(bot: NewsBot, fake: FakeSlack, **overrides: Any) -> NewsBot:
    """The bot's settings for Slack: OAuth mode, API calls to the fake, UADMIN an admin."""
    values: dict[str, Any] = {
        "admins": frozenset({*bot.settings.admins, f"slack:{ADMIN}"}),
        "slack_signing_secret": SECRET,
        "slack_api_url": fake.url,
        "slack_client_id": CLIENT_ID,
        "slack_client_secret": "client-secret",
    }
    bot.settings = replace(bot.settings, **{**values, **overrides})
    return bot


def install(bot: NewsBot, fake: FakeSlack, team: str = TEAM, token: str = TOKEN) -> None:
    """Files an installation as the OAuth flow would, and tells the fake the token."""
    store = stores.installation_store(bot.engine, bot.settings.slack_client_id)
    store.save(
        Installation(
            app_id=APP_ID,
            team_id=team,
            team_name="Newsroom",
            bot_token=token,
            bot_id="BNEWS",
            bot_user_id=BOT_USER,
            bot_scopes="app_mentions:read,chat:write,commands,im:history,users:read",
            user_id="UINSTALLER",
        )
    )
    fake.tokens[token] = team


class SlackApp:
    """Runs ``build_app(bot)`` behind aiohttp on 127.0.0.1 in a thread of its own."""

    def __init__(self, bot: NewsBot, fake: FakeSlack, *, socket_token: str | None = None) -> None:
        self.bot = bot
        self.fake = fake
        self.socket_token = socket_token  # Socket Mode instead of HTTP
        self.handler: Any = None
        self.loop = asyncio.new_event_loop()
        self.port = 0
        self._ids = iter(range(1, 1_000_000))

    def start(self) -> SlackApp:
        ready = threading.Event()
        errors: list[BaseException] = []

        def serve() -> None:
            asyncio.set_event_loop(self.loop)
            try:
                self.app = build_app(self.bot)
                if self.socket_token:
                    self.handler = self.loop.run_until_complete(
                        connect_socket_mode(self.app, self.socket_token)
                    )
                else:
                    self.runner, self.port = self.loop.run_until_complete(
                        start_http(self.app, "127.0.0.1", 0)
                    )
            except BaseException as exc:
                errors.append(exc)
                ready.set()
                return
            ready.set()
            self.loop.run_forever()

        self.thread = threading.Thread(target=serve, name="slack-app", daemon=True)
        self.thread.start()
        ready.wait(30)
        if errors:
            raise errors[0]
        return self

    def stop(self) -> None:
        async def shutdown() -> None:
            if self.handler is not None:
                await self.handler.close_async()
            else:
                await self.runner.cleanup()
            # Listeners still answering after their ack finish before the loop goes.
            pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            if pending:
                await asyncio.wait(pending, timeout=10)

        if self.port or self.handler is not None:
            asyncio.run_coroutine_threadsafe(shutdown(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(15)
        self.loop.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # ------------------------------------------------------------------ raw HTTP
    def http(
        self,
        path: str,
        body: str = "",
        *,
        content_type: str = "application/x-www-form-urlencoded",
        headers: dict[str, str] | None = None,
        method: str = "POST",
    ) -> Reply:
        request = urllib.request.Request(
            self.url + path,
            data=body.encode() if method == "POST" else None,
            method=method,
            headers={"Content-Type": content_type, **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Reply(response.status, response.read().decode(), dict(response.headers))
        except urllib.error.HTTPError as exc:
            return Reply(exc.code, exc.read().decode(), dict(exc.headers))

    def signed(
        self,
        body: str,
        *,
        content_type: str = "application/x-www-form-urlencoded",
        timestamp: int | None = None,
        secret: str = SECRET,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        return self.http(
            "/slack/events",
            body,
            content_type=content_type,
            headers={**sign(body, timestamp, secret), **(headers or {})},
        )

    # ------------------------------------------------------------------ Slack's requests
    def command(
        self,
        text: str,
        *,
        user: str = ADMIN,
        channel: str = "C1",
        team: str = TEAM,
        wait: bool = True,
    ) -> tuple[Reply, str]:
        """``/newsbot TEXT``; returns the HTTP reply and the response_url it carried.

        With ``wait``, returns once the command is answered (in the ack, or on the
        response_url after an empty ack), so whatever it changed is committed."""
        n = next(self._ids)
        response_url = self.fake.response_url(n)
        body = urlencode(
            {
                "token": "legacy-verification-token",
                "team_id": team,
                "team_domain": "newsroom",
                "channel_id": channel,
                "channel_name": "news",
                "user_id": user,
                "user_name": user.lower(),
                "command": "/newsbot",
                "text": text,
                "api_app_id": APP_ID,
                "response_url": response_url,
                "trigger_id": f"trigger-{n}",
            }
        )
        reply = self.signed(body)
        if reply.status == 200 and reply.body.strip():
            # Answered in the ack itself: Slack shows this body as the command's reply.
            self.fake._record(Call("ack", reply.json(), None, path=str(n)))
        elif wait and reply.status == 200:
            self.responses(response_url)
        return reply, response_url

    def event(
        self,
        event: dict[str, Any],
        *,
        team: str = TEAM,
        event_id: str | None = None,
        retry: int | None = None,
    ) -> Reply:
        """An Events API delivery. ``event_id`` resends an event Slack sent before;
        ``retry`` marks the delivery as Slack's retry number N (``X-Slack-Retry-Num``)."""
        n = next(self._ids)
        headers = {}
        if retry is not None:
            headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        body = json.dumps(
            {
                "token": "legacy-verification-token",
                "team_id": team,
                "api_app_id": APP_ID,
                "event": event,
                "type": "event_callback",
                "event_id": event_id or f"Ev{n:08d}",
                "event_time": int(time.time()),
                "authorizations": [
                    {"team_id": team, "user_id": BOT_USER, "is_bot": True, "enterprise_id": None}
                ],
            }
        )
        return self.signed(body, content_type="application/json", headers=headers)

    def interaction(self, payload: dict[str, Any], *, team: str = TEAM) -> Reply:
        payload = {"team": {"id": team, "domain": "newsroom"}, "api_app_id": APP_ID, **payload}
        return self.signed(urlencode({"payload": json.dumps(payload)}))

    def responses(self, response_url: str, count: int = 1) -> list[dict[str, Any]]:
        """The replies to one slash command: the ack's own body, if it carried the answer,
        then what was posted to its response_url (waits until there are ``count``)."""
        n = response_url.rsplit("/", 1)[1]

        def mine(calls: list[Any]) -> list[Any]:
            return [c for c in calls if c.method in ("ack", "response_url") and c.path == n]

        self.fake.wait_for(lambda calls: len(mine(calls)) >= count)
        # The ack is recorded when its HTTP reply is read here, which can be after the
        # app's next posts arrived; it came first all the same.
        calls = sorted(mine(self.fake.calls), key=lambda c: c.method != "ack")
        return [c.payload for c in calls]


def check_payloads(fake: FakeSlack) -> None:
    """Every message and view the app sent is within Slack's limits and pings nobody."""
    bad: list[str] = []
    for call in fake.calls:
        payload = call.payload
        if call.method in ("chat.postMessage", "chat.postEphemeral", "response_url", "ack"):
            found = limits.problems(payload, "message")
            texts = [payload.get("text") or "", *mrkdwn_texts(payload.get("blocks") or [])]
        elif call.method in ("views.publish", "views.open", "views.update"):
            view = payload["view"]
            found = limits.problems(view, "home" if view.get("type") == "home" else "modal")
            texts = mrkdwn_texts(view.get("blocks") or [])
        else:
            continue
        found += [f"mention markup in {t[:80]!r}" for t in texts if PING.search(t)]
        bad += [f"{call.method}: {p}" for p in found]
    assert not bad, "payloads Slack would refuse or that ping people:\n" + "\n".join(bad)


def mrkdwn_texts(blocks: list[dict[str, Any]]) -> list[str]:
    """Every mrkdwn string in the blocks (plain_text is never parsed for mentions)."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn":
                out.append(node.get("text", ""))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return out
