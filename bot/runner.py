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
    if settings.discord_token or settings.slack_bot_token or settings.slack_app_token:
        print(
            "newsbot: platform tokens are set, but this version runs the console only; "
            "Discord and Slack adapters are not part of it yet. Unset DISCORD_TOKEN / "
            "SLACK_BOT_TOKEN / SLACK_APP_TOKEN to chat in the terminal.",
            file=sys.stderr,
        )
        return 2
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
