"""Three ``newsbot run --headless`` processes on one PostgreSQL, the leader killed.

Exactly one runs the scheduler; another takes over when it dies; every process
delivers; each digest is posted once and each alert delivered once.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.storage.models import DigestRun, DigestSchedule, OutboxMessage
from tests.conftest import PG_URL
from tests.fakes.platform_api import FakePlatformAPI
from tests.test_crash import WORKERS, Headless, fan_out, free_port, outbox_status, wait_for

pytestmark = pytest.mark.skipif(
    not PG_URL,
    reason="several processes share one database only on PostgreSQL (SQLite is one process "
    "per database file); set TEST_DATABASE_URL to run this",
)


def leaders(procs: list[Headless]) -> list[Headless]:
    return [p for p in procs if (p.health() or {}).get("scheduler") == "leader"]


def test_three_processes_one_scheduler_each_digest_and_alert_once(bot, tmp_path):
    digest_channels = [f"digest{i}" for i in range(4)]
    with bot.session() as session:
        for ch in digest_channels:
            # Every minute, set up well before: each leader's catch-up finds the latest
            # minute as missed, so the run log is what keeps it from posting it twice.
            session.add(
                DigestSchedule(
                    platform="webhook",
                    workspace="team",
                    channel=ch,
                    cron="* * * * *",
                    timezone="Europe/Berlin",
                    created_by="test",
                    updated_at=bot.clock() - timedelta(hours=1),
                )
            )
    with FakePlatformAPI(per_channel=1, channel_window=1.0, global_rate=50) as api:
        procs = [
            Headless(
                bot.settings.database_url,
                api,
                tmp_path,
                NEWSBOT_OPS_PORT=str(free_port()),
                # Three processes share the platform's 50/s, as the README says to set.
                NEWSBOT_DELIVERY_PROCESSES="3",
                NEWSBOT_SCHEDULE_SYNC_INTERVAL="1",
            )
            for _ in range(3)
        ]
        try:
            for p in procs:
                p.wait_ready()
            assert wait_for(lambda: len(leaders(procs)) == 1, timeout=60)
            (leader,) = leaders(procs)
            others = [p for p in procs if p is not leader]
            assert all((p.health() or {}).get("scheduler") == "follower" for p in others)
            # The leader's start-up catch-up queued one digest per channel.
            assert wait_for(lambda: len(api.channels("digest")) == len(digest_channels), timeout=60)

            keys = fan_out(bot, channels=100, alerts=1)
            wait_for(lambda: len(api.channels("alert")) >= 30, timeout=60)
            leader.kill()
            killed_at = time.monotonic()
            # A follower takes over within seconds (an upper bound, not a benchmark).
            assert wait_for(lambda: len(leaders(others)) == 1, timeout=30)
            takeover = time.monotonic() - killed_at
            print(f"takeover after {takeover:.1f} s")

            alerts = {k for k in keys if k.startswith("change:")}
            assert wait_for(
                lambda: {m.key for m in api.snapshot() if m.kind == "alert"} >= alerts,
                timeout=120,
            ), (outbox_status(bot), "".join(e for p in procs for e in p.err)[-3000:])
            # A catch-up of the new leader, if it were to post, is queued by its start-up
            # sync or by APScheduler's first wake-up: a later sync pass comes after both,
            # and once the outbox is empty what they queued has been sent.
            (new_leader,) = leaders(others)
            started = (new_leader.health() or {}).get("scheduler_syncs", 0)
            assert started >= 1
            assert wait_for(
                lambda: (new_leader.health() or {}).get("scheduler_syncs", 0) > started,
                timeout=60,
            )
            assert wait_for(lambda: outbox_status(bot).get("pending", 0) == 0, timeout=60)
        finally:
            codes = [p.stop() for p in procs if p.proc.poll() is None]
        got = api.snapshot()

    assert all(code == 0 for code in codes), "".join(e for p in procs for e in p.err)
    # Each alert once.
    alert_keys = Counter(m.key for m in got if m.kind == "alert")
    assert set(alert_keys) == alerts and set(alert_keys.values()) == {1}
    # Each digest once: one message per recorded run, no fire time posted twice.
    with bot.session() as session:
        runs = session.scalars(select(DigestRun).where(DigestRun.trigger == "schedule")).all()
        digest_rows = session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "digest")
        ).all()
    per_channel_runs = Counter(r.channel for r in runs)
    assert set(per_channel_runs) == set(digest_channels)
    assert len(digest_rows) == len(runs)
    digest_msgs = [m for m in got if m.kind == "digest"]
    assert len({m.key for m in digest_msgs}) == len(digest_msgs)  # no key shown twice
    delivered = {r.dedupe_key for r in digest_rows if r.status == "delivered"}
    assert {m.key for m in digest_msgs} == delivered
    # The only repeats: rows in flight in the killed leader, dropped by their key.
    assert api.duplicate_attempts() <= WORKERS
    status = outbox_status(bot)
    assert status.get("failed", 0) == 0
    assert "Traceback" not in "".join(e for p in procs for e in p.err)
