"""APScheduler: one cron job per channel digest schedule, kept in the project's database.

The ``digest_schedules`` table is the source of truth (admin commands write it); the
digest jobs live in APScheduler's ``SQLAlchemyJobStore`` (table ``apscheduler_jobs``,
created by migration 0003), rebuilt from the table on start and on every sync. Only
the leader process runs this scheduler (see ``bot.scheduling.leader``); every process delivers.

Late and missed runs, on purpose:

- ``coalesce=True``: runs missed in a row become one run (down two days → one digest).
- ``misfire_grace_time`` (``NEWSBOT_DIGEST_MISFIRE_GRACE``, 6 h): a job that fires late —
  the process was busy, or just took over from a dead leader — still runs; the job
  store kept its next run time, so a bot down 08:00–08:20 posts 08:00's digest at 08:20.
- ``catch_up`` (on start and on every sync) posts, once, the latest run each channel
  missed while no process ran it (a schedule set while no bot was up; a run older than
  the grace), up to a week back.

Every run is recorded under its fire time (``DigestRun`` is unique per channel and fire
time), so the job, the catch-up, a restart and a new leader never post it twice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_RUNNING
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import func, select

from bot.core.request import ChannelRef
from bot.delivery.outbox import outbox_depth as outbox_depth
from bot.storage.engine import make_engine
from bot.storage.models import DigestRun, DigestSchedule

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot
    from bot.delivery.outbox import Deliverer

_log = logging.getLogger(__name__)

CATCH_UP_LIMIT = timedelta(days=7)
DIGESTS = "digests"  # the persistent job store's alias

# The running scheduler of this process: the pickled jobs in the database name a
# module-level function, which finds the bot through it.
_active: Scheduler | None = None
_active_lock = threading.Lock()


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


def run_digest_job(platform: str, workspace: str, channel: str, cron: str, tz: str) -> None:
    """The pickled job: plain arguments only, so any leader can load and run it."""
    scheduler = _active
    if scheduler is None:
        _log.warning("digest job for %s/%s/%s ran with no scheduler", platform, workspace, channel)
        return
    scheduler._run(ChannelRef(platform, workspace, channel), cron, tz)


class Scheduler:
    """The digest scheduler. ``platforms=None`` schedules every channel's digest (the
    leader builds them; the process serving that platform delivers them)."""

    def __init__(
        self,
        bot: NewsBot,
        deliverer: Deliverer,
        platforms: set[str] | None = None,
        *,
        drain: bool = True,
        persistent: bool = False,
    ) -> None:
        self.bot = bot
        self.deliverer = deliverer
        self.platforms = platforms
        # drain=True: this scheduler also runs the outbox every delivery_interval (a
        # process with no DeliveryWorker of its own).
        self.drain = drain
        # persistent=True: digest jobs in the database's job store. Only for a scheduler
        # run by the leader (bot.background.services.Background): two schedulers must never
        # share one job store. Without it, jobs are in memory, rebuilt from the table on start.
        self.persistent = persistent
        # Sync passes begun so far (start-up included): /healthz shows it, so a watcher can
        # tell a pass after the start-up catch-up from the catch-up itself.
        self.syncs = 0
        # Other periodic work that belongs to the one scheduling process (feed polling):
        # added to each fresh APScheduler instance this scheduler starts.
        self.on_start: list[Callable[[BackgroundScheduler], None]] = []
        self.scheduler = self._new_scheduler()
        self._used = False

    def _new_scheduler(self) -> BackgroundScheduler:
        stores = {"default": MemoryJobStore()}
        if self.persistent:
            # An engine of its own: the job store disposes of its engine when it shuts down.
            url = self.bot.engine.url.render_as_string(hide_password=False)
            stores[DIGESTS] = SQLAlchemyJobStore(engine=make_engine(url))
        return BackgroundScheduler(
            timezone="UTC",
            jobstores=stores,
            # Digest jobs that fire together (every channel at 08:00) share a few threads,
            # so that they and the delivery threads stay within the connection pool.
            executors={"default": ThreadPoolExecutor(max_workers=3)},
            job_defaults={
                "coalesce": True,
                "misfire_grace_time": self.bot.settings.digest_misfire_grace,
                "max_instances": 1,
            },
        )

    @property
    def running(self) -> bool:
        return bool(self.scheduler.running)

    def start(self) -> None:
        global _active
        with _active_lock:
            if self.scheduler.running:
                return
            if self._used:
                # Shut down before (lost leadership): APScheduler wants a fresh one.
                self.scheduler = self._new_scheduler()
            self._used = True
            _active = self
            self.scheduler.start(paused=True)
        if self.drain:
            self.scheduler.add_job(
                self.deliverer.drain,
                "interval",
                seconds=self.bot.settings.delivery_interval,
                id="outbox",
                replace_existing=True,
                next_run_time=self.bot.clock(),
            )
        self.scheduler.add_job(
            self.sync,
            "interval",
            seconds=self.bot.settings.schedule_sync_interval,
            id="sync",
            replace_existing=True,
        )
        self.sync()
        for add_jobs in self.on_start:
            add_jobs(self.scheduler)
        # Jobs loaded from the store run now if they are late (within the grace).
        self.scheduler.resume()
        self.catch_up()

    def poke(self) -> None:
        """After a change in this process: pick up schedule edits and deliver alerts now."""
        if not self.scheduler.running:
            return
        # Bring the sync job forward rather than adding a one-off job: a one-off job that
        # finishes while the scheduler shuts down makes APScheduler's thread crash.
        try:
            job = self.scheduler.get_job("sync")
            if job is not None:
                job.modify(next_run_time=datetime.now(UTC))
            if self.drain:
                outbox = self.scheduler.get_job("outbox")
                if outbox is not None:
                    outbox.modify(next_run_time=datetime.now(UTC))
        except JobLookupError:  # shutting down meanwhile: nothing to do
            pass

    def shutdown(self) -> None:
        global _active
        with _active_lock:
            if self.scheduler.running:
                if self.persistent:
                    # First take the database jobs away from the scheduler's thread (this
                    # waits for a pass in progress): a wake-up that races with shutdown
                    # would otherwise move a due job on without running it.
                    self.scheduler.remove_jobstore(DIGESTS)
                self.scheduler.shutdown(wait=False)
            if _active is self:
                _active = None

    def _wanted(self, schedule: DigestSchedule) -> bool:
        return self.platforms is None or schedule.platform in self.platforms

    def sync(self) -> None:
        """Makes the jobs match the schedules table, whoever changed it (chat, CLI, another
        process), then posts any run missed meanwhile."""
        self.syncs += 1
        with self.bot.session() as session:
            schedules = session.scalars(select(DigestSchedule)).all()
        wanted = {
            job_id(s.platform, s.workspace, s.channel): s for s in schedules if self._wanted(s)
        }
        store = DIGESTS if self.persistent else "default"
        for job in self.scheduler.get_jobs(jobstore=store):
            if job.id.startswith("digest:") and job.id not in wanted:
                job.remove()
        for jid, s in wanted.items():
            trigger = trigger_for(s)
            job = self.scheduler.get_job(jid, jobstore=store)
            args = [s.platform, s.workspace, s.channel, s.cron, s.timezone]
            if job is not None and str(job.trigger) == str(trigger) and list(job.args) == args:
                continue
            self.scheduler.add_job(
                run_digest_job,
                trigger,
                args=args,
                id=jid,
                name=f"digest {s.platform}/{s.workspace}/{s.channel}",
                jobstore=store,
                replace_existing=True,
            )
        if self.scheduler.state == STATE_RUNNING:  # not while paused in start()
            self.catch_up()

    def _run(self, where: ChannelRef, cron: str, tz: str) -> None:
        trigger = CronTrigger.from_crontab(cron, timezone=ZoneInfo(tz))
        now = self.bot.clock()
        fire = latest_fire_time(
            trigger, now, now - timedelta(seconds=self.bot.settings.digest_misfire_grace)
        )
        if fire is not None and post_digest(self.bot, where, fire):
            _log.info("digest for %s queued (fire time %s)", where, fire.isoformat())
            # With a delivery worker of its own, the process was poked by post_digest.
            if self.drain:
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
            if not self._wanted(s):
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
        if posted and self.drain:
            self.deliverer.drain()
        return posted
