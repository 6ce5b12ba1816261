"""``newsbot run``: pick the platform from the settings, start the scheduler, serve."""

from __future__ import annotations

import logging
import sys

from bot.console import Console, ConsoleTransport
from bot.core import NewsBot
from bot.delivery import Deliverer
from bot.ingest.jobs import register_feed_jobs
from bot.scheduler import Scheduler

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
        from bot.discord_app.runner import run_discord

        return run_discord(bot)
    if settings.slack_enabled:
        from bot.slack_app.runner import run_slack  # Bolt is imported only when it is used

        return run_slack(bot)
    transport = ConsoleTransport()
    console = Console(bot, transport)
    console.autosubscribe()
    deliverer = Deliverer(bot, {transport.platform: transport})
    scheduler = Scheduler(bot, deliverer, {transport.platform})
    # Changes made here are delivered at once, not at the next interval tick.
    bot.on_change.append(scheduler.poke)
    scheduler.start()
    register_feed_jobs(scheduler.scheduler, bot)  # RSS/Atom feeds, each on its own interval
    try:
        console.run()
    finally:
        scheduler.shutdown()
    return 0
