"""Pictures on Slack: a document's carried images (a digest's map) go up as files after
its text, with their alt text. Block Kit's image block needs a public URL, which a drawn
chart does not have; ``files_upload_v2`` needs the ``files:write`` scope.

An upload Slack refuses for good (an install from before the scope was asked for) is
logged and skipped: the digest's text is already out, and a picture never holds it back.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from digests.document import Image

_log = logging.getLogger(__name__)

ALT_TEXT = 1000  # what Slack keeps of a file's alt text
# Refusals that retrying cannot fix: skip the picture, keep the message.
REFUSED = frozenset(
    {"missing_scope", "not_allowed_token_type", "file_uploads_disabled", "invalid_channel"}
)


def upload_args(channel: str, image: Image, thread: str | None = None) -> dict[str, Any]:
    filename = image.filename or "picture.png"
    args: dict[str, Any] = {
        "channel": channel,
        "file": image.png(),
        "filename": filename,
        "title": filename.rsplit(".", 1)[0].replace("-", " ").capitalize(),
        "alt_txt": image.alt[:ALT_TEXT],
    }
    if thread:
        args["thread_ts"] = thread
    return args


def refused(exc: SlackApiError) -> bool:
    """True when Slack will never take this upload: log it, and go on without it."""
    response = exc.response
    code = str(response.get("error") or "") if response is not None else ""
    if code in REFUSED:
        _log.warning("Slack refused the digest's picture (%s): sent without it", code)
        return True
    return False


async def upload_pictures(
    client: Any, channel: str, images: list[Image], thread: str | None = None
) -> None:
    """Uploads after an interactive reply; a failure is logged, the reply stands."""
    for image in images:
        try:
            await client.files_upload_v2(**upload_args(channel, image, thread))
        except SlackApiError as exc:
            if not refused(exc):
                _log.warning("could not upload %s to %s: %s", image.filename, channel, exc)
        except Exception:  # the text is out already: never fail the reply for a picture
            _log.warning("could not upload %s to %s", image.filename, channel, exc_info=True)
