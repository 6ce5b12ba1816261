"""What every ``newsbot run`` process runs beside its chat: delivery, the scheduler, ops.

- Delivery runs in every process (each drains the outbox rows of the platforms it
  serves; rows are claimed one by one, so processes share the work).
- The scheduler runs only in the leader (``bot.scheduling.leader``); it builds every channel's
  digest, whichever platform, and queues it for the process that serves the platform.
- ``/healthz`` and ``/metrics`` when ``NEWSBOT_OPS_PORT`` is set.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.background.ops_http import OpsServer
from bot.delivery.outbox import Deliverer, DeliveryWorker, Transport
from bot.scheduling.leader import Leadership
from bot.scheduling.scheduler import Scheduler

if TYPE_CHECKING:
    from apscheduler.schedulers.background import BackgroundScheduler

    from bot.core.newsbot import NewsBot

_log = logging.getLogger(__name__)


class Background:
    def __init__(
        self,
        bot: NewsBot,
        transports: dict[str, Transport],
        *,
        ops_port: int | None = None,
    ) -> None:
        settings = bot.settings
        self.bot = bot
        self.deliverer = Deliverer(bot, transports)
        self.worker = DeliveryWorker(self.deliverer, settings.delivery_interval)
        self.scheduler = Scheduler(bot, self.deliverer, None, drain=False, persistent=True)
        # RSS/Atom feeds are polled by the leader too, each on its own interval.
        self.scheduler.on_start.append(lambda scheduler: _add_feed_jobs(scheduler, bot))
        self.leadership = Leadership(
            bot.engine, self.scheduler.start, self.scheduler.shutdown, retry=settings.leader_retry
        )
        port = ops_port if ops_port is not None else settings.ops_port
        self.ops = (
            OpsServer(
                bot,
                lambda: self.leadership.state,
                host=settings.ops_host,
                port=port,
                scheduler_syncs=lambda: self.scheduler.syncs,
            )
            if port is not None
            else None
        )

    def start(self) -> Background:
        self.worker.start()
        self.leadership.start()
        if self.ops is not None:
            self.ops.start()
            _log.info("ops endpoints on %s:%d", self.bot.settings.ops_host, self.ops.port)
        # A change made in this process goes out at once, not at the next interval.
        self.bot.on_change.append(self.poke)
        return self

    def poke(self) -> None:
        self.worker.poke()
        if self.leadership.is_leader:
            self.scheduler.poke()

    def stop(self) -> None:
        if self.poke in self.bot.on_change:
            self.bot.on_change.remove(self.poke)
        if self.ops is not None:
            self.ops.stop()
        self.leadership.stop()
        self.worker.stop()


def _add_feed_jobs(scheduler: BackgroundScheduler, bot: NewsBot) -> None:
    # Imported here: feed parsing and article extraction load only in the leader.
    from bot.ingest.jobs import register_feed_jobs

    register_feed_jobs(scheduler, bot)
