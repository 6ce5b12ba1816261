"""Which process runs the scheduler when several share one database.

PostgreSQL: a session-level advisory lock held on a connection of its own. The process
holding it is the leader and runs the scheduler; the others try again every
``retry`` seconds. When the leader dies its connection closes and PostgreSQL releases
the lock, so a follower takes over within about ``retry`` seconds. If the leader's own
connection breaks it stops its scheduler at once: two schedulers never run together.

SQLite: one process per database file, always the leader.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.pool import NullPool

from bot.observability import metrics

_log = logging.getLogger(__name__)

LEADER, FOLLOWER, STOPPED = "leader", "follower", "stopped"


def lock_key(database: str, schema: str) -> int:
    """A signed 64-bit advisory lock key per database and schema (deployments sharing a
    PostgreSQL server in separate schemas elect their leaders separately)."""
    digest = hashlib.sha256(f"newsbot-scheduler:{database}:{schema}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class Leadership:
    def __init__(
        self,
        engine: Engine,
        on_elected: Callable[[], None],
        on_lost: Callable[[], None],
        *,
        retry: float = 2.0,
    ) -> None:
        self.engine = engine
        self.on_elected = on_elected
        self.on_lost = on_lost
        self.retry = retry
        self.state = STOPPED
        self.attempts = 0  # tries at the lock so far: a follower's proof that it is trying
        self._conn: Connection | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._changing = threading.Lock()
        self._own_engine: Engine | None = None

    @property
    def is_leader(self) -> bool:
        return self.state == LEADER

    def start(self) -> Leadership:
        self.state = FOLLOWER
        if self.engine.dialect.name != "postgresql":
            self._become_leader()
            return self
        self._thread = threading.Thread(target=self._loop, name="newsbot-leader", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(self.retry + 5)
        self._step_down()
        self._close()
        if self._own_engine is not None:
            self._own_engine.dispose()
        self.state = STOPPED

    # ------------------------------------------------------------------ internals
    def _lock_engine(self) -> Engine:
        """A connection of its own, outside the pool the rest of the process shares:
        the lock lives exactly as long as this connection."""
        if self._own_engine is None:
            self._own_engine = create_engine(
                self.engine.url, poolclass=NullPool, isolation_level="AUTOCOMMIT"
            )
        return self._own_engine

    def _loop(self) -> None:
        key: int | None = None
        while not self._stop.is_set():
            try:
                if self._conn is None:
                    conn = self._lock_engine().connect()
                    self._conn = conn
                    database, schema = conn.execute(
                        text("SELECT current_database(), current_schema()")
                    ).one()
                    key = lock_key(str(database), str(schema))
                if self.state == LEADER:
                    self._conn.execute(text("SELECT 1"))  # still connected: still holding it
                else:
                    got = self._conn.execute(
                        text("SELECT pg_try_advisory_lock(:key)"), {"key": key}
                    ).scalar()
                    self.attempts += 1
                    if got:
                        self._become_leader()
            except Exception as exc:
                _log.warning(
                    "scheduler lock connection failed (%s); %s",
                    type(exc).__name__,
                    "stepping down" if self.state == LEADER else "retrying",
                )
                self._step_down()
                self._close()
            self._stop.wait(self.retry)

    def _become_leader(self) -> None:
        with self._changing:
            if self.state == LEADER:
                return
            self.state = LEADER
            metrics.LEADER.set(1)
            _log.info("this process now runs the scheduler")
            try:
                self.on_elected()
            except Exception:
                _log.exception("starting the scheduler failed")

    def _step_down(self) -> None:
        with self._changing:
            if self.state != LEADER:
                return
            self.state = FOLLOWER if not self._stop.is_set() else STOPPED
            metrics.LEADER.set(0)
            _log.info("this process no longer runs the scheduler")
            try:
                self.on_lost()
            except Exception:
                _log.exception("stopping the scheduler failed")

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if conn.dialect.name == "postgresql" and not conn.invalidated:
                conn.execute(text("SELECT pg_advisory_unlock_all()"))
        except Exception:
            pass
        try:
            conn.invalidate()  # never back into the pool: the session might hold the lock
            conn.close()
        except Exception:
            pass
