"""channel pace shared by every process; the claim takes the oldest due message

Revision ID: 0005d
Revises: 0005g

Delivery keeps a platform's per-channel rate limit in the database rather than in each
process's memory, so that several processes delivering for one bot keep it together.
The claim now takes the oldest due message first (not the earliest due), so its index
leads with the id; the (status, next_attempt_at) index goes, as SQLite preferred it and
then sorted every due row.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.storage.models

revision = "0005d"
down_revision = "0005g"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "channel_pace",
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("workspace", sa.String(length=100), nullable=False),
        sa.Column("channel", sa.String(length=100), nullable=False),
        sa.Column("next_send_at", bot.storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("platform", "workspace", "channel"),
    )
    op.drop_index("ix_outbox_claim", table_name="outbox")
    op.drop_index("ix_outbox_pending", table_name="outbox")
    op.create_index(
        "ix_outbox_claim_oldest", "outbox", ["status", "id", "next_attempt_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_claim_oldest", table_name="outbox")
    op.create_index("ix_outbox_pending", "outbox", ["status", "next_attempt_at"], unique=False)
    op.create_index("ix_outbox_claim", "outbox", ["status", "next_attempt_at", "id"], unique=False)
    op.drop_table("channel_pace")
