"""Which channels of a workspace a user is in: what their Home tab shows the stories of.

Read from ``users.conversations`` (the ``channels:read`` and ``groups:read`` scopes). An
install made before those scopes were asked for, or any other refusal, gives None: the
tab then shows every active story rather than failing to open.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

_log = logging.getLogger(__name__)

# Slack gives at most 1000 channels a page; a member of more than a few thousand sees
# the stories of the first pages' channels.
PAGE = 1000
MAX_PAGES = 5


async def user_channels(client: AsyncWebClient, user: str) -> list[str] | None:
    """The ids of the channels ``user`` is a member of, or None when Slack will not say."""
    if not user:
        return None
    found: list[str] = []
    cursor = ""
    for _ in range(MAX_PAGES):
        try:
            response = await client.users_conversations(
                user=user,
                types="public_channel,private_channel",
                exclude_archived=True,
                limit=PAGE,
                cursor=cursor or None,
            )
        except (SlackApiError, SlackClientError, OSError) as exc:
            _log.info("users.conversations for %s refused: %s", user, exc)
            return None
        found.extend(str(c["id"]) for c in response.get("channels") or () if c.get("id"))
        cursor = (response.get("response_metadata") or {}).get("next_cursor") or ""
        if not cursor:
            break
    return found
