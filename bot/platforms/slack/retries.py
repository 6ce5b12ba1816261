"""Slack's Events API delivers at least once: an event not acknowledged in 3 seconds
(a slow start, a restart, a load balancer's hiccup) comes again with ``X-Slack-Retry-Num``
and the same ``event_id``; Socket Mode redelivers the same way. The middleware here
acknowledges a repeat at once and runs no listener for it, so a question is answered
once. It looks up the ``event_id`` rather than trusting the retry header alone: a retry
whose first delivery never reached any process is still answered.

Only events carry an ``event_id``; slash commands and button clicks are not retried by
Slack and pass through. The middleware runs after Bolt's signature check, so a forged
request can never mark an event as seen.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.core.newsbot import NewsBot
from bot.domain.events import first_sight

_log = logging.getLogger(__name__)

PLATFORM = "slack"


def _header(req: AsyncBoltRequest, name: str) -> str | None:
    values = req.headers.get(name) or []
    return values[0] if values else None


def install(app: AsyncApp, bot: NewsBot) -> None:
    """Adds the repeat check as the app's first global middleware."""

    def remember(event_id: str) -> bool:
        with bot.session() as session:
            return first_sight(session, PLATFORM, event_id, bot.clock())

    async def drop_repeats(
        req: AsyncBoltRequest, body: dict[str, Any], next: Callable[[], Awaitable[Any]]
    ) -> BoltResponse | None:
        event_id = body.get("event_id") if isinstance(body, dict) else None
        repeat = (
            isinstance(event_id, str)
            and bool(event_id)
            and not await asyncio.to_thread(remember, event_id)
        )
        if repeat:
            _log.info(
                "Slack sent event %s again (retry %s, %s): acknowledged, not answered twice",
                event_id,
                _header(req, "x-slack-retry-num") or "-",
                _header(req, "x-slack-retry-reason") or "no reason given",
            )
            return BoltResponse(status=200, body="")
        return await next()

    app.middleware(drop_repeats)
