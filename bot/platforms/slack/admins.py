"""Who is an admin in Slack: the user ids in ``NEWSBOT_ADMINS`` (``slack:U123``), and,
when ``SLACK_WORKSPACE_ADMINS`` is on, the workspace's own admins and owners.

Workspace roles come from ``users.info`` and are remembered for a few minutes, so a
busy channel does not cost one API call per message.
"""

from __future__ import annotations

import logging
import time

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.config.settings import Settings

_log = logging.getLogger(__name__)

ROLE_CACHE_SECONDS = 300.0


class Admins:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._roles: dict[tuple[str, str], tuple[bool, float]] = {}

    def known(self, team: str, user: str) -> bool | None:
        """Whether the user is an admin, when that is known without asking Slack (listed,
        workspace roles not consulted, or the role remembered); else None."""
        if self.settings.is_admin("slack", user):
            return True
        if not self.settings.slack_workspace_admins or not user:
            return False
        cached = self._roles.get((team, user))
        if cached is not None and cached[1] > time.monotonic():
            return cached[0]
        return None

    async def is_admin(self, client: AsyncWebClient | None, team: str, user: str) -> bool:
        known = self.known(team, user)
        if known is not None:
            return known
        if client is None:
            return False
        now = time.monotonic()
        try:
            response = await client.users_info(user=user)
        except (SlackApiError, SlackClientError, OSError) as exc:
            # Not knowing means not an admin: a change is refused, never let through.
            _log.warning("users.info for %s failed: %s", user, exc)
            return False
        info = response.get("user") or {}
        role = bool(info.get("is_admin") or info.get("is_owner") or info.get("is_primary_owner"))
        self._roles[(team, user)] = (role, now + ROLE_CACHE_SECONDS)
        return role
