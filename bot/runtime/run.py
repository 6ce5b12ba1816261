"""``newsbot run``: pick the platform from the settings, start the scheduler, serve."""

from __future__ import annotations

import logging
import sys

from bot.background.memory import settle
from bot.background.services import Background
from bot.core.newsbot import NewsBot
from bot.delivery.outbox import Transport
from bot.platforms.console.chat import Console, ConsoleTransport
from bot.runtime.headless import server_transports

_log = logging.getLogger(__name__)


def run(bot: NewsBot) -> int:
    settings = bot.settings
    if settings.discord_token and settings.slack_enabled:
        # One process serves one platform; several processes share one database.
        print(
            "newsbot: both Discord (DISCORD_TOKEN) and Slack (SLACK_*) are configured. "
            "Run one newsbot process per platform, each with its own settings, on the "
            "same DATABASE_URL.",
            file=sys.stderr,
        )
        return 2
    if settings.discord_token:
        from bot.platforms.discord.runner import run_discord

        return run_discord(bot)
    if settings.slack_enabled:
        from bot.platforms.slack.runner import run_slack  # Bolt is imported only when it is used

        return run_slack(bot)
    try:
        # The generic webhook platform, when configured, is served beside any chat.
        webhook = server_transports(settings)
    except ValueError as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return 2
    transport = ConsoleTransport(chart_dir=bot.settings.chart_dir)
    console = Console(bot, transport)
    console.autosubscribe()
    transports: dict[str, Transport] = {transport.platform: transport}
    transports.update(webhook)
    # Delivery, the scheduler (in the leader process only) and the ops endpoints.
    background = Background(bot, transports).start()
    settle()
    try:
        console.run()
    finally:
        background.stop()
    return 0
