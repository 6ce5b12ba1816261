"""APScheduler: one cron job per channel digest schedule, plus the outbox worker.

The ``digest_schedules`` table is the source of truth; jobs are rebuilt from it on
start and whenever an admin changes a schedule. Each run is recorded under its cron
fire time, so a restart, a late start or a second process never posts it twice, and a
run missed while the bot was down is posted once when it comes back.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import func, select

from bot.core import ChannelRef
from bot.db.models import DigestRun, DigestSchedule, OutboxMessage

if TYPE_CHECKING:
    from bot.core import NewsBot
    from bot.delivery import Deliverer

_log = logging.getLogger(__name__)

CATCH_UP_LIMIT = timedelta(days=7)


def job_id(platform: str, workspace: str, channel: str) -> str:
    return f"digest:{platform}:{workspace}:{channel}"


def trigger_for(schedule: DigestSchedule) -> CronTrigger:
    return CronTrigger.from_crontab(schedule.cron, timezone=ZoneInfo(schedule.timezone))


def latest_fire_time(trigger: CronTrigger, now: datetime, since: datetime) -> datetime | None:
    """The last time the trigger fired in (since, now], or None."""
    fire = trigger.get_next_fire_time(None, since + timedelta(seconds=1))
    latest = None
    while fire is not None and fire <= now:
        latest = fire
        fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
    return latest


def post_digest(bot: NewsBot, where: ChannelRef, fire_time: datetime) -> bool:
    """Builds the digest and queues it for delivery, recorded under its fire time."""
    doc = bot.digest_for(where, scheduled_for=fire_time, enqueue=True)
    if doc is None:
        return False
    bot.changed()
    return True


class Scheduler:
    def __init__(self, bot: NewsBot, deliverer: Deliverer, platforms: set[str]) -> None:
        self.bot = bot
        self.deliverer = deliverer
        self.platforms = platforms
        self.scheduler = BackgroundScheduler(
            timezone="UTC",
            # Late jobs run once (coalesce) if within the grace; later ones are caught up
            # by ``catch_up`` from the run log instead.
            job_defaults={
                "coalesce": True,
                "misfire_grace_time": bot.settings.digest_misfire_grace,
                "max_instances": 1,
            },
        )

    def start(self) -> None:
        self.scheduler.start()
        self.scheduler.add_job(
            self.deliverer.drain,
            "interval",
            seconds=self.bot.settings.delivery_interval,
            id="outbox",
            replace_existing=True,
            next_run_time=self.bot.clock(),
        )
        self.scheduler.add_job(self.sync, "interval", seconds=30, id="sync", replace_existing=True)
        self.sync()
        self.catch_up()

    def poke(self) -> None:
        """After a change in this process: deliver its alerts and pick up schedule edits now."""
        if self.scheduler.running:
            self.scheduler.add_job(self._after_change)

    def _after_change(self) -> None:
        self.sync()
        self.deliverer.drain()

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    def sync(self) -> None:
        """Makes the jobs match the schedules table, whoever changed it (chat, CLI, another bot)."""
        with self.bot.session() as session:
            schedules = session.scalars(select(DigestSchedule)).all()
        wanted = {}
        for s in schedules:
            if s.platform in self.platforms:
                wanted[job_id(s.platform, s.workspace, s.channel)] = s
        for job in self.scheduler.get_jobs():
            if job.id.startswith("digest:") and job.id not in wanted:
                job.remove()
        for jid, s in wanted.items():
            trigger = trigger_for(s)
            job = self.scheduler.get_job(jid)
            if job is not None and str(job.trigger) == str(trigger):
                continue
            self.scheduler.add_job(
                self._run,
                trigger,
                args=[ChannelRef(s.platform, s.workspace, s.channel), s.cron, s.timezone],
                id=jid,
                replace_existing=True,
            )

    def _run(self, where: ChannelRef, cron: str, tz: str) -> None:
        trigger = CronTrigger.from_crontab(cron, timezone=ZoneInfo(tz))
        now = self.bot.clock()
        fire = latest_fire_time(
            trigger, now, now - timedelta(seconds=self.bot.settings.digest_misfire_grace)
        )
        if fire is not None:
            post_digest(self.bot, where, fire)
            self.deliverer.drain()

    def catch_up(self) -> int:
        """Posts, once, the latest digest each channel missed while no bot was running."""
        posted = 0
        now = self.bot.clock()
        with self.bot.session() as session:
            schedules = session.scalars(select(DigestSchedule)).all()
            last_runs = {
                (p, w, c): at
                for p, w, c, at in session.execute(
                    select(
                        DigestRun.platform,
                        DigestRun.workspace,
                        DigestRun.channel,
                        func.max(DigestRun.scheduled_for),
                    )
                    .where(DigestRun.trigger == "schedule")
                    .group_by(DigestRun.platform, DigestRun.workspace, DigestRun.channel)
                )
            }
        for s in schedules:
            if s.platform not in self.platforms:
                continue
            since = max(
                filter(
                    None,
                    [
                        last_runs.get((s.platform, s.workspace, s.channel)),
                        s.updated_at,
                        now - CATCH_UP_LIMIT,
                    ],
                )
            )
            fire = latest_fire_time(trigger_for(s), now, since)
            if fire is not None and post_digest(
                self.bot, ChannelRef(s.platform, s.workspace, s.channel), fire
            ):
                posted += 1
        if posted:
            self.deliverer.drain()
        return posted


def outbox_depth(bot: NewsBot) -> int:
    with bot.session() as session:
        return (
            session.scalar(
                select(func.count(OutboxMessage.id)).where(OutboxMessage.status == "pending")
            )
            or 0
        )
