"""Alerts: one outbox row per subscribed channel, in the transaction of the change."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, insert, select, text
from sqlalchemy.orm import Session

from bot.storage.models import OutboxMessage, Subscription, utcnow
from bot.storage.stories import Channel, following
from digests.document import Document

# A fan-out this big has the outbox's statistics brought up to date (PostgreSQL).
_FAN_OUT_ANALYZE = 1000


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
    queue_messages(
        session, [(platform, workspace, channel)], kind=kind, key=key, document=document, at=at
    )


def queue_messages(
    session: Session,
    channels: list[Channel],
    *,
    kind: str,
    key: str,
    document: Document,
    at: datetime | None = None,
) -> None:
    """One outbox row per channel, in one multi-row INSERT: an alert fans out to
    thousands of channels inside the change's transaction, and a unit-of-work object
    and a serialised document per row made that transaction seconds long."""
    if not channels:
        return
    when = at or utcnow()
    body = document.to_dict()
    # The table itself, not the mapped class: the ORM's bulk path costs more per row
    # than the INSERT (and these rows are read back by the delivery threads, never here).
    session.execute(
        insert(cast(Table, OutboxMessage.__table__)),
        [
            {
                "platform": platform,
                "workspace": workspace,
                "channel": channel,
                "kind": kind,
                "dedupe_key": f"{key}:{platform}:{workspace}:{channel}"[:200],
                "document": body,
                "created_at": when,
                "next_attempt_at": when,
            }
            for platform, workspace, channel in channels
        ],
    )
    if len(channels) >= _FAN_OUT_ANALYZE and session.get_bind().dialect.name == "postgresql":
        # The delivery threads claim these rows one by one with a query whose plan rests
        # on the table's statistics; planned on the counts from before thousands of
        # pending rows arrived, each claim scanned the queue (the first 100 s of a
        # 10,000-channel fan-out went at half the global rate). ANALYZE in the change's
        # transaction counts its own rows, and its statistics commit with them.
        session.execute(text(f"ANALYZE {OutboxMessage.__tablename__}"))


def enqueue_alert(
    session: Session,
    document: Document,
    change_key: str,
    at: datetime | None = None,
    story_id: int | None = None,
) -> int:
    """One outbox row per subscribed channel following the story changed (None: the
    first story), in the transaction of the change; an archived story alerts no one."""
    every: list[Channel] = [
        (row[0], row[1], row[2])
        for row in session.execute(
            select(Subscription.platform, Subscription.workspace, Subscription.channel).order_by(
                Subscription.id
            )
        )
    ]
    subs = following(session, story_id, every)
    queue_messages(session, subs, kind="alert", key=change_key, document=document, at=at)
    return len(subs)
