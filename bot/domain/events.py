"""Platform events taken in once: a retried delivery of the same event is recognised,
whichever process it reaches (the table is shared like the rest of the database)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.storage.models import SeenEvent

# Slack retries an event three times within about five minutes; an hour is ample.
KEEP_FOR = timedelta(hours=1)


def first_sight(session: Session, platform: str, event_id: str, now: datetime) -> bool:
    """Records the event; False when it was recorded before (a retry or a replay).

    The insert runs in a savepoint: when two processes race on one event, one insert wins
    and the other's primary-key clash means "seen" without spoiling its transaction.
    """
    if session.get(SeenEvent, (platform, event_id)) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(SeenEvent(platform=platform, event_id=event_id, seen_at=now))
    except IntegrityError:
        return False
    session.execute(delete(SeenEvent).where(SeenEvent.seen_at < now - KEEP_FOR))
    return True
