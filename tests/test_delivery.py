"""The outbox: every alert to every subscribed channel, once; retries that respect the platform."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from bot.db.models import OutboxMessage
from bot.delivery import Deliverer, DeliveryError
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
    deliverer = Deliverer(bot, {"test": transport})

    assert deliverer.drain() == 0
    (row,) = _rows(bot)
    assert row.status == "pending" and row.attempts == 1 and "429" in row.last_error

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
    deliverer = Deliverer(bot, {"test": transport})
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
    deliverer = Deliverer(bot, {"test": transport})
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
