"""stories: a stories table, the story of each topic, item, article, proposal, feed and
fact, and the stories each channel follows; an existing database's one story carried over

Revision ID: 0005s
Revises: 0005d
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.storage.models

revision = "0005s"
down_revision = "0005d"
branch_labels = None
depends_on = None

# The story a database made before stories existed was about (the seeded first story).
FIRST_KEY = "trainers-coalition"
FIRST_TITLE = "Macron's coalition to send Western military trainers to Ukraine"

# table → what a deleted story does to its rows
STORY_COLUMNS = {
    "articles": "SET NULL",
    "topics": "CASCADE",
    "fact_kinds": "CASCADE",
    "tracked_items": "CASCADE",
    "proposals": "CASCADE",
    "feeds": "SET NULL",
}


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("knowledge", sa.JSON(), nullable=False),
        sa.Column("created_at", bot.storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_table(
        "story_follows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("workspace", sa.String(length=100), nullable=False),
        sa.Column("channel", sa.String(length=100), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("following", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", bot.storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "workspace", "channel", "story_id"),
    )
    # SQLite cannot add a foreign key to a table in place: batch mode copies the table.
    for table, ondelete in STORY_COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("story_id", sa.Integer(), nullable=True))
            batch.create_foreign_key(
                f"fk_{table}_story_id", "stories", ["story_id"], ["id"], ondelete=ondelete
            )
            batch.create_index(f"ix_{table}_story_id", ["story_id"], unique=False)
    _carry_over_the_first_story()


def _carry_over_the_first_story() -> None:
    """Every row of a database that already holds a story becomes the first story's."""
    conn = op.get_bind()
    has_rows = any(
        conn.execute(sa.text(f"SELECT 1 FROM {table} LIMIT 1")).first() is not None
        for table in ("topics", "tracked_items", "articles")
    )
    if not has_rows:
        return  # an empty database: the seeds create the first story
    stories = sa.table(
        "stories",
        sa.column("key", sa.String),
        sa.column("title", sa.String),
        sa.column("status", sa.String),
        sa.column("knowledge", sa.JSON),
        sa.column("created_at", bot.storage.models.UTCDateTime(timezone=True)),
    )
    conn.execute(
        stories.insert().values(
            key=FIRST_KEY,
            title=FIRST_TITLE,
            status="active",
            knowledge={},
            created_at=bot.storage.models.utcnow(),
        )
    )
    story_id = conn.execute(
        sa.text("SELECT id FROM stories WHERE key = :key"), {"key": FIRST_KEY}
    ).scalar_one()
    for table in ("articles", "topics", "fact_kinds", "tracked_items", "proposals"):
        conn.execute(sa.text(f"UPDATE {table} SET story_id = :id"), {"id": story_id})


def downgrade() -> None:
    for table in STORY_COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_story_id")
            batch.drop_constraint(f"fk_{table}_story_id", type_="foreignkey")
            batch.drop_column("story_id")
    op.drop_table("story_follows")
    op.drop_table("stories")
