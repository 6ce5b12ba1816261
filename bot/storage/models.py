"""The database schema. Alembic migrations in ``bot/storage/migrations`` mirror it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    Unicode,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON}


class Story(Base):
    """A developing story: its topics, tracked items, articles and so its stance table.

    Actors are shared by every story; positions are per story through its topics.
    ``knowledge`` holds what is particular to the story and not a row of its own (the
    words it was named from, the language of its articles), so the engine stays the same
    for every story."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20), default="active")  # active | archived
    knowledge: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def _story_column(ondelete: str = "CASCADE") -> Mapped[int | None]:
    """The story a row belongs to. NULL on an article: stored, but filed under no story."""
    return mapped_column(ForeignKey("stories.id", ondelete=ondelete), index=True)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    source: Mapped[str] = mapped_column(String(200))  # the outlet
    url: Mapped[str | None] = mapped_column(String(2000))
    published: Mapped[date | None] = mapped_column(Date)
    body: Mapped[str] = mapped_column(Text)
    # Split once at ingest: the splitter is the slow part of every digest otherwise.
    sentences: Mapped[list[Any]] = mapped_column(default=list)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    added_by: Mapped[str | None] = mapped_column(String(200))
    added_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    story_id: Mapped[int | None] = _story_column("SET NULL")


class Actor(Base):
    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="country")
    country_code: Mapped[str | None] = mapped_column(String(2))
    description: Mapped[str | None] = mapped_column(Text)
    speaks_for_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)  # table order, for listings

    aliases: Mapped[list[ActorAlias]] = relationship(
        back_populates="actor", cascade="all, delete-orphan", order_by="ActorAlias.id"
    )
    members: Mapped[list[GroupMember]] = relationship(
        foreign_keys="GroupMember.group_id", cascade="all, delete-orphan"
    )
    speaks_for: Mapped[Actor | None] = relationship(remote_side="Actor.id")


class ActorAlias(Base):
    __tablename__ = "actor_aliases"
    __table_args__ = (UniqueConstraint("actor_id", "alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(200))

    actor: Mapped[Actor] = relationship(back_populates="aliases")


class GroupMember(Base):
    __tablename__ = "group_members"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True
    )
    member: Mapped[Actor] = relationship(foreign_keys=[member_id])


class Topic(Base):
    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    keywords: Mapped[list[Any]] = mapped_column(default=list)
    # The topic's own vocabulary beyond keywords: {"verbs": [...], "glossary": {...}}.
    lexicon: Mapped[dict[str, Any]] = mapped_column(default=dict)
    story_id: Mapped[int | None] = _story_column()


class FactKind(Base):
    __tablename__ = "fact_kinds"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    yes: Mapped[str] = mapped_column(String(200))
    no: Mapped[str] = mapped_column(String(200))
    keywords: Mapped[list[Any]] = mapped_column(default=list)
    # NULL: a fact questions may ask about in every story.
    story_id: Mapped[int | None] = _story_column()


class Stance(Base):
    """The current position of one actor on one topic; past ones live in StanceRevision."""

    __tablename__ = "stances"
    __table_args__ = (UniqueConstraint("actor_id", "topic_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"))
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    stance: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text)
    # [{"quote", "source", "date", "article", "url"}]
    evidence: Mapped[list[Any]] = mapped_column(default=list)
    # [{"text", "fact", "value", "evidence": {...}|null}]
    notes: Mapped[list[Any]] = mapped_column(default=list)
    as_of: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    actor: Mapped[Actor] = relationship()
    topic: Mapped[Topic] = relationship()
    revisions: Mapped[list[StanceRevision]] = relationship(
        back_populates="stance_row", cascade="all, delete-orphan", order_by="StanceRevision.id"
    )

    # Two admins editing one row: the second commit fails instead of overwriting.
    __mapper_args__ = {"version_id_col": version}


class StanceRevision(Base):
    """Every position a stance row has held, newest last; the current one included."""

    __tablename__ = "stance_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    stance_id: Mapped[int] = mapped_column(ForeignKey("stances.id", ondelete="CASCADE"))
    stance: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[Any]] = mapped_column(default=list)
    notes: Mapped[list[Any]] = mapped_column(default=list)
    as_of: Mapped[date | None] = mapped_column(Date)
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    diff: Mapped[dict[str, Any]] = mapped_column(default=dict)

    stance_row: Mapped[Stance] = relationship(back_populates="revisions")


