"""Feed polling on the bot's scheduler: one interval job that polls the feeds due.

Each feed keeps its own interval (``feeds.next_poll_at``); the job only looks every
minute which are due, so adding or removing a feed needs no job changes. The job lives
in a memory job store of its own: it holds a reference to the running bot, which a
persistent job store could not pickle, and it is re-added on every start anyway.
"""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING

from apscheduler.jobstores.memory import MemoryJobStore
from sqlalchemy import select

from bot.storage.models import Feed

if TYPE_CHECKING:
    from apscheduler.schedulers.base import BaseScheduler

    from bot.core.newsbot import NewsBot

_log = logging.getLogger(__name__)

JOB_ID = "ingest:feeds"
JOBSTORE = "ingest"
POLL_EVERY_SECONDS = 60


def poll_feeds_job(bot: NewsBot) -> None:
    with bot.session() as session:
        if session.scalar(select(Feed.id).limit(1)) is None:
            return  # no feeds: keep feed parsing and extraction out of an idle bot's memory
    from bot.ingest.feeds import poll_due_feeds

    for result in poll_due_feeds(bot):
        _log.info("feed poll: %s", result.line())


def register_feed_jobs(scheduler: BaseScheduler, bot: NewsBot) -> None:
    """Adds the feed-polling job to a scheduler (started or not)."""
    # Registered before when the scheduler is set up again in the same process.
    with contextlib.suppress(ValueError):
        scheduler.add_jobstore(MemoryJobStore(), JOBSTORE)
    scheduler.add_job(
        poll_feeds_job,
        "interval",
        seconds=POLL_EVERY_SECONDS,
        args=[bot],
        id=JOB_ID,
        jobstore=JOBSTORE,
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=POLL_EVERY_SECONDS,
    )
