"""digests worth opening: what each digest showed, item end dates, display names

Revision ID: 0005g
Revises: 0005t
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.storage.models

revision = "0005g"
down_revision = "0005t"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("digest_runs") as batch:
        batch.add_column(sa.Column("contents", sa.JSON(), nullable=True))
    with op.batch_alter_table("digest_schedules") as batch:
        batch.add_column(
            sa.Column("quiet", sa.String(length=10), server_default="line", nullable=False)
        )
    with op.batch_alter_table("tracked_items") as batch:
        batch.add_column(sa.Column("ends", sa.Date(), nullable=True))
    op.create_table(
        "display_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=230), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("seen_at", bot.storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("label"),
    )


def downgrade() -> None:
    op.drop_table("display_names")
    with op.batch_alter_table("tracked_items") as batch:
        batch.drop_column("ends")
    with op.batch_alter_table("digest_schedules") as batch:
        batch.drop_column("quiet")
    with op.batch_alter_table("digest_runs") as batch:
        batch.drop_column("contents")
