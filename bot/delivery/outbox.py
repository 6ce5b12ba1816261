"""The outbox worker: delivers alerts and scheduled digests, with retries, once per row.

A row is claimed inside a transaction (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so every
process drains one outbox without two of them taking the same row), sent, and marked
delivered in the same transaction. A crash between the send and the commit leaves the
row pending: it is sent again after a restart with the same idempotency key (the row's
``dedupe_key``), which a platform that supports keys drops; elsewhere that is the
at-most-one-duplicate window per message in flight.

The claim takes only a channel's *oldest* pending message, and only once it is due and
the channel's pace (``channel_pace``, written by the transaction that sent the message
before) allows; of those, the oldest message first. So one channel's messages go out in
the order they were written, at most one of them is in flight at a time in all
processes together, and a message waiting to retry goes out at its time: nothing later
in its channel can get in its way, and a fan-out written after it does not go first.
(Claiming the earliest-due row instead let a channel's fresh message sort ahead of the
older one backing off, find it in the way, and hold the channel back; and a retry came
due behind the whole backlog of a fan-out — retries after a 1 s ``Retry-After`` came
tens of seconds late.)

Several threads drain at once (``delivery_workers``) so that a fan-out to thousands of
channels reaches the platform's global limit; a shared ``RateLimiter`` keeps every
thread of the process within that global limit before the platform has to refuse.
"""

from __future__ import annotations

import inspect
import logging
import random
import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import and_, bindparam, case, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from bot.delivery.ratelimit import RateLimiter
from bot.domain.alerts import queue_message
from bot.observability import metrics
from bot.storage.models import AuditEntry, ChannelPace, OutboxMessage
from digests.document import Document, Fields, Paragraph

if TYPE_CHECKING:
    from bot.config.settings import Settings
    from bot.core.newsbot import NewsBot

_log = logging.getLogger(__name__)

# Longest a thread holds a claimed row waiting for the platform's global limit.
MAX_GLOBAL_WAIT = 5.0
# Shortest pause of the worker between drains: a row due now but in flight in another
# process or thread is looked at again this soon.
MIN_PAUSE = 0.05


class DeliveryError(Exception):
    """A send failed. ``permanent`` stops retries; ``retry_after`` is the platform's hint.

    ``whole_platform`` marks a 429 that covers every channel (Discord's global limit).
    """

    def __init__(
        self,
        message: str,
        *,
        permanent: bool = False,
        retry_after: float | None = None,
        whole_platform: bool = False,
    ):
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after
        self.whole_platform = whole_platform


class Transport(Protocol):
    """Sends one document to one channel; sync, called from a delivery thread.

    A transport may also accept ``idempotency_key=`` (keyword): it is the outbox row's
    unique ``dedupe_key``, the same on every attempt at that row.
    """

    platform: str

    def send(self, workspace: str, channel: str, document: Document) -> None: ...


@dataclass
class DeliveryStats:
    delivered: int = 0
    retried: int = 0
    failed: int = 0
    rate_limited: int = 0


def backoff(
    attempts: int, retry_after: float | None = None, *, settings: Settings | None = None
) -> float:
    """The wait before the next attempt: the platform's hint when it gave one, else
    exponential with jitter — ``NEWSBOT_RETRY_FIRST_DELAY`` after the first failure,
    ``NEWSBOT_RETRY_FACTOR`` times longer after each next, at most
    ``NEWSBOT_RETRY_MAX_DELAY``; the jitter (down to half) spreads a fan-out's retries."""
    if retry_after is not None:
        return max(retry_after, 0.0)
    first = settings.retry_first_delay if settings else 1.0
    factor = settings.retry_factor if settings else 2.0
    ceiling = settings.retry_max_delay if settings else 900.0
    nominal = first
    for _ in range(max(attempts, 1) - 1):
        if nominal >= ceiling:
            break
        nominal *= factor
    nominal = min(nominal, ceiling)
    return random.uniform(nominal / 2, nominal)


