"""``/healthz`` and ``/metrics`` for a supervisor, a load balancer and Prometheus.

A small threaded HTTP server from the standard library, bound to ``NEWSBOT_OPS_HOST``
(127.0.0.1 by default: put it behind your own proxy to expose it) on
``NEWSBOT_OPS_PORT``. It only reads: nothing here can change the bot.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import func, select

from bot.observability import metrics
from bot.storage.models import OutboxMessage

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot

_log = logging.getLogger(__name__)


def health(
    bot: NewsBot,
    scheduler_state: Callable[[], str],
    scheduler_syncs: Callable[[], int] | None = None,
) -> tuple[bool, dict[str, Any]]:
    """(healthy, report): the database answers; who runs the scheduler (and, in the
    leader, how many sync passes it has made); the outbox."""
    report: dict[str, Any] = {"scheduler": scheduler_state()}
    if scheduler_syncs is not None and report["scheduler"] == "leader":
        report["scheduler_syncs"] = scheduler_syncs()
    try:
        with bot.session() as session:
            depth = session.scalar(
                select(func.count(OutboxMessage.id)).where(OutboxMessage.status == "pending")
            )
            oldest = session.scalar(
                select(func.min(OutboxMessage.next_attempt_at)).where(
                    OutboxMessage.status == "pending"
                )
            )
            failed = session.scalar(
                select(func.count(OutboxMessage.id)).where(OutboxMessage.status == "failed")
            )
    except Exception as exc:
        report.update(status="unhealthy", database=f"unreachable: {type(exc).__name__}")
        return False, report
    metrics.QUEUE_DEPTH.set(depth or 0)
    lag = (bot.clock() - oldest).total_seconds() if oldest is not None else 0.0
    report.update(
        status="ok",
        database="ok",
        outbox_depth=depth or 0,
        outbox_oldest_due_seconds=round(max(lag, 0.0), 1),
        outbox_failed=failed or 0,
    )
    return True, report


class OpsServer:
    def __init__(
        self,
        bot: NewsBot,
        scheduler_state: Callable[[], str],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        scheduler_syncs: Callable[[], int] | None = None,
    ) -> None:
        self.bot = bot
        self.scheduler_state = scheduler_state
        self.scheduler_syncs = scheduler_syncs
        ops = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                if path == "/healthz":
                    ok, report = health(ops.bot, ops.scheduler_state, ops.scheduler_syncs)
                    body = json.dumps(report).encode()
                    self._reply(200 if ok else 503, "application/json", body)
                elif path == "/metrics":
                    health(ops.bot, ops.scheduler_state)  # refreshes the queue-depth gauge
                    self._reply(200, CONTENT_TYPE_LATEST, generate_latest(metrics.REGISTRY))
                else:
                    self._reply(404, "text/plain; charset=utf-8", b"try /healthz or /metrics\n")

            def _reply(self, status: int, ctype: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                _log.debug("ops %s", format % args)

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def start(self) -> OpsServer:
        self._thread = threading.Thread(
            target=self.server.serve_forever, name="newsbot-ops", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self._thread is not None:
            self._thread.join(5)
