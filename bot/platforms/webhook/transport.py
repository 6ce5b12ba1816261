"""The generic webhook platform: POSTs each message as JSON to one URL.

For teams whose chat tool newsbot has no adapter for (or a relay of their own): every
outbox row for platform ``webhook`` becomes

    POST NEWSBOT_WEBHOOK_URL
    Content-Type: application/json
    Idempotency-Key: <the outbox row's unique key, the same on every retry>
    Authorization: Bearer NEWSBOT_WEBHOOK_TOKEN          (when set)

    {"workspace": …, "channel": …, "kind": "alert"|"digest"|…, "text": plain text,
     "document": the neutral document as JSON,
     "images": [{"filename": "stance-map.png", "content_type": "image/png",
                 "alt": what it shows, "data": the PNG as base64}]}

``images`` lists the pictures the document carries (a digest's map), once more beside
the document's own ``image`` blocks, so a relay can post them without reading blocks.

The receiver answers 2xx when it has the message (also for a key it has seen: that is
how a retry after a crash is not shown twice), 429 with ``Retry-After`` to slow us
down, 404/410 when the channel is gone (permanent: no more retries, reported).
"""

from __future__ import annotations

import email.utils
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import TYPE_CHECKING

from bot.delivery.outbox import DeliveryError
from digests.document import Document, images_of
from digests.render import to_text

if TYPE_CHECKING:
    from bot.config.settings import Settings

_log = logging.getLogger(__name__)

PLATFORM = "webhook"
# Statuses that will not get better by retrying the same request.
PERMANENT = {400, 401, 403, 404, 405, 410, 413, 422}


def retry_after_seconds(value: str | None, default: float = 1.0) -> float:
    """``Retry-After`` as seconds: a number, or an HTTP date."""
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, when.timestamp() - time.time())


class WebhookTransport:
    platform = PLATFORM

    def __init__(self, url: str, *, token: str | None = None, timeout: float = 10.0) -> None:
        self.url = url
        self.token = token
        self.timeout = timeout

    @classmethod
    def from_settings(cls, settings: Settings) -> WebhookTransport | None:
        if not settings.webhook_url:
            return None
        scheme = urllib.parse.urlsplit(settings.webhook_url).scheme
        if scheme not in ("http", "https") or "://" not in settings.webhook_url:
            raise ValueError(
                "NEWSBOT_WEBHOOK_URL must be an http:// or https:// URL, "
                "e.g. https://relay.example.org/newsbot"
            )
        return cls(
            settings.webhook_url, token=settings.webhook_token, timeout=settings.webhook_timeout
        )

    def send(
        self,
        workspace: str,
        channel: str,
        document: Document,
        *,
        idempotency_key: str | None = None,
    ) -> None:
        body = json.dumps(
            {
                "workspace": workspace,
                "channel": channel,
                "kind": document.kind,
                "text": to_text(document),
                "document": document.to_dict(),
                "images": [
                    {
                        "filename": i.filename,
                        "content_type": "image/png",
                        "alt": i.alt,
                        "data": i.data,
                    }
                    for i in images_of(document)
                ],
            },
            ensure_ascii=False,
        ).encode()
        headers = {"Content-Type": "application/json", "User-Agent": "newsbot"}
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            raise self._error(exc) from None
        except (urllib.error.URLError, OSError) as exc:  # refused, reset, timed out
            reason = getattr(exc, "reason", exc)
            raise DeliveryError(f"webhook unreachable: {reason}") from None

    def _error(self, exc: urllib.error.HTTPError) -> DeliveryError:
        status = exc.code
        try:
            detail = exc.read(500).decode("utf-8", "replace").strip()
        except OSError:
            detail = ""
        finally:
            exc.close()
        text = f"webhook answered {status}" + (f": {detail}" if detail else "")
        if status == 429:
            scope = (exc.headers.get("X-RateLimit-Scope") or "").lower()
            return DeliveryError(
                text,
                retry_after=retry_after_seconds(exc.headers.get("Retry-After")),
                whole_platform=scope == "global",
            )
        if status in PERMANENT:
            return DeliveryError(text, permanent=True)
        return DeliveryError(text)  # 5xx and anything unexpected: try again later
