"""Outbox posting to Slack: the Deliverer's transport for scheduled digests and alerts.

Called from the scheduler's worker thread, so it is synchronous (slack_sdk ``WebClient``).
It never sleeps on a rate limit: a 429 becomes ``DeliveryError(retry_after=…)`` and the
Deliverer reschedules the row. A document that needs several messages remembers which
parts are out, so a retry after a 429 on part 3 sends parts 3.. only — nothing is lost
and nothing is posted twice (a restart forgets this, which can repeat parts of one
message: the outbox's at-most-one-duplicate promise).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.delivery.outbox import DeliveryError
from bot.platforms.slack.blocks import render
from bot.platforms.slack.pictures import refused, upload_args
from digests.document import Document, Image, images_of

_log = logging.getLogger(__name__)

# Errors that the same request will never get past: the outbox stops retrying them.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "account_inactive",
        "token_revoked",
        "invalid_auth",
        "not_authed",
        "team_not_found",
        "no_permission",
        "missing_scope",
        "restricted_action",
        "msg_too_long",
        "invalid_blocks",
        "no_text",
        "not_installed",
    }
)
PROGRESS_LIMIT = 1000

TokenLookup = Callable[[str], str | None]


class SlackTransport:
    platform = "slack"

    def __init__(
        self,
        token_for: TokenLookup,
        *,
        base_url: str | None = None,
        timeout: int = 30,
    ) -> None:
        self.token_for = token_for
        # slack_sdk appends the method to the base URL as it is: ".../api" needs its "/".
        self.base_url = base_url if not base_url or base_url.endswith("/") else base_url + "/"
        self.timeout = timeout
        self._clients: dict[str, WebClient] = {}
        # (destination, document hash) -> parts already posted, for split documents.
        self._progress: dict[str, int] = {}
        self._lock = threading.Lock()

    def client(self, workspace: str) -> WebClient:
        token = self.token_for(workspace)
        if not token:
            raise DeliveryError(
                f"newsbot is not installed in Slack workspace {workspace}", permanent=True
            )
        with self._lock:
            client = self._clients.get(token)
            if client is None:
                # No retry handlers: the outbox owns retries, so a message is never
                # posted twice by a client retry racing a slow response.
                client = WebClient(token=token, timeout=self.timeout, retry_handlers=[])
                if self.base_url:
                    client.base_url = self.base_url
                self._clients[token] = client
            return client

    def send(self, workspace: str, channel: str, document: Document) -> None:
        messages = render(document)
        # Pictures the document carries go up as files after its text (files:write scope).
        images = images_of(document)
        client = self.client(workspace)
        key = self._key(workspace, channel, document)
        with self._lock:
            done = self._progress.get(key, 0)
        for index in range(done, len(messages) + len(images)):
            try:
                if index < len(messages):
                    part = messages[index]
                    client.chat_postMessage(
                        channel=channel, text=part.text, blocks=part.blocks, unfurl_links=False
                    )
                else:
                    self._upload(client, channel, images[index - len(messages)])
            except SlackApiError as exc:
                raise self._error(exc, channel) from None
            except (SlackClientError, OSError) as exc:
                raise DeliveryError(f"Slack unreachable: {type(exc).__name__}: {exc}") from None
            with self._lock:
                self._progress[key] = index + 1
                if len(self._progress) > PROGRESS_LIMIT:
                    self._progress.pop(next(iter(self._progress)))
        with self._lock:
            self._progress.pop(key, None)

    @staticmethod
    def _upload(client: WebClient, channel: str, image: Image) -> None:
        try:
            client.files_upload_v2(**upload_args(channel, image))
        except SlackApiError as exc:
            if not refused(exc):  # a rate limit or an outage: retried from this upload on
                raise

    @staticmethod
    def _key(workspace: str, channel: str, document: Document) -> str:
        raw = json.dumps(document.to_dict(), sort_keys=True, ensure_ascii=False)
        return f"{workspace}/{channel}/{hashlib.sha256(raw.encode()).hexdigest()}"

    @staticmethod
    def _error(exc: SlackApiError, channel: str) -> DeliveryError:
        response = exc.response
        code = str(response.get("error") or "") if response is not None else ""
        status = getattr(response, "status_code", None)
        if status == 429 or code == "ratelimited":
            headers = getattr(response, "headers", None) or {}
            raw = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
            if isinstance(raw, list):
                raw = raw[0] if raw else None
            try:
                retry_after = float(raw) if raw is not None else 1.0
            except ValueError:
                retry_after = 1.0
            return DeliveryError(
                f"Slack rate limit on {channel}; retry after {retry_after:g} s",
                retry_after=retry_after,
            )
        if code in PERMANENT_ERRORS:
            return DeliveryError(f"Slack refused the post to {channel}: {code}", permanent=True)
        return DeliveryError(f"Slack error on {channel}: {code or status}")
