"""A message to the bot from any platform, and the channel a reply or digest goes to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Request:
    """One message to the bot, from any platform."""

    platform: str
    workspace: str
    channel: str
    user: str
    is_admin: bool
    text: str
    user_name: str | None = None


@dataclass(frozen=True)
class ChannelRef:
    platform: str
    workspace: str
    channel: str
