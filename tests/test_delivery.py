"""The outbox: every alert to every subscribed channel, once; retries that respect the platform."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from sqlalchemy import select

from bot.delivery.outbox import Deliverer, DeliveryError
from bot.delivery.ratelimit import RateLimiter
from bot.storage.models import AuditEntry, OutboxMessage
from digests.document import Document
from digests.render import to_text


@dataclass
class FakeTransport:
    platform: str = "test"
    sent: list[tuple[str, str, Document]] = field(default_factory=list)
    failures: list[DeliveryError] = field(default_factory=list)

    def send(self, workspace: str, channel: str, document: Document) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((workspace, channel, document))


def _rows(bot):
    with bot.session() as session:
        return session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def on_clock(bot, transports, clock, **kwargs):
    """A deliverer whose rate limiter keeps the test's time, as the outbox does."""
    limiter = RateLimiter(clock=lambda: clock.now.timestamp())
    return Deliverer(bot, transports, limiter=limiter, **kwargs)


def subscribe(chat, *channels):
    for channel in channels:
        assert "Subscribed" in chat.say("subscribe", channel=channel)


def test_a_change_reaches_every_subscribed_channel_once(bot, chat):
    subscribe(chat, "c1", "c2", "c3")
    chat.say('track update eumam-extension status=agreed source="Council press release"')
    transport = FakeTransport()
    deliverer = Deliverer(bot, {"test": transport})

    assert deliverer.drain() == 3
    assert sorted(ch for _, ch, _ in transport.sent) == ["c1", "c2", "c3"]
    alert = to_text(transport.sent[0][2])
    assert "EUMAM mandate extension" in alert
    assert "due → agreed" in alert
    assert "test:alice" in alert and "Council press release" in alert

    assert deliverer.drain() == 0  # nothing is sent twice
    assert all(r.status == "delivered" for r in _rows(bot))


def test_rate_limited_send_waits_for_retry_after_and_loses_nothing(bot, chat, clock):
    subscribe(chat, "c1")
    chat.say("track update eumam-revision status=agreed")
    transport = FakeTransport(failures=[DeliveryError("429", retry_after=30)])
    deliverer = on_clock(bot, {"test": transport}, clock)

    assert deliverer.drain() == 0
    (row,) = _rows(bot)
    # Pacing is not failure: a 429 does not use up one of the attempts.
    assert row.status == "pending" and row.attempts == 0 and "429" in row.last_error

    clock.advance(seconds=29)
    assert deliverer.drain() == 0  # too early: the platform asked for 30 s
    clock.advance(seconds=2)
    assert deliverer.drain() == 1
    assert len(transport.sent) == 1


def test_permanent_error_stops_retrying(bot, chat, clock):
    subscribe(chat, "gone", "ok")
    chat.say("track update eumam-revision status=agreed")

    class Picky(FakeTransport):
        def send(self, workspace, channel, document):
            if channel == "gone":
                raise DeliveryError("channel_not_found", permanent=True)
            super().send(workspace, channel, document)

    transport = Picky()
    deliverer = on_clock(bot, {"test": transport}, clock)
    deliverer.drain()
    clock.advance(hours=1)
    deliverer.drain()
    status = {r.channel: (r.status, r.attempts) for r in _rows(bot)}
    assert status == {"gone": ("failed", 1), "ok": ("delivered", 1)}
    assert [ch for _, ch, _ in transport.sent] == ["ok"]


def test_transient_errors_back_off_then_give_up(bot, chat, clock):
    subscribe(chat, "c1")
    chat.say("track update eumam-revision status=agreed")
    attempts = bot.settings.delivery_max_attempts
    transport = FakeTransport(failures=[DeliveryError("timeout") for _ in range(attempts)])
    deliverer = on_clock(bot, {"test": transport}, clock)
    waits = []
    for _ in range(attempts):
        deliverer.drain()
        (row,) = _rows(bot)
        waits.append((row.next_attempt_at - clock.now).total_seconds())
        clock.advance(hours=1)
    (row,) = _rows(bot)
    assert row.status == "failed" and row.attempts == attempts
    assert waits[1] > waits[0]  # exponential backoff between the first retries
    assert transport.sent == []


def test_rows_for_another_platform_wait_for_their_adapter(bot, chat):
    subscribe(chat, "c1")
    chat.say("track update eumam-revision status=agreed")
    deliverer = Deliverer(bot, {"slack": FakeTransport(platform="slack")})
    assert deliverer.drain() == 0
    assert [r.status for r in _rows(bot)] == ["pending"]


# ---------------------------------------------------------------- through the webhook
# The real WebhookTransport over HTTP to a fake platform that enforces its limits.
from dataclasses import replace  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402

import pytest  # noqa: E402

