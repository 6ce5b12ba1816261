"""The outbox worker: delivers alerts and scheduled digests, with retries, exactly once per row.

A row is claimed inside a transaction (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so
several processes can drain one outbox), sent, and marked delivered in the same
transaction. A crash between the send and the commit leaves the row pending: it is
sent again after a restart — at most one duplicate, never a loss.
"""

from __future__ import annotations

import logging
import random
import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import select

from bot.db.models import OutboxMessage
from digests.document import Document

if TYPE_CHECKING:
    from bot.core import NewsBot

_log = logging.getLogger(__name__)


class DeliveryError(Exception):
    """A send failed. ``permanent`` stops retries; ``retry_after`` is the platform's hint."""

    def __init__(self, message: str, *, permanent: bool = False, retry_after: float | None = None):
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after


class Transport(Protocol):
    platform: str

    def send(self, workspace: str, channel: str, document: Document) -> None: ...


@dataclass
class DeliveryStats:
    delivered: int = 0
    retried: int = 0
    failed: int = 0


def backoff(attempts: int, retry_after: float | None = None) -> float:
    """Exponential backoff with full jitter, 1 s to 15 min; the platform's hint wins."""
    if retry_after is not None:
        return max(retry_after, 0.0)
    ceiling = min(900.0, 2.0 ** min(attempts, 10))
    return random.uniform(ceiling / 2, ceiling)


class Deliverer:
    def __init__(self, bot: NewsBot, transports: dict[str, Transport]) -> None:
        self.bot = bot
        self.transports = transports
        self.stats = DeliveryStats()
        # One drain at a time per process: the interval job and a change's poke may overlap.
        self._busy = threading.Lock()

    def drain(self, limit: int = 500) -> int:
        """Delivers due rows for the platforms this process serves; returns how many went out."""
        if not self.transports or not self._busy.acquire(blocking=False):
            return 0
        try:
            sent = 0
            for _ in range(limit):
                outcome = self._deliver_one()
                if outcome is None:
                    break
                sent += outcome
            return sent
        finally:
            self._busy.release()

    def _deliver_one(self) -> int | None:
        now = self.bot.clock()
        with self.bot.session() as session:
            query = (
                select(OutboxMessage)
                .where(
                    OutboxMessage.status == "pending",
                    OutboxMessage.next_attempt_at <= now,
                    OutboxMessage.platform.in_(list(self.transports)),
                )
                .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
                .limit(1)
            )
            if session.bind is not None and session.bind.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            row = session.scalar(query)
            if row is None:
                return None
            transport = self.transports[row.platform]
            row.attempts += 1
            try:
                transport.send(row.workspace, row.channel, Document.from_dict(row.document))
            except DeliveryError as exc:
                self._failed(row, str(exc), exc.permanent, exc.retry_after)
                return 0
            except Exception as exc:  # a bug or an unexpected client error: retry, but log it
                _log.exception("delivery of outbox row %s failed", row.id)
                self._failed(row, f"{type(exc).__name__}: {exc}", False, None)
                return 0
            row.status = "delivered"
            row.delivered_at = self.bot.clock()
            row.last_error = None
            self.stats.delivered += 1
            return 1

    def _failed(
        self, row: OutboxMessage, error: str, permanent: bool, retry_after: float | None
    ) -> None:
        row.last_error = error[:2000]
        if permanent or row.attempts >= self.bot.settings.delivery_max_attempts:
            row.status = "failed"
            self.stats.failed += 1
            _log.warning("giving up on %s/%s: %s", row.platform, row.channel, error)
            return
        row.next_attempt_at = self.bot.clock() + timedelta(
            seconds=backoff(row.attempts, retry_after)
        )
        self.stats.retried += 1
