"""One alert to 10,000 subscribed channels, against a platform that enforces its limits.

The fake platform API of the tests (``tests/fakes/platform_api.py``, an aiohttp server
on 127.0.0.1) takes 1 message/s per channel and 50 requests/s in all, answering the
excess with 429 + Retry-After; newsbot delivers through its real webhook transport,
delivery threads and rate limiter (``bot.background.services.Background``, as ``newsbot run``
does). One change writes the 10,000 outbox rows; the clock runs from the start of that
change's transaction (writing the rows is part of the time) to the last message the
platform accepted.

Floor: the fewest seconds the limits allow, channels / global rate (one message per
channel, so the per-channel limit does not bind): 10,000 / 50 = 200 s.

Figures: total time, ratio to the floor, messages lost (must be 0), 429s the platform
had to send, repeated attempts, the busiest 1-second window the platform saw, peak
memory (peak RSS) of the process (newsbot and the fake server together). Headline (last line):
the ratio of total time to the floor.

    .venv/bin/python bench/bench_delivery.py [--channels N] [--rate R] [--db URL]
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _common
from sqlalchemy import func, insert, select

from bot.background.services import Background
from bot.config.settings import Settings
from bot.core.newsbot import NewsBot
from bot.domain.alerts import enqueue_alert
from bot.platforms.webhook.transport import WebhookTransport
from bot.storage.models import OutboxMessage, Subscription
from digests.document import message
from tests.fakes.platform_api import FakePlatformAPI


def rss_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    p = _common.parser(__doc__.splitlines()[0])
    p.add_argument("--channels", type=int, default=10_000)
    p.add_argument("--rate", type=int, default=50, help="the platform's global requests/s")
    p.add_argument("--workers", type=int, default=8, help="delivery threads")
    args = p.parse_args()
    print(f"bench_delivery — {_common.machine()}")
    with (
        _common.temp_database(args.db) as url,
        FakePlatformAPI(per_channel=1, channel_window=1.0, global_rate=args.rate) as api,
    ):
        print(f"database: {_common.describe_db(url)}")
        settings = Settings(database_url=url, delivery_workers=args.workers, delivery_interval=1.0)
        bot = NewsBot(settings)
        with bot.session() as session:
            session.execute(
                insert(Subscription),
                [
                    {
                        "platform": "webhook",
                        "workspace": "bench",
                        "channel": f"C{i:05d}",
                        "created_by": "bench",
                        "created_at": _common.NOW,
                    }
                    for i in range(args.channels)
                ],
            )
        rss_before = rss_peak_mib()
        background = Background(
            bot, {"webhook": WebhookTransport(api.url, timeout=10)}, ops_port=None
        )
        started = time.monotonic()
        with bot.session() as session:
            queued = enqueue_alert(
                session, message("EUMAM mandate extended", kind="alert"), "bench:1"
            )
        enqueued = time.monotonic() - started
        background.start()
        last_report = started
        try:
            while True:
                got = len(api.messages)
                now = time.monotonic()
                if got >= queued:
                    break
                if now - last_report >= 20:
                    print(f"  … {got:,}/{queued:,} after {now - started:.0f} s", flush=True)
                    last_report = now
                if now - started > 20 * args.channels / args.rate + 120:
                    print("  giving up: far slower than the limits allow")
                    break
                time.sleep(0.05)
            finished = api.messages[-1].at if api.messages else time.monotonic()
        finally:
            background.stop()
        # api.messages[].at and started are both time.monotonic() in this process.
        total = finished - started
        with bot.session() as session:
            pending = session.scalar(
                select(func.count(OutboxMessage.id)).where(OutboxMessage.status != "delivered")
            )
        keys = {m.key for m in api.messages}
        lost = queued - len(keys)
        floor = args.channels / args.rate
        bot.engine.dispose()

    print(f"channels: {args.channels:,}; platform limits: 1 msg/s/channel, {args.rate} req/s")
    print(f"delivery threads: {args.workers}")
    print(f"outbox rows written by the change: {queued:,} in {enqueued:.2f} s")
    print(f"delivered: {len(keys):,}; lost: {lost}; rows not delivered: {pending}")
    print(f"429s from the platform: {api.refused}; repeated attempts: {api.duplicate_attempts()}")
    print(f"busiest 1 s window at the platform: {api.global_peak} requests")
    print(f"total: {total:.1f} s; floor: {floor:.1f} s; achieved {len(keys) / total:.1f} msg/s")
    print(f"peak RSS: {rss_peak_mib():.0f} MiB (before the fan-out: {rss_before:.0f} MiB)")
    print(f"alerts_lost: {lost} messages")
    print(f"delivery_time_vs_floor_{args.channels}_channels: {total / floor:.3f} ratio")
    return 0 if lost == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