from bot.platforms.webhook.transport import WebhookTransport  # noqa: E402
from tests.conftest import ChatBot  # noqa: E402
from tests.fakes.platform_api import FakePlatformAPI  # noqa: E402


@pytest.fixture
def api():
    with FakePlatformAPI() as fake:
        yield fake


@pytest.fixture
def hooks(bot):
    """Chat as an admin of the webhook platform (its channels get the alerts)."""
    bot.settings = replace(bot.settings, admins=bot.settings.admins | {"webhook:alice"})
    return ChatBot(bot, platform="webhook", workspace="team")


def webhook_deliverer(bot, api, **kwargs):
    return Deliverer(bot, {"webhook": WebhookTransport(api.url, timeout=5)}, **kwargs)


def drain_until(deliverer, done, rounds=400):
    """Drains like the background worker does, until ``done()`` (no clock involved)."""
    import time

    for _ in range(rounds):
        deliverer.drain()
        if done():
            return True
        time.sleep(0.05)
    return False


def test_alerts_reach_the_platform_once_each_with_their_idempotency_key(bot, chat, hooks, api):
    for ch in ("news", "desk", "ops"):
        assert "Subscribed" in hooks.say("subscribe", channel=ch)
    chat.say('track update eumam-extension status=agreed source="Council press release"')
    deliverer = webhook_deliverer(bot, api)
    assert drain_until(deliverer, lambda: len(api.snapshot()) == 3)
    got = api.snapshot()
    assert sorted(m.channel for m in got) == ["desk", "news", "ops"]
    assert all(m.workspace == "team" and m.kind == "alert" for m in got)
    assert all("EUMAM mandate extension" in m.text and "agreed" in m.text for m in got)
    keys = {r.channel: r.dedupe_key for r in _rows(bot)}
    assert {m.channel: m.key for m in got} == keys
    assert api.refused == 0 and api.duplicate_attempts() == 0
    assert {r.status for r in _rows(bot)} == {"delivered"}


def test_limits_are_kept_before_the_platform_refuses(bot, chat, hooks, api):
    # Three alerts to one channel (1 message/s there) and a fan-out to 12 channels,
    # against a platform taking 10 requests/s in all.
    api.global_rate = 10
    for ch in [f"c{i:02d}" for i in range(12)]:
        hooks.say("subscribe", channel=ch)
    for status in ("agreed", "signed", "in force"):
        chat.say(f'track update eumam-extension status="{status}"')
    limiter = RateLimiter({"webhook": _limits(global_rate=10)})
    deliverer = webhook_deliverer(bot, api, limiter=limiter)
    bot.clock = lambda: datetime.now(UTC)  # a refused message waits its Retry-After for real
    assert drain_until(deliverer, lambda: len(api.snapshot()) == 36)
    # The platform hardly ever had to say no (a burst would have been refused 26 times);
    # not never: on a loaded machine two requests can still arrive closer than they left.
    assert api.refused <= 2, api.refused
    assert api.global_peak <= 11
    per_channel = api.channels()
    assert set(per_channel.values()) == {3}
    c00 = [" ".join(m.text.split()) for m in api.snapshot() if m.channel == "c00"]
    # ... and in the order they were made.
    assert ["agreed" in c00[0], "signed" in c00[1], "in force" in c00[2]] == [True] * 3, c00


def _limits(**kw):
    from bot.delivery.ratelimit import Limits

    base = {"per_channel": 1, "channel_window": 1.0, "global_rate": 50, "global_window": 1.0}
    return Limits(**{**base, **kw})


def test_a_429_waits_for_retry_after_then_delivers(bot, chat, hooks, api, clock):
    # Our limiter believes in 100 requests/s; the platform takes 2: it refuses the rest
    # with Retry-After, and those rows wait that long in the outbox, then go out.
    api.global_rate = 2
    for ch in ("a", "b", "c", "d", "e"):
        hooks.say("subscribe", channel=ch)
    chat.say("track update eumam-revision status=agreed")
    deliverer = webhook_deliverer(
        bot, api, limiter=RateLimiter({"webhook": _limits(global_rate=100)}), workers=1
    )
    deliverer.drain()
    rows = _rows(bot)
    waiting = [r for r in rows if r.status == "pending"]
    assert waiting and api.refused >= 1
    for r in waiting:
        assert "429" in r.last_error
        # Exactly as long as the platform asked (until its 1 s window has room).
        assert 0.0 < (r.next_attempt_at - clock.now).total_seconds() <= 1.0
    deliverer.drain()  # the outbox's clock has not moved: nothing is due yet
    assert len([r for r in _rows(bot) if r.status == "pending"]) == len(waiting)
    clock.advance(seconds=1.5)
    import time

    time.sleep(1.1)  # the platform's own window, in its own (real) time
    assert deliverer.drain() >= 1  # due now: the next ones go out
    # From here on real time, so that each further 429 is waited out as asked.
    bot.clock = lambda: datetime.now(UTC)
    assert drain_until(deliverer, lambda: len(api.snapshot()) == 5)
    assert sorted(api.channels()) == ["a", "b", "c", "d", "e"]
    assert deliverer.stats.rate_limited == api.refused


