"""Digest schedules: time zones, restarts and catch-up, each run recorded once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import select

from bot.core.request import ChannelRef
from bot.delivery.outbox import Deliverer
from bot.scheduling.scheduler import Scheduler, latest_fire_time, post_digest
from bot.storage.models import DigestRun, DigestSchedule, OutboxMessage
from digests.render import to_text
from tests.test_delivery import FakeTransport


def _digest_rows(bot):
    with bot.session() as session:
        return session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "digest").order_by(OutboxMessage.id)
        ).all()


def test_daily_schedule_follows_daylight_saving_in_its_time_zone():
    trigger = CronTrigger.from_crontab("0 8 * * *", timezone="Europe/Berlin")
    winter = latest_fire_time(
        trigger, datetime(2026, 3, 28, 12, tzinfo=UTC), datetime(2026, 3, 28, tzinfo=UTC)
    )
    summer = latest_fire_time(
        trigger, datetime(2026, 3, 29, 12, tzinfo=UTC), datetime(2026, 3, 29, tzinfo=UTC)
    )
    assert winter.astimezone(UTC).hour == 7  # 08:00 CET
    assert summer.astimezone(UTC).hour == 6  # 08:00 CEST


def test_same_fire_time_is_posted_once(bot, chat):
    where = ChannelRef("test", "w1", "c1")
    fire = datetime(2026, 11, 28, 8, tzinfo=UTC)
    assert post_digest(bot, where, fire) is True
    assert post_digest(bot, where, fire) is False  # a restart or a second process
    assert len(_digest_rows(bot)) == 1


def test_bot_down_for_two_days_posts_one_catch_up_digest(bot, chat, clock):
    chat.say("schedule daily 08:00 tz=Europe/Berlin")
    with bot.session() as session:
        row = session.scalar(select(DigestSchedule))
        row.updated_at = clock.now - timedelta(days=3)
    clock.advance(days=2)
    scheduler = Scheduler(bot, Deliverer(bot, {}), {"test"})
    assert scheduler.catch_up() == 1
    assert scheduler.catch_up() == 0  # back again: nothing more to catch up
    (row,) = _digest_rows(bot)
    with bot.session() as session:
        (run,) = session.scalars(select(DigestRun)).all()
    # The latest missed fire time, 08:00 Berlin = 07:00 UTC in winter.
    assert run.scheduled_for == datetime(2026, 11, 30, 7, tzinfo=UTC)
    assert run.trigger == "schedule"


def test_a_job_that_fires_late_posts_its_digest_once(bot, chat, clock):
    chat.say("schedule daily 08:00 tz=UTC")
    transport = FakeTransport()
    deliverer = Deliverer(bot, {"test": transport})
    scheduler = Scheduler(bot, deliverer, {"test"})
    clock.now = datetime(2026, 11, 29, 8, 20, tzinfo=UTC)  # back at 08:20
    scheduler._run(ChannelRef("test", "w1", "c1"), "0 8 * * *", "UTC")
    scheduler._run(ChannelRef("test", "w1", "c1"), "0 8 * * *", "UTC")
    assert len(transport.sent) == 1
    assert "News digest" in to_text(transport.sent[0][2])


def test_schedule_changes_become_jobs(bot, chat):
    scheduler = Scheduler(bot, Deliverer(bot, {}), {"test"})
    scheduler.scheduler.start(paused=True)
    try:
        chat.say("schedule daily 08:00 tz=Europe/Berlin", channel="c1")
        chat.say('schedule cron "30 6 * * 1-5" tz=UTC', channel="c2")
        scheduler.sync()
        jobs = {j.id: j for j in scheduler.scheduler.get_jobs()}
        assert set(jobs) == {"digest:test:w1:c1", "digest:test:w1:c2"}
        assert str(jobs["digest:test:w1:c1"].trigger.timezone) == "Europe/Berlin"
        chat.say("schedule off", channel="c1")
        scheduler.sync()
        assert [j.id for j in scheduler.scheduler.get_jobs()] == ["digest:test:w1:c2"]
    finally:
        scheduler.shutdown()


def test_digest_reports_what_changed_since_that_channels_last_digest(bot, chat, clock):
    first = chat.say("digest", channel="c1")
    assert "first digest in this channel" in first
    clock.advance(hours=1)
    chat.say('track update eumam-extension status=agreed source="Council press release"')
    clock.advance(hours=1)
    second = chat.say("digest", channel="c1")
    assert "EUMAM mandate extension: status: due → agreed" in second
    assert "Council press release" in second
    other = chat.say("digest", channel="c2")  # its first: the change is listed there too
    assert "status: due → agreed" in other
    clock.advance(hours=1)
    assert "Nothing has changed since the last digest" in chat.say("digest", channel="c1")


# ---------------------------------------------------------------- the job store, for real
# APScheduler's own loop (real time), its SQLAlchemy job store on the test database.
import threading  # noqa: E402
import time  # noqa: E402

import pytest  # noqa: E402

from bot.scheduling.leader import Leadership  # noqa: E402
from bot.scheduling.scheduler import DIGESTS, job_id  # noqa: E402
from bot.storage.models import apscheduler_jobs  # noqa: E402


def wait_for(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _a_later_pass(scheduler):
    """Returns once the scheduler has run a job added now, in a pass after the one under
    test: whatever that pass was going to run has been handed to the executor by then."""
    ran = threading.Event()
    scheduler.scheduler.add_job(ran.set, jobstore="default")
    assert ran.wait(20), "the scheduler made no further pass"


def _runs(bot):
    with bot.session() as session:
        return session.scalars(select(DigestRun).order_by(DigestRun.id)).all()


def _daily_at(bot, chat, clock, fired_minutes_ago: int):
    """A daily schedule whose time of day passed ``fired_minutes_ago`` minutes ago
    (real time: APScheduler's loop runs on the wall clock)."""
    clock.now = datetime.now(UTC).replace(microsecond=0)
    fire = (clock.now - timedelta(minutes=fired_minutes_ago)).replace(second=0)
    assert "Digest scheduled" in chat.say(f"schedule daily {fire:%H:%M} tz=UTC")
    return fire


def _go_down(bot, fire):
    """A scheduler that stored the job, then died before ``fire``: its job in the store
    still says ``fire``, as if the process had been down since just before it."""
    first = Scheduler(bot, Deliverer(bot, {}), {"test"}, persistent=True)
    first.scheduler.start(paused=True)
    first.sync()
    jid = job_id("test", "w1", "c1")
    first.scheduler.modify_job(jid, jobstore=DIGESTS, next_run_time=fire)
    first.shutdown()
    with bot.session() as session:
        stored = session.execute(select(apscheduler_jobs.c.id)).scalars().all()
    assert stored == [jid]  # in the database, not in the process


def test_down_at_eight_back_at_twenty_past_posts_that_digest_once(bot, chat, clock):
    fire = _daily_at(bot, chat, clock, fired_minutes_ago=20)
    _go_down(bot, fire)
    with bot.session() as session:
        # Edited after the fire time: the run log's catch-up has nothing to add, so what
        # posts it is APScheduler's misfire handling of the stored job.
        session.scalar(select(DigestSchedule)).updated_at = clock.now
    transport = FakeTransport()
    back = Scheduler(
        bot, Deliverer(bot, {"test": transport}), {"test"}, drain=True, persistent=True
    )
    back.start()
    try:
        assert wait_for(lambda: len(_runs(bot)) == 1)
        _a_later_pass(back)  # a second run, if there were one, would have come by now
    finally:
        back.shutdown()
    (run,) = _runs(bot)
    assert run.scheduled_for == fire and run.trigger == "schedule"
    assert len(_digest_rows(bot)) == 1
    assert len(transport.sent) == 1 and "News digest" in to_text(transport.sent[0][2])


def test_down_two_days_posts_one_catch_up_digest_from_the_job_store(bot, chat, clock):
    fire = _daily_at(bot, chat, clock, fired_minutes_ago=20)
    _go_down(bot, fire - timedelta(days=2))  # missed three runs
    with bot.session() as session:
        session.scalar(select(DigestSchedule)).updated_at = clock.now
    back = Scheduler(bot, Deliverer(bot, {}), {"test"}, drain=False, persistent=True)
    back.start()
    try:
        assert wait_for(lambda: len(_runs(bot)) >= 1)
        _a_later_pass(back)
        next_run = back.scheduler.get_job(job_id("test", "w1", "c1")).next_run_time
    finally:
        back.shutdown()
    (run,) = _runs(bot)  # coalesced: one digest, for the latest missed time
    assert run.scheduled_for == fire
    assert next_run == fire + timedelta(days=1)  # and on schedule again


def test_stored_jobs_keep_their_time_zone_across_daylight_saving(bot, chat):
    chat.say("schedule daily 08:00 tz=Europe/Berlin")
    _first = Scheduler(bot, Deliverer(bot, {}), {"test"}, persistent=True)
    _first.scheduler.start(paused=True)
    _first.sync()
    _first.shutdown()
    again = Scheduler(bot, Deliverer(bot, {}), {"test"}, persistent=True)
    again.scheduler.start(paused=True)  # loaded from the database, not re-synced
    try:
        job = again.scheduler.get_job(job_id("test", "w1", "c1"), jobstore=DIGESTS)
        before = job.trigger.get_next_fire_time(None, datetime(2026, 3, 28, 0, tzinfo=UTC))
        after = job.trigger.get_next_fire_time(None, datetime(2026, 3, 29, 0, tzinfo=UTC))
        autumn = job.trigger.get_next_fire_time(None, datetime(2026, 10, 25, 0, tzinfo=UTC))
    finally:
        again.shutdown()
    assert before.astimezone(UTC).hour == 7  # 08:00 CET
    assert after.astimezone(UTC).hour == 6  # 08:00 CEST, the day the clocks go forward
    assert autumn.astimezone(UTC).hour == 7  # back to CET
    assert job.func_ref == "bot.scheduling.scheduler:run_digest_job"


def test_only_one_of_two_processes_leads_and_the_other_takes_over(bot, settings):
    from bot.storage.engine import make_engine

    events = []
    engines = [make_engine(settings.database_url) for _ in range(2)]
    first = Leadership(
        engines[0], lambda: events.append("a up"), lambda: events.append("a down"), retry=0.2
    ).start()
    assert wait_for(lambda: first.is_leader)
    second = Leadership(
        engines[1], lambda: events.append("b up"), lambda: events.append("b down"), retry=0.2
    )
    try:
        if engines[1].dialect.name != "postgresql":
            pytest.skip("SQLite: one process per database file, always its own leader")
        second.start()
        assert wait_for(lambda: second.attempts >= 5)  # five attempts at the lock
        assert not second.is_leader and second.state == "follower"
        first.stop()  # or its process dies: the lock goes with its connection
        assert wait_for(lambda: second.is_leader, timeout=10)
        assert events == ["a up", "a down", "b up"]
    finally:
        second.stop()
        first.stop()
        for e in engines:
            e.dispose()
