"""``newsbot run --headless``: scheduler, delivery and ops endpoints, no chat.

For servers: run it under a supervisor (systemd, a container runtime), as many copies as
you like on one PostgreSQL. It stops cleanly on SIGTERM or SIGINT: the message being
sent is finished and marked, the scheduler lock is released for the next leader.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from typing import TYPE_CHECKING, Any

from bot.background.services import Background
from bot.delivery.outbox import Transport
from bot.platforms.webhook.transport import WebhookTransport

if TYPE_CHECKING:
    from bot.config.settings import Settings
    from bot.core.newsbot import NewsBot

_log = logging.getLogger(__name__)


def server_transports(settings: Settings) -> dict[str, Transport]:
    """The platforms a headless process can deliver to without a chat connection."""
    transports: dict[str, Transport] = {}
    webhook = WebhookTransport.from_settings(settings)
    if webhook is not None:
        transports[webhook.platform] = webhook
    return transports


def run_headless(bot: NewsBot, *, ops_port: int | None = None) -> int:
    try:
        transports = server_transports(bot.settings)
    except ValueError as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return 2
    background = Background(bot, transports, ops_port=ops_port).start()
    stop = threading.Event()

    def on_signal(signum: int, _frame: Any) -> None:
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, on_signal)
    ops = f"; ops on http://{bot.settings.ops_host}:{background.ops.port}" if background.ops else ""
    platforms = ", ".join(sorted(transports)) or "no platform (scheduling only)"
    print(f"newsbot: running headless, delivering to {platforms}{ops}", file=sys.stderr, flush=True)
    try:
        while not stop.wait(1.0):
            pass
    finally:
        background.stop()
    print("newsbot: stopped", file=sys.stderr, flush=True)
    return 0
