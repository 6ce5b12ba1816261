"""Stories: naming one, archiving one, and which stories a channel follows.

Following is per channel: a channel that never said anything follows the first story;
its first ``follow`` or ``unfollow`` writes its choice down, and from then on its rows
decide (an ``unfollow`` is kept as a row, so the default does not come back).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.audit import audit
from bot.domain.author import Author
from bot.domain.errors import ChangeError, NothingChanged
from bot.storage.models import Story, StoryFollow
from bot.storage.stories import ACTIVE, ARCHIVED, all_stories, followed_ids


class UnknownStory(ChangeError):
    """No story has that key (or title): the message lists those there are."""


def resolve_story(session: Session, name: str) -> Story:
    """The story a key or title names (any case); UnknownStory names the keys there are."""
    wanted = " ".join(name.split()).casefold()
    stories = all_stories(session)
    for story in stories:
        if wanted in (story.key.casefold(), story.title.casefold()):
            return story
    keys = ", ".join(s.key for s in stories) or "none yet"
    raise UnknownStory(f"No story “{name}”. Stories: {keys} (see `story list`).")


def archive_story(session: Session, who: Author, story: Story) -> None:
    """Stops the story's digests and alerts; its rows and history stay."""
    if story.status == ARCHIVED:
        raise NothingChanged(f"“{story.title}” is already archived.")
    story.status = ARCHIVED
    audit(session, who, "story.archive", story.key)


def set_following(session: Session, who: Author, story: Story, following: bool) -> None:
    """``follow`` / ``unfollow`` in the channel ``who`` typed it in."""
    where = (who.platform, who.workspace, who.channel)
    now = followed_ids(session, *where)
    if following and story.status != ACTIVE:
        raise ChangeError(f"“{story.title}” is archived: it has no more digests or alerts.")
    if (story.id in now) == following:
        state = "already follows" if following else "does not follow"
        raise NothingChanged(f"This channel {state} “{story.title}”.")
    rows = {
        r.story_id: r
        for r in session.scalars(
            select(StoryFollow).where(
                StoryFollow.platform == who.platform,
                StoryFollow.workspace == who.workspace,
                StoryFollow.channel == who.channel,
            )
        )
    }
    # The first choice a channel makes writes down the default it had until then.
    for story_id in now:
        if story_id not in rows:
            rows[story_id] = _row(session, who, story_id)
    row = rows.get(story.id) or _row(session, who, story.id)
    row.following = following
    audit(session, who, "follow" if following else "unfollow", story.key)


def _row(session: Session, who: Author, story_id: int) -> StoryFollow:
    row = StoryFollow(
        platform=who.platform,
        workspace=who.workspace,
        channel=who.channel,
        story_id=story_id,
        following=True,
        created_by=who.label,
        created_at=who.at,
    )
    session.add(row)
    return row