def test_a_channel_that_is_gone_is_reported_not_retried(bot, chat, hooks, api, clock):
    api.gone = {"deleted"}
    for ch in ("deleted", "fine"):
        hooks.say("subscribe", channel=ch)
    bot.settings = replace(bot.settings, report_channels="webhook:team/ops-alerts")
    chat.say("track update eumam-revision status=agreed")
    deliverer = webhook_deliverer(bot, api)
    assert drain_until(deliverer, lambda: len(api.snapshot()) == 2)
    clock.advance(hours=2)
    deliverer.drain()
    status = {r.channel: (r.kind, r.status, r.attempts) for r in _rows(bot)}
    assert status["deleted"] == ("alert", "failed", 1)  # one try: no retries after a 404
    assert status["fine"] == ("alert", "delivered", 1)
    assert status["ops-alerts"] == ("report", "delivered", 1)
    (report,) = [m for m in api.snapshot() if m.channel == "ops-alerts"]
    assert "Delivery failed" in report.text and "webhook/team/deleted" in report.text
    assert "404" in report.text
    with bot.session() as session:
        (entry,) = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "delivery.failed")
        ).all()
    assert entry.channel == "deleted" and entry.details["reason"] == "permanent"


def test_an_unreachable_platform_loses_nothing(bot, chat, hooks, clock):
    hooks.say("subscribe", channel="news")
    chat.say("track update eumam-revision status=agreed")
    # Nothing listens on this port (the fake is started only afterwards).
    dead = FakePlatformAPI().start()
    url = dead.url
    dead.stop()
    deliverer = Deliverer(bot, {"webhook": WebhookTransport(url, timeout=2)})
    deliverer.drain()
    (row,) = _rows(bot)
    assert row.status == "pending" and row.attempts == 1
    assert "unreachable" in row.last_error


def test_the_webhook_sends_its_token_and_reads_retry_after_as_a_date(bot, chat, hooks):
    from email.utils import format_datetime

    from bot.platforms.webhook.transport import retry_after_seconds

    hooks.say("subscribe", channel="news")
    chat.say("track update eumam-revision status=agreed")
    with FakePlatformAPI(token="s3cret-token") as api:
        wrong = Deliverer(bot, {"webhook": WebhookTransport(api.url, token="wrong", timeout=5)})
        wrong.drain()
        (row,) = _rows(bot)
        # A refused token will not get better by retrying: failed, and reported in the log.
        assert row.status == "failed" and "401" in row.last_error
        assert api.snapshot() == []
    in_a_minute = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=60)
    assert 55 <= retry_after_seconds(format_datetime(in_a_minute, usegmt=True)) <= 60
    assert retry_after_seconds("2.5") == 2.5
    assert retry_after_seconds("soon") == 1.0  # unreadable: a short, safe default


def test_the_webhook_with_the_right_token_is_let_in(bot, chat, hooks):
    hooks.say("subscribe", channel="news")
    chat.say("track update eumam-revision status=agreed")
    with FakePlatformAPI(token="s3cret-token") as api:
        right = Deliverer(
            bot, {"webhook": WebhookTransport(api.url, token="s3cret-token", timeout=5)}
        )
        assert drain_until(right, lambda: len(api.snapshot()) == 1)


def test_a_backlog_goes_out_evenly_spaced_not_in_bursts():
    """Threads with a backlog take every slot the global limit frees. Counted by a window
    alone, they took all of a window's slots the moment it opened, so the backlog went
    in bursts a window apart and a retry coming due just after a burst waited a whole
    window; spread evenly, a send waits at most one spacing."""
    from bot.delivery.ratelimit import _Window

    window = _Window(count=10, span=1.0)
    t, taken = 0.0, []
    while len(taken) < 40:  # a backlog: a send is always waiting
        wait = window.wait(t, t)
        t += wait
        window.take(t, t)
        taken.append(t)
    gaps = [b - a for a, b in itertools.pairwise(taken)]
    assert max(gaps) <= 0.1 + 1e-9  # never a window's pause between bursts
    # Any one second holds at most the limit's 10 sends.
    assert all(sum(1 for x in taken if s <= x < s + 1.0) <= 10 for s in taken)
    # After a pause nothing has banked up: the first send goes at once, the next waits.
    t += 5.0
    assert window.wait(t, t) == 0.0
    window.take(t, t)
    assert window.wait(t, t) > 0.0
    # A thread woken a little late loses its slot to nobody: the next one is sooner.
    t += 0.1 + 0.05
    window.take(t, t)
    assert window.wait(t, t) == pytest.approx(0.05)
