"""Delivery keeps its word in real time: a retry goes out when it is due, one channel gets
at most one message per second however many processes deliver, and a fan-out drains at
the platform's limits.

A receiver of our own (the fake webhook platform) answers chosen first attempts with a
500 or a 429 ``Retry-After: 1`` and logs the arrival time of every request; the bot
delivers in real time — one process with its delivery threads here, three
``newsbot run --headless`` processes on PostgreSQL below.
"""

from __future__ import annotations

import itertools
import time
import zlib
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.delivery.outbox import Deliverer, DeliveryWorker
from bot.delivery.ratelimit import GLOBAL_SAFETY, limits_for
from bot.platforms.webhook.transport import WebhookTransport
from bot.storage.models import OutboxMessage
from tests.conftest import PG_URL
from tests.fakes.platform_api import Attempt, FakePlatformAPI
from tests.test_crash import Headless, fan_out, free_port, outbox_status, wait_for

# A retry after a 500 waits the first backoff step (at most 1 s, and the channel's 1.05 s
# pace), one after a 429 its Retry-After; it must go out within a second of that time, as
# the README says. (It came up to a second later in the three-process run while the
# global limit let sends go in bursts: a retry due just after one waited for the next.)
FIRST_BACKOFF_MAX = 2.0
ON_TIME = 1.0
# One message per second per channel (the webhook's limit), measured where it arrives.
CHANNEL_INTERVAL = limits_for("webhook").channel_window / limits_for("webhook").per_channel


def chosen(key: str | None, every: int, offset: int) -> bool:
    return key is not None and zlib.crc32(key.encode()) % every == offset


def fail_some(key: str | None, tries: int) -> tuple[int, dict[str, str]] | None:
    """About one message in six fails its first attempt with a 500, as many with a 429."""
    if tries == 0 and chosen(key, 6, 0):
        return 500, {}
    if tries == 0 and chosen(key, 6, 1):
        return 429, {"Retry-After": "1"}
    return None


def by_key(log: list[Attempt]) -> dict[str | None, list[Attempt]]:
    out: dict[str | None, list[Attempt]] = defaultdict(list)
    for a in log:
        out[a.key].append(a)
    return out


def retry_gaps(log: list[Attempt]) -> dict[int, list[float]]:
    out: dict[int, list[float]] = defaultdict(list)
    for key, tries in by_key(log).items():
        if fail_some(key, 0) is not None and len(tries) > 1:
            out[tries[0].status].append(round(tries[1].at - tries[0].at, 2))
    return {k: sorted(v) for k, v in out.items()}


def late_retries(log: list[Attempt]) -> list[tuple[str | None, int, float]]:
    """(key, status, seconds to the retry) for each injected failure retried off time."""
    late = []
    for key, tries in by_key(log).items():
        first = tries[0]
        if fail_some(key, 0) is None:
            continue  # not one the receiver was told to fail
        if len(tries) < 2:
            late.append((key, first.status, float("inf")))
            continue
        gap = tries[1].at - first.at
        due_by = (FIRST_BACKOFF_MAX if first.status == 500 else 1.0) + ON_TIME
        earliest = 1.0 if first.status == 500 else 1.0 - 0.05
        if not earliest <= gap <= due_by:
            late.append((key, first.status, round(gap, 2)))
    return late


def crowded_channels(log: list[Attempt]) -> list[tuple[str, float]]:
    """Channels that got two requests closer than the per-channel interval."""
    times: dict[str, list[float]] = defaultdict(list)
    for a in log:
        times[a.channel].append(a.at)
    out = []
    for channel, ats in times.items():
        ats.sort()
        gaps = [b - a for a, b in itertools.pairwise(ats)]
        # The bot waits its pace (5 % over the platform's) from the answer to the next
        # request; what arrives can only be further apart than that.
        if gaps and min(gaps) < CHANNEL_INTERVAL:
            out.append((channel, round(min(gaps), 3)))
    return out


def in_order(api: FakePlatformAPI) -> bool:
    """Each channel got alert 0 before alert 1, as they were made."""
    seen: dict[str, list[str]] = defaultdict(list)
    for m in api.snapshot():
        seen[m.channel].append(m.key or "")
    return all(keys == sorted(keys) for keys in seen.values())


