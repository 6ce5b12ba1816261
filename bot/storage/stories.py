"""Reads about stories: which exist, which is the first, which a channel follows.

The first story (the lowest id that is still active) is the one a channel follows until
it says otherwise, and the one rows made without a story (a topic, a tracked item) belong
to. An article without a story is unfiled: it belongs to none.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from bot.storage.models import (
    Article,
    DigestSchedule,
    Stance,
    Story,
    StoryFollow,
    Subscription,
    Topic,
    TrackedItem,
)

ACTIVE = "active"
ARCHIVED = "archived"


def all_stories(session: Session) -> list[Story]:
    return list(session.scalars(select(Story).order_by(Story.id)))


def first_story(session: Session) -> Story | None:
    """The story channels follow by default: the oldest active one (else the oldest)."""
    stories = all_stories(session)
    return next((s for s in stories if s.status == ACTIVE), stories[0] if stories else None)


def story_by_key(session: Session, key: str) -> Story | None:
    return session.scalar(select(Story).where(Story.key == key.strip().casefold()))


def of_story(
    column: InstrumentedAttribute[int | None], story_id: int | None, first_id: int | None
) -> ColumnElement[bool]:
    """The rows of one story; rows made without a story count as the first story's."""
    if story_id is not None and story_id == first_id:
        return or_(column == story_id, column.is_(None))
    return column == story_id


def followed_ids(session: Session, platform: str, workspace: str, channel: str) -> list[int]:
    """The active stories a channel follows, oldest first; the first story if it never said."""
    rows = session.scalars(
        select(StoryFollow).where(
            StoryFollow.platform == platform,
            StoryFollow.workspace == workspace,
            StoryFollow.channel == channel,
        )
    ).all()
    active = {s.id for s in all_stories(session) if s.status == ACTIVE}
    if not rows:
        first = first_story(session)
        return [first.id] if first is not None and first.id in active else []
    return sorted(r.story_id for r in rows if r.following and r.story_id in active)


def story_counts(session: Session) -> dict[int, dict[str, int]]:
    """Per story id: its articles, the actors holding a position in it, its tracked items,
    and the channels following it (channels the bot knows of that never chose count for
    the first story)."""
    first = first_story(session)
    first_id = first.id if first is not None else None
    out: dict[int, dict[str, int]] = {}
    for story in all_stories(session):
        sid = story.id
        out[sid] = {
            "articles": session.scalar(
                select(func.count(Article.id)).where(Article.story_id == sid)
            )
            or 0,
            "actors": session.scalar(
                select(func.count(func.distinct(Stance.actor_id)))
                .join(Topic, Stance.topic_id == Topic.id)
                .where(of_story(Topic.story_id, sid, first_id))
            )
            or 0,
            "items": session.scalar(
                select(func.count(TrackedItem.id)).where(
                    of_story(TrackedItem.story_id, sid, first_id)
                )
            )
            or 0,
            "followers": 0,
        }
    for channel in known_channels(session):
        for sid in followed_ids(session, *channel):
            out[sid]["followers"] += 1
    return out


def known_channels(session: Session) -> list[tuple[str, str, str]]:
    """Every channel the bot has rows for: subscribed, scheduled, or having chosen stories."""
    seen: dict[tuple[str, str, str], None] = {}
    for model in (StoryFollow, Subscription, DigestSchedule):
        for row in session.execute(select(model.platform, model.workspace, model.channel)):
            seen[(row[0], row[1], row[2])] = None
    return list(seen)


Channel = tuple[str, str, str]


def following(session: Session, story_id: int | None, channels: list[Channel]) -> list[Channel]:
    """Those of ``channels`` that follow the story (None: the first story), in two queries
    however many channels there are: an alert fans out to thousands."""
    stories = all_stories(session)
    active = {s.id for s in stories if s.status == ACTIVE}
    first = next((s for s in stories if s.status == ACTIVE), stories[0] if stories else None)
    if story_id is None:
        story_id = first.id if first is not None else None
    if story_id not in active:
        return []
    chosen: dict[Channel, set[int]] = {}
    for row in session.execute(
        select(
            StoryFollow.platform,
            StoryFollow.workspace,
            StoryFollow.channel,
            StoryFollow.story_id,
            StoryFollow.following,
        )
    ):
        ids = chosen.setdefault((row[0], row[1], row[2]), set())
        if row[4]:
            ids.add(row[3])
    is_first = first is not None and story_id == first.id
    return [c for c in channels if (story_id in chosen[c] if c in chosen else is_first)]


def followed_in(session: Session, platform: str, workspace: str, channels: list[str]) -> list[int]:
    """The active stories any of ``channels`` follows, oldest first, in two queries however
    many channels there are (a member of hundreds opens the Home tab). A channel that never
    chose follows the first story."""
    stories = all_stories(session)
    active = [s.id for s in stories if s.status == ACTIVE]
    first = active[0] if active else None
    chosen: dict[str, set[int]] = {}
    wanted = set(channels)
    for channel, story_id, follows in session.execute(
        select(StoryFollow.channel, StoryFollow.story_id, StoryFollow.following).where(
            StoryFollow.platform == platform, StoryFollow.workspace == workspace
        )
    ):
        if channel in wanted:
            ids = chosen.setdefault(channel, set())
            if follows:
                ids.add(story_id)
    found: set[int] = set()
    for channel in wanted:
        if channel in chosen:
            found |= chosen[channel]
        elif first is not None:
            found.add(first)
    return [i for i in active if i in found]