def parse_report_channels(raw: str) -> dict[str, tuple[str, str]]:
    """``slack:T1/C2,webhook:ops/alerts`` → {"slack": ("T1", "C2"), "webhook": ("ops", …)}."""
    out: dict[str, tuple[str, str]] = {}
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        platform, _, rest = part.partition(":")
        workspace, _, channel = rest.partition("/")
        if not (platform and workspace and channel):
            _log.warning("ignoring report channel %r: use platform:workspace/channel", part)
            continue
        out[platform.strip()] = (workspace.strip(), channel.strip())
    return out


def _takes_key(transport: Transport) -> bool:
    try:
        params = inspect.signature(transport.send).parameters
    except (TypeError, ValueError):
        return False
    return "idempotency_key" in params or any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()
    )


class Deliverer:
    def __init__(
        self,
        bot: NewsBot,
        transports: dict[str, Transport],
        *,
        limiter: RateLimiter | None = None,
        workers: int | None = None,
    ) -> None:
        self.bot = bot
        self.transports = transports
        self.limiter = limiter or RateLimiter(processes=bot.settings.delivery_processes)
        self.workers = max(1, workers or bot.settings.delivery_workers)
        self.stats = DeliveryStats()
        self.report_to = parse_report_channels(bot.settings.report_channels)
        self._keyed = {name: _takes_key(t) for name, t in transports.items()}
        # One drain at a time per process: the worker loop and a change's poke may overlap.
        self._busy = threading.Lock()
        self._stats_lock = threading.Lock()
        self._in_flight: set[int] = set()  # rows this process is sending (SQLite has no row locks)
        self._in_flight_lock = threading.Lock()
        self.throttled = False  # the last drain put rows back for the global limit
        self._stopping = threading.Event()
        self._platforms = list(transports)
        self._claims: dict[tuple[str, bool], Any] = {}
        self._paces: dict[str, Any] = {}

    # ------------------------------------------------------------------ draining
    def drain(self, limit: int = 500) -> int:
        """Delivers due rows for the platforms this process serves; returns how many went out."""
        if not self.transports or not self._busy.acquire(blocking=False):
            return 0
        try:
            self.throttled = False
            budget = _Budget(limit)
            if self.workers == 1:
                return self._drain_thread(budget)
            threads = [
                threading.Thread(target=self._drain_thread, args=(budget,), daemon=True)
                for _ in range(self.workers)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            return budget.sent
        finally:
            self._busy.release()

    def stop(self) -> None:
        """Finish the sends in progress, start no more (a clean shutdown)."""
        self._stopping.set()

    def _drain_thread(self, budget: _Budget) -> int:
        while not self._stopping.is_set() and budget.take():
            try:
                outcome = self._deliver_one()
            except Exception:  # the database went away mid-drain: try again next round
                _log.exception("delivery pass failed")
                budget.give_back()
                return budget.sent
            if outcome is None:
                budget.give_back()
                break
            budget.add(outcome)
        return budget.sent

    def _claim_query(self, dialect: str, busy: bool) -> Any:
        """The oldest due row that heads its channel's queue and whose channel may be
        sent to now. Rows behind a channel's head wait for it, whatever their own time.

        Built once per dialect (and whether rows are in flight), with the time, the
        platforms and the rows in flight as parameters: building the statement anew
        for every message was a seventh of a delivery thread's time."""
        key = (dialect, busy)
        query = self._claims.get(key)
        if query is not None:
            return query
        now = bindparam("now", type_=OutboxMessage.__table__.c.next_attempt_at.type)
        query = select(OutboxMessage).where(
            OutboxMessage.status == "pending",
            OutboxMessage.next_attempt_at <= now,
            OutboxMessage.platform.in_(bindparam("platforms", expanding=True)),
            _heads_its_channel(OutboxMessage),
            _channel_may_send(OutboxMessage, now),
        )
        if busy:
            query = query.where(OutboxMessage.id.notin_(bindparam("busy", expanding=True)))
        # Oldest first, not earliest due: a retry that has come due goes before the rest of
        # a fan-out written after it (else it would wait for the whole backlog).
        query = query.order_by(OutboxMessage.id).limit(1)
        if dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        self._claims[key] = query
        return query

    def _claim(self, session: Session, now: Any, dialect: str) -> OutboxMessage | None:
        with self._in_flight_lock:
            busy = list(self._in_flight)
        params: dict[str, Any] = {"now": now, "platforms": self._platforms}
        if busy:
            params["busy"] = busy
        return session.scalar(self._claim_query(dialect, bool(busy)), params)

    def _deliver_one(self) -> int | None:
        """1 delivered, 0 tried (or put back), None when nothing is due."""
        now = self.bot.clock()
        claimed: int | None = None
        try:
            with self.bot.session() as session:
                dialect = session.get_bind().dialect.name
                row = self._claim(session, now, dialect)
                if row is None:
                    return None
                with self._in_flight_lock:
                    if row.id in self._in_flight:
                        return 0
                    self._in_flight.add(row.id)
                    claimed = row.id
                if dialect != "postgresql":
                    # Another thread may have sent it between our query and our claim
                    # (SQLite has no row locks): look at the row as committed now.
                    session.refresh(row)
                    if row.status != "pending" or row.next_attempt_at > now:
                        return 0
                slot = self._wait_for_slot(row)
                if slot is None:
                    self.throttled = True
                    return 0
                return self._send_row(session, row, dialect, slot)
        finally:
            # Only after the commit: until then another thread could still see it pending.
            if claimed is not None:
                with self._in_flight_lock:
                    self._in_flight.discard(claimed)

    def seconds_until_due(self) -> float | None:
        """How long until the next message this process could send may go (0 or less:
        one is due but in flight elsewhere); None when nothing waits for its platforms."""
        if not self.transports:
            return None
        due = case(
            (ChannelPace.next_send_at > OutboxMessage.next_attempt_at, ChannelPace.next_send_at),
            else_=OutboxMessage.next_attempt_at,
        )
        with self.bot.session() as session:
            soonest = session.scalar(
                select(func.min(due))
                .select_from(OutboxMessage)
                .outerjoin(ChannelPace, _pace_of(OutboxMessage))
                .where(
                    OutboxMessage.status == "pending",
                    OutboxMessage.platform.in_(list(self.transports)),
                    _heads_its_channel(OutboxMessage),
                )
            )
        if soonest is None:
            return None
        return float((soonest - self.bot.clock()).total_seconds())

    def _send_row(self, session: Session, row: OutboxMessage, dialect: str, slot: float) -> int:
        transport = self.transports[row.platform]
        try:
            return self._send(session, row, transport, dialect)
        finally:
            self.limiter.sent(row.platform, row.workspace, slot)

    def _send(
        self, session: Session, row: OutboxMessage, transport: Transport, dialect: str
    ) -> int:
        row.attempts += 1
        channel_wait = 0.0
        try:
            document = Document.from_dict(row.document)
            if self._keyed.get(row.platform):
                transport.send(  # type: ignore[call-arg]
                    row.workspace, row.channel, document, idempotency_key=row.dedupe_key
                )
            else:
                transport.send(row.workspace, row.channel, document)
        except DeliveryError as exc:
            if exc.retry_after is not None:
                # The row itself waits in the database (next_attempt_at); a platform-wide
                # 429 also holds back every other thread of this process.
                if exc.whole_platform:
                    self.limiter.penalize(row.platform, row.workspace, exc.retry_after)
                else:
                    channel_wait = exc.retry_after
                metrics.RATE_LIMITED.labels(row.platform).inc()
                self._count("rate_limited")
                if not exc.permanent:
                    # The platform pacing us is not a failed try: it must not use up the
                    # attempts (a busy minute would otherwise give up on good messages).
                    row.attempts -= 1
            self._failed(session, row, str(exc), exc.permanent, exc.retry_after)
            self._pace(session, row, dialect, channel_wait)
            return 0
        except Exception as exc:  # a bug or an unexpected client error: retry, but log it
            _log.exception("delivery of outbox row %s failed", row.id)
            self._failed(session, row, f"{type(exc).__name__}: {exc}", False, None)
            self._pace(session, row, dialect, 0.0)
            return 0
        row.status = "delivered"
        row.delivered_at = self.bot.clock()
        row.last_error = None
        self._pace(session, row, dialect, 0.0)
        metrics.DELIVERIES.labels(row.platform, row.kind).inc()
        self._count("delivered")
        return 1

    def _pace(self, session: Session, row: OutboxMessage, dialect: str, wait: float) -> None:
        """The channel's next send waits its pace from now (the platform has had this
        request by now), or the channel's ``Retry-After``: in the transaction that
        marks the row, so whoever sees the row done sees this too."""
        seconds = max(self.limiter.pace(row.platform), wait)
        until = self.bot.clock() + timedelta(seconds=seconds)
        stmt = self._paces.get(dialect)
        if stmt is None:  # built once per dialect, like the claim
            upsert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(ChannelPace)
            values = upsert.values(
                platform=bindparam("platform"),
                workspace=bindparam("workspace"),
                channel=bindparam("channel"),
                next_send_at=bindparam("until", type_=ChannelPace.__table__.c.next_send_at.type),
            )
            stmt = self._paces[dialect] = values.on_conflict_do_update(
                index_elements=["platform", "workspace", "channel"],
                set_={"next_send_at": values.excluded.next_send_at},
            )
        session.execute(
            stmt,
            {
                "platform": row.platform,
                "workspace": row.workspace,
                "channel": row.channel,
                "until": until,
            },
        )

    def _wait_for_slot(self, row: OutboxMessage) -> float | None:
        """Waits (briefly) for the global limit and returns the slot's time; None if the
        row must go back (the limit is far off, or the process is stopping).

        Threads waiting for the limit are served oldest row first: a retry that came due
        in the middle of a fan-out takes the next slot, not the last."""
        return self.limiter.acquire(
            row.platform, row.workspace, row.id, MAX_GLOBAL_WAIT, self._stopping
        )

    def _count(self, name: str) -> None:
        with self._stats_lock:
            setattr(self.stats, name, getattr(self.stats, name) + 1)

    def _failed(
        self,
        session: Session,
        row: OutboxMessage,
        error: str,
        permanent: bool,
        retry_after: float | None,
    ) -> None:
        row.last_error = error[:2000]
        if permanent or row.attempts >= self.bot.settings.delivery_max_attempts:
            row.status = "failed"
            reason = "permanent" if permanent else "exhausted"
            metrics.FAILURES.labels(row.platform, reason).inc()
            self._count("failed")
            self._report(session, row, error, reason)
            return
        row.next_attempt_at = self.bot.clock() + timedelta(
            seconds=backoff(row.attempts, retry_after, settings=self.bot.settings)
        )
        metrics.RETRIES.labels(row.platform).inc()
        self._count("retried")

    def _report(self, session: Session, row: OutboxMessage, error: str, reason: str) -> None:
        """A message that will never arrive: say so in the log, the audit log and (if
        configured) the platform's report channel — in the transaction that gives up."""
        where = f"{row.platform}/{row.workspace}/{row.channel}"
        _log.warning(
            "giving up on %s %s to %s after %d attempt(s) (%s): %s",
            row.kind,
            row.id,
            where,
            row.attempts,
            reason,
            error,
        )
        now = self.bot.clock()
        session.add(
            AuditEntry(
                at=now,
                platform=row.platform,
                workspace=row.workspace,
                channel=row.channel,
                user="newsbot",
                action="delivery.failed",
                target=row.dedupe_key[:300],
                allowed=True,
                details={
                    "kind": row.kind,
                    "outbox_id": row.id,
                    "attempts": row.attempts,
                    "reason": reason,
                    "error": error[:500],
                },
            )
        )
        target = self.report_to.get(row.platform)
        if target is None or row.kind == "report" or (row.workspace, row.channel) == target:
            return  # never report a failed report: that could loop
        title = "alert" if row.kind == "alert" else row.kind
        queue_message(
            session,
            row.platform,
            target[0],
            target[1],
            kind="report",
            key=f"report:{row.id}",
            document=Document(
                title=f"Delivery failed: {title} to {row.channel}",
                kind="report",
                blocks=[
                    Paragraph(
                        f"newsbot gave up delivering a {title} to {where} "
                        f"after {row.attempts} attempt(s)."
                    ),
                    Fields((("Reason", reason), ("Error", error[:300]))),
                ],
            ),
            at=now,
        )


def _pace_of(row: type[OutboxMessage]) -> Any:
    return and_(
        ChannelPace.platform == row.platform,
        ChannelPace.workspace == row.workspace,
        ChannelPace.channel == row.channel,
    )


def _channel_may_send(row: type[OutboxMessage], now: Any) -> Any:
    """The channel's pace allows a send now: one primary-key probe per candidate."""
    # A channel never sent to has no row: it may send (coalesce to ``now``).
    pace = select(ChannelPace.next_send_at).where(_pace_of(row)).scalar_subquery()
    return func.coalesce(pace, now) <= now


def _heads_its_channel(row: type[OutboxMessage]) -> Any:
    """No earlier message to the same channel is still pending.

    Written as "the channel's lowest pending id is this one", a correlated scalar
    subquery: the database probes the channel's index once per candidate, whatever its
    statistics say (as an anti-join, PostgreSQL planned a scan of the platform's whole
    queue per candidate on a freshly written fan-out)."""
    earlier = aliased(OutboxMessage)
    first = (
        select(func.min(earlier.id))
        .where(
            earlier.platform == row.platform,
            earlier.workspace == row.workspace,
            earlier.channel == row.channel,
            earlier.status == "pending",
        )
        .scalar_subquery()
    )
    return row.id == first


class _Budget:
    """How many more rows this drain may try, shared by its threads."""

    def __init__(self, limit: int) -> None:
        self.left = limit
        self.sent = 0
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            if self.left <= 0:
                return False
            self.left -= 1
            return True

    def give_back(self) -> None:
        with self._lock:
            self.left += 1

    def add(self, sent: int) -> None:
        with self._lock:
            self.sent += sent


class DeliveryWorker:
    """Drains the outbox in the background: every ``interval`` s, at once when poked."""

    def __init__(self, deliverer: Deliverer, interval: float) -> None:
        self.deliverer = deliverer
        self.interval = interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> DeliveryWorker:
        self._thread = threading.Thread(target=self._loop, name="newsbot-delivery", daemon=True)
        self._thread.start()
        return self

    def poke(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self.deliverer.stop()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                sent = self.deliverer.drain(limit=2000)
            except Exception:
                _log.exception("outbox drain failed; trying again in %s s", self.interval)
                sent = 0
            pause = self._pause(sent)
            self._wake.wait(pause)
            self._wake.clear()

    def _pause(self, sent: int) -> float:
        """Until the next message may go: a retry or a channel's pace is kept to its
        time (not rounded up to ``interval``); ``interval`` bounds it, for rows other
        processes write without poking this one."""
        if sent or self.deliverer.throttled:
            return MIN_PAUSE  # a full batch, or the global limit: more is waiting
        try:
            due = self.deliverer.seconds_until_due()
        except Exception:  # the database went away: the next drain logs it
            return self.interval
        if due is None:
            return self.interval
        return min(self.interval, max(MIN_PAUSE, due))


def outbox_depth(bot: NewsBot) -> int:
    with bot.session() as session:
        return (
            session.scalar(
                select(func.count(OutboxMessage.id)).where(OutboxMessage.status == "pending")
            )
            or 0
        )
