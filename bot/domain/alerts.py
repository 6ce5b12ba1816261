"""Alerts: one outbox row per subscribed channel, in the transaction of the change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.models import OutboxMessage, Subscription, utcnow
from bot.storage.stories import following
from digests.document import Document


def queue_message(
    session: Session,
    platform: str,
    workspace: str,
    channel: str,
    *,
    kind: str,
    key: str,
    document: Document,
    at: datetime | None = None,
) -> None:
    """Adds one outbox row; its dedupe key makes a second attempt at the same message fail."""
    when = at or utcnow()
    session.add(
        OutboxMessage(
            platform=platform,
            workspace=workspace,
            channel=channel,
            kind=kind,
            dedupe_key=f"{key}:{platform}:{workspace}:{channel}"[:200],
            document=document.to_dict(),
            created_at=when,
            next_attempt_at=when,
        )
    )


def enqueue_alert(
    session: Session,
    document: Document,
    change_key: str,
    at: datetime | None = None,
    story_id: int | None = None,
) -> int:
    """One outbox row per subscribed channel following the story changed (None: the
    first story), in the transaction of the change; an archived story alerts no one."""
    every = session.scalars(select(Subscription).order_by(Subscription.id)).all()
    wanted = set(
        following(session, story_id, [(s.platform, s.workspace, s.channel) for s in every])
    )
    subs = [s for s in every if (s.platform, s.workspace, s.channel) in wanted]
    for sub in subs:
        queue_message(
            session,
            sub.platform,
            sub.workspace,
            sub.channel,
            kind="alert",
            key=change_key,
            document=document,
            at=at,
        )
    return len(subs)
