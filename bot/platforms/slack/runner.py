"""``newsbot run`` for Slack: the scheduler and outbox worker, plus the Bolt app in
Socket Mode (``SLACK_APP_TOKEN`` set) or HTTP mode (Bolt's ``/slack/events``, and with
OAuth ``/slack/install`` and ``/slack/oauth_redirect``, on ``SLACK_HTTP_PORT``)."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from contextlib import suppress

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_server import AsyncSlackAppServer
from slack_bolt.async_app import AsyncApp

from bot.background.memory import settle
from bot.background.services import Background
from bot.config.settings import Settings
from bot.core.newsbot import NewsBot
from bot.platforms.slack import stores
from bot.platforms.slack.app import build_app
from bot.platforms.slack.transport import SlackTransport

_log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


def config_problems(settings: Settings) -> list[str]:
    """What is missing for the chosen mode, in words a person setting it up can act on."""
    out = []
    if settings.slack_app_token:
        if not settings.slack_app_token.startswith("xapp-"):
            out.append("SLACK_APP_TOKEN must be an app-level token (xapp-…).")
        if not settings.slack_bot_token:
            out.append("Socket Mode needs SLACK_BOT_TOKEN (xoxb-…) as well as SLACK_APP_TOKEN.")
        return out
    if not settings.slack_signing_secret:
        out.append(
            "HTTP mode needs SLACK_SIGNING_SECRET (Basic Information → App Credentials), "
            "or set SLACK_APP_TOKEN for Socket Mode."
        )
    if settings.slack_client_id and not settings.slack_client_secret:
        out.append("SLACK_CLIENT_ID is set: the OAuth install flow needs SLACK_CLIENT_SECRET too.")
    if not settings.slack_client_id and not settings.slack_bot_token:
        out.append("Set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID/SECRET (OAuth).")
    return out


def transport_for(bot: NewsBot) -> SlackTransport:
    """Posts with the workspace's installed bot token, else ``SLACK_BOT_TOKEN``."""
    settings = bot.settings
    store = stores.installation_store(bot.engine, settings.slack_client_id)

    def token_for(workspace: str) -> str | None:
        return stores.bot_token(store, workspace) or settings.slack_bot_token

    return SlackTransport(token_for, base_url=settings.slack_api_url)


async def start_http(app: AsyncApp, host: str, port: int) -> tuple[web.AppRunner, int]:
    """Serves the app; returns the runner (to clean up) and the port bound (port 0 picks one)."""
    server = AsyncSlackAppServer(port=port, path=EVENTS_PATH, app=app, host=host)
    runner = web.AppRunner(server.web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return runner, int(runner.addresses[0][1])


async def connect_socket_mode(app: AsyncApp, app_token: str) -> AsyncSocketModeHandler:
    """The same app over Slack's websocket (aiohttp): no public URL, no request signing."""
    handler = AsyncSocketModeHandler(app, app_token)
    await handler.connect_async()
    return handler


async def serve(bot: NewsBot) -> None:
    settings = bot.settings
    app = build_app(bot)
    settle()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    if settings.slack_app_token:
        handler = await connect_socket_mode(app, settings.slack_app_token)
        print("newsbot: connected to Slack (Socket Mode).", file=sys.stderr)
        try:
            await stop.wait()
        finally:
            await handler.close_async()
        return
    runner, port = await start_http(app, settings.slack_http_host, settings.slack_http_port)
    where = f"http://{settings.slack_http_host}:{port}"
    extra = " and /slack/install" if settings.slack_client_id else ""
    print(f"newsbot: Slack HTTP mode on {where}{EVENTS_PATH}{extra}.", file=sys.stderr)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def run_slack(bot: NewsBot) -> int:
    problems = config_problems(bot.settings)
    if problems:
        for problem in problems:
            print(f"newsbot: {problem}", file=sys.stderr)
        return 2
    # Delivery, the scheduler (in the leader process only) and the ops endpoints.
    background = Background(bot, {"slack": transport_for(bot)}).start()
    try:
        asyncio.run(serve(bot))
    except KeyboardInterrupt:
        pass
    except OSError as exc:  # the port is taken, the network is down
        print(f"newsbot: cannot serve Slack: {exc}", file=sys.stderr)
        return 1
    finally:
        background.stop()
    return 0
