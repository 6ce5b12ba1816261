"""scheduler job store; outbox order per channel

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 17:00:00

APScheduler's SQLAlchemyJobStore table, created here rather than by the library on
start, so that the schema has one owner and a fresh database is complete after
``upgrade``. Same columns and index as the library creates.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "apscheduler_jobs",
        sa.Column("id", sa.Unicode(length=191), nullable=False),
        sa.Column("next_run_time", sa.Float(precision=25), nullable=True),
        sa.Column("job_state", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_apscheduler_jobs_next_run_time", "apscheduler_jobs", ["next_run_time"], unique=False
    )
    # Delivery keeps each channel's messages in order by looking for an earlier pending one.
    op.create_index(
        "ix_outbox_channel_order",
        "outbox",
        ["platform", "workspace", "channel", "status", "id"],
        unique=False,
    )
    # The delivery claim's ORDER BY, read off an index instead of sorting a big fan-out.
    op.create_index("ix_outbox_claim", "outbox", ["status", "next_attempt_at", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_outbox_claim", table_name="outbox")
    op.drop_index("ix_outbox_channel_order", table_name="outbox")
    op.drop_index("ix_apscheduler_jobs_next_run_time", table_name="apscheduler_jobs")
    op.drop_table("apscheduler_jobs")
