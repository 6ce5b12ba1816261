"""Who made a change, where and when."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.storage.models import utcnow


@dataclass(frozen=True)
class Author:
    """Who made a change, as recorded in history and the audit log."""

    platform: str
    workspace: str
    channel: str
    user: str
    # When the change happens: the bot's clock, so history, digests and tests agree.
    at: datetime = field(default_factory=utcnow)

    @property
    def label(self) -> str:
        return f"{self.platform}:{self.user}"
