"""Outbox posting to Discord channels: ``bot.delivery.outbox.Deliverer`` calls ``send`` from the
scheduler's worker thread; the message goes out on the client's own event loop.

Every message is created with a nonce derived from the outbox row's key (and the part's
number, for a document split over several messages), and discord.py asks Discord to
enforce it (``enforce_nonce``): a resend of the same part within Discord's nonce window
(a few minutes) returns the message created the first time instead of posting another.
So a crash between Discord accepting a message and the row being marked delivered costs
no duplicate when the row is retried within that window.

discord.py waits out short rate limits itself; a longer one (beyond the client's
``max_ratelimit_timeout``) comes back to the outbox as a retry with Discord's hint. A
channel the bot cannot see or that no longer exists is a permanent failure: retrying
cannot help, and the outbox row records why.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import json
import logging
from typing import Any

import aiohttp
import discord

from bot.delivery.outbox import DeliveryError
from bot.platforms.discord.buttons import view_for
from bot.platforms.discord.render import NO_MENTIONS, files_for, render
from digests.document import Document

_log = logging.getLogger(__name__)

PLATFORM = "discord"
# How long the worker thread waits for one document to go out. Longer than discord.py's
# own rate-limit waits (capped at max_ratelimit_timeout, 30 s), so those finish first.
SEND_TIMEOUT = 90.0


def nonce_for(key: str, part: int) -> str:
    """The nonce of one message: the same for every attempt at one outbox row's part,
    different for every other. Discord takes up to 25 characters; this is at most 19
    digits (63 bits of a SHA-256)."""
    digest = hashlib.sha256(f"{key}\x00{part}".encode()).digest()
    return str(int.from_bytes(digest[:8], "big") >> 1)


def delivery_error(exc: Exception) -> DeliveryError:
    """A Discord or network failure as the outbox understands it."""
    if isinstance(exc, discord.RateLimited):
        return DeliveryError(
            f"rate limited for {exc.retry_after:.0f} s", retry_after=exc.retry_after
        )
    if isinstance(exc, discord.Forbidden):
        return DeliveryError(f"no access to the channel: {exc.text or exc}", permanent=True)
    if isinstance(exc, discord.NotFound):
        return DeliveryError(f"channel not found (deleted?): {exc.text or exc}", permanent=True)
    if isinstance(exc, discord.HTTPException):
        if exc.status == 429:
            header = exc.response.headers.get("Retry-After") if exc.response else None
            try:
                retry_after = float(header) if header else None
            except ValueError:
                retry_after = None
            return DeliveryError("rate limited", retry_after=retry_after)
        # Any other 4xx will fail the same way next time (a bad payload, a bad id).
        permanent = 400 <= exc.status < 500 and exc.status != 408
        return DeliveryError(f"Discord said {exc.status}: {exc.text or exc}", permanent=permanent)
    return DeliveryError(f"{type(exc).__name__}: {exc}")


class DiscordTransport:
    platform = PLATFORM

    def __init__(
        self,
        client: discord.Client,
        *,
        timeout: float = SEND_TIMEOUT,
    ) -> None:
        self.client = client
        self.timeout = timeout
        # Parts of a split document already posted, by channel and content: a retry after
        # part 2 failed starts at part 2, so part 1 is not sent again. In memory only: after
        # a restart the nonces keep a repeated part from showing twice (within Discord's
        # window; beyond it, a part may repeat, never go missing).
        self._posted: dict[str, int] = {}

    def send(
        self,
        workspace: str,
        channel: str,
        document: Document,
        *,
        idempotency_key: str | None = None,
    ) -> None:
        try:
            channel_id = int(channel)
            guild_id = int(workspace) if workspace.isdigit() else None
        except ValueError:
            raise DeliveryError(f"not a Discord channel id: {channel!r}", permanent=True) from None
        # Logged in means the HTTP session and the loop exist; the gateway is not needed.
        if self.client.user is None or self.client.is_closed():
            raise DeliveryError("the Discord client is not logged in yet")
        future = asyncio.run_coroutine_threadsafe(
            self.post(channel_id, guild_id, document, idempotency_key), self.client.loop
        )
        try:
            future.result(self.timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise DeliveryError(f"no answer from Discord within {self.timeout:.0f} s") from None

    async def post(
        self,
        channel_id: int,
        guild_id: int | None,
        document: Document,
        idempotency_key: str | None = None,
    ) -> None:
        """Posts every part of the document; raises DeliveryError when one fails. Without
        an idempotency key (a send outside the outbox) discord.py picks random nonces."""
        messages = render(document)
        key = hashlib.sha256(
            json.dumps([channel_id, document.to_dict()], sort_keys=True).encode()
        ).hexdigest()
        target = self.client.get_partial_messageable(channel_id, guild_id=guild_id)
        view = view_for(document)
        for n in range(self._posted.get(key, 0), len(messages)):
            options: dict[str, Any] = {"embeds": messages[n], "allowed_mentions": NO_MENTIONS}
            if idempotency_key is not None:
                options["nonce"] = nonce_for(idempotency_key, n)  # discord.py enforces it
            if view is not None and n == len(messages) - 1:  # buttons under it all
                options["view"] = view
            files = files_for(document, messages[n])  # a digest's map, shown in its embed
            if files:
                options["files"] = files
            try:
                await target.send(**options)
            except (discord.DiscordException, aiohttp.ClientError, OSError) as exc:
                error = delivery_error(exc)
                _log.warning("posting to Discord channel %s failed: %s", channel_id, error)
                if error.permanent:
                    self._posted.pop(key, None)
                raise error from exc
            self._posted[key] = n + 1
        self._posted.pop(key, None)