def test_retries_go_out_on_time_and_channels_keep_their_pace(bot, tmp_path):
    """Two alerts to each of 40 channels; a sixth of the first attempts fail. The bug this
    guards against: a channel's second alert sorted ahead of its first one waiting to
    retry, found it in the way, and held the channel back — retries came seconds late."""
    bot.clock = lambda: datetime.now(UTC)
    with FakePlatformAPI(per_channel=1, channel_window=1.0, global_rate=50) as api:
        api.faults = fail_some
        keys = fan_out(bot, channels=40, alerts=2)
        bot.settings = replace(bot.settings, delivery_interval=1.0)
        deliverer = Deliverer(bot, {"webhook": WebhookTransport(api.url, timeout=5)})
        worker = DeliveryWorker(deliverer, interval=1.0)
        started = time.monotonic()
        worker.start()
        try:
            assert wait_for(lambda: outbox_status(bot) == {"delivered": len(keys)}, timeout=60)
        finally:
            worker.stop()
        took = time.monotonic() - started
        log = api.attempt_log()

    injected = [a for a in log if fail_some(a.key, 0) is not None]
    assert len({a.key for a in injected}) >= 8  # the faults did fire
    assert late_retries(log) == []
    assert crowded_channels(log) == []
    assert in_order(api)
    assert {m.key for m in api.snapshot()} == keys and len(api.snapshot()) == len(keys)
    # Two messages a channel, one second apart, and a retry of 1–2 s for some of them:
    # the whole thing takes a few seconds, not the tens a channel held back would add.
    print(f"80 alerts to 40 channels with {len(injected)} failures: {took:.1f} s")
    assert took < 12, took


@pytest.mark.skipif(
    not PG_URL,
    reason="several processes share one database only on PostgreSQL; set TEST_DATABASE_URL",
)
def test_three_processes_keep_one_pace_per_channel_and_retry_on_time(bot, tmp_path):
    """600 alerts to 300 channels (two each) through three processes on one PostgreSQL,
    against a receiver answering some first attempts 500 or 429 Retry-After: 1."""
    rate = 50
    with FakePlatformAPI(per_channel=1, channel_window=1.0, global_rate=rate) as api:
        api.faults = fail_some
        procs = [
            Headless(
                bot.settings.database_url,
                api,
                tmp_path,
                NEWSBOT_OPS_PORT=str(free_port()),
                NEWSBOT_DELIVERY_PROCESSES="3",
            )
            for _ in range(3)
        ]
        try:
            for p in procs:
                p.wait_ready()
            started = time.monotonic()
            keys = fan_out(bot, channels=300, alerts=2)
            assert len(keys) == 600
            done = wait_for(lambda: outbox_status(bot) == {"delivered": 600}, timeout=180)
            took = time.monotonic() - started
        finally:
            codes = [p.stop() for p in procs]
        log = api.attempt_log()
        got = api.snapshot()

    errors = "".join(e for p in procs for e in p.err)
    assert done, (outbox_status(bot), errors[-3000:])
    assert all(code == 0 for code in codes), errors[-3000:]
    injected = {a.key for a in log if fail_some(a.key, 0) is not None}
    assert len(injected) >= 150
    print("retry gaps", retry_gaps(log))
    assert late_retries(log) == []
    assert crowded_channels(log) == []
    assert in_order(api)
    assert {m.key for m in got} == keys and len(got) == len(keys)
    # The floor: every request (the retried ones too) within the global limit, which the
    # three processes share (each keeps to a third of it, with 2 % to spare).
    floor = len(log) / (rate // 3 * 3) * GLOBAL_SAFETY
    print(f"600 alerts, 300 channels, 3 processes: {took:.1f} s, floor {floor:.1f} s")
    assert took < floor * 1.6 + 3, (took, floor)
    with bot.session() as session:
        rows = session.scalars(select(OutboxMessage)).all()
    assert {r.status for r in rows} == {"delivered"}
    assert "Traceback" not in errors
