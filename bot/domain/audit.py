"""The audit log: every change and every refusal, with who asked."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bot.domain.author import Author
from bot.storage.models import AuditEntry


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
