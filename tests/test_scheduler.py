"""Digest schedules: time zones, restarts and catch-up, each run recorded once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import select

from bot.core import ChannelRef
from bot.db.models import DigestRun, DigestSchedule, OutboxMessage
from bot.delivery import Deliverer
from bot.scheduler import Scheduler, latest_fire_time, post_digest
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
