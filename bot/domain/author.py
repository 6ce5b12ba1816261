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
    # The name the platform shows for the user, when it gives one ("Alice Jones").
    name: str | None = None

    @property
    def label(self) -> str:
        return f"{self.platform}:{self.user}"

    @property
    def display(self) -> str:
        """How history reads: the display name when known, else the platform id."""
        return self.name or self.label
