"""Ingest settings admins change in chat (kept in the database, so every process agrees):
the auto-apply threshold and the channel proposals are posted to."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.domain.author import Author
from bot.storage.models import IngestSetting

AUTO_APPLY = "auto_apply"
REVIEW_CHANNEL = "review_channel"


@dataclass(frozen=True)
class ChannelKey:
    platform: str
    workspace: str
    channel: str

    def __str__(self) -> str:
        return f"{self.platform}/{self.workspace}/{self.channel}"


def get(session: Session, key: str) -> str | None:
    row = session.get(IngestSetting, key)
    return row.value if row else None


def put(session: Session, who: Author, key: str, value: str | None) -> None:
    row = session.get(IngestSetting, key)
    if row is None:
        session.add(IngestSetting(key=key, value=value, updated_by=who.label, updated_at=who.at))
    else:
        row.value, row.updated_by, row.updated_at = value, who.label, who.at


def auto_apply_threshold(session: Session) -> float | None:
    """Proposals at or above this confidence apply by themselves; None when off."""
    raw = get(session, AUTO_APPLY)
    try:
        return float(raw) if raw else None
    except ValueError:
        return None


def review_channel(session: Session) -> ChannelKey | None:
    raw = get(session, REVIEW_CHANNEL)
    if not raw or raw.count("/") < 2:
        return None
    platform, workspace, channel = raw.split("/", 2)
    return ChannelKey(platform, workspace, channel)
