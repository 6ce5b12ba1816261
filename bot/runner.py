"""``newsbot run``: pick the platform from the settings, start the scheduler, serve."""

from __future__ import annotations

import logging
import sys

from bot.console import Console, ConsoleTransport
from bot.core import NewsBot
from bot.delivery import Transport
from bot.headless import server_transports
from bot.service import Background

_log = logging.getLogger(__name__)


def run(bot: NewsBot) -> int:
    settings = bot.settings
    if settings.discord_token or settings.slack_bot_token or settings.slack_app_token:
        print(
            "newsbot: platform tokens are set, but this version runs the console only; "
            "Discord and Slack adapters are not part of it yet. Unset DISCORD_TOKEN / "
            "SLACK_BOT_TOKEN / SLACK_APP_TOKEN to chat in the terminal.",
            file=sys.stderr,
        )
        return 2
    try:
        # The generic webhook platform, when configured, is served beside any chat.
        webhook = server_transports(settings)
    except ValueError as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return 2
    transport = ConsoleTransport()
    console = Console(bot, transport)
    console.autosubscribe()
    transports: dict[str, Transport] = {transport.platform: transport}
    transports.update(webhook)
    # Delivery, the scheduler (in the leader process only) and the ops endpoints.
    background = Background(bot, transports).start()
    try:
        console.run()
    finally:
        background.stop()
    return 0