class TrackedItem(Base):
    __tablename__ = "tracked_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(50))
    due: Mapped[date | None] = mapped_column(Date)
    due_label: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(500))
    aliases: Mapped[list[Any]] = mapped_column(default=list)
    evidence: Mapped[list[Any]] = mapped_column(default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    # "Mandate runs until": the end of a term, apart from the deadline in ``due``.
    ends: Mapped[date | None] = mapped_column(Date)
    story_id: Mapped[int | None] = _story_column()

    revisions: Mapped[list[ItemRevision]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="ItemRevision.id"
    )

    __mapper_args__ = {"version_id_col": version}


class ItemRevision(Base):
    """One change to a tracked item: {"field": [old, new]}, who, and on what source."""

    __tablename__ = "item_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("tracked_items.id", ondelete="CASCADE"))
    diff: Mapped[dict[str, Any]] = mapped_column(default=dict)
    changed_by: Mapped[str] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(500))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    item: Mapped[TrackedItem] = relationship(back_populates="revisions")


class Subscription(Base):
    """A channel that wants alerts."""

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("platform", "workspace", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    workspace: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(100))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StoryFollow(Base):
    """A channel's choice about one story: it follows it, or has said it does not.

    A channel with no rows follows the first active story; once it says anything, its
    rows decide (``following`` false keeps the "unfollow" so the default does not return).
    """

    __tablename__ = "story_follows"
    __table_args__ = (UniqueConstraint("platform", "workspace", "channel", "story_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    workspace: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(100))
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    following: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DigestSchedule(Base):
    __tablename__ = "digest_schedules"
    __table_args__ = (UniqueConstraint("platform", "workspace", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    workspace: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(100))
    cron: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Nothing new at fire time: "line" posts "nothing has changed since …", "skip" nothing.
    quiet: Mapped[str] = mapped_column(String(10), default="line", server_default="line")


class DigestRun(Base):
    """A digest posted (or being posted) to a channel; one per scheduled fire time."""

    __tablename__ = "digest_runs"
    __table_args__ = (UniqueConstraint("platform", "workspace", "channel", "scheduled_for"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    workspace: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(100))
    # The cron fire time of a scheduled run (unique per channel); NULL for manual ones.
    scheduled_for: Mapped[datetime | None] = mapped_column()
    trigger: Mapped[str] = mapped_column(String(20), default="manual")  # manual | schedule
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # What the digest showed (key points, positions, item states): the next digest of the
    # channel leads with what differs and does not repeat the rest. NULL for older runs.
    contents: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class OutboxMessage(Base):
    """A message waiting to be delivered to one channel; written with the change it reports."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("dedupe_key"),
        # Messages to one channel go out in order: delivery looks for an earlier pending one.
        Index("ix_outbox_channel_order", "platform", "workspace", "channel", "status", "id"),
        # The claim takes the oldest due message first (a retry before newer messages):
        # its ORDER BY read straight off this index, the due test inside it, no sort. (No
        # (status, next_attempt_at) index beside it: SQLite chose that one, read every
        # due row and sorted them — 9 ms a claim at 2,000 pending rows.)
        Index("ix_outbox_claim_oldest", "status", "id", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    workspace: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # alert | digest
    dedupe_key: Mapped[str] = mapped_column(String(200))
    document: Mapped[dict[str, Any]] = mapped_column()  # a serialised reply document
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending|delivered|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column()


class DisplayName(Base):
    """The name a platform shows for a user id, as last seen: history reads "Alice Jones"
    where it would otherwise read "slack:U024BE7LH"."""

    __tablename__ = "display_names"
    __table_args__ = (UniqueConstraint("label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(230))  # "platform:user", as in changed_by
    name: Mapped[str] = mapped_column(String(200))
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChannelPace(Base):
    """When a channel may next be sent to, shared by every delivering process.

    Written in the transaction that marks a message delivered (or puts it back), so a
    process that sees the message done also sees the channel's next allowed time: N
    processes keep one channel's rate limit together, not each on its own.
    """

    __tablename__ = "channel_pace"

    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    workspace: Mapped[str] = mapped_column(String(100), primary_key=True)
    channel: Mapped[str] = mapped_column(String(100), primary_key=True)
    next_send_at: Mapped[datetime] = mapped_column()


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    platform: Mapped[str] = mapped_column(String(20))
    workspace: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(100))
    user: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    target: Mapped[str | None] = mapped_column(String(300))
    allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


# Slack installations (one per workspace that added the app) and OAuth states: slack_sdk's
# SQLAlchemy stores (bot/platforms/slack/stores.py) read and write them. Declared here, not
# imported from slack_sdk, so every start does not pay for importing it; the columns
# must stay those the stores build, which tests/test_slack_stores.py checks.
def _slack_common() -> list[Column[Any]]:
    return [
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("client_id", String(32), nullable=False),
        Column("app_id", String(32), nullable=False),
        Column("enterprise_id", String(32)),
        Column("enterprise_name", String(200)),
    ]


def _slack_bot_columns() -> list[Column[Any]]:
    return [
        Column("bot_token", String(200)),
        Column("bot_id", String(32)),
        Column("bot_user_id", String(32)),
        Column("bot_scopes", String(1000)),
        Column("bot_refresh_token", String(200)),
        Column("bot_token_expires_at", DateTime),
    ]


SLACK_INSTALLATIONS = Table(
    "slack_installations",
    Base.metadata,
    *_slack_common(),
    Column("enterprise_url", String(200)),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    *_slack_bot_columns(),
    Column("user_id", String(32), nullable=False),
    Column("user_token", String(200)),
    Column("user_scopes", String(1000)),
    Column("user_refresh_token", String(200)),
    Column("user_token_expires_at", DateTime),
    Column("incoming_webhook_url", String(200)),
    Column("incoming_webhook_channel", String(200)),
    Column("incoming_webhook_channel_id", String(200)),
    Column("incoming_webhook_configuration_url", String(200)),
    Column("is_enterprise_install", Boolean, default=False, nullable=False),
    Column("token_type", String(32)),
    Column("installed_at", DateTime, nullable=False, default=func.now()),
    Index(
        "slack_installations_idx",
        "client_id",
        "enterprise_id",
        "team_id",
        "user_id",
        "installed_at",
    ),
)
SLACK_BOTS = Table(
    "slack_bots",
    Base.metadata,
    *_slack_common(),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    *_slack_bot_columns(),
    Column("is_enterprise_install", Boolean, default=False, nullable=False),
    Column("installed_at", DateTime, nullable=False, default=func.now()),
    Index("slack_bots_idx", "client_id", "enterprise_id", "team_id", "installed_at"),
)
SLACK_OAUTH_STATES = Table(
    "slack_oauth_states",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("state", String(200), nullable=False),
    Column("expire_at", DateTime, nullable=False),
)


# ---------------------------------------------------------------- following the story
class ArticleFingerprint(Base):
    """An article's MinHash signature, for spotting the same story from another outlet."""

    __tablename__ = "article_fingerprints"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    minhash: Mapped[list[Any]] = mapped_column()


class Proposal(Base):
    """A change an ingested article suggests, waiting for an admin (or auto-apply)."""

    __tablename__ = "proposals"
    __table_args__ = (Index("ix_proposals_status", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))  # stance | item
    target: Mapped[str] = mapped_column(String(100))  # actor key or item key
    topic: Mapped[str | None] = mapped_column(String(100))
    # stance: {"stance", "summary"}; item: {"changes": {...}}
    payload: Mapped[dict[str, Any]] = mapped_column()
    evidence: Mapped[dict[str, Any]] = mapped_column()  # {"quote", "source", "date", "url"}
    confidence: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None] = mapped_column()
    note: Mapped[str | None] = mapped_column(Text)  # why rejected, or what applying did
    story_id: Mapped[int | None] = _story_column()


class Feed(Base):
    """An RSS or Atom feed polled on its own interval."""

    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    title: Mapped[str | None] = mapped_column(String(500))
    interval_minutes: Mapped[int] = mapped_column(Integer, default=30)
    next_poll_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_polled_at: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(String(500))
    modified: Mapped[str | None] = mapped_column(String(200))
    added_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The story its items are filed under; NULL: each item goes where it fits best.
    story_id: Mapped[int | None] = _story_column("SET NULL")


class FeedEntry(Base):
    """A feed item already seen, so a poll never ingests it twice."""

    __tablename__ = "feed_entries"
    __table_args__ = (UniqueConstraint("feed_id", "entry_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"))
    entry_key: Mapped[str] = mapped_column(String(500))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(String(200))  # added | duplicate … | error …
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class IngestSetting(Base):
    """Settings admins change in chat: auto-apply threshold, the review channel."""

    __tablename__ = "ingest_settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str | None] = mapped_column(String(500))
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


# ---------------------------------------------------------------- platform events
class SeenEvent(Base):
    """A platform event already taken in (Slack's ``event_id``), so that a retry of it,
    delivered to this process or another, is acknowledged and not answered twice.
    Rows older than the platform's retry window are deleted as new ones arrive."""

    __tablename__ = "seen_events"

    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


# APScheduler's SQLAlchemyJobStore keeps the digest jobs here, pickled. Declared (in the
# library's own shape) so that a migration creates it and the schema checks know it.
apscheduler_jobs = Table(
    "apscheduler_jobs",
    Base.metadata,
    Column("id", Unicode(191), primary_key=True),
    Column("next_run_time", Float(25), index=True),
    Column("job_state", LargeBinary, nullable=False),
)
