"""The audit log: every change and every refusal, with who asked."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.domain.author import Author
from bot.storage.models import AuditEntry, DisplayName


def audit(
    session: Session,
    who: Author,
    action: str,
    target: str | None,
    details: dict[str, Any] | None = None,
    *,
    allowed: bool = True,
) -> None:
    session.add(
        AuditEntry(
            platform=who.platform,
            workspace=who.workspace,
            channel=who.channel,
            user=who.user,
            at=who.at,
            action=action,
            target=target,
            allowed=allowed,
            details=details or {},
        )
    )
    if who.name:
        remember_name(session, who)


def remember_name(session: Session, who: Author) -> None:
    """The user's display name as last seen, so history can show it instead of an id."""
    row = session.scalar(select(DisplayName).where(DisplayName.label == who.label))
    if row is None:
        try:
            # A savepoint: another process adding the same user first must not undo the change.
            with session.begin_nested():
                session.add(DisplayName(label=who.label, name=who.name, seen_at=who.at))
        except IntegrityError:
            pass
    elif row.name != who.name:
        row.name, row.seen_at = who.name or row.name, who.at
